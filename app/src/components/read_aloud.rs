//! The 朗读 (read aloud) button: reads what a screen says (see
//! [`crate::speech`]) when pressed, never unasked; while it reads, pause and
//! stop; on a device with no voice for the language, it says so.

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::table::Messages;
use crate::i18n::Lang;
use crate::speech::{self, Unavailable};
use crate::state::settings::settings;

/// What a screen reads, in a language.
pub type Script = Arc<dyn Fn(Lang) -> Vec<String> + Send + Sync>;

#[derive(Clone, Copy, PartialEq)]
enum Reading {
    Idle,
    Speaking,
    Paused,
    Unavailable(Unavailable),
}

#[component]
pub fn ReadAloud(label: fn(&Messages) -> &'static str, script: Script) -> impl IntoView {
    let s = settings();
    let state = RwSignal::new(Reading::Idle);
    // Leaving the screen stops its reading.
    on_cleanup(speech::stop);
    // One button: read, or while reading pause and resume; stop beside it.
    let press = move |_| match state.get_untracked() {
        Reading::Speaking | Reading::Paused => {
            let pausing = state.get_untracked() == Reading::Speaking;
            speech::pause(pausing);
            state.set(if pausing { Reading::Paused } else { Reading::Speaking });
        }
        _ => {
            let (lang, slow) = (s.lang.get_untracked(), s.elder.get_untracked());
            state.set(
                match speech::speak(lang, &script(lang), slow, move || {
                    _ = state.try_set(Reading::Idle)
                }) {
                    Ok(()) => Reading::Speaking,
                    Err(why) => Reading::Unavailable(why),
                },
            );
        }
    };
    let stop = move |_| {
        speech::stop();
        state.set(Reading::Idle);
    };
    let text = move || {
        let m = s.m();
        match state.get() {
            Reading::Speaking => (m.read_pause, m.read_pause, ""),
            Reading::Paused => (m.read_resume, m.read_resume, ""),
            Reading::Unavailable(Unavailable::NoVoice) => (m.read_aloud, label(m), m.read_no_voice),
            Reading::Unavailable(Unavailable::NoSpeech) => {
                (m.read_aloud, label(m), m.read_no_speech)
            }
            Reading::Idle => (m.read_aloud, label(m), ""),
        }
    };
    view! {
        <div class="read-aloud">
            <button type="button" class="secondary read-aloud-button" on:click=press aria-label=move || text().1>
                <span aria-hidden="true">"🔊 "</span>{move || text().0}
            </button>
            <button type="button" class="secondary" hidden=move || !matches!(state.get(), Reading::Speaking | Reading::Paused) on:click=stop>
                {move || s.m().read_stop}
            </button>
            <p class="read-status" role="status">{move || text().2}</p>
        </div>
    }
}
