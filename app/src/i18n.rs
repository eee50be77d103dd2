//! The two interface languages. Vocabulary labels come from the dataset's
//! own zh/en labels; interface strings are written in pairs where they are used.

use engine::{Designation, FacilityKind, Grade, LocationPrecision, NetworkKind, Ownership, Role, Service};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The value of the document's `lang` attribute.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// One of a pair of strings.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A vocabulary label in this language.
    pub fn label(self, value: impl Label) -> &'static str {
        self.pick(value.zh(), value.en())
    }
}

/// A controlled-vocabulary value with its dataset labels.
pub trait Label: Copy {
    fn zh(self) -> &'static str;
    fn en(self) -> &'static str;
}

macro_rules! labels {
    ($($t:ty),*) => {$(
        impl Label for $t {
            fn zh(self) -> &'static str { <$t>::zh(self) }
            fn en(self) -> &'static str { <$t>::en(self) }
        }
    )*};
}
labels!(Designation, FacilityKind, Grade, LocationPrecision, NetworkKind, Ownership, Role, Service);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_language() {
        assert_eq!(Lang::Zh.label(Service::Acupuncture), "针灸");
        assert_eq!(Lang::En.label(Service::Acupuncture), "Acupuncture");
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
