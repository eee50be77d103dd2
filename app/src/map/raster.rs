//! The optional raster tile layer. Tiles are drawn over the offline basemap,
//! so one that is slow or fails leaves the basemap showing, never a hole;
//! a tile that failed is asked for again later, each time later
//! ([`retry_delay_ms`]), a few times; when tiles keep failing and none has
//! loaded, the layer gives up and the map says it is showing the offline basemap.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use engine::camera::Camera;
use leptos::prelude::set_timeout;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlImageElement};

use siteconfig::RasterLayer;

/// Failures with no success before the layer is given up.
const GIVE_UP_AFTER: u32 = 4;
/// Most tiles kept in memory.
const MAX_CACHED: usize = 400;

#[derive(Clone, Copy, PartialEq, Eq)]
enum TileState {
    Loading,
    Ready,
    Failed,
}

struct Tile {
    image: HtmlImageElement,
    state: Rc<Cell<TileState>>,
    used: Cell<usize>,
    /// How many times it failed before this request.
    failures: u32,
    /// When this request failed (`Date.now()`), for the next try.
    failed_at_ms: Rc<Cell<f64>>,
}

pub struct Tiles {
    pub layer: RasterLayer,
    /// Tiles by URL: a position in `tiles` (the map type the engine's
    /// columns use already, so no other is compiled into the wasm).
    cache: HashMap<String, u32>,
    tiles: Vec<(String, Tile)>,
    loaded: Rc<Cell<u32>>,
    failed: Rc<Cell<u32>>,
    frame: usize,
    /// Called when a tile arrives or fails: redraw, and check whether to give up.
    on_change: Rc<dyn Fn()>,
}

impl Tiles {
    pub fn new(layer: RasterLayer, on_change: Rc<dyn Fn()>) -> Tiles {
        Tiles {
            layer,
            cache: HashMap::new(),
            tiles: Vec::new(),
            loaded: Rc::default(),
            failed: Rc::default(),
            frame: 0,
            on_change,
        }
    }

    /// Whether the layer has failed and should no longer be drawn.
    pub fn given_up(&self) -> bool {
        self.loaded.get() == 0 && self.failed.get() >= GIVE_UP_AFTER
    }

    /// Draws the tiles that are in and asks for those that are not.
    pub fn draw(&mut self, ctx: &CanvasRenderingContext2d, camera: &Camera) {
        if self.given_up() {
            return;
        }
        self.frame += 1;
        let max_zoom = self.layer.max_zoom as f64;
        let mut tile_camera = *camera;
        tile_camera.zoom = camera.zoom.min(max_zoom);
        let tiles = tile_camera.tiles();
        for (z, x, y) in tiles {
            let n = (1u32 << z) as f64;
            let size = camera.world_px() / n;
            let mut dx = x as f64 / n - camera.center.0;
            dx -= dx.round();
            let sx = camera.width / 2.0 + dx * camera.world_px();
            let sy = camera.height / 2.0 + (y as f64 / n - camera.center.1) * camera.world_px();
            for layer in 0..self.layer.templates.len() {
                let url = self.layer.url(layer, z, x, y);
                let frame = self.frame;
                let tile = self.request(url);
                tile.used.set(frame);
                if tile.state.get() == TileState::Ready {
                    // A hair of overlap hides seams between tiles at fractional zooms.
                    let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                        &tile.image,
                        sx.floor(),
                        sy.floor(),
                        size.ceil() + 0.5,
                        size.ceil() + 0.5,
                    );
                }
            }
        }
        self.evict();
    }

    fn request(&mut self, url: String) -> &Tile {
        if let Some(&i) = self.cache.get(&url) {
            let tile = &self.tiles[i as usize].1;
            let failures = tile.failures + 1;
            let due = retry_delay_ms(failures)
                .is_some_and(|wait| js_sys::Date::now() >= tile.failed_at_ms.get() + wait);
            if tile.state.get() == TileState::Failed && due {
                let used = tile.used.get();
                let retry = self.load(&url, failures);
                retry.used.set(used);
                self.tiles[i as usize].1 = retry;
            }
            return &self.tiles[i as usize].1;
        }
        let tile = self.load(&url, 0);
        self.cache.insert(url.clone(), self.tiles.len() as u32);
        self.tiles.push((url, tile));
        &self.tiles[self.tiles.len() - 1].1
    }

    /// Asks for a tile that has failed `failures` times before.
    fn load(&self, url: &str, failures: u32) -> Tile {
        let (loaded, failed, on_change) =
            (self.loaded.clone(), self.failed.clone(), self.on_change.clone());
        let state = Rc::new(Cell::new(TileState::Loading));
        let failed_at_ms = Rc::new(Cell::new(0.0));
        let image =
            HtmlImageElement::new().unwrap_or_else(|_| HtmlImageElement::from(JsValue::NULL));
        let (s_ok, s_err, change_ok, change_err) =
            (state.clone(), state.clone(), on_change.clone(), on_change);
        let failed_at = failed_at_ms.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            s_ok.set(TileState::Ready);
            loaded.set(loaded.get() + 1);
            change_ok();
        });
        let on_error = Closure::<dyn FnMut()>::new(move || {
            s_err.set(TileState::Failed);
            failed_at.set(js_sys::Date::now());
            failed.set(failed.get() + 1);
            change_err();
            // A redraw when the next try is due, so it happens without a pan or zoom.
            if let Some(wait) = retry_delay_ms(failures + 1) {
                let redraw = change_err.clone();
                set_timeout(move || redraw(), Duration::from_millis(wait as u64));
            }
        });
        image.set_onload(Some(on_load.into_js_value().unchecked_ref()));
        image.set_onerror(Some(on_error.into_js_value().unchecked_ref()));
        // The site's origin at most (OpenStreetMap and Tianditu refuse requests without it),
        // never the page's path or fragment: this attribute overrides the page's own policy.
        image.set_referrer_policy(self.layer.referrer.policy());
        image.set_src(url);
        Tile { image, state, used: Cell::new(0), failures, failed_at_ms }
    }

    fn evict(&mut self) {
        if self.tiles.len() <= MAX_CACHED {
            return;
        }
        let mut ages: Vec<usize> = self.tiles.iter().map(|(_, t)| t.used.get()).collect();
        engine::sort_by(&mut ages, |a, b| a.cmp(b));
        let cutoff = ages[ages.len() - MAX_CACHED];
        self.tiles.retain(|(_, t)| t.used.get() >= cutoff || t.state.get() == TileState::Loading);
        self.cache =
            self.tiles.iter().enumerate().map(|(i, (url, _))| (url.clone(), i as u32)).collect();
    }
}

/// How long after its last failure a tile is asked for again, in milliseconds,
/// when it has failed `failures` times; `None` once it has failed too often,
/// and it stays failed until the page is reloaded.
pub fn retry_delay_ms(failures: u32) -> Option<f64> {
    // 2 s, 8 s, 32 s, then two minutes: a blip passes by the first, an outage
    // is not hammered, and a tile server that is down costs four requests a tile.
    match failures {
        1..=3 => Some(2_000.0 * 4f64.powi(failures as i32 - 1)),
        4 => Some(120_000.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_tile_is_tried_again_later_each_time_then_left() {
        let delays: Vec<f64> = (1..).map_while(retry_delay_ms).collect();
        assert!(!delays.is_empty(), "a tile that fails once is tried again");
        assert!(delays.len() <= 5, "bounded: {delays:?}");
        assert!(delays[0] >= 1_000.0, "not at once: {delays:?}");
        assert!(delays.windows(2).all(|w| w[1] > w[0]), "each wait longer: {delays:?}");
        assert!(delays.iter().all(|&d| d <= 120_000.0), "at most two minutes: {delays:?}");
        assert_eq!(retry_delay_ms(delays.len() as u32 + 1), None);
        assert_eq!(retry_delay_ms(u32::MAX), None);
    }
}
