//! Which facility a name names, as a commission writes it: 区人民医院 in a
//! district's list, 龙水中心卫生院 for 龙水镇中心卫生院, 金堂县三医院 for
//! 金堂县第三人民医院, 誉美医院 without its city, 204医院, pinyin.
//!
//! Every facility that could be meant is scored with the rules that make
//! its name the one written (each rule is a reason the keeper reads), and
//! the row is [`Status::Matched`] only when one candidate is clearly best
//! and close enough. Two close candidates stay [`Status::Ambiguous`]; a name
//! that names no institution, or none close enough, stays
//! [`Status::Unmatched`]. The matcher never guesses: what it cannot tell is
//! a row for a person to review, with the candidates it considered.

use std::collections::{BTreeMap, HashMap, HashSet};

use engine::Facility;

use crate::lists::names::{clean, is_generic, key, left_out, tidy, NameKey, Prefixes};
use crate::lists::place::Gazetteer;

/// The score a candidate needs to be matched (and the closest others must be below it by [`MARGIN`]).
pub const MATCH_AT: u8 = 80;
/// How far below the best another candidate must be for the best to be "clearly best".
pub const MARGIN: u8 = 6;
/// Candidates below this are not worth a keeper's look.
const SHOW_AT: u8 = 30;
/// How many candidates a row lists.
const SHOW_AT_MOST: usize = 5;

/// What became of one name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// One candidate is clearly best; its rule is stated.
    Matched,
    /// Several candidates are close: listed, none chosen.
    Ambiguous,
    /// Nothing is close enough (or the name names no institution).
    Unmatched,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Matched => "matched",
            Status::Ambiguous => "ambiguous",
            Status::Unmatched => "unmatched",
        }
    }
}

/// A facility the name may mean, with its score (0–100) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub county_code: u32,
    pub score: u8,
    pub reasons: Vec<String>,
}

/// The matcher's answer for one name.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub status: Status,
    /// The facility, when matched.
    pub id: Option<String>,
    /// Best first.
    pub candidates: Vec<Candidate>,
    /// Why the status is what it is, in one line.
    pub note: String,
}

/// Where a name is: the county given for it, and place words (a city, a
/// province, or a county written out) already read into regions.
#[derive(Clone, Debug, Default)]
pub struct Place {
    /// A county adcode: candidates must be in it, and a name written short
    /// (区人民医院) is that county's.
    pub county: Option<u32>,
    /// Regions (any of them) candidates must lie in.
    pub within: Vec<u32>,
}

/// One name or alias of a facility, as the index holds it.
struct Entry {
    facility: usize,
    /// The name as written in the data (tidied).
    name: String,
    alias: bool,
    key: NameKey,
}

/// The facilities of a dataset, indexed by their names' keys.
pub struct Matcher<'a> {
    facilities: &'a [Facility],
    gazetteer: &'a Gazetteer,
    prefixes: HashMap<u32, Prefixes>,
    entries: Vec<Entry>,
    /// Folded key rest → entries.
    by_rest: HashMap<String, Vec<usize>>,
    /// Pinyin (no spaces) of a whole name, and of its rest → entries.
    by_pinyin: HashMap<String, Vec<usize>>,
    /// Distinctive two-character pieces of the folded rests → entries.
    by_pair: HashMap<(char, char), Vec<usize>>,
}

/// A pair held by more entries than this says nothing about which one is meant (医院, 人民).
const COMMON_PAIR: usize = 400;

impl<'a> Matcher<'a> {
    /// Indexes `facilities` (their names and aliases) with the places of their counties.
    pub fn new(facilities: &'a [Facility], gazetteer: &'a Gazetteer) -> Matcher<'a> {
        let mut prefixes: HashMap<u32, Prefixes> = HashMap::new();
        let mut entries = Vec::new();
        for (i, f) in facilities.iter().enumerate() {
            let p =
                prefixes.entry(f.county_code).or_insert_with(|| gazetteer.prefixes(f.county_code));
            for (n, name) in std::iter::once(&f.name).chain(&f.aliases).enumerate() {
                let name = tidy(name);
                let key = key(&name, p);
                entries.push(Entry { facility: i, name, alias: n > 0, key });
            }
        }
        let mut by_rest: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_pinyin: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_pair: HashMap<(char, char), Vec<usize>> = HashMap::new();
        for (e, entry) in entries.iter().enumerate() {
            let folded = fold_all(&entry.key.rest);
            for pair in pairs(&folded) {
                let list = by_pair.entry(pair).or_default();
                if list.last() != Some(&e) {
                    list.push(e);
                }
            }
            by_rest.entry(folded).or_default().push(e);
            for text in [&entry.name, &entry.key.rest] {
                let py = pinyin_key(text);
                if !py.is_empty() {
                    let list = by_pinyin.entry(py).or_default();
                    if list.last() != Some(&e) {
                        list.push(e);
                    }
                }
            }
        }
        Matcher { facilities, gazetteer, prefixes, entries, by_rest, by_pinyin, by_pair }
    }

    /// Reads place words ("成都", "成都市成华区", "渝中区/江北区", an adcode) into regions;
    /// `Err` names the words no region answers to.
    pub fn place_from_words(&self, words: &str) -> Result<Vec<u32>, String> {
        let mut out = Vec::new();
        for part in
            words.split(['/', '／', '、', ';', '；']).map(str::trim).filter(|p| !p.is_empty())
        {
            if let Ok(code) = part.parse::<u32>() {
                if self.gazetteer.admin(code).is_some() {
                    out.push(code);
                    continue;
                }
            }
            match self.gazetteer.region_named(part) {
                Some(code) => out.push(code),
                None => {
                    return Err(format!(
                        "{part:?} names no one province, city or county (none, or several: write the province or city before it)"
                    ))
                }
            }
        }
        Ok(out)
    }

    /// The region's full name, "重庆市 大足区" style, for messages.
    pub fn region_name(&self, adcode: u32) -> String {
        self.gazetteer.admin(adcode).map_or_else(|| adcode.to_string(), |a| a.name.clone())
    }

    /// Ranks the facilities `as_written` may name and says whether one is clearly it.
    pub fn find(&self, as_written: &str, place: &Place) -> Outcome {
        // Two names for one institution (广安市人民医院/四川大学华西医院广安医院,
        // 四川省医学科学院·四川省人民医院): each is matched; they must agree.
        let parts: Vec<&str> = as_written
            .split(['/', '／', '·', '・'])
            .map(str::trim)
            .filter(|p| !p.is_empty() && left_out(p).is_none())
            .collect();
        if parts.len() > 1 {
            return self.find_each(as_written, &parts, place);
        }
        let mut place = place.clone();
        let one = if parts.len() == 1 { parts[0] } else { as_written };
        let (name, hint) = place_in_brackets(one, self);
        if let Some(code) = hint {
            if place.county.is_none() && place.within.is_empty() {
                place.within.push(code);
            }
        }
        let latin = name.chars().all(|c| c.is_ascii_alphanumeric() || c.is_whitespace());
        if let Some(reason) = left_out(&name).filter(|_| !latin || name.is_empty()) {
            return Outcome {
                status: Status::Unmatched,
                id: None,
                candidates: Vec::new(),
                note: format!("names no place of care ({})", reason.describe()),
            };
        }
        let cleaned = clean(&name);
        let mut scored: BTreeMap<usize, Candidate> = BTreeMap::new();
        for written in std::iter::once(&cleaned.name).chain(&cleaned.aliases) {
            for (f, candidate) in self.score_all(written, &place) {
                let better = scored.get(&f).is_none_or(|c| candidate.score > c.score);
                if better {
                    scored.insert(f, candidate);
                }
            }
        }
        decide(scored.into_values().collect(), &place, self)
    }

    /// Several names for one institution: matched when they all name the same one.
    fn find_each(&self, as_written: &str, parts: &[&str], place: &Place) -> Outcome {
        let outcomes: Vec<Outcome> = parts.iter().map(|p| self.find(p, place)).collect();
        let ids: HashSet<&str> = outcomes.iter().filter_map(|o| o.id.as_deref()).collect();
        let mut candidates: Vec<Candidate> = Vec::new();
        for o in &outcomes {
            for c in &o.candidates {
                match candidates.iter_mut().find(|k| k.id == c.id) {
                    Some(k) if c.score > k.score => *k = c.clone(),
                    Some(_) => {}
                    None => candidates.push(c.clone()),
                }
            }
        }
        candidates.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        candidates.truncate(SHOW_AT_MOST);
        let unmatched: Vec<&str> = parts
            .iter()
            .zip(&outcomes)
            .filter(|(_, o)| o.status != Status::Matched)
            .map(|(p, _)| *p)
            .collect();
        match (ids.len(), unmatched.is_empty()) {
            (1, _) => {
                let id = ids.into_iter().next().map(String::from);
                let note = if unmatched.is_empty() {
                    format!("each of the {} names in {as_written:?} names it", parts.len())
                } else {
                    format!(
                        "named by {}; {} not found",
                        parts.len() - unmatched.len(),
                        unmatched.join(", ")
                    )
                };
                if let Some(c) = candidates.iter_mut().find(|c| Some(&c.id) == id.as_ref()) {
                    c.reasons.push(note.clone());
                }
                Outcome { status: Status::Matched, id, candidates, note }
            }
            (0, _) => Outcome {
                status: if candidates.iter().any(|c| c.score >= MATCH_AT) {
                    Status::Ambiguous
                } else {
                    Status::Unmatched
                },
                id: None,
                candidates,
                note: format!("none of the names in {as_written:?} is matched on its own"),
            },
            _ => Outcome {
                status: Status::Ambiguous,
                id: None,
                candidates,
                note: format!("the names in {as_written:?} name different facilities"),
            },
        }
    }

    fn in_place(&self, f: &Facility, place: &Place) -> bool {
        // A record whose county is not known stands at its city's seat, and
        // its location_source names the city: it is in that city, no county of it.
        let area = match f.county_code {
            0 => self.gazetteer.region_named(&f.location_source).unwrap_or(0),
            code => code,
        };
        place.county.is_none_or(|c| f.county_code == c)
            && (place.within.is_empty()
                || place.within.iter().any(|&w| area != 0 && self.gazetteer.is_within(area, w)))
    }

    /// Every facility the written name could mean, scored.
    fn score_all(&self, written: &str, place: &Place) -> Vec<(usize, Candidate)> {
        let written = tidy(written);
        let folded = fold_all(&same_spellings(&written));
        let mut found: Vec<usize> = Vec::new();
        let chars: Vec<(usize, char)> = folded.char_indices().collect();
        for &(at, _) in chars.iter().rev().skip(1) {
            if let Some(list) = self.by_rest.get(&folded[at..]) {
                found.extend(list);
            }
        }
        let py = pinyin_key(&written);
        let latin = written.chars().all(|c| c.is_ascii_alphanumeric() || c.is_whitespace())
            && written.chars().any(|c| c.is_ascii_alphabetic());
        if latin {
            if let Some(list) = self.by_pinyin.get(&py) {
                found.extend(list);
            }
        }
        found.sort_unstable();
        found.dedup();
        let mut kept = Kept::default();
        for &e in &found {
            let f = &self.facilities[self.entries[e].facility];
            if !self.in_place(f, place) {
                continue;
            }
            let c = if latin {
                self.score_pinyin(e, &py, place)
            } else {
                self.score(e, &written, place)
            };
            kept.consider(self.entries[e].facility, c);
        }
        if !latin && !kept.out.iter().any(|(_, c)| c.score >= MATCH_AT) {
            for e in self.near_by_pairs(&folded, place) {
                kept.consider(self.entries[e].facility, self.score_loosely(e, &written, place));
            }
        }
        kept.out
    }

    fn candidate(&self, e: usize, score: u8, reasons: Vec<String>) -> Candidate {
        let f = &self.facilities[self.entries[e].facility];
        Candidate {
            id: f.id.clone(),
            name: f.name.clone(),
            county_code: f.county_code,
            score,
            reasons,
        }
    }

    /// The rules that make `written` this entry's name, and how far they go.
    fn score(&self, e: usize, written: &str, place: &Place) -> Option<Candidate> {
        let entry = &self.entries[e];
        let f = &self.facilities[entry.facility];
        let which =
            if entry.alias { format!("alias {}", entry.name) } else { "same name".to_string() };
        if written == entry.name {
            let score = if entry.alias { 98 } else { 100 };
            return Some(self.candidate(e, score, vec![which]));
        }
        let prefixes = &self.prefixes[&f.county_code];
        let written_key = key(written, prefixes);
        let mut reasons: Vec<String> = Vec::new();
        if entry.alias {
            reasons.push(format!("by its alias {}", entry.name));
        }
        let county_name =
            prefixes.levels.iter().find(|(l, _, _)| *l == 3).map(|(_, full, _)| full.clone());
        let starts_with_place = prefixes.levels.iter().any(|(_, full, short)| {
            written.starts_with(full.as_str())
                || short.chars().count() >= 2 && written.starts_with(short.as_str())
        });
        // 区人民医院: the county's own short form, which only the county given can say.
        if written_key.level == 3 && !starts_with_place {
            let given = place.county == Some(f.county_code) && f.county_code != 0;
            if !given {
                return None;
            }
            let short = written.chars().next().unwrap_or('区');
            reasons.push(format!(
                "{short} → {} for the county given",
                county_name.clone().unwrap_or_default()
            ));
        }
        let (wl, el) = (written_key.level, entry.key.level);
        let generic = is_generic(&written_key.rest) || is_generic(&entry.key.rest);
        let mut cap = 100u8;
        if wl > 0 && el > 0 && wl != el {
            if generic {
                // 重庆市人民医院 is not 大足区人民医院.
                return None;
            }
            reasons.push(format!(
                "named by its {} here, by its {} in the data",
                level_word(wl),
                level_word(el)
            ));
            cap = 75;
        } else if wl == 0 && el > 0 {
            let dropped = place_words(&entry.name, &entry.key.rest);
            if generic {
                let county_given = place.county == Some(f.county_code);
                let narrowed = !place.within.is_empty();
                if county_given {
                    reasons.push(format!("{dropped} dropped (the county given)"));
                } else if narrowed {
                    reasons.push(format!("{dropped} dropped (the place given)"));
                } else {
                    reasons.push(format!("says only what kind of place it is; {dropped} is not written and no county is given"));
                    cap = 50;
                }
            } else {
                reasons.push(format!("{dropped} dropped"));
            }
        } else if wl > 0 && el == 0 {
            reasons.push("the places written are where it is".into());
        } else if wl == el && wl > 0 && written_key.rest == entry.key.rest && starts_with_place {
            let lead = place_words(written, &written_key.rest);
            let theirs = place_words(&entry.name, &entry.key.rest);
            if lead != theirs {
                reasons.push(format!("{lead} = {theirs}"));
            }
        }
        let (wr, er) = (&written_key.rest, &entry.key.rest);
        let score = if wr == er {
            reasons.extend(spelling_reasons(written, &entry.name));
            if reasons.is_empty() || reasons == [format!("by its alias {}", entry.name)] {
                reasons.push("the same name once places are set aside".into());
            }
            95
        } else if fold_numbers(wr) == fold_numbers(er) {
            reasons.extend(spelling_reasons(written, &entry.name));
            reasons.push(number_reason(wr, er));
            90
        } else if fold_all(wr) == fold_all(er) {
            reasons.extend(spelling_reasons(written, &entry.name));
            let (wn, en) = (fold_numbers(wr), fold_numbers(er));
            if en.contains("中心卫生院") && !wn.contains("中心卫生院") {
                reasons.push("中心 dropped".into());
            } else {
                reasons.push("中心 added (the data writes it without)".into());
            }
            if (wn != *wr || en != *er)
                && wr.replace("中心卫生院", "卫生院") != er.replace("中心卫生院", "卫生院")
            {
                reasons.push(number_reason(wr, er));
            }
            85
        } else {
            return self.score_loosely(e, written, place);
        };
        Some(self.candidate(e, score.min(cap), dedup(reasons)))
    }

    /// A name in pinyin: the same syllables as a name, or as a name without its places.
    fn score_pinyin(&self, e: usize, py: &str, place: &Place) -> Option<Candidate> {
        let entry = &self.entries[e];
        let f = &self.facilities[entry.facility];
        if pinyin_key(&entry.name) == py {
            return Some(self.candidate(e, 88, vec![format!("pinyin of {}", entry.name)]));
        }
        // Without its places: only a name that says more than its kind, or one in the county given.
        if is_generic(&entry.key.rest) && place.county != Some(f.county_code) {
            return Some(self.candidate(
                e,
                40,
                vec![format!(
                    "pinyin of {} (says only what kind of place it is; no county given)",
                    entry.key.rest
                )],
            ));
        }
        Some(self.candidate(e, 84, vec![format!("pinyin of {} (places dropped)", entry.key.rest)]))
    }

    /// Entries sharing distinctive pairs of characters with the name.
    fn near_by_pairs(&self, folded: &str, place: &Place) -> Vec<usize> {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for pair in pairs(folded) {
            let Some(list) = self.by_pair.get(&pair) else { continue };
            if list.len() > COMMON_PAIR {
                continue;
            }
            for &e in list {
                *counts.entry(e).or_default() += 1;
            }
        }
        let mut near: Vec<(usize, usize)> = counts
            .into_iter()
            .filter(|&(e, _)| self.in_place(&self.facilities[self.entries[e].facility], place))
            .collect();
        near.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        near.into_iter().take(50).map(|(e, _)| e).collect()
    }

    /// What a name shares with an entry it does not equal: never enough to be matched.
    fn score_loosely(&self, e: usize, written: &str, place: &Place) -> Option<Candidate> {
        let entry = &self.entries[e];
        let f = &self.facilities[entry.facility];
        let written_key = key(written, &self.prefixes[&f.county_code]);
        let (w, r) = (fold_all(&written_key.rest), fold_all(&entry.key.rest));
        let common = longest_common(&w, &r);
        let shared = common.chars().count();
        // A number and 医院 (4医院 of 第四人民医院 and 204医院) say only what kind of place it is.
        let words: String = common.chars().filter(|c| !c.is_ascii_digit()).collect();
        if shared < 2 || words.chars().count() < 2 || is_generic(&words) {
            return None;
        }
        // What the written name has that the data's lacks: a place that is not this one's rules it out.
        let extra = w.replacen(&common, "", 1);
        if extra.ends_with(['区', '县', '市', '省', '镇', '乡'])
            && self.gazetteer.region_named(&extra).is_some()
        {
            return None;
        }
        let longest = w.chars().count().max(r.chars().count()).max(1);
        let score = (20 + 40 * shared / longest) as u8;
        let mut reasons = vec![format!("{common} in both")];
        if !extra.is_empty() {
            reasons.push(format!("{extra} not in the data's name"));
        }
        let missing = r.replacen(&common, "", 1);
        if !missing.is_empty() {
            reasons.push(format!("{missing} not in the name written"));
        }
        if place.county.is_none() && place.within.is_empty() {
            reasons.push("no place given".into());
        }
        Some(self.candidate(e, score.min(60), reasons))
    }
}

/// The best candidate for each facility, in the order first seen.
#[derive(Default)]
struct Kept {
    out: Vec<(usize, Candidate)>,
    at: HashMap<usize, usize>,
}

impl Kept {
    fn consider(&mut self, facility: usize, candidate: Option<Candidate>) {
        let Some(c) = candidate else { return };
        match self.at.get(&facility) {
            Some(&i) if self.out[i].1.score >= c.score => {}
            Some(&i) => self.out[i].1 = c,
            None => {
                self.at.insert(facility, self.out.len());
                self.out.push((facility, c));
            }
        }
    }
}

/// The status from the scored candidates.
fn decide(mut candidates: Vec<Candidate>, place: &Place, m: &Matcher<'_>) -> Outcome {
    candidates.retain(|c| c.score >= SHOW_AT);
    candidates.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    candidates.truncate(SHOW_AT_MOST);
    let where_ = match (place.county, place.within.as_slice()) {
        (Some(c), _) => format!(" in {}", m.region_name(c)),
        (None, []) => String::new(),
        (None, w) => {
            format!(" in {}", w.iter().map(|&c| m.region_name(c)).collect::<Vec<_>>().join(" or "))
        }
    };
    let Some(best) = candidates.first() else {
        return Outcome {
            status: Status::Unmatched,
            id: None,
            candidates,
            note: format!("no facility{where_} has a name close to it"),
        };
    };
    if best.score < MATCH_AT {
        return Outcome {
            status: Status::Unmatched,
            id: None,
            note: format!(
                "nothing{where_} is close enough (best {}); candidates listed for review",
                best.score
            ),
            candidates,
        };
    }
    let close: Vec<&Candidate> =
        candidates[1..].iter().filter(|c| c.score + MARGIN > best.score).collect();
    if close.is_empty() {
        Outcome {
            status: Status::Matched,
            id: Some(best.id.clone()),
            note: format!("{} ({})", best.name, best.reasons.join("; ")),
            candidates,
        }
    } else {
        Outcome {
            status: Status::Ambiguous,
            id: None,
            note: format!(
                "{} candidates{where_} within {MARGIN} points of each other; none chosen",
                close.len() + 1
            ),
            candidates,
        }
    }
}

fn level_word(level: u8) -> &'static str {
    match level {
        1 => "province",
        2 => "city",
        3 => "county",
        _ => "name alone",
    }
}

/// The place words in front of a name's rest (成都 of 成都誉美医院).
fn place_words(name: &str, rest: &str) -> String {
    let folded_rest: String = rest.chars().collect();
    match name.rfind(&folded_rest) {
        Some(at) if at > 0 => name[..at].to_string(),
        _ => name.chars().take(name.chars().count().saturating_sub(rest.chars().count())).collect(),
    }
}

/// The spellings `names::key` makes one, said as reasons.
fn spelling_reasons(written: &str, data: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (a, b) in [("中医医院", "中医院"), ("卫生计生", "卫生")] {
        if written.contains(a) != data.contains(a) && (written.contains(b) || data.contains(b)) {
            out.push(format!("{a} = {b}"));
        }
    }
    match (township_word(written), township_word(data)) {
        (None, Some(word)) => out.push(format!("township without {word}")),
        (Some(word), None) => {
            out.push(format!("township with {word} (the data writes it without)"))
        }
        _ => {}
    }
    dedup(out)
}

/// The township word (镇, 乡, 街道) just before a health centre's ending, if any.
fn township_word(name: &str) -> Option<&'static str> {
    let ending =
        ["社区卫生服务中心", "中心卫生院", "卫生院"].into_iter().find_map(|e| name.find(e))?;
    let before = &name[..ending];
    ["街道", "镇", "乡"].into_iter().find(|w| before.ends_with(w))
}

fn number_reason(written: &str, data: &str) -> String {
    let w = numbers_part(written);
    let d = numbers_part(data);
    if w.is_empty() || d.is_empty() {
        "numbers written differently".into()
    } else {
        format!("number {w} = {d}")
    }
}

/// The numeral and what goes with it (三医院, 第三人民医院, 204) for a reason's words.
fn numbers_part(text: &str) -> String {
    let is_num = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九十两".contains(c);
    let start = text.find(|c: char| is_num(c) || c == '第');
    match start {
        Some(s) => text[s..].to_string(),
        None => String::new(),
    }
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
    items
}

/// A trailing bracket that names a county ("江苏省中医院重庆医院（永川区）"):
/// the name without it, and the region.
fn place_in_brackets(as_written: &str, m: &Matcher<'_>) -> (String, Option<u32>) {
    let t = tidy(as_written);
    if let Some(open) = t.strip_suffix('）').and_then(|s| s.rfind('（')) {
        let words = &t[open + '（'.len_utf8()..t.len() - '）'.len_utf8()];
        if words.ends_with(['区', '县', '市', '州']) {
            if let Some(code) = m.gazetteer.region_named(words) {
                return (t[..open].to_string(), Some(code));
            }
        }
    }
    (t, None)
}

/// Spellings made one (as `names::key` makes them) for the whole name, before looking up its tails.
fn same_spellings(name: &str) -> String {
    let rest: String =
        name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let mut out = rest.replace("中医医院", "中医院").replace("卫生计生", "卫生");
    for ending in ["中心卫生院", "卫生院", "社区卫生服务中心"] {
        for word in ["街道", "镇", "乡"] {
            out = out.replace(&format!("{word}{ending}"), ending);
        }
    }
    out
}

/// Numbers written one way: Chinese numerals as digits (三 → 3, 四〇四 → 404,
/// 十一 → 11), 第 before a number dropped, 人民 after one dropped (三医院 is
/// 第三人民医院 as people say it).
pub fn fold_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if numeral(chars[i]).is_some() || chars[i] == '十' {
            let start = i;
            while i < chars.len() && (numeral(chars[i]).is_some() || chars[i] == '十') {
                i += 1;
            }
            out.push_str(&numeral_value(&chars[start..i]));
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    // 第3 → 3.
    let chars: Vec<char> = out.chars().collect();
    let without_di: String = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| !(c == '第' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        .map(|(_, &c)| c)
        .collect();
    // 3人民医院 → 3医院.
    let mut result = String::new();
    let mut rest = without_di.as_str();
    while let Some(at) = rest.find("人民医院") {
        let before = &rest[..at];
        result.push_str(before);
        let numbered = before.chars().last().is_some_and(|c| c.is_ascii_digit());
        result.push_str(if numbered { "医院" } else { "人民医院" });
        rest = &rest[at + "人民医院".len()..];
    }
    result.push_str(rest);
    result
}

/// A Chinese digit's value.
fn numeral(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A run of Chinese numerals as digits: digit by digit (二〇四 → 204), or by
/// value where 十 stands (十一 → 11, 二十 → 20).
fn numeral_value(run: &[char]) -> String {
    let value = |cs: &[char]| cs.iter().filter_map(|&c| numeral(c)).fold(0, |a, v| a * 10 + v);
    match run.iter().position(|&c| c == '十') {
        Some(ten) if !run[ten + 1..].contains(&'十') => {
            let tens = if ten == 0 { 1 } else { value(&run[..ten]) };
            (tens * 10 + value(&run[ten + 1..])).to_string()
        }
        Some(_) => run.iter().collect(),
        None => {
            run.iter().filter_map(|&c| numeral(c)).filter_map(|v| char::from_digit(v, 10)).collect()
        }
    }
}

/// Every fold: numbers, and 中心 before 卫生院 (龙水卫生院 for 龙水中心卫生院).
fn fold_all(text: &str) -> String {
    fold_numbers(text).replace("中心卫生院", "卫生院")
}

fn pairs(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The longest run of characters two texts share.
fn longest_common(a: &str, b: &str) -> String {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut best = (0, 0);
    let mut row = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        let mut prev = 0;
        for j in 1..=b.len() {
            let here = row[j];
            row[j] = if a[i - 1] == b[j - 1] { prev + 1 } else { 0 };
            if row[j] > best.0 {
                best = (row[j], i);
            }
            prev = here;
        }
    }
    a[best.1 - best.0..best.1].iter().collect()
}

/// Pinyin without spaces or anything but letters and digits, for comparing.
fn pinyin_key(text: &str) -> String {
    crate::pinyin::syllables(text).chars().filter(char::is_ascii_alphanumeric).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{FacilityKind, LatLon};

    fn facility(id: &str, name: &str, county: u32) -> Facility {
        let kind = crate::lists::names::kind_from_name(name).unwrap_or(FacilityKind::General);
        Facility {
            county_code: county,
            ..Facility::new(id, name, kind, LatLon::new(30.0, 104.0).unwrap())
        }
    }

    /// Synthetic facilities (合成) in real counties: 大足区 500111, 金堂县 510121, 成华区 510108, 万州区 500101.
    fn facilities() -> Vec<Facility> {
        vec![
            facility("dz-ph", "大足区合成人民医院", 500111),
            facility("dz-rmyy", "重庆市大足区人民医院", 500111),
            facility("dz-tcm", "大足区中医院", 500111),
            facility("dz-ls", "合成龙镇中心卫生院", 500111),
            facility("dz-yt", "合成邮镇中心卫生院", 500111),
            facility("jt-3", "金堂县第三人民医院", 510121),
            facility("jt-2", "金堂县第二人民医院", 510121),
            facility("ch-ym", "成都合成誉美医院", 510108),
            facility("wz-1", "重庆市万州区第一人民医院", 500101),
            facility("cq-rm", "重庆市人民医院", 500103),
            facility("a-twin", "合成康泰医院", 500111),
            facility("b-twin", "合成康泰医院", 500111),
            facility("hc-404", "四川合成四〇四医院", 510703),
            Facility {
                location_source: "南充市".into(),
                ..facility("nc-tcm", "南充市合成中医医院", 0)
            },
        ]
    }

    fn with<T>(test: impl FnOnce(&Matcher<'_>) -> T) -> T {
        let gazetteer = Gazetteer::bundled().expect("the bundled places");
        let fs = facilities();
        let m = Matcher::new(&fs, &gazetteer);
        test(&m)
    }

    fn county(c: u32) -> Place {
        Place { county: Some(c), within: Vec::new() }
    }

    #[test]
    fn a_record_at_its_city_seat_with_no_county_is_in_its_city() {
        with(|m| {
            let nanchong = Place { county: None, within: vec![511300] };
            let o = m.find("南充市合成中医医院", &nanchong);
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("nc-tcm")), "{o:?}");
            let chengdu = Place { county: None, within: vec![510100] };
            assert_eq!(m.find("南充市合成中医医院", &chengdu).status, Status::Unmatched);
        })
    }

    #[test]
    fn a_full_name_is_matched_as_the_same_name() {
        with(|m| {
            let o = m.find("金堂县第三人民医院", &Place::default());
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("jt-3")), "{o:?}");
            assert_eq!(o.candidates[0].reasons, ["same name"]);
            assert_eq!(o.candidates[0].score, 100);
        })
    }

    #[test]
    fn a_district_short_form_is_the_district_given() {
        with(|m| {
            let o = m.find("区中医院", &county(500111));
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("dz-tcm")), "{o:?}");
            assert!(
                o.candidates[0].reasons.contains(&"区 → 大足区 for the county given".to_string()),
                "{o:?}"
            );
            // Without the county it names no one district's hospital.
            let o = m.find("区中医院", &Place::default());
            assert_eq!(o.status, Status::Unmatched, "{o:?}");
        })
    }

    #[test]
    fn a_township_without_zhen_and_centre_dropped() {
        with(|m| {
            let o = m.find("合成龙中心卫生院", &county(500111));
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("dz-ls")), "{o:?}");
            assert!(o.candidates[0].reasons.contains(&"township without 镇".to_string()), "{o:?}");
            let o = m.find("合成邮镇卫生院", &county(500111));
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("dz-yt")), "{o:?}");
            assert!(o.candidates[0].reasons.iter().any(|r| r == "中心 dropped"), "{o:?}");
        })
    }

    #[test]
    fn a_number_written_short_is_the_numbered_peoples_hospital() {
        with(|m| {
            let o = m.find("金堂县三医院", &Place::default());
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("jt-3")), "{o:?}");
            assert!(
                o.candidates[0].reasons.contains(&"number 三医院 = 第三人民医院".to_string()),
                "{o:?}"
            );
            let o = m.find("合成404医院", &Place::default());
            assert_eq!(o.id.as_deref(), Some("hc-404"), "{o:?}");
        })
    }

    #[test]
    fn a_name_without_its_city_or_county_is_matched_by_what_remains() {
        with(|m| {
            let o = m.find("合成誉美医院", &Place::default());
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("ch-ym")), "{o:?}");
            assert!(o.candidates[0].reasons.contains(&"成都 dropped".to_string()), "{o:?}");
            let o = m.find("万州区第一人民医院", &Place::default());
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("wz-1")), "{o:?}");
        })
    }

    #[test]
    fn pinyin_names_a_facility() {
        with(|m| {
            let o = m.find("jintang xian di san renmin yiyuan", &Place::default());
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("jt-3")), "{o:?}");
            assert!(o.candidates[0].reasons[0].starts_with("pinyin"), "{o:?}");
        })
    }

    #[test]
    fn a_name_that_is_no_institution_stays_unmatched() {
        with(|m| {
            for name in ["大足区卫生健康委员会", "合成路", "", "合成医学检验所"]
            {
                let o = m.find(name, &county(500111));
                assert_eq!((o.status, o.id.as_deref()), (Status::Unmatched, None), "{name}: {o:?}");
            }
            let o = m.find("合成国光医院", &Place { county: None, within: vec![510100] });
            assert_eq!(o.status, Status::Unmatched, "{o:?}");
        })
    }

    #[test]
    fn two_close_candidates_stay_ambiguous() {
        with(|m| {
            let o = m.find("合成康泰医院", &county(500111));
            assert_eq!((o.status, o.id.as_deref()), (Status::Ambiguous, None), "{o:?}");
            let ids: Vec<&str> = o.candidates.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(ids, ["a-twin", "b-twin"]);
            // 人民医院 with no county: every county has one.
            let o = m.find("人民医院", &Place::default());
            assert_ne!(o.status, Status::Matched, "{o:?}");
        })
    }

    #[test]
    fn a_city_hospital_is_not_a_districts() {
        with(|m| {
            let o = m.find("重庆市人民医院", &Place::default());
            assert_eq!(o.id.as_deref(), Some("cq-rm"), "{o:?}");
            assert!(o.candidates.iter().all(|c| c.id != "dz-rmyy"), "{o:?}");
        })
    }

    #[test]
    fn a_partial_likeness_is_listed_but_never_matched() {
        with(|m| {
            let o = m.find("石油合成誉美医院", &Place { county: None, within: vec![510100] });
            assert_eq!(o.status, Status::Unmatched, "{o:?}");
            assert_eq!(o.candidates[0].id, "ch-ym");
            assert!(o.candidates[0].score < MATCH_AT);
            assert!(
                o.candidates[0].reasons.contains(&"石油 not in the data's name".to_string()),
                "{o:?}"
            );
        })
    }

    #[test]
    fn two_names_for_one_institution_must_agree() {
        with(|m| {
            let o = m.find("金堂县第三人民医院/金堂县三医院", &Place::default());
            assert_eq!((o.status, o.id.as_deref()), (Status::Matched, Some("jt-3")), "{o:?}");
            let o = m.find("金堂县第三人民医院/金堂县第二人民医院", &Place::default());
            assert_eq!((o.status, o.id.as_deref()), (Status::Ambiguous, None), "{o:?}");
        })
    }

    #[test]
    fn numbers_fold_one_way() {
        assert_eq!(fold_numbers("第三人民医院"), "3医院");
        assert_eq!(fold_numbers("三医院"), "3医院");
        assert_eq!(fold_numbers("四〇四医院"), "404医院");
        assert_eq!(fold_numbers("第十一人民医院"), "11医院");
        assert_eq!(fold_numbers("二十一"), "21");
        assert_eq!(fold_numbers("人民医院"), "人民医院");
    }

    #[test]
    fn place_words_are_read_into_regions() {
        with(|m| {
            assert_eq!(m.place_from_words("成都").unwrap(), [510100]);
            assert_eq!(m.place_from_words("成都市成华区").unwrap(), [510108]);
            assert_eq!(m.place_from_words("广安市武胜县").unwrap(), [511622]);
            assert_eq!(m.place_from_words("重庆市渝中区/重庆江北区").unwrap(), [500103, 500105]);
            assert!(
                m.place_from_words("江北区").unwrap_err().contains("several"),
                "重庆's and 宁波's"
            );
            assert!(m.place_from_words("合成市").is_err());
        })
    }
}
