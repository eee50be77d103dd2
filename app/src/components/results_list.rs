//! The results, nearest first, in step with the map: hovering or focusing a
//! row highlights its marker; choosing it opens the listing and the map pans there.

use leptos::prelude::*;

use super::badges::badges;
use super::read_aloud::ReadAloud;
use crate::format;
use crate::i18n::fill;
use crate::model::Page;
use crate::query::Results;
use crate::speech;
use crate::state::search::{search, OriginSource};
use crate::state::settings::settings;
use crate::state::startup::data;

#[component]
pub fn ResultsList(results: Memo<Results>, settled: Signal<bool>) -> impl IntoView {
    let (s, search) = (settings(), search());
    let data = data();
    let hovered = search.hovered;
    let rows = move || {
        let lang = s.lang.get();
        let dataset = data.dataset();
        let now = search.now();
        results
            .get()
            .rows
            .into_iter()
            .filter_map(|(slot, distance_m)| {
                let f = dataset.get(slot)?;
                let hours = dataset.hours(slot).map(|h| format::hours_status(lang, h.status_at(now), now));
                let href = crate::urlsync::href(Page::Facility(f.id().to_string()));
                // A point that stands for an area says so beside the distance: "约 12 公里 · 位置为龙水镇中心".
                let approximate = f.precision().is_approximate().then(|| {
                    view! { <span class="precision">{format::placed(lang, f.precision(), f.location_source())}</span> }
                });
                Some(view! {
                    <li class="result" class:hovered=move || hovered.get() == Some(slot)
                        on:mouseenter=move |_| hovered.set(Some(slot))
                        on:mouseleave=move |_| hovered.set(None)>
                        <a class="result-link" href=href on:focus=move |_| hovered.set(Some(slot)) on:blur=move |_| hovered.set(None)>
                            <span class="facility-name">{f.name().to_string()}</span>
                            <span class="distance">{format::distance_to(lang, distance_m, f.precision())}</span>
                        </a>
                        {badges(lang, &dataset, f)}
                        <p class="meta">
                            {hours.unwrap_or_else(|| lang.m().hours_not_listed.to_string())}
                        </p>
                        {approximate.map(|a| view! { <p class="meta placed">{a}</p> })}
                    </li>
                })
            })
            .collect_view()
    };
    let total = move || results.with(|r| r.total);
    let shown = move || results.with(|r| r.rows.len());
    // The heading says where distances are measured from: the user only when it is the user.
    let heading = move || {
        let m = s.m();
        let from = search.origin.with(|o| match o.as_ref().map(|o| &o.source) {
            Some(OriginSource::Device { .. }) => m.nearest_you.to_string(),
            Some(OriginSource::Place(name)) => fill(m.nearest_place, &[("name", name)]),
            Some(OriginSource::Map) => m.nearest_map_point.to_string(),
            Some(OriginSource::Link) => m.nearest_link_point.to_string(),
            None => m.nearest_map_centre.to_string(),
        });
        match total() {
            Some(n) => fill(m.heading_count, &[("heading", &from), ("n", &n.to_string())]),
            None => from,
        }
    };
    // Over tiles the count is not known: the list is the nearest, as many as are listed.
    let more = move || total().map_or(shown() == crate::query::LIST_LIMIT, |n| n > shown());
    view! {
        <section class="results-section" aria-labelledby="results-heading">
            <h2 id="results-heading" class="results-heading" tabindex="-1" aria-live="polite">{heading}</h2>
            <Show when=move || shown() != 0>
                <ReadAloud label=|m| m.read_aloud_results script=std::sync::Arc::new(move |lang| {
                    speech::results_script(lang, &data.dataset_untracked(), &results.with_untracked(|r| r.rows.clone()), search.now())
                }) />
            </Show>
            <Show when=more>
                <p class="muted">{move || fill(s.m().showing_nearest, &[("n", &shown().to_string())])}</p>
            </Show>
            // "Nothing matches" only once the answer is exact; the note above says why it is not.
            <Show when=move || shown() == 0 && settled.get() fallback=move || view! { <ol class="results" aria-labelledby="results-heading">{rows}</ol> }>
                <EmptyState />
            </Show>
        </section>
    }
}

/// No results: say what would help, with buttons that do it.
#[component]
fn EmptyState() -> impl IntoView {
    let (s, query) = (settings(), search().query);
    let has_radius = move || query.with(|q| q.radius_km.is_some());
    let has_filters = move || query.with(|q| q.has_filters());
    let has_text = move || query.with(|q| !q.text().is_empty());
    view! {
        <div class="empty" role="status">
            <p>{move || s.m().no_match}</p>
            <Show when=has_radius>
                <button type="button" on:click=move |_| query.update(|q| q.radius_km = q.radius_km.map(|r| r * 3.0).filter(|r| *r <= 150.0))>
                    {move || s.m().widen_radius}
                </button>
            </Show>
            <Show when=has_filters>
                <button type="button" on:click=move |_| query.update(|q| *q = q.without_filters())>
                    {move || s.m().drop_filters}
                </button>
            </Show>
            <Show when=has_text>
                <button type="button" on:click=move |_| query.update(|q| q.set_text(""))>
                    {move || s.m().clear_text}
                </button>
            </Show>
        </div>
    }
}
