//! The legend: each category's symbol and name, plus clusters and "you".

use leptos::prelude::*;

use super::style::{symbol_path, CATEGORIES};
use crate::state;

#[component]
pub fn Legend() -> impl IntoView {
    let ui = state::ui();
    view! {
        <details class="legend" open=super::is_wide()>
            <summary>{move || ui.t("图例", "Legend")}</summary>
            <ul>
                {CATEGORIES.iter().map(|c| view! {
                    <li>
                        <svg viewBox="-9 -9 18 18" width="16" height="16" aria-hidden="true">
                            <path d=symbol_path(c.shape, 6.5) fill=c.fill stroke="#fff" stroke-width="1.5" />
                        </svg>
                        {move || ui.t(c.zh, c.en)}
                    </li>
                }).collect_view()}
                <li>
                    <svg viewBox="-9 -9 18 18" width="16" height="16" aria-hidden="true">
                        <circle r="8" fill="none" stroke="#555" stroke-width="1.2" stroke-dasharray="2.5 2" />
                        <circle r="4.5" fill="#555" fill-opacity="0.6" />
                    </svg>
                    {move || ui.t("虚线圈:位置为所在乡镇或区县中心,非机构门址", "Dashed ring: placed at its township's or county's centre, not its door")}
                </li>
                <li>
                    <svg viewBox="-9 -9 18 18" width="16" height="16" aria-hidden="true"><circle r="8" fill="#17453a" /></svg>
                    {move || ui.t("多家机构(点按放大)", "Several facilities (tap to zoom in)")}
                </li>
                <li>
                    <svg viewBox="-9 -9 18 18" width="16" height="16" aria-hidden="true"><circle r="6" fill="#1a73e8" stroke="#fff" stroke-width="2" /></svg>
                    {move || ui.t("你的位置", "You")}
                </li>
            </ul>
        </details>
    }
}
