//! "Which region holds this point" through an `rstar` R-tree over the
//! regions' boxes, then exact containment; and the measure of how well the
//! boundary files tile the land (points in no county, or in two).

use engine::boundaries::{Boundaries, Level, Region, SCALE};
use engine::LatLon;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

type Boxed = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Regions' boxes (in 1e-5 degrees, as the boundary files keep them) in an R-tree.
pub struct RegionIndex {
    tree: RTree<Boxed>,
}

impl RegionIndex {
    /// An index over `(key, [south, west, north, east])`, each box widened by `pad` (1e-5 degrees).
    pub fn new(boxes: impl IntoIterator<Item = (u32, [i32; 4], i32)>) -> RegionIndex {
        let items = boxes
            .into_iter()
            .map(|(key, [s, w, n, e], pad)| {
                let (lo, hi) = (
                    [f64::from(w - pad), f64::from(s - pad)],
                    [f64::from(e + pad), f64::from(n + pad)],
                );
                GeomWithData::new(Rectangle::from_corners(lo, hi), key)
            })
            .collect();
        RegionIndex { tree: RTree::bulk_load(items) }
    }

    /// The keys whose box holds `point`, smallest first.
    pub fn candidates(&self, point: LatLon) -> Vec<u32> {
        let p = [point.lon() * SCALE, point.lat() * SCALE];
        let mut keys: Vec<u32> = self
            .tree
            .locate_in_envelope_intersecting(&AABB::from_point(p))
            .map(|b| b.data)
            .collect();
        keys.sort_unstable();
        keys
    }
}

/// How the county-level regions of a boundary file cover the land.
#[derive(Debug, Default, PartialEq)]
pub struct Coverage {
    /// Random points inside some province (China's outline in the file).
    pub points: usize,
    /// Of those, in no county-level region.
    pub in_none: usize,
    /// In two or more.
    pub in_two: usize,
    /// Of `in_none` and `in_two`, those within `near_m` of their province's edge.
    pub near_edge: usize,
}

/// The regions that tile the land at the finest level: counties, and the
/// cities and provinces that have none below them (香港). A city that is its
/// own county (东莞市, 儋州市) is there as a county and counts once.
pub fn leaves(all: &Boundaries) -> Vec<&Region> {
    let mut above: std::collections::HashSet<u32> = all.regions.iter().map(|r| r.parent).collect();
    above.extend(all.regions.iter().filter(|r| r.level == Level::County).map(|r| r.adcode));
    all.regions
        .iter()
        .filter(|r| {
            !r.points.is_empty() && (r.level == Level::County || !above.contains(&r.adcode))
        })
        .collect()
}

/// Of `points` random points (seeded) inside the provinces of `all`, how
/// many fall in no county-level region or in two; `near_m` is the distance
/// from a province's edge within which a miss is the outer border's
/// simplification rather than a gap between neighbours.
pub fn coverage(all: &Boundaries, points: usize, seed: u64, near_m: f64) -> Coverage {
    let leaves = leaves(all);
    let provinces: Vec<&Region> =
        all.regions.iter().filter(|r| r.level == Level::Province && !r.points.is_empty()).collect();
    let leaf_index =
        RegionIndex::new(leaves.iter().enumerate().map(|(i, r)| (i as u32, r.bbox, 0)));
    let province_index =
        RegionIndex::new(provinces.iter().enumerate().map(|(i, r)| (i as u32, r.bbox, 0)));
    let [mut s, mut w, mut n, mut e] = [i32::MAX, i32::MAX, i32::MIN, i32::MIN];
    for p in &provinces {
        [s, w, n, e] = [s.min(p.bbox[0]), w.min(p.bbox[1]), n.max(p.bbox[2]), e.max(p.bbox[3])];
    }
    let mut state =
        seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    let mut unit = || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut out = Coverage::default();
    while out.points < points && !provinces.is_empty() {
        let lat = (f64::from(s) + unit() * f64::from(n - s)) / SCALE;
        let lon = (f64::from(w) + unit() * f64::from(e - w)) / SCALE;
        let Ok(point) = LatLon::new(lat, lon) else { continue };
        let Some(province) = province_index
            .candidates(point)
            .into_iter()
            .map(|i| provinces[i as usize])
            .find(|p| p.contains(point))
        else {
            continue;
        };
        out.points += 1;
        let holding = leaf_index
            .candidates(point)
            .into_iter()
            .filter(|&i| leaves[i as usize].contains(point))
            .count();
        if holding != 1 {
            *if holding == 0 { &mut out.in_none } else { &mut out.in_two } += 1;
            out.near_edge +=
                usize::from(crate::outline::distance_to_edge_m(province, point) <= near_m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_the_boxes_that_hold_the_point() {
        let index = RegionIndex::new([
            (1, [0, 0, 100, 100], 0),
            (2, [50, 50, 200, 200], 0),
            (3, [300, 300, 400, 400], 10),
        ]);
        let at = |lat: f64, lon: f64| LatLon::new(lat / SCALE, lon / SCALE).unwrap();
        assert_eq!(index.candidates(at(75.0, 75.0)), vec![1, 2]);
        assert_eq!(index.candidates(at(150.0, 150.0)), vec![2]);
        assert_eq!(index.candidates(at(295.0, 295.0)), vec![3], "padded");
        assert!(index.candidates(at(250.0, 250.0)).is_empty());
    }

    #[test]
    fn coverage_counts_gaps_and_overlaps() {
        // A province 0..1000 split into two counties that overlap on 400..600 and leave 900..1000 to none.
        let square = |w: f64, e: f64| {
            vec![vec![vec![
                [w / SCALE, 0.0],
                [e / SCALE, 0.0],
                [e / SCALE, 1000.0 / SCALE],
                [w / SCALE, 1000.0 / SCALE],
            ]]]
        };
        let region = |adcode, level, parent, outline: Vec<Vec<Vec<[f64; 2]>>>| {
            Region::new(adcode, level, parent, "", "", LatLon::ORIGIN, &outline)
        };
        let all = Boundaries {
            tolerance_m: 0,
            grid: 1,
            regions: vec![
                region(110000, Level::Province, 0, square(0.0, 1000.0)),
                region(110101, Level::County, 110000, square(0.0, 600.0)),
                region(110102, Level::County, 110000, square(400.0, 900.0)),
            ],
        };
        let c = coverage(&all, 20_000, 1, 0.0);
        assert_eq!(c.points, 20_000);
        let share = |n: usize| n as f64 / c.points as f64;
        assert!(
            (share(c.in_two) - 0.2).abs() < 0.02 && (share(c.in_none) - 0.1).abs() < 0.02,
            "{c:?}"
        );
        // Within 120 m (about 0.1 of the square's side) of the province's edge: the strip 900..1000 and the overlap's ends.
        assert!(coverage(&all, 20_000, 1, 120.0).near_edge > c.in_none, "{c:?}");
    }

    #[test]
    fn the_bundled_counties_tile_the_land_without_gaps_or_overlaps() {
        // Each shared border simplified once (crate::topology): before, 100,000 points found
        // 37 in no county and 36 in two at the medium files' 250 m, 1 and 1 at the detail's 30 m.
        for level in ["medium", "detail"] {
            let all =
                crate::boundaries::read_level(&crate::boundaries::bundled_dir(), level).unwrap();
            let c = coverage(&all, 20_000, 7, f64::from(all.tolerance_m));
            assert_eq!((c.points, c.in_none, c.in_two), (20_000, 0, 0), "{level}: {c:?}");
        }
    }
}
