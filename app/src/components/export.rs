//! Export the current results (every match, not only the rows shown) as CSV
//! or GeoJSON, made in the browser from the loaded dataset.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use crate::format;
use crate::query;
use crate::state;

#[component]
pub fn Export() -> impl IntoView {
    let ui = state::ui();
    let data = state::data();
    let export = move |geojson: bool| {
        let from = ui.reference_point().unwrap_or_else(crate::map::default_center);
        let now = format::china_time(ui.clock_ms.get_untracked());
        let mut slots = ui.query.with_untracked(|q| query::all_slots(&data.dataset, q, from, now));
        slots.sort_unstable();
        let (text, mime, name) = if geojson {
            (engine::export::geojson(&data.dataset, &slots), "application/geo+json", "xunzhen-results.geojson")
        } else {
            // A byte-order mark so spreadsheet programs read the UTF-8 Chinese correctly.
            (format!("\u{feff}{}", engine::export::csv(&data.dataset, &slots)), "text/csv;charset=utf-8", "xunzhen-results.csv")
        };
        if download(&text, mime, name).is_err() {
            ui.notify("error", ui.t("导出失败,浏览器不允许下载。", "Export failed: the browser refused the download.").into());
        }
    };
    let export_csv = export.clone();
    view! {
        <div class="export" role="group" aria-label=move || ui.t("导出结果", "Export results")>
            <span>{move || ui.t("导出全部结果:", "Export all results: ")}</span>
            <button type="button" class="secondary" on:click=move |_| export_csv(false)>"CSV"</button>
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
