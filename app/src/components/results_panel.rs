//! The results screen: where from, chips, filters, the list and export.

use leptos::prelude::*;

use super::chips::Chips;
use super::export::Export;
use super::filters::{counts_memo, Filters};
use super::locate::Locate;
use super::results_list::ResultsList;
use crate::model::Page;
use crate::query;
use crate::state::map_link::map_link;
use crate::state::search::search;
use crate::state::settings::settings;
use crate::state::startup::{data, startup};
use crate::tiles::{self, Coverage};

#[component]
pub fn ResultsPanel() -> impl IntoView {
    let (s, search, map, data) = (settings(), search(), map_link(), data());
    let results = Memo::new(move |_| {
        let (from, now, dataset) = (search.reference_point(map), search.now(), data.dataset());
        search.query.with(|q| query::results(&dataset, q, from, now, data.tiled()))
    });
    // Over tiles: load what the question needs, and say how far that is.
    let coverage = RwSignal::new(Coverage::Complete);
    let generation = StoredValue::new(0u64);
    let retries = RwSignal::new(0u32);
    let startup = startup();
    Effect::new(move |_| {
        retries.track();
        if !startup.tiled.get() {
            return;
        }
        let (from, now) = (search.reference_point(map), search.now());
        let question = search.query.with(|q| query::question(q, from, now));
        tiles::ask(startup, question, coverage, generation);
    });
    let on_retry = move || {
        tiles::retry();
        retries.update(|n| *n += 1);
    };
    let counts = counts_memo();
    view! {
        <Locate />
        <Chips />
        <Filters counts=counts />
        <CoverageNote coverage=coverage on_retry=on_retry />
        <ResultsList results=results settled=Signal::derive(move || coverage.with(|c| *c == Coverage::Complete)) />
        <Export />
        <p class="about-link">
            <a href=move || crate::urlsync::href(Page::About)>{move || s.m().about_link}</a>
        </p>
    }
}

/// Whether the results are being completed, or could not be: the files that
/// failed, with a retry. Hidden while the answer is exact.
#[component]
pub fn CoverageNote(
    coverage: RwSignal<Coverage>,
    on_retry: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let s = settings();
    let failed = move || coverage.with(|c| matches!(c, Coverage::Failed(_)));
    let text = move || match coverage.get() {
        Coverage::Failed(files) => {
            crate::i18n::fill(s.m().area_failed, &[("files", &files.join(", "))])
        }
        _ => s.m().area_loading.to_string(),
    };
    view! {
        <div class="status coverage" class:error=failed role=move || if failed() { "alert" } else { "status" }
            hidden=move || coverage.with(|c| *c == Coverage::Complete)>
            <p>{text}</p>
            <button type="button" hidden=move || !failed() on:click=move |_| on_retry()>{move || s.m().retry}</button>
        </div>
    }
}
