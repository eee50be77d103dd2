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
use crate::state::startup::data;

#[component]
pub fn ResultsPanel() -> impl IntoView {
    let (s, search, map, data) = (settings(), search(), map_link(), data());
    let results = Memo::new(move |_| {
        let (from, now) = (search.reference_point(map), search.now());
        search.query.with(|q| query::results(&data.dataset, q, from, now))
    });
    let counts = counts_memo();
    view! {
        <Locate />
        <Chips />
        <Filters counts=counts />
        <ResultsList results=results />
        <Export />
        <p class="about-link">
            <a href=move || crate::urlsync::href(Page::About)>{move || s.m().about_link}</a>
        </p>
    }
}
