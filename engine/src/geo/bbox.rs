//! Boxes: a latitude/longitude rectangle (a map viewport, a shard's extent)
//! and the axis-aligned boxes in unit-vector space that the spatial index
//! prunes with.

use crate::geo::point::LatLon;

/// A latitude/longitude rectangle, as a map viewport. `west > east` means it
/// crosses the antimeridian.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLonBox {
    /// Southern edge, degrees.
    pub south: f64,
    /// Western edge, degrees.
    pub west: f64,
    /// Northern edge, degrees.
    pub north: f64,
    /// Eastern edge, degrees.
    pub east: f64,
}

impl LatLonBox {
    /// The whole globe.
    pub const WORLD: LatLonBox = LatLonBox { south: -90.0, west: -180.0, north: 90.0, east: 180.0 };

    /// Whether the point is inside or on the edge.
    pub fn contains(&self, p: LatLon) -> bool {
        let in_lon = if self.west <= self.east {
            self.west <= p.lon() && p.lon() <= self.east
        } else {
            p.lon() >= self.west || p.lon() <= self.east
        };
        self.south <= p.lat() && p.lat() <= self.north && in_lon
    }

    /// Boxes in unit-vector space that together hold the whole rectangle.
    pub(crate) fn bounds(&self) -> Vec<Box3> {
        if self.west <= self.east {
            vec![bounds_of(self.south, self.north, self.west, self.east)]
        } else {
            vec![
                bounds_of(self.south, self.north, self.west, 180.0),
                bounds_of(self.south, self.north, -180.0, self.east),
            ]
        }
    }
}

/// A conservative unit-vector box around `[lat1, lat2] × [lon1, lon2]` (lon1 ≤ lon2).
fn bounds_of(lat1: f64, lat2: f64, lon1: f64, lon2: f64) -> Box3 {
    let range = |values: &[f64]| {
        values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)))
    };
    let in_lon = |deg: f64| lon1 <= deg && deg <= lon2;
    let (c_min, mut c_max) = range(&[lat1.to_radians().cos(), lat2.to_radians().cos()]);
    if lat1 <= 0.0 && 0.0 <= lat2 {
        c_max = 1.0;
    }
    let mut cos_lon = vec![lon1.to_radians().cos(), lon2.to_radians().cos()];
    let mut sin_lon = vec![lon1.to_radians().sin(), lon2.to_radians().sin()];
    if in_lon(0.0) {
        cos_lon.push(1.0);
    }
    if in_lon(-180.0) || in_lon(180.0) {
        cos_lon.push(-1.0);
    }
    if in_lon(90.0) {
        sin_lon.push(1.0);
    }
    if in_lon(-90.0) {
        sin_lon.push(-1.0);
    }
    let product =
        |(a_lo, a_hi): (f64, f64)| range(&[c_min * a_lo, c_min * a_hi, c_max * a_lo, c_max * a_hi]);
    let (x, y) = (product(range(&cos_lon)), product(range(&sin_lon)));
    let z = (lat1.to_radians().sin(), lat2.to_radians().sin());
    const PAD: f64 = 1e-12;
    Box3 { min: [x.0 - PAD, y.0 - PAD, z.0 - PAD], max: [x.1 + PAD, y.1 + PAD, z.1 + PAD] }
}

/// An axis-aligned box in unit-vector space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Box3 {
    pub min: [f64; 3],
    pub max: [f64; 3],
}

impl Box3 {
    pub(crate) fn of(points: &[[f64; 3]]) -> Self {
        let mut b = Box3 { min: [f64::INFINITY; 3], max: [f64::NEG_INFINITY; 3] };
        for p in points {
            for (a, &v) in p.iter().enumerate() {
                b.min[a] = b.min[a].min(v);
                b.max[a] = b.max[a].max(v);
            }
        }
        b
    }

    /// Squared distance from `q` to the nearest point of the box (0 inside).
    pub(crate) fn dist2(&self, q: [f64; 3]) -> f64 {
        // Plain comparisons, not `f64::max`: in wasm that is a call to `fmax`
        // (NaN rules), and this runs for every node a search visits.
        let mut sum = 0.0;
        for ((&v, &lo), &hi) in q.iter().zip(&self.min).zip(&self.max) {
            let d = if v < lo {
                lo - v
            } else if v > hi {
                v - hi
            } else {
                0.0
            };
            sum += d * d;
        }
        sum
    }

    pub fn intersects(&self, other: &Box3) -> bool {
        (0..3).all(|a| self.min[a] <= other.max[a] && other.min[a] <= self.max[a])
    }

    pub fn contains(&self, p: [f64; 3]) -> bool {
        (0..3).all(|a| self.min[a] <= p[a] && p[a] <= self.max[a])
    }

    pub(crate) fn split(&self, axis: usize, at: f64) -> (Box3, Box3) {
        let (mut left, mut right) = (*self, *self);
        left.max[axis] = at;
        right.min[axis] = at;
        (left, right)
    }
}
