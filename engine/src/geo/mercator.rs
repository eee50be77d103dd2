//! Web Mercator, the projection of slippy maps, as fractions of the world:
//! x and y in [0, 1), y growing southward.

use crate::geo::point::LatLon;

/// Web Mercator x, y in [0, 1) for a point (y grows southward), clamped at ±85.05°.
pub fn mercator(p: LatLon) -> (f64, f64) {
    let x = (p.lon() + 180.0) / 360.0;
    let sin = p.lat().to_radians().sin().clamp(-0.9999, 0.9999);
    let y = 0.5 - ((1.0 + sin) / (1.0 - sin)).ln() / (4.0 * std::f64::consts::PI);
    (x.clamp(0.0, 1.0 - 1e-12), y.clamp(0.0, 1.0 - 1e-12))
}

/// Latitude, longitude of Web Mercator x, y.
pub fn inverse_mercator(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    (lat, lon)
}
