//! Language and elder mode, in the top bar.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::state::settings::settings;

#[component]
pub fn Settings() -> impl IntoView {
    let s = settings();
    view! {
        <div class="settings">
            <select
                class="lang-select"
                aria-label=move || s.m().language
                on:change=move |ev| {
                    if let Some(lang) = Lang::parse(&event_target_value(&ev)) {
                        s.lang.set(lang);
                    }
                }
            >
                {Lang::all().map(|lang| view! {
                    <option value=lang.code() lang=lang.html_lang() selected=move || s.lang.get() == lang>{lang.name()}</option>
                }).collect_view()}
            </select>
            <button
                type="button"
                class="elder-toggle"
                aria-pressed=move || s.elder.get().to_string()
                on:click=move |_| s.elder.update(|e| *e = !*e)
            >
                {move || s.m().elder_mode}
            </button>
        </div>
    }
}
