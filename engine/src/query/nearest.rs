//! Exact nearest, radius and viewport queries on the sphere.
//!
//! The index holds unit vectors, so its chord ordering is the great-circle
//! ordering. Candidates are gathered in chord order until the k-th distance is
//! passed by a small margin (so floating-point near-ties are not lost), then
//! ranked by haversine metres, ties broken by id: the same answer, in the same
//! order, as a brute force over every facility.

use crate::data::columns::{Columns, FacilityRef};
use crate::geo::bbox::LatLonBox;
use crate::geo::point::{haversine_m, LatLon, EARTH_RADIUS_M};
use crate::index::kdtree::{with_margin, KdTree};
use crate::index::mask::MaskTest;
use crate::sorting::sort_by;

/// A facility and its great-circle distance from the query point.
#[derive(Clone, Copy, Debug)]
pub struct Hit<'a> {
    /// The facility.
    pub facility: FacilityRef<'a>,
    /// Its great-circle distance in metres.
    pub distance_m: f64,
}

/// The `k` matching facilities nearest to `point`, nearest first, ties by id.
///
/// `test` is the filter's mask test; `accept` decides what masks cannot
/// (region, hours, membership of one network).
pub fn nearest<'a>(
    columns: &'a Columns,
    tree: &KdTree,
    point: LatLon,
    k: usize,
    test: MaskTest,
    accept: &dyn Fn(usize) -> bool,
) -> Vec<Hit<'a>> {
    if k == 0 {
        return Vec::new();
    }
    let found = tree.nearest_k(point.to_unit_vector(), test, accept, k, f64::INFINITY);
    rank(columns, point, found.into_iter().map(|(slot, _)| slot).collect(), k)
}

/// Matching facilities within `radius_m` of `point`, nearest first, ties by id.
pub fn within_radius<'a>(
    columns: &'a Columns,
    tree: &KdTree,
    point: LatLon,
    radius_m: f64,
    test: MaskTest,
    accept: &dyn Fn(usize) -> bool,
) -> Vec<Hit<'a>> {
    if radius_m.is_nan() || radius_m < 0.0 {
        return Vec::new();
    }
    // Chord of the radius: 2 sin(θ/2); beyond half the globe every point is in.
    let half_angle = (radius_m / EARTH_RADIUS_M / 2.0).min(std::f64::consts::FRAC_PI_2);
    let cutoff = with_margin((2.0 * half_angle.sin()).powi(2));
    let candidates: Vec<usize> = tree
        .nearest_k(point.to_unit_vector(), test, accept, usize::MAX, cutoff)
        .into_iter()
        .map(|(slot, _)| slot)
        .collect();
    let mut hits = rank(columns, point, candidates, usize::MAX);
    hits.retain(|h| h.distance_m <= radius_m);
    hits
}

/// Matching facilities inside a viewport, ordered by id.
pub fn within_box<'a>(
    columns: &'a Columns,
    tree: &KdTree,
    area: LatLonBox,
    test: MaskTest,
    accept: &dyn Fn(usize) -> bool,
) -> Vec<FacilityRef<'a>> {
    let mut out = Vec::new();
    for region in area.bounds() {
        tree.within(&region, test, &mut |slot| {
            if area.contains(columns.point(slot)) && accept(slot) {
                out.push(slot);
            }
        });
    }
    sort_by(&mut out, |&a, &b| columns.id(a).cmp(columns.id(b)).then(a.cmp(&b)));
    out.dedup();
    out.into_iter().map(|slot| FacilityRef::new(columns, slot)).collect()
}

/// Ranks candidate slots by haversine distance, then id.
fn rank(columns: &Columns, point: LatLon, candidates: Vec<usize>, k: usize) -> Vec<Hit<'_>> {
    let mut hits: Vec<Hit<'_>> = candidates
        .into_iter()
        .map(|slot| Hit {
            facility: FacilityRef::new(columns, slot),
            distance_m: haversine_m(point, columns.point(slot)),
        })
        .collect();
    sort_by(&mut hits, |a, b| {
        a.distance_m.total_cmp(&b.distance_m).then_with(|| a.facility.id().cmp(b.facility.id()))
    });
    hits.truncate(k);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::Facility;
    use crate::query::dataset::Dataset;
    use crate::query::filter::Filter;
    use crate::testing::oracle::nearest_brute_force;
    use crate::testing::synthetic::{random_filter, sample, Lcg};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ids(hits: &[Hit<'_>]) -> Vec<String> {
        hits.iter().map(|h| h.facility.id().to_string()).collect()
    }

    fn oracle_ids(hits: &[(&Facility, f64)]) -> Vec<String> {
        hits.iter().map(|(f, _)| f.id.clone()).collect()
    }

    fn random_point(rng: &mut Lcg) -> LatLon {
        LatLon::new(rng.range(-90.0, 90.0), rng.range(-180.0, 180.0)).unwrap()
    }

    /// Synthetic facilities with duplicates and points on the poles and the antimeridian.
    fn awkward_sample(n: usize, seed: u64) -> Vec<Facility> {
        let mut facilities = sample(n, seed);
        let special = [
            (90.0, 0.0),
            (-90.0, 45.0),
            (0.0, 180.0),
            (0.0, -180.0),
            (10.0, 179.999),
            (10.0, -179.999),
        ];
        for (i, (lat, lon)) in special.iter().enumerate() {
            facilities[i * 3].point = LatLon::new(*lat, *lon).unwrap();
        }
        for i in 0..n / 10 {
            facilities[n - 1 - i].point = facilities[i].point; // duplicate points
        }
        facilities
    }

    #[test]
    fn nearest_matches_brute_force_with_random_filters() {
        let facilities = awkward_sample(3_000, 42);
        let dataset = Dataset::from_facilities(facilities.clone());
        let mut rng = Lcg(9);
        for _ in 0..400 {
            let q = random_point(&mut rng);
            let k = 1 + (rng.next_u64() % 30) as usize;
            let filter = if rng.next_u64().is_multiple_of(4) {
                Filter::all()
            } else {
                random_filter(&mut rng)
            };
            assert_eq!(
                ids(&dataset.nearest(q, k, &filter)),
                oracle_ids(&nearest_brute_force(&facilities, q, k, &filter)),
                "query {q} k {k} {filter:?}"
            );
        }
    }

    #[test]
    fn radius_matches_brute_force() {
        let facilities = awkward_sample(2_000, 43);
        let dataset = Dataset::from_facilities(facilities.clone());
        let mut rng = Lcg(10);
        for _ in 0..200 {
            let q = random_point(&mut rng);
            let radius_m =
                [0.0, 1_000.0, 250_000.0, 2_000_000.0, 30_000_000.0][(rng.next_u64() % 5) as usize];
            let filter = random_filter(&mut rng);
            let mut expected = nearest_brute_force(&facilities, q, usize::MAX, &filter);
            expected.retain(|(_, d)| *d <= radius_m);
            assert_eq!(
                ids(&dataset.within_radius(q, radius_m, &filter)),
                oracle_ids(&expected),
                "{q} r {radius_m}"
            );
        }
    }

    #[test]
    fn box_matches_brute_force_including_antimeridian() {
        let facilities = awkward_sample(2_000, 44);
        let dataset = Dataset::from_facilities(facilities.clone());
        let mut rng = Lcg(11);
        for i in 0..200u32 {
            let (a, b) = (rng.range(-90.0, 90.0), rng.range(-90.0, 90.0));
            let (west, east) = (rng.range(-180.0, 180.0), rng.range(-180.0, 180.0));
            // Every other box crosses the antimeridian (west > east).
            let (west, east) = if i.is_multiple_of(2) {
                (west.min(east), west.max(east))
            } else {
                (west.max(east), west.min(east))
            };
            let area = LatLonBox { south: a.min(b), north: a.max(b), west, east };
            let filter = random_filter(&mut rng);
            let mut expected: Vec<&str> = facilities
                .iter()
                .filter(|f| filter.matches(f) && area.contains(f.point))
                .map(|f| f.id.as_str())
                .collect();
            expected.sort_unstable();
            let found = dataset.within_box(area, &filter);
            let got: Vec<&str> = found.iter().map(|f| f.id()).collect();
            assert_eq!(got, expected, "{area:?}");
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
        let dataset = Dataset::from_facilities(facilities);
        assert_eq!(ids(&dataset.nearest(p, 3, &Filter::all())), ["a", "b", "c"]);
        assert_eq!(ids(&dataset.nearest(p, 2, &Filter::all())), ["a", "b"]);
    }

    #[test]
    fn across_the_antimeridian() {
        let mut facilities = sample(2, 1);
        facilities[0].point = LatLon::new(0.0, -179.99).unwrap(); // ~3.3 km east, across the line
        facilities[1].point = LatLon::new(0.0, 179.9).unwrap(); // ~8.9 km west
        let dataset = Dataset::from_facilities(facilities.clone());
        let hits = dataset.nearest(LatLon::new(0.0, 179.98).unwrap(), 2, &Filter::all());
        assert_eq!(hits[0].facility.id(), facilities[0].id);
        assert!((hits[0].distance_m - 3_335.8).abs() < 1.0, "{}", hits[0].distance_m);
    }

    #[test]
    fn longitude_is_not_latitude() {
        // At 60°N a degree of longitude is half a degree of latitude: a lon/lat
        // Euclidean index would pick the northern point.
        let mut facilities = sample(2, 1);
        facilities[0].point = LatLon::new(60.0, 11.5).unwrap(); // 1.5° east: ~83 km
        facilities[1].point = LatLon::new(61.0, 10.0).unwrap(); // 1° north: ~111 km
        let dataset = Dataset::from_facilities(facilities.clone());
        let hits = dataset.nearest(LatLon::new(60.0, 10.0).unwrap(), 1, &Filter::all());
        assert_eq!(hits[0].facility.id(), facilities[0].id);
    }

    #[test]
    fn empty_results_and_oversized_k() {
        let empty = Dataset::from_facilities(vec![]);
        let origin = LatLon::new(0.0, 0.0).unwrap();
        assert!(empty.nearest(origin, 5, &Filter::all()).is_empty());
        assert!(empty.within_radius(origin, 1e7, &Filter::all()).is_empty());
        let dataset = Dataset::from_facilities(sample(3, 2));
        assert_eq!(dataset.nearest(origin, 10, &Filter::all()).len(), 3);
        assert!(dataset.nearest(origin, 0, &Filter::all()).is_empty());
        assert!(dataset.within_radius(origin, -1.0, &Filter::all()).is_empty());
        assert!(dataset.within_radius(origin, f64::NAN, &Filter::all()).is_empty());
    }
}
