//! A decoded dataset, indexed and ready for queries.

use std::sync::OnceLock;

use crate::data::builder::{build, Built, NetworkRecord};
use crate::data::codec::{self, DecodeError, Header};
use crate::data::columns::{Columns, FacilityRef};
use crate::data::export::{self, Listing};
use crate::data::hours::Hours;
use crate::data::model::{Facility, Network, Role, SourceList};
use crate::geo::bbox::LatLonBox;
use crate::geo::mercator::mercator_rects;
use crate::geo::point::{haversine_m, LatLon};
use crate::index::cluster::{self, Cluster, ClusterIndex, MAX_CLUSTER_ZOOM};
use crate::index::kdtree::KdTree;
use crate::index::mask::{attribute_bits, network_kind_bits};
use crate::index::text::{MatchQuality, Scratch, TextQuery};
use crate::query::filter::{Filter, Region};
use crate::query::nearest::{self, Hit};
use crate::sorting::sort_by;

/// A text-search result: how well it matched, and how far it is when a point was given.
#[derive(Clone, Copy, Debug)]
pub struct SearchHit<'a> {
    /// The facility.
    pub facility: FacilityRef<'a>,
    /// How well it matched.
    pub quality: MatchQuality,
    /// Its distance from the point given, if one was.
    pub distance_m: Option<f64>,
}

/// Orders search hits best match first, then nearest, then by id, keeps
/// typo matches only when nothing matched as typed (they are a fallback),
/// and keeps the first `limit`.
pub(crate) fn rank_search_hits(hits: &mut Vec<SearchHit<'_>>, limit: usize) {
    if hits.iter().any(|h| h.quality.as_typed()) {
        hits.retain(|h| h.quality.as_typed());
    }
    sort_by(hits, |a, b| {
        a.quality
            .cmp(&b.quality)
            .then_with(|| a.distance_m.unwrap_or(0.0).total_cmp(&b.distance_m.unwrap_or(0.0)))
            .then_with(|| a.facility.id().cmp(b.facility.id()))
    });
    hits.truncate(limit);
}

/// Where a query looks: everywhere, or within a radius of a point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scope {
    /// The whole dataset.
    Everywhere,
    /// Within `radius_m` metres (great circle) of `point`.
    Within {
        /// The centre.
        point: LatLon,
        /// The radius in metres.
        radius_m: f64,
    },
}

/// Facilities as columns in index order, the networks joining them, and the
/// spatial index.
pub struct Dataset {
    header: Option<Header>,
    columns: Columns,
    networks: Vec<Network>,
    /// Each network's member slots, aligned with its `members`.
    network_slots: Vec<Vec<u32>>,
    memberships: Memberships,
    tree: KdTree,
    /// Built on the first unfiltered cluster query, so loading does not pay for it.
    cluster_index: OnceLock<ClusterIndex>,
    /// Parsed on the first query or listing that needs opening hours.
    hours: OnceLock<HoursTable>,
}

/// Every facility's opening hours, parsed once; facilities with the same
/// text share one parse (the string table already deduplicates the texts).
struct HoursTable {
    of_slot: Vec<u32>,
    parsed: Vec<Hours>,
}

/// Each facility's networks, as (network index, role), stored flat: the
/// entries of slot `s` are `entries[offsets[s]..offsets[s + 1]]`.
struct Memberships {
    offsets: Vec<u32>,
    entries: Vec<(u32, Role)>,
}

impl Memberships {
    fn build(facility_count: usize, records: &[NetworkRecord]) -> Self {
        let mut counts = vec![0u32; facility_count + 1];
        for record in records {
            for &slot in &record.slots {
                counts[slot as usize + 1] += 1;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let offsets = counts.clone();
        let mut entries = vec![(0, Role::Member); offsets[facility_count] as usize];
        for (n, record) in records.iter().enumerate() {
            for (&slot, member) in record.slots.iter().zip(&record.network.members) {
                let at = &mut counts[slot as usize];
                entries[*at as usize] = (n as u32, member.role);
                *at += 1;
            }
        }
        Memberships { offsets, entries }
    }

    fn of(&self, slot: usize) -> &[(u32, Role)] {
        &self.entries[self.offsets[slot] as usize..self.offsets[slot + 1] as usize]
    }
}

impl Dataset {
    /// Decodes a compiled dataset (see [`codec`]). The file already holds the
    /// facilities in index order, so this is a few linear passes, not a rebuild.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let (header, columns, networks) = codec::decode_columns(bytes)?;
        let dataset = Self::assemble(Some(header), Built { columns, networks });
        // A file in another order passes every other check and answers wrong;
        // the tree's own points make this one linear pass.
        dataset.tree.check_order().map_err(|slot| {
            DecodeError::Corrupt(format!(
                "facilities are not in the spatial index's order (the split at slot {slot})"
            ))
        })?;
        Ok(dataset)
    }

    /// Indexes facilities held in memory (sorting them into index order), without networks.
    pub fn from_facilities(facilities: Vec<Facility>) -> Self {
        let built =
            build(&facilities, &[], &[]).expect("without networks there is nothing to resolve");
        Self::assemble(None, built)
    }

    /// Indexes facilities and the networks joining them. Fails on a member
    /// that is not one of the facilities.
    pub fn with_networks(facilities: &[Facility], networks: &[Network]) -> Result<Self, String> {
        Ok(Self::assemble(None, build(facilities, networks, &[])?))
    }

    /// As [`Dataset::with_networks`], with the descriptions of the lists the records cite.
    pub(crate) fn with_lists(
        facilities: &[Facility],
        networks: &[Network],
        lists: &[SourceList],
    ) -> Result<Self, String> {
        Ok(Self::assemble(None, build(facilities, networks, lists)?))
    }

    fn assemble(header: Option<Header>, Built { columns, networks: records }: Built) -> Self {
        let memberships = Memberships::build(columns.len(), &records);
        let (networks, network_slots): (Vec<Network>, Vec<Vec<u32>>) =
            records.into_iter().map(|r| (r.network, r.slots)).unzip();
        let masks = (0..columns.len())
            .map(|slot| {
                let kinds = memberships
                    .of(slot)
                    .iter()
                    .fold(0u16, |m, &(n, _)| m | 1 << networks[n as usize].kind.tag());
                let (kind, grade) = columns.kind_and_grade(slot);
                let precision = columns.precision(slot);
                attribute_bits(kind, grade, precision, columns.term_bits(slot))
                    | network_kind_bits(kinds)
            })
            .collect();
        let tree = KdTree::from_ordered(
            (0..columns.len()).map(|slot| columns.point(slot).to_unit_vector()).collect(),
            masks,
        );
        Self {
            header,
            columns,
            networks,
            network_slots,
            memberships,
            tree,
            cluster_index: OnceLock::new(),
            hours: OnceLock::new(),
        }
    }

    /// The header, for a dataset decoded from bytes.
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    /// How many facilities it holds.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The facility at `slot` (index order), or `None` past the end.
    pub fn get(&self, slot: usize) -> Option<FacilityRef<'_>> {
        (slot < self.len()).then(|| FacilityRef::new(&self.columns, slot))
    }

    /// Every facility, in index order.
    pub fn facilities(&self) -> impl Iterator<Item = FacilityRef<'_>> + '_ {
        (0..self.len()).map(|slot| FacilityRef::new(&self.columns, slot))
    }

    /// The `k` matching facilities nearest to `point`, nearest first, ties by id.
    ///
    /// ```
    /// use engine::{Dataset, FacilityKind, Filter, LatLon};
    /// let facilities = engine::synthetic::sample(2_000, 7);
    /// let dataset = Dataset::from_facilities(facilities.clone());
    /// let here = LatLon::new(29.7, 105.7).unwrap();
    /// let tcm = Filter { kinds: vec![FacilityKind::Tcm], ..Filter::all() };
    /// let hits = dataset.nearest(here, 5, &tcm);
    /// assert_eq!(hits.len(), 5);
    /// assert!(hits.iter().all(|h| h.facility.kind() == FacilityKind::Tcm));
    /// assert!(hits.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
    /// // The same five a look at every facility finds.
    /// let slow = engine::oracle::nearest_brute_force(&facilities, here, 5, &tcm);
    /// let fast: Vec<&str> = hits.iter().map(|h| h.facility.id()).collect();
    /// assert_eq!(fast, slow.iter().map(|(f, _)| f.id.as_str()).collect::<Vec<_>>());
    /// ```
    pub fn nearest(&self, point: LatLon, k: usize, filter: &Filter) -> Vec<Hit<'_>> {
        nearest::nearest(
            &self.columns,
            &self.tree,
            point,
            k,
            filter.compile(),
            &self.acceptor(filter),
        )
    }

    /// Matching facilities within `radius_m` metres, nearest first, ties by id.
    ///
    /// ```
    /// use engine::{haversine_m, Dataset, Filter, LatLon};
    /// let facilities = engine::synthetic::sample(2_000, 7);
    /// let dataset = Dataset::from_facilities(facilities.clone());
    /// let here = LatLon::new(30.6, 104.1).unwrap();
    /// let radius = 1_500_000.0;
    /// let hits = dataset.within_radius(here, radius, &Filter::all());
    /// let inside = facilities.iter().filter(|f| haversine_m(here, f.point) <= radius).count();
    /// assert!(inside > 0);
    /// assert_eq!(hits.len(), inside);
    /// assert!(hits.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
    /// ```
    pub fn within_radius(&self, point: LatLon, radius_m: f64, filter: &Filter) -> Vec<Hit<'_>> {
        nearest::within_radius(
            &self.columns,
            &self.tree,
            point,
            radius_m,
            filter.compile(),
            &self.acceptor(filter),
        )
    }

    /// What to draw for a viewport at a zoom level: the non-empty grid cells
    /// that meet it (see [`crate::index::cluster`]), each with the count of matching
    /// facilities in the whole cell, its centroid and a representative; from
    /// [`MAX_CLUSTER_ZOOM`] on, every matching facility on its own.
    ///
    /// ```
    /// use engine::{Dataset, FacilityKind, Filter, LatLonBox};
    /// let facilities = engine::synthetic::sample(2_000, 7);
    /// let dataset = Dataset::from_facilities(facilities.clone());
    /// // The whole world at zoom 2: every facility is in exactly one cluster.
    /// let clusters = dataset.clusters(LatLonBox::WORLD, 2, &Filter::all());
    /// assert!(clusters.len() > 1 && clusters.len() < facilities.len());
    /// assert_eq!(clusters.iter().map(|c| c.count).sum::<usize>(), facilities.len());
    /// // Filtered, the counts are of the matching facilities only.
    /// let tcm = Filter { kinds: vec![FacilityKind::Tcm], ..Filter::all() };
    /// let count = facilities.iter().filter(|f| f.kind == FacilityKind::Tcm).count();
    /// assert_eq!(dataset.clusters(LatLonBox::WORLD, 2, &tcm).iter().map(|c| c.count).sum::<usize>(), count);
    /// ```
    pub fn clusters(&self, area: LatLonBox, zoom: u32, filter: &Filter) -> Vec<Cluster> {
        if zoom >= MAX_CLUSTER_ZOOM {
            return self
                .within_box(area, filter)
                .iter()
                .map(|f| Cluster {
                    lat: f.point().lat(),
                    lon: f.point().lon(),
                    count: 1,
                    representative: f.slot(),
                })
                .collect();
        }
        let mut out = Vec::new();
        for rect in mercator_rects(area) {
            if filter.is_empty() {
                let index = self.cluster_index();
                out.extend(index.clusters(zoom, rect));
            } else {
                // Whole cells, padded a hair: `bucket` keeps exactly the cells that meet the viewport.
                let (south, west, north, east) =
                    cluster::to_lat_lon(cluster::whole_cells(zoom, rect));
                let pad = 1e-9;
                let cells = LatLonBox {
                    south: (south - pad).max(-90.0),
                    west: (west - pad).max(-180.0),
                    north: (north + pad).min(90.0),
                    east: (east + pad).min(180.0),
                };
                let found = self.within_box(cells, filter);
                out.extend(cluster::bucket(
                    zoom,
                    rect,
                    found.iter().map(|f| (f.slot(), f.point())),
                ));
            }
        }
        out
    }

    /// The OR of every facility's attribute mask (see [`crate::index::mask`]):
    /// what a shard's manifest entry says it may hold.
    pub(crate) fn attribute_union(&self) -> u128 {
        (0..self.len()).fold(0, |m, slot| m | self.tree.item_mask(slot))
    }

    /// The unfiltered cluster index, built on first use: by the first
    /// unfiltered [`Dataset::clusters`] call, or earlier by calling this.
    pub fn cluster_index(&self) -> &ClusterIndex {
        self.cluster_index.get_or_init(|| {
            ClusterIndex::build((0..self.len()).map(|slot| self.columns.point(slot)))
        })
    }

    /// The public lists the records came from, described.
    pub fn lists(&self) -> &[SourceList] {
        self.columns.lists()
    }

    /// A list's description by its id.
    pub fn list(&self, id: &str) -> Option<&SourceList> {
        self.lists().iter().find(|l| l.id == id)
    }

    /// All networks, in the order the dataset was built with.
    pub fn networks(&self) -> &[Network] {
        &self.networks
    }

    /// A network by its id.
    pub fn network(&self, id: &str) -> Option<&Network> {
        self.networks.iter().find(|n| n.id == id)
    }

    /// A network's members with their roles: leads first, then by role, then by id.
    ///
    /// ```
    /// use engine::{Dataset, Member, Network, NetworkKind, Role};
    /// let facilities = engine::synthetic::sample(10, 1);
    /// let citation = engine::synthetic::synthetic_citation();
    /// let member = |i: usize, role| Member { facility_id: facilities[i].id.clone(), role, citation: citation.clone() };
    /// let alliance = Network {
    ///     id: "synthetic-alliance".into(),
    ///     name: "合成联盟 synthetic alliance".into(),
    ///     name_en: String::new(),
    ///     kind: NetworkKind::SpecialtyAlliance,
    ///     specialty: None,
    ///     region: "synthetic".into(),
    ///     source: "synthetic test data".into(),
    ///     last_checked: "2026-01-01".into(),
    ///     members: vec![member(4, Role::Member), member(2, Role::Member), member(7, Role::Lead)],
    /// };
    /// let dataset = Dataset::with_networks(&facilities, &[alliance]).unwrap();
    /// let ids: Vec<_> = dataset.members("synthetic-alliance").iter().map(|(f, role)| (f.id().to_string(), *role)).collect();
    /// let id = |i: usize| facilities[i].id.clone();
    /// assert_eq!(ids, [(id(7), Role::Lead), (id(2), Role::Member), (id(4), Role::Member)]);
    /// assert!(dataset.members("no-such-network").is_empty());
    /// ```
    pub fn members(&self, network_id: &str) -> Vec<(FacilityRef<'_>, Role)> {
        let Some(n) = self.networks.iter().position(|n| n.id == network_id) else {
            return Vec::new();
        };
        let mut members: Vec<(FacilityRef<'_>, Role)> = self.network_slots[n]
            .iter()
            .zip(&self.networks[n].members)
            .map(|(&slot, m)| (FacilityRef::new(&self.columns, slot as usize), m.role))
            .collect();
        sort_by(&mut members, |a, b| a.1.cmp(&b.1).then_with(|| a.0.id().cmp(b.0.id())));
        members
    }

    /// The networks a facility belongs to, with its role in each, in network order.
    pub fn networks_of(&self, slot: usize) -> Vec<(&Network, Role)> {
        if slot >= self.len() {
            return Vec::new();
        }
        self.memberships
            .of(slot)
            .iter()
            .map(|&(n, role)| (&self.networks[n as usize], role))
            .collect()
    }

    /// A facility's opening hours, parsed (once for the whole dataset, on
    /// first use); `None` past the end.
    pub fn hours(&self, slot: usize) -> Option<&Hours> {
        let table = self.hours_table();
        table.of_slot.get(slot).map(|&i| &table.parsed[i as usize])
    }

    fn hours_table(&self) -> &HoursTable {
        self.hours.get_or_init(|| {
            // Slots by their text's key, so equal texts are parsed once (sorted, not hashed: one map type fewer in the wasm).
            let mut by_key: Vec<(u32, u32)> = (0..self.len() as u32)
                .map(|slot| (self.columns.opening_hours_key(slot as usize), slot))
                .collect();
            sort_by(&mut by_key, |a, b| a.0.cmp(&b.0));
            let (mut parsed, mut of_slot, mut last) = (Vec::new(), vec![0u32; self.len()], None);
            for (key, slot) in by_key {
                if last != Some(key) {
                    parsed.push(Hours::parse(
                        FacilityRef::new(&self.columns, slot as usize).opening_hours(),
                    ));
                    last = Some(key);
                }
                of_slot[slot as usize] = (parsed.len() - 1) as u32;
            }
            HoursTable { of_slot, parsed }
        })
    }

    /// Whether the facility at `slot` matches `filter` (networks included).
    ///
    /// ```
    /// use engine::{Dataset, Filter, Service};
    /// let (facilities, network) = engine::synthetic::four_and_an_alliance();
    /// let d = Dataset::with_networks(&facilities, &[network]).unwrap();
    /// let acupuncture = Filter { services: vec![Service::Acupuncture], ..Filter::all() };
    /// let keeps: Vec<&str> = d.facilities().filter(|f| d.keeps(f.slot(), &acupuncture)).map(|f| f.id()).collect();
    /// assert_eq!(keeps.len(), 2);
    /// assert!(!d.keeps(99, &Filter::all()), "no such slot");
    /// ```
    pub fn keeps(&self, slot: usize, filter: &Filter) -> bool {
        slot < self.len()
            && filter.compile().may_match(self.tree.item_mask(slot))
            && self.acceptor(filter)(slot)
    }

    /// Everything a filter asks that masks cannot: region, hours, one network.
    fn acceptor<'a>(&'a self, filter: &'a Filter) -> impl Fn(usize) -> bool + 'a {
        // An unknown network id matches nothing (`Some(None)`).
        let network = filter
            .network
            .as_ref()
            .map(|want| (self.networks.iter().position(|n| n.id == want.id), want.role));
        let hours = filter.open_at.map(|at| (at, self.hours_table()));
        let text = filter.text_query().map(|q| (q, std::cell::RefCell::new(Scratch::default())));
        move |slot| {
            filter.region.is_none_or(|r| r.contains(self.columns.county_code[slot]))
                && hours.is_none_or(|(at, table)| {
                    table.parsed[table.of_slot[slot] as usize].is_open_at(at)
                })
                && text.as_ref().is_none_or(|(query, scratch)| {
                    let f = FacilityRef::new(&self.columns, slot);
                    query
                        .best_match_with(
                            &mut scratch.borrow_mut(),
                            f.name(),
                            f.aliases(),
                            f.address(),
                            f.pinyin(),
                        )
                        .is_some_and(MatchQuality::as_typed)
                })
                && match network {
                    None => true,
                    Some((None, _)) => false,
                    Some((Some(n), role)) => self
                        .memberships
                        .of(slot)
                        .iter()
                        .any(|&(m, r)| m as usize == n && role.is_none_or(|want| want == r)),
                }
        }
    }

    /// Facilities whose name, aliases, pinyin or address match `query` (see
    /// [`crate::index::text`]) and `filter`: best match first, then nearest to
    /// `near` (when given), then by id. At most `limit` results.
    ///
    /// ```
    /// use engine::{Dataset, Filter, MatchQuality};
    /// let dataset = Dataset::from_facilities(engine::synthetic::sample(300, 1));
    /// // By name as typed, and by pinyin initials; at most `limit`.
    /// let hits = dataset.search("合成机构", None, 3, &Filter::all());
    /// assert_eq!(hits.len(), 3);
    /// assert!(hits.iter().all(|h| h.facility.name().contains("合成机构") && h.quality < MatchQuality::PinyinWithTypo));
    /// assert!(dataset.search("hcjg", None, 5, &Filter::all()).len() == 5);
    /// assert!(dataset.search("   ", None, 5, &Filter::all()).is_empty());
    /// ```
    pub fn search(
        &self,
        query: &str,
        near: Option<LatLon>,
        limit: usize,
        filter: &Filter,
    ) -> Vec<SearchHit<'_>> {
        let Some(query) = TextQuery::new(query) else {
            return Vec::new();
        };
        let test = filter.compile();
        let accept = self.acceptor(filter);
        let mut scratch = Scratch::default();
        let mut hits: Vec<SearchHit<'_>> = self
            .facilities()
            .filter(|f| test.may_match(self.tree.item_mask(f.slot())) && accept(f.slot()))
            .filter_map(|f| {
                let quality = query.best_match_with(
                    &mut scratch,
                    f.name(),
                    f.aliases(),
                    f.address(),
                    f.pinyin(),
                )?;
                Some(SearchHit {
                    facility: f,
                    quality,
                    distance_m: near.map(|p| haversine_m(p, f.point())),
                })
            })
            .collect();
        rank_search_hits(&mut hits, limit);
        hits
    }

    /// The facilities at `slots` (in that order; slots past the end are
    /// skipped), each with its networks, as `facilities.csv` rows plus a
    /// `networks` column (see [`crate::data::export`]).
    pub fn export_csv(&self, slots: &[usize]) -> String {
        export::csv(&self.listings(slots))
    }

    /// The facilities at `slots` as GeoJSON, with their networks.
    pub fn export_geojson(&self, slots: &[usize]) -> String {
        export::geojson(&self.listings(slots))
    }

    fn listings(&self, slots: &[usize]) -> Vec<Listing<'_>> {
        slots
            .iter()
            .filter_map(|&slot| self.get(slot))
            .map(|f| (f.to_facility(), self.networks_of(f.slot())))
            .collect()
    }

    /// Every facility that matches `filter` in `scope`: by id everywhere,
    /// nearest first within a radius.
    // One copy, however many callers (the facets ask five times): it is code size the app pays for.
    #[inline(never)]
    pub fn matching(&self, filter: &Filter, scope: Scope) -> Vec<FacilityRef<'_>> {
        match scope {
            Scope::Everywhere => self.within_box(LatLonBox::WORLD, filter),
            Scope::Within { point, radius_m } => self
                .within_radius(point, radius_m, filter)
                .into_iter()
                .map(|h| h.facility)
                .collect(),
        }
    }

    /// The matching facilities whose place is not known and whose smallest
    /// known area is exactly `area` (a county's code, or a city's for those
    /// known only to be in the city), by pinyin: "in 大足区, place not
    /// listed". A county's code does not gather its city's, nor a city's
    /// its counties'.
    pub fn unplaced_in(&self, filter: &Filter, area: u32) -> Vec<FacilityRef<'_>> {
        let Some(region) = Region::new(area) else { return Vec::new() };
        let only = Filter { located: Some(false), region: Some(region), ..filter.clone() };
        let mut found = self.matching(&only, Scope::Everywhere);
        found.retain(|f| f.county_code() == area);
        sort_by(&mut found, |a, b| a.pinyin().cmp(b.pinyin()).then(a.id().cmp(b.id())));
        found
    }

    /// Matching facilities inside a viewport, ordered by id.
    pub fn within_box(&self, area: LatLonBox, filter: &Filter) -> Vec<FacilityRef<'_>> {
        nearest::within_box(
            &self.columns,
            &self.tree,
            area,
            filter.compile(),
            &self.acceptor(filter),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::{FacilityKind, Member, NetworkKind, Service};
    use crate::query::filter::InNetwork;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn place(
        id: &str,
        name: &str,
        pinyin: &str,
        kind: FacilityKind,
        lat: f64,
        lon: f64,
    ) -> Facility {
        Facility {
            pinyin: pinyin.into(),
            ..Facility::new(id, name, kind, LatLon::new(lat, lon).unwrap())
        }
    }

    fn dataset() -> Dataset {
        Dataset::from_facilities(vec![
            place(
                "a",
                "四川大学华西医院",
                "si chuan da xue hua xi yi yuan",
                FacilityKind::General,
                30.642,
                104.063,
            ),
            place(
                "b",
                "四川大学华西第二医院",
                "si chuan da xue hua xi di er yi yuan",
                FacilityKind::Specialty,
                30.6418,
                104.066,
            ),
            Facility {
                services: vec![Service::Acupuncture],
                ..place(
                    "c",
                    "大足区中医院",
                    "da zu qu zhong yi yuan",
                    FacilityKind::Tcm,
                    29.70,
                    105.715,
                )
            },
            place(
                "d",
                "大足区人民医院",
                "da zu qu ren min yi yuan",
                FacilityKind::General,
                29.707,
                105.721,
            ),
        ])
    }

    fn network(id: &str, kind: NetworkKind, members: &[(&str, Role)]) -> Network {
        Network {
            id: id.into(),
            name: format!("合成网络 synthetic network {id}"),
            name_en: String::new(),
            kind,
            specialty: None,
            region: String::new(),
            source: "synthetic test data".into(),
            last_checked: "2026-01-01".into(),
            members: members
                .iter()
                .map(|&(f, role)| Member {
                    facility_id: f.into(),
                    role,
                    citation: crate::testing::synthetic::synthetic_citation(),
                })
                .collect(),
        }
    }

    #[test]
    fn hours_are_each_listing_s_own_and_none_past_the_end() {
        let facilities = crate::testing::synthetic::sample(60, 4);
        let d = Dataset::from_facilities(facilities.clone());
        for f in d.facilities() {
            let listed = &facilities.iter().find(|g| g.id == f.id()).unwrap().opening_hours;
            assert_eq!(d.hours(f.slot()), Some(&Hours::parse(listed)), "{}", f.id());
        }
        assert_eq!(d.hours(d.len()), None);
    }

    #[test]
    fn members_and_networks_of_a_facility() {
        let facilities = vec![
            place("a", "四川大学华西医院", "", FacilityKind::General, 30.642, 104.063),
            place("b", "四川大学华西第二医院", "", FacilityKind::Specialty, 30.6418, 104.066),
            place("c", "大足区中医院", "", FacilityKind::Tcm, 29.70, 105.715),
        ];
        let trust =
            network("t", NetworkKind::Trusteeship, &[("c", Role::ManagedBy), ("a", Role::Lead)]);
        let card =
            network("e", NetworkKind::EHealthCard, &[("b", Role::Member), ("c", Role::Member)]);
        let d = Dataset::with_networks(&facilities, &[trust, card]).unwrap();
        let members: Vec<(&str, Role)> = d.members("t").iter().map(|(f, r)| (f.id(), *r)).collect();
        assert_eq!(members, [("a", Role::Lead), ("c", Role::ManagedBy)]);
        let c = d.facilities().find(|f| f.id() == "c").unwrap().slot();
        let of_c: Vec<(&str, Role)> =
            d.networks_of(c).iter().map(|(n, r)| (n.id.as_str(), *r)).collect();
        assert_eq!(of_c, [("t", Role::ManagedBy), ("e", Role::Member)]);
        assert!(d.members("nope").is_empty());
        assert!(d.networks_of(99).is_empty());
        // Nearest member of the card scope to Chengdu, and the lead of the trusteeship.
        let chengdu = LatLon::new(30.66, 104.07).unwrap();
        let in_card =
            Filter { network: Some(InNetwork { id: "e".into(), role: None }), ..Filter::all() };
        assert_eq!(d.nearest(chengdu, 1, &in_card)[0].facility.id(), "b");
        let lead = Filter {
            network: Some(InNetwork { id: "t".into(), role: Some(Role::Lead) }),
            ..Filter::all()
        };
        assert_eq!(ids_of(&d.nearest(chengdu, 5, &lead)), ["a"]);
        let unknown =
            Filter { network: Some(InNetwork { id: "nope".into(), role: None }), ..Filter::all() };
        assert!(d.nearest(chengdu, 5, &unknown).is_empty());
        let card_kind = Filter { network_kinds: vec![NetworkKind::EHealthCard], ..Filter::all() };
        assert_eq!(ids_of(&d.nearest(chengdu, 5, &card_kind)), ["b", "c"]);
    }

    #[test]
    fn a_member_must_be_a_facility() {
        let facilities = vec![place("a", "甲", "", FacilityKind::General, 30.0, 104.0)];
        let err = Dataset::with_networks(
            &facilities,
            &[network("n", NetworkKind::Pairing, &[("zz", Role::Member)])],
        )
        .err();
        assert_eq!(
            err.as_deref(),
            Some("network n: member \"zz\" is not a facility in this dataset")
        );
    }

    #[test]
    fn network_filters_equal_brute_force_over_member_lists() {
        let facilities = crate::testing::synthetic::sample(1_500, 77);
        let mut rng = crate::testing::synthetic::Lcg(78);
        let kinds = [
            NetworkKind::SpecialtyAlliance,
            NetworkKind::EHealthCard,
            NetworkKind::CountyMedicalCommunity,
        ];
        let networks: Vec<Network> = (0..6)
            .map(|i| {
                let kind = kinds[i % kinds.len()];
                let roles: Vec<Role> =
                    Role::ALL.iter().copied().filter(|r| r.allowed_in(kind)).collect();
                let mut picked: Vec<usize> =
                    (0..40).map(|_| (rng.next_u64() % 1_500) as usize).collect();
                picked.sort_unstable();
                picked.dedup();
                let members: Vec<(&str, Role)> = picked
                    .iter()
                    .map(|&f| {
                        (
                            facilities[f].id.as_str(),
                            roles[(rng.next_u64() % roles.len() as u64) as usize],
                        )
                    })
                    .collect();
                network(&format!("n{i}"), kind, &members)
            })
            .collect();
        let d = Dataset::with_networks(&facilities, &networks).unwrap();
        let decoded: Vec<Facility> = d.facilities().map(|f| f.to_facility()).collect();
        for round in 0..150 {
            let q = LatLon::new(rng.range(-80.0, 80.0), rng.range(-180.0, 180.0)).unwrap();
            let n = &networks[round % networks.len()];
            let role = (round % 3 == 0).then_some(n.members[0].role);
            let kind = kinds[round % kinds.len()];
            let filter = if round % 2 == 0 {
                Filter { network: Some(InNetwork { id: n.id.clone(), role }), ..Filter::all() }
            } else {
                Filter { network_kinds: vec![kind], ..Filter::all() }
            };
            let is_member = |f: &Facility| match &filter.network {
                Some(want) => n
                    .members
                    .iter()
                    .any(|m| m.facility_id == f.id && want.role.is_none_or(|r| r == m.role)),
                None => networks
                    .iter()
                    .any(|n| n.kind == kind && n.members.iter().any(|m| m.facility_id == f.id)),
            };
            let members: Vec<Facility> = decoded.iter().filter(|f| is_member(f)).cloned().collect();
            let want: Vec<&str> =
                crate::testing::oracle::nearest_brute_force(&members, q, 7, &Filter::all())
                    .iter()
                    .map(|(f, _)| f.id.as_str())
                    .collect();
            assert_eq!(ids_of(&d.nearest(q, 7, &filter)), want, "round {round} {filter:?}");
        }
    }

    /// Synthetic facilities over western China and neighbours, so cells hold many.
    fn regional_sample(n: usize, seed: u64) -> Vec<Facility> {
        let mut rng = crate::testing::synthetic::Lcg(seed);
        crate::testing::synthetic::sample(n, seed)
            .into_iter()
            .map(|f| Facility {
                point: LatLon::new(rng.range(20.0, 45.0), rng.range(95.0, 120.0)).unwrap(),
                ..f
            })
            .collect()
    }

    #[test]
    fn clusters_agree_between_the_index_and_the_filtered_path() {
        let d = Dataset::from_facilities(regional_sample(3_000, 31));
        // Matches everything but is not empty, so it takes the bucketing path.
        let everything =
            Filter { grades: crate::data::model::Grade::ALL.to_vec(), ..Filter::all() };
        let mut rng = crate::testing::synthetic::Lcg(32);
        for _ in 0..120 {
            let zoom = (rng.next_u64() % 16) as u32;
            let (a, b) = (rng.range(15.0, 50.0), rng.range(15.0, 50.0));
            let (w, e) = (rng.range(90.0, 125.0), rng.range(90.0, 125.0));
            let area =
                LatLonBox { south: a.min(b), north: a.max(b), west: w.min(e), east: w.max(e) };
            let fast = d.clusters(area, zoom, &Filter::all());
            let slow = d.clusters(area, zoom, &everything);
            assert_eq!(fast.len(), slow.len(), "zoom {zoom} {area:?}");
            for (f, s) in fast.iter().zip(&slow) {
                assert_eq!(
                    (f.count, f.representative),
                    (s.count, s.representative),
                    "zoom {zoom} {area:?}"
                );
                assert!((f.lat - s.lat).abs() < 1e-9 && (f.lon - s.lon).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn cluster_counts_add_up_to_what_matches() {
        let facilities = regional_sample(2_000, 33);
        let d = Dataset::from_facilities(facilities.clone());
        let world = LatLonBox { south: -90.0, north: 90.0, west: -180.0, east: 180.0 };
        for zoom in [0, 3, 8, 12] {
            let total: usize =
                d.clusters(world, zoom, &Filter::all()).iter().map(|c| c.count).sum();
            assert_eq!(total, 2_000, "zoom {zoom}");
            let tcm = Filter { kinds: vec![FacilityKind::Tcm], ..Filter::all() };
            let total: usize = d.clusters(world, zoom, &tcm).iter().map(|c| c.count).sum();
            assert_eq!(total, facilities.iter().filter(|f| tcm.matches(f)).count(), "zoom {zoom}");
        }
        // Zoomed out, clusters merge; zoomed in, they split.
        assert!(
            d.clusters(world, 2, &Filter::all()).len() < d.clusters(world, 8, &Filter::all()).len()
        );
        // From the last zoom on, every facility stands alone.
        let area = LatLonBox { south: 30.0, north: 31.0, west: 104.0, east: 105.0 };
        let alone = d.clusters(area, crate::index::cluster::MAX_CLUSTER_ZOOM, &Filter::all());
        assert!(alone.iter().all(|c| c.count == 1));
        assert_eq!(alone.len(), d.within_box(area, &Filter::all()).len());
    }

    #[test]
    fn clusters_across_the_antimeridian() {
        let mut facilities = crate::testing::synthetic::sample(4, 5);
        for (f, lon) in facilities.iter_mut().zip([179.5, -179.5, 179.9, 10.0]) {
            f.point = LatLon::new(-17.0, lon).unwrap();
        }
        let d = Dataset::from_facilities(facilities);
        let fiji = LatLonBox { south: -20.0, north: -15.0, west: 179.0, east: -179.0 };
        for filter in [
            Filter::all(),
            Filter { grades: crate::data::model::Grade::ALL.to_vec(), ..Filter::all() },
        ] {
            let total: usize = d.clusters(fiji, 6, &filter).iter().map(|c| c.count).sum();
            assert_eq!(total, 3, "{filter:?}");
        }
    }

    fn ids_of<'a>(hits: &[Hit<'a>]) -> Vec<&'a str> {
        hits.iter().map(|h| h.facility.id()).collect()
    }

    fn ids<'a>(hits: &[SearchHit<'a>]) -> Vec<&'a str> {
        hits.iter().map(|h| h.facility.id()).collect()
    }

    #[test]
    fn ranks_by_quality_then_distance() {
        let d = dataset();
        let dazu = LatLon::new(29.70, 105.72).unwrap();
        // Both Huaxi hospitals match "hx" equally; from Dazu the nearer one comes first.
        assert_eq!(ids(&d.search("hx", Some(dazu), 10, &Filter::all())), ["b", "a"]);
        // An exact name beats everything.
        assert_eq!(ids(&d.search("大足区中医院", Some(dazu), 10, &Filter::all())), ["c"]);
        assert_eq!(ids(&d.search("dazu", Some(dazu), 10, &Filter::all())), ["c", "d"]);
        assert_eq!(ids(&d.search("dzqzyy", None, 10, &Filter::all())), ["c"]);
        // A typo finds what was meant when nothing matches as typed...
        assert_eq!(ids(&d.search("dazuu", Some(dazu), 10, &Filter::all())), ["c", "d"]);
        // ...but "dazu" does not also bring the Huaxi hospitals ("daxue" is one edit away).
        assert_eq!(ids(&d.search("dazu", None, 10, &Filter::all())), ["c", "d"]);
    }

    #[test]
    fn respects_filter_limit_and_empty_queries() {
        let d = dataset();
        let tcm = Filter { kinds: vec![FacilityKind::Tcm], ..Filter::all() };
        assert_eq!(ids(&d.search("dazu", None, 10, &tcm)), ["c"]);
        assert_eq!(d.search("yiyuan", None, 2, &Filter::all()).len(), 2);
        assert!(d.search("   ", None, 10, &Filter::all()).is_empty());
        assert!(d.search("beijing", None, 10, &Filter::all()).is_empty());
    }

    #[test]
    fn only_the_requested_slots_are_exported_in_their_order() {
        let d = Dataset::from_facilities(crate::testing::synthetic::sample(10, 3));
        let ids: Vec<String> = [7, 2].iter().map(|&s| d.get(s).unwrap().id().to_string()).collect();
        let text = d.export_csv(&[7, 2, 99]);
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].starts_with(&format!("{},", ids[0])));
        assert!(rows[1].starts_with(&format!("{},", ids[1])));
        let json: serde_json::Value = serde_json::from_str(&d.export_geojson(&[2])).unwrap();
        assert_eq!(json["features"][0]["id"], ids[1].as_str());
        assert_eq!(json["features"].as_array().unwrap().len(), 1);
    }

    /// Swaps two facilities, every column of them, as a file written in
    /// another order would hold them.
    fn swap_facilities(c: &mut Columns, a: usize, b: usize) {
        c.lat.swap(a, b);
        c.lon.swap(a, b);
        c.kind.swap(a, b);
        c.grade.swap(a, b);
        c.precision.swap(a, b);
        c.ownership.swap(a, b);
        c.county_code.swap(a, b);
        c.services.swap(a, b);
        c.designations.swap(a, b);
        c.features.swap(a, b);
        c.flags.swap(a, b);
        c.text.iter_mut().for_each(|column| column.swap(a, b));
    }

    #[test]
    fn a_file_not_in_the_index_order_is_corrupt() {
        let n = 300;
        let bytes = codec::encode(&crate::testing::synthetic::sample(n, 5), 0);
        assert!(Dataset::from_bytes(&bytes).is_ok());
        let (_, mut columns, networks) = codec::decode_columns(&bytes).unwrap();
        // The root's split point and the first facility on its left: every check
        // but the order's passes (encoding rehashes), and nearest answers would be wrong.
        swap_facilities(&mut columns, 0, (n - 1) / 2);
        let swapped = codec::encode_columns(&columns, &networks, 0);
        match Dataset::from_bytes(&swapped) {
            Err(DecodeError::Corrupt(why)) => assert!(why.contains("order"), "{why}"),
            Err(other) => panic!("another error: {other}"),
            Ok(_) => panic!("a file in another order was accepted"),
        }
    }

    #[test]
    fn a_viewport_with_a_corner_that_is_not_a_point_has_no_clusters() {
        let origin = [(0, LatLon::new(5.0, -5.0).unwrap())];
        let d = Dataset::from_facilities(crate::testing::synthetic::national(300, 4, &origin));
        let tcm = Filter { kinds: vec![FacilityKind::Tcm], ..Filter::all() };
        let valid = LatLonBox { south: -10.0, west: -10.0, north: 10.0, east: 10.0 };
        for south in [f64::NAN, -95.0] {
            let invalid = LatLonBox { south, ..valid };
            for zoom in [3, 8] {
                for filter in [Filter::all(), tcm.clone()] {
                    assert!(!d.clusters(valid, zoom, &filter).is_empty());
                    let shown = d.clusters(invalid, zoom, &filter);
                    assert!(
                        shown.is_empty(),
                        "south {south}, zoom {zoom}: {} clusters",
                        shown.len()
                    );
                }
            }
        }
    }
}
