//! Notices: things the user should know that do not stop them (a link
//! partly ignored, tiles unavailable, location denied).

use leptos::prelude::*;

use crate::state;

#[component]
pub fn Notices() -> impl IntoView {
    let ui = state::ui();
    view! {
        <div class="notices" role="status" aria-live="polite">
            <For each=move || ui.notices.get() key=|n| n.id let:notice>
                <div class=format!("notice {}", notice.kind)>
                    <p>{notice.text.clone()}</p>
                    <button
                        type="button"
                        class="dismiss"
                        aria-label=move || ui.t("关闭提示", "Dismiss")
                        on:click=move |_| ui.notices.update(|list| list.retain(|n| n.id != notice.id))
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
