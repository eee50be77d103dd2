//! The national name index: text search over tiles, loading what the index
//! names, gives the whole dataset's answer, on 1,000 random queries over
//! synthetic facilities whose names, aliases, addresses and pinyin vary as
//! real ones do (a small alphabet of syllables, so names share pairs and
//! queries meet many facilities). Runs natively and under wasm32 in Chromium.

use engine::names::{bucket_of, Bucket, Holders, Layout};
use engine::shards::{encode_shards, ShardLevel, ShardSet};
use engine::synthetic::{national, Lcg};
use engine::{Dataset, Facility, Filter, LatLon, SearchHit};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Characters with their pinyin: enough to make names that share some pairs and not others.
const SYLLABLES: &[(char, &str)] = &[
    ('华', "hua"),
    ('西', "xi"),
    ('医', "yi"),
    ('院', "yuan"),
    ('中', "zhong"),
    ('大', "da"),
    ('足', "zu"),
    ('区', "qu"),
    ('人', "ren"),
    ('民', "min"),
    ('第', "di"),
    ('一', "yi"),
    ('妇', "fu"),
    ('幼', "you"),
    ('保', "bao"),
    ('健', "jian"),
    ('诊', "zhen"),
    ('所', "suo"),
    ('社', "she"),
    ('康', "kang"),
    ('协', "xie"),
    ('和', "he"),
    ('川', "chuan"),
    ('北', "bei"),
];

fn word(rng: &mut Lcg, len: usize) -> (String, String) {
    let picked: Vec<(char, &str)> =
        (0..len).map(|_| SYLLABLES[(rng.next_u64() % SYLLABLES.len() as u64) as usize]).collect();
    (picked.iter().map(|p| p.0).collect(), picked.iter().map(|p| p.1).collect::<Vec<_>>().join(" "))
}

/// Synthetic facilities around six county seats, with varied names; labelled synthetic in their ids and sources.
fn facilities() -> Vec<Facility> {
    let seat = |code: u32, lat: f64, lon: f64| (code, LatLon::new(lat, lon).unwrap());
    let seats = [
        seat(510104, 30.65, 104.08),
        seat(510603, 31.13, 104.39),
        seat(511402, 30.05, 103.83),
        seat(500111, 29.70, 105.72),
        seat(500118, 29.35, 105.92),
    ];
    let mut rng = Lcg(21);
    let mut all = national(2_000, 5, &seats);
    for f in &mut all {
        let len = 2 + (rng.next_u64() % 5) as usize;
        let (name, pinyin) = word(&mut rng, len);
        f.name = name;
        f.pinyin = pinyin;
        f.aliases.clear();
        if rng.next_u64().is_multiple_of(4) {
            let (alias, alias_pinyin) = word(&mut rng, 3);
            f.aliases.push(alias);
            f.pinyin = format!("{}\n{alias_pinyin}", f.pinyin);
        }
        // Every address says synthetic (合成): a key held everywhere.
        f.address = format!("合成{}", word(&mut rng, 4).0);
        // Two counties' addresses share a street: a key held by more facilities than are listed, in few tiles.
        if matches!(f.county_code, 510104 | 510603) {
            f.address.push_str("健康路");
        }
    }
    all
}

/// A query drawn from a facility's texts (a piece of its name, alias,
/// address, pinyin from a syllable on, or initials), or made up.
fn query(rng: &mut Lcg, all: &[Facility]) -> String {
    let f = &all[(rng.next_u64() % all.len() as u64) as usize];
    let piece = |text: &str, rng: &mut Lcg| {
        let chars: Vec<char> = text.chars().collect();
        let len = 1 + (rng.next_u64() % chars.len().min(5) as u64) as usize;
        let start = (rng.next_u64() % (chars.len() - len + 1) as u64) as usize;
        chars[start..start + len].iter().collect::<String>()
    };
    let syllables: Vec<&str> = f.pinyin.lines().next().unwrap_or_default().split(' ').collect();
    match rng.next_u64() % 6 {
        0 => piece(&f.name, rng),
        1 => piece(f.aliases.first().unwrap_or(&f.name), rng),
        2 => piece(&f.address, rng),
        3 => {
            let from = (rng.next_u64() % syllables.len() as u64) as usize;
            let joined = syllables[from..].concat();
            // Up to 12 letters: more keys than a query reads (QUERY_KEYS_AT_MOST).
            joined[..(2 + (rng.next_u64() % 11) as usize).min(joined.len())].to_string()
        }
        4 => piece(&syllables.iter().filter_map(|s| s.chars().next()).collect::<String>(), rng),
        _ => word(rng, 2).0,
    }
}

fn as_typed<'a>(hits: &[SearchHit<'a>]) -> Vec<(&'a str, engine::MatchQuality)> {
    hits.iter().filter(|h| h.quality.as_typed()).map(|h| (h.facility.id(), h.quality)).collect()
}

/// Random queries: 1,000 natively; fewer under wasm32, where the test runs
/// unoptimised on the page's one thread and the runner's webdriver gives up
/// on a page busy for 20 s.
const ROUNDS: usize = if cfg!(target_arch = "wasm32") { 250 } else { 1_000 };

#[test]
fn text_search_over_tiles_is_the_whole_datasets() {
    let all = facilities();
    let whole = Dataset::from_facilities(all.clone());
    let (manifest, files) =
        encode_shards(&all, &[], &[], ShardLevel::Tiles(30), "", 0, true).unwrap();
    let tiles = manifest.shards.len();
    assert!(tiles > engine::names::KEY_TILES_AT_MOST && !manifest.names.is_empty());
    // Keys of every kind: by facility, by tile (健康路), anywhere (each synthetic kind's pinyin).
    let layout = Layout::new(manifest.shards.iter().map(|s| s.count));
    let first_bucket = files.len() - manifest.names.len();
    let holders = |key: &str| {
        let b = bucket_of(key, manifest.names.len());
        Bucket::parse(
            std::str::from_utf8(&files[first_bucket + b]).unwrap(),
            b,
            manifest.names.len(),
            &layout,
        )
        .unwrap()
        .get(key)
        .unwrap()
    };
    assert!(matches!(holders("t华西"), Holders::Facilities(_)));
    assert!(matches!(holders("t康路"), Holders::Tiles(_)));
    assert_eq!(holders("t合成"), Holders::Everywhere);
    let mut rng = Lcg(3);
    let (mut narrowed, mut found) = (0, 0);
    for round in 0..ROUNDS {
        let q = query(&mut rng, &all);
        let near = (round % 3 != 0)
            .then(|| LatLon::new(rng.range(29.0, 31.5), rng.range(103.5, 106.2)).unwrap());
        let filter = if round % 5 == 0 {
            Filter { kinds: vec![all[round].kind], ..Filter::all() }
        } else {
            Filter::all()
        };
        let limit = 1 + round % 10;
        let mut set = ShardSet::new(manifest.clone());
        for _ in 0..4 {
            let missing = set.search(&q, near, limit, &filter).missing;
            for i in missing {
                set.insert(i, &files[i]).unwrap();
            }
        }
        let got = set.search(&q, near, limit, &filter);
        assert!(got.missing.is_empty(), "{q:?}: the index, then the tiles it names, settle it");
        let want = whole.search(&q, near, limit, &filter);
        assert_eq!(as_typed(&got.results), as_typed(&want), "{q:?} near {near:?}, round {round}");
        // Loaded as one dataset, as the app shows them: the same.
        if round % 10 == 0 {
            let union = set.loaded_dataset();
            assert_eq!(
                as_typed(&union.search(&q, near, limit, &filter)),
                as_typed(&want),
                "union, {q:?}"
            );
        }
        let loaded = (0..tiles).filter(|&i| set.is_loaded(i)).count();
        narrowed += usize::from(loaded < tiles);
        found += usize::from(!want.is_empty());
    }
    // The test means something: most queries find something, and the index spares most of them most tiles.
    assert!(
        found * 10 > ROUNDS * 7 && narrowed * 10 > ROUNDS * 6,
        "found {found}, narrowed {narrowed} of {ROUNDS}"
    );
}

#[test]
fn a_text_filter_loads_only_the_tiles_that_could_hold_it() {
    let all = facilities();
    let whole = Dataset::from_facilities(all.clone());
    let (manifest, files) =
        encode_shards(&all, &[], &[], ShardLevel::Tiles(30), "", 0, true).unwrap();
    let at = LatLon::new(29.70, 105.72).unwrap();
    // A name far from 大足, asked for there: the nearest with that text.
    let far = all
        .iter()
        .filter(|f| f.point.lat() > 30.5 && f.name.chars().count() >= 5)
        .max_by_key(|f| f.id.clone())
        .unwrap();
    let text = far.name.chars().take(4).collect::<String>();
    let filter = Filter { text: Some(text.clone()), ..Filter::all() };
    let mut set = ShardSet::new(manifest.clone());
    let mut rounds = 0;
    loop {
        let missing = set.nearest(at, 10, &filter).missing;
        if missing.is_empty() {
            break;
        }
        missing.into_iter().for_each(|i| set.insert(i, &files[i]).unwrap());
        rounds += 1;
        assert!(rounds < 10);
    }
    let ids = |hits: Vec<engine::Hit<'_>>| {
        hits.iter().map(|h| h.facility.id().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(set.nearest(at, 10, &filter).results),
        ids(whole.nearest(at, 10, &filter)),
        "{text}"
    );
    assert!(ids(whole.nearest(at, 10, &filter)).contains(&far.id));
    let loaded = (0..manifest.shards.len()).filter(|&i| set.is_loaded(i)).count();
    assert!(
        loaded * 4 < manifest.shards.len(),
        "{text}: {loaded} of {} tiles",
        manifest.shards.len()
    );
}

#[test]
fn a_listing_link_finds_its_tile_by_the_name_index_and_an_unknown_id_is_said_to_be_absent() {
    let all = facilities();
    let (manifest, files) =
        encode_shards(&all, &[], &[], ShardLevel::Tiles(30), "", 0, true).unwrap();
    let tiles = manifest.shards.len();
    let mut rng = Lcg(5);
    for _ in 0..50 {
        let wanted = &all[(rng.next_u64() % all.len() as u64) as usize];
        let mut set = ShardSet::new(manifest.clone());
        // First the bucket that holds the id's key, then the one tile it names.
        let first = set.find_id(&wanted.id);
        assert!(first.results.is_none());
        assert_eq!(first.missing.len(), 1);
        assert!(set.is_name_bucket(first.missing[0]), "{}: the bucket first", wanted.id);
        set.insert(first.missing[0], &files[first.missing[0]]).unwrap();
        let second = set.find_id(&wanted.id);
        assert_eq!(second.missing.len(), 1, "{}: one tile holds it", wanted.id);
        let tile = second.missing[0];
        assert!(tile < tiles);
        set.insert(tile, &files[tile]).unwrap();
        let third = set.find_id(&wanted.id);
        assert!(third.missing.is_empty());
        let found = third.results.expect("the tile the index named holds it");
        assert_eq!(found.id(), wanted.id);
        assert_eq!(found.name(), wanted.name);
        // Only that tile was loaded.
        assert_eq!((0..tiles).filter(|&i| set.is_loaded(i)).count(), 1);
    }
    // An id no facility has: once its bucket is in, nothing is missing, nothing found.
    let mut set = ShardSet::new(manifest.clone());
    let absent = "synthetic-no-such-id";
    for i in set.find_id(absent).missing {
        set.insert(i, &files[i]).unwrap();
    }
    let after = set.find_id(absent);
    assert!(after.results.is_none() && after.missing.is_empty());
    assert_eq!((0..tiles).filter(|&i| set.is_loaded(i)).count(), 0);
}
