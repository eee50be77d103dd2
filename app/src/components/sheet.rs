//! The panel: a bottom sheet over the map on phones (drag its handle, or
//! press it, to raise or lower it), a side panel on wide screens.

use leptos::prelude::*;

use crate::state::settings::settings;

/// Sheet heights on phones, as a share of the space below the top bar (with
/// large system text the bar grows, and the map keeps its share).
const STOPS: [f64; 3] = [0.28, 0.55, 0.9];

#[component]
pub fn Sheet(children: Children) -> impl IntoView {
    let s = settings();
    let stop = RwSignal::new(1usize);
    let drag = RwSignal::new(None::<(f64, f64)>);
    let height = RwSignal::new(None::<f64>);
    // A drag ends in a click too; only a press without movement steps the sheet.
    let moved = StoredValue::new(false);
    let screen_h = || {
        let workspace = document().query_selector(".workspace").ok().flatten();
        workspace
            .map(|w| w.get_bounding_client_rect().height())
            .filter(|h| *h > 0.0)
            .unwrap_or(800.0)
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let h = STOPS[stop.get_untracked()] * screen_h();
        drag.set(Some((ev.client_y() as f64, h)));
        moved.set_value(false);
        if let Some(target) =
            ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((y0, h0)) = drag.get_untracked() {
            if (y0 - ev.client_y() as f64).abs() < 6.0 && !moved.get_value() {
                return;
            }
            moved.set_value(true);
            height.set(Some((h0 + y0 - ev.client_y() as f64).clamp(80.0, screen_h() * 0.95)));
        }
    };
    let on_up = move |_| {
        if let (Some(_), Some(h)) = (drag.get_untracked(), height.get_untracked()) {
            let share = h / screen_h();
            let nearest = (0..STOPS.len())
                .min_by(|&a, &b| (STOPS[a] - share).abs().total_cmp(&(STOPS[b] - share).abs()))
                .unwrap_or(1);
            stop.set(nearest);
        }
        drag.set(None);
        height.set(None);
    };
    // On the root, so the map's attribution can sit just above the sheet.
    Effect::new(move |_| {
        let value = match height.get() {
            Some(h) => format!("{h:.0}px"),
            None => format!("{:.0}%", STOPS[stop.get()] * 100.0),
        };
        if let Some(root) = document()
            .document_element()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = root.style().set_property("--sheet-h", &value);
        }
    });
    view! {
        <section id="panel" class="panel" tabindex="-1" aria-label=move || s.m().panel>
            <button
                type="button"
                class="sheet-handle"
                aria-label=move || if stop.get() == STOPS.len() - 1 { s.m().panel_lower } else { s.m().panel_raise }
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
                on:click=move |_| {
                    if !moved.get_value() {
                        stop.update(|s| *s = if *s + 1 < STOPS.len() { *s + 1 } else { 0 });
                    }
                }
            >
                <span class="grip" aria-hidden="true"></span>
            </button>
            <div class="panel-body">{children()}</div>
        </section>
    }
}
