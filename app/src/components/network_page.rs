//! A network's page (`#/n/<id>`): what it is and who runs it, its members on
//! the map and in a list with the lead marked, and the member nearest you.

use engine::{Filter, InNetwork, LatLonBox, Role};
use leptos::prelude::*;

use super::badges::kind_badge;
use super::facility_page::{BackToResults, NotFound};
use super::locate::Locate;
use crate::format;
use crate::i18n::Lang;
use crate::route::Page;
use crate::urlsync;
use crate::state::{self, MapRequest};

#[component]
pub fn NetworkPage(id: String) -> impl IntoView {
    let ui = state::ui();
    let data = state::data();
    let dataset = data.dataset.clone();
    let Some(network) = dataset.network(&id).cloned() else {
        return view! { <NotFound what=("没有找到这个联盟或医联体", "No network with this link") id=id /> }.into_any();
    };
    // In the engine's order: leads first, then by role, then by id (ids start with the place).
    let members = dataset.members(&id).into_iter().map(|(f, role)| (f.slot(), role)).collect::<Vec<_>>();
    if let Some(bbox) = bounding_box(&dataset, &members) {
        ui.map_request.set(Some(MapRequest::Fit(bbox)));
    }
    let filter = Filter { network: Some(InNetwork { id: id.clone(), role: None }), ..Filter::all() };
    let (ds_nearest, ds_list) = (dataset.clone(), dataset.clone());
    let nearest = move || {
        let lang = ui.lang.get();
        let origin = ui.origin.get()?;
        let hit = ds_nearest.nearest(origin.point, 1, &filter).into_iter().next()?;
        let f = hit.facility;
        Some(view! {
            <p class="nearest-member">
                {lang.pick("离你最近的成员:", "Nearest member: ")}
                <a href=urlsync::href(ui, Page::Facility(f.id().to_string()))>{f.name().to_string()}</a>
                {format!(" · {}", format::distance(lang, hit.distance_m))}
            </p>
        })
    };
    let n = network.clone();
    let header = move || {
        let lang = ui.lang.get();
        let name = if lang == Lang::En && !n.name_en.is_empty() { n.name_en.clone() } else { n.name.clone() };
        let specialty = n.specialty.map(|s| format!(" · {}", lang.label(s))).unwrap_or_default();
        view! {
            <h2 id="network-name" tabindex="-1">{name}</h2>
            <p class="muted">{format!("{}{specialty} · {}", lang.label(n.kind), n.region)}</p>
        }
    };
    let list = move || {
        let lang = ui.lang.get();
        members
            .iter()
            .filter_map(|&(slot, role)| {
                let f = ds_list.get(slot)?;
                Some(view! {
                    <li class="member" class:lead=role == Role::Lead
                        on:mouseenter=move |_| ui.hovered.set(Some(slot)) on:mouseleave=move |_| ui.hovered.set(None)>
                        <a href=urlsync::href(ui, Page::Facility(f.id().to_string())) on:focus=move |_| ui.hovered.set(Some(slot))>{f.name().to_string()}</a>
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
            <Show when=move || ui.origin.with(|o| o.is_none())>
                <p class="muted">{move || ui.t("设置你的位置,找到离你最近的成员:", "Set your location to find the nearest member:")}</p>
                <Locate />
            </Show>
            <h3>{move || match ui.lang.get() { Lang::Zh => format!("成员({count} 家)"), Lang::En => format!("Members ({count})") }}</h3>
            <ul class="member-list">{list}</ul>
            <section class="provenance">
                <h3>{move || ui.t("数据来源", "Where this comes from")}</h3>
                <p class="source">{network.source.clone()}</p>
                <p class="muted">{move || ui.t("最近核对:", "Last checked: ")}{network.last_checked.clone()}</p>
            </section>
        </article>
    }
    .into_any()
}

/// The box around the members, padded so a single member is not a point.
fn bounding_box(dataset: &engine::Dataset, members: &[(usize, Role)]) -> Option<LatLonBox> {
    let points: Vec<_> = members.iter().filter_map(|&(s, _)| dataset.get(s)).map(|f| f.point()).collect();
    let first = points.first()?;
    let pad = 0.02;
    Some(points.iter().fold(
        LatLonBox { south: first.lat() - pad, west: first.lon() - pad, north: first.lat() + pad, east: first.lon() + pad },
        |b, p| LatLonBox { south: b.south.min(p.lat() - pad), west: b.west.min(p.lon() - pad), north: b.north.max(p.lat() + pad), east: b.east.max(p.lon() + pad) },
    ))
}
