//! Keeps the URL fragment and the app state in step: links restore state,
//! state changes become history entries, back and forward work.

use leptos::prelude::*;

use crate::model::Page;
use crate::route::{self, UrlState};
use crate::state::map_link::{map_link, MapLink, MapRequest};
use crate::state::notices::{notices, NoticeKind, Notices};
use crate::state::search::{search, Origin, OriginSource, Search};
use crate::state::settings::{settings, Settings};

/// The contexts a link reads and writes, taken once: the browser's
/// navigation events run outside any component.
#[derive(Clone, Copy)]
struct Linked {
    search: Search,
    map: MapLink,
    settings: Settings,
    notices: Notices,
}

impl Linked {
    fn take() -> Self {
        Linked { search: search(), map: map_link(), settings: settings(), notices: notices() }
    }
}

/// Reads the fragment now, follows it on back/forward, and writes it on change.
pub fn start() {
    let linked = Linked::take();
    let last = StoredValue::new(String::new());
    apply_location(linked, last);
    let _ = window_event_listener(leptos::ev::popstate, move |_| apply_location(linked, last));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| apply_location(linked, last));

    Effect::new(move |_| {
        let state = current(linked);
        let fragment = route::to_fragment(&state);
        let previous = last.get_value();
        if fragment == previous {
            return;
        }
        let only_view_changed = route::parse(&previous).0
            == UrlState { view: route::parse(&previous).0.view, ..state.clone() };
        last.set_value(fragment.clone());
        let Ok(history) = window().history() else { return };
        let _ = if only_view_changed || previous.is_empty() {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment))
        };
    });
}

/// The state a link should carry now.
fn current(Linked { search, map, settings, .. }: Linked) -> UrlState {
    let origin = search.origin.get();
    let share = settings.share_location.get();
    // The map is centred on the device's position after "use my location": its
    // view would give that position away, so it stays out of the link too.
    let withheld = origin.as_ref().is_some_and(|o| o.source.is_private()) && !share;
    // The home region, and the view it framed, are where a link with neither opens anyway: both
    // stay out of links, so a reload or a shared first screen gives the same list.
    let home = origin.as_ref().is_some_and(|o| matches!(o.source, OriginSource::Home(_)));
    let origin = origin.filter(|_| !withheld && !home);
    let at_name = origin.as_ref().and_then(|o| match &o.source {
        OriginSource::Place(name) => Some(name.clone()),
        _ => None,
    });
    UrlState {
        page: search.page.get(),
        query: search.query.get(),
        at: origin.map(|o| o.point),
        at_name,
        view: map.view.get().filter(|_| !withheld && !home),
        lang: None,
    }
}

/// A link to `page` that keeps the current query, point and view, so
/// following it (or opening it in a new tab) changes only the page.
pub fn href(page: Page) -> String {
    let linked = Linked::take();
    let state = untrack(|| current(linked));
    route::to_fragment(&UrlState { page, ..state })
}

/// Sets the state from the address bar's fragment, with a notice for what was ignored.
fn apply_location(Linked { search, map, settings, notices }: Linked, last: StoredValue<String>) {
    let fragment = window().location().hash().unwrap_or_default();
    if !fragment.is_empty() && fragment == last.get_value() {
        return;
    }
    let (state, ignored) = route::parse(&fragment);
    if !ignored.is_empty() {
        notices.notify(NoticeKind::Warning, route::ignored_notice(&ignored));
    }
    if let Some(lang) = state.lang {
        settings.lang.set(lang);
    }
    search.page.set(state.page.clone());
    search.query.set(state.query.clone());
    let keeps_origin = search.origin.with_untracked(|o| {
        o.as_ref()
            .is_some_and(|o| o.source.is_private() || matches!(o.source, OriginSource::Home(_)))
    }) && state.at.is_none();
    if !keeps_origin {
        let source = state.at_name.clone().map_or(OriginSource::Link, OriginSource::Place);
        let wanted = state.at.map(|point| Origin { point, source });
        // The same point by the same name stays as it is (a device position the link withheld keeps its source).
        let same = search.origin.with_untracked(|o| match (o, &wanted) {
            (Some(o), Some(w)) => {
                o.point == w.point
                    && (o.source == w.source || !matches!(w.source, OriginSource::Place(_)))
            }
            (None, None) => true,
            _ => false,
        });
        if !same {
            search.origin.set(wanted);
        }
    }
    if let Some(view) = state.view {
        if map.view.get_untracked() != Some(view) {
            map.view.set(Some(view));
            map.show(MapRequest::Center(view.center, view.zoom));
        }
    }
    last.set_value(route::to_fragment(&UrlState { lang: None, ..state }));
}
