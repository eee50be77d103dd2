//! The results screen: where from, chips, filters, the list and export.

use leptos::prelude::*;

use super::chips::Chips;
use super::export::Export;
use super::filters::{counts_memo, Filters};
use super::locate::Locate;
use super::results_list::ResultsList;
use crate::format;
use crate::query;
use crate::state;

#[component]
pub fn ResultsPanel() -> impl IntoView {
    let ui = state::ui();
    let data = state::data();
    let results = Memo::new(move |_| {
        let from = ui.reference_point().unwrap_or_else(crate::map::default_center);
        let now = format::china_time(ui.clock_ms.get());
        ui.query.with(|q| query::results(&data.dataset, q, from, now))
    });
    let counts = counts_memo();
    view! {
        <Locate />
        <Chips />
        <Filters counts=counts />
        <ResultsList results=results />
        <Export />
        <p class="about-link">
            <a href=move || crate::urlsync::href(ui, crate::route::Page::About)>{move || ui.t("关于数据：来源、日期、许可与纠错", "About the data: sources, dates, licences, corrections")}</a>
        </p>
    }
}
