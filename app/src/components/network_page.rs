//! A network's page (`#/n/<id>`): what it is and who runs it, its members on
//! the map and in a list with the lead marked, and the member nearest you.

use engine::{Filter, InNetwork, LatLonBox, Role};
use leptos::prelude::*;

use super::badges::kind_badge;
use super::facility_page::{BackToResults, NotFound};
use super::locate::Locate;
use super::results_panel::CoverageNote;
use crate::dataset_files::{self, Coverage, Question};
use crate::format;
use crate::i18n::fill;
use crate::model::Page;
use crate::state::map_link::{map_link, MapRequest};
use crate::state::search::search;
use crate::state::settings::settings;
use crate::state::startup::{data, startup};
use crate::urlsync;

#[component]
pub fn NetworkPage(id: String) -> impl IntoView {
    let (data, startup) = (data(), startup());
    // Over tiles, the members' tiles first (the manifest says which hold them).
    let coverage = RwSignal::new(Coverage::Complete);
    let generation = StoredValue::new(0u64);
    let wanted = id.clone();
    let ask = move || {
        if data.tiled() {
            let question = Question::Members(wanted.clone());
            dataset_files::ask(
                startup,
                dataset_files::Asker::Members,
                question,
                coverage,
                generation,
            );
        }
    };
    ask();
    let on_retry = move || {
        dataset_files::retry();
        ask();
    };
    let members = move || {
        (!coverage.with(|c| *c == Coverage::Loading)).then(|| view! { <Members id=id.clone() /> })
    };
    view! {
        <CoverageNote coverage=coverage on_retry=on_retry />
        {members}
    }
}

#[component]
fn Members(id: String) -> impl IntoView {
    let (s, search) = (settings(), search());
    let dataset = data().dataset_untracked();
    let Some(network) = dataset.network(&id).cloned() else {
        return view! { <NotFound what=|m| m.network_not_found id=id /> }.into_any();
    };
    // In the engine's order: leads first, then by role, then by id (ids start with the place).
    let members =
        dataset.members(&id).into_iter().map(|(f, role)| (f.slot(), role)).collect::<Vec<_>>();
    if let Some(bbox) = bounding_box(&dataset, &members) {
        map_link().show(MapRequest::Fit(bbox));
    }
    let filter =
        Filter { network: Some(InNetwork { id: id.clone(), role: None }), ..Filter::all() };
    let (ds_nearest, ds_list) = (dataset.clone(), dataset.clone());
    // The nearest member whose place is known: a seat's distance is no member's.
    let placed = Filter { located: Some(true), ..filter.clone() };
    let nearest = move || {
        let lang = s.lang.get();
        let origin = search.origin.get()?;
        let hit = ds_nearest.nearest(origin.point, 1, &placed).into_iter().next()?;
        let f = hit.facility;
        Some(view! {
            <p class="nearest-member">
                {lang.m().nearest_member}
                <a href=urlsync::href(Page::Facility(f.id().to_string()))>{f.name().to_string()}</a>
                {format!(" · {}", format::distance_to(lang, hit.distance_m, f.precision()))}
            </p>
        })
    };
    // Members known only to be in the user's county (or city): named, never given a distance.
    let ds_unplaced = dataset.clone();
    let regions = crate::state::regions::regions();
    let unplaced = move || {
        let lang = s.lang.get();
        let point = search.origin.get()?.point;
        let county = match regions.county_at(startup(), point) {
            crate::state::regions::CountyAt::County(code, name) => Some((code, name)),
            _ => None,
        };
        // A city without counties (东莞) is its own county: listed once.
        let city = regions.city_at(startup(), point);
        let city = city.filter(|c| county.as_ref().is_none_or(|k| k.0 != c.0));
        let groups = county.into_iter().chain(city).filter_map(|(code, name)| {
            let found = ds_unplaced.unplaced_in(&filter, code);
            let links = found.iter().map(|f| {
                let href = urlsync::href(Page::Facility(f.id().to_string()));
                view! { <li><a href=href>{f.name().to_string()}</a></li> }
            });
            let links = links.collect_view();
            (!found.is_empty()).then(|| {
                view! {
                    <div class="member-unplaced">
                        <p>{fill(lang.m().member_unplaced, &[("county", &name)])}</p>
                        <ul>{links}</ul>
                    </div>
                }
            })
        });
        Some(groups.collect_view())
    };
    let n = network.clone();
    let header = move || {
        let lang = s.lang.get();
        let name = if lang.english_names() && !n.name_en.is_empty() {
            n.name_en.clone()
        } else {
            n.name.clone()
        };
        let specialty = n.specialty.map(|s| format!(" · {}", lang.label(s))).unwrap_or_default();
        view! {
            <h2 id="network-name" tabindex="-1">{name}</h2>
            <p class="muted">{format!("{}{specialty} · {}", lang.label(n.kind), n.region)}</p>
        }
    };
    let hovered = search.hovered;
    let list = move || {
        let lang = s.lang.get();
        members
            .iter()
            .filter_map(|&(slot, role)| {
                let f = ds_list.get(slot)?;
                Some(view! {
                    <li class="member" class:lead=role == Role::Lead
                        on:mouseenter=move |_| hovered.set(Some(slot)) on:mouseleave=move |_| hovered.set(None)>
                        <a href=urlsync::href(Page::Facility(f.id().to_string())) on:focus=move |_| hovered.set(Some(slot))>{f.name().to_string()}</a>
                        <span class="badge role" class:lead=role == Role::Lead>{lang.label(role)}</span>
                        {kind_badge(lang, f.kind())}
                    </li>
                })
            })
            .collect_view()
    };
    let count = network.members.len();
    view! {
        <BackToResults />
        <article class="network" aria-labelledby="network-name">
            {header}
            {nearest}
            {unplaced}
            <Show when=move || search.origin.with(|o| o.is_none())>
                <p class="muted">{move || s.m().set_location_for_member}</p>
                <Locate />
            </Show>
            <h3>{move || fill(s.m().members, &[("n", &count.to_string())])}</h3>
            <ul class="member-list">{list}</ul>
            <section class="provenance">
                <h3>{move || s.m().provenance}</h3>
                <p class="source">{network.source.clone()}</p>
                <p class="muted">{move || s.m().last_checked_colon}{network.last_checked.clone()}</p>
            </section>
        </article>
    }
    .into_any()
}

/// The box around the members, padded so a single member is not a point.
fn bounding_box(dataset: &engine::Dataset, members: &[(usize, Role)]) -> Option<LatLonBox> {
    let points: Vec<_> =
        members.iter().filter_map(|&(s, _)| dataset.get(s)).map(|f| f.point()).collect();
    let first = points.first()?;
    let pad = 0.02;
    Some(points.iter().fold(
        LatLonBox {
            south: first.lat() - pad,
            west: first.lon() - pad,
            north: first.lat() + pad,
            east: first.lon() + pad,
        },
        |b, p| LatLonBox {
            south: b.south.min(p.lat() - pad),
            west: b.west.min(p.lon() - pad),
            north: b.north.max(p.lat() + pad),
            east: b.east.max(p.lon() + pad),
        },
    ))
}
