//! Queries over shards: a [`ShardSet`] answers over the shards loaded so far
//! and says which unloaded shards could still change the answer, so a
//! caller loads exactly those and asks again; the answer it ends with is the
//! same as over the whole dataset (see [`crate::data::manifest`]).

use crate::data::columns::FacilityRef;
use crate::data::manifest::{Manifest, ShardError, ShardInfo};
use crate::data::model::Role;
use crate::geo::bbox::LatLonBox;
use crate::geo::point::LatLon;
use crate::query::dataset::Dataset;
use crate::query::filter::Filter;
use crate::query::nearest::Hit;
use crate::sorting::sort_by;

/// Decodes a downloaded shard or whole dataset after checking it against
/// its manifest entry (size, hash, count), so a stale or mixed-up file is
/// refused.
pub fn open(info: &ShardInfo, bytes: &[u8]) -> Result<Dataset, ShardError> {
    info.check(bytes)?;
    Dataset::from_bytes(bytes).map_err(|error| ShardError::Decode { path: info.path.clone(), error })
}

/// Results over the loaded shards, and the unloaded shards that could still
/// change them (nearest first). The results are final when `missing` is empty.
#[derive(Debug)]
pub struct Partial<T> {
    /// The answer over the loaded shards.
    pub results: T,
    /// Unloaded shards that could change it, nearest first.
    pub missing: Vec<usize>,
}

impl<T> Partial<T> {
    /// Whether the answer is final.
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
    /// The shards of a manifest, none loaded.
    pub fn new(manifest: Manifest) -> Self {
        let loaded = manifest.shards.iter().map(|_| None).collect();
        Self { manifest, loaded }
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Whether shard `shard` is loaded.
    pub fn is_loaded(&self, shard: usize) -> bool {
        self.loaded.get(shard).is_some_and(Option::is_some)
    }

    /// Decodes a downloaded shard after checking its size, hash and count
    /// against the manifest, so a stale or mixed-up file is refused.
    pub fn insert(&mut self, shard: usize, bytes: &[u8]) -> Result<(), ShardError> {
        let info = self.manifest.shards.get(shard).ok_or(ShardError::NoSuchShard(shard))?;
        let dataset = open(info, bytes)?;
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
        sort_by(&mut out, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
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
        sort_by(&mut found, |a, b| a.id().cmp(b.id()));
        let missing = self.manifest.shards_for_box(area).into_iter().filter(|&i| !self.is_loaded(i)).collect();
        Partial { results: found, missing }
    }

    /// A network's members over the loaded shards: leads first, then by role, then by id.
    pub fn members(&self, network_id: &str) -> Vec<(FacilityRef<'_>, Role)> {
        let mut all: Vec<(FacilityRef<'_>, Role)> = self.datasets().flat_map(|d| d.members(network_id)).collect();
        sort_by(&mut all, |a, b| a.1.cmp(&b.1).then_with(|| a.0.id().cmp(b.0.id())));
        all
    }
}

fn sort_hits(hits: &mut Vec<Hit<'_>>) {
    sort_by(hits, |a, b| a.distance_m.total_cmp(&b.distance_m).then_with(|| a.facility.id().cmp(b.facility.id())));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::codec::{self, DecodeError};
    use crate::data::manifest::{encode_shards, ShardLevel, MAX_MANIFEST_BYTES};
    use crate::data::model::{Facility, Member, Network};
    use crate::testing::synthetic::{national, random_filter, Lcg};
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
        assert_eq!(open(parsed.whole().unwrap(), &bytes).unwrap().len(), all.len());
        // Yesterday's file under today's manifest (a stale cache, a half-finished upload) is refused.
        assert!(matches!(open(parsed.whole().unwrap(), &older), Err(ShardError::Mismatch { .. })));
        assert!(matches!(Manifest::new(7, true).whole(), Err(ShardError::Manifest(_))));
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
            kind: crate::data::model::NetworkKind::SpecialtyAlliance,
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
