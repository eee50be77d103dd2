//! The panel: a bottom sheet over the map on phones (drag its handle, or
//! press it, to raise or lower it), a side panel on wide screens. After a
//! new question the sheet rises to its first answers and the map frames
//! them ([`show_first_answers`]).

use engine::{LatLon, LatLonBox};
use leptos::prelude::*;

use crate::query::Results;
use crate::state::map_link::{MapLink, MapRequest};
use crate::state::search::{OriginSource, Search};
use crate::state::settings::settings;
use crate::state::startup::Data;

/// How many times the user has pressed, touched, scrolled or typed: the first
/// answers are scrolled to only if they have not since the question, so a tap
/// under way is never moved out from under the finger.
mod touched {
    use std::cell::Cell;

    use leptos::prelude::*;

    thread_local! {
        static COUNT: Cell<u64> = const { Cell::new(0) };
        static WATCHING: Cell<bool> = const { Cell::new(false) };
    }

    pub fn count() -> u64 {
        COUNT.with(Cell::get)
    }

    /// Starts counting the user's own input (once; for the page's lifetime).
    pub fn watch() {
        if WATCHING.with(|w| w.replace(true)) {
            return;
        }
        // Counted as the event starts (capture), before any handler it reaches asks a question.
        let note =
            wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| COUNT.with(|c| c.set(c.get() + 1)));
        for event in ["pointerdown", "touchstart", "wheel", "keydown"] {
            let _ = window().add_event_listener_with_callback_and_bool(
                event,
                wasm_bindgen::JsCast::unchecked_ref(note.as_ref()),
                true,
            );
        }
        // (Kept for good: the page never stops needing it.)
        note.forget();
    }
}

/// The sheet's stop, for what raises it from outside (a new question).
#[derive(Clone, Copy)]
struct SheetStop(RwSignal<usize>);

/// How many answers the map frames with the point they are measured from.
const FRAMED_ANSWERS: usize = 3;

/// Sheet heights on phones, as a share of the space below the top bar (with
/// large system text the bar grows, and the map keeps its share).
const STOPS: [f64; 3] = [0.28, 0.55, 0.9];

#[component]
pub fn Sheet(children: Children) -> impl IntoView {
    let s = settings();
    let stop = RwSignal::new(1usize);
    provide_context(SheetStop(stop));
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

/// After each new question (a search, a filter, an emergency tap, a new
/// point), the first answers are in view without scrolling: the sheet rises
/// to at least its middle stop with the list's heading at its top, and the
/// map frames the point and the first few answers in the part the sheet
/// leaves. The first run (the link's or home's list) moves nothing.
pub fn show_first_answers(search: Search, map: MapLink, data: Data, results: Memo<Results>) {
    let stop = use_context::<SheetStop>();
    touched::watch();
    type Asked = (crate::model::Query, Option<LatLon>);
    Effect::new(move |before: Option<Asked>| {
        let query = search.query.get();
        // A point chosen (located, searched, tapped); not the home region, nor its clearing when the map is moved by hand.
        let point = search.origin.with(|o| {
            o.as_ref().filter(|o| !matches!(o.source, OriginSource::Home(_))).map(|o| o.point)
        });
        let now = (query, point);
        let Some(before) = before else { return now };
        let new_point = now.1.is_some() && now.1 != before.1;
        if now.0 == before.0 && !new_point {
            return now;
        }
        if let Some(SheetStop(stop)) = stop {
            if stop.get_untracked() == 0 {
                stop.set(1);
            }
        }
        // After the list is drawn and the sheet has risen (its height eases in 0.18 s), unless
        // the user has taken over meanwhile (a tap on a row: its press and release must meet it).
        let asked_at = touched::count();
        set_timeout(
            move || {
                let taken_over = touched::count() != asked_at;
                // An area that could not be loaded is said before any list (an emergency's 120 above it).
                let failed = document()
                    .query_selector("#panel .coverage.error:not([hidden])")
                    .ok()
                    .flatten()
                    .map(|f| {
                        document().query_selector("#panel .call-first").ok().flatten().unwrap_or(f)
                    });
                let first_list = document().query_selector("#panel ol.results").ok().flatten();
                let heading = first_list
                    .and_then(|l| l.get_attribute("aria-labelledby"))
                    .and_then(|id| document().get_element_by_id(&id));
                if let Some(heading) = failed.or(heading).filter(|_| !taken_over) {
                    heading.scroll_into_view();
                }
                let dataset = data.dataset_untracked();
                let mut points: Vec<LatLon> =
                    search.origin.with_untracked(|o| o.iter().map(|o| o.point).collect());
                // The list may be gone by now (a listing opened at once): then nothing to frame.
                let answers = results.try_with_untracked(|r| {
                    r.rows
                        .iter()
                        .take(FRAMED_ANSWERS)
                        .filter_map(|&(slot, _)| dataset.get(slot))
                        .map(|f| f.point())
                        .collect::<Vec<_>>()
                });
                let Some(answers) = answers.filter(|a| !a.is_empty()) else { return };
                points.extend(answers);
                let mut b = LatLonBox { south: 90.0, west: 180.0, north: -90.0, east: -180.0 };
                for p in points {
                    b = LatLonBox {
                        south: b.south.min(p.lat()),
                        west: b.west.min(p.lon()),
                        north: b.north.max(p.lat()),
                        east: b.east.max(p.lon()),
                    };
                }
                map.show(MapRequest::Fit(b));
            },
            std::time::Duration::from_millis(250),
        );
        now
    });
}
