//! The map's camera: where a Web Mercator slippy map is looking, and how
//! screen pixels and WGS-84 points convert. Pure arithmetic, so the app's
//! canvas renderer and pointer handling share one tested definition of pan,
//! zoom around a pointer, fit to a box, the visible box and the tiles to draw.

use crate::geo::bbox::LatLonBox;
use crate::geo::mercator::{inverse_mercator, mercator};
use crate::geo::point::LatLon;

/// Pixels per tile edge at zoom 0 (the OpenStreetMap convention).
pub const TILE_PX: f64 = 256.0;
/// The zooms a map may take.
pub const MIN_ZOOM: f64 = 3.0;
/// The deepest zoom a map may take.
pub const MAX_ZOOM: f64 = 18.0;

/// A view: its centre, zoom (fractional) and size in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// Web Mercator x, y of the centre, each in [0, 1) (y grows southward).
    pub center: (f64, f64),
    /// Zoom level, fractional.
    pub zoom: f64,
    /// Width in CSS pixels.
    pub width: f64,
    /// Height in CSS pixels.
    pub height: f64,
}

impl Camera {
    /// A camera looking at `center` (clamped to the map) at `zoom` (clamped to the zooms a map may take).
    pub fn new(center: LatLon, zoom: f64, width: f64, height: f64) -> Camera {
        let mut camera = Camera {
            center: mercator(center),
            zoom: clamp_zoom(zoom),
            width: width.max(1.0),
            height: height.max(1.0),
        };
        camera.clamp_center();
        camera
    }

    /// The whole world's width in pixels at this zoom.
    pub fn world_px(&self) -> f64 {
        TILE_PX * self.zoom.exp2()
    }

    /// The centre as a point.
    pub fn center_latlon(&self) -> LatLon {
        let (lat, lon) = inverse_mercator(self.center.0, self.center.1);
        LatLon::new(lat, lon).unwrap_or(LatLon::ORIGIN)
    }

    /// Screen pixels (from the top left) of a point; x may fall outside the
    /// screen, and is taken on the copy of the world nearest the centre.
    pub fn to_screen(&self, p: LatLon) -> (f64, f64) {
        let (x, y) = mercator(p);
        let mut dx = x - self.center.0;
        dx -= dx.round();
        (
            self.width / 2.0 + dx * self.world_px(),
            self.height / 2.0 + (y - self.center.1) * self.world_px(),
        )
    }

    /// The point under a screen pixel.
    pub fn to_latlon(&self, sx: f64, sy: f64) -> LatLon {
        let (x, y) = self.screen_to_world(sx, sy);
        let (lat, lon) = inverse_mercator(x.rem_euclid(1.0), y.clamp(0.0, 1.0));
        LatLon::new(lat, lon.clamp(-180.0, 180.0)).unwrap_or(LatLon::ORIGIN)
    }

    fn screen_to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        let w = self.world_px();
        (self.center.0 + (sx - self.width / 2.0) / w, self.center.1 + (sy - self.height / 2.0) / w)
    }

    /// Moves the view so the map follows a drag of (dx, dy) pixels.
    pub fn pan_by(&mut self, dx: f64, dy: f64) {
        let w = self.world_px();
        self.center = ((self.center.0 - dx / w).rem_euclid(1.0), self.center.1 - dy / w);
        self.clamp_center();
    }

    /// Zooms to `zoom`, keeping the point under screen pixel (sx, sy) where
    /// it is: the wheel, pinch and double-tap zoom.
    pub fn zoom_around(&mut self, sx: f64, sy: f64, zoom: f64) {
        let (wx, wy) = self.screen_to_world(sx, sy);
        self.zoom = clamp_zoom(zoom);
        let w = self.world_px();
        self.center =
            ((wx - (sx - self.width / 2.0) / w).rem_euclid(1.0), wy - (sy - self.height / 2.0) / w);
        self.clamp_center();
    }

    /// The view that shows `bbox` whole with `padding` pixels to spare, as
    /// close as the zoom limits allow.
    pub fn fit(bbox: &LatLonBox, width: f64, height: f64, padding: f64) -> Camera {
        let ne = LatLon::new(bbox.north.clamp(-85.0, 85.0), bbox.east).unwrap_or(LatLon::ORIGIN);
        let sw = LatLon::new(bbox.south.clamp(-85.0, 85.0), bbox.west).unwrap_or(LatLon::ORIGIN);
        let ((x0, y0), (x1, y1)) = (mercator(sw), mercator(ne));
        let span_x = if x1 >= x0 { x1 - x0 } else { x1 + 1.0 - x0 };
        let span_y = (y0 - y1).abs();
        let usable = |v: f64| (v - 2.0 * padding).max(1.0);
        let zoom_x = (usable(width) / (span_x.max(1e-9) * TILE_PX)).log2();
        let zoom_y = (usable(height) / (span_y.max(1e-9) * TILE_PX)).log2();
        let mut camera = Camera {
            center: ((x0 + span_x / 2.0).rem_euclid(1.0), (y0 + y1) / 2.0),
            zoom: clamp_zoom(zoom_x.min(zoom_y)),
            width: width.max(1.0),
            height: height.max(1.0),
        };
        camera.clamp_center();
        camera
    }

    /// The box the screen shows (west > east when it spans the antimeridian).
    pub fn visible_box(&self) -> LatLonBox {
        let nw = self.to_latlon(0.0, 0.0);
        let se = self.to_latlon(self.width, self.height);
        let whole_world = self.width >= self.world_px();
        LatLonBox {
            south: se.lat(),
            north: nw.lat(),
            west: if whole_world { -180.0 } else { nw.lon() },
            east: if whole_world { 180.0 } else { se.lon() },
        }
    }

    /// Metres a screen pixel covers at the centre.
    pub fn metres_per_px(&self) -> f64 {
        let circumference = 2.0 * std::f64::consts::PI * 6_378_137.0;
        circumference * self.center_latlon().lat().to_radians().cos() / self.world_px()
    }

    /// The tiles (z, x, y) that cover the screen at the integer zoom the
    /// tiles are drawn from, x wrapped around the world.
    pub fn tiles(&self) -> Vec<(u8, u32, u32)> {
        let z = self.zoom.round().clamp(0.0, MAX_ZOOM) as u8;
        let n = 1u32 << z;
        let (x0, y0) = self.screen_to_world(0.0, 0.0);
        let (x1, y1) = self.screen_to_world(self.width, self.height);
        let (tx0, tx1) = ((x0 * n as f64).floor() as i64, (x1 * n as f64).floor() as i64);
        let (ty0, ty1) = (
            ((y0 * n as f64).floor() as i64).max(0),
            ((y1 * n as f64).floor() as i64).min(n as i64 - 1),
        );
        let mut out = Vec::new();
        for ty in ty0..=ty1 {
            for tx in tx0..=tx1.min(tx0 + n as i64 - 1) {
                out.push((z, tx.rem_euclid(n as i64) as u32, ty as u32));
            }
        }
        out
    }

    /// Keeps the world's top and bottom edges from leaving the screen when
    /// the world is taller than the screen; centres it when it is not.
    fn clamp_center(&mut self) {
        let half = self.height / 2.0 / self.world_px();
        self.center.1 = if half >= 0.5 { 0.5 } else { self.center.1.clamp(half, 1.0 - half) };
    }
}

fn clamp_zoom(zoom: f64) -> f64 {
    if zoom.is_finite() {
        zoom.clamp(MIN_ZOOM, MAX_ZOOM)
    } else {
        MIN_ZOOM
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).unwrap()
    }

    #[test]
    fn screen_and_map_convert_both_ways() {
        let camera = Camera::new(p(29.70, 105.72), 12.0, 390.0, 844.0);
        assert_eq!(camera.to_screen(p(29.70, 105.72)), (195.0, 422.0));
        for (x, y) in [(0.0, 0.0), (390.0, 844.0), (17.5, 600.25)] {
            let back = camera.to_screen(camera.to_latlon(x, y));
            assert!((back.0 - x).abs() < 1e-6 && (back.1 - y).abs() < 1e-6, "{back:?}");
        }
        // At zoom 12 near 30°N a pixel is about 33 m.
        assert!((camera.metres_per_px() - 33.0).abs() < 0.5, "{}", camera.metres_per_px());
    }

    #[test]
    fn zooming_around_the_pointer_keeps_its_point_still() {
        let mut camera = Camera::new(p(30.66, 104.07), 10.0, 800.0, 600.0);
        let under = camera.to_latlon(650.0, 120.0);
        camera.zoom_around(650.0, 120.0, 13.5);
        let (x, y) = camera.to_screen(under);
        assert!((x - 650.0).abs() < 1e-6 && (y - 120.0).abs() < 1e-6, "{x}, {y}");
        assert_eq!(camera.zoom, 13.5);
        camera.zoom_around(0.0, 0.0, 99.0);
        assert_eq!(camera.zoom, MAX_ZOOM);
        camera.zoom_around(0.0, 0.0, f64::NAN);
        assert_eq!(camera.zoom, MIN_ZOOM);
    }

    #[test]
    fn dragging_moves_the_map_with_the_finger_and_wraps_the_world() {
        let mut camera = Camera::new(p(29.70, 105.72), 12.0, 400.0, 400.0);
        let grabbed = camera.to_latlon(100.0, 100.0);
        camera.pan_by(50.0, -30.0);
        let (x, y) = camera.to_screen(grabbed);
        assert!((x - 150.0).abs() < 1e-6 && (y - 70.0).abs() < 1e-6);
        let mut pacific = Camera::new(p(0.0, 179.9), 6.0, 400.0, 400.0);
        pacific.pan_by(-400.0, 0.0);
        assert!(pacific.center_latlon().lon() < -170.0, "{:?}", pacific.center_latlon());
    }

    #[test]
    fn fitting_a_county_shows_all_of_it() {
        // 大足区's extent, from the bundled boundaries.
        let dazu = LatLonBox { south: 29.3738, west: 105.4685, north: 29.8637, east: 106.0330 };
        let camera = Camera::fit(&dazu, 390.0, 500.0, 24.0);
        let (l, t) = camera.to_screen(p(dazu.north, dazu.west));
        let (r, b) = camera.to_screen(p(dazu.south, dazu.east));
        assert!(l >= 23.9 && r <= 366.1 && t >= 23.9 && b <= 476.1, "{l} {t} {r} {b}");
        assert!(
            (r - l - 342.0).abs() < 0.5 || (b - t - 452.0).abs() < 0.5,
            "one side fills the screen"
        );
        let seen = camera.visible_box();
        assert!(seen.contains(p(29.5, 105.6)) && !seen.contains(p(30.66, 104.07)));
    }

    #[test]
    fn tiles_cover_the_screen_and_wrap() {
        let camera = Camera::new(p(29.70, 105.72), 12.0, 512.0, 512.0);
        let tiles = camera.tiles();
        assert!((4..=9).contains(&tiles.len()), "{tiles:?}");
        // The tile holding the centre is among them (z12 x=3250 y=1693 for 大足, by the slippy-map formula).
        assert!(tiles.contains(&(12, 3250, 1693)), "{tiles:?}");
        let date_line = Camera::new(p(0.0, 180.0), 4.0, 1024.0, 512.0);
        let xs: Vec<u32> = date_line.tiles().iter().map(|t| t.1).collect();
        assert!(xs.contains(&15) && xs.contains(&0) && xs.iter().all(|&x| x < 16), "{xs:?}");
    }
}
