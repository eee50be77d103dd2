//! China's three map coordinate systems.
//!
//! - **WGS-84**: GPS, OpenStreetMap, and everything Xunzhen stores.
//! - **GCJ-02** ("Mars coordinates"): the obfuscated system that Amap,
//!   Tencent and Apple Maps in China use; offset from WGS-84 by a few hundred
//!   metres inside China and not at all outside it.
//! - **BD-09**: Baidu's further offset of GCJ-02.
//!
//! The forward transform is the published GCJ-02 formula; the inverse has
//! no closed form and is found by fixed-point iteration to well under a
//! centimetre. Data imported from Amap-derived sources (a spreadsheet a
//! commission exported from a web map, the cnmaps boundaries) is converted to
//! WGS-84 with these; the app converts back when it links to a Chinese map.

use std::f64::consts::PI;

use crate::geo::point::LatLon;

/// A coordinate system a point can be given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CoordSystem {
    /// WGS-84, what GPS gives (and CGCS2000, within centimetres).
    Wgs84,
    /// GCJ-02, the offset system of Amap and Tencent maps.
    Gcj02,
    /// BD-09, Baidu's further offset of GCJ-02.
    Bd09,
}

impl CoordSystem {
    /// Every system.
    pub const ALL: [CoordSystem; 3] = [CoordSystem::Wgs84, CoordSystem::Gcj02, CoordSystem::Bd09];

    /// Its code: `wgs84`, `gcj02` or `bd09`.
    pub fn code(self) -> &'static str {
        match self {
            CoordSystem::Wgs84 => "wgs84",
            CoordSystem::Gcj02 => "gcj02",
            CoordSystem::Bd09 => "bd09",
        }
    }

    /// Looks a system up by its code.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_lowercase().replace(['-', '_'], "");
        Self::ALL.into_iter().find(|c| c.code() == text)
    }

    /// `point`, given in this system, in WGS-84.
    pub fn to_wgs84(self, point: LatLon) -> LatLon {
        match self {
            CoordSystem::Wgs84 => point,
            CoordSystem::Gcj02 => gcj02_to_wgs84(point),
            CoordSystem::Bd09 => gcj02_to_wgs84(bd09_to_gcj02(point)),
        }
    }

    /// A WGS-84 `point` in this system.
    pub fn from_wgs84(self, point: LatLon) -> LatLon {
        match self {
            CoordSystem::Wgs84 => point,
            CoordSystem::Gcj02 => wgs84_to_gcj02(point),
            CoordSystem::Bd09 => gcj02_to_bd09(wgs84_to_gcj02(point)),
        }
    }
}

/// Krasovsky 1940 ellipsoid, which the GCJ-02 formula uses.
const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

/// The rough rectangle in which GCJ-02 applies an offset.
pub fn in_china_rect(point: LatLon) -> bool {
    (72.004..=137.8347).contains(&point.lon()) && (0.8293..=55.8271).contains(&point.lat())
}

fn offset_lat(x: f64, y: f64) -> f64 {
    let mut d = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    d += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    d += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    d += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    d
}

fn offset_lon(x: f64, y: f64) -> f64 {
    let mut d = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    d += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    d += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    d += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    d
}

/// The GCJ-02 offset (Δlat, Δlon) in degrees at a WGS-84 point; zero outside China.
pub fn gcj02_offset(point: LatLon) -> (f64, f64) {
    if !in_china_rect(point) {
        return (0.0, 0.0);
    }
    let (lat, lon) = (point.lat(), point.lon());
    let rad = lat.to_radians();
    let magic = 1.0 - EE * rad.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    let d_lat = offset_lat(lon - 105.0, lat - 35.0) * 180.0
        / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = offset_lon(lon - 105.0, lat - 35.0) * 180.0 / (A / sqrt_magic * rad.cos() * PI);
    (d_lat, d_lon)
}

/// Builds a point, clamping what rounding may push a hair past the range.
fn point(lat: f64, lon: f64) -> LatLon {
    LatLon::new(lat.clamp(-90.0, 90.0), lon.clamp(-180.0, 180.0)).unwrap_or(LatLon::ORIGIN)
}

/// WGS-84 to GCJ-02 (outside China, unchanged).
pub fn wgs84_to_gcj02(p: LatLon) -> LatLon {
    let (d_lat, d_lon) = gcj02_offset(p);
    point(p.lat() + d_lat, p.lon() + d_lon)
}

/// The WGS-84 point whose GCJ-02 image is `p`, to about 1e-10°.
pub fn gcj02_to_wgs84(p: LatLon) -> LatLon {
    invert(p, p, wgs84_to_gcj02)
}

const X_PI: f64 = PI * 3000.0 / 180.0;

/// GCJ-02 to BD-09.
pub fn gcj02_to_bd09(p: LatLon) -> LatLon {
    let (x, y) = (p.lon(), p.lat());
    let z = (x * x + y * y).sqrt() + 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) + 0.000003 * (x * X_PI).cos();
    point(z * theta.sin() + 0.006, z * theta.cos() + 0.0065)
}

/// The GCJ-02 point whose BD-09 image is `p`: Baidu's published inverse,
/// refined by fixed-point iteration (the closed form alone is off by ~2 cm).
pub fn bd09_to_gcj02(p: LatLon) -> LatLon {
    let (x, y) = (p.lon() - 0.0065, p.lat() - 0.006);
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * X_PI).cos();
    invert(point(z * theta.sin(), z * theta.cos()), p, gcj02_to_bd09)
}

/// Refines `guess` until `forward(guess)` is `target`, to about 1e-10°.
fn invert(mut guess: LatLon, target: LatLon, forward: fn(LatLon) -> LatLon) -> LatLon {
    for _ in 0..30 {
        let image = forward(guess);
        let (e_lat, e_lon) = (image.lat() - target.lat(), image.lon() - target.lon());
        if e_lat.abs() < 1e-10 && e_lon.abs() < 1e-10 {
            break;
        }
        guess = point(guess.lat() - e_lat, guess.lon() - e_lon);
    }
    guess
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::point::haversine_m;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).unwrap()
    }

    #[test]
    fn forward_matches_published_reference_points() {
        // Reference pairs (WGS-84 → GCJ-02) from the eviltransform test suite.
        for (wgs, gcj) in [
            (p(31.1774276, 121.5272106), p(31.17530398364597, 121.531541859215)),
            (p(22.543847, 113.912316), p(22.540796131694766, 113.9171764808363)),
            (p(39.911954, 116.377817), p(39.91334545536069, 116.38404722455657)),
        ] {
            let got = wgs84_to_gcj02(wgs);
            assert!(haversine_m(got, gcj) < 0.01, "{wgs:?} → {got:?}, expected {gcj:?}");
        }
    }

    #[test]
    fn inverse_round_trips_to_millimetres_across_china() {
        for i in 0..200 {
            let lat = 18.0 + (i as f64 * 0.173) % 35.0;
            let lon = 74.0 + (i as f64 * 0.311) % 60.0;
            let wgs = p(lat, lon);
            for system in CoordSystem::ALL {
                let back = system.to_wgs84(system.from_wgs84(wgs));
                assert!(haversine_m(back, wgs) < 0.005, "{system:?} at {wgs:?}: {back:?}");
            }
            // The offset is real inside China: between 1 m and 1 km.
            let shift = haversine_m(wgs84_to_gcj02(wgs), wgs);
            assert!((1.0..1_000.0).contains(&shift), "{wgs:?} shifted {shift} m");
        }
    }

    #[test]
    fn no_offset_outside_china() {
        let london = p(51.5, -0.12);
        assert_eq!(wgs84_to_gcj02(london), london);
        assert_eq!(gcj02_to_wgs84(london), london);
    }

    #[test]
    fn baidu_is_a_further_offset() {
        // 天府广场 (approximate): BD-09 sits a further ~0.006° from GCJ-02, and converts back.
        let gcj = p(30.6573, 104.0659);
        let bd = gcj02_to_bd09(gcj);
        assert!(
            (bd.lat() - gcj.lat() - 0.006).abs() < 0.001
                && (bd.lon() - gcj.lon() - 0.0065).abs() < 0.001,
            "{bd:?}"
        );
        assert!(haversine_m(bd09_to_gcj02(bd), gcj) < 0.5);
    }

    #[test]
    fn parses_codes_loosely() {
        assert_eq!(CoordSystem::parse("GCJ-02"), Some(CoordSystem::Gcj02));
        assert_eq!(CoordSystem::parse("bd09"), Some(CoordSystem::Bd09));
        assert_eq!(CoordSystem::parse("WGS84"), Some(CoordSystem::Wgs84));
        assert_eq!(CoordSystem::parse("mercator"), None);
    }
}
