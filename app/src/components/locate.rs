//! "Where am I": the device's position (with plain messages when it is
//! refused or slow), the map's centre, or a place typed in the search box.

use engine::{Designation, Filter, LatLon, Service};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Position, PositionError, PositionOptions};

use crate::format;
use crate::i18n::{fill, Lang};
use crate::model::{Page, Query};
use crate::state::map_link::{map_link, MapLink, MapRequest};
use crate::state::search::{search, Origin, OriginSource, Search};
use crate::state::settings::settings;

/// How long to wait for a position before saying so.
const TIMEOUT_MS: u32 = 15_000;

#[derive(Clone, Copy, PartialEq)]
enum Locating {
    Idle,
    Busy,
    Denied,
    Unavailable,
    TimedOut,
}

#[component]
pub fn Locate() -> impl IntoView {
    let (s, search, map) = (settings(), search(), map_link());
    let status = RwSignal::new(Locating::Idle);
    let message = move || {
        let m = s.m();
        match status.get() {
            Locating::Idle => None,
            Locating::Busy => Some(m.locating),
            Locating::Denied => Some(m.location_denied),
            Locating::Unavailable => Some(m.location_unavailable),
            Locating::TimedOut => Some(m.location_timed_out),
        }
    };
    let where_from = move || {
        let lang = s.lang.get();
        search.origin.get().map(|o| match o.source {
            OriginSource::Device { accuracy_m } => {
                fill(lang.m().origin_device, &[("d", &format::distance(lang, accuracy_m))])
            }
            OriginSource::Map => lang.m().origin_map.to_string(),
            OriginSource::Place(name) | OriginSource::Home(name) => name,
            OriginSource::Link => lang.m().origin_link.to_string(),
        })
    };
    let is_device =
        move || search.origin.with(|o| o.as_ref().is_some_and(|o| o.source.is_private()));
    view! {
        <div class="locate">
            <div class="locate-actions">
                <button type="button" class="primary" on:click=move |_| locate(search, map, status) disabled=move || status.get() == Locating::Busy>
                    {move || s.m().use_my_location}
                </button>
                <button type="button" on:click=move |_| search_at_map_centre(search, map)>
                    {move || s.m().search_map_centre}
                </button>
            </div>
            <div class="emergency" role="group" aria-label=move || s.m().emergency_group>
                <span>{move || s.m().emergency_group}</span>
                {EMERGENCIES.iter().map(|&need| view! {
                    <button type="button" class="emergency-button" on:click=move |_| nearest_emergency(search, map, status, need)>
                        {move || need.label(s.lang.get())}
                    </button>
                }).collect_view()}
            </div>
            <p class="privacy">{move || s.m().privacy}</p>
            {move || message().map(|m| view! { <p class="locate-message" role="alert">{m}</p> })}
            {move || where_from().map(|w| view! {
                <p class="origin">
                    <span>{s.m().distances_from}</span>
                    <strong>{w}</strong>
                    <button type="button" class="link" on:click=move |_| search.origin.set(None)>{s.m().clear}</button>
                </p>
            })}
            <Show when=is_device>
                <label class="check">
                    <input type="checkbox" prop:checked=s.share_location on:change=move |ev| s.share_location.set(event_target_checked(&ev)) />
                    {move || s.m().share_my_location}
                </label>
            </Show>
        </div>
    }
}

/// What the emergency buttons look for.
#[derive(Clone, Copy)]
enum Emergency {
    Department,
    Centre(Designation),
}

const EMERGENCIES: [Emergency; 3] = [
    Emergency::Department,
    Emergency::Centre(Designation::ChestPainCentre),
    Emergency::Centre(Designation::StrokeCentre),
];

impl Emergency {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Emergency::Department => lang.m().nearest_emergency,
            Emergency::Centre(d) => lang.label(d),
        }
    }
}

/// One tap: the nearest of that kind, on the results, with the device's
/// position asked for now unless it is already known (refused: the list is
/// the nearest to the map's centre, and the message says why).
fn nearest_emergency(search: Search, map: MapLink, status: RwSignal<Locating>, need: Emergency) {
    search.query.update(|q| {
        *q = Query {
            filter: Filter { text: None, ..Filter::all() },
            open_now: false,
            radius_km: None,
        };
        match need {
            Emergency::Department => q.filter.services = vec![Service::Emergency],
            Emergency::Centre(d) => q.filter.designations = vec![d],
        }
    });
    // (Opening the page it is on would build it anew, and this message with it.)
    if search.page.get_untracked() != Page::Results {
        search.open(Page::Results);
    }
    if !search.origin.with_untracked(|o| o.as_ref().is_some_and(|o| o.source.is_private())) {
        locate(search, map, status);
    }
}

fn search_at_map_centre(search: Search, map: MapLink) {
    if let Some(view) = map.view.get_untracked() {
        search.origin.set(Some(Origin { point: view.center, source: OriginSource::Map }));
    }
}

/// Asks the browser for the device's position.
fn locate(search: Search, map: MapLink, status: RwSignal<Locating>) {
    let Some(geolocation) = window().navigator().geolocation().ok() else {
        status.set(Locating::Unavailable);
        return;
    };
    status.set(Locating::Busy);
    // The answer may come after the button's screen was left (its `status` disposed): the
    // position is still used; the status, gone with its button, is not written.
    let success = Closure::<dyn FnMut(Position)>::new(move |position: Position| {
        let coords = position.coords();
        match LatLon::new(coords.latitude(), coords.longitude()) {
            Ok(point) => {
                let _ = status.try_set(Locating::Idle);
                search.origin.set(Some(Origin {
                    point,
                    source: OriginSource::Device { accuracy_m: coords.accuracy() },
                }));
                let zoom = if coords.accuracy() > 5_000.0 { 10.0 } else { 13.0 };
                map.show(MapRequest::Center(point, zoom));
            }
            Err(_) => drop(status.try_set(Locating::Unavailable)),
        }
    });
    let failure = Closure::<dyn FnMut(PositionError)>::new(move |error: PositionError| {
        let _ = status.try_set(match error.code() {
            PositionError::PERMISSION_DENIED => Locating::Denied,
            PositionError::TIMEOUT => Locating::TimedOut,
            _ => Locating::Unavailable,
        });
    });
    let options = PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(TIMEOUT_MS);
    options.set_maximum_age(60_000);
    let started = geolocation.get_current_position_with_error_callback_and_options(
        success.into_js_value().unchecked_ref(),
        Some(failure.into_js_value().unchecked_ref()),
        &options,
    );
    if started.is_err() {
        status.set(Locating::Unavailable);
    }
}
