//! The optional raster tile layer. Tiles are drawn over the offline basemap,
//! so one that is slow or fails leaves the basemap showing, never a hole;
//! when tiles keep failing and none has loaded, the layer gives up and the
//! map says it is showing the offline basemap.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use engine::camera::Camera;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlImageElement};

use siteconfig::TileLayer;

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
}

pub struct Tiles {
    pub layer: TileLayer,
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
    pub fn new(layer: TileLayer, on_change: Rc<dyn Fn()>) -> Tiles {
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
            return &self.tiles[i as usize].1;
        }
        let (loaded, failed, on_change) =
            (self.loaded.clone(), self.failed.clone(), self.on_change.clone());
        let tile = {
            let state = Rc::new(Cell::new(TileState::Loading));
            let image =
                HtmlImageElement::new().unwrap_or_else(|_| HtmlImageElement::from(JsValue::NULL));
            let (s_ok, s_err, change_ok, change_err) =
                (state.clone(), state.clone(), on_change.clone(), on_change);
            let on_load = Closure::<dyn FnMut()>::new(move || {
                s_ok.set(TileState::Ready);
                loaded.set(loaded.get() + 1);
                change_ok();
            });
            let on_error = Closure::<dyn FnMut()>::new(move || {
                s_err.set(TileState::Failed);
                failed.set(failed.get() + 1);
                change_err();
            });
            image.set_onload(Some(on_load.into_js_value().unchecked_ref()));
            image.set_onerror(Some(on_error.into_js_value().unchecked_ref()));
            // The site's origin at most (OpenStreetMap and Tianditu refuse requests without it),
            // never the page's path or fragment: this attribute overrides the page's own policy.
            image.set_referrer_policy(self.layer.referrer.policy());
            image.set_src(&url);
            Tile { image, state, used: Cell::new(0) }
        };
        self.cache.insert(url.clone(), self.tiles.len() as u32);
        self.tiles.push((url, tile));
        &self.tiles[self.tiles.len() - 1].1
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
