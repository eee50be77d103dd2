//! Moving the map: drag (mouse, pen or one finger), pinch (two fingers),
//! wheel, tap and double-tap, and the keyboard.

use leptos::ev::{KeyboardEvent, PointerEvent, WheelEvent};
use wasm_bindgen::JsCast;

use crate::map::frame::{schedule, settle, tap};
use crate::map::state::{Ctx, Shared};

/// Pixels a pointer may wander and still count as a tap.
const TAP_SLOP: f64 = 8.0;
/// Two taps this close in time (ms) and space (px) zoom in.
const DOUBLE_TAP_MS: f64 = 300.0;
const DOUBLE_TAP_PX: f64 = 30.0;
/// Pixels an arrow key moves the map.
const KEY_STEP: f64 = 100.0;

fn position(ev: &PointerEvent) -> (f64, f64) {
    (ev.offset_x() as f64, ev.offset_y() as f64)
}

pub fn down(map: Shared) -> impl FnMut(PointerEvent) + 'static {
    move |ev: PointerEvent| {
        let (x, y) = position(&ev);
        if let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        let mut s = map.borrow_mut();
        s.pointers.retain(|p| p.0 != ev.pointer_id());
        s.pointers.push((ev.pointer_id(), x, y));
        if s.pointers.len() == 1 {
            s.gesture.start = (x, y);
            s.gesture.moved = false;
        }
        if s.pointers.len() == 2 {
            let (a, b) = (s.pointers[0], s.pointers[1]);
            s.gesture.pinch = Some(((a.1 - b.1).hypot(a.2 - b.2), s.camera.zoom));
            s.gesture.moved = true;
        }
    }
}

pub fn drag(map: Shared, cx: Ctx) -> impl FnMut(PointerEvent) + 'static {
    move |ev: PointerEvent| {
        let (x, y) = position(&ev);
        {
            let mut s = map.borrow_mut();
            let Some(i) = s.pointers.iter().position(|p| p.0 == ev.pointer_id()) else { return };
            let (_, px, py) = s.pointers[i];
            if s.pointers.len() == 1 {
                if !s.gesture.moved
                    && (x - s.gesture.start.0).hypot(y - s.gesture.start.1) < TAP_SLOP
                {
                    return;
                }
                s.gesture.moved = true;
                s.camera.pan_by(x - px, y - py);
                s.pointers[i] = (ev.pointer_id(), x, y);
            } else if let Some((start_distance, start_zoom)) = s.gesture.pinch {
                let before_mid = mid(&s.pointers);
                s.pointers[i] = (ev.pointer_id(), x, y);
                let (a, b) = (s.pointers[0], s.pointers[1]);
                let after_mid = mid(&s.pointers);
                let distance = (a.1 - b.1).hypot(a.2 - b.2).max(1.0);
                s.camera.pan_by(after_mid.0 - before_mid.0, after_mid.1 - before_mid.1);
                s.camera.zoom_around(
                    after_mid.0,
                    after_mid.1,
                    start_zoom + (distance / start_distance.max(1.0)).log2(),
                );
            }
        }
        schedule(&map, cx);
    }
}

fn mid(pointers: &[(i32, f64, f64)]) -> (f64, f64) {
    ((pointers[0].1 + pointers[1].1) / 2.0, (pointers[0].2 + pointers[1].2) / 2.0)
}

pub fn up(map: Shared, cx: Ctx) -> impl FnMut(PointerEvent) + 'static {
    move |ev: PointerEvent| {
        let (x, y) = position(&ev);
        let (was_tap, double) = {
            let mut s = map.borrow_mut();
            let before = s.pointers.len();
            s.pointers.retain(|p| p.0 != ev.pointer_id());
            if s.pointers.len() < 2 {
                s.gesture.pinch = None;
            }
            let was_tap = before == 1 && !s.gesture.moved && ev.type_() == "pointerup";
            let now = js_sys::Date::now();
            let double = was_tap
                && s.gesture.last_tap.is_some_and(|(t, tx, ty)| {
                    now - t < DOUBLE_TAP_MS && (x - tx).hypot(y - ty) < DOUBLE_TAP_PX
                });
            s.gesture.last_tap = if was_tap && !double { Some((now, x, y)) } else { None };
            if double {
                let z = s.camera.zoom;
                s.camera.zoom_around(x, y, z + 1.0);
            }
            (was_tap, double)
        };
        if double || !was_tap {
            settle(&map, cx);
        } else {
            tap(&map, cx, x, y);
        }
    }
}

pub fn wheel(map: Shared, cx: Ctx) -> impl FnMut(WheelEvent) + 'static {
    move |ev: WheelEvent| {
        ev.prevent_default();
        // Lines (mode 1) are about 40 pixels; a notch of 100 px zooms by a third of a level.
        let scale = if ev.delta_mode() == 1 { 40.0 } else { 1.0 };
        let delta = (-ev.delta_y() * scale / 300.0).clamp(-1.0, 1.0);
        {
            let mut s = map.borrow_mut();
            let z = s.camera.zoom;
            s.camera.zoom_around(ev.offset_x() as f64, ev.offset_y() as f64, z + delta);
        }
        settle(&map, cx);
    }
}

pub fn key(map: Shared, cx: Ctx) -> impl FnMut(KeyboardEvent) + 'static {
    move |ev: KeyboardEvent| {
        let moved = {
            let mut s = map.borrow_mut();
            let (w, h, z) = (s.camera.width, s.camera.height, s.camera.zoom);
            match ev.key().as_str() {
                "ArrowLeft" => s.camera.pan_by(KEY_STEP, 0.0),
                "ArrowRight" => s.camera.pan_by(-KEY_STEP, 0.0),
                "ArrowUp" => s.camera.pan_by(0.0, KEY_STEP),
                "ArrowDown" => s.camera.pan_by(0.0, -KEY_STEP),
                "+" | "=" => s.camera.zoom_around(w / 2.0, h / 2.0, z.floor() + 1.0),
                "-" | "_" => s.camera.zoom_around(w / 2.0, h / 2.0, z.ceil() - 1.0),
                _ => return,
            }
            true
        };
        if moved {
            ev.prevent_default();
            settle(&map, cx);
        }
    }
}
