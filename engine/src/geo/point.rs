//! WGS-84 points and great-circle distance on the sphere.
//!
//! Distances use the mean Earth radius (IUGG, 6 371 008.8 m). For nearest
//! queries points are also mapped to unit vectors: the straight-line (chord)
//! distance between two unit vectors grows strictly with the angle between
//! them, so ranking by chord is ranking by great-circle distance, everywhere
//! on the globe, poles and antimeridian included.

use std::fmt;

/// Mean Earth radius in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A WGS-84 latitude/longitude in degrees. Always finite and in range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    lat: f64,
    lon: f64,
}

/// Why a coordinate pair was refused.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum CoordError {
    /// The latitude given.
    #[error("latitude {0} is outside -90..=90")]
    Latitude(f64),
    /// The longitude given.
    #[error("longitude {0} is outside -180..=180")]
    Longitude(f64),
}

impl LatLon {
    /// 0°, 0°.
    pub const ORIGIN: LatLon = LatLon { lat: 0.0, lon: 0.0 };

    /// A checked point: rejects NaN, infinities and out-of-range values.
    pub fn new(lat: f64, lon: f64) -> Result<Self, CoordError> {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(CoordError::Latitude(lat));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(CoordError::Longitude(lon));
        }
        Ok(Self { lat, lon })
    }

    /// Latitude, degrees north.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Longitude, degrees east.
    pub fn lon(self) -> f64 {
        self.lon
    }

    /// The point as a dataset file stores it: each coordinate to 1e-7°
    /// (about 1 cm, [`to_e7`]). The builder orders facilities by these, so
    /// the index a file decodes to is in order exactly.
    pub fn as_stored(self) -> LatLon {
        LatLon { lat: from_e7(to_e7(self.lat)), lon: from_e7(to_e7(self.lon)) }
    }

    /// The point as a unit vector in Earth-centred coordinates.
    pub fn to_unit_vector(self) -> [f64; 3] {
        let (sin_lat, cos_lat) = self.lat.to_radians().sin_cos();
        let (sin_lon, cos_lon) = self.lon.to_radians().sin_cos();
        [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
    }
}

impl fmt::Display for LatLon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.6},{:.6}", self.lat, self.lon)
    }
}

/// Degrees as the dataset file stores them: a whole number of 1e-7°.
pub fn to_e7(degrees: f64) -> i32 {
    (degrees * 1e7).round() as i32
}

/// Degrees from the dataset file's whole number of 1e-7°.
pub fn from_e7(value: i32) -> f64 {
    value as f64 / 1e7
}

/// Great-circle distance in metres by the haversine formula.
pub fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    let d_lat = (b.lat - a.lat).to_radians();
    let d_lon = (b.lon - a.lon).to_radians();
    let h = (d_lat / 2.0).sin().powi(2)
        + a.lat.to_radians().cos() * b.lat.to_radians().cos() * (d_lon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Squared chord length between two unit vectors (monotonic in great-circle distance).
pub fn chord2(a: [f64; 3], b: [f64; 3]) -> f64 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn rejects_out_of_range_and_nan() {
        assert_eq!(LatLon::new(91.0, 0.0), Err(CoordError::Latitude(91.0)));
        assert_eq!(LatLon::new(0.0, -180.5), Err(CoordError::Longitude(-180.5)));
        assert!(LatLon::new(f64::NAN, 0.0).is_err());
        assert!(LatLon::new(0.0, f64::INFINITY).is_err());
    }

    #[test]
    fn chengdu_to_chongqing_matches_law_of_cosines() {
        // Tianfu Square to Jiefangbei; expected value from the spherical law of cosines.
        let chengdu = LatLon::new(30.6570, 104.0660).unwrap();
        let chongqing = LatLon::new(29.5570, 106.5770).unwrap();
        let d = haversine_m(chengdu, chongqing);
        assert!((d - 270_735.503).abs() < 0.01, "got {d}");
    }

    #[test]
    fn antimeridian_and_poles() {
        let east = LatLon::new(0.0, 179.9).unwrap();
        let west = LatLon::new(0.0, -179.9).unwrap();
        assert!((haversine_m(east, west) - 22_239.0).abs() < 5.0);
        let north = LatLon::new(90.0, 0.0).unwrap();
        let north_other = LatLon::new(90.0, 123.0).unwrap();
        assert!(haversine_m(north, north_other) < 1e-6);
    }

    #[test]
    fn chord_order_matches_haversine_order() {
        let origin = LatLon::new(30.0, 104.0).unwrap();
        let near = LatLon::new(30.0, 104.9).unwrap(); // ~86.6 km east
        let far = LatLon::new(30.9, 104.0).unwrap(); // ~100 km north
        assert!(haversine_m(origin, near) < haversine_m(origin, far));
        let o = origin.to_unit_vector();
        assert!(chord2(o, near.to_unit_vector()) < chord2(o, far.to_unit_vector()));
    }
}
