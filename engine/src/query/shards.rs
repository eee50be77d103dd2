//! Queries over shards: a [`ShardSet`] answers over the shards loaded so far
//! and says which unloaded shards could still change the answer, so a
//! caller loads exactly those and asks again; the answer it ends with is the
//! same as over the whole dataset (see [`crate::data::manifest`]).

use std::cell::Cell;

use crate::data::codec;
use crate::data::columns::FacilityRef;
use crate::data::json::{self, Json};
use crate::data::manifest::{Manifest, ShardError, ShardInfo, ShardLevel};
use crate::data::model::{Designation, Facility, Member, Network, Role, SourceList};
use crate::geo::bbox::LatLonBox;
use crate::geo::mercator::mercator_rects;
use crate::geo::point::LatLon;
use crate::index::cluster::{self, CellSum, SummaryCluster, SUMMARY_ZOOMS};
use crate::index::mask::MaskTest;
use crate::index::names::{self, Bucket, Layout, QueryKeys};
use crate::index::text::TextQuery;
use crate::query::dataset::{rank_search_hits, Dataset, SearchHit};
use crate::query::filter::Filter;
use crate::query::nearest::Hit;
use crate::sorting::sort_by;

/// The most facilities a designation layer holds: about two tiles, one
/// download. A designation held more widely is found in most tiles anyway,
/// and tiles answer it.
pub const LAYER_MAX: usize = 4_000;

/// Splits facilities (and their networks) into shards at `level` and
/// encodes each; returns the manifest and each shard's bytes, aligned.
/// Shard files are named `<region>.xzd` (`510000.xzd`) or, for tiles,
/// `t<province>-<number>.xzd` (`t510000-007.xzd`: tiles never cross a
/// province, so new data for one province changes only its tiles; numbered
/// in space-filling order) under `folder`. Each entry carries its attribute mask. Then one layer
/// (`d-<code>.xzd`) per designation that 1 to [`LAYER_MAX`] facilities hold.
/// Then the cluster summaries and the name index's buckets
/// (`names-<number>.txt`, see [`crate::index::names`]).
/// The files returned are aligned with the manifest's shards, layers, clusters and names, in that order.
pub fn encode_shards(
    facilities: &[Facility],
    networks: &[Network],
    lists: &[SourceList],
    level: ShardLevel,
    folder: &str,
    build_time: i64,
    synthetic: bool,
) -> Result<(Manifest, Vec<Vec<u8>>), String> {
    let by_level = if let ShardLevel::Tiles(_) = level { ShardLevel::Province } else { level };
    let mut by_region: std::collections::BTreeMap<u32, Vec<&Facility>> =
        std::collections::BTreeMap::new();
    for f in facilities {
        by_region.entry(by_level.region_of(f.county_code)).or_default().push(f);
    }
    let groups: Vec<(u32, String, Vec<&Facility>)> = match level {
        ShardLevel::Tiles(max) => by_region
            .into_iter()
            .flat_map(|(region, members)| {
                tiles(members, max.max(1) as usize)
                    .into_iter()
                    .enumerate()
                    .map(move |(i, t)| (region, format!("t{region:06}-{i:03}"), t))
            })
            .collect(),
        ShardLevel::Province | ShardLevel::City => by_region
            .into_iter()
            .map(|(region, members)| (region, format!("{region:06}"), members))
            .collect(),
    };
    let encode = |region: u32,
                  stem: &str,
                  members: Vec<&Facility>|
     -> Result<(ShardInfo, Vec<u8>), String> {
        let members: Vec<Facility> = members.into_iter().cloned().collect();
        let ids: std::collections::HashSet<&str> = members.iter().map(|f| f.id.as_str()).collect();
        let local: Vec<Network> = networks
            .iter()
            .filter_map(|n| {
                let kept: Vec<Member> = n
                    .members
                    .iter()
                    .filter(|m| ids.contains(m.facility_id.as_str()))
                    .cloned()
                    .collect();
                (!kept.is_empty()).then(|| Network { members: kept, ..n.clone() })
            })
            .collect();
        let bytes = codec::encode_dataset(&members, &local, lists, build_time)?;
        let mask = Dataset::with_networks(&members, &local)?.attribute_union();
        let info = ShardInfo {
            mask: Some(format!("{mask:032x}")),
            networks: local.iter().map(|n| n.id.clone()).collect(),
            ..ShardInfo::describe(region, format!("{folder}{stem}.xzd"), &bytes)?
        };
        Ok((info, bytes))
    };
    let mut manifest = Manifest::new(build_time, synthetic);
    let mut files = Vec::new();
    let by_tile: Vec<Vec<&Facility>> =
        groups.iter().map(|(_, _, members)| members.clone()).collect();
    for (region, stem, members) in groups {
        let (info, bytes) = encode(region, &stem, members)?;
        manifest.shards.push(info);
        files.push(bytes);
    }
    for &designation in Designation::ALL {
        let holders: Vec<&Facility> =
            facilities.iter().filter(|f| f.designations.contains(&designation)).collect();
        if (1..=LAYER_MAX).contains(&holders.len()) {
            let (file, bytes) = encode(0, &format!("d-{}", designation.code()), holders)?;
            manifest
                .layers
                .push(ShardInfo { designation: Some(designation.code().to_string()), ..file });
            files.push(bytes);
        }
    }
    // The cluster summaries: each facility counted once, in its shard, at the
    // point as stored (decoded, to 1e-7°), as the whole dataset's clusters count it.
    let points: Vec<(String, u32, LatLon)> = manifest
        .shards
        .iter()
        .zip(&files)
        .enumerate()
        .flat_map(|(i, (_, bytes))| {
            let columns = codec::decode_columns(bytes).map(|(_, columns, _)| columns).ok();
            columns
                .iter()
                .flat_map(|c| {
                    (0..c.len()).map(|slot| {
                        (FacilityRef::new(c, slot).id().to_string(), i as u32, c.point(slot))
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for zoom in SUMMARY_ZOOMS {
        let summary =
            cluster::summarise(zoom, points.iter().map(|(id, shard, p)| (id.as_str(), *shard, *p)));
        let json = serde_json::to_vec(&summary).map_err(|e| e.to_string())?;
        manifest.clusters.push(ShardInfo::describe_file(
            format!("{folder}clusters-z{zoom}.json"),
            &json,
            summary.len() as u32,
        ));
        files.push(json);
    }
    for (i, (text, keys)) in names::build(by_tile).into_iter().enumerate() {
        manifest.names.push(ShardInfo::describe_file(
            format!("{folder}names-{i:03}.txt"),
            text.as_bytes(),
            keys,
        ));
        files.push(text.into_bytes());
    }
    Ok((manifest, files))
}

/// The most bytes a cluster summary may have: refused beyond, unparsed.
pub const MAX_SUMMARY_BYTES: usize = 8 << 20;

/// Facilities split in halves at the median of the longer side of their
/// box, again and again, until each part holds at most `max`: parts of
/// `max / 2` to `max` facilities, in depth-first (space-filling) order.
fn tiles(facilities: Vec<&Facility>, max: usize) -> Vec<Vec<&Facility>> {
    fn split<'a>(mut group: Vec<&'a Facility>, max: usize, out: &mut Vec<Vec<&'a Facility>>) {
        if group.len() <= max {
            out.push(group);
            return;
        }
        let range = |key: fn(&Facility) -> f64| {
            group
                .iter()
                .map(|f| key(f))
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
        };
        let (lat, lon) = (range(|f| f.point.lat()), range(|f| f.point.lon()));
        // Longitude shrinks with latitude: compare ground lengths.
        let east_west = (lon.1 - lon.0) * ((lat.0 + lat.1) / 2.0).to_radians().cos();
        let key: fn(&Facility) -> f64 =
            if east_west > lat.1 - lat.0 { |f| f.point.lon() } else { |f| f.point.lat() };
        group.sort_by(|a, b| key(a).total_cmp(&key(b)).then_with(|| a.id.cmp(&b.id)));
        let upper = group.split_off(group.len() / 2);
        split(group, max, out);
        split(upper, max, out);
    }
    let mut out = Vec::new();
    if !facilities.is_empty() {
        split(facilities, max, &mut out);
    }
    out
}

/// Decodes a downloaded shard or whole dataset after checking it against
/// its manifest entry (size, hash, count), so a stale or mixed-up file is
/// refused.
pub fn open(info: &ShardInfo, bytes: &[u8]) -> Result<Dataset, ShardError> {
    info.check(bytes)?;
    Dataset::from_bytes(bytes)
        .map_err(|error| ShardError::Decode { path: info.path.clone(), error })
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

    /// Which of the missing shards to fetch in round `round` (from 0): the
    /// nearest alone first (it usually holds the answer, and then narrows
    /// what else could); while the answer is `short` of what was asked, twice
    /// as many as the round before; once it is not, all that could still
    /// change it, at once (a browser fetches them in parallel).
    pub fn next_batch(&self, round: usize, short: bool) -> &[usize] {
        let n = match round {
            0 => 1,
            r if short => 1 << r.min(20),
            _ => usize::MAX,
        };
        &self.missing[..n.min(self.missing.len())]
    }
}

/// The shards of a manifest, some of them loaded.
pub struct ShardSet {
    manifest: Manifest,
    masks: Vec<u128>,
    loaded: Vec<Option<Dataset>>,
    summaries: Vec<Option<Vec<CellSum>>>,
    buckets: Vec<Option<Bucket>>,
    layout: Layout,
    /// For each shard and layer, the question that last read or loaded it
    /// (see [`ShardSet::begin_question`]), so the least recently needed go first.
    used: Vec<Cell<u64>>,
    question: Cell<u64>,
}

/// Which unloaded tiles a text filter leaves worth loading.
enum TextScope {
    /// Any: no text, or one the name index cannot narrow.
    Any,
    /// Only these (a tile number's slot says whether it could hold a match).
    Tiles(Vec<bool>),
    /// Unknown until these name buckets (file numbers) are loaded.
    Buckets(Vec<usize>),
}

impl ShardSet {
    /// The shards of a manifest, none loaded.
    pub fn new(manifest: Manifest) -> Self {
        let loaded: Vec<Option<Dataset>> =
            (0..manifest.shards.len() + manifest.layers.len()).map(|_| None).collect();
        let masks = manifest.shards.iter().map(ShardInfo::mask_bits).collect();
        let summaries = manifest.clusters.iter().map(|_| None).collect();
        let buckets = manifest.names.iter().map(|_| None).collect();
        let layout = Layout::new(manifest.shards.iter().map(|s| s.count));
        let used = (0..loaded.len()).map(|_| Cell::new(0)).collect();
        Self { manifest, masks, loaded, summaries, buckets, layout, used, question: Cell::new(0) }
    }

    /// Starts a question: the shards and layers it reads or loads from now
    /// on are marked with its number, which [`ShardSet::evict`] keeps.
    pub fn begin_question(&self) -> u64 {
        self.question.set(self.question.get() + 1);
        self.question.get()
    }

    /// Marks shard or layer `i` as read by the current question (a caller whose
    /// answer reads tiles no query here marks, as a name search's suggestions do).
    pub fn mark(&self, i: usize) {
        if let Some(u) = self.used.get(i) {
            u.set(self.question.get());
        }
    }

    /// Marks the loaded shards that hold a point within `reach_m` of `point`.
    fn mark_within(&self, point: LatLon, reach_m: f64) {
        for (i, shard) in self.manifest.shards.iter().enumerate() {
            if self.is_loaded(i) && shard.min_distance_m(point) <= reach_m {
                self.mark(i);
            }
        }
    }

    /// How many facilities the loaded shards and layers hold (a layer's
    /// facilities are also in their shards: each copy is memory).
    pub fn loaded_facilities(&self) -> usize {
        self.loaded.iter().flatten().map(Dataset::len).sum()
    }

    /// Lets go of the least recently needed shards and layers until at most
    /// `cap` facilities are loaded, never one that a question begun at or
    /// after `since` has read or loaded; returns their numbers. A question
    /// that needs one again finds it missing and loads it again.
    pub fn evict(&mut self, cap: usize, since: u64) -> Vec<usize> {
        let mut held = self.loaded_facilities();
        let mut order: Vec<(u64, usize)> = (0..self.loaded.len())
            .filter(|&i| self.is_loaded(i) && self.used[i].get() < since)
            .map(|i| (self.used[i].get(), i))
            .collect();
        sort_by(&mut order, |a, b| a.cmp(b));
        let mut evicted = Vec::new();
        for (_, i) in order {
            if held <= cap {
                break;
            }
            held -= self.loaded[i].take().map_or(0, |d| d.len());
            evicted.push(i);
        }
        evicted
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Whether shard `shard` is loaded.
    pub fn is_loaded(&self, shard: usize) -> bool {
        self.loaded.get(shard).is_some_and(Option::is_some)
    }

    /// The file behind a number `missing` gives: a shard (numbered as in
    /// the manifest), past them a designation layer, then the cluster
    /// summaries, and last the name index's buckets.
    pub fn file(&self, shard: usize) -> Option<&ShardInfo> {
        let m = &self.manifest;
        m.shards.iter().chain(&m.layers).chain(&m.clusters).chain(&m.names).nth(shard)
    }

    /// The number of the first name bucket.
    fn bucket_number(&self) -> usize {
        self.summary_number() + self.manifest.clusters.len()
    }

    /// The number of the first cluster summary.
    fn summary_number(&self) -> usize {
        self.manifest.shards.len() + self.manifest.layers.len()
    }

    /// Decodes a downloaded shard, layer or cluster summary after checking
    /// its size, hash and count against the manifest, so a stale or
    /// mixed-up file is refused.
    pub fn insert(&mut self, shard: usize, bytes: &[u8]) -> Result<(), ShardError> {
        let info = self.file(shard).ok_or(ShardError::NoSuchShard(shard))?;
        if let Some(b) = shard.checked_sub(self.bucket_number()) {
            let mismatch = |what: String| ShardError::Mismatch { path: info.path.clone(), what };
            if bytes.len() > names::MAX_BUCKET_BYTES || !info.describes_file(bytes) {
                return Err(mismatch(format!(
                    "{} bytes, or their hash, differ from the manifest's",
                    bytes.len()
                )));
            }
            let text = std::str::from_utf8(bytes).map_err(|e| mismatch(e.to_string()))?;
            self.buckets[b] =
                Some(Bucket::parse(text, b, self.buckets.len(), &self.layout).map_err(mismatch)?);
            return Ok(());
        }
        if let Some(s) = shard.checked_sub(self.summary_number()) {
            let zoom = SUMMARY_ZOOMS.get(s).copied().ok_or(ShardError::NoSuchShard(shard))?;
            self.summaries[s] = Some(read_summary(info, bytes, self.manifest.shards.len(), zoom)?);
            return Ok(());
        }
        let dataset = open(info, bytes)?;
        self.loaded[shard] = Some(dataset);
        self.mark(shard);
        Ok(())
    }

    /// Map clusters for a viewport at a zoom level (see [`Dataset::clusters`]),
    /// each with the id of a representative facility and its shard. Unfiltered
    /// up to the last of [`SUMMARY_ZOOMS`], from the coarsest cluster summary
    /// fine enough, and nothing else; otherwise from
    /// the loaded shards, with `missing` naming those that meet the viewport
    /// and could hold a match.
    pub fn clusters(
        &self,
        area: LatLonBox,
        zoom: u32,
        filter: &Filter,
    ) -> Partial<Vec<SummaryCluster>> {
        if filter.is_empty() {
            if let Some(answer) = self.summary(area, zoom) {
                return answer;
            }
        }
        let rects = mercator_rects(area);
        let zoom = zoom.min(cluster::MAX_CLUSTER_ZOOM);
        // What answers: the layer the filter needs, or the loaded shards.
        let sources: Vec<(usize, &Dataset)> = match self.layer_for(filter) {
            Some(l) => self.loaded[l].as_ref().map(|d| (l, d)).into_iter().collect(),
            None => (0..self.manifest.shards.len())
                .filter_map(|i| self.loaded[i].as_ref().map(|d| (i, d)))
                .collect(),
        };
        let (mut results, mut missing) = (Vec::new(), Vec::new());
        for rect in rects {
            // Whole cells, padded a hair, as `Dataset::clusters` asks.
            let (south, west, north, east) = cluster::to_lat_lon(cluster::whole_cells(zoom, rect));
            let pad = 1e-9;
            let cells = LatLonBox {
                south: (south - pad).max(-90.0),
                west: (west - pad).max(-180.0),
                north: (north + pad).min(90.0),
                east: (east + pad).min(180.0),
            };
            for i in self.missing_in_box(cells, filter) {
                if !missing.contains(&i) {
                    missing.push(i);
                }
            }
            let points: Vec<(String, u32, LatLon)> = sources
                .iter()
                .flat_map(|&(i, d)| {
                    d.within_box(cells, filter)
                        .into_iter()
                        .map(move |f| (f.id().to_string(), i as u32, f.point()))
                })
                .collect();
            let cells = cluster::summarise(
                zoom,
                points.iter().map(|(id, shard, p)| (id.as_str(), *shard, *p)),
            );
            results.extend(cluster::from_summary(&cells, zoom, zoom, rect));
        }
        Partial { results, missing }
    }

    /// Unfiltered clusters from the coarsest cluster summary fine enough for
    /// `zoom`; `None` past the last of [`SUMMARY_ZOOMS`] (tiles answer), and
    /// the summary as `missing` until it is loaded. The map's zoomed-out view
    /// needs this alone.
    pub fn summary(&self, area: LatLonBox, zoom: u32) -> Option<Partial<Vec<SummaryCluster>>> {
        let s = self.summary_for(zoom)?;
        Some(match &self.summaries[s] {
            Some(cells) => Partial {
                results: mercator_rects(area)
                    .into_iter()
                    .flat_map(|r| cluster::from_summary(cells, SUMMARY_ZOOMS[s], zoom, r))
                    .collect(),
                missing: Vec::new(),
            },
            None => Partial { results: Vec::new(), missing: vec![self.summary_number() + s] },
        })
    }

    /// What [`ShardSet::summary`] would name as missing, without computing
    /// the clusters (a map asks on every frame).
    pub fn summary_missing(&self, zoom: u32) -> Option<Vec<usize>> {
        let s = self.summary_for(zoom)?;
        Some(if self.summaries[s].is_some() { Vec::new() } else { vec![self.summary_number() + s] })
    }

    /// The coarsest cluster summary fine enough for `zoom`.
    fn summary_for(&self, zoom: u32) -> Option<usize> {
        (0..self.summaries.len().min(SUMMARY_ZOOMS.len())).find(|&s| zoom <= SUMMARY_ZOOMS[s])
    }

    /// The loaded shards (not layers, which repeat what shards hold).
    fn datasets(&self) -> impl Iterator<Item = &Dataset> {
        self.loaded[..self.manifest.shards.len()].iter().flatten()
    }

    /// The loaded shards with their numbers.
    fn loaded_tiles(&self) -> impl Iterator<Item = (usize, &Dataset)> {
        let shards = &self.loaded[..self.manifest.shards.len()];
        shards.iter().enumerate().filter_map(|(i, d)| Some((i, d.as_ref()?)))
    }

    /// The layer that answers a question requiring designations: the
    /// smallest of the required designations' layers (numbered past the
    /// shards); `None` when none has one, and tiles answer.
    fn layer_for(&self, filter: &Filter) -> Option<usize> {
        let n = self.manifest.shards.len();
        let layers = &self.manifest.layers;
        let of = |d: &Designation| {
            layers.iter().position(|l| l.designation.as_deref() == Some(d.code()))
        };
        filter.designations.iter().filter_map(of).min_by_key(|&l| layers[l].count).map(|l| n + l)
    }

    /// Answers from the layer a filter needs, if one serves it: the layer's
    /// answer once it is loaded, else an empty answer missing it.
    fn answer_from_layer<'a, T: Default>(
        &'a self,
        filter: &Filter,
        ask: impl FnOnce(&'a Dataset) -> T,
    ) -> Option<Partial<T>> {
        let i = self.layer_for(filter)?;
        self.mark(i);
        Some(match &self.loaded[i] {
            Some(layer) => Partial { results: ask(layer), missing: Vec::new() },
            None => Partial { results: T::default(), missing: vec![i] },
        })
    }

    /// Whether shard `i` is unloaded and could hold a facility that passes
    /// `test` and the filter's text (`scope`).
    fn could_add(&self, i: usize, test: &MaskTest, scope: &TextScope) -> bool {
        let text_may = match scope {
            TextScope::Tiles(held) => held[i],
            TextScope::Any | TextScope::Buckets(_) => true,
        };
        text_may
            && !self.is_loaded(i)
            && self.manifest.shards[i].count > 0
            && test.may_match(self.masks[i])
    }

    /// The tiles that could hold a match of `query` as typed, by the name
    /// index: `Ok(None)` when it cannot narrow them (no index, a query too
    /// short, keys held everywhere), `Err` with the buckets to load first.
    fn text_tiles(&self, query: &TextQuery) -> Result<Option<Vec<bool>>, Vec<usize>> {
        let keys = match QueryKeys::of(query) {
            Some(keys) if !self.buckets.is_empty() => keys,
            _ => return Ok(None),
        };
        let n = self.buckets.len();
        let mut unloaded: Vec<usize> = keys
            .keys()
            .iter()
            .map(|k| names::bucket_of(k, n))
            .filter(|&b| self.buckets[b].is_none())
            .collect();
        sort_by(&mut unloaded, |a, b| a.cmp(b));
        unloaded.dedup();
        if !unloaded.is_empty() {
            return Err(unloaded.into_iter().map(|b| self.bucket_number() + b).collect());
        }
        let tiles = keys.tiles(&self.layout, |k| {
            self.buckets[names::bucket_of(k, n)].as_ref().and_then(|b| b.get(k))
        });
        Ok(tiles.map(|tiles| {
            let mut held = vec![false; self.manifest.shards.len()];
            tiles.into_iter().for_each(|t| held[t as usize] = true);
            held
        }))
    }

    /// What a filter's text leaves of the unloaded tiles.
    fn text_scope(&self, filter: &Filter) -> TextScope {
        match filter.text_query().map(|q| self.text_tiles(&q)) {
            None | Some(Ok(None)) => TextScope::Any,
            Some(Ok(Some(held))) => TextScope::Tiles(held),
            Some(Err(buckets)) => TextScope::Buckets(buckets),
        }
    }

    /// Unloaded shards within `reach_m` of `point` that could hold a match
    /// (the name buckets a text filter needs first), nearest first.
    fn unloaded_within(&self, point: LatLon, reach_m: f64, filter: &Filter) -> Vec<usize> {
        let (test, scope) = (filter.compile(), self.text_scope(filter));
        if let TextScope::Buckets(buckets) = scope {
            return buckets;
        }
        let mut out: Vec<(f64, usize)> = (0..self.manifest.shards.len())
            .filter(|&i| self.could_add(i, &test, &scope))
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
        if let Some(answer) = self.answer_from_layer(filter, |d| d.nearest(point, k, filter)) {
            return answer;
        }
        let mut hits: Vec<Hit<'_>> =
            self.datasets().flat_map(|d| d.nearest(point, k, filter)).collect();
        sort_hits(&mut hits);
        hits.truncate(k);
        let reach = if hits.len() < k { f64::INFINITY } else { hits[k - 1].distance_m };
        // Unfiltered, the manifest's counts bound the k-th distance before anything loads.
        let reach = if filter.is_empty() { reach.min(self.count_bound_m(point, k)) } else { reach };
        let missing = if k == 0 { Vec::new() } else { self.unloaded_within(point, reach, filter) };
        self.mark_within(point, reach);
        Partial { results: hits, missing }
    }

    /// A distance within which at least `k` facilities lie, from the
    /// manifest alone: the nearest shards wholly within it hold `k` or more.
    /// Infinite when the whole dataset holds fewer.
    fn count_bound_m(&self, point: LatLon, k: usize) -> f64 {
        let mut shards: Vec<(f64, u32)> =
            self.manifest.shards.iter().map(|s| (s.max_distance_m(point), s.count)).collect();
        sort_by(&mut shards, |a, b| a.0.total_cmp(&b.0));
        let mut held = 0;
        for (distance, count) in shards {
            held += count as usize;
            if held >= k {
                return distance;
            }
        }
        f64::INFINITY
    }

    /// Matching facilities within `radius_m`, nearest first, over the loaded shards.
    pub fn within_radius(
        &self,
        point: LatLon,
        radius_m: f64,
        filter: &Filter,
    ) -> Partial<Vec<Hit<'_>>> {
        if let Some(answer) =
            self.answer_from_layer(filter, |d| d.within_radius(point, radius_m, filter))
        {
            return answer;
        }
        let mut hits: Vec<Hit<'_>> =
            self.datasets().flat_map(|d| d.within_radius(point, radius_m, filter)).collect();
        sort_hits(&mut hits);
        self.mark_within(point, radius_m.max(0.0));
        Partial { results: hits, missing: self.unloaded_within(point, radius_m.max(0.0), filter) }
    }

    /// Matching facilities in a viewport, by id, over the loaded shards.
    pub fn within_box(&self, area: LatLonBox, filter: &Filter) -> Partial<Vec<FacilityRef<'_>>> {
        if let Some(answer) = self.answer_from_layer(filter, |d| d.within_box(area, filter)) {
            return answer;
        }
        let mut found: Vec<FacilityRef<'_>> =
            self.datasets().flat_map(|d| d.within_box(area, filter)).collect();
        sort_by(&mut found, |a, b| a.id().cmp(b.id()));
        Partial { results: found, missing: self.missing_in_box(area, filter) }
    }

    /// The unloaded files that could hold a match inside `area`: the
    /// filter's layer, or the shards that meet the box and pass the mask.
    pub fn missing_in_box(&self, area: LatLonBox, filter: &Filter) -> Vec<usize> {
        if let Some(layer) = self.layer_for(filter) {
            self.mark(layer);
            return if self.is_loaded(layer) { Vec::new() } else { vec![layer] };
        }
        let (test, scope) = (filter.compile(), self.text_scope(filter));
        if let TextScope::Buckets(buckets) = scope {
            return buckets;
        }
        let meets = self.manifest.shards_for_box(area);
        meets.iter().filter(|&&i| self.is_loaded(i)).for_each(|&i| self.mark(i));
        meets.into_iter().filter(|&i| self.could_add(i, &test, &scope)).collect()
    }

    /// Facilities whose texts match `query` (see [`Dataset::search`]), over
    /// the loaded shards; `missing` names the name buckets to read, then the
    /// unloaded tiles that could hold a match as typed (every tile, when the
    /// index cannot narrow the query), nearest to `near` first. Complete, the
    /// matches as typed are the whole dataset's; typo matches, a fallback,
    /// come from the tiles loaded.
    pub fn search(
        &self,
        query: &str,
        near: Option<LatLon>,
        limit: usize,
        filter: &Filter,
    ) -> Partial<Vec<SearchHit<'_>>> {
        let mut hits: Vec<SearchHit<'_>> =
            self.datasets().flat_map(|d| d.search(query, near, limit, filter)).collect();
        rank_search_hits(&mut hits, limit);
        Partial { results: hits, missing: self.search_missing(query, near, filter) }
    }

    /// What [`ShardSet::search`] would name as missing, without searching.
    pub fn search_missing(&self, query: &str, near: Option<LatLon>, filter: &Filter) -> Vec<usize> {
        let tiles = match self.text_tiles_near(query, near) {
            Err(buckets) => return buckets,
            Ok(Some(tiles)) => tiles,
            Ok(None) => self.tiles_near(near, |_| true),
        };
        let test = filter.compile();
        tiles.into_iter().filter(|&i| self.could_add(i, &test, &TextScope::Any)).collect()
    }

    /// Where `query` could match as typed, by the name index: every tile,
    /// loaded or not, that could hold a match, nearest to `near` first;
    /// `Ok(None)` when the index cannot narrow it (no index, a query too
    /// short, keys held everywhere); `Err` with the name buckets to load first.
    pub fn text_tiles_near(
        &self,
        query: &str,
        near: Option<LatLon>,
    ) -> Result<Option<Vec<usize>>, Vec<usize>> {
        let Some(text) = TextQuery::new(query) else {
            return Ok(Some(Vec::new()));
        };
        Ok(self.text_tiles(&text)?.map(|held| self.tiles_near(near, |i| held[i])))
    }

    /// The facility with `id` if a loaded tile holds it; else, in `missing`,
    /// the name bucket that says which tile does, then that tile. Nothing
    /// missing and no facility: the dataset does not hold it (or, with no
    /// name index, no loaded tile does, and nothing says where it could be).
    pub fn find_id(&self, id: &str) -> Partial<Option<FacilityRef<'_>>> {
        let found = self.loaded_tiles().find_map(|(i, d)| {
            let f = d.facilities().find(|f| f.id() == id)?;
            self.mark(i);
            Some(f)
        });
        if found.is_some() || self.buckets.is_empty() {
            return Partial { results: found, missing: Vec::new() };
        }
        let key = names::id_key(id);
        let b = names::bucket_of(&key, self.buckets.len());
        let Some(bucket) = &self.buckets[b] else {
            return Partial { results: None, missing: vec![self.bucket_number() + b] };
        };
        let tiles = bucket.get(&key).and_then(|h| h.tiles(&self.layout)).unwrap_or_default();
        let missing =
            tiles.into_iter().map(|t| t as usize).filter(|&i| !self.is_loaded(i)).collect();
        Partial { results: None, missing }
    }

    /// The non-empty tiles that `keep` keeps, nearest to `near` first (in manifest order without one).
    fn tiles_near(&self, near: Option<LatLon>, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        let shards = &self.manifest.shards;
        let mut tiles: Vec<(f64, usize)> = (0..shards.len())
            .filter(|&i| shards[i].count > 0 && keep(i))
            .map(|i| (near.map_or(0.0, |p| shards[i].min_distance_m(p)), i))
            .collect();
        sort_by(&mut tiles, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        tiles.into_iter().map(|(_, i)| i).collect()
    }

    /// Whether file `i` is one of the name index's buckets (small: a caller
    /// fetches all it needs at once).
    pub fn is_name_bucket(&self, i: usize) -> bool {
        i >= self.bucket_number() && i < self.bucket_number() + self.buckets.len()
    }

    /// A network's members over the loaded shards: leads first, then by
    /// role, then by id; `missing` lists the unloaded shards that hold
    /// others (each shard's entry names the networks it holds members of).
    pub fn members(&self, network_id: &str) -> Partial<Vec<(FacilityRef<'_>, Role)>> {
        let mut all: Vec<(FacilityRef<'_>, Role)> =
            self.datasets().flat_map(|d| d.members(network_id)).collect();
        sort_by(&mut all, |a, b| a.1.cmp(&b.1).then_with(|| a.0.id().cmp(b.0.id())));
        let holds = |s: &ShardInfo| s.networks.iter().any(|n| n == network_id);
        let holding = (0..self.manifest.shards.len()).filter(|&i| holds(&self.manifest.shards[i]));
        let (loaded, missing): (Vec<usize>, Vec<usize>) = holding.partition(|&i| self.is_loaded(i));
        loaded.into_iter().for_each(|i| self.mark(i));
        Partial { results: all, missing }
    }

    /// A network as a loaded shard describes it (with that shard's members only).
    pub fn network(&self, network_id: &str) -> Option<&Network> {
        self.datasets().find_map(|d| d.network(network_id))
    }

    /// Everything the loaded shards and layers hold, as one dataset: each
    /// facility once, each network once with its loaded members, each list
    /// once. A question whose [`Partial`] here is complete has the same
    /// answer over this dataset as over the whole; the app shows and asks
    /// this one. Facilities are rebuilt into one index: a few milliseconds
    /// per thousand.
    pub fn loaded_dataset(&self) -> Dataset {
        let mut facilities: Vec<Facility> = Vec::new();
        // (The builder's own map type, so no other hash table is compiled into the app.)
        let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut networks: Vec<Network> = Vec::new();
        let mut lists: Vec<SourceList> = Vec::new();
        for d in self.loaded.iter().flatten() {
            facilities.extend(
                d.facilities()
                    .filter(|f| seen.insert(f.id(), 0).is_none())
                    .map(|f| f.to_facility()),
            );
            for n in d.networks() {
                match networks.iter_mut().find(|m| m.id == n.id) {
                    Some(m) => {
                        let new: Vec<Member> =
                            n.members.iter().filter(|x| !m.members.contains(x)).cloned().collect();
                        m.members.extend(new);
                    }
                    None => networks.push(n.clone()),
                }
            }
            let new: Vec<SourceList> =
                d.lists().iter().filter(|l| !lists.iter().any(|k| k.id == l.id)).cloned().collect();
            lists.extend(new);
        }
        for n in &mut networks {
            n.members.retain(|m| seen.contains_key(m.facility_id.as_str()));
        }
        Dataset::with_lists(&facilities, &networks, &lists)
            .expect("every member kept is one of the facilities")
    }
}

/// Checks a downloaded cluster summary against its manifest entry (size,
/// hash, cell count) and that every cell is on the grid, non-empty and in a
/// shard the manifest lists.
fn read_summary(
    info: &ShardInfo,
    bytes: &[u8],
    shards: usize,
    zoom: u32,
) -> Result<Vec<CellSum>, ShardError> {
    let mismatch = |what: String| ShardError::Mismatch { path: info.path.clone(), what };
    if bytes.len() > MAX_SUMMARY_BYTES || !info.describes_file(bytes) {
        return Err(mismatch(format!(
            "{} bytes, or their hash, differ from the manifest's",
            bytes.len()
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| mismatch(e.to_string()))?;
    let cells = match json::parse(text).map_err(&mismatch)? {
        Json::Array(items) => items
            .iter()
            .map(CellSum::from_json)
            .collect::<Result<Vec<_>, String>>()
            .map_err(mismatch)?,
        _ => return Err(mismatch("not an array of cells".into())),
    };
    let across = 1u32 << (zoom + cluster::CELL_SHIFT);
    let sound = |c: &CellSum| {
        c.0 < across
            && c.1 < across
            && c.2 > 0
            && (c.5 as usize) < shards
            && c.3.is_finite()
            && c.4.is_finite()
    };
    if cells.len() != info.count as usize || !cells.iter().all(sound) {
        return Err(mismatch(
            "cells do not match the manifest's count, or lie off the grid".into(),
        ));
    }
    Ok(cells)
}

fn sort_hits(hits: &mut Vec<Hit<'_>>) {
    sort_by(hits, |a, b| {
        a.distance_m.total_cmp(&b.distance_m).then_with(|| a.facility.id().cmp(b.facility.id()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::codec::{self, DecodeError};
    use crate::data::manifest::MAX_MANIFEST_BYTES;
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
    fn a_viewport_with_a_corner_that_is_not_a_point_shows_nothing_not_the_area_near_0_0() {
        // Facilities just north-west of 0°, 0° (where an invalid corner used to land).
        let near_origin = national(300, 4, &[(0, LatLon::new(5.0, -5.0).unwrap())]);
        let (manifest, files) =
            encode_shards(&near_origin, &[], &[], ShardLevel::Tiles(100), "", 0, true).unwrap();
        let set = loaded_all(&manifest, &files);
        let tcm = Filter { kinds: vec![crate::FacilityKind::Tcm], ..Filter::all() };
        let valid = LatLonBox { south: -10.0, west: -10.0, north: 10.0, east: 10.0 };
        for zoom in [3, 6, 12] {
            for filter in [Filter::all(), tcm.clone()] {
                let shown = set.clusters(valid, zoom, &filter).results;
                assert!(!shown.is_empty(), "zoom {zoom}: the valid view shows facilities");
            }
        }
        for south in [f64::NAN, -95.0] {
            let invalid = LatLonBox { south, ..valid };
            for zoom in [3, 6, 12] {
                for filter in [Filter::all(), tcm.clone()] {
                    let shown = set.clusters(invalid, zoom, &filter).results;
                    assert!(
                        shown.is_empty(),
                        "south {south}, zoom {zoom}: {} clusters",
                        shown.len()
                    );
                }
            }
        }
    }

    #[test]
    fn manifest_round_trips_and_lists_every_facility() {
        let all = facilities();
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::City, "shards/", 5, true).unwrap();
        assert_eq!(
            manifest.shards.iter().map(|s| s.region).collect::<Vec<_>>(),
            vec![500100, 510100, 510600, 511400, 512000]
        );
        assert_eq!(manifest.shards[1].path, "shards/510100.xzd");
        assert_eq!(manifest.total_count(), all.len() as u64);
        assert_eq!(Manifest::parse(&manifest.to_json()).unwrap(), manifest);
        assert_eq!(
            files.len(),
            5 + manifest.layers.len() + 2 + manifest.names.len(),
            "shards, layers, the cluster summaries, the name buckets"
        );
        assert!(!manifest.names.is_empty());
        assert!(!manifest.layers.is_empty(), "the synthetic data holds designations");
        let provinces = encode_shards(&all, &[], &[], ShardLevel::Province, "", 5, true).unwrap().0;
        assert_eq!(
            provinces.shards.iter().map(|s| s.region).collect::<Vec<_>>(),
            vec![500000, 510000]
        );
        // Every shard's box holds its points.
        let set = loaded_all(&manifest, &files);
        for (i, s) in manifest.shards.iter().enumerate() {
            let d = set.loaded[i].as_ref().unwrap();
            assert!(d
                .facilities()
                .all(|f| s.bbox().contains(f.point()) && s.min_distance_m(f.point()) == 0.0));
        }
    }

    #[test]
    fn loading_what_is_missing_gives_the_whole_answer() {
        let all = facilities();
        let whole = Dataset::from_facilities(all.clone());
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::City, "", 0, true).unwrap();
        let mut rng = Lcg(4);
        let mut needed_more = 0;
        for round in 0..80 {
            let point = LatLon::new(rng.range(29.0, 31.5), rng.range(103.5, 106.2)).unwrap();
            let filter = if round % 2 == 0 { Filter::all() } else { random_filter(&mut rng) };
            let filter = Filter { region: None, ..filter };
            let k = 1 + (rng.next_u64() % 12) as usize;
            // Start from the shard nearest the point, as an app would, and load what is asked for.
            let mut set = ShardSet::new(manifest.clone());
            let first = set.unloaded_within(point, f64::INFINITY, &Filter::all())[0];
            set.insert(first, &files[first]).unwrap();
            let mut loads = 1;
            loop {
                let partial = set.nearest(point, k, &filter);
                if partial.is_complete() {
                    assert_eq!(
                        ids(&partial.results),
                        ids(&whole.nearest(point, k, &filter)),
                        "round {round}"
                    );
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

    /// Loads, from an empty set, what the answer says is missing until it is
    /// final, in the batches [`Partial::next_batch`] gives. `ask` returns the
    /// missing shards and whether the answer is short of what was asked.
    /// Returns the set and how many rounds of loading that took.
    fn settle(
        files: &[Vec<u8>],
        manifest: &Manifest,
        ask: impl Fn(&ShardSet) -> (Vec<usize>, bool),
    ) -> (ShardSet, usize) {
        let mut set = ShardSet::new(manifest.clone());
        let mut rounds = 0;
        loop {
            let (missing, short) = ask(&set);
            if missing.is_empty() {
                return (set, rounds);
            }
            for &i in (Partial { results: (), missing }).next_batch(rounds, short) {
                set.insert(i, &files[i]).unwrap();
            }
            rounds += 1;
            assert!(rounds <= files.len(), "an answer that never settles");
        }
    }

    #[test]
    fn exploring_under_a_cap_keeps_memory_bounded_and_every_answer_exact() {
        let all = facilities();
        let whole = Dataset::from_facilities(all.clone());
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Tiles(60), "", 0, true).unwrap();
        let cap = 300;
        assert!(all.len() > 4 * cap, "the cap must bite: {} facilities", all.len());
        let mut set = ShardSet::new(manifest);
        let (mut rng, mut inserts, mut evicted) = (Lcg(5), 0, 0);
        for round in 0..300 {
            let point = LatLon::new(rng.range(29.0, 31.5), rng.range(103.5, 106.2)).unwrap();
            let filter = if round % 2 == 0 { Filter::all() } else { random_filter(&mut rng) };
            let area = LatLonBox {
                south: point.lat() - 0.1,
                west: point.lon() - 0.1,
                north: point.lat() + 0.1,
                east: point.lon() + 0.1,
            };
            let question = set.begin_question();
            let ask = |s: &ShardSet| match round % 3 {
                0 => short_of(s.nearest(point, 10, &filter), 10),
                1 => (s.within_radius(point, 8_000.0, &filter).missing, false),
                _ => (s.within_box(area, &filter).missing, false),
            };
            let mut batches = 0;
            loop {
                evicted += set.evict(cap, question).len();
                let (missing, short) = ask(&set);
                if missing.is_empty() {
                    break;
                }
                for &i in (Partial { results: (), missing }).next_batch(batches, short) {
                    set.insert(i, &files[i]).unwrap();
                    inserts += 1;
                }
                batches += 1;
                assert!(
                    batches <= files.len(),
                    "round {round}: evicting what it needs, it never settles"
                );
            }
            let got = match round % 3 {
                0 => ids(&set.nearest(point, 10, &filter).results),
                1 => ids(&set.within_radius(point, 8_000.0, &filter).results),
                _ => set
                    .within_box(area, &filter)
                    .results
                    .iter()
                    .map(|f| f.id().to_string())
                    .collect(),
            };
            let want = match round % 3 {
                0 => ids(&whole.nearest(point, 10, &filter)),
                1 => ids(&whole.within_radius(point, 8_000.0, &filter)),
                _ => {
                    let mut w: Vec<String> = whole
                        .within_box(area, &filter)
                        .iter()
                        .map(|f| f.id().to_string())
                        .collect();
                    w.sort();
                    w
                }
            };
            assert_eq!(got, want, "round {round}");
            // Between questions, what is kept fits the cap.
            set.evict(cap, question + 1);
            assert!(set.loaded_facilities() <= cap, "round {round}: {}", set.loaded_facilities());
        }
        assert!(evicted > 50, "tiles were let go: {evicted}");
        assert!(inserts > files.len(), "and some loaded again when needed: {inserts} loads");
    }

    #[test]
    fn the_tiles_a_question_reads_are_the_last_let_go() {
        let all = facilities();
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Tiles(60), "", 0, true).unwrap();
        let tiles = manifest.shards.len();
        let mut set = ShardSet::new(manifest);
        for (i, file) in files.iter().enumerate().take(tiles) {
            set.insert(i, file).unwrap();
        }
        // A later question reads the tiles near 大足: they stay, the others go.
        let question = set.begin_question();
        let near = set.nearest(大足(), 5, &Filter::all());
        assert!(near.missing.is_empty());
        let read: Vec<usize> = (0..tiles).filter(|&i| set.used[i].get() == question).collect();
        assert!(!read.is_empty() && read.len() < tiles, "{read:?}");
        let evicted = set.evict(0, question);
        assert_eq!(evicted.len(), tiles - read.len());
        assert!(read.iter().all(|&i| set.is_loaded(i)));
        assert_eq!(set.evict(0, question + 1).len(), read.len(), "then they go too");
        assert_eq!(set.loaded_facilities(), 0);
    }

    fn 大足() -> LatLon {
        LatLon::new(29.70, 105.72).unwrap()
    }

    fn short_of(partial: Partial<Vec<Hit<'_>>>, k: usize) -> (Vec<usize>, bool) {
        let short = partial.results.len() < k;
        (partial.missing, short)
    }

    #[test]
    fn tiles_are_bounded_numbered_in_space_and_carry_their_masks() {
        let all = facilities();
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Tiles(100), "tiles/", 3, true).unwrap();
        let counts: Vec<u32> = manifest.shards.iter().map(|s| s.count).collect();
        assert!(counts.iter().all(|&c| (50..=100).contains(&c)), "{counts:?}");
        assert_eq!(manifest.total_count(), all.len() as u64);
        assert_eq!(manifest.shards[0].path, "tiles/t500000-000.xzd");
        assert_eq!(manifest.shards[1].path, "tiles/t500000-001.xzd");
        assert!(
            manifest
                .shards
                .iter()
                .all(|s| ShardLevel::Province.region_of(s.region) == s.region && s.region != 0),
            "each tile in one province"
        );
        // New data in one province leaves every other province's tiles as they were.
        let mut changed = all.clone();
        changed.retain(|f| f.county_code != 510104 || !f.id.ends_with('7'));
        let (after, _) =
            encode_shards(&changed, &[], &[], ShardLevel::Tiles(100), "tiles/", 3, true).unwrap();
        let chongqing = |m: &Manifest| {
            m.shards
                .iter()
                .filter(|s| s.region == 500000)
                .map(|s| s.hash.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(chongqing(&after), chongqing(&manifest));
        assert_ne!(after.shards.iter().filter(|s| s.region == 510000).count(), 0);
        assert_eq!(Manifest::parse(&manifest.to_json()).unwrap(), manifest);
        let set = loaded_all(&manifest, &files);
        for (i, s) in manifest.shards.iter().enumerate() {
            let d = set.loaded[i].as_ref().unwrap();
            assert!(d.facilities().all(|f| s.bbox().contains(f.point())));
            assert_eq!(s.mask_bits(), d.attribute_union());
        }
        assert!(encode_shards(&[], &[], &[], ShardLevel::Tiles(100), "", 3, true)
            .unwrap()
            .0
            .shards
            .is_empty());
    }

    #[test]
    fn over_tiles_every_question_gets_the_whole_datasets_answer() {
        let all = facilities();
        let whole = Dataset::from_facilities(all.clone());
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Tiles(60), "", 0, true).unwrap();
        assert!(files.len() >= 20);
        let mut rng = Lcg(11);
        let mut crossed = 0;
        for round in 0..1_000 {
            let point = LatLon::new(rng.range(29.0, 31.5), rng.range(103.5, 106.2)).unwrap();
            let filter = if round % 2 == 0 {
                Filter::all()
            } else {
                Filter { region: None, ..random_filter(&mut rng) }
            };
            let hit_ids = |hits: &[Hit<'_>]| ids(hits);
            match round % 4 {
                0 | 1 => {
                    let k = 1 + (rng.next_u64() % 12) as usize;
                    let (set, rounds) =
                        settle(&files, &manifest, |s| short_of(s.nearest(point, k, &filter), k));
                    assert_eq!(
                        hit_ids(&set.nearest(point, k, &filter).results),
                        hit_ids(&whole.nearest(point, k, &filter)),
                        "nearest, round {round}"
                    );
                    // The app asks the loaded tiles as one dataset: the same answer.
                    if round % 8 == 1 {
                        assert_eq!(
                            hit_ids(&set.loaded_dataset().nearest(point, k, &filter)),
                            hit_ids(&whole.nearest(point, k, &filter)),
                            "union, round {round}"
                        );
                    }
                    crossed += usize::from(set.loaded.iter().flatten().count() > 1);
                    if filter.is_empty() {
                        assert!(rounds <= 2, "unfiltered, the manifest bounds the reach: two rounds at most, took {rounds}");
                    }
                }
                2 => {
                    let radius = rng.range(0.0, 30_000.0);
                    let (set, _) = settle(&files, &manifest, |s| {
                        (s.within_radius(point, radius, &filter).missing, false)
                    });
                    assert_eq!(
                        hit_ids(&set.within_radius(point, radius, &filter).results),
                        hit_ids(&whole.within_radius(point, radius, &filter)),
                        "radius, round {round}"
                    );
                    if round % 8 == 2 {
                        assert_eq!(
                            hit_ids(&set.loaded_dataset().within_radius(point, radius, &filter)),
                            hit_ids(&whole.within_radius(point, radius, &filter))
                        );
                    }
                }
                _ => {
                    let (h, w) = (rng.range(0.01, 0.5), rng.range(0.01, 0.5));
                    let area = LatLonBox {
                        south: point.lat() - h,
                        west: point.lon() - w,
                        north: point.lat() + h,
                        east: point.lon() + w,
                    };
                    let (set, _) =
                        settle(&files, &manifest, |s| (s.within_box(area, &filter).missing, false));
                    let got: Vec<String> = set
                        .within_box(area, &filter)
                        .results
                        .iter()
                        .map(|f| f.id().to_string())
                        .collect();
                    let want: Vec<String> = whole
                        .within_box(area, &filter)
                        .iter()
                        .map(|f| f.id().to_string())
                        .collect();
                    assert_eq!(got, want, "viewport, round {round}");
                }
            }
        }
        assert!(crossed >= 100, "only {crossed} nearest questions needed a second tile");
        // Where people are (by a county seat), the nearest ten take a few of the tiles.
        let 大足 = LatLon::new(29.70, 105.72).unwrap();
        let (set, rounds) =
            settle(&files, &manifest, |s| short_of(s.nearest(大足, 10, &Filter::all()), 10));
        let loaded = set.loaded.iter().flatten().count();
        assert!(rounds <= 2 && loaded <= 4, "{loaded} of {} tiles in {rounds} rounds", files.len());
    }

    #[test]
    fn a_rare_filter_is_answered_from_its_layer_or_else_skips_tiles_by_mask() {
        let all = facilities();
        let whole = Dataset::from_facilities(all.clone());
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Tiles(60), "", 0, true).unwrap();
        let chest_pain =
            Filter { designations: vec![Designation::ChestPainCentre], ..Filter::all() };
        let want = ids(&whole.nearest(大足(), 10, &chest_pain));
        assert!(!want.is_empty());
        // With layers: one file, every chest-pain centre, one round.
        let (set, rounds) =
            settle(&files, &manifest, |s| short_of(s.nearest(大足(), 10, &chest_pain), 10));
        assert_eq!((rounds, set.loaded.iter().flatten().count()), (1, 1));
        assert!(
            set.loaded[manifest.shards.len()..].iter().any(Option::is_some),
            "the layer, not a tile"
        );
        assert_eq!(ids(&set.nearest(大足(), 10, &chest_pain).results), want);
        let area = LatLonBox { south: 29.0, west: 103.5, north: 31.5, east: 106.2 };
        let (set, _) =
            settle(&files, &manifest, |s| (s.within_box(area, &chest_pain).missing, false));
        let got: Vec<String> =
            set.within_box(area, &chest_pain).results.iter().map(|f| f.id().to_string()).collect();
        assert_eq!(
            got,
            whole
                .within_box(area, &chest_pain)
                .iter()
                .map(|f| f.id().to_string())
                .collect::<Vec<_>>()
        );
        // A designation nobody holds has no layer, and no tile's mask has it: nothing matches, nothing to load.
        let holds = |d: Designation| all.iter().any(|f| f.designations.contains(&d));
        if let Some(&none) = Designation::ALL.iter().find(|&&d| !holds(d)) {
            let nobody = Filter { designations: vec![none], ..Filter::all() };
            let empty = ShardSet::new(manifest.clone());
            let answer = empty.nearest(大足(), 10, &nobody);
            assert!(answer.is_complete() && answer.results.is_empty());
        }
        // Without a layer (a designation held too widely for one, or a manifest
        // written before layers), the masks skip every tile without a match.
        let no_layers = Manifest { layers: Vec::new(), ..manifest.clone() };
        let holding = no_layers
            .shards
            .iter()
            .filter(|s| chest_pain.compile().may_match(s.mask_bits()))
            .count();
        assert!((1..=2).contains(&holding), "{holding} tiles hold a chest-pain centre");
        let (set, _) =
            settle(&files, &no_layers, |s| short_of(s.nearest(大足(), 1, &chest_pain), 1));
        assert!(
            set.loaded.iter().flatten().count() <= holding,
            "loaded tiles with no chest-pain centre"
        );
        assert_eq!(
            ids(&set.nearest(大足(), 1, &chest_pain).results),
            ids(&whole.nearest(大足(), 1, &chest_pain))
        );
        // Without masks either, nothing is skipped, and the answer is the same.
        let mut unmasked = no_layers.clone();
        unmasked.shards.iter_mut().for_each(|s| s.mask = None);
        let (set, _) =
            settle(&files, &unmasked, |s| short_of(s.nearest(大足(), 1, &chest_pain), 1));
        assert!(set.loaded.iter().flatten().count() > holding);
        assert_eq!(
            ids(&set.nearest(大足(), 1, &chest_pain).results),
            ids(&whole.nearest(大足(), 1, &chest_pain))
        );
    }

    #[test]
    fn the_opening_view_clusters_come_from_the_summary_and_match_the_whole_dataset() {
        let all = facilities();
        let whole = Dataset::from_facilities(all.clone());
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Tiles(60), "", 0, true).unwrap();
        assert_eq!(Manifest::parse(&manifest.to_json()).unwrap(), manifest);
        let mut set = ShardSet::new(manifest.clone());
        let china = LatLonBox { south: 18.0, west: 73.0, north: 54.0, east: 135.0 };
        let sichuan = LatLonBox { south: 28.5, west: 102.0, north: 32.5, east: 107.0 };
        let coarse = set.clusters(china, 4, &Filter::all()).missing;
        let first_summary = manifest.shards.len() + manifest.layers.len();
        assert_eq!(coarse, [first_summary], "the coarse summary alone");
        let fine = set.clusters(sichuan, 7, &Filter::all()).missing;
        assert_eq!(fine, [first_summary + 1], "the province summary alone");
        assert!(files[fine[0]].len() > files[coarse[0]].len());
        assert_eq!(
            (set.summary_missing(4), set.summary_missing(7), set.summary_missing(9)),
            (Some(coarse.clone()), Some(fine.clone()), None)
        );
        set.insert(coarse[0], &files[coarse[0]]).unwrap();
        assert!(
            set.clusters(china, 4, &Filter::all()).is_complete()
                && !set.clusters(sichuan, 7, &Filter::all()).is_complete()
        );
        assert_eq!(
            (set.summary_missing(4), set.summary_missing(7)),
            (Some(Vec::new()), Some(fine.clone()))
        );
        set.insert(fine[0], &files[fine[0]]).unwrap();
        for (area, zoom) in
            [(china, 3), (china, 5), (sichuan, 6), (sichuan, 8), (LatLonBox::WORLD, 0)]
        {
            let got = set.clusters(area, zoom, &Filter::all());
            assert!(got.is_complete(), "zoom {zoom}: no shard needed");
            let want = whole.clusters(area, zoom, &Filter::all());
            assert_eq!(
                got.results.iter().map(|c| c.count).collect::<Vec<_>>(),
                want.iter().map(|c| c.count).collect::<Vec<_>>(),
                "zoom {zoom}"
            );
            for (g, w) in got.results.iter().zip(&want) {
                assert!(
                    (g.lat - w.lat).abs() < 1e-6 && (g.lon - w.lon).abs() < 1e-6,
                    "zoom {zoom}: {g:?} vs {w:?}"
                );
                if w.count == 1 {
                    assert_eq!(g.representative, whole.get(w.representative).unwrap().id());
                }
            }
        }
        // Closer in, or filtered, the loaded tiles answer, and say which others they need.
        let tcm = Filter { kinds: vec![crate::data::model::FacilityKind::Tcm], ..Filter::all() };
        for (filter, zoom) in [(Filter::all(), 11), (tcm.clone(), 6), (tcm, 12)] {
            let (set, _) =
                settle(&files, &manifest, |s| (s.clusters(sichuan, zoom, &filter).missing, false));
            let got = set.clusters(sichuan, zoom, &filter);
            let want = whole.clusters(sichuan, zoom, &filter);
            assert_eq!(
                got.results.iter().map(|c| c.count).collect::<Vec<_>>(),
                want.iter().map(|c| c.count).collect::<Vec<_>>(),
                "zoom {zoom}"
            );
        }
    }

    #[test]
    fn a_cluster_summary_that_is_not_the_manifests_is_refused() {
        let all = facilities();
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Tiles(200), "", 0, true).unwrap();
        let last = manifest.shards.len() + manifest.layers.len();
        let mut set = ShardSet::new(manifest.clone());
        let mut flipped = files[last].clone();
        flipped[10] ^= 1;
        assert!(matches!(set.insert(last, &flipped), Err(ShardError::Mismatch { .. })));
        assert!(matches!(set.insert(last, &files[last][1..]), Err(ShardError::Mismatch { .. })));
        // Cells off the grid, or in a shard the manifest does not list, though the manifest vouches for the bytes.
        for hostile in [
            r#"[[99999,1,1,0.5,0.5,0,"x"]]"#,
            r#"[[1,1,1,0.5,0.5,9999,"x"]]"#,
            r#"[[1,1,0,0.5,0.5,0,"x"]]"#,
            "{}",
        ] {
            let bytes = hostile.as_bytes();
            let info = ShardInfo::describe_file(manifest.clusters[0].path.clone(), bytes, 1);
            let mut set = ShardSet::new(Manifest {
                clusters: vec![info, manifest.clusters[1].clone()],
                ..manifest.clone()
            });
            assert!(
                matches!(set.insert(last, bytes), Err(ShardError::Mismatch { .. })),
                "{hostile}"
            );
        }
        set.insert(last, &files[last]).unwrap();
        assert!(set.clusters(LatLonBox::WORLD, 2, &Filter::all()).is_complete());
    }

    #[test]
    fn incomplete_answers_say_so() {
        let all = facilities();
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Province, "", 0, true).unwrap();
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
        let (manifest, files) =
            encode_shards(&all, &[], &[], ShardLevel::Province, "", 0, true).unwrap();
        let mut set = ShardSet::new(manifest.clone());
        assert!(matches!(set.insert(0, &files[1]), Err(ShardError::Mismatch { .. })));
        assert!(matches!(set.insert(999, &files[0]), Err(ShardError::NoSuchShard(999))));
        let mut flipped = files[0].clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(matches!(
            set.insert(0, &flipped),
            Err(ShardError::Decode { error: DecodeError::HashMismatch, .. })
        ));
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
        assert!(with(&|m| m.shards[0].mask = Some("ff".into())).is_err());
        assert!(with(&|m| m.shards[0].mask = Some("+".repeat(32))).is_err());
        assert!(with(&|m| m.shards[0].mask = Some("0".repeat(32))).is_ok());
        assert!(!manifest.layers.is_empty());
        assert!(with(&|m| m.layers[0].designation = Some("dragon".into())).is_err());
        assert!(with(&|m| m.layers.push(m.layers[0].clone())).is_err());
        assert!(with(&|m| m.layers[0].path = "/etc/passwd".into()).is_err());
        assert!(with(&|m| m.layers[0].path = m.shards[0].path.clone()).is_err());
        assert!(with(&|m| m.layers[0].designation = None).is_err());
        assert!(with(&|m| m.shards[0].designation = Some("chest_pain_centre".into())).is_err());
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
        let manifest = Manifest {
            whole: Some(ShardInfo::describe(0, "facilities.xzd".into(), &bytes).unwrap()),
            ..Manifest::new(7, true)
        };
        let parsed = Manifest::parse(&manifest.to_json()).unwrap();
        assert_eq!(parsed, manifest);
        assert_eq!(open(parsed.whole().unwrap(), &bytes).unwrap().len(), all.len());
        // Yesterday's file under today's manifest (a stale cache, a half-finished upload) is refused.
        assert!(matches!(open(parsed.whole().unwrap(), &older), Err(ShardError::Mismatch { .. })));
        assert!(matches!(Manifest::new(7, true).whole(), Err(ShardError::Manifest(_))));
        let mut escaping = manifest.clone();
        escaping.whole.as_mut().unwrap().path = "../x.xzd".into();
        assert!(Manifest::parse(&escaping.to_json())
            .unwrap_err()
            .to_string()
            .contains("whole dataset"));
        // A manifest without the field (written before it existed) still reads.
        let (shards_only, _) =
            encode_shards(&all, &[], &[], ShardLevel::Province, "", 0, true).unwrap();
        assert!(Manifest::parse(&shards_only.to_json()).unwrap().whole.is_none());
    }

    #[test]
    fn a_network_across_tiles_loads_only_the_tiles_of_its_members() {
        let all = facilities();
        let (tiles, _) = encode_shards(&all, &[], &[], ShardLevel::Tiles(60), "", 0, true).unwrap();
        // One member in each of three tiles far apart: first, middle, last.
        let cited = crate::testing::synthetic::synthetic_citation;
        let tile_of = |i: usize| {
            all.iter().find(|f| tiles.shards[i].bbox().contains(f.point)).unwrap().id.clone()
        };
        let n = tiles.shards.len();
        let (lead, a, b) = (tile_of(0), tile_of(n / 2), tile_of(n - 1));
        let network = Network {
            id: "synthetic-alliance".into(),
            name: "合成联盟 synthetic".into(),
            name_en: String::new(),
            kind: crate::data::model::NetworkKind::SpecialtyAlliance,
            specialty: None,
            region: "synthetic".into(),
            source: "synthetic".into(),
            last_checked: "2026-01-01".into(),
            members: vec![
                Member { facility_id: lead.clone(), role: Role::Lead, citation: cited() },
                Member { facility_id: a, role: Role::Member, citation: cited() },
                Member { facility_id: b, role: Role::Member, citation: cited() },
            ],
        };
        let (manifest, files) = encode_shards(
            &all,
            std::slice::from_ref(&network),
            &[],
            ShardLevel::Tiles(60),
            "",
            0,
            true,
        )
        .unwrap();
        assert_eq!(Manifest::parse(&manifest.to_json()).unwrap(), manifest);
        let mut set = ShardSet::new(manifest.clone());
        assert!(set.network("synthetic-alliance").is_none());
        let wanted = set.members("synthetic-alliance").missing;
        assert!((1..=3).contains(&wanted.len()), "{wanted:?}");
        assert!(wanted.len() < files.len() / 4);
        for i in wanted {
            set.insert(i, &files[i]).unwrap();
        }
        let members = set.members("synthetic-alliance");
        assert!(members.is_complete());
        assert_eq!(members.results.len(), 3);
        assert_eq!((members.results[0].0.id(), members.results[0].1), (lead.as_str(), Role::Lead));
        assert_eq!(
            set.network("synthetic-alliance").map(|n| n.name.as_str()),
            Some("合成联盟 synthetic")
        );
        // As one dataset, the network has all three members, each facility once.
        let union = set.loaded_dataset();
        let ids: Vec<_> = union
            .members("synthetic-alliance")
            .iter()
            .map(|(f, r)| (f.id().to_string(), *r))
            .collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[0], (lead.clone(), Role::Lead));
        assert_eq!(union.len(), set.loaded.iter().flatten().map(Dataset::len).sum::<usize>());
        // With every tile and layer loaded, the layers' facilities (repeats) count once, and
        // the union is the whole dataset.
        let everything =
            loaded_all(&manifest, &files[..manifest.shards.len() + manifest.layers.len()])
                .loaded_dataset();
        assert!(!manifest.layers.is_empty());
        // (Points come back quantised by the file format, so ids and names are compared.)
        let mut got: Vec<_> =
            everything.facilities().map(|f| (f.id().to_string(), f.name().to_string())).collect();
        let mut want: Vec<_> = all.iter().map(|f| (f.id.clone(), f.name.clone())).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(everything.members("synthetic-alliance").len(), 3);
        assert!(
            set.members("no-such-network").results.is_empty()
                && set.members("no-such-network").is_complete()
        );
    }
}
