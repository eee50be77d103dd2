//! Export the current results (every match, not only the rows shown) as CSV
//! or GeoJSON, made in the browser from the loaded dataset.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use crate::i18n::Text;
use crate::query;
use crate::state::map_link::map_link;
use crate::state::notices::{notices, NoticeKind};
use crate::state::search::search;
use crate::state::settings::settings;
use crate::state::startup::data;

#[component]
pub fn Export() -> impl IntoView {
    let (s, search, map, notices, data) = (settings(), search(), map_link(), notices(), data());
    let export = move |geojson: bool| {
        let (from, now) = untrack(|| (search.reference_point(map), search.now()));
        let dataset = data.dataset_untracked();
        let mut slots =
            search.query.with_untracked(|q| query::all_slots(&dataset, q, from, now, data.tiled()));
        engine::sort_by(&mut slots, |a, b| a.cmp(b));
        let (text, mime, name) = if geojson {
            (dataset.export_geojson(&slots), "application/geo+json", "xunzhen-results.geojson")
        } else {
            // A byte-order mark so spreadsheet programs read the UTF-8 Chinese correctly.
            (
                format!("\u{feff}{}", dataset.export_csv(&slots)),
                "text/csv;charset=utf-8",
                "xunzhen-results.csv",
            )
        };
        if download(&text, mime, name).is_err() {
            notices.notify(NoticeKind::Error, Text::new(|m| m.export_failed));
        }
    };
    view! {
        <div class="export" role="group" aria-label=move || s.m().export_label>
            <span>{move || if data.tiled() && search.query.with(|q| q.radius_km.is_none()) { s.m().export_listed } else { s.m().export_all }}</span>
            <button type="button" class="secondary" on:click=move |_| export(false)>"CSV"</button>
            <button type="button" class="secondary" on:click=move |_| export(true)>"GeoJSON"</button>
        </div>
    }
}

/// Saves `text` as a file through a temporary object URL.
fn download(text: &str, mime: &str, name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let a: HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    set_timeout(move || drop(Url::revoke_object_url(&url)), std::time::Duration::from_secs(5));
    Ok(())
}
