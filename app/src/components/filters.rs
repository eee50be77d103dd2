//! Every filter, with how many facilities each option gives: kind, grade,
//! TCM services, specialties, the five emergency centres and other
//! designations, networks, open now, and the radius.

use engine::{Coverage, Designation, Facets, InNetwork, NetworkKind};
use leptos::prelude::*;

use super::chips::toggle;
use crate::format;
use crate::i18n::fill;
use crate::i18n::table::Messages;
use crate::i18n::Label;
use crate::model::Query;
use crate::query::{self, TCM_SERVICES};
use crate::state::map_link::map_link;
use crate::state::search::search;
use crate::state::settings::settings;
use crate::state::startup::data;

const FIVE_CENTRES: [Designation; 5] = [
    Designation::ChestPainCentre,
    Designation::StrokeCentre,
    Designation::TraumaCentre,
    Designation::CriticalMaternalCentre,
    Designation::CriticalChildCentre,
];
const NETWORK_KINDS: [NetworkKind; 5] = [
    NetworkKind::EHealthCard,
    NetworkKind::TestRecognition,
    NetworkKind::SpecialtyAlliance,
    NetworkKind::MedicalConsortium,
    NetworkKind::CountyMedicalCommunity,
];
const RADII_KM: [f64; 6] = [1.0, 3.0, 5.0, 10.0, 20.0, 50.0];

/// Collapsed until asked for; its fields are built on first opening, so a
/// closed panel costs nothing on the first screen, nor its counts per query.
#[component]
pub fn Filters(counts: Memo<Facets>, covered: Memo<Option<(String, Coverage)>>) -> impl IntoView {
    let s = settings();
    let opened = RwSignal::new(false);
    view! {
        // A click on the summary comes before the panel opens; toggle covers other ways of opening it.
        <details class="filters" on:toggle=move |_| opened.set(true)>
            <summary on:click=move |_| opened.set(true)>{move || s.m().more_filters}</summary>
            <Show when=move || opened.get()>
                <FilterFields counts=counts covered=covered />
            </Show>
        </details>
    }
}

#[component]
fn FilterFields(counts: Memo<Facets>, covered: Memo<Option<(String, Coverage)>>) -> impl IntoView {
    let (s, search) = (settings(), search());
    // "四川省 2124 家机构中，1 家列出…": what a group's counts are out of.
    // "…（来源：…）": who states them.
    type Sources = fn(&Coverage) -> &[(String, u32)];
    let listed = move |n: fn(&Coverage) -> u32, from: Sources| {
        covered.with(|c| {
            let (area, c) = c.as_ref()?;
            let lang = s.lang.get();
            let listed = fill(
                lang.m().listed_of,
                &[("area", area), ("total", &c.facilities.to_string()), ("n", &n(c).to_string())],
            );
            let listed = format!("{listed}{}", super::data_note::sources(lang, from(c)));
            Some(fill(lang.m().group_listed_only, &[("listed", &listed)]))
        })
    };
    // Networks: only the member lists they publish; how many publish one.
    let startup_data = data();
    let networks_listed = move || {
        let dataset = startup_data.dataset();
        let all = dataset.networks();
        let with = all.iter().filter(|n| !n.members.is_empty()).count();
        let counts = [("total", all.len().to_string()), ("n", with.to_string())];
        let counts = counts.each_ref().map(|(k, v)| (*k, v.as_str()));
        (!all.is_empty()).then(|| fill(s.m().networks_listed_only, &counts))
    };
    let data = data();
    let networks = move || -> Vec<(String, String, String)> {
        data.dataset()
            .networks()
            .iter()
            .filter(|n| {
                matches!(n.kind, NetworkKind::SpecialtyAlliance | NetworkKind::MedicalConsortium)
            })
            .map(|n| {
                (
                    n.id.clone(),
                    n.name.clone(),
                    if n.name_en.is_empty() { n.name.clone() } else { n.name_en.clone() },
                )
            })
            .collect()
    };
    let named_network = move || {
        let english = s.lang.get().english_names();
        networks()
            .into_iter()
            .map(|(id, zh, en)| {
                let count = counts.with(|c| c.network(&id).unwrap_or(0));
                let selected =
                    search.query.with(|q| q.filter.network.as_ref().is_some_and(|n| n.id == id));
                let name = if english { en } else { zh };
                let label = if data.tiled() { name } else { format!("{name} ({count})") };
                view! { <option value=id selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let query = search.query;
    // Features are offered only where a source states them, over tiles too (what is loaded).
    let sourced_features = move || {
        let all = counts.with(|c| c.features.clone());
        let ticked = |x: &engine::Feature| query.with(|q| q.filter.features.contains(x));
        all.into_iter().filter(|(x, n)| *n > 0 || ticked(x)).collect::<Vec<_>>()
    };
    let active = move || query.with(|q| q.has_filters() || q.radius_km.is_some());
    let tiled = data.tiled();
    view! {
        <p class="muted loaded-area" hidden=!tiled>{move || s.m().loaded_area_only}</p>
        <label class="check open-now">
            <input type="checkbox" prop:checked=move || query.with(|q| q.open_now)
                on:change=move |ev| query.update(|q| q.open_now = event_target_checked(&ev)) />
            {move || s.m().open_now_filter}
        </label>
        <label class="field">
            <span>{move || s.m().within}</span>
            <select on:change=move |ev| query.update(|q| q.radius_km = event_target_value(&ev).parse().ok())>
                <option value="" selected=move || query.with(|q| q.radius_km.is_none())>{move || s.m().any_distance}</option>
                {RADII_KM.iter().map(|&km| view! {
                    <option value=km.to_string() selected=move || query.with(|q| q.radius_km == Some(km))>
                        {move || format::distance(s.lang.get(), km * 1000.0)}
                    </option>
                }).collect_view()}
            </select>
        </label>
        {group(|m| m.group_kind, move || counts.with(|c| c.kinds.clone()), |q| &q.filter.kinds, |q| &mut q.filter.kinds)}
        {group(|m| m.group_grade, move || counts.with(|c| c.grades.clone()), |q| &q.filter.grades, |q| &mut q.filter.grades)}
        {group_noted(|m| m.group_tcm_services, move || only(counts.with(|c| c.services.clone()), &TCM_SERVICES, true), |q| &q.filter.services, |q| &mut q.filter.services, move || listed(|c| c.with_services, |c| &c.service_sources))}
        {group_noted(|m| m.group_services, move || only(counts.with(|c| c.services.clone()), &TCM_SERVICES, false), |q| &q.filter.services, |q| &mut q.filter.services, move || listed(|c| c.with_services, |c| &c.service_sources))}
        {group_noted(|m| m.group_five_centres, move || only(counts.with(|c| c.designations.clone()), &FIVE_CENTRES, true), |q| &q.filter.designations, |q| &mut q.filter.designations, move || listed(|c| c.with_designations, |c| &c.designation_sources))}
        {group_noted(|m| m.group_designations, move || only(counts.with(|c| c.designations.clone()), &FIVE_CENTRES, false), |q| &q.filter.designations, |q| &mut q.filter.designations, move || listed(|c| c.with_designations, |c| &c.designation_sources))}
        {group_noted(|m| m.group_networks, move || only(counts.with(|c| c.network_kinds.clone()), &NETWORK_KINDS, true), |q| &q.filter.network_kinds, |q| &mut q.filter.network_kinds, networks_listed)}
        // Insurance, access and booking: offered only where a source states them (no zero rows).
        {group_noted(|m| m.group_features, sourced_features, |q| &q.filter.features, |q| &mut q.filter.features, move || listed(|c| c.with_features, |c| &c.feature_sources))}
        <label class="field">
            <span>{move || s.m().named_network}</span>
            <select on:change=move |ev| {
                let id = event_target_value(&ev);
                query.update(|q| q.filter.network = (!id.is_empty()).then_some(InNetwork { id, role: None }));
            }>
                <option value="" selected=move || query.with(|q| q.filter.network.is_none())>{move || s.m().any}</option>
                {named_network}
            </select>
        </label>
        <Show when=active>
            <button type="button" class="link clear" on:click=move |_| query.update(|q| *q = Query { radius_km: None, ..q.without_filters() })>
                {move || s.m().clear_filters}
            </button>
        </Show>
    }
}

/// The options of `all` that are (`keep`) or are not (`!keep`) in `set`.
fn only<T: PartialEq>(all: Vec<(T, usize)>, set: &[T], keep: bool) -> Vec<(T, usize)> {
    all.into_iter().filter(|(v, _)| set.contains(v) == keep).collect()
}

/// A fieldset of checkboxes with counts; options that would give nothing
/// are left out unless ticked.
fn group<T: Label + PartialEq + Send + Sync + 'static>(
    legend: fn(&Messages) -> &'static str,
    options: impl Fn() -> Vec<(T, usize)> + Send + Sync + 'static,
    selected: fn(&Query) -> &Vec<T>,
    selected_mut: fn(&mut Query) -> &mut Vec<T>,
) -> impl IntoView {
    group_noted(legend, options, selected, selected_mut, || None)
}

/// As [`group`], with a note under the legend: how many institutions list
/// such facts at all, so a count reads as "listed", never as "all there are".
fn group_noted<T: Label + PartialEq + Send + Sync + 'static>(
    legend: fn(&Messages) -> &'static str,
    options: impl Fn() -> Vec<(T, usize)> + Send + Sync + 'static,
    selected: fn(&Query) -> &Vec<T>,
    selected_mut: fn(&mut Query) -> &mut Vec<T>,
    note: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    let (s, query) = (settings(), search().query);
    // Over tiles the counts cover only what is loaded: every option is offered, without a count.
    let tiled = data().tiled();
    let visible = Memo::new(move |_| {
        options()
            .into_iter()
            .filter(|(v, n)| tiled || *n > 0 || query.with(|q| selected(q).contains(v)))
            .collect::<Vec<_>>()
    });
    let rows = move || {
        let lang = s.lang.get();
        visible
            .get()
            .into_iter()
            .map(|(value, count)| {
                let checked = query.with(|q| selected(q).contains(&value));
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=checked on:change=move |_| query.update(|q| toggle(selected_mut(q), value)) />
                        <span>{lang.label(value)}</span>
                        <span class="count" hidden=tiled>{count}</span>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="group">
            <legend>{move || legend(s.m())}</legend>
            {move || note().map(|n| view! { <p class="muted listed-only">{n}</p> })}
            {rows}
            <Show when=move || visible.with(Vec::is_empty)>
                <p class="muted">{move || s.m().none_in_results}</p>
            </Show>
        </fieldset>
    }
}

/// The counts, recomputed when the query, the point or the clock changes.
pub fn counts_memo() -> Memo<Facets> {
    let (search, map, data) = (search(), map_link(), data());
    Memo::new(move |_| {
        let (from, now) = (search.reference_point(map), search.now());
        let dataset = data.dataset();
        search.query.with(|q| query::counts(&dataset, q, from, now))
    })
}
