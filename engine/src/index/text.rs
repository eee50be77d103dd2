//! Text search over names, aliases and addresses: Chinese substrings, full
//! pinyin, pinyin initials and pinyin with one typo (华西 / huaxi / hx / huaxo).
//!
//! Pinyin is computed when the dataset is compiled (`datakit`), one line of
//! space-separated syllables per name and alias; the browser only compares
//! strings. Results rank by match quality, then distance, then id.

/// How well a facility matched; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    /// The name, exactly.
    ExactName,
    /// An alias exactly, or the whole pinyin or initials of the name or an alias.
    ExactAlias,
    /// The start of the name.
    NamePrefix,
    /// Inside the name.
    NameContains,
    /// Inside an alias.
    AliasContains,
    /// The start of the pinyin.
    PinyinPrefix,
    /// Inside the pinyin.
    PinyinContains,
    /// The start of the pinyin initials.
    InitialsPrefix,
    /// Inside the pinyin initials.
    InitialsContains,
    /// Inside the address.
    AddressContains,
    /// The pinyin, with one letter wrong (a fallback when nothing matched as typed).
    PinyinWithTypo,
}

impl MatchQuality {
    /// How it matched, in words: `exact name`, `pinyin initials prefix`.
    pub fn describe(self) -> &'static str {
        match self {
            MatchQuality::ExactName => "exact name",
            MatchQuality::ExactAlias => "exact alias or pinyin",
            MatchQuality::NamePrefix => "name begins so",
            MatchQuality::NameContains => "in the name",
            MatchQuality::AliasContains => "in an alias",
            MatchQuality::PinyinPrefix => "pinyin begins so",
            MatchQuality::PinyinContains => "in the pinyin",
            MatchQuality::InitialsPrefix => "initials begin so",
            MatchQuality::InitialsContains => "in the initials",
            MatchQuality::AddressContains => "in the address",
            MatchQuality::PinyinWithTypo => "pinyin with one typo",
        }
    }

    /// A match of the text as typed, not one found only by forgiving a typo.
    pub fn as_typed(self) -> bool {
        self < MatchQuality::PinyinWithTypo
    }
}

/// A query, normalised once: lower case, without spaces, apostrophes or hyphens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextQuery {
    text: String,
    latin: bool,
}

impl TextQuery {
    /// `None` for a query with nothing to search for.
    pub fn new(raw: &str) -> Option<Self> {
        let text: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '-' | '·'))
            .flat_map(char::to_lowercase)
            .collect();
        if text.is_empty() {
            return None;
        }
        let latin = text.chars().all(|c| c.is_ascii_alphanumeric());
        Some(Self { text, latin })
    }

    /// The query as matched: lower case, without spaces, apostrophes or hyphens.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether it is all ASCII letters and digits (then pinyin is searched too).
    pub fn is_latin(&self) -> bool {
        self.latin
    }

    /// The best match of this query against one facility's texts, if any.
    /// `pinyin` holds one line of space-separated syllables per name and alias.
    pub fn best_match<'a>(
        &self,
        name: &str,
        aliases: impl Iterator<Item = &'a str> + Clone,
        address: &str,
        pinyin: &str,
    ) -> Option<MatchQuality> {
        self.best_match_with(&mut Scratch::default(), name, aliases, address, pinyin)
    }

    /// [`best_match`](Self::best_match), reusing `scratch`'s buffers across
    /// calls: a scan over every facility then allocates nothing per facility.
    pub fn best_match_with<'a>(
        &self,
        scratch: &mut Scratch,
        name: &str,
        aliases: impl Iterator<Item = &'a str> + Clone,
        address: &str,
        pinyin: &str,
    ) -> Option<MatchQuality> {
        let q = self.text.as_str();
        if name == q {
            return Some(MatchQuality::ExactName);
        }
        if aliases.clone().any(|a| a == q) {
            return Some(MatchQuality::ExactAlias);
        }
        if name.starts_with(q) {
            return Some(MatchQuality::NamePrefix);
        }
        if name.contains(q) {
            return Some(MatchQuality::NameContains);
        }
        let mut best = None;
        let mut improve = |quality: MatchQuality| {
            if best.is_none_or(|b| quality < b) {
                best = Some(quality);
            }
        };
        if aliases.into_iter().any(|a| a.contains(q)) {
            improve(MatchQuality::AliasContains);
        }
        if self.latin {
            for line in pinyin.lines() {
                if let Some(quality) = self.pinyin_match(line, scratch) {
                    improve(quality);
                }
            }
        }
        if address.contains(q) {
            improve(MatchQuality::AddressContains);
        }
        best
    }

    fn pinyin_match(&self, line: &str, scratch: &mut Scratch) -> Option<MatchQuality> {
        let q = self.text.as_str();
        let Scratch { joined, initials, starts } = scratch;
        joined.clear();
        initials.clear();
        starts.clear();
        // Matches must start at a syllable boundary: "xi" finds 华西 (hua xi), not 华 (hua) + 西's tail.
        for syllable in line.split(' ').filter(|s| !s.is_empty()) {
            starts.push(joined.len());
            joined.push_str(syllable);
            initials.extend(syllable.chars().next());
        }
        if joined.as_str() == q || initials.as_str() == q {
            return Some(MatchQuality::ExactAlias);
        }
        if joined.starts_with(q) {
            return Some(MatchQuality::PinyinPrefix);
        }
        if starts.iter().any(|&i| joined[i..].starts_with(q)) {
            return Some(MatchQuality::PinyinContains);
        }
        if initials.starts_with(q) {
            return Some(MatchQuality::InitialsPrefix);
        }
        if q.len() >= 2 && initials.contains(q) {
            return Some(MatchQuality::InitialsContains);
        }
        // One typo (substitution, insertion or deletion) in queries long enough to mean something.
        if q.len() >= 4 {
            for &i in starts.iter() {
                let rest = &joined[i..];
                for len in [q.len() - 1, q.len(), q.len() + 1] {
                    if let Some(candidate) = rest.get(..len) {
                        if within_one_edit(q, candidate) {
                            return Some(MatchQuality::PinyinWithTypo);
                        }
                    }
                }
            }
        }
        None
    }
}

/// Buffers reused across matches (see [`TextQuery::best_match_with`]).
#[derive(Debug, Default)]
pub struct Scratch {
    joined: String,
    initials: String,
    starts: Vec<usize>,
}

/// Whether two ASCII strings differ by at most one substitution, insertion or deletion.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix..].iter().zip(&long[prefix..]).filter(|(x, y)| x != y).count() <= 1
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const HUAXI: &str = "四川大学华西医院";
    const HUAXI_PINYIN: &str = "si chuan da xue hua xi yi yuan\nhua xi yi yuan";

    fn quality(query: &str) -> Option<MatchQuality> {
        TextQuery::new(query)?.best_match(
            HUAXI,
            ["华西医院"].into_iter(),
            "成都市武侯区国学巷37号",
            HUAXI_PINYIN,
        )
    }

    #[test]
    fn chinese_substrings_rank_above_pinyin() {
        assert_eq!(quality("四川大学华西医院"), Some(MatchQuality::ExactName));
        assert_eq!(quality("四川"), Some(MatchQuality::NamePrefix));
        assert_eq!(quality("华西"), Some(MatchQuality::NameContains));
        assert_eq!(quality("国学巷"), Some(MatchQuality::AddressContains));
        assert_eq!(quality("协和"), None);
    }

    #[test]
    fn full_pinyin_initials_and_one_typo() {
        assert_eq!(quality("sichuan"), Some(MatchQuality::PinyinPrefix));
        assert_eq!(quality("huaxi"), Some(MatchQuality::PinyinPrefix)); // the alias 华西医院 starts with it
        assert_eq!(quality("Hua Xi"), Some(MatchQuality::PinyinPrefix));
        assert_eq!(quality("daxue"), Some(MatchQuality::PinyinContains));
        assert_eq!(quality("scdx"), Some(MatchQuality::InitialsPrefix));
        assert_eq!(quality("hx"), Some(MatchQuality::InitialsPrefix));
        assert_eq!(quality("dxhx"), Some(MatchQuality::InitialsContains));
        assert_eq!(quality("huaxo"), Some(MatchQuality::PinyinWithTypo));
        assert_eq!(quality("hauxi"), None); // a transposition is two edits
        assert_eq!(quality("uaxi"), Some(MatchQuality::PinyinWithTypo)); // "huaxi" with its first letter dropped
        assert_eq!(quality("uandaxue"), None); // inside a syllable, and two edits from any aligned text
        assert_eq!(quality("beijing"), None);
    }

    #[test]
    fn empty_queries_are_refused() {
        assert_eq!(TextQuery::new("  "), None);
        assert_eq!(TextQuery::new("'-"), None);
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("huaxi", "huaxi"));
        assert!(within_one_edit("huaxi", "huaxo"));
        assert!(within_one_edit("huaxi", "huaxii"));
        assert!(within_one_edit("huaxi", "huax"));
        assert!(within_one_edit("huaxi", "hwaxi"));
        assert!(!within_one_edit("huaxi", "hauxi"));
        assert!(!within_one_edit("huaxi", "hua"));
    }
}
