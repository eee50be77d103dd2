//! One record per institution: rows of several lists (and the records kept
//! by hand) that name one institution become one facility naming every
//! source.
//!
//! Two rows are one institution when their names share a [`NameKey`] in one
//! county, or when their own points lie within [`DUPLICATE_M`] and their keys
//! agree (the same name, at the same level of place or one at none): the
//! rule `datakit check` warns by, so a merged file leaves it nothing to warn of. A record kept by hand keeps its id, name, kind,
//! grade, services and designations; the lists add what it lacks.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use engine::haversine_m;
use engine::{Facility, Grade, LatLon, LocationPrecision};

use crate::source::SourcePoint;

use super::names::{key, kind_from_name, NameKey};
use super::place::Gazetteer;
use super::spec::Spec;

pub use crate::geocheck::DUPLICATE_M;
/// Two lists' points for one institution further apart than this are a conflict for the report.
pub const CONFLICT_M: f64 = 500.0;
/// How far a Wikidata item's point may be from the record it is matched to.
pub const WIKIDATA_MATCH_M: f64 = 5_000.0;

/// A list's row that names a place of care, placed in its county.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The spec it comes from.
    pub list: usize,
    pub at: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub name_en: String,
    pub address: String,
    /// Landlines the list presents as the institution's, normalised.
    pub phones: Vec<String>,
    /// Its county; for a row placed only by its city, the county of the city's seat.
    pub county: u32,
    /// The city, for a row whose county could not be told (it stands at the city's seat).
    pub city: Option<u32>,
    pub point: Option<SourcePoint>,
    /// What the list's point is (an address geocode unless the list says less).
    pub point_precision: LocationPrecision,
    /// The list's own words for a point less than an address's (乡镇, 村庄).
    pub point_note: String,
    pub grade: Option<Grade>,
    /// The row's date: its own, else its list's.
    pub date: String,
    /// The row's own upstream (成都市卫健委 2020-01-20), where the list keeps it.
    pub upstream: Option<String>,
}

/// Two points for one institution that disagree.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub id: String,
    pub name: String,
    /// The point kept (its list) and the one set aside, and how far apart.
    pub kept: String,
    pub other: String,
    pub distance_m: f64,
    /// What the disagreement looks like: the other point read as GCJ-02 or BD-09 lands on the kept one.
    pub looks_like: Option<engine::CoordSystem>,
}

/// A merged record with its audit trail.
#[derive(Clone, Debug)]
pub struct Merged {
    pub facility: Facility,
    pub source_points: Vec<SourcePoint>,
    /// Rows of lists it holds, as (list index, row place).
    pub rows: Vec<(usize, String)>,
    /// Whether a record kept by hand is among them.
    pub curated: bool,
    /// Lists' points set aside as far from the county its name or address names.
    pub far_points: usize,
    /// What the import corrected in it, for the report.
    pub corrections: Corrections,
}

/// What the import corrected in one record, for the report.
#[derive(Clone, Debug, Default)]
pub struct Corrections {
    /// Other names it holds that are its name renamed or written otherwise
    /// (妇幼保健计划生育服务中心, 凉山州…, 第一人民医院 of a 县): rows merged by them.
    pub renamed_forms: Vec<String>,
    /// Cells of other names that joined several (、), split.
    pub aliases_split: usize,
    /// Words given as other names that are not names (骨科专科), not kept.
    pub aliases_dropped: Vec<String>,
    /// The alias that decided its kind, and the kind its name alone gives.
    pub kind_from_alias: Option<(String, engine::FacilityKind)>,
}

/// What merging found besides the records.
#[derive(Debug, Default)]
pub struct Merging {
    pub records: Vec<Merged>,
    pub conflicts: Vec<Conflict>,
    /// Wikidata rows matched to a record, and those that matched none, by list.
    pub matched: BTreeMap<usize, usize>,
    pub unmatched: BTreeMap<usize, Vec<String>>,
    /// Numbers not published because their area code is not their city's, each as (list, "row: name number (expected)").
    pub phones_withheld: Vec<(usize, String)>,
}

struct UnionFind {
    parent: Vec<usize>,
    curated: Vec<bool>,
}

impl UnionFind {
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        let mut j = i;
        while self.parent[j] != r {
            let next = self.parent[j];
            self.parent[j] = r;
            j = next;
        }
        r
    }

    /// Joins two groups, unless each holds a record kept by hand (those are distinct by hand).
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb || self.curated[ra] && self.curated[rb] {
            return;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        self.curated[keep] |= self.curated[gone];
    }
}

/// Province abbreviations for ids (ISO 3166-2:CN).
fn province_code(adcode: u32) -> &'static str {
    match adcode / 10_000 {
        11 => "bj",
        12 => "tj",
        13 => "he",
        14 => "sx",
        15 => "nm",
        21 => "ln",
        22 => "jl",
        23 => "hl",
        31 => "sh",
        32 => "js",
        33 => "zj",
        34 => "ah",
        35 => "fj",
        36 => "jx",
        37 => "sd",
        41 => "ha",
        42 => "hb",
        43 => "hn",
        44 => "gd",
        45 => "gx",
        46 => "hi",
        50 => "cq",
        51 => "sc",
        52 => "gz",
        53 => "yn",
        54 => "xz",
        61 => "sn",
        62 => "gs",
        63 => "qh",
        64 => "nx",
        65 => "xj",
        71 => "tw",
        81 => "hk",
        82 => "mo",
        _ => "cn",
    }
}

/// A readable id: province, county adcode and the pinyin initials of the name without its places.
fn base_id(county: u32, rest: &str) -> String {
    let initials: String = crate::pinyin::syllables(rest)
        .split(' ')
        .filter_map(|s| {
            if s.chars().all(|c| c.is_ascii_digit()) {
                Some(s.to_string())
            } else {
                s.chars().next().map(String::from)
            }
        })
        .collect();
    let initials =
        if initials.is_empty() { "x".to_string() } else { initials.chars().take(24).collect() };
    format!("{}-{county}-{initials}", province_code(county))
}

/// Merges the records kept by hand and the lists' entries; Wikidata-like
/// lists (`match_only`) only add to records the others made.
pub fn merge(
    curated: Vec<Facility>,
    entries: Vec<Entry>,
    specs: &[Spec],
    gazetteer: &mut Gazetteer,
) -> Merging {
    let (matchers, entries): (Vec<Entry>, Vec<Entry>) =
        entries.into_iter().partition(|e| specs[e.list].list.match_only);
    let c = curated.len();
    let n = c + entries.len();
    let mut uf = UnionFind { parent: (0..n).collect(), curated: (0..n).map(|i| i < c).collect() };
    let county_of = |i: usize| if i < c { curated[i].county_code } else { entries[i - c].county };
    let names_of = |i: usize| -> Vec<&str> {
        if i < c {
            std::iter::once(curated[i].name.as_str())
                .chain(curated[i].aliases.iter().map(String::as_str))
                .collect()
        } else {
            std::iter::once(entries[i - c].name.as_str())
                .chain(entries[i - c].aliases.iter().map(String::as_str))
                .collect()
        }
    };
    let mut prefix_cache: HashMap<u32, super::names::Prefixes> = HashMap::new();
    let mut keys: Vec<Vec<NameKey>> = Vec::with_capacity(n);
    for i in 0..n {
        let county = county_of(i);
        let prefixes =
            prefix_cache.entry(county).or_insert_with(|| gazetteer.prefixes(county)).clone();
        keys.push(names_of(i).into_iter().map(|name| key(name, &prefixes)).collect());
    }
    let own_point = |i: usize| -> Option<LatLon> {
        if i < c {
            matches!(
                curated[i].precision,
                LocationPrecision::Surveyed | LocationPrecision::AddressGeocoded
            )
            .then_some(curated[i].point)
        } else {
            entries[i - c].point.as_ref().map(SourcePoint::wgs84)
        }
    };
    // The same name in one county.
    let mut first: HashMap<(u32, &NameKey), usize> = HashMap::new();
    for (i, own) in keys.iter().enumerate().take(n) {
        for k in own {
            match first.get(&(county_of(i), k)) {
                Some(&j) => uf.union(i, j),
                None => {
                    first.insert((county_of(i), k), i);
                }
            }
        }
    }
    // A province's or a city's name (四川省人民医院, 成都市第一人民医院) names one
    // institution in the whole city, whichever county a list put it in.
    let city_of = |county: u32| gazetteer.admin(county).map(|a| a.parent);
    let mut first_in_city: HashMap<(u32, &NameKey), usize> = HashMap::new();
    for (i, own) in keys.iter().enumerate().take(n) {
        let Some(city) = city_of(county_of(i)) else { continue };
        for k in own.iter().filter(|k| k.level == 1 || k.level == 2) {
            match first_in_city.get(&(city, k)) {
                Some(&j) => uf.union(i, j),
                None => {
                    first_in_city.insert((city, k), i);
                }
            }
        }
    }
    // A name written with no place (人民医院 in a county's list, 钱湖医院) is the
    // institution of that name in its county; failing that, unless it says only
    // its kind, in its city. Of several, the one its own list does not name in
    // full, else the nearest within [`DUPLICATE_M`] of its own point.
    let mut by_rest_in_county: HashMap<(u32, &str), Vec<usize>> = HashMap::new();
    let mut by_rest_in_city: HashMap<(u32, &str), Vec<usize>> = HashMap::new();
    for (i, own) in keys.iter().enumerate().take(n) {
        for k in own {
            if k.level > 0 {
                by_rest_in_county.entry((county_of(i), k.rest.as_str())).or_default().push(i);
            }
            if let Some(city) = city_of(county_of(i)) {
                by_rest_in_city.entry((city, k.rest.as_str())).or_default().push(i);
            }
        }
    }
    for i in 0..n {
        for k in keys[i].iter().filter(|k| k.level == 0) {
            let in_county: Vec<usize> = by_rest_in_county
                .get(&(county_of(i), k.rest.as_str()))
                .into_iter()
                .flatten()
                .copied()
                .collect();
            // Only a hospital's name can be unique in a whole city; a township's
            // health centre (板桥卫生院) shares its name with others in other counties,
            // and a name written with its county belongs to that county.
            let hospital = kind_from_name(&k.rest).is_some_and(|kind| !kind.is_primary_care());
            let candidates: Vec<usize> =
                if !in_county.is_empty() || super::names::is_generic(&k.rest) || !hospital {
                    in_county
                } else {
                    city_of(county_of(i))
                        .and_then(|city| by_rest_in_city.get(&(city, k.rest.as_str())))
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(|&j| {
                            j != i && keys[j].iter().any(|kj| kj.rest == k.rest && kj.level < 3)
                        })
                        .collect()
                };
            let own_root = uf.find(i);
            let mut roots: Vec<usize> =
                candidates.iter().map(|&j| uf.find(j)).filter(|&r| r != own_root).collect();
            roots.sort_unstable();
            roots.dedup();
            // A bare name in a county's list is the county's institution (凯里市中医院),
            // not its prefecture's (黔东南州中医医院), when the county has one of that name.
            if roots.len() > 1 {
                let county_level: Vec<usize> = candidates
                    .iter()
                    .filter(|&&j| keys[j].iter().any(|kj| kj.rest == k.rest && kj.level == 3))
                    .map(|&j| uf.find(j))
                    .filter(|&r| r != own_root)
                    .collect();
                if !county_level.is_empty() && county_level.iter().all(|&r| r == county_level[0]) {
                    roots = vec![county_level[0]];
                }
            }
            if roots.len() > 1 && i >= c {
                let list = entries[i - c].list;
                let named_in_full: Vec<usize> = candidates
                    .iter()
                    .filter(|&&j| j >= c && entries[j - c].list == list)
                    .map(|&j| uf.find(j))
                    .collect();
                roots.retain(|r| !named_in_full.contains(r));
            }
            let nearest = || {
                let here = own_point(i)?;
                candidates
                    .iter()
                    .filter_map(|&j| Some((haversine_m(here, own_point(j)?), j)))
                    .filter(|(d, _)| *d < DUPLICATE_M)
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, j)| j)
            };
            match roots[..] {
                [root] => uf.union(i, root),
                [_, _, ..] => {
                    if let Some(j) = nearest() {
                        uf.union(i, j);
                    }
                }
                [] => {}
            }
        }
    }
    // A row placed only by its city is the institution of that name in the city, when there is one.
    let mut by_city: HashMap<(u32, &NameKey), Vec<usize>> = HashMap::new();
    for i in (0..n).filter(|&i| i < c || entries[i - c].city.is_none()) {
        if let Some(city) = city_of(county_of(i)) {
            for k in &keys[i] {
                by_city.entry((city, k)).or_default().push(i);
            }
        }
    }
    for i in (c..n).filter(|&i| entries[i - c].city.is_some()) {
        let city = entries[i - c].city.unwrap_or_default();
        let mut roots: Vec<usize> = keys[i]
            .iter()
            .filter_map(|k| by_city.get(&(city, k)))
            .flatten()
            .map(|&j| uf.find(j))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        if let [root] = roots[..] {
            uf.union(i, root);
        }
    }
    // The same name at one place, across a county line.
    let mut by_rest: BTreeMap<&str, Vec<(usize, u8)>> = BTreeMap::new();
    for i in (0..n).filter(|&i| own_point(i).is_some()) {
        by_rest.entry(keys[i][0].rest.as_str()).or_default().push((i, keys[i][0].level));
    }
    for group in by_rest.values() {
        for (x, &(a, la)) in group.iter().enumerate() {
            for &(b, lb) in &group[x + 1..] {
                if let (Some(pa), Some(pb)) = (own_point(a), own_point(b)) {
                    if (la == lb || la == 0 || lb == 0) && haversine_m(pa, pb) < DUPLICATE_M {
                        uf.union(a, b);
                    }
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    // A record kept by hand with the id the import would give a group
    // corrects that group, whatever its name now says.
    let curated_ids: HashMap<&str, usize> =
        curated.iter().enumerate().map(|(i, f)| (f.id.as_str(), i)).collect();
    let mut corrected = false;
    for members in groups.values().filter(|m| m[0] >= c) {
        let rows: Vec<&Entry> = members.iter().map(|&i| &entries[i - c]).collect();
        let (county, city) = group_place(&rows);
        if let Some(&kept) =
            curated_ids.get(base_id(city.unwrap_or(county), &keys[members[0]][0].rest).as_str())
        {
            uf.union(members[0], kept);
            corrected = true;
        }
    }
    if corrected {
        groups.clear();
        for i in 0..n {
            groups.entry(uf.find(i)).or_default().push(i);
        }
    }

    let mut out = Merging::default();
    let area_codes = super::phones::AreaCodes::from_numbers(
        entries
            .iter()
            .filter(|e| e.city.is_none())
            .flat_map(|e| e.phones.iter().map(|p| (e.county, p.as_str()))),
    );
    let mut built: Vec<Built> = Vec::with_capacity(groups.len());
    for members in groups.values() {
        let b = build(members, c, &curated, &entries, specs, gazetteer, &keys, &area_codes);
        out.phones_withheld.extend(b.withheld.iter().cloned());
        built.push(b);
    }
    match_wikidata(&mut built, matchers, specs, gazetteer, &mut out);
    assign_ids(&mut built);
    for b in built {
        let (merged, conflicts) = finish(b, specs, gazetteer);
        out.conflicts.extend(conflicts);
        out.records.push(merged);
    }
    out.records.sort_by(|a, b| a.facility.id.cmp(&b.facility.id));
    out.conflicts.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Where a group of list rows is: the county of its newest row that names
/// one (the row every choice prefers), and its city when only their city
/// places them all. A newer row that knows only the city (两江新区, a list
/// with no county column) never overrules an older row's county: that would
/// put the institution at the city seat's district (北部妇产医院 in 渝中区,
/// while the fever-clinic list says 渝北区).
fn group_place(rows: &[&Entry]) -> (u32, Option<u32>) {
    fn newest<'e>(rows: impl Iterator<Item = &'e Entry>) -> Option<&'e Entry> {
        rows.min_by(|a, b| b.date.cmp(&a.date).then(a.list.cmp(&b.list)).then(a.at.cmp(&b.at)))
    }
    match newest(rows.iter().copied().filter(|e| e.city.is_none())) {
        Some(placed) => (placed.county, None),
        None => {
            let first = newest(rows.iter().copied());
            (first.map_or(0, |e| e.county), first.and_then(|e| e.city))
        }
    }
}

/// A group on its way to a record.
struct Built {
    facility: Facility,
    curated: bool,
    /// The key's name without places, for the id.
    rest: String,
    entries: Vec<Entry>,
    /// Where the record stands while Wikidata items are matched to it.
    provisional: Option<LatLon>,
    /// The city, for a record only its city places (it stands at the city's seat).
    city: Option<u32>,
    /// Its lists' numbers not published (area code not its city's), as in [`Merging::phones_withheld`].
    withheld: Vec<(usize, String)>,
    corrections: Corrections,
}

#[allow(clippy::too_many_arguments)] // one group's inputs, each a different table
fn build(
    members: &[usize],
    c: usize,
    curated: &[Facility],
    entries: &[Entry],
    specs: &[Spec],
    gazetteer: &mut Gazetteer,
    keys: &[Vec<NameKey>],
    area_codes: &super::phones::AreaCodes,
) -> Built {
    let kept = members.iter().find(|&&i| i < c).map(|&i| curated[i].clone());
    let mut rows: Vec<Entry> =
        members.iter().filter(|&&i| i >= c).map(|&i| entries[i - c].clone()).collect();
    // Newest first, then in the lists' order: the order every choice below prefers.
    rows.sort_by(|a, b| b.date.cmp(&a.date).then(a.list.cmp(&b.list)).then(a.at.cmp(&b.at)));
    let name = match &kept {
        Some(f) => f.name.clone(),
        None => {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for e in &rows {
                *counts.entry(e.name.as_str()).or_default() += 1;
            }
            let most = counts.values().copied().max().unwrap_or(0);
            rows.iter()
                .map(|e| e.name.as_str())
                .find(|n| counts[n] == most)
                .unwrap_or_default()
                .to_string()
        }
    };
    let (row_county, row_city) = group_place(&rows.iter().collect::<Vec<_>>());
    let county = kept.as_ref().map_or(row_county, |f| f.county_code);
    let rest = keys[members[0]][0].rest.clone();
    let mut facility = match kept.clone() {
        Some(f) => f,
        None => Facility {
            kind_inferred: true,
            county_code: county,
            ..Facility::new(
                String::new(),
                name.clone(),
                engine::FacilityKind::General,
                LatLon::ORIGIN,
            )
        },
    };
    if facility.grade == Grade::NotListed {
        if let Some(g) = rows.iter().find_map(|e| e.grade) {
            facility.grade = g;
        }
    }
    // Other names, one name each: a cell that joins several (、) is split, and
    // words that are not a name (骨科专科) are not kept.
    let mut corrections = Corrections::default();
    let mut aliases: Vec<String> = facility.aliases.clone();
    for e in &rows {
        for cell in &e.aliases {
            let names = super::names::names_in(cell);
            if cell.contains(['、', '，', ',', '；', ';', '／']) {
                corrections.aliases_split += 1;
            }
            if names.is_empty() {
                corrections.aliases_dropped.push(cell.clone());
            }
        }
        let others = e.aliases.iter().flat_map(|a| super::names::names_in(a));
        for other in std::iter::once(e.name.clone()).chain(others) {
            if other != facility.name && !aliases.contains(&other) {
                aliases.push(other);
            }
        }
    }
    facility.aliases = aliases;
    let prefixes = gazetteer.prefixes(county);
    let own_key = key(&facility.name, &prefixes);
    corrections.renamed_forms = facility
        .aliases
        .iter()
        .filter(|a| {
            // The forms the key makes one since issue 27: renamed maternal and child
            // hospitals, a 县's 第一人民医院, a prefecture written short (凉山州).
            let differs = |w: &str| a.contains(w) != facility.name.contains(w);
            key(a, &prefixes) == own_key
                && ["计", "第一人民医院", "自治州"].into_iter().any(differs)
        })
        .cloned()
        .collect();
    if kept.is_none() {
        // What the institution is, by its name and, where the name says less, its other names.
        facility.kind = super::names::kind_of(&facility.name, &facility.aliases)
            .or_else(|| rows.iter().find_map(|e| kind_from_name(&e.name)))
            .unwrap_or(engine::FacilityKind::General);
        if let Some(by_name) = kind_from_name(&facility.name).filter(|k| *k != facility.kind) {
            let decided = facility
                .aliases
                .iter()
                .find(|a| kind_from_name(a) == Some(facility.kind))
                .cloned()
                .unwrap_or_default();
            corrections.kind_from_alias = Some((decided, by_name));
        }
    }
    if facility.address.is_empty() {
        if let Some(a) =
            rows.iter().map(|e| e.address.as_str()).find(|a| is_address(a, &facility.name))
        {
            facility.address = a.to_string();
        }
    }
    let mut withheld = Vec::new();
    for e in &rows {
        for p in &e.phones {
            if e.city.is_none() && !area_codes.accepts(e.county, p) {
                let expected = area_codes.expected(e.county).join("/");
                withheld.push((
                    e.list,
                    format!("{}: {} {p} ({} is {expected})", e.at, e.name, e.county),
                ));
                continue;
            }
            if !facility.phones.contains(p) && facility.phones.len() < 3 {
                facility.phones.push(p.clone());
            }
        }
    }
    let city = if kept.is_none() { row_city } else { None };
    let provisional = best_point(&facility, kept.is_some(), &rows, specs)
        .map(|(p, _, _)| p)
        .or_else(|| place_by_seat(gazetteer, city, county, &facility).map(|s| s.point));
    Built {
        facility,
        curated: kept.is_some(),
        rest,
        entries: rows,
        provisional,
        city,
        withheld,
        corrections,
    }
}

/// The seat that stands in for a record without a point of its own: its city's, for one only its city places.
fn place_by_seat(
    gazetteer: &Gazetteer,
    city: Option<u32>,
    county: u32,
    f: &Facility,
) -> Option<super::place::Placed> {
    match city {
        Some(city) => gazetteer.city_seat(city),
        None => gazetteer.seat(county, &f.address, &f.name),
    }
}

/// An address worth showing: not the name again, not a bus route, not empty.
fn is_address(address: &str, name: &str) -> bool {
    let a = address.trim();
    a.chars().count() >= 4
        && a != name
        && !a.ends_with("路公交")
        && !(a.ends_with('路') && a.chars().rev().nth(1).is_some_and(|c| c.is_ascii_digit()))
}

/// The best own point of a group: a record kept by hand and surveyed or
/// geocoded, else the lists' points by their rank (lower first), door-level
/// before township-level, newest first. Returns the point, its precision
/// and who placed it.
fn best_point(
    f: &Facility,
    curated: bool,
    rows: &[Entry],
    specs: &[Spec],
) -> Option<(LatLon, LocationPrecision, String)> {
    if curated
        && matches!(f.precision, LocationPrecision::Surveyed | LocationPrecision::AddressGeocoded)
    {
        return Some((f.point, f.precision, f.location_source.clone()));
    }
    rows.iter()
        .filter(|e| e.point.is_some())
        .min_by_key(|e| {
            (
                specs[e.list].list.point_rank,
                e.point_precision != LocationPrecision::AddressGeocoded,
                std::cmp::Reverse(e.date.clone()),
                e.list,
            )
        })
        .and_then(|e| {
            let p = e.point.as_ref()?;
            let geocoder = &specs[e.list].list.geocoder;
            let placed_by = if e.point_note.is_empty() {
                geocoder.clone()
            } else {
                format!("{geocoder}（{}级）", e.point_note.trim_end_matches('级'))
            };
            Some((p.wgs84(), e.point_precision, placed_by))
        })
}

fn match_wikidata(
    built: &mut [Built],
    matchers: Vec<Entry>,
    specs: &[Spec],
    gazetteer: &mut Gazetteer,
    out: &mut Merging,
) {
    let mut place_words: HashMap<u32, BTreeSet<String>> = HashMap::new();
    let name_words: Vec<BTreeSet<String>> = built
        .iter()
        .map(|b| {
            std::iter::once(&b.facility.name)
                .chain(&b.facility.aliases)
                .flat_map(|n| super::english::name_words(n))
                .collect()
        })
        .collect();
    for m in matchers {
        let Some(point) = m.point.as_ref().map(SourcePoint::wgs84) else { continue };
        let label = super::english::label_words(&m.name_en);
        let mut best: Option<(usize, f64, usize)> = None;
        for (i, b) in built.iter().enumerate() {
            let Some(at) = b.provisional else { continue };
            let d = haversine_m(at, point);
            if d > WIKIDATA_MATCH_M && b.facility.county_code != m.county {
                continue;
            }
            let county = b.facility.county_code;
            let places = place_words.entry(county).or_insert_with(|| {
                gazetteer
                    .prefixes(county)
                    .levels
                    .iter()
                    .flat_map(|(_, full, short)| {
                        super::english::name_words(full)
                            .into_iter()
                            .chain(super::english::name_words(short))
                    })
                    .collect()
            });
            if let Some(surplus) = super::english::fit(&label, &name_words[i], places) {
                if best.is_none_or(|(s, bd, _)| surplus < s || surplus == s && d < bd) {
                    best = Some((surplus, d, i));
                }
            }
        }
        match best {
            Some((_, _, i)) => {
                *out.matched.entry(m.list).or_default() += 1;
                built[i].entries.push(m);
            }
            None => out.unmatched.entry(m.list).or_default().push(format!(
                "{} {} ({:.5}, {:.5})",
                m.at,
                m.name_en,
                point.lat(),
                point.lon()
            )),
        }
    }
    let _ = specs;
}

/// Ids: a record kept by hand keeps its own; the others are made from their
/// place and name, with a hash of the name where two would be the same.
fn assign_ids(built: &mut [Built]) {
    let mut by_base: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let taken: BTreeSet<String> =
        built.iter().filter(|b| b.curated).map(|b| b.facility.id.clone()).collect();
    for (i, b) in built.iter().enumerate().filter(|(_, b)| !b.curated) {
        by_base
            .entry(base_id(b.city.unwrap_or(b.facility.county_code), &b.rest))
            .or_default()
            .push(i);
    }
    for (base, members) in by_base {
        let clash = members.len() > 1 || taken.contains(&base);
        for i in members {
            built[i].facility.id = if clash {
                let hash = xxhash_rust::xxh3::xxh3_64(built[i].facility.name.as_bytes());
                format!("{base}-{:06x}", hash & 0xff_ffff)
            } else {
                base.clone()
            };
        }
    }
}

fn finish(b: Built, specs: &[Spec], gazetteer: &mut Gazetteer) -> (Merged, Vec<Conflict>) {
    let Built { mut facility, curated, mut entries, city, corrections, .. } = b;
    let mut conflicts = Vec::new();
    // A list's point far from the county the record's name or address names is
    // not the institution's (a geocoder's slip; `datakit check` refuses it): the
    // point of another list, else that county's seat. The point stays in
    // `source_points` (the row is kept, its point marked far).
    let named = (!curated)
        .then(|| crate::consistency::named_county(gazetteer, &facility))
        .flatten()
        .and_then(|n| Some((n, gazetteer.county_seat(n)?)));
    let mut far_points = Vec::new();
    if let Some((named, seat)) = named {
        for e in entries.iter_mut() {
            let Some(p) = &e.point else { continue };
            if haversine_m(seat, p.wgs84()) > crate::consistency::NAMED_COUNTY_SEAT_M {
                far_points.push(p.clone());
                e.point = None;
            }
        }
        if !far_points.is_empty() && entries.iter().all(|e| e.point.is_none()) {
            facility.county_code = named;
        }
    }
    let chosen = best_point(&facility, curated, &entries, specs);
    match &chosen {
        Some((point, precision, by)) => {
            facility.point = *point;
            facility.precision = *precision;
            facility.location_source = by.clone();
            if let Some(county) = gazetteer.county_at(*point) {
                facility.county_code = county;
            }
        }
        None => {
            if let Some(seat) = place_by_seat(gazetteer, city, facility.county_code, &facility) {
                facility.point = seat.point;
                facility.precision = seat.precision;
                facility.location_source = seat.source;
            }
            // Only its city is known: it stands at the city's seat, but the seat's
            // district is not its county (a county filter would find it wrongly).
            if city.is_some() {
                facility.county_code = 0;
            }
        }
    }
    let far_count = far_points.len();
    let mut source_points: Vec<SourcePoint> = far_points;
    for e in &entries {
        if let Some(p) = &e.point {
            if !source_points.contains(p) {
                source_points.push(p.clone());
            }
        }
    }
    if let Some((kept, _, _)) =
        chosen.filter(|(_, precision, _)| *precision != LocationPrecision::TownshipSeat)
    {
        let kept_list = entries
            .iter()
            .find(|e| e.point.as_ref().is_some_and(|p| p.wgs84() == kept))
            .map(|e| specs[e.list].list.id.clone());
        for e in &entries {
            let Some(p) = &e.point else { continue };
            let d = haversine_m(kept, p.wgs84());
            if d > CONFLICT_M {
                // A point taken from a Chinese map keeps that map's offset: read it so, and see if it lands.
                let looks_like = [engine::CoordSystem::Gcj02, engine::CoordSystem::Bd09]
                    .into_iter()
                    .find(|system| {
                        p.crs == engine::CoordSystem::Wgs84
                            && haversine_m(kept, system.to_wgs84(p.point)) < 150.0
                    });
                conflicts.push(Conflict {
                    id: facility.id.clone(),
                    name: facility.name.clone(),
                    kept: kept_list.clone().unwrap_or_else(|| "kept by hand".into()),
                    other: format!("{} ({})", specs[e.list].list.id, e.at),
                    distance_m: d,
                    looks_like,
                });
            }
        }
    }
    let mut lists: Vec<usize> = entries.iter().map(|e| e.list).collect();
    lists.sort_unstable();
    lists.dedup();
    let mut sources: Vec<String> = Vec::new();
    if !facility.source.is_empty() {
        sources.push(facility.source.clone());
    }
    for &l in &lists {
        let upstream: BTreeSet<&str> =
            entries.iter().filter(|e| e.list == l).filter_map(|e| e.upstream.as_deref()).collect();
        let mut cite = specs[l].citation();
        if !upstream.is_empty() {
            cite.push_str(&format!("，据{}", upstream.into_iter().collect::<Vec<_>>().join("、")));
        }
        sources.push(cite);
    }
    facility.source = sources.join("; ");
    facility.lists = lists.iter().map(|&l| specs[l].list.id.clone()).collect();
    if facility.name_en.is_empty() {
        if let Some(en) = entries.iter().map(|e| e.name_en.as_str()).find(|n| !n.is_empty()) {
            facility.name_en = en.to_string();
        }
    }
    if let Some(newest) = entries.iter().map(|e| e.date.as_str()).max() {
        if newest > facility.last_checked.as_str() {
            facility.last_checked = newest.to_string();
        }
    }
    facility.pinyin = crate::pinyin::for_names(&facility.name, &facility.aliases);
    let rows = entries.iter().map(|e| (e.list, e.at.clone())).collect();
    (
        Merged { facility, source_points, rows, curated, far_points: far_count, corrections },
        conflicts,
    )
}
