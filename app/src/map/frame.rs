//! What happens after a change: the canvas sized, a view request applied
//! once it has a size, the view published for links, a frame drawn on the
//! next animation frame, finer outlines fetched, a tap answered.

use std::sync::Arc;

use engine::boundaries::Boundaries;
use engine::camera::Camera;
use engine::{CoordSystem, Dataset, LatLon, LatLonBox};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::load::fetch_bytes;
use crate::map::basemap::{self, Basemap, Tier, DETAIL_FROM_ZOOM, MEDIUM_FROM_ZOOM};
use crate::map::draw;
use crate::map::hits::{self, Target};
use crate::map::state::{Ctx, MapState, Shared};
use crate::model::{Page, View};
use crate::state::map_link::{home, MapRequest};

/// The box around every facility, or the default region when there are none.
pub fn data_box(dataset: &Dataset) -> LatLonBox {
    let mut b = LatLonBox { south: 90.0, west: 180.0, north: -90.0, east: -180.0 };
    for f in dataset.facilities() {
        let p = f.point();
        b = LatLonBox {
            south: b.south.min(p.lat()),
            west: b.west.min(p.lon()),
            north: b.north.max(p.lat()),
            east: b.east.max(p.lon()),
        };
    }
    if b.south > b.north {
        let c = home().0;
        return LatLonBox {
            south: c.lat() - 3.0,
            west: c.lon() - 3.0,
            north: c.lat() + 3.0,
            east: c.lon() + 3.0,
        };
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
    [(inner.south, inner.west), (inner.north, inner.east)]
        .into_iter()
        .all(|(lat, lon)| LatLon::new(lat, lon).is_ok_and(|p| outer.contains(p)))
}

pub fn resize(map: &Shared, cx: Ctx) {
    {
        let mut s = map.borrow_mut();
        let Some(parent) = s.overlay.as_ref().and_then(|l| l.canvas.parent_element()) else {
            return;
        };
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
    apply_pending(map, cx);
    schedule(map, cx);
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
    let sheet = document()
        .get_element_by_id("panel")
        .map_or(0.0, |p| p.get_bounding_client_rect().height());
    sheet.clamp(0.0, height * 0.7)
}

/// Applies a waiting view request once the canvas has a size, centring it
/// in the part of the map the sheet leaves visible.
pub fn apply_pending(map: &Shared, cx: Ctx) {
    let mut s = map.borrow_mut();
    if !s.sized {
        return;
    }
    if s.pending.is_none() {
        // The view a link or the default placed, now on the sized canvas: frame the facilities if they are not all in it.
        if let Some(facilities) =
            s.frame_unless_in_view.take().filter(|b| !contains(&unobstructed_box(&s.camera), b))
        {
            s.pending = Some(MapRequest::Fit(facilities));
        }
    }
    let Some(request) = s.pending.take() else { return };
    let (w, h, display) = (s.camera.width, s.camera.height, s.display);
    let covered = covered_bottom_px(h);
    let mut camera = match request {
        MapRequest::Center(p, zoom) => Camera::new(display.from_wgs84(p), zoom, w, h),
        MapRequest::Fit(b) => {
            let (sw, ne) = match (LatLon::new(b.south, b.west), LatLon::new(b.north, b.east)) {
                (Ok(sw), Ok(ne)) => (display.from_wgs84(sw), display.from_wgs84(ne)),
                _ => return,
            };
            let fitted = Camera::fit(
                &LatLonBox { south: sw.lat(), west: sw.lon(), north: ne.lat(), east: ne.lon() },
                w,
                h - covered,
                40.0,
            );
            Camera { zoom: fitted.zoom.min(15.0), height: h, ..fitted }
        }
    };
    camera.pan_by(0.0, -covered / 2.0);
    s.camera = camera;
    let frame_next = s.frame_unless_in_view.is_some();
    drop(s);
    publish_view(cx, &camera, display);
    if frame_next {
        apply_pending(map, cx);
    }
}

/// Writes the view (the centre of its visible part) for the URL and for
/// "search at map centre".
fn publish_view(cx: Ctx, camera: &Camera, display: CoordSystem) {
    let visible_centre = camera
        .to_latlon(camera.width / 2.0, (camera.height - covered_bottom_px(camera.height)) / 2.0);
    let view = View {
        zoom: (camera.zoom * 100.0).round() / 100.0,
        center: display.to_wgs84(visible_centre),
    };
    if cx.link.view.get_untracked() != Some(view) {
        cx.link.view.set(Some(view));
    }
}

/// Draws on the next animation frame (once, however often it is asked).
pub fn schedule(map: &Shared, cx: Ctx) {
    if std::mem::replace(&mut map.borrow_mut().frame_queued, true) {
        return;
    }
    let m = map.clone();
    request_animation_frame(move || {
        let mut s = m.borrow_mut();
        s.frame_queued = false;
        draw::frame(&mut s, &cx);
        let wanted = finer_outlines_wanted(&s);
        drop(s);
        for (tier, province) in wanted {
            spawn_local(load_outlines(m.clone(), cx, tier, province));
        }
    });
}

/// Province files the current view would use that have not been asked for.
fn finer_outlines_wanted(s: &MapState) -> Vec<(Tier, u32)> {
    let Some(basemap) = &s.basemap else { return Vec::new() };
    // Rivers and lakes, one file for the country, at the zooms they are drawn; not under a
    // tile layer that draws its own (until it gives up).
    let tiles_live = s.tiles.as_ref().is_some_and(|t| !t.given_up());
    let water = (Basemap::water_at(s.camera.zoom)
        && !tiles_live
        && !basemap.requested.contains(&(Tier::Water, 0)))
    .then_some((Tier::Water, 0));
    let tier = if s.camera.zoom >= DETAIL_FROM_ZOOM {
        Tier::Detail
    } else if s.camera.zoom >= MEDIUM_FROM_ZOOM {
        Tier::Medium
    } else {
        return water.into_iter().collect();
    };
    let tiers: &[Tier] =
        if tier == Tier::Detail { &[Tier::Detail, Tier::Townships] } else { &[Tier::Medium] };
    basemap
        .provinces_in_view(basemap::view_box(&s.camera))
        .into_iter()
        .flat_map(|p| tiers.iter().map(move |&t| (t, p)))
        .filter(|key| !basemap.requested.contains(key))
        .chain(water)
        .collect()
}

async fn load_outlines(map: Shared, cx: Ctx, tier: Tier, province: u32) {
    if let Some(b) = map.borrow_mut().basemap.as_mut() {
        if b.requested.contains(&(tier, province)) {
            return;
        }
        b.requested.push((tier, province));
    }
    let url = crate::boot::boundaries_url(&tier.file(province));
    // A province file that fails (or a province with no township names) leaves the
    // overview in place; nothing else to say.
    let Ok(bytes) = fetch_bytes(&url, None, crate::load::DATASET_STALL_MS).await else { return };
    {
        let mut guard = map.borrow_mut();
        let s = &mut *guard;
        let display = s.display;
        let Some(b) = s.basemap.as_mut() else { return };
        if tier == Tier::Townships {
            b.add_townships(
                province,
                basemap::parse_townships(&String::from_utf8_lossy(&bytes), display),
            );
        } else if tier == Tier::Water {
            b.set_water(basemap::parse_water(&String::from_utf8_lossy(&bytes), display));
        } else {
            let Ok(boundaries) = Boundaries::decode(&bytes).map(Arc::new) else { return };
            b.add(tier, province, &boundaries, display);
        }
        s.base_version += 1;
    }
    schedule(&map, cx);
}

/// After a gesture: redraw and publish the view (for the URL).
pub fn settle(map: &Shared, cx: Ctx) {
    let (camera, display) = {
        let mut s = map.borrow_mut();
        s.unplaced = false;
        (s.camera, s.display)
    };
    // Moved by hand: the list follows the map's centre, no longer the home region's.
    if cx.search.origin.with_untracked(|o| {
        o.as_ref().is_some_and(|o| matches!(o.source, crate::state::search::OriginSource::Home(_)))
    }) {
        cx.search.origin.set(None);
    }
    publish_view(cx, &camera, display);
    schedule(map, cx);
}

/// A tap on the map: open a facility, or zoom into a cluster.
pub fn tap(map: &Shared, cx: Ctx, x: f64, y: f64) {
    let target = hits::hit(&map.borrow().hits, x, y);
    match target {
        Some(Target::Facility(slot)) => {
            if let Some(f) = cx.startup.dataset_untracked().as_ref().and_then(|d| d.get(slot)) {
                cx.search.open(Page::Facility(f.id().to_string()));
            }
        }
        Some(Target::County(county)) => {
            // Their list, on the results screen, instead of the point's county.
            let name =
                map.borrow().basemap.as_ref().and_then(|b| b.area_name(county).map(str::to_string));
            cx.search.focus_county.set(Some((county, name.unwrap_or_default())));
            if cx.search.page.get_untracked() != Page::Results {
                cx.search.open(Page::Results);
            }
            request_animation_frame(|| {
                if let Some(el) = document().get_element_by_id("unplaced-heading") {
                    el.scroll_into_view();
                }
            });
        }
        Some(Target::Cluster { point, .. }) => {
            {
                let mut s = map.borrow_mut();
                let display = s.display;
                let zoom = (s.camera.zoom + 2.0).floor();
                let (w, h) = (s.camera.width, s.camera.height);
                s.camera = Camera::new(display.from_wgs84(point), zoom, w, h);
            }
            settle(map, cx);
        }
        None => {}
    }
}
