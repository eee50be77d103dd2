//! The map component: two canvases (the basemap below, facilities and
//! gestures above), the zoom buttons, the legend and the attribution, and
//! the effects that redraw it when what it shows changes.

use std::cell::RefCell;
use std::rc::Rc;

use engine::camera::Camera;
use engine::CoordSystem;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::i18n::Text;
use crate::map::basemap::Basemap;
use crate::map::frame::{apply_pending, data_box, resize, schedule, settle};
use crate::map::gestures;
use crate::map::legend::Legend;
use crate::map::raster::Tiles;
use crate::map::state::{BasemapMode, Ctx, Gesture, Layer, MapState, Shared};
use crate::state::map_link::{home, MapRequest};
use crate::state::notices::NoticeKind;
use crate::state::startup::ViewGap;

/// From this zoom, the offline basemap (outlines, county and township names)
/// has nothing finer to show: streets need a tile layer.
const NOTHING_FINER_FROM_ZOOM: f64 = 12.0;

#[component]
pub fn MapView() -> impl IntoView {
    let cx = Ctx::take();
    let canvas_ref = NodeRef::<Canvas>::new();
    let base_ref = NodeRef::<Canvas>::new();
    // Points are drawn in the tile layer's system, so they sit on its streets.
    let display =
        cx.startup.tile_layer.with_untracked(|t| t.as_ref().map_or(CoordSystem::Wgs84, |t| t.crs));
    let (home_point, home_zoom) = home();
    let map: Shared = Rc::new(RefCell::new(MapState {
        camera: Camera::new(home_point, home_zoom, 1.0, 1.0),
        unplaced: cx.link.view.get_untracked().is_none(),
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
        pending: Some(
            cx.link.view.get_untracked().map_or(MapRequest::Center(home_point, home_zoom), |v| {
                MapRequest::Center(v.center, v.zoom)
            }),
        ),
        frame_unless_in_view: None,
        frame_queued: false,
        pointers: Vec::new(),
        gesture: Gesture::default(),
    }));
    let basemap_mode = RwSignal::new(if cx.startup.tile_layer.with_untracked(Option::is_some) {
        BasemapMode::Tiles
    } else {
        BasemapMode::Offline
    });
    if let Some(layer) = cx.startup.tile_layer.get_untracked() {
        let weak = Rc::downgrade(&map);
        let on_change: Rc<dyn Fn()> = Rc::new(move || {
            let Some(map) = weak.upgrade() else { return };
            let given_up = {
                let mut s = map.borrow_mut();
                s.base_version += 1;
                s.tiles.as_ref().is_some_and(Tiles::given_up)
            };
            if given_up && basemap_mode.get_untracked() == BasemapMode::Tiles {
                basemap_mode.set(BasemapMode::OfflineFallback);
                cx.notices.notify(NoticeKind::Warning, Text::new(|m| m.tiles_failed));
            }
            schedule(&map, cx);
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
        let observer = Closure::<dyn FnMut()>::new(move || resize(&m2, cx));
        match (
            web_sys::ResizeObserver::new(observer.as_ref().unchecked_ref()),
            canvas.parent_element(),
        ) {
            (Ok(ro), Some(parent)) => ro.observe(&parent),
            // No observer (an old browser): size it once, now.
            _ => resize(&m, cx),
        }
        observer.forget();
    });

    // The deployment's home region, once its outlines place it: the first
    // view, and the point the first list is measured from, unless a link or
    // the user placed either already.
    let m = map.clone();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(home) = crate::state::home::home(cx.startup) else { return false };
        {
            let mut s = m.borrow_mut();
            if !std::mem::take(&mut s.unplaced) {
                return true;
            }
            s.pending = Some(MapRequest::Fit(home.bbox));
        }
        if cx.search.origin.with_untracked(Option::is_none) {
            let source = crate::state::search::OriginSource::Home(home.name);
            cx.search.origin.set(Some(crate::state::search::Origin { point: home.centre, source }));
        }
        apply_pending(&m, cx);
        schedule(&m, cx);
        true
    });
    // The dataset's arrival: draw its facilities, and frame them unless the
    // view was placed already (a link, the home region) or they are all in it.
    let m = map.clone();
    let has_home = cx.startup.config.with_untracked(|c| c.home.is_some());
    Effect::new(move |_| {
        let Some(dataset) = cx.startup.dataset() else { return };
        {
            let mut s = m.borrow_mut();
            if !has_home && std::mem::take(&mut s.unplaced) {
                s.frame_unless_in_view =
                    Some(crate::dataset_files::extent().unwrap_or_else(|| data_box(&dataset)));
            }
        }
        apply_pending(&m, cx);
        schedule(&m, cx);
    });
    // Redraw when anything drawn changes.
    let m = map.clone();
    Effect::new(move |_| {
        let search = cx.search;
        search.query.track();
        search.origin.track();
        search.hovered.track();
        search.page.track();
        search.clock_ms.track();
        cx.settings.elder.track();
        if let Some(b) = cx.startup.boundaries.get() {
            let mut s = m.borrow_mut();
            if s.basemap.is_none() {
                s.basemap = Some(Basemap::new(&b, s.display));
                s.base_version += 1;
            }
        }
        schedule(&m, cx);
    });
    // Requests from the panel: show a place, fit a network.
    let m = map.clone();
    Effect::new(move |_| {
        if let Some(request) = cx.link.request.get() {
            {
                let mut s = m.borrow_mut();
                s.pending = Some(request);
                s.unplaced = false;
            }
            apply_pending(&m, cx);
            schedule(&m, cx);
        }
    });

    // Buttons for what gestures do (a pinch, a drag): zoom by a level, or pan by a third of the view.
    let s = cx.settings;
    let step = {
        let m = map.clone();
        move |dx: f64, dy: f64, zoom: f64| {
            {
                let mut s = m.borrow_mut();
                let (w, h, z) = (s.camera.width, s.camera.height, s.camera.zoom);
                if zoom == 0.0 {
                    s.camera.pan_by(dx * w / 3.0, dy * h / 3.0);
                } else {
                    s.camera.zoom_around(w / 2.0, h / 2.0, (z + zoom).round());
                }
            }
            settle(&m, cx);
        }
    };
    let button = move |label: fn(&crate::i18n::table::Messages) -> &'static str,
                       symbol: &'static str,
                       (dx, dy, zoom): (f64, f64, f64)| {
        let step = step.clone();
        view! { <button type="button" aria-label=move || label(s.m()) on:click=move |_| step(dx, dy, zoom)>{symbol}</button> }
    };
    // Zoomed in on the offline basemap: say that there are no streets to show, and how a deployer adds them.
    let nothing_finer = move || {
        basemap_mode.get() != BasemapMode::Tiles
            && cx.link.view.with(|v| v.is_some_and(|v| v.zoom >= NOTHING_FINER_FROM_ZOOM))
    };
    let credits_open = RwSignal::new(false);
    let attribution = move || {
        let tiles = cx
            .startup
            .tile_layer
            .get()
            .filter(|_| basemap_mode.get() == BasemapMode::Tiles)
            .map(|t| t.credit());
        // With no built-in outlines over the tiles, only the tiles' credit.
        let own =
            cx.startup.config.with(|c| c.outlines) != siteconfig::Outlines::None || tiles.is_none();
        match (tiles, own) {
            (Some(t), true) => format!("{t} · {}", s.m().outlines_attribution),
            (Some(t), false) => t,
            (None, _) => s.m().outlines_attribution.to_string(),
        }
    };
    view! {
        <div class="map" data-basemap=move || basemap_mode.get().as_str()>
            <canvas node_ref=base_ref class="map-base" aria-hidden="true"></canvas>
            <canvas
                node_ref=canvas_ref
                class="map-overlay"
                tabindex="0"
                role="img"
                aria-label=move || s.m().map_label
                on:pointerdown=gestures::down(map.clone())
                on:pointermove=gestures::drag(map.clone(), cx)
                on:pointerup=gestures::up(map.clone(), cx)
                on:pointercancel=gestures::up(map.clone(), cx)
                on:wheel=gestures::wheel(map.clone(), cx)
                on:keydown=gestures::key(map.clone(), cx)
            ></canvas>
            // One compact group at the right edge, two columns, zoom first (with large text
            // only its top row may show above the sheet), clear of the map's middle.
            <div class="map-buttons" role="group" aria-label=move || s.m().map_buttons>
                {button(|m| m.zoom_in, "+", (0.0, 0.0, 1.0))}
                {button(|m| m.zoom_out, "−", (0.0, 0.0, -1.0))}
                {button(|m| m.pan_up, "↑", (0.0, 1.0, 0.0))}
                {button(|m| m.pan_down, "↓", (0.0, -1.0, 0.0))}
                {button(|m| m.pan_left, "←", (1.0, 0.0, 0.0))}
                {button(|m| m.pan_right, "→", (-1.0, 0.0, 0.0))}
            </div>
            <Legend />
            <div class="map-corner">
                <ViewGapNote map=map.clone() />
                // On a phone the sources fold behind one small button (the map is small); open,
                // and always on a wide screen, they are in full.
                // (A tile layer's credit, with its 审图号, is never folded.)
                <p id="map-credits" class="attribution" class:folded=move || !credits_open.get() && basemap_mode.get() != BasemapMode::Tiles>
                    <Show when=nothing_finer>
                        <span class="map-note">
                            {move || s.m().map_nothing_finer}
                            <span class="unfolded">" · "{move || s.m().map_add_streets}</span>
                        </span>
                    </Show>
                    <span class="unfolded">{attribution}</span>
                    <button type="button" class="credits-toggle" hidden=move || basemap_mode.get() == BasemapMode::Tiles
                        aria-controls="map-credits" aria-expanded=move || credits_open.get().to_string()
                        aria-label=move || s.m().map_credits title=move || s.m().map_credits
                        on:click=move |_| credits_open.update(|o| *o = !*o)>
                        {move || if credits_open.get() { "×" } else { "©" }}
                    </button>
                </p>
            </div>
        </div>
    }
}

/// Over tiles, what the view leaves out, in words: a view too wide to load (only the areas
/// loaded are drawn), or files that could not be downloaded, with a retry.
#[component]
fn ViewGapNote(map: Shared) -> impl IntoView {
    let cx = Ctx::take();
    let s = cx.settings;
    let gap = cx.startup.view_gap;
    let retry = move |_| {
        crate::dataset_files::retry();
        schedule(&map, cx);
    };
    view! {
        <div class="map-gap" role="status" hidden=move || gap.get() == ViewGap::None>
            {move || match gap.get() {
                ViewGap::TooWide => s.m().map_too_wide,
                ViewGap::Failed => s.m().map_failed,
                ViewGap::Updated => s.m().data_updated,
                ViewGap::None => "",
            }}
            <button type="button" class="secondary" hidden=move || gap.get() != ViewGap::Failed on:click=retry>
                {move || s.m().retry}
            </button>
            <button type="button" class="secondary" hidden=move || gap.get() != ViewGap::Updated
                on:click=|_| drop(window().location().reload())>
                {move || s.m().reload}
            </button>
        </div>
    }
}
