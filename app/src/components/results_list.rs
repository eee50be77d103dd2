//! The results, nearest first, in step with the map: hovering or focusing a
//! row highlights its marker; choosing it opens the listing and the map pans there.

use leptos::prelude::*;

use super::badges::badges;
use super::read_aloud::ReadAloud;
use crate::format;
use crate::i18n::fill;
use crate::model::Page;
use crate::query::{Results, Unplaced};
use crate::speech;
use crate::state::search::{search, OriginSource};
use crate::state::settings::settings;
use crate::state::startup::data;

/// The results, nearest first. `usual`: the list is of institutions that
/// usually offer what was asked, each row marked with these words (not
/// listed, not confirmed); it has no heading of its own. `heading`: words
/// that replace the usual "nearest to you" (when not empty).
#[component]
pub fn ResultsList(
    results: Memo<Results>,
    settled: Signal<bool>,
    #[prop(default = None)] usual: Option<Signal<String>>,
    #[prop(default = None)] heading: Option<Signal<String>>,
    /// The heading says why there is nothing: no "共 0 家" after it.
    #[prop(optional, into)]
    no_count: Option<Signal<bool>>,
    // Said before the results when read aloud (120 first in an emergency; an area that
    // could not be loaded), and reason enough to offer reading when nothing is listed.
    #[prop(default = None)] preface: Option<Signal<Vec<String>>>,
    // Said after the results when read aloud (the institutions that usually offer what was
    // asked, listed below), and reason enough to offer reading when nothing is listed.
    #[prop(default = None)] after: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let (s, search) = (settings(), search());
    let data = data();
    let hovered = search.hovered;
    let said = Signal::derive(move || heading.is_some_and(|h| h.with(|h| !h.is_empty())));
    let rows = move || {
        let lang = s.lang.get();
        let dataset = data.dataset();
        let now = search.now();
        let r = results.get();
        let row = |&(slot, distance_m): &(usize, f64)| {
            let f = dataset.get(slot)?;
            let hours =
                dataset.hours(slot).map(|h| format::hours_status(lang, h.status_at(now), now));
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
                    {usual.map(|words| view! { <p class="meta"><span class="unverified">{words}</span></p> })}
                    <p class="meta">
                        {hours.unwrap_or_else(|| lang.m().hours_not_listed.to_string())}
                    </p>
                    {approximate.map(|a| view! { <p class="meta placed">{a}</p> })}
                </li>
            })
        };
        // The county's seat-placed facilities (then the city's) come after its own known places,
        // before the rest.
        let first = r.unplaced_groups().next();
        let split = first.map_or(r.rows.len(), |u| u.after_rows.min(r.rows.len()));
        let group = r.unplaced_groups().enumerate().map(|(i, u)| {
            view! { <li class="unplaced-item"><UnplacedGroup unplaced=u.clone() second={i > 0} usual=usual /></li> }
        });
        let group = group.collect_view();
        view! {
            {r.rows[..split].iter().filter_map(row).collect_view()}
            {group}
            {r.rows[split..].iter().filter_map(row).collect_view()}
        }
    };
    let total = move || results.with(|r| r.total);
    let shown = move || results.with(|r| r.rows.len());
    // The heading says where distances are measured from: the user only when it is the user.
    let heading = move || {
        let m = s.m();
        let from = heading.map(|h| h.get()).filter(|h| !h.is_empty()).unwrap_or_else(|| {
            search.origin.with(|o| match o.as_ref().map(|o| &o.source) {
                Some(OriginSource::Device { .. }) => m.nearest_you.to_string(),
                Some(OriginSource::Place(name) | OriginSource::Home(name)) => {
                    fill(m.nearest_place, &[("name", name)])
                }
                Some(OriginSource::Map) => m.nearest_map_point.to_string(),
                Some(OriginSource::Link) => m.nearest_link_point.to_string(),
                None => m.nearest_map_centre.to_string(),
            })
        });
        match total() {
            // A heading that says why there is nothing is not followed by "共 0 家".
            Some(0) if no_count.is_some_and(|n| n.get()) => from,
            Some(n) => fill(m.heading_count, &[("heading", &from), ("n", &n.to_string())]),
            None => from,
        }
    };
    if usual.is_some() {
        return view! { <ol class="results usual-results" aria-labelledby="usual-heading">{rows}</ol> }
            .into_any();
    }
    // Over tiles the count is not known: the list is the nearest, as many as are listed.
    let more = move || total().map_or(shown() == crate::query::LIST_LIMIT, |n| n > shown());
    view! {
        <section class="results-section" aria-labelledby="results-heading">
            <h2 id="results-heading" class="results-heading" tabindex="-1" aria-live="polite">{heading}</h2>
            <Show when=move || shown() != 0 || results.with(|r| r.unplaced_groups().next().is_some()) || preface.is_some_and(|p| p.with(|p| !p.is_empty())) || after.is_some_and(|p| p.with(|p| !p.is_empty()))>
                <ReadAloud label=|m| m.read_aloud_results script=std::sync::Arc::new(move |lang| {
                    let mut lines = preface.map(|p| p.get_untracked()).unwrap_or_default();
                    lines.extend(results.with_untracked(|r| speech::results_script(lang, &data.dataset_untracked(), r, search.now())));
                    lines.extend(after.map(|a| a.get_untracked()).unwrap_or_default());
                    lines
                }) />
            </Show>
            <Show when=move || more() && (shown() > 0)>
                <p class="muted">{move || fill(s.m().showing_nearest, &[("n", &shown().to_string())])}</p>
            </Show>
            {move || results.with(|r| r.unplaced_total.map(|n| (n, r.unplaced_in_radius))).filter(|(n, _)| *n > 0).map(|(n, in_radius)| view! {
                <p class="muted unplaced-count">{move || {
                    let m = s.m();
                    fill(if in_radius { m.unplaced_in_radius } else { m.unplaced_not_ranked }, &[("n", &n.to_string())])
                }}</p>
            })}
            // "Nothing matches" only once the answer is exact; the note above says why it is not.
            <Show when=move || shown() == 0 && settled.get() fallback=move || view! { <ol class="results" aria-labelledby="results-heading">{rows}</ol> }>
                <EmptyState
                    unplaced=Signal::derive(move || results.with(|r| !r.is_empty()))
                    said=said
                />
                {move || results.with(|r| {
                    let groups = r.unplaced_groups().enumerate();
                    groups.map(|(i, u)| view! { <UnplacedGroup unplaced=u.clone() second={i > 0} /> }).collect_view()
                })}
            </Show>
        </section>
    }
    .into_any()
}

/// How many of a county's seat-placed facilities show before "show all".
const UNPLACED_SHOWN: usize = 12;

/// The reference point's county's facilities with no known place (or its
/// city's, `second`): apart from the ranked list, by name, with no distance,
/// saying why.
#[component]
fn UnplacedGroup(
    unplaced: Unplaced,
    #[prop(default = false)] second: bool,
    #[prop(default = None)] usual: Option<Signal<String>>,
) -> impl IntoView {
    let (s, data, hovered) = (settings(), data(), search().hovered);
    let id = match (usual.is_some(), second) {
        (false, false) => "unplaced-heading",
        (false, true) => "unplaced-city-heading",
        (true, false) => "usual-unplaced-heading",
        (true, true) => "usual-unplaced-city-heading",
    };
    let all = RwSignal::new(false);
    let n = unplaced.slots.len();
    let county = unplaced.county_name.clone();
    let heading = {
        let county = county.clone();
        move || fill(s.m().unplaced_heading, &[("county", &county), ("n", &n.to_string())])
    };
    let note = move || fill(s.m().unplaced_note, &[("county", &county)]);
    let slots = unplaced.slots.clone();
    let items = move || {
        let lang = s.lang.get();
        let dataset = data.dataset();
        let shown = if all.get() { slots.len() } else { slots.len().min(UNPLACED_SHOWN) };
        slots[..shown]
            .iter()
            .filter_map(|&slot| {
                let f = dataset.get(slot)?;
                let href = crate::urlsync::href(Page::Facility(f.id().to_string()));
                Some(view! {
                    <li on:mouseenter=move |_| hovered.set(Some(slot)) on:mouseleave=move |_| hovered.set(None)>
                        <a href=href>{f.name().to_string()}</a>
                        " "
                        <span class="muted">{lang.label(f.kind())}</span>
                        {usual.map(|words| view! { <span class="unverified">{words}</span> })}
                    </li>
                })
            })
            .collect_view()
    };
    view! {
        <section class="unplaced" aria-labelledby=id data-county=unplaced.county>
            <h3 id=id>{heading}</h3>
            <p class="muted">{note}</p>
            <ul class="unplaced-list">{items}</ul>
            <Show when=move || !all.get() && (n > UNPLACED_SHOWN)>
                <button type="button" class="link" on:click=move |_| all.set(true)>
                    {move || fill(s.m().unplaced_show_all, &[("n", &n.to_string())])}
                </button>
            </Show>
        </section>
    }
}

/// No results: say what would help, with buttons that do it; when the
/// county's seat-placed facilities match, say that none with a known place
/// does; when the heading has said why (`said`), no more words.
#[component]
fn EmptyState(unplaced: Signal<bool>, said: Signal<bool>) -> impl IntoView {
    let (s, query) = (settings(), search().query);
    let has_radius = move || query.with(|q| q.radius_km.is_some());
    let has_filters = move || query.with(|q| q.has_filters());
    let has_text = move || query.with(|q| !q.text().is_empty());
    view! {
        <div class="empty" role="status">
            <p hidden=said>{move || if unplaced.get() { s.m().no_placed_match } else { s.m().no_match }}</p>
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
