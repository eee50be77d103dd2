//! Shards: a national dataset split by region into files a browser loads
//! only when it needs them.
//!
//! `manifest.json` lists the shards, each with its region, bounding box,
//! facility count, size and content hash (the same xxh3 the shard's header
//! carries, so a download can be checked against the manifest before it is
//! decoded). A [`ShardSet`] answers queries over the shards loaded so far
//! and says which unloaded shards could still change the answer, so a
//! caller loads exactly those and asks again: the answer it ends with is the
//! same as over the whole dataset.
//!
//! Networks are stored in every shard that holds one of their members, with
//! the members of that shard; [`ShardSet::members`] joins them.

use serde::{Deserialize, Serialize};

use crate::codec::{self, DecodeError, FORMAT_VERSION};
use crate::columns::FacilityRef;
use crate::dataset::Dataset;
use crate::filter::Filter;
use crate::geo::{LatLon, EARTH_RADIUS_M};
use crate::model::{Facility, Member, Network, Role};
use crate::nearest::{Hit, LatLonBox};

/// What the manifest's `format` field must say.
pub const MANIFEST_FORMAT: &str = "xunzhen-shards";
/// Manifests longer than this are refused before parsing.
pub const MAX_MANIFEST_BYTES: usize = 1 << 20;

/// The list of shards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// The dataset format version of every shard.
    pub format_version: u16,
    /// Unix seconds.
    pub built: i64,
    /// True when the data is synthetic (tests and benchmarks).
    pub synthetic: bool,
    pub shards: Vec<ShardInfo>,
    /// The whole dataset in one file (region 0), which the app loads; the
    /// manifest is fetched first and always revalidated, so a download is
    /// checked against it and old and new never mix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whole: Option<ShardInfo>,
}

/// One shard: a region's facilities in one `.xzd` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// The region's adcode (`510000` for 四川省); `0` for facilities without one.
    pub region: u32,
    /// Path of the file, relative to the manifest.
    pub path: String,
    pub count: u32,
    pub bytes: u64,
    /// The shard's content hash, 16 hex digits (as in its header).
    pub hash: String,
    /// Bounding box of the shard's points, in degrees.
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl ShardInfo {
    /// Describes an encoded file: its size, hash, count and the box of its
    /// points as stored (decoding checks the bytes, and gives the points to
    /// 1e-7°, so the box holds every one of them exactly).
    pub fn describe(region: u32, path: String, bytes: &[u8]) -> Result<Self, String> {
        let (header, columns, _) = codec::decode_columns(bytes).map_err(|e| e.to_string())?;
        let (lat, lon) = (&columns.lat, &columns.lon);
        let fold = |values: &[f64], f: fn(f64, f64) -> f64, init: f64| values.iter().copied().fold(init, f);
        Ok(ShardInfo {
            region,
            path,
            count: header.facility_count,
            bytes: bytes.len() as u64,
            hash: format!("{:016x}", header.content_hash),
            south: fold(lat, f64::min, 90.0),
            north: fold(lat, f64::max, -90.0),
            west: fold(lon, f64::min, 180.0),
            east: fold(lon, f64::max, -180.0),
        })
    }

    /// Decodes a downloaded file after checking its size, hash and count
    /// against this entry, so a stale or mixed-up file is refused.
    pub fn verify(&self, bytes: &[u8]) -> Result<Dataset, ShardError> {
        let mismatch = |what: String| ShardError::Mismatch { path: self.path.clone(), what };
        if bytes.len() as u64 != self.bytes {
            return Err(mismatch(format!("{} bytes, the manifest says {}", bytes.len(), self.bytes)));
        }
        let dataset = Dataset::from_bytes(bytes).map_err(|error| ShardError::Decode { path: self.path.clone(), error })?;
        let header = dataset.header().expect("decoded from bytes");
        if Some(header.content_hash) != parse_hash(&self.hash) {
            return Err(mismatch(format!("content hash {:016x}, the manifest says {}", header.content_hash, self.hash)));
        }
        if header.facility_count != self.count {
            return Err(mismatch(format!("{} facilities, the manifest says {}", header.facility_count, self.count)));
        }
        Ok(dataset)
    }

    pub fn bbox(&self) -> LatLonBox {
        LatLonBox { south: self.south, west: self.west, north: self.north, east: self.east }
    }

    /// A lower bound on the great-circle distance in metres from `point` to any point of the shard.
    pub fn min_distance_m(&self, point: LatLon) -> f64 {
        let q = point.to_unit_vector();
        let chord2 = self.bbox().bounds().iter().map(|b| b.dist2(q)).fold(f64::INFINITY, f64::min);
        2.0 * (chord2.sqrt() / 2.0).min(1.0).asin() * EARTH_RADIUS_M
    }
}

/// Why a manifest or a shard was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShardError {
    #[error("shard manifest is not valid: {0}")]
    Manifest(String),
    #[error("shard {path}: {error}")]
    Decode { path: String, error: DecodeError },
    #[error("shard {path} does not match the manifest: {what}")]
    Mismatch { path: String, what: String },
    #[error("no shard {0} in the manifest")]
    NoSuchShard(usize),
    #[error("the data is in dataset format {found}, this app reads {supported}; please reload the page")]
    NewerVersion { found: u16, supported: u16 },
}

impl Manifest {
    /// Parses and checks a manifest: its format, version, and every shard's
    /// path (relative, no `..`), hash, box and uniqueness.
    pub fn parse(text: &str) -> Result<Self, ShardError> {
        let bad = |m: String| ShardError::Manifest(m);
        if text.len() > MAX_MANIFEST_BYTES {
            return Err(bad(format!("{} bytes, more than the {MAX_MANIFEST_BYTES} allowed", text.len())));
        }
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(bad(format!("format is {:?}, expected {MANIFEST_FORMAT:?}", manifest.format)));
        }
        if manifest.format_version > FORMAT_VERSION {
            return Err(ShardError::NewerVersion { found: manifest.format_version, supported: FORMAT_VERSION });
        }
        if manifest.format_version != FORMAT_VERSION {
            return Err(bad(format!("shards are in dataset format {}, this app reads {FORMAT_VERSION}; please reload the page", manifest.format_version)));
        }
        let mut paths = std::collections::HashSet::new();
        let entries = manifest.shards.iter().enumerate().map(|(i, s)| (format!("shard {i}"), s));
        for (name, s) in entries.chain(manifest.whole.iter().map(|s| ("whole dataset".to_string(), s))) {
            let at = |m: &str| bad(format!("{name} ({}): {m}", s.path));
            let safe = !s.path.is_empty()
                && !s.path.starts_with('/')
                && !s.path.contains("://")
                && !s.path.contains('\\')
                && s.path.split('/').all(|part| !part.is_empty() && part != ".." && part != ".");
            if !safe {
                return Err(at("path must be relative, inside the manifest's folder"));
            }
            if !paths.insert(s.path.as_str()) {
                return Err(at("listed twice"));
            }
            if parse_hash(&s.hash).is_none() {
                return Err(at("hash must be 16 hex digits"));
            }
            let in_range = (-90.0..=90.0).contains(&s.south) && (-90.0..=90.0).contains(&s.north) && s.south <= s.north
                && (-180.0..=180.0).contains(&s.west) && (-180.0..=180.0).contains(&s.east);
            if !in_range {
                return Err(at("bounding box out of range"));
            }
        }
        Ok(manifest)
    }

    /// A manifest with no shards yet, for `encode_shards` or a whole file alone.
    pub fn new(build_time: i64, synthetic: bool) -> Self {
        Manifest { format: MANIFEST_FORMAT.into(), format_version: FORMAT_VERSION, built: build_time, synthetic, shards: Vec::new(), whole: None }
    }

    /// Decodes the whole dataset after checking it against the manifest.
    pub fn whole_dataset(&self, bytes: &[u8]) -> Result<Dataset, ShardError> {
        self.whole.as_ref().ok_or_else(|| ShardError::Manifest("it lists no whole dataset".into()))?.verify(bytes)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a manifest always serialises")
    }

    pub fn total_count(&self) -> u64 {
        self.shards.iter().map(|s| s.count as u64).sum()
    }

    /// Shards whose box meets `area`, in manifest order.
    pub fn shards_for_box(&self, area: LatLonBox) -> Vec<usize> {
        self.shards.iter().enumerate().filter(|(_, s)| s.count > 0 && boxes_meet(s.bbox(), area)).map(|(i, _)| i).collect()
    }
}

fn parse_hash(hex: &str) -> Option<u64> {
    (hex.len() == 16).then(|| u64::from_str_radix(hex, 16).ok()).flatten()
}

fn boxes_meet(a: LatLonBox, b: LatLonBox) -> bool {
    let lat = a.south <= b.north && b.south <= a.north;
    // Either box may cross the antimeridian (west > east): compare as one or two ranges.
    let ranges = |x: LatLonBox| if x.west <= x.east { vec![(x.west, x.east)] } else { vec![(x.west, 180.0), (-180.0, x.east)] };
    lat && ranges(a).iter().any(|&(w1, e1)| ranges(b).iter().any(|&(w2, e2)| w1 <= e2 && w2 <= e1))
}

/// Which administrative level shards split at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardLevel {
    Province,
    City,
}

impl ShardLevel {
    /// The region a county code belongs to at this level (`0` stays `0`).
    pub fn region_of(self, county_code: u32) -> u32 {
        match self {
            ShardLevel::Province => county_code / 10_000 * 10_000,
            ShardLevel::City => county_code / 100 * 100,
        }
    }
}

/// Splits facilities (and their networks) into shards by region and
/// encodes each; returns the manifest and each shard's bytes, aligned.
/// Shard files are named `<region>.xzd` under `folder`.
pub fn encode_shards(
    facilities: &[Facility],
    networks: &[Network],
    lists: &[crate::model::SourceList],
    level: ShardLevel,
    folder: &str,
    build_time: i64,
    synthetic: bool,
) -> Result<(Manifest, Vec<Vec<u8>>), String> {
    let mut by_region: std::collections::BTreeMap<u32, Vec<Facility>> = std::collections::BTreeMap::new();
    for f in facilities {
        by_region.entry(level.region_of(f.county_code)).or_default().push(f.clone());
    }
    let mut shards = Vec::new();
    let mut files = Vec::new();
    for (region, members) in by_region {
        let ids: std::collections::HashSet<&str> = members.iter().map(|f| f.id.as_str()).collect();
        let local: Vec<Network> = networks
            .iter()
            .filter_map(|n| {
                let kept: Vec<Member> = n.members.iter().filter(|m| ids.contains(m.facility_id.as_str())).cloned().collect();
                (!kept.is_empty()).then(|| Network { members: kept, ..n.clone() })
            })
            .collect();
        let bytes = codec::encode_dataset(&members, &local, lists, build_time)?;
        shards.push(ShardInfo::describe(region, format!("{folder}{region:06}.xzd"), &bytes)?);
        files.push(bytes);
    }
    Ok((Manifest { shards, ..Manifest::new(build_time, synthetic) }, files))
}

/// Results over the loaded shards, and the unloaded shards that could still
/// change them (nearest first). The results are final when `missing` is empty.
#[derive(Debug)]
pub struct Partial<T> {
    pub results: T,
    pub missing: Vec<usize>,
}

impl<T> Partial<T> {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// The shards of a manifest, some of them loaded.
pub struct ShardSet {
    manifest: Manifest,
    loaded: Vec<Option<Dataset>>,
}

impl ShardSet {
    pub fn new(manifest: Manifest) -> Self {
        let loaded = manifest.shards.iter().map(|_| None).collect();
        Self { manifest, loaded }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn is_loaded(&self, shard: usize) -> bool {
        self.loaded.get(shard).is_some_and(Option::is_some)
    }

    /// Decodes a downloaded shard after checking its size, hash and count
    /// against the manifest, so a stale or mixed-up file is refused.
    pub fn insert(&mut self, shard: usize, bytes: &[u8]) -> Result<(), ShardError> {
        let info = self.manifest.shards.get(shard).ok_or(ShardError::NoSuchShard(shard))?;
        let dataset = info.verify(bytes)?;
        self.loaded[shard] = Some(dataset);
        Ok(())
    }

    fn datasets(&self) -> impl Iterator<Item = &Dataset> {
        self.loaded.iter().flatten()
    }

    /// Unloaded, non-empty shards within `reach_m` of `point`, nearest first.
    fn unloaded_within(&self, point: LatLon, reach_m: f64) -> Vec<usize> {
        let mut out: Vec<(f64, usize)> = (0..self.loaded.len())
            .filter(|&i| !self.is_loaded(i) && self.manifest.shards[i].count > 0)
            .map(|i| (self.manifest.shards[i].min_distance_m(point), i))
            .filter(|&(d, _)| d <= reach_m)
            .collect();
        out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        out.into_iter().map(|(_, i)| i).collect()
    }

    /// The `k` nearest matching facilities over the loaded shards, nearest
    /// first, ties by id; `missing` lists the unloaded shards that might hold
    /// a nearer one.
    pub fn nearest(&self, point: LatLon, k: usize, filter: &Filter) -> Partial<Vec<Hit<'_>>> {
        let mut hits: Vec<Hit<'_>> = self.datasets().flat_map(|d| d.nearest(point, k, filter)).collect();
        sort_hits(&mut hits);
        hits.truncate(k);
        let reach = if hits.len() < k { f64::INFINITY } else { hits[k - 1].distance_m };
        let missing = if k == 0 { Vec::new() } else { self.unloaded_within(point, reach) };
        Partial { results: hits, missing }
    }

    /// Matching facilities within `radius_m`, nearest first, over the loaded shards.
    pub fn within_radius(&self, point: LatLon, radius_m: f64, filter: &Filter) -> Partial<Vec<Hit<'_>>> {
        let mut hits: Vec<Hit<'_>> = self.datasets().flat_map(|d| d.within_radius(point, radius_m, filter)).collect();
        sort_hits(&mut hits);
        Partial { results: hits, missing: self.unloaded_within(point, radius_m.max(0.0)) }
    }

    /// Matching facilities in a viewport, by id, over the loaded shards.
    pub fn within_box(&self, area: LatLonBox, filter: &Filter) -> Partial<Vec<FacilityRef<'_>>> {
        let mut found: Vec<FacilityRef<'_>> = self.datasets().flat_map(|d| d.within_box(area, filter)).collect();
        found.sort_by(|a, b| a.id().cmp(b.id()));
        let missing = self.manifest.shards_for_box(area).into_iter().filter(|&i| !self.is_loaded(i)).collect();
        Partial { results: found, missing }
    }

    /// A network's members over the loaded shards: leads first, then by role, then by id.
    pub fn members(&self, network_id: &str) -> Vec<(FacilityRef<'_>, Role)> {
        let mut all: Vec<(FacilityRef<'_>, Role)> = self.datasets().flat_map(|d| d.members(network_id)).collect();
        all.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.id().cmp(b.0.id())));
        all
    }
}

fn sort_hits(hits: &mut [Hit<'_>]) {
    hits.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m).then_with(|| a.facility.id().cmp(b.facility.id())));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{national, random_filter, Lcg};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Around the seats of 成都, 德阳, 眉山, 资阳 (四川) and 大足, 永川 (重庆): neighbours
    /// 40–100 km apart, so a search near a border needs the shard next door.
    fn facilities() -> Vec<Facility> {
        let seat = |code: u32, lat: f64, lon: f64| (code, LatLon::new(lat, lon).unwrap());
        let seats = [
            seat(510104, 30.65, 104.08),
            seat(510603, 31.13, 104.39),
            seat(511402, 30.05, 103.83),
            seat(512002, 30.12, 104.65),
            seat(500111, 29.70, 105.72),
            seat(500118, 29.35, 105.92),
        ];
        national(1_500, 9, &seats)
    }

    fn loaded_all(manifest: &Manifest, files: &[Vec<u8>]) -> ShardSet {
        let mut set = ShardSet::new(manifest.clone());
        for (i, bytes) in files.iter().enumerate() {
            set.insert(i, bytes).unwrap();
        }
        set
    }

    fn ids<'a>(hits: impl IntoIterator<Item = &'a Hit<'a>>) -> Vec<String> {
        hits.into_iter().map(|h| h.facility.id().to_string()).collect()
    }

    #[test]
    fn manifest_round_trips_and_lists_every_facility() {
        let all = facilities();
        let (manifest, files) = encode_shards(&all, &[], &[], ShardLevel::City, "shards/", 5, true).unwrap();
        assert_eq!(manifest.shards.iter().map(|s| s.region).collect::<Vec<_>>(), vec![500100, 510100, 510600, 511400, 512000]);
        assert_eq!(manifest.shards[1].path, "shards/510100.xzd");
        assert_eq!(manifest.total_count(), all.len() as u64);
        assert_eq!(Manifest::parse(&manifest.to_json()).unwrap(), manifest);
        assert_eq!(files.len(), 5);
        let provinces = encode_shards(&all, &[], &[], ShardLevel::Province, "", 5, true).unwrap().0;
        assert_eq!(provinces.shards.iter().map(|s| s.region).collect::<Vec<_>>(), vec![500000, 510000]);
        // Every shard's box holds its points.
        let set = loaded_all(&manifest, &files);
        for (i, s) in manifest.shards.iter().enumerate() {
            let d = set.loaded[i].as_ref().unwrap();
            assert!(d.facilities().all(|f| s.bbox().contains(f.point()) && s.min_distance_m(f.point()) == 0.0));
        }
    }

    #[test]
    fn loading_what_is_missing_gives_the_whole_answer() {
        let all = facilities();
        let whole = Dataset::from_facilities(all.clone());
        let (manifest, files) = encode_shards(&all, &[], &[], ShardLevel::City, "", 0, true).unwrap();
        let mut rng = Lcg(4);
        let mut needed_more = 0;
        for round in 0..80 {
            let point = LatLon::new(rng.range(29.0, 31.5), rng.range(103.5, 106.2)).unwrap();
            let filter = if round % 2 == 0 { Filter::all() } else { random_filter(&mut rng) };
            let filter = Filter { region: None, ..filter };
            let k = 1 + (rng.next_u64() % 12) as usize;
            // Start from the shard nearest the point, as an app would, and load what is asked for.
            let mut set = ShardSet::new(manifest.clone());
            let first = set.unloaded_within(point, f64::INFINITY)[0];
            set.insert(first, &files[first]).unwrap();
            let mut loads = 1;
            loop {
                let partial = set.nearest(point, k, &filter);
                if partial.is_complete() {
                    assert_eq!(ids(&partial.results), ids(&whole.nearest(point, k, &filter)), "round {round}");
                    break;
                }
                let next = partial.missing[0];
                set.insert(next, &files[next]).unwrap();
                loads += 1;
                assert!(loads <= files.len());
            }
            needed_more += usize::from(loads > 1);
        }
        // The test means something only if borders were crossed often.
        assert!(needed_more >= 20, "only {needed_more} of 80 searches needed a second shard");
    }

    #[test]
    fn incomplete_answers_say_so() {
        let all = facilities();
        let (manifest, files) = encode_shards(&all, &[], &[], ShardLevel::Province, "", 0, true).unwrap();
        let chongqing = manifest.shards.iter().position(|s| s.region == 500000).unwrap();
        let sichuan = manifest.shards.iter().position(|s| s.region == 510000).unwrap();
        let mut set = ShardSet::new(manifest.clone());
        set.insert(chongqing, &files[chongqing]).unwrap();
        // From 成都 with only 重庆 loaded, 四川 must be asked for.
        let chengdu = LatLon::new(30.65, 104.08).unwrap();
        let partial = set.nearest(chengdu, 5, &Filter::all());
        assert_eq!(partial.missing.first(), Some(&sichuan));
        // A viewport over 大足 needs only 重庆, which is loaded.
        let dazu = LatLonBox { south: 29.6, west: 105.6, north: 29.8, east: 105.8 };
        assert!(set.within_box(dazu, &Filter::all()).is_complete());
    }

    #[test]
    fn mismatched_or_hostile_shards_are_refused() {
        let all = facilities();
        let (manifest, files) = encode_shards(&all, &[], &[], ShardLevel::Province, "", 0, true).unwrap();
        let mut set = ShardSet::new(manifest.clone());
        assert!(matches!(set.insert(0, &files[1]), Err(ShardError::Mismatch { .. })));
        assert!(matches!(set.insert(9, &files[0]), Err(ShardError::NoSuchShard(9))));
        let mut flipped = files[0].clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(matches!(set.insert(0, &flipped), Err(ShardError::Decode { error: DecodeError::HashMismatch, .. })));
        assert!(!set.is_loaded(0));

        let with = |edit: &dyn Fn(&mut Manifest)| {
            let mut m = manifest.clone();
            edit(&mut m);
            Manifest::parse(&m.to_json())
        };
        assert!(with(&|m| m.shards[0].path = "../../etc/passwd".into()).is_err());
        assert!(with(&|m| m.shards[0].path = "https://evil.example/x.xzd".into()).is_err());
        assert!(with(&|m| m.shards[1].path = m.shards[0].path.clone()).is_err());
        assert!(with(&|m| m.shards[0].hash = "zz".into()).is_err());
        assert!(with(&|m| m.shards[0].north = 91.0).is_err());
        assert!(matches!(with(&|m| m.format_version += 1), Err(ShardError::NewerVersion { .. })));
        assert!(with(&|m| m.format_version += 1).unwrap_err().to_string().contains("reload"));
        assert!(with(&|m| m.format_version -= 1).is_err());
        assert!(Manifest::parse("<!DOCTYPE html>").is_err());
        assert!(Manifest::parse(&" ".repeat(MAX_MANIFEST_BYTES + 1)).is_err());
    }

    #[test]
    fn the_whole_dataset_is_checked_against_the_manifest() {
        let all = facilities();
        let bytes = codec::encode(&all, 7);
        let older = codec::encode(&all[1..], 7);
        let manifest = Manifest { whole: Some(ShardInfo::describe(0, "facilities.xzd".into(), &bytes).unwrap()), ..Manifest::new(7, true) };
        let parsed = Manifest::parse(&manifest.to_json()).unwrap();
        assert_eq!(parsed, manifest);
        assert_eq!(parsed.whole_dataset(&bytes).unwrap().len(), all.len());
        // Yesterday's file under today's manifest (a stale cache, a half-finished upload) is refused.
        assert!(matches!(parsed.whole_dataset(&older), Err(ShardError::Mismatch { .. })));
        assert!(matches!(Manifest::new(7, true).whole_dataset(&bytes), Err(ShardError::Manifest(_))));
        let mut escaping = manifest.clone();
        escaping.whole.as_mut().unwrap().path = "../x.xzd".into();
        assert!(Manifest::parse(&escaping.to_json()).unwrap_err().to_string().contains("whole dataset"));
        // A manifest without the field (written before it existed) still reads.
        let (shards_only, _) = encode_shards(&all, &[], &[], ShardLevel::Province, "", 0, true).unwrap();
        assert!(Manifest::parse(&shards_only.to_json()).unwrap().whole.is_none());
    }

    #[test]
    fn networks_spanning_shards_are_joined() {
        let all = facilities();
        let pick = |region: u32| all.iter().find(|f| ShardLevel::Province.region_of(f.county_code) == region).unwrap().id.clone();
        let network = Network {
            id: "synthetic-alliance".into(),
            name: "合成联盟 synthetic".into(),
            name_en: String::new(),
            kind: crate::model::NetworkKind::SpecialtyAlliance,
            specialty: None,
            region: "synthetic".into(),
            source: "synthetic".into(),
            last_checked: "2026-01-01".into(),
            members: vec![Member { facility_id: pick(510000), role: Role::Lead }, Member { facility_id: pick(500000), role: Role::Member }],
        };
        let (manifest, files) = encode_shards(&all, &[network], &[], ShardLevel::Province, "", 0, true).unwrap();
        let set = loaded_all(&manifest, &files);
        let members = set.members("synthetic-alliance");
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].1, Role::Lead);
        assert_eq!(members[0].0.id(), pick(510000));
    }
}
