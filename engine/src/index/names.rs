//! The national name index: which tiles could hold a text match, so a name
//! typed anywhere ("华西医院", "hxyy") is found by fetching a few small index
//! files and the tiles they name, never the nation (as Pagefind does for
//! static sites).
//!
//! Every text a query can match as typed (see [`crate::index::text`]) is cut
//! into keys: each pair of characters of a name, an alias or an address
//! (`t华西`), the first three letters of the pinyin from each syllable on
//! (`phua`… as `phux`, `pxiy`), and each three letters of the pinyin initials
//! (`ihxy`); and its id (`d` and the id), so that a link to a listing finds
//! the one tile that holds it. A facility that matches a query as typed holds every key the
//! query makes (all its pairs, or for a latin query of three or more letters
//! its pinyin start or all its initials triples), so the tiles every such
//! key names hold every match: the answer over them is exact. Typo matches
//! are a fallback and come from the tiles loaded.
//!
//! A key names its holders facility by facility when few hold it, so that
//! the keys of a query meet in the facilities that hold them all (华西 and
//! 医院 in the same name, not merely in the same tile); else by tile; else,
//! held in more than [`KEY_TILES_AT_MOST`] tiles, it narrows nothing.
//! Facilities are numbered tile after tile ([`Layout`]), so a facility's
//! number says its tile.
//!
//! Keys are spread over `n` bucket files by hash (FNV-1a); a bucket is text:
//! a first line [`NAMES_HEADER`], then one line per key in ascending order,
//! `key<TAB>holders`: `f` and facility numbers (the first, then each one's
//! distance from the one before), `t` and tile numbers, or `*`.

use std::collections::{BTreeMap, BTreeSet};

use crate::data::model::Facility;
use crate::index::text::TextQuery;
use crate::sorting::sort_by;

/// A bucket file's first line.
pub const NAMES_HEADER: &str = "xunzhen-names 1";
/// A key held by at most this many facilities lists them; beyond, its tiles.
pub const KEY_FACILITIES_AT_MOST: usize = 512;
/// A key held in more tiles than this is stored as `*`: everywhere.
pub const KEY_TILES_AT_MOST: usize = 64;
/// About how many bytes a bucket file holds (before compression).
pub const BUCKET_BYTES: usize = 24_000;
/// The most bytes a bucket may have: refused beyond, unparsed.
pub const MAX_BUCKET_BYTES: usize = 4 << 20;

/// Where facilities are: tile `t` holds the facilities numbered
/// `starts[t]..starts[t + 1]`, in the order the build wrote the tiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    starts: Vec<u32>,
}

impl Layout {
    /// From each tile's facility count, in manifest order.
    pub fn new(counts: impl IntoIterator<Item = u32>) -> Self {
        let mut starts = vec![0u32];
        for count in counts {
            let last = *starts.last().unwrap_or(&0);
            starts.push(last.saturating_add(count));
        }
        Self { starts }
    }

    /// How many tiles.
    pub fn tiles(&self) -> usize {
        self.starts.len() - 1
    }

    /// How many facilities in all.
    pub fn facilities(&self) -> u32 {
        *self.starts.last().unwrap_or(&0)
    }

    /// The tile holding facility `f` (which must be below [`Layout::facilities`]).
    pub fn tile_of(&self, f: u32) -> u32 {
        (self.starts.partition_point(|&s| s <= f) - 1) as u32
    }
}

/// Where a key's holders are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holders {
    /// In more tiles than the index lists.
    Everywhere,
    /// In these tiles, ascending.
    Tiles(Vec<u32>),
    /// These facilities (numbered as in [`Layout`]), ascending.
    Facilities(Vec<u32>),
}

impl Holders {
    /// Held by both: facility by facility where both say which, else tile by tile.
    fn and(self, other: Holders, layout: &Layout) -> Holders {
        let within = |tiles: &[u32], f: &u32| tiles.binary_search(&layout.tile_of(*f)).is_ok();
        match (self, other) {
            (Holders::Everywhere, h) | (h, Holders::Everywhere) => h,
            (Holders::Facilities(a), Holders::Facilities(b)) => {
                Holders::Facilities(a.into_iter().filter(|f| b.binary_search(f).is_ok()).collect())
            }
            (Holders::Facilities(a), Holders::Tiles(t))
            | (Holders::Tiles(t), Holders::Facilities(a)) => {
                Holders::Facilities(a.into_iter().filter(|f| within(&t, f)).collect())
            }
            (Holders::Tiles(a), Holders::Tiles(b)) => {
                Holders::Tiles(a.into_iter().filter(|t| b.binary_search(t).is_ok()).collect())
            }
        }
    }

    /// The tiles that hold them, ascending; `None` for everywhere.
    pub fn tiles(self, layout: &Layout) -> Option<Vec<u32>> {
        match self {
            Holders::Everywhere => None,
            Holders::Tiles(tiles) => Some(tiles),
            Holders::Facilities(facilities) => {
                let mut tiles: Vec<u32> =
                    facilities.into_iter().map(|f| layout.tile_of(f)).collect();
                tiles.dedup();
                Some(tiles)
            }
        }
    }
}

/// Characters a query never holds (it drops them), so no key needs them.
fn dropped(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\'' | '-' | '·')
}

/// The key of a facility's id: no query's key begins with `d`.
pub fn id_key(id: &str) -> String {
    format!("d{id}")
}

/// The keys of one facility's texts and its id (see the module's introduction).
pub fn facility_keys(f: &Facility) -> BTreeSet<String> {
    let mut keys = BTreeSet::from([id_key(&f.id)]);
    for text in std::iter::once(&f.name).chain(&f.aliases).chain(std::iter::once(&f.address)) {
        let chars: Vec<char> = text.chars().collect();
        for pair in chars.windows(2).filter(|p| !p.iter().any(|&c| dropped(c))) {
            keys.insert(format!("t{}{}", pair[0], pair[1]));
        }
    }
    for line in f.pinyin.lines() {
        let syllables: Vec<&str> = line.split(' ').filter(|s| !s.is_empty()).collect();
        let joined: String = syllables.concat();
        let mut start = 0;
        for s in &syllables {
            if let Some(three) = joined
                .get(start..start + 3)
                .filter(|t| t.bytes().all(|b| b.is_ascii_alphanumeric()))
            {
                keys.insert(format!("p{three}"));
            }
            start += s.len();
        }
        let initials: Vec<char> = syllables.iter().filter_map(|s| s.chars().next()).collect();
        for three in initials.windows(3).filter(|t| t.iter().all(char::is_ascii_alphanumeric)) {
            keys.insert(format!("i{}{}{}", three[0], three[1], three[2]));
        }
    }
    keys
}

/// The keys a query needs, as a formula: every text pair (`all`), or for a
/// latin query, the pinyin start or every initials triple. `None` when the
/// query is too short for the index (one character, or a latin query of two
/// letters): then only the tiles loaded are searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryKeys {
    pairs: Vec<String>,
    pinyin: Option<(String, Vec<String>)>,
}

impl QueryKeys {
    /// The keys `query` needs; `None` when the index cannot narrow it.
    pub fn of(query: &TextQuery) -> Option<Self> {
        let chars: Vec<char> = query.text().chars().collect();
        if chars.len() < 2 {
            return None;
        }
        let pairs: Vec<String> =
            spread(chars.windows(2).map(|p| format!("t{}{}", p[0], p[1])).collect());
        let pinyin = if query.is_latin() {
            if chars.len() < 3 {
                return None;
            }
            let triples =
                spread(chars.windows(3).map(|t| format!("i{}{}{}", t[0], t[1], t[2])).collect());
            Some((format!("p{}{}{}", chars[0], chars[1], chars[2]), triples))
        } else {
            None
        };
        Some(Self { pairs, pinyin })
    }

    /// Every key, once: what must be read to answer.
    pub fn keys(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.pairs.iter().map(String::as_str).collect();
        if let Some((start, triples)) = &self.pinyin {
            all.push(start);
            all.extend(triples.iter().map(String::as_str));
        }
        sort_by(&mut all, |a, b| a.cmp(b));
        all.dedup();
        all
    }

    /// The tiles that could hold a match, ascending, from each key's holders
    /// (`None` for a key no facility holds); `None` when they could be anywhere.
    pub fn tiles(
        &self,
        layout: &Layout,
        holders: impl Fn(&str) -> Option<Holders>,
    ) -> Option<Vec<u32>> {
        let held = |k: &str| holders(k).unwrap_or(Holders::Facilities(Vec::new()));
        let all_of = |keys: &[String]| {
            keys.iter().fold(Holders::Everywhere, |acc, k| acc.and(held(k), layout)).tiles(layout)
        };
        let mut tiles = all_of(&self.pairs)?;
        if let Some((start, triples)) = &self.pinyin {
            tiles.extend(held(start).tiles(layout)?);
            tiles.extend(all_of(triples)?);
            sort_by(&mut tiles, |a, b| a.cmp(b));
            tiles.dedup();
        }
        Some(tiles)
    }
}

/// The most keys of one kind a query reads: a long name's pairs overlap, and
/// a few spread over it narrow as well as all of them (a match holds every
/// one, so any of them give a superset), in fewer bucket downloads.
pub const QUERY_KEYS_AT_MOST: usize = 6;

/// At most [`QUERY_KEYS_AT_MOST`] of `keys`, spread from the first to the last.
fn spread(keys: Vec<String>) -> Vec<String> {
    let n = keys.len();
    if n <= QUERY_KEYS_AT_MOST {
        return keys;
    }
    (0..QUERY_KEYS_AT_MOST).map(|i| keys[i * (n - 1) / (QUERY_KEYS_AT_MOST - 1)].clone()).collect()
}

/// The bucket a key is in, of `buckets`.
pub fn bucket_of(key: &str, buckets: usize) -> usize {
    let hash = key
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    (hash % buckets.max(1) as u64) as usize
}

/// The bucket files for tiles of facilities (in manifest order): each
/// file's text and how many keys it holds.
pub fn build<'a>(
    tiles: impl IntoIterator<Item = impl IntoIterator<Item = &'a Facility>>,
) -> Vec<(String, u32)> {
    let mut holders: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut counts = Vec::new();
    let mut n = 0u32;
    for facilities in tiles {
        let first = n;
        for f in facilities {
            for key in facility_keys(f) {
                holders.entry(key).or_default().push(n);
            }
            n += 1;
        }
        counts.push(n - first);
    }
    let layout = Layout::new(counts);
    let line = |key: &str, facilities: &[u32]| -> String {
        let joined = |numbers: &mut dyn Iterator<Item = u32>| {
            numbers.map(|v| v.to_string()).collect::<Vec<_>>().join(",")
        };
        let list = if facilities.len() <= KEY_FACILITIES_AT_MOST {
            // The first number, then each one's distance from the one before.
            let deltas = facilities.iter().scan(0, |last, &f| Some(f - std::mem::replace(last, f)));
            format!("f{}", joined(&mut deltas.into_iter()))
        } else {
            let tiles = Holders::Facilities(facilities.to_vec()).tiles(&layout).unwrap_or_default();
            if tiles.len() > KEY_TILES_AT_MOST {
                "*".to_string()
            } else {
                format!("t{}", joined(&mut tiles.into_iter()))
            }
        };
        format!("{key}\t{list}\n")
    };
    let lines: Vec<(&String, String)> = holders.iter().map(|(k, f)| (k, line(k, f))).collect();
    let total: usize = lines.iter().map(|(_, l)| l.len()).sum();
    let count = total.div_ceil(BUCKET_BYTES).max(1);
    let mut buckets: Vec<(String, u32)> =
        (0..count).map(|_| (format!("{NAMES_HEADER}\n"), 0)).collect();
    for (key, line) in lines {
        let b = &mut buckets[bucket_of(key, count)];
        b.0.push_str(&line);
        b.1 += 1;
    }
    buckets
}

/// A bucket file read: each key's holders, by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bucket(Vec<(String, Holders)>);

impl Bucket {
    /// Reads bucket `index` of `buckets` for the tiles of `layout`, checking
    /// every line: the header, keys ascending and each of this bucket, tiles
    /// and facilities ascending and in range. A line is read no further than
    /// a key may hold, so what is kept stays within what the input justifies.
    pub fn parse(
        text: &str,
        index: usize,
        buckets: usize,
        layout: &Layout,
    ) -> Result<Self, String> {
        if text.len() > MAX_BUCKET_BYTES {
            return Err(format!(
                "{} bytes, more than the {MAX_BUCKET_BYTES} a name bucket may have",
                text.len()
            ));
        }
        let mut lines = text.lines();
        if lines.next() != Some(NAMES_HEADER) {
            return Err(format!("does not begin with {NAMES_HEADER:?}"));
        }
        let mut keys: Vec<(String, Holders)> = Vec::new();
        for (n, line) in lines.enumerate() {
            let at = |m: &str| format!("line {}: {m}", n + 2);
            let (key, list) =
                line.split_once('\t').ok_or_else(|| at("no tab between key and holders"))?;
            if key.is_empty() || bucket_of(key, buckets) != index {
                return Err(at("key empty, or not of this bucket"));
            }
            if keys.last().is_some_and(|(last, _)| last.as_str() >= key) {
                return Err(at("keys must ascend, each listed once"));
            }
            const FEW_TILES: &str = "tiles must ascend, be ones the manifest lists, and be few";
            const FEW_FACILITIES: &str =
                "facilities must ascend, be ones the tiles hold, and be few";
            // At most `most` numbers are read: a line listing more is refused
            // there, so what is kept never outgrows what a key may hold.
            let numbers = |list: &str, most: usize, too_many: &str| {
                let mut out: Vec<u32> = Vec::new();
                for (i, t) in list.split(',').enumerate() {
                    if i >= most {
                        return Err(at(too_many));
                    }
                    out.push(t.parse::<u32>().map_err(|_| at("holders must be numbers"))?);
                }
                Ok(out)
            };
            let holders = match list.split_at_checked(1) {
                Some(("*", "")) => Holders::Everywhere,
                Some(("t", tiles)) => {
                    let tiles = numbers(tiles, KEY_TILES_AT_MOST, FEW_TILES)?;
                    if tiles.windows(2).any(|w| w[0] >= w[1])
                        || tiles.last().is_some_and(|&t| t as usize >= layout.tiles())
                    {
                        return Err(at(FEW_TILES));
                    }
                    Holders::Tiles(tiles)
                }
                Some(("f", deltas)) => {
                    let deltas = numbers(deltas, KEY_FACILITIES_AT_MOST, FEW_FACILITIES)?;
                    let mut facilities = Vec::with_capacity(deltas.len());
                    for d in deltas {
                        let next = facilities.last().map_or(Some(d), |&last: &u32| {
                            if d == 0 {
                                None
                            } else {
                                last.checked_add(d)
                            }
                        });
                        match next.filter(|&f| f < layout.facilities()) {
                            Some(f) => facilities.push(f),
                            None => return Err(at(FEW_FACILITIES)),
                        }
                    }
                    Holders::Facilities(facilities)
                }
                _ => return Err(at("holders must be *, t<tiles> or f<facilities>")),
            };
            keys.push((key.to_string(), holders));
        }
        Ok(Self(keys))
    }

    /// A key's holders; `None` when no facility holds it.
    pub fn get(&self, key: &str) -> Option<Holders> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| self.0[i].1.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::point::LatLon;
    use crate::FacilityKind;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn facility(name: &str, pinyin: &str, address: &str) -> Facility {
        Facility {
            pinyin: pinyin.into(),
            address: address.into(),
            ..Facility::new(name, name, FacilityKind::Tcm, LatLon::new(30.0, 104.0).unwrap())
        }
    }

    fn read(buckets: &[(String, u32)], layout: &Layout) -> Vec<Bucket> {
        buckets
            .iter()
            .enumerate()
            .map(|(i, (text, _))| Bucket::parse(text, i, buckets.len(), layout).unwrap())
            .collect()
    }

    /// The tiles for `query` (`Some(None)`: anywhere; `None`: too short for the index).
    fn tiles_for(parsed: &[Bucket], layout: &Layout, query: &str) -> Option<Option<Vec<u32>>> {
        let keys = QueryKeys::of(&TextQuery::new(query)?)?;
        Some(keys.tiles(layout, |k| parsed[bucket_of(k, parsed.len())].get(k)))
    }

    #[test]
    fn keys_name_the_tiles_that_hold_a_match() {
        let huaxi = facility(
            "四川大学华西医院",
            "si chuan da xue hua xi yi yuan",
            "成都市武侯区国学巷37号",
        );
        let dazu = facility("大足区中医院", "da zu qu zhong yi yuan", "重庆市大足区");
        let other = facility("协和医院", "xie he yi yuan", "北京市");
        // 华西 and 医院 both in tile 2, but in two facilities: no match there.
        let apart = facility("华西路诊所", "hua xi lu zhen suo", "");
        let layout = Layout::new([1, 2, 2]);
        let buckets = build([vec![&dazu], vec![&huaxi, &other], vec![&other, &apart]]);
        let parsed = read(&buckets, &layout);
        let at = |q: &str| tiles_for(&parsed, &layout, q);
        assert_eq!(at("华西医院"), Some(Some(vec![1])));
        assert_eq!(at("hxyy"), Some(Some(vec![1])));
        assert_eq!(at("huaxi"), Some(Some(vec![1, 2])));
        assert_eq!(at("国学巷"), Some(Some(vec![1])));
        assert_eq!(at("医院"), Some(Some(vec![0, 1, 2])));
        assert_eq!(at("yiyuan"), Some(Some(vec![0, 1, 2])));
        assert_eq!(at("大足"), Some(Some(vec![0])));
        assert_eq!(at("长江"), Some(Some(vec![])));
        // Too short for the index: the tiles loaded answer.
        assert_eq!(at("华"), None);
        assert_eq!(at("hx"), None);
    }

    #[test]
    fn a_key_held_widely_names_tiles_then_nothing() {
        let f = facility("某医院", "mou yi yuan", "");
        let g = facility("华西诊所", "hua xi zhen suo", "");
        let per_tile = KEY_FACILITIES_AT_MOST / 8 + 1;
        // 医院 in more facilities than are listed, in few tiles; 华西 once.
        let few: Vec<Vec<&Facility>> =
            (0..9).map(|t| if t == 4 { vec![&g] } else { vec![&f; per_tile] }).collect();
        let layout = Layout::new(few.iter().map(|t| t.len() as u32));
        let buckets = build(few);
        let parsed = read(&buckets, &layout);
        let line = |key: &str| parsed[bucket_of(key, parsed.len())].get(key).unwrap();
        assert_eq!(line("t医院"), Holders::Tiles(vec![0, 1, 2, 3, 5, 6, 7, 8]));
        assert_eq!(line("t华西"), Holders::Facilities(vec![4 * per_tile as u32]));
        assert_eq!(tiles_for(&parsed, &layout, "医院"), Some(Some(vec![0, 1, 2, 3, 5, 6, 7, 8])));
        // In more tiles than listed: anywhere.
        let many: Vec<Vec<&Facility>> = (0..=KEY_TILES_AT_MOST)
            .map(|_| vec![&f; KEY_FACILITIES_AT_MOST / KEY_TILES_AT_MOST + 1])
            .collect();
        let layout = Layout::new(many.iter().map(|t| t.len() as u32));
        let parsed = read(&build(many), &layout);
        assert_eq!(tiles_for(&parsed, &layout, "医院"), Some(None));
        assert_eq!(tiles_for(&parsed, &layout, "某医院"), Some(None));
        assert_eq!(
            tiles_for(&parsed, &layout, "某医院x"),
            Some(Some(vec![])),
            "a pair no facility holds"
        );
    }

    #[test]
    fn a_long_query_reads_a_few_keys_spread_over_it() {
        let keys =
            QueryKeys::of(&TextQuery::new("合成东城区湖康社区卫生服务中心").unwrap()).unwrap();
        assert_eq!(keys.keys().len(), QUERY_KEYS_AT_MOST);
        assert!(
            keys.keys().contains(&"t合成") && keys.keys().contains(&"t中心"),
            "{:?}",
            keys.keys()
        );
    }

    #[test]
    fn a_facility_number_says_its_tile() {
        let layout = Layout::new([3, 0, 2]);
        assert_eq!((layout.tiles(), layout.facilities()), (3, 5));
        assert_eq!([0, 1, 2, 3, 4].map(|f| layout.tile_of(f)), [0, 0, 0, 2, 2]);
    }

    #[test]
    fn broken_buckets_are_refused_with_the_line() {
        let layout = Layout::new([2, 2, 2, 2, 2]);
        let ok = |t: &str| Bucket::parse(t, 0, 1, &layout);
        assert_eq!(
            ok("xunzhen-names 1\nt医院\tt0,2\nt华西\tf3,4\n").unwrap().get("t华西"),
            Some(Holders::Facilities(vec![3, 7]))
        );
        assert!(ok("xunzhen-names 1\nt中医\t*\n").is_ok());
        assert!(ok("xunzhen-names 2\n").unwrap_err().contains("xunzhen-names 1"));
        assert!(ok("xunzhen-names 1\nt医院 t0\n").unwrap_err().starts_with("line 2"));
        for bad in ["t2,0", "t9", "tx", "t", "f3,0", "f9,1", "f10", "x1", "*1", ""] {
            assert!(ok(&format!("xunzhen-names 1\nt医院\t{bad}\n")).is_err(), "{bad}");
        }
        assert!(ok("xunzhen-names 1\nt医院\tt1\nt医院\tt1\n").unwrap_err().contains("once"));
        assert!(ok("xunzhen-names 1\nt医院\tt1\nt中医\tt1\n").unwrap_err().contains("ascend"));
        // A key hashed to another bucket is not this bucket's.
        let key = (0..100).map(|i| format!("t{i}")).find(|k| bucket_of(k, 2) == 1).unwrap();
        assert!(Bucket::parse(&format!("xunzhen-names 1\n{key}\tt0\n"), 0, 2, &layout).is_err());
    }
}
