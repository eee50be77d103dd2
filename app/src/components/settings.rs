//! Language and elder mode, in the top bar.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::state;

#[component]
pub fn Settings() -> impl IntoView {
    let ui = state::ui();
    let other = move || match ui.lang.get() {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    view! {
        <div class="settings">
            <button
                type="button"
                class="lang-toggle"
                lang=move || other().html_lang()
                on:click=move |_| ui.lang.set(other())
            >
                {move || match other() {
                    Lang::En => "English",
                    Lang::Zh => "中文",
                }}
            </button>
            <button
                type="button"
                class="elder-toggle"
                aria-pressed=move || ui.elder.get().to_string()
                on:click=move |_| ui.elder.update(|e| *e = !*e)
            >
                {move || ui.t("长辈模式", "Elder mode")}
            </button>
        </div>
    }
}
