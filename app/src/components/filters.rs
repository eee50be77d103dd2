//! Every filter, with how many facilities each option gives: kind, grade,
//! TCM services, specialties, the five emergency centres and other
//! designations, networks, open now, and the radius.

use engine::{Designation, NetworkKind, Service};
use leptos::prelude::*;

use super::chips::toggle;
use crate::format;
use crate::i18n::{Label, Lang};
use crate::query::{self, Counts};
use crate::route::Query;
use crate::state;

const TCM_SERVICES: [Service; 8] = [
    Service::Acupuncture,
    Service::Tuina,
    Service::Cupping,
    Service::Moxibustion,
    Service::GuaSha,
    Service::PreventiveTcm,
    Service::TcmHall,
    Service::ModelTcmHall,
];
const FIVE_CENTRES: [Designation; 5] = [
    Designation::ChestPainCentre,
    Designation::StrokeCentre,
    Designation::TraumaCentre,
    Designation::CriticalMaternalCentre,
    Designation::CriticalChildCentre,
];
const NETWORK_KINDS: [NetworkKind; 5] =
    [NetworkKind::EHealthCard, NetworkKind::TestRecognition, NetworkKind::SpecialtyAlliance, NetworkKind::MedicalConsortium, NetworkKind::CountyMedicalCommunity];
const RADII_KM: [f64; 6] = [1.0, 3.0, 5.0, 10.0, 20.0, 50.0];

/// Collapsed until asked for; its fields are built on first opening, so a
/// closed panel costs nothing on the first screen, nor its counts per query.
#[component]
pub fn Filters(counts: Memo<Counts>) -> impl IntoView {
    let ui = state::ui();
    let opened = RwSignal::new(false);
    view! {
        // A click on the summary comes before the panel opens; toggle covers other ways of opening it.
        <details class="filters" on:toggle=move |_| opened.set(true)>
            <summary on:click=move |_| opened.set(true)>{move || ui.t("更多筛选", "More filters")}</summary>
            <Show when=move || opened.get()>
                <FilterFields counts=counts />
            </Show>
        </details>
    }
}

#[component]
fn FilterFields(counts: Memo<Counts>) -> impl IntoView {
    let ui = state::ui();
    let data = state::data();
    let networks: Vec<(String, String, String)> = data
        .dataset
        .networks()
        .iter()
        .filter(|n| matches!(n.kind, NetworkKind::SpecialtyAlliance | NetworkKind::MedicalConsortium))
        .map(|n| (n.id.clone(), n.name.clone(), if n.name_en.is_empty() { n.name.clone() } else { n.name_en.clone() }))
        .collect();
    let named_network = move || {
        let lang = ui.lang.get();
        networks
            .iter()
            .map(|(id, zh, en)| {
                let count = counts.with(|c| c.networks.iter().find(|(n, _)| n == id).map_or(0, |(_, c)| *c));
                let selected = ui.query.with(|q| q.network.as_deref() == Some(id.as_str()));
                view! { <option value=id.clone() selected=selected>{format!("{} ({count})", lang.pick(zh, en))}</option> }
            })
            .collect_view()
    };
    let active = move || ui.query.with(|q| Query { text: String::new(), ..q.clone() } != Query::default());
    view! {
        <label class="check open-now">
            <input type="checkbox" prop:checked=move || ui.query.with(|q| q.open_now)
                on:change=move |ev| ui.query.update(|q| q.open_now = event_target_checked(&ev)) />
            {move || ui.t("现在营业(未列出营业时间的机构不算在内)", "Open now (facilities that list no hours are left out)")}
        </label>
        <label class="field">
            <span>{move || ui.t("范围", "Within")}</span>
            <select on:change=move |ev| ui.query.update(|q| q.radius_km = event_target_value(&ev).parse().ok())>
                <option value="" selected=move || ui.query.with(|q| q.radius_km.is_none())>{move || ui.t("不限距离", "Any distance")}</option>
                {RADII_KM.iter().map(|&km| view! {
                    <option value=km.to_string() selected=move || ui.query.with(|q| q.radius_km == Some(km))>
                        {move || format::distance(ui.lang.get(), km * 1000.0)}
                    </option>
                }).collect_view()}
            </select>
        </label>
        {group(("机构类别", "Kind"), move || counts.with(|c| c.kinds.clone()), |q| &q.kinds, |q| &mut q.kinds)}
        {group(("等级", "Grade"), move || counts.with(|c| c.grades.clone()), |q| &q.grades, |q| &mut q.grades)}
        {group(("中医服务", "TCM services"), move || only(counts.with(|c| c.services.clone()), &TCM_SERVICES, true), |q| &q.services, |q| &mut q.services)}
        {group(("专科与服务", "Specialties and services"), move || only(counts.with(|c| c.services.clone()), &TCM_SERVICES, false), |q| &q.services, |q| &mut q.services)}
        {group(("五大救治中心", "The five emergency centres"), move || only(counts.with(|c| c.designations.clone()), &FIVE_CENTRES, true), |q| &q.designations, |q| &mut q.designations)}
        {group(("其他资质", "Other designations"), move || only(counts.with(|c| c.designations.clone()), &FIVE_CENTRES, false), |q| &q.designations, |q| &mut q.designations)}
        {group(("联网与互认", "Networks"), move || only(counts.with(|c| c.network_kinds.clone()), &NETWORK_KINDS, true), |q| &q.network_kinds, |q| &mut q.network_kinds)}
        <label class="field">
            <span>{move || ui.t("某个专科联盟或医联体的成员", "Member of a named alliance or consortium")}</span>
            <select on:change=move |ev| {
                let id = event_target_value(&ev);
                ui.query.update(|q| q.network = (!id.is_empty()).then_some(id));
            }>
                <option value="" selected=move || ui.query.with(|q| q.network.is_none())>{move || ui.t("不限", "Any")}</option>
                {named_network}
            </select>
        </label>
        <Show when=active>
            <button type="button" class="link clear" on:click=move |_| ui.query.update(|q| *q = Query { text: q.text.clone(), ..Query::default() })>
                {move || ui.t("清除全部筛选", "Clear all filters")}
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
    legend: (&'static str, &'static str),
    options: impl Fn() -> Vec<(T, usize)> + Send + Sync + 'static,
    selected: fn(&Query) -> &Vec<T>,
    selected_mut: fn(&mut Query) -> &mut Vec<T>,
) -> impl IntoView {
    let ui = state::ui();
    let visible = Memo::new(move |_| {
        options().into_iter().filter(|(v, n)| *n > 0 || ui.query.with(|q| selected(q).contains(v))).collect::<Vec<_>>()
    });
    let rows = move || {
        let lang: Lang = ui.lang.get();
        visible
            .get()
            .into_iter()
            .map(|(value, count)| {
                let checked = ui.query.with(|q| selected(q).contains(&value));
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=checked on:change=move |_| ui.query.update(|q| toggle(selected_mut(q), value)) />
                        <span>{lang.label(value)}</span>
                        <span class="count">{count}</span>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="group">
            <legend>{move || ui.t(legend.0, legend.1)}</legend>
            {rows}
            <Show when=move || visible.with(Vec::is_empty)>
                <p class="muted">{move || ui.t("当前结果中没有", "None among the current results")}</p>
            </Show>
        </fieldset>
    }
}

/// The counts, recomputed when the query, the point or the clock changes.
pub fn counts_memo() -> Memo<Counts> {
    let ui = state::ui();
    let data = state::data();
    Memo::new(move |_| {
        let from = ui.reference_point().unwrap_or_else(crate::map::default_center);
        let now = format::china_time(ui.clock_ms.get());
        ui.query.with(|q| query::counts(&data.dataset, q, from, now))
    })
}
