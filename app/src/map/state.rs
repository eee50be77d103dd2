//! What the map keeps between frames, and the contexts it reads: not
//! reactive itself, the canvas is redrawn on demand.

use std::cell::RefCell;
use std::rc::Rc;

use engine::camera::Camera;
use engine::{CoordSystem, LatLonBox};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::map::basemap::Basemap;
use crate::map::hits::HitArea;
use crate::map::raster::Tiles;
use crate::state::map_link::{map_link, MapLink, MapRequest};
use crate::state::notices::{notices, Notices};
use crate::state::search::{search, Search};
use crate::state::settings::{settings, Settings};
use crate::state::startup::{startup, Startup};

/// The contexts the map reads and writes, taken once: its callbacks (frames,
/// resizes, tile loads) run outside any component.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub settings: Settings,
    pub search: Search,
    pub link: MapLink,
    pub startup: Startup,
    pub notices: Notices,
}

impl Ctx {
    pub fn take() -> Self {
        Ctx {
            settings: settings(),
            search: search(),
            link: map_link(),
            startup: startup(),
            notices: notices(),
        }
    }
}

/// Whether the basemap is a tile layer, the offline outlines, or the outlines
/// because the tiles failed (for the page, and the tests, to see).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasemapMode {
    Tiles,
    Offline,
    OfflineFallback,
}

impl BasemapMode {
    /// How the map's `data-basemap` attribute says it.
    pub fn as_str(self) -> &'static str {
        match self {
            BasemapMode::Tiles => "tiles",
            BasemapMode::Offline => "offline",
            BasemapMode::OfflineFallback => "offline-fallback",
        }
    }
}

/// What the map keeps between frames (not reactive: the canvas is redrawn on demand).
pub struct MapState {
    pub camera: Camera,
    /// Nothing has placed the view yet (no link, gesture or request), so the
    /// dataset's arrival may frame its facilities.
    pub unplaced: bool,
    pub sized: bool,
    /// The basemap (and tiles) on the canvas below, redrawn only when they or
    /// the view change; facilities, the selection and the user's position on
    /// the one above, which takes the gestures.
    pub base: Option<Layer>,
    pub overlay: Option<Layer>,
    /// What the base layer shows now; a frame that would draw the same skips it.
    pub base_drawn: Option<BaseKey>,
    /// Bumped whenever outlines or tiles arrive.
    pub base_version: u32,
    pub dpr: f64,
    /// The system points are drawn in: WGS-84, or GCJ-02 to sit on a GCJ-02 tile layer such as Amap's.
    pub display: CoordSystem,
    pub basemap: Option<Basemap>,
    pub tiles: Option<Tiles>,
    pub hits: Vec<HitArea>,
    pub pending: Option<MapRequest>,
    /// The facilities' box, to frame once the canvas has its size unless they
    /// are already in view: decided then, never on an unsized canvas, so the
    /// same link gives the same first view however the loads interleave.
    pub frame_unless_in_view: Option<LatLonBox>,
    pub frame_queued: bool,
    pub pointers: Vec<(i32, f64, f64)>,
    pub gesture: Gesture,
}

#[derive(Default)]
pub struct Gesture {
    pub start: (f64, f64),
    pub moved: bool,
    pub pinch: Option<(f64, f64)>,
    pub last_tap: Option<(f64, f64, f64)>,
}

pub type Shared = Rc<RefCell<MapState>>;

#[derive(Clone)]
pub struct Layer {
    pub canvas: HtmlCanvasElement,
    pub ctx: CanvasRenderingContext2d,
}

impl Layer {
    pub fn new(canvas: HtmlCanvasElement) -> Option<Layer> {
        let ctx =
            canvas.get_context("2d").ok().flatten()?.dyn_into::<CanvasRenderingContext2d>().ok()?;
        Some(Layer { canvas, ctx })
    }
}

/// Everything the base layer's pixels depend on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BaseKey {
    pub camera: Camera,
    pub dpr: f64,
    pub dark: bool,
    pub version: u32,
    /// The county outlined stronger.
    pub focus: Option<u32>,
}
