//! Loading and failure states for the dataset.

use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="status" role="status" aria-live="polite">"正在加载机构数据… Loading facilities…"</p>
    }
}

/// The dataset could not be loaded: say why and offer to try again.
#[component]
pub fn LoadFailed(message: String, on_retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="status error" role="alert">
            <p>"无法加载机构数据。Could not load the facility data."</p>
            <p class="detail">{message}</p>
            <button type="button" on:click=move |_| on_retry()>"重试 Retry"</button>
        </div>
    }
}
