//! One frame of the map: background, basemap, tiles, radius, facilities
//! (clusters when zoomed out), the highlighted facility, and where the user is.

use engine::camera::Camera;
use engine::{CoordSystem, Dataset, Filter, InNetwork, LatLon};
use leptos::prelude::*;
use web_sys::CanvasRenderingContext2d;

use crate::map::basemap::{self, Palette, DARK, LIGHT};
use crate::map::hits::{HitArea, Target};
use crate::map::state::{BaseKey, Ctx, MapState};
use crate::model::Page;
use crate::state::search::OriginSource;
use crate::symbols::{self, Shape};

/// The smallest radius a tap is matched within, for fingers.
const TOUCH_RADIUS: f64 = 22.0;

fn dark_scheme() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The filter the map draws: a network's members on its page, else the query's.
pub fn map_filter(cx: &Ctx) -> Filter {
    let search = cx.search;
    match search.page.get_untracked() {
        Page::Network(id) => {
            Filter { network: Some(InNetwork { id, role: None }), ..Filter::all() }
        }
        _ => {
            let now = untrack(|| search.now());
            search.query.with_untracked(|q| q.filter_at(now))
        }
    }
}

/// Draws one frame: the base layer when it changed, then everything above it.
pub fn frame(state: &mut MapState, cx: &Ctx) {
    // Until its observer has sized it, anything drawn would be wiped by the resize.
    let (Some(overlay), true) = (state.overlay.clone(), state.sized) else { return };
    let camera = state.camera;
    draw_base(state, cx);
    let ctx = overlay.ctx;
    let _ = ctx.set_transform(state.dpr, 0.0, 0.0, state.dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, camera.width, camera.height);
    let display = state.display;
    let elder = cx.settings.elder.get_untracked();
    let origin = cx.search.origin.get_untracked();
    if let (Some(o), Some(km)) = (&origin, cx.search.query.with_untracked(|q| q.radius_km)) {
        let (x, y) = camera.to_screen(display.from_wgs84(o.point));
        let r = km * 1_000.0 / metres_per_px_at(&camera, o.point.lat());
        ctx.begin_path();
        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str("rgba(11, 110, 79, 0.08)");
        ctx.fill();
        ctx.set_stroke_style_str("#0b6e4f");
        ctx.set_line_width(2.0);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&6.0.into(), &4.0.into()));
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    if let Some(dataset) = &cx.startup.dataset_untracked() {
        let filter = map_filter(cx);
        if cx.startup.tiled.get_untracked() {
            crate::dataset_files::want_view(
                cx.startup,
                camera.visible_box(),
                camera.zoom.floor().max(0.0) as u32,
                &filter,
            );
        }
        state.hits = facilities(&ctx, &camera, display, dataset, &filter, elder);
        if camera.zoom >= COUNTY_BADGE_ZOOM {
            let lang = cx.settings.lang.get_untracked();
            let base = state.basemap.as_ref();
            // The county the basemap outlines and names as the one the view is in.
            let focus = state.base_drawn.and_then(|k| k.focus);
            let badges = county_badges(
                &ctx,
                (&camera, display),
                (base, focus),
                dataset,
                &filter,
                (lang, elder),
            );
            // For the journeys: which counties (or cities) carry a badge, and where it is drawn
            // ("500111@195,402"), so a test taps it as a finger would.
            let counties: Vec<String> = badges
                .iter()
                .filter_map(|b| match b.target {
                    Target::County(c) => Some(format!("{c}@{:.0},{:.0}", b.x, b.y)),
                    _ => None,
                })
                .collect();
            let _ = overlay.canvas.set_attribute("data-county-badges", &counties.join(" "));
            state.hits.extend(badges);
        }
        let selected = match cx.search.page.get_untracked() {
            Page::Facility(id) => dataset.facilities().find(|f| f.id() == id).map(|f| f.slot()),
            _ => None,
        };
        for slot in [selected, cx.search.hovered.get_untracked()].into_iter().flatten() {
            // One known only at its county's or city's seat is not drawn as standing there:
            // its county's badge stands for it.
            if let Some(f) = dataset.get(slot).filter(|f| f.precision().is_placed()) {
                highlight(&ctx, &camera, display, f.point(), f.kind(), elder);
            }
        }
    }
    if let Some(o) = origin {
        you_are_here(&ctx, &camera, display, o.point, &o.source);
    }
    let _ = overlay.canvas.set_attribute("data-drawn", &state.hits.len().to_string());
}

/// The base layer: background, outlines and names, tiles; skipped when it
/// already shows exactly this (a hover or a new result list moves nothing).
fn draw_base(state: &mut MapState, cx: &Ctx) {
    let Some(base) = state.base.clone() else { return };
    let dark = dark_scheme();
    let colors: &Palette = if dark { &DARK } else { &LIGHT };
    let focus = focus_county(state, cx);
    let key =
        BaseKey { camera: state.camera, dpr: state.dpr, dark, version: state.base_version, focus };
    if state.base_drawn == Some(key) {
        return;
    }
    state.base_drawn = Some(key);
    let (ctx, camera) = (base.ctx, state.camera);
    let _ = ctx.set_transform(state.dpr, 0.0, 0.0, state.dpr, 0.0, 0.0);
    ctx.set_fill_style_str(colors.background);
    ctx.fill_rect(0.0, 0.0, camera.width, camera.height);
    if let Some(basemap) = &state.basemap {
        let provinces = basemap.provinces_in_view(basemap::view_box(&camera));
        let outlines = cx.startup.config.with_untracked(|c| c.outlines);
        let water = basemap.draw(&ctx, &camera, state.dpr, colors, &provinces, outlines, focus);
        // (For journeys: the rivers and lakes in this frame.)
        let _ = base.canvas.set_attribute("data-water", &water.to_string());
    }
    if let Some(tiles) = state.tiles.as_mut() {
        tiles.draw(&ctx, &camera);
    }
}

/// The county to outline stronger: where the user is when that is in view,
/// else where the view's centre is (once its province's outlines are in).
fn focus_county(state: &MapState, cx: &Ctx) -> Option<u32> {
    let basemap = state.basemap.as_ref()?;
    let own = cx
        .search
        .origin
        .with_untracked(|o| o.as_ref().filter(|o| o.source.is_private()).map(|o| o.point));
    let in_view = own.filter(|p| state.camera.visible_box().contains(*p));
    // The centre of the part of the map the sheet leaves, as published for links.
    let point = in_view.or_else(|| cx.link.view.with_untracked(|v| v.map(|v| v.center)))?;
    basemap.county_at(point)
}

fn metres_per_px_at(camera: &Camera, lat: f64) -> f64 {
    2.0 * std::f64::consts::PI * 6_378_137.0 * lat.to_radians().cos() / camera.world_px()
}

fn marker_radius(elder: bool) -> f64 {
    if elder {
        10.0
    } else {
        7.5
    }
}

/// From this zoom (counties' outlines and names are drawn), a facility with
/// no known place (at its county's seat) is not drawn there as if it stood
/// there: its county carries a badge with how many, which opens their list.
pub const COUNTY_BADGE_ZOOM: f64 = 9.0;

/// From this zoom, facilities stacked on one point (placed at a township's or
/// county's seat) are spread around it so each can be seen and tapped.
pub const SPREAD_ZOOM: f64 = 12.0;
/// A stack larger than this stays a cluster even when zoomed in.
const MAX_SPREAD: usize = 400;

fn facilities(
    ctx: &CanvasRenderingContext2d,
    camera: &Camera,
    display: CoordSystem,
    dataset: &Dataset,
    filter: &Filter,
    elder: bool,
) -> Vec<HitArea> {
    // The display shift (GCJ-02 tiles) moves points by under a kilometre: pad the box to keep edge markers.
    let mut area = camera.visible_box();
    let pad = 0.02;
    area.south = (area.south - pad).max(-90.0);
    area.north = (area.north + pad).min(90.0);
    if area.west <= area.east {
        area.west = (area.west - pad).max(-180.0);
        area.east = (area.east + pad).min(180.0);
    }
    let zoom = camera.zoom.floor().max(0.0) as u32;
    let r = marker_radius(elder);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    // Over tiles, a zoomed-out view is drawn from the cluster summaries, which cover everywhere.
    if let Some(cells) = crate::dataset_files::summary_clusters(area, zoom, filter) {
        let mut hits = Vec::with_capacity(cells.len());
        for c in cells {
            let Ok(point) = LatLon::new(c.lat, c.lon) else { continue };
            let (x, y) = camera.to_screen(display.from_wgs84(point));
            hits.push(bubble(ctx, x, y, r, c.count, point, elder));
        }
        return hits;
    }
    let placed_only;
    let filter = if camera.zoom >= COUNTY_BADGE_ZOOM {
        placed_only = Filter { located: Some(true), ..filter.clone() };
        &placed_only
    } else {
        filter
    };
    let clusters = dataset.clusters(area, zoom, filter);
    let mut hits = Vec::with_capacity(clusters.len());
    for c in clusters {
        let Ok(point) = LatLon::new(c.lat, c.lon) else { continue };
        let (x, y) = camera.to_screen(display.from_wgs84(point));
        if c.count == 1 {
            let Some(f) = dataset.get(c.representative) else { continue };
            marker(ctx, f.kind(), x, y, r, 2.0, f.precision().is_approximate());
            hits.push(HitArea {
                x,
                y,
                r: r.max(TOUCH_RADIUS),
                target: Target::Facility(c.representative),
            });
            continue;
        }
        if camera.zoom >= SPREAD_ZOOM && c.count <= MAX_SPREAD {
            let stack = stacked_at(dataset, point, filter);
            if stack.len() == c.count {
                spread(ctx, dataset, &stack, x, y, r, &mut hits);
                continue;
            }
        }
        hits.push(bubble(ctx, x, y, r, c.count, point, elder));
    }
    hits
}

/// One badge per county with facilities of the filter whose place is not
/// known, under the county's name ("27 家位置未列出"): it reads as
/// "somewhere in this county", never as a place. Those known only to be in
/// their city get one at the city's seat that names the city ("重庆市内 23
/// 家位置未列出"). A tap lists them.
fn county_badges(
    ctx: &CanvasRenderingContext2d,
    (camera, display): (&Camera, CoordSystem),
    (basemap, centre): (Option<&basemap::Basemap>, Option<u32>),
    dataset: &Dataset,
    filter: &Filter,
    (lang, elder): (crate::i18n::Lang, bool),
) -> Vec<HitArea> {
    let Some(basemap) = basemap else { return Vec::new() };
    // A county's seat may lie outside the view while its name is in it.
    let mut area = camera.visible_box();
    let pad = 0.6;
    area.south = (area.south - pad).max(-90.0);
    area.north = (area.north + pad).min(90.0);
    if area.west <= area.east {
        area.west = (area.west - pad).max(-180.0);
        area.east = (area.east + pad).min(180.0);
    }
    let unplaced = Filter { located: Some(false), ..filter.clone() };
    let mut counties: Vec<(u32, usize, LatLon)> = Vec::new();
    for f in dataset.within_box(area, &unplaced) {
        match counties.iter_mut().find(|(c, _, _)| *c == f.county_code()) {
            Some((_, n, _)) => *n += 1,
            None => counties.push((f.county_code(), 1, f.point())),
        }
    }
    let font =
        if elder { "700 15px system-ui, sans-serif" } else { "600 12px system-ui, sans-serif" };
    ctx.set_font(font);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let mut hits = Vec::new();
    let h = if elder { 28.0 } else { 22.0 };
    // Zoomed in, the county's name may be out of view: the county the view is in keeps its badge,
    // under its name, which the basemap then pins at the top.
    // Counties first: a city's badge, at its seat inside one of them, moves out of their way.
    let city_level = |code: u32| basemap.county_label(code).is_none();
    engine::sort_by(&mut counties, |a, b| city_level(a.0).cmp(&city_level(b.0)));
    let mut taken: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (county, n, seat) in counties {
        let text = match basemap.county_label(county) {
            Some(_) => crate::i18n::fill(lang.m().county_badge, &[("n", &n.to_string())]),
            // Known only to be in the city: the badge stands at the city's seat, saying which.
            None => match basemap.area_name(county) {
                Some(city) => {
                    crate::i18n::fill(lang.m().city_badge, &[("n", &n.to_string()), ("city", city)])
                }
                None => continue,
            },
        };
        let (x, y) = match basemap.county_label(county) {
            Some((label, _)) => basemap::to_screen(camera, label),
            None => camera.to_screen(display.from_wgs84(seat)),
        };
        let named_here = x >= 0.0 && y >= 0.0 && x <= camera.width && y <= camera.height;
        // Below the county's name, which the basemap writes at the label point.
        let y = y + if elder { 24.0 } else { 20.0 };
        let in_view = x >= 0.0 && y >= 0.0 && x <= camera.width && y <= camera.height;
        let (x, y) = match (named_here && in_view, centre == Some(county), in_view) {
            (true, _, _) => (x, y),
            (false, true, _) => (camera.width / 2.0, basemap::PINNED_NAME_Y + 10.0 + h / 2.0),
            (false, false, true) => (x, y),
            (false, false, false) => continue,
        };
        let w = ctx.measure_text(&text).map_or(90.0, |m| m.width()) + 16.0;
        // A badge is moved down below those it would cover (a few steps at most).
        let (x0, x1) = (x - w / 2.0, x + w / 2.0);
        let covers = |y: f64| {
            taken.iter().any(|&(l, t, r, b)| x0 < r && x1 > l && y - h / 2.0 < b && y + h / 2.0 > t)
        };
        let mut y = y;
        for _ in 0..4 {
            if !covers(y) {
                break;
            }
            y += h + 4.0;
        }
        taken.push((x0, y - h / 2.0, x1, y + h / 2.0));
        ctx.begin_path();
        let _ = ctx.round_rect_with_f64(x - w / 2.0, y - h / 2.0, w, h, h / 2.0);
        ctx.set_fill_style_str("rgba(255, 255, 255, 0.92)");
        ctx.fill();
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.0.into(), &3.0.into()));
        ctx.set_stroke_style_str("#5a4a00");
        ctx.set_line_width(1.5);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        ctx.set_fill_style_str("#3b3000");
        let _ = ctx.fill_text(&text, x, y + 0.5);
        hits.push(HitArea { x, y, r: (w / 2.0).max(TOUCH_RADIUS), target: Target::County(county) });
    }
    hits
}

/// A cluster: a disc sized by its count, the count on it; a tap zooms in.
fn bubble(
    ctx: &CanvasRenderingContext2d,
    x: f64,
    y: f64,
    r: f64,
    count: usize,
    point: LatLon,
    elder: bool,
) -> HitArea {
    let radius = (r + 4.0 + 4.0 * (count as f64).log10()).min(30.0);
    ctx.begin_path();
    let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
    ctx.set_fill_style_str("#17453a");
    ctx.fill();
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(2.5);
    ctx.stroke();
    ctx.set_fill_style_str("#ffffff");
    ctx.set_font(if elder {
        "700 15px system-ui, sans-serif"
    } else {
        "700 12px system-ui, sans-serif"
    });
    let _ = ctx.fill_text(&count.to_string(), x, y + 0.5);
    HitArea { x, y, r: radius.max(TOUCH_RADIUS), target: Target::Cluster { point, count } }
}

/// The facilities (of the filter) at exactly `point`, in index order.
fn stacked_at(dataset: &Dataset, point: LatLon, filter: &Filter) -> Vec<usize> {
    let e = 1e-6;
    let area = engine::LatLonBox {
        south: point.lat() - e,
        west: point.lon() - e,
        north: point.lat() + e,
        east: point.lon() + e,
    };
    dataset.within_box(area, filter).iter().map(|f| f.slot()).collect()
}

/// Where the `i`th of a stack goes: a sunflower spiral around the shared
/// point, `spacing` pixels between neighbours.
pub fn spread_offset(i: usize, spacing: f64) -> (f64, f64) {
    const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;
    let radius = spacing * (i as f64 + 1.0).sqrt();
    let angle = i as f64 * GOLDEN_ANGLE;
    (radius * angle.cos(), radius * angle.sin())
}

/// A stack spread round its point: a leader from the point to each marker,
/// the point itself as a small ring (where the seat is), each marker tappable.
fn spread(
    ctx: &CanvasRenderingContext2d,
    dataset: &Dataset,
    stack: &[usize],
    x: f64,
    y: f64,
    r: f64,
    hits: &mut Vec<HitArea>,
) {
    let spacing = r * 2.3;
    let at: Vec<(f64, f64)> = (0..stack.len())
        .map(|i| spread_offset(i, spacing))
        .map(|(dx, dy)| (x + dx, y + dy))
        .collect();
    ctx.begin_path();
    for &(mx, my) in &at {
        ctx.move_to(x, y);
        ctx.line_to(mx, my);
    }
    ctx.set_stroke_style_str("rgba(60, 60, 60, 0.55)");
    ctx.set_line_width(1.0);
    ctx.stroke();
    ctx.begin_path();
    let _ = ctx.arc(x, y, 3.5, 0.0, std::f64::consts::TAU);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill();
    ctx.set_stroke_style_str("#3c3c3c");
    ctx.set_line_width(1.5);
    ctx.stroke();
    for (&slot, &(mx, my)) in stack.iter().zip(&at) {
        let Some(f) = dataset.get(slot) else { continue };
        marker(ctx, f.kind(), mx, my, r, 2.0, f.precision().is_approximate());
        // Spread markers sit close: a tap reaches the nearest, no further than half the spacing.
        hits.push(HitArea {
            x: mx,
            y: my,
            r: (spacing / 2.0).max(r),
            target: Target::Facility(slot),
        });
    }
}

fn highlight(
    ctx: &CanvasRenderingContext2d,
    camera: &Camera,
    display: CoordSystem,
    point: LatLon,
    kind: engine::FacilityKind,
    elder: bool,
) {
    let (x, y) = camera.to_screen(display.from_wgs84(point));
    let r = marker_radius(elder) * 1.5;
    ctx.begin_path();
    let _ = ctx.arc(x, y, r + 6.0, 0.0, std::f64::consts::TAU);
    ctx.set_stroke_style_str("#f4a100");
    ctx.set_line_width(4.0);
    ctx.stroke();
    marker(ctx, kind, x, y, r, 2.5, false);
}

/// One facility's marker: its category's shape and colour, outlined in white.
/// A point that stands for an area (a seat, an estimate) is drawn paler inside a
/// dashed ring of its colour, so it reads as "somewhere about here".
fn marker(
    ctx: &CanvasRenderingContext2d,
    kind: engine::FacilityKind,
    x: f64,
    y: f64,
    r: f64,
    outline: f64,
    approximate: bool,
) {
    let category = symbols::category(kind);
    if approximate {
        ctx.begin_path();
        let _ = ctx.arc(x, y, r + 4.0, 0.0, std::f64::consts::TAU);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&3.0.into(), &2.5.into()));
        ctx.set_stroke_style_str(category.fill);
        ctx.set_line_width(1.5);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        ctx.set_global_alpha(0.6);
    }
    symbols::trace(ctx, category.shape, x, y, r);
    ctx.set_fill_style_str(category.fill);
    ctx.fill();
    ctx.set_global_alpha(1.0);
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(outline);
    ctx.stroke();
}

fn you_are_here(
    ctx: &CanvasRenderingContext2d,
    camera: &Camera,
    display: CoordSystem,
    point: LatLon,
    source: &OriginSource,
) {
    let (x, y) = camera.to_screen(display.from_wgs84(point));
    if let OriginSource::Device { accuracy_m } = source {
        let r = accuracy_m / metres_per_px_at(camera, point.lat());
        if r > 8.0 {
            ctx.begin_path();
            let _ = ctx.arc(x, y, r.min(4_000.0), 0.0, std::f64::consts::TAU);
            ctx.set_fill_style_str("rgba(26, 115, 232, 0.15)");
            ctx.fill();
            ctx.set_stroke_style_str("rgba(26, 115, 232, 0.6)");
            ctx.set_line_width(1.0);
            ctx.stroke();
        }
        ctx.begin_path();
        let _ = ctx.arc(x, y, 8.0, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str("#1a73e8");
        ctx.fill();
        ctx.set_stroke_style_str("#ffffff");
        ctx.set_line_width(3.0);
        ctx.stroke();
    } else {
        symbols::trace(ctx, Shape::Diamond, x, y, 7.0);
        ctx.set_fill_style_str("#a4161a");
        ctx.fill();
        ctx.set_stroke_style_str("#ffffff");
        ctx.set_line_width(2.5);
        ctx.stroke();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::hits::hit;

    #[test]
    fn a_spread_stack_keeps_its_markers_apart() {
        let spacing = 17.0;
        let at: Vec<(f64, f64)> = (0..60).map(|i| spread_offset(i, spacing)).collect();
        for (i, a) in at.iter().enumerate() {
            for b in &at[i + 1..] {
                assert!((a.0 - b.0).hypot(a.1 - b.1) > spacing * 0.8, "{a:?} {b:?}");
            }
        }
        // Each spread marker is the nearest hit at its own centre.
        let hits: Vec<HitArea> = at
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| HitArea { x, y, r: spacing / 2.0, target: Target::Facility(i) })
            .collect();
        for (i, &(x, y)) in at.iter().enumerate() {
            assert_eq!(hit(&hits, x + 1.0, y - 1.0), Some(Target::Facility(i)));
        }
    }
}
