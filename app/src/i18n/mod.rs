//! The interface languages. Each is one file of messages and labels (see
//! [`table`]); a new language is a new file beside these and its name in
//! the one line of `languages!` below.

pub mod table;

use engine::{
    Designation, FacilityKind, Feature, Grade, ListFact, LocationPrecision, NetworkKind, Ownership,
    Role, Service,
};

use crate::i18n::table::{Labels, Language, Messages};

/// Declares the language modules and lists them, the default first.
macro_rules! languages {
    ($($module:ident),+) => {
        $(mod $module;)+
        /// Every language, in the order the chooser shows them; the first is the default.
        pub static LANGUAGES: &[&Language] = &[$(&$module::LANGUAGE),+];
    };
}

languages!(zh_hans, zh_hant, en);

/// An interface language: an index into [`LANGUAGES`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lang(u8);

impl Lang {
    /// Every language, in the chooser's order.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGUAGES.len() as u8).map(Lang)
    }

    fn language(self) -> &'static Language {
        LANGUAGES[self.0 as usize]
    }

    /// Its messages.
    pub fn m(self) -> &'static Messages {
        &self.language().m
    }

    /// The code links and the device's memory use.
    pub fn code(self) -> &'static str {
        self.language().code
    }

    /// The page's `lang` attribute.
    pub fn html_lang(self) -> &'static str {
        self.language().html_lang
    }

    /// Its own name.
    pub fn name(self) -> &'static str {
        self.language().name
    }

    /// Whether official English names are shown where given.
    pub fn english_names(self) -> bool {
        self.language().english_names
    }

    /// A weekday's short name, Monday = 0.
    pub fn weekday(self, day: u8) -> &'static str {
        self.language().weekdays[day as usize % 7]
    }

    /// A month's name, January = 1; `None` outside 1..=12.
    pub fn month(self, month: usize) -> Option<&'static str> {
        self.language().months.get(month.wrapping_sub(1)).copied()
    }

    /// The map legend's categories.
    pub fn legend(self) -> &'static [&'static str; 5] {
        &self.language().legend
    }

    /// The names of the parts of a listing a correction can be about.
    pub fn correction_fields(self) -> &'static [&'static str; 15] {
        &self.language().correction_fields
    }

    /// The language a code or tag names: its code (`zh-Hant`), or a browser
    /// tag (`zh-TW`), the most specific tag winning (`zh-Hant-HK` is not `zh`).
    pub fn parse(text: &str) -> Option<Lang> {
        let tag = text.trim().to_ascii_lowercase();
        if let Some(lang) = Lang::all().find(|l| {
            l.code().eq_ignore_ascii_case(&tag) || l.html_lang().eq_ignore_ascii_case(&tag)
        }) {
            return Some(lang);
        }
        Lang::all()
            .flat_map(|l| l.language().browser_tags.iter().map(move |t| (l, *t)))
            .filter(|(_, t)| {
                tag == *t || tag.strip_prefix(t).is_some_and(|rest| rest.starts_with('-'))
            })
            .max_by_key(|(_, t)| t.len())
            .map(|(l, _)| l)
    }

    /// The first of the browser's preferred languages (`navigator.languages`) that Xunzhen speaks.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
        tags.into_iter().find_map(Lang::parse)
    }

    /// A vocabulary label in this language.
    pub fn label(self, value: impl Label) -> &'static str {
        value.label(&self.language().labels)
    }
}

/// A controlled-vocabulary value with a label in every language.
pub trait Label: Copy {
    /// Its label from a language's table.
    fn label(self, labels: &Labels) -> &'static str;
}

macro_rules! labels {
    ($($t:ty => $field:ident),*) => {$(
        impl Label for $t {
            fn label(self, labels: &Labels) -> &'static str { (labels.$field)(self) }
        }
    )*};
}
labels!(
    Designation => designation,
    FacilityKind => kind,
    Grade => grade,
    LocationPrecision => precision,
    NetworkKind => network_kind,
    Ownership => ownership,
    Role => role,
    Service => service,
    Feature => feature,
    ListFact => list_fact
);

/// A message with its `{name}` placeholders filled in; a placeholder with
/// no value is left as it is, so a mistake shows rather than vanishes.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            args.iter().find(|(k, _)| *k == &after[..close]).map(|(_, v)| (close, *v))
        });
        match filled {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A message that follows the language: which one, and its values (plain,
/// or messages themselves). Kept for notices and failures, which outlive
/// the moment they were made in.
#[derive(Clone, Debug)]
pub struct Text {
    message: Option<fn(&Messages) -> &'static str>,
    args: Vec<(&'static str, Value)>,
}

#[derive(Clone, Debug)]
enum Value {
    Plain(String),
    Text(Text),
}

impl Text {
    /// A message.
    pub fn new(message: fn(&Messages) -> &'static str) -> Self {
        Text { message: Some(message), args: Vec::new() }
    }

    /// Words that are the same in every language (a file name, the engine's own English).
    pub fn verbatim(text: impl Into<String>) -> Self {
        Text { message: None, args: vec![("text", Value::Plain(text.into()))] }
    }

    /// The same message with a value for `{name}`.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Value::Plain(value.into())));
        self
    }

    /// The same message with another message as the value for `{name}`, in the same language.
    pub fn with_text(mut self, name: &'static str, value: Text) -> Self {
        self.args.push((name, Value::Text(value)));
        self
    }

    /// The text in a language.
    pub fn in_lang(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Value::Plain(s) => s.clone(),
                    Value::Text(t) => t.in_lang(lang),
                };
                (*k, value)
            })
            .collect();
        let args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(self.message.map_or("{text}", |m| m(lang.m())), &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_language_fills_the_same_placeholders_and_leaves_nothing_blank() {
        let first = Lang::default().m().entries();
        for lang in Lang::all() {
            let entries = lang.m().entries();
            assert_eq!(entries.len(), first.len());
            for ((key, text), (_, reference)) in entries.iter().zip(&first) {
                assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.code());
                assert_eq!(placeholders(text), placeholders(reference), "{}: {key}", lang.code());
            }
            for words in [
                &lang.language().weekdays[..],
                &lang.language().months[..],
                &lang.legend()[..],
                &lang.correction_fields()[..],
            ] {
                assert!(words.iter().all(|w| !w.trim().is_empty()), "{}", lang.code());
            }
        }
    }

    #[test]
    fn traditional_chinese_is_its_own_text_not_a_copy() {
        let (hans, hant) = (Lang::parse("zh").unwrap(), Lang::parse("zh-Hant").unwrap());
        // Short words are often written alike in both scripts (使用我的位置, 分享); a sentence never is.
        let han = |t: &str| t.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
        let copied: Vec<&str> = hans
            .m()
            .entries()
            .iter()
            .zip(hant.m().entries())
            .filter(|((_, a), (_, b))| a == b && han(a) > 6)
            .map(|((k, _), _)| *k)
            .collect();
        assert!(copied.is_empty(), "the same as Simplified Chinese: {copied:?}");
        assert_eq!(hant.label(Service::Paediatrics), "兒科");
        assert_eq!(hant.label(FacilityKind::Tcm), "中醫醫院");
        assert_eq!(hans.label(FacilityKind::Tcm), FacilityKind::Tcm.zh());
    }

    #[test]
    fn codes_and_browser_tags_choose_a_language() {
        assert_eq!(Lang::parse("en").map(Lang::code), Some("en"));
        assert_eq!(Lang::parse("zh-CN").map(Lang::code), Some("zh"));
        assert_eq!(Lang::parse("zh-Hant").map(Lang::code), Some("zh-Hant"));
        assert_eq!(Lang::parse("zh-TW").map(Lang::code), Some("zh-Hant"));
        assert_eq!(Lang::parse("zh-Hant-HK").map(Lang::code), Some("zh-Hant"));
        assert_eq!(Lang::parse("en-GB").map(Lang::code), Some("en"));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::preferred(["fr-FR", "zh-HK", "en"]).map(Lang::code), Some("zh-Hant"));
        assert_eq!(Lang::default().code(), "zh");
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_shown() {
        assert_eq!(
            fill("离{name}最近 · 共 {n} 家", &[("name", "大足区"), ("n", "3")]),
            "离大足区最近 · 共 3 家"
        );
        assert_eq!(fill("{missing} and {", &[]), "{missing} and {");
        let text = Text::new(|m| m.members).with("n", "7");
        assert_eq!(text.in_lang(Lang::parse("en").unwrap()), "Members (7)");
        assert_eq!(text.in_lang(Lang::default()), "成员(7 家)");
        let nested = Text::new(|m| m.tried_times)
            .with("n", "3")
            .with_text("why", Text::new(|m| m.fetch_network).with("url", "data/x"));
        assert_eq!(
            nested.in_lang(Lang::parse("en").unwrap()),
            "Network error: data/x could not be reached (tried 3 times)"
        );
        assert_eq!(Text::verbatim("a {b}").in_lang(Lang::default()), "a {b}");
    }
}
