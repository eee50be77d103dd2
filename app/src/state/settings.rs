//! What the user chose, remembered on the device: the language, elder mode,
//! and whether shared links may carry their own position.

use leptos::prelude::*;

use crate::i18n::table::Messages;
use crate::i18n::Lang;

/// The user's settings.
#[derive(Clone, Copy)]
pub struct Settings {
    pub lang: RwSignal<Lang>,
    pub elder: RwSignal<bool>,
    /// The user agreed to put their own position in links.
    pub share_location: RwSignal<bool>,
}

impl Settings {
    /// The remembered settings; a first visit takes the browser's language when Xunzhen speaks it.
    pub fn new() -> Self {
        let lang = stored("xunzhen.lang")
            .and_then(|l| Lang::parse(&l))
            .or_else(browser_lang)
            .unwrap_or_default();
        Settings {
            lang: RwSignal::new(lang),
            elder: RwSignal::new(stored("xunzhen.elder").as_deref() == Some("1")),
            share_location: RwSignal::new(false),
        }
    }

    /// The messages of the current language (tracked).
    pub fn m(&self) -> &'static Messages {
        self.lang.get().m()
    }
}

/// The settings context.
pub fn settings() -> Settings {
    expect_context::<Settings>()
}

/// The first of the browser's languages that Xunzhen speaks.
fn browser_lang() -> Option<Lang> {
    let languages = window().navigator().languages();
    let tags: Vec<String> = languages.iter().filter_map(|v| v.as_string()).collect();
    Lang::preferred(tags.iter().map(String::as_str))
}

/// A value remembered in localStorage (absent when storage is blocked).
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Remembers a value in localStorage, when storage is allowed.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}
