//! Notices: things the user should know that do not stop them (a link
//! partly ignored, tiles unavailable, location denied).

use leptos::prelude::*;

use crate::state::notices::notices;
use crate::state::settings::settings;

#[component]
pub fn Notices() -> impl IntoView {
    let (s, notices) = (settings(), notices());
    view! {
        <div class="notices" role="status" aria-live="polite">
            <For each=move || notices.list.get() key=|n| n.id let:notice>
                <div class=format!("notice {}", notice.kind.class())>
                    <p>{move || notice.text.in_lang(s.lang.get())}</p>
                    <button
                        type="button"
                        class="dismiss"
                        aria-label=move || s.m().dismiss
                        on:click=move |_| notices.dismiss(notice.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
