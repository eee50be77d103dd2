//! A decoded dataset, indexed and ready for queries.

use crate::codec::{self, DecodeError, Header};
use crate::columns::{Columns, FacilityRef};
use crate::filter::Filter;
use crate::geo::LatLon;
use crate::kdtree::{kd_order, KdTree};
use crate::model::Facility;
use crate::geo::haversine_m;
use crate::nearest::{self, Hit, LatLonBox};
use crate::text::{MatchQuality, Scratch, TextQuery};

/// A text-search result: how well it matched, and how far it is when a point was given.
#[derive(Clone, Copy, Debug)]
pub struct SearchHit<'a> {
    pub facility: FacilityRef<'a>,
    pub quality: MatchQuality,
    pub distance_m: Option<f64>,
}

/// Facilities as columns in index order, plus their spatial index.
pub struct Dataset {
    header: Option<Header>,
    columns: Columns,
    tree: KdTree,
}

impl Dataset {
    /// Decodes a compiled dataset (see [`codec`]). The file already holds the
    /// facilities in index order, so this is a few linear passes, not a rebuild.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let (header, columns) = codec::decode_columns(bytes)?;
        let tree = tree_over(&columns);
        Ok(Self { header: Some(header), columns, tree })
    }

    /// Indexes facilities held in memory (sorting them into index order).
    pub fn from_facilities(facilities: Vec<Facility>) -> Self {
        let columns = Columns::from_facilities(&into_kd_order(facilities));
        let tree = tree_over(&columns);
        Self { header: None, columns, tree }
    }

    /// The header, for a dataset decoded from bytes.
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

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
    pub fn nearest(&self, point: LatLon, k: usize, filter: &Filter) -> Vec<Hit<'_>> {
        nearest::nearest(&self.columns, &self.tree, point, k, filter)
    }

    /// Matching facilities within `radius_m` metres, nearest first, ties by id.
    pub fn within_radius(&self, point: LatLon, radius_m: f64, filter: &Filter) -> Vec<Hit<'_>> {
        nearest::within_radius(&self.columns, &self.tree, point, radius_m, filter)
    }

    /// Facilities whose name, aliases, pinyin or address match `query` (see
    /// [`crate::text`]) and `filter`: best match first, then nearest to
    /// `near` (when given), then by id. At most `limit` results.
    pub fn search(&self, query: &str, near: Option<LatLon>, limit: usize, filter: &Filter) -> Vec<SearchHit<'_>> {
        let Some(query) = TextQuery::new(query) else {
            return Vec::new();
        };
        let test = filter.compile();
        let mut scratch = Scratch::default();
        let mut hits: Vec<SearchHit<'_>> = self
            .facilities()
            .filter(|f| test.may_match(self.columns.attribute_mask(f.slot())))
            .filter(|f| nearest::accepts(&self.columns, filter, f.slot()))
            .filter_map(|f| {
                let quality = query.best_match_with(&mut scratch, f.name(), f.aliases(), f.address(), f.pinyin())?;
                Some(SearchHit { facility: f, quality, distance_m: near.map(|p| haversine_m(p, f.point())) })
            })
            .collect();
        // Typo matches are a fallback: shown only when nothing matched as typed.
        if hits.iter().any(|h| h.quality < MatchQuality::PinyinWithTypo) {
            hits.retain(|h| h.quality < MatchQuality::PinyinWithTypo);
        }
        hits.sort_by(|a, b| {
            a.quality
                .cmp(&b.quality)
                .then_with(|| a.distance_m.unwrap_or(0.0).total_cmp(&b.distance_m.unwrap_or(0.0)))
                .then_with(|| a.facility.id().cmp(b.facility.id()))
        });
        hits.truncate(limit);
        hits
    }

    /// Matching facilities inside a viewport, ordered by id.
    pub fn within_box(&self, area: LatLonBox, filter: &Filter) -> Vec<FacilityRef<'_>> {
        nearest::within_box(&self.columns, &self.tree, area, filter)
    }
}

/// Sorts facilities into the order the index and the dataset file use.
pub fn into_kd_order(facilities: Vec<Facility>) -> Vec<Facility> {
    let points: Vec<[f64; 3]> = facilities.iter().map(|f| f.point.to_unit_vector()).collect();
    let order = kd_order(&points);
    let mut slots: Vec<Option<Facility>> = facilities.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i as usize].take()).collect()
}

fn tree_over(columns: &Columns) -> KdTree {
    KdTree::from_ordered(
        (0..columns.len()).map(|slot| columns.point(slot).to_unit_vector()).collect(),
        (0..columns.len()).map(|slot| columns.attribute_mask(slot)).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FacilityKind, Service};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn place(id: &str, name: &str, pinyin: &str, kind: FacilityKind, lat: f64, lon: f64) -> Facility {
        Facility { pinyin: pinyin.into(), ..Facility::new(id, name, kind, LatLon::new(lat, lon).unwrap()) }
    }

    fn dataset() -> Dataset {
        Dataset::from_facilities(vec![
            place("a", "四川大学华西医院", "si chuan da xue hua xi yi yuan", FacilityKind::General, 30.642, 104.063),
            place("b", "四川大学华西第二医院", "si chuan da xue hua xi di er yi yuan", FacilityKind::Specialty, 30.6418, 104.066),
            Facility {
                services: vec![Service::Acupuncture],
                ..place("c", "大足区中医院", "da zu qu zhong yi yuan", FacilityKind::Tcm, 29.70, 105.715)
            },
            place("d", "大足区人民医院", "da zu qu ren min yi yuan", FacilityKind::General, 29.707, 105.721),
        ])
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
}
