//! Web Mercator, the projection of slippy maps, as fractions of the world:
//! x and y in [0, 1), y growing southward.

use crate::geo::bbox::LatLonBox;
use crate::geo::point::LatLon;

/// Web Mercator x, y in [0, 1) for a point (y grows southward), clamped at ±85.05°.
pub fn mercator(p: LatLon) -> (f64, f64) {
    let x = (p.lon() + 180.0) / 360.0;
    let sin = p.lat().to_radians().sin().clamp(-0.9999, 0.9999);
    let y = 0.5 - ((1.0 + sin) / (1.0 - sin)).ln() / (4.0 * std::f64::consts::PI);
    (x.clamp(0.0, 1.0 - 1e-12), y.clamp(0.0, 1.0 - 1e-12))
}

/// A viewport as Web Mercator rectangles `(x0, y0, x1, y1)`, north-west
/// corner first, split in two where it crosses the antimeridian. A part
/// whose corners are not points (NaN, beyond ±90° or ±180°) is left out: it
/// has no area to show, and read as 0°, 0° it showed the Gulf of Guinea.
pub fn mercator_rects(area: LatLonBox) -> Vec<(f64, f64, f64, f64)> {
    let halves = if area.west <= area.east {
        vec![(area.west, area.east)]
    } else {
        vec![(area.west, 180.0), (-180.0, area.east)]
    };
    halves
        .into_iter()
        .filter_map(|(west, east)| {
            let north_west = LatLon::new(area.north, west).ok()?;
            let south_east = LatLon::new(area.south, east).ok()?;
            let ((x0, y0), (x1, y1)) = (mercator(north_west), mercator(south_east));
            Some((x0, y0, x1, y1))
        })
        .collect()
}

/// Latitude, longitude of Web Mercator x, y.
pub fn inverse_mercator(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    (lat, lon)
}
