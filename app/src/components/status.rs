//! Loading and failure states for the dataset.

use leptos::prelude::*;

use crate::i18n::{fill, Text};
use crate::load::{bytes_label, Progress};
use crate::state::settings::settings;

#[component]
pub fn Loading(progress: RwSignal<Progress>) -> impl IntoView {
    let s = settings();
    let label = move || {
        let p = progress.get();
        match p.total {
            Some(total) => format!("{} / {}", bytes_label(p.loaded), bytes_label(total)),
            None => bytes_label(p.loaded),
        }
    };
    let percent = move || {
        progress
            .get()
            .total
            .filter(|t| *t > 0.0)
            .map(|t| (progress.get().loaded / t * 100.0).round())
    };
    view! {
        <div class="status loading" role="status" aria-live="polite">
            <p>{move || s.m().loading_data}</p>
            <Show when=move || { progress.get().attempt > 1 }>
                <p class="retrying">{move || fill(s.m().retrying, &[("n", &progress.get().attempt.to_string())])}</p>
            </Show>
            <progress max="100" value=move || percent().map(|p| p.to_string()) aria-label=move || s.m().download_progress></progress>
            <p class="bytes">{label}</p>
        </div>
    }
}

/// The dataset could not be loaded: say why and offer to try again; a
/// dataset from a newer app version asks for a reload instead.
#[component]
pub fn LoadFailed(
    message: Text,
    newer: bool,
    on_retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let s = settings();
    let action = move |_| {
        if newer {
            let _ = window().location().reload();
        } else {
            on_retry();
        }
    };
    view! {
        <div class="status error" role="alert">
            <p>{move || if newer { s.m().newer_data } else { s.m().load_failed }}</p>
            <p class="detail">{move || message.in_lang(s.lang.get())}</p>
            <button type="button" on:click=action>
                {move || if newer { s.m().reload } else { s.m().retry }}
            </button>
        </div>
    }
}
