//! Notices: things the user should know that do not stop them (a link
//! partly ignored, tiles unavailable, an export refused), in the language
//! of the moment.

use leptos::prelude::*;

use crate::i18n::{Lang, Text};

/// How a notice looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Warning,
    Error,
}

impl NoticeKind {
    /// Its CSS class.
    pub fn class(self) -> &'static str {
        match self {
            NoticeKind::Warning => "warning",
            NoticeKind::Error => "error",
        }
    }
}

/// A message on screen until dismissed.
#[derive(Clone, Debug)]
pub struct Notice {
    pub id: u32,
    pub kind: NoticeKind,
    pub text: Text,
}

/// The notices context.
#[derive(Clone, Copy)]
pub struct Notices {
    pub list: RwSignal<Vec<Notice>>,
}

impl Notices {
    pub fn new() -> Self {
        Notices { list: RwSignal::new(Vec::new()) }
    }

    /// Adds a notice unless the same one is already showing.
    pub fn notify(&self, kind: NoticeKind, text: Text) {
        let key = text.in_lang(Lang::default());
        self.list.update(|list| {
            if !list.iter().any(|n| n.text.in_lang(Lang::default()) == key) {
                let id = list.iter().map(|n| n.id).max().unwrap_or(0) + 1;
                list.push(Notice { id, kind, text });
            }
        });
    }

    /// Removes a notice.
    pub fn dismiss(&self, id: u32) {
        self.list.update(|list| list.retain(|n| n.id != id));
    }
}

/// The notices context.
pub fn notices() -> Notices {
    expect_context::<Notices>()
}
