//! The results, nearest first, in step with the map: hovering or focusing a
//! row highlights its marker; choosing it opens the listing and the map pans there.

use leptos::prelude::*;

use super::badges::badges;
use crate::format;
use crate::query::Results;
use crate::route::Query;
use crate::state;

#[component]
pub fn ResultsList(results: Memo<Results>) -> impl IntoView {
    let ui = state::ui();
    let data = state::data();
    let dataset = data.dataset.clone();
    let rows = move || {
        let lang = ui.lang.get();
        let now = format::china_time(ui.clock_ms.get());
        results
            .get()
            .rows
            .into_iter()
            .filter_map(|(slot, distance_m)| {
                let f = dataset.get(slot)?;
                let hours = dataset.hours(slot).map(|h| format::hours_status(lang, h.status_at(now), now));
                let href = crate::urlsync::href(ui, crate::route::Page::Facility(f.id().to_string()));
                // A point that stands for an area says so beside the distance: "约 12 公里 · 位置为龙水镇中心".
                let approximate = f.precision().is_approximate().then(|| {
                    view! { <span class="precision">{format::placed(lang, f.precision(), f.location_source())}</span> }
                });
                Some(view! {
                    <li class="result" class:hovered=move || ui.hovered.get() == Some(slot)
                        on:mouseenter=move |_| ui.hovered.set(Some(slot))
                        on:mouseleave=move |_| ui.hovered.set(None)>
                        <a class="result-link" href=href on:focus=move |_| ui.hovered.set(Some(slot)) on:blur=move |_| ui.hovered.set(None)>
                            <span class="facility-name">{f.name().to_string()}</span>
                            <span class="distance">{format::distance_to(lang, distance_m, f.precision())}</span>
                        </a>
                        {badges(lang, &dataset, f)}
                        <p class="meta">
                            {hours.unwrap_or_else(|| lang.pick("营业时间未列出", "Hours not listed").to_string())}
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
        use crate::state::OriginSource::*;
        let (zh, en) = ui.origin.with(|o| match o.as_ref().map(|o| &o.source) {
            Some(Device { .. }) => ("离你最近的机构".to_string(), "Nearest to you".to_string()),
            Some(Place(name)) => (format!("离{name}最近的机构"), format!("Nearest {name}")),
            Some(Map) => ("离你在地图上选的位置最近".to_string(), "Nearest the point you chose on the map".to_string()),
            Some(Link) => ("离链接中的位置最近".to_string(), "Nearest the point in the link".to_string()),
            None => ("离地图中心最近的机构".to_string(), "Nearest the map centre".to_string()),
        });
        match ui.lang.get() {
            crate::i18n::Lang::Zh => format!("{zh} · 共 {} 家", total()),
            crate::i18n::Lang::En => format!("{en} · {} found", total()),
        }
    };
    view! {
        <section class="results-section" aria-labelledby="results-heading">
            <h2 id="results-heading" class="results-heading" tabindex="-1" aria-live="polite">{heading}</h2>
            <Show when=move || { total() > shown() }>
                <p class="muted">{move || match ui.lang.get() {
                    crate::i18n::Lang::Zh => format!("列出最近的 {} 家。", shown()),
                    crate::i18n::Lang::En => format!("Showing the nearest {}.", shown()),
                }}</p>
            </Show>
            <Show when=move || total() == 0 fallback=move || view! { <ol class="results" aria-labelledby="results-heading">{rows.clone()}</ol> }>
                <EmptyState />
            </Show>
        </section>
    }
}

/// No results: say what would help, with buttons that do it.
#[component]
fn EmptyState() -> impl IntoView {
    let ui = state::ui();
    let has_radius = move || ui.query.with(|q| q.radius_km.is_some());
    let has_filters = move || ui.query.with(|q| Query { text: String::new(), radius_km: None, ..q.clone() } != Query::default());
    let has_text = move || ui.query.with(|q| !q.text.is_empty());
    view! {
        <div class="empty" role="status">
            <p>{move || ui.t("没有符合条件的机构。", "No facility matches.")}</p>
            <Show when=has_radius>
                <button type="button" on:click=move |_| ui.query.update(|q| q.radius_km = q.radius_km.map(|r| r * 3.0).filter(|r| *r <= 150.0))>
                    {move || ui.t("扩大范围", "Widen the radius")}
                </button>
            </Show>
            <Show when=has_filters>
                <button type="button" on:click=move |_| ui.query.update(|q| *q = Query { text: q.text.clone(), radius_km: q.radius_km, ..Query::default() })>
                    {move || ui.t("去掉筛选条件", "Drop the filters")}
                </button>
            </Show>
            <Show when=has_text>
                <button type="button" on:click=move |_| ui.query.update(|q| q.text.clear())>
                    {move || ui.t("清除搜索文字", "Clear the search text")}
                </button>
            </Show>
        </div>
    }
}
