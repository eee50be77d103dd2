//! Loading and failure states for the dataset.

use leptos::prelude::*;

use crate::load::{bytes_label, Progress};
use crate::state;

#[component]
pub fn Loading(progress: RwSignal<Progress>) -> impl IntoView {
    let ui = state::ui();
    let label = move || {
        let p = progress.get();
        match p.total {
            Some(total) => format!("{} / {}", bytes_label(p.loaded), bytes_label(total)),
            None => bytes_label(p.loaded),
        }
    };
    let percent = move || progress.get().total.filter(|t| *t > 0.0).map(|t| (progress.get().loaded / t * 100.0).round());
    view! {
        <div class="status loading" role="status" aria-live="polite">
            <p>{move || ui.t("正在加载机构数据…", "Loading facilities…")}</p>
            <Show when=move || { progress.get().attempt > 1 }>
                <p class="retrying">{move || {
                    let n = progress.get().attempt;
                    match ui.lang.get() {
                        crate::i18n::Lang::Zh => format!("下载未成功,正在第 {n} 次尝试(共 3 次)…"),
                        crate::i18n::Lang::En => format!("The download failed; trying again ({n} of 3)…"),
                    }
                }}</p>
            </Show>
            <progress max="100" value=move || percent().map(|p| p.to_string()) aria-label=move || ui.t("下载进度", "Download progress")></progress>
            <p class="bytes">{label}</p>
        </div>
    }
}

/// The dataset could not be loaded: say why and offer to try again; a
/// dataset from a newer app version asks for a reload instead.
#[component]
pub fn LoadFailed(message: String, newer: bool, on_retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let ui = state::ui();
    let action = move |_| {
        if newer {
            let _ = window().location().reload();
        } else {
            on_retry();
        }
    };
    view! {
        <div class="status error" role="alert">
            <p>
                {move || if newer {
                    ui.t("数据已更新,需要新版本的寻诊。请刷新页面。", "The data has been updated for a newer Xunzhen. Please reload the page.")
                } else {
                    ui.t("无法加载机构数据。", "Could not load the facility data.")
                }}
            </p>
            <p class="detail">{message}</p>
            <button type="button" on:click=action>
                {move || if newer { ui.t("刷新页面", "Reload") } else { ui.t("重试", "Retry") }}
            </button>
        </div>
    }
}
