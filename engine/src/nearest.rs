//! Exact k-nearest-neighbour search on the sphere.
//!
//! The R-tree holds unit vectors, so its Euclidean (chord) ordering is the
//! great-circle ordering. Candidates are gathered in chord order until the
//! k-th distance is passed by a small margin (so that floating-point near-ties
//! are not lost), then ranked by haversine metres, ties broken by id: the
//! same answer, in the same order, as a brute force over every facility.

use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::geo::{chord2, haversine_m, LatLon};
use crate::model::Facility;

/// A facility's unit vector, carrying its index in the dataset.
pub type IndexedPoint = GeomWithData<[f64; 3], u32>;

/// A facility and its great-circle distance from the query point.
#[derive(Clone, Copy, Debug)]
pub struct Hit<'a> {
    pub facility: &'a Facility,
    pub distance_m: f64,
}

/// Builds the index over facilities' unit vectors.
pub fn build_index(facilities: &[Facility]) -> RTree<IndexedPoint> {
    let points = facilities
        .iter()
        .enumerate()
        .map(|(i, f)| IndexedPoint::new(f.point.to_unit_vector(), i as u32))
        .collect();
    RTree::bulk_load(points)
}

/// The `k` facilities nearest to `point`, nearest first, ties broken by id.
pub fn nearest<'a>(
    facilities: &'a [Facility],
    tree: &RTree<IndexedPoint>,
    point: LatLon,
    k: usize,
) -> Vec<Hit<'a>> {
    if k == 0 {
        return Vec::new();
    }
    let query = point.to_unit_vector();
    let mut candidates = Vec::with_capacity(k);
    let mut cutoff = f64::INFINITY;
    for (entry, d2) in tree.nearest_neighbor_iter_with_distance_2(&query) {
        if d2 > cutoff {
            break;
        }
        candidates.push(entry.data as usize);
        if candidates.len() == k {
            cutoff = d2 * (1.0 + 1e-9) + 1e-18;
        }
    }
    debug_assert!(candidates.iter().all(|&i| chord2(query, facilities[i].point.to_unit_vector()) <= cutoff));
    rank(facilities, point, candidates, k)
}

/// The brute-force oracle: every facility ranked by haversine distance, then id.
pub fn nearest_brute_force(facilities: &[Facility], point: LatLon, k: usize) -> Vec<Hit<'_>> {
    rank(facilities, point, (0..facilities.len()).collect(), k)
}

fn rank(facilities: &[Facility], point: LatLon, candidates: Vec<usize>, k: usize) -> Vec<Hit<'_>> {
    let mut hits: Vec<Hit<'_>> = candidates
        .into_iter()
        .map(|i| Hit { facility: &facilities[i], distance_m: haversine_m(point, facilities[i].point) })
        .collect();
    hits.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m).then_with(|| a.facility.id.cmp(&b.facility.id)));
    hits.truncate(k);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{sample, Lcg};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ids(hits: &[Hit<'_>]) -> Vec<String> {
        hits.iter().map(|h| h.facility.id.clone()).collect()
    }

    #[test]
    fn matches_brute_force_on_random_queries() {
        let facilities = sample(2_000, 42);
        let tree = build_index(&facilities);
        let mut rng = Lcg(9);
        for _ in 0..200 {
            let q = LatLon::new(rng.range(-90.0, 90.0), rng.range(-180.0, 180.0)).unwrap();
            let k = 1 + (rng.next() % 25) as usize;
            assert_eq!(ids(&nearest(&facilities, &tree, q, k)), ids(&nearest_brute_force(&facilities, q, k)), "query {q} k {k}");
        }
    }

    #[test]
    fn duplicate_points_tie_break_by_id() {
        let mut facilities = sample(3, 1);
        let p = LatLon::new(30.0, 104.0).unwrap();
        for (f, id) in facilities.iter_mut().zip(["c", "a", "b"]) {
            f.point = p;
            f.id = id.into();
        }
        let tree = build_index(&facilities);
        assert_eq!(ids(&nearest(&facilities, &tree, p, 3)), ["a", "b", "c"]);
        assert_eq!(ids(&nearest(&facilities, &tree, p, 2)), ["a", "b"]);
    }

    #[test]
    fn across_the_antimeridian() {
        let mut facilities = sample(2, 1);
        facilities[0].point = LatLon::new(0.0, -179.99).unwrap(); // ~2.2 km west across the line
        facilities[1].point = LatLon::new(0.0, 179.9).unwrap(); // ~8.9 km
        let tree = build_index(&facilities);
        let hits = nearest(&facilities, &tree, LatLon::new(0.0, 179.98).unwrap(), 2);
        assert_eq!(hits[0].facility.id, facilities[0].id);
        assert!((hits[0].distance_m - 3_336.0).abs() < 2.0, "{}", hits[0].distance_m);
    }

    #[test]
    fn longitude_is_not_latitude() {
        // At 60°N a degree of longitude is half a degree of latitude: a lon/lat
        // Euclidean index would pick the northern point.
        let mut facilities = sample(2, 1);
        facilities[0].point = LatLon::new(60.0, 11.5).unwrap(); // 1.5° east: ~83 km
        facilities[1].point = LatLon::new(61.0, 10.0).unwrap(); // 1° north: ~111 km
        let tree = build_index(&facilities);
        let hits = nearest(&facilities, &tree, LatLon::new(60.0, 10.0).unwrap(), 1);
        assert_eq!(hits[0].facility.id, facilities[0].id);
    }

    #[test]
    fn empty_and_oversized_k() {
        let tree = build_index(&[]);
        assert!(nearest(&[], &tree, LatLon::new(0.0, 0.0).unwrap(), 5).is_empty());
        let facilities = sample(3, 2);
        let tree = build_index(&facilities);
        assert_eq!(nearest(&facilities, &tree, LatLon::new(0.0, 0.0).unwrap(), 10).len(), 3);
        assert!(nearest(&facilities, &tree, LatLon::new(0.0, 0.0).unwrap(), 0).is_empty());
    }
}
