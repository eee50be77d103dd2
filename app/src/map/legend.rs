//! The legend: each category's symbol and name, plus clusters and "you".

use leptos::prelude::*;

use crate::map::frame::is_wide;
use crate::state::settings::settings;
use crate::symbols::{symbol_path, CATEGORIES};

#[component]
pub fn Legend() -> impl IntoView {
    let s = settings();
    view! {
        <details class="legend" open=is_wide()>
            <summary>{move || s.m().legend}</summary>
            <ul>
                {CATEGORIES.iter().enumerate().map(|(i, c)| view! {
                    <li>
                        <svg viewBox="-9 -9 18 18" width="16" height="16" aria-hidden="true">
                            <path d=symbol_path(c.shape, 6.5) fill=c.fill stroke="#fff" stroke-width="1.5" />
                        </svg>
                        {move || s.lang.get().legend()[i]}
                    </li>
                }).collect_view()}
                <li>
                    <svg viewBox="-9 -9 18 18" width="16" height="16" aria-hidden="true">
                        <circle r="8" fill="none" stroke="#555" stroke-width="1.2" stroke-dasharray="2.5 2" />
                        <circle r="4.5" fill="#555" fill-opacity="0.6" />
                    </svg>
                    {move || s.m().legend_seat}
                </li>
                <li>
                    <svg viewBox="-9 -9 18 18" width="16" height="16" aria-hidden="true"><circle r="8" fill="#17453a" /></svg>
                    {move || s.m().legend_cluster}
                </li>
                <li>
                    <svg viewBox="-9 -9 18 18" width="16" height="16" aria-hidden="true"><circle r="6" fill="#1a73e8" stroke="#fff" stroke-width="2" /></svg>
                    {move || s.m().legend_you}
                </li>
            </ul>
        </details>
    }
}
