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

/// What the user's own hands are doing, for the scroll to the first answers:
/// it waits for a press under way to be released (a tap on a row must land
/// where it began; a second tap on an emergency button must not cancel it),
/// and is given up if the user has scrolled (wheel, a finger's drag) since
/// the question.
mod touched {
    use std::cell::{Cell, RefCell};

    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    thread_local! {
        static MOVED: Cell<u64> = const { Cell::new(0) };
        static DOWN: Cell<bool> = const { Cell::new(false) };
        static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
        static WATCHING: Cell<bool> = const { Cell::new(false) };
    }

    /// How many times the user has scrolled by hand.
    pub fn moved() -> u64 {
        MOVED.with(Cell::get)
    }

    /// Runs `f` now, or once the press under way is released (after its click has run).
    pub fn after_release(f: impl FnOnce() + 'static) {
        if DOWN.with(Cell::get) {
            WAITING.with(|w| w.borrow_mut().push(Box::new(f)));
        } else {
            f();
        }
    }

    /// `capture`: seen before any handler the event reaches (and every element's blur with it,
    /// so the window's own blur is listened to without).
    fn listen(events: &[&str], capture: bool, f: impl Fn() + 'static) {
        let f = Closure::<dyn Fn()>::new(f);
        for event in events {
            let _ = window().add_event_listener_with_callback_and_bool(
                event,
                f.as_ref().unchecked_ref(),
                capture,
            );
        }
        // (Kept for good: the page never stops needing it.)
        f.forget();
    }

    /// Starts watching (once; for the page's lifetime).
    pub fn watch() {
        if WATCHING.with(|w| w.replace(true)) {
            return;
        }
        listen(&["wheel", "touchmove"], true, || MOVED.with(|m| m.set(m.get() + 1)));
        listen(&["pointerdown"], true, || DOWN.with(|d| d.set(true)));
        listen(&["pointerup", "pointercancel"], true, release);
        // The page losing focus mid-press may never see the release.
        listen(&["blur"], false, release);
    }

    fn release() {
        DOWN.with(|d| d.set(false));
        let waiting = WAITING.with(|w| std::mem::take(&mut *w.borrow_mut()));
        if !waiting.is_empty() {
            // A turn later: the release's click (a link followed, a question asked) comes first.
            set_timeout(move || waiting.into_iter().for_each(|f| f()), std::time::Duration::ZERO);
        }
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
        // After the list is drawn and the sheet has risen (its height eases in 0.18 s), and
        // after any press under way; not if the user has scrolled by hand meanwhile.
        let moved_at = touched::moved();
        set_timeout(
            move || {
                touched::after_release(move || {
                    let taken_over = touched::moved() != moved_at;
                    // An area that could not be loaded is said before any list (an emergency's 120 above it).
                    let failed = document()
                        .query_selector("#panel .coverage.error:not([hidden])")
                        .ok()
                        .flatten()
                        .map(|f| {
                            document()
                                .query_selector("#panel .call-first")
                                .ok()
                                .flatten()
                                .unwrap_or(f)
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
                })
            },
            std::time::Duration::from_millis(250),
        );
        now
    });
}
