//! Distances to a region's outline through `geo`, in local metres around
//! the point (the engine's flat approximation, good to a fraction of a
//! percent at the scale of a county).

use engine::boundaries::{Region, SCALE};
use engine::LatLon;
use geo::{Distance, Euclidean, LineString, Point};

/// Metres per 1e-5 degree of latitude, on the engine's mean Earth radius.
const M_PER_UNIT: f64 = engine::EARTH_RADIUS_M * std::f64::consts::PI / 180.0 / SCALE;

/// How far `point` is from the nearest edge of `region`'s outline, in metres.
pub fn distance_to_edge_m(region: &Region, point: LatLon) -> f64 {
    let kx = point.lat().to_radians().cos() * M_PER_UNIT;
    let (px, py) = (point.lon() * SCALE, point.lat() * SCALE);
    let local = |&[x, y]: &[i32; 2]| ((f64::from(x) - px) * kx, (f64::from(y) - py) * M_PER_UNIT);
    let origin = Point::new(0.0, 0.0);
    (0..region.rings.len())
        .map(|r| {
            let ring = region.ring(r);
            let line: LineString<f64> = ring.iter().chain(ring.first()).map(local).collect();
            Euclidean.distance(&origin, &line)
        })
        .fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distance_is_the_engines_own() {
        let places =
            crate::boundaries::read_level(&crate::boundaries::bundled_dir(), "detail").unwrap();
        let dazu = places.regions.iter().find(|r| r.adcode == 500111).unwrap();
        for (lat, lon) in [(29.7097, 105.7181), (29.5, 105.5), (30.6598, 104.0633), (29.7, 106.2)] {
            let p = LatLon::new(lat, lon).unwrap();
            let (ours, engines) = (distance_to_edge_m(dazu, p), dazu.distance_to_edge_m(p));
            assert!(
                (ours - engines).abs() < 1e-6 * engines.max(1.0),
                "{p:?}: {ours} against {engines}"
            );
            assert!(ours > 100.0, "{p:?}: {ours}");
        }
    }
}
