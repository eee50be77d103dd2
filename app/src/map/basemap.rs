//! The offline basemap: province, city and county outlines and names from
//! the bundled boundary files, projected to Web Mercator once. The overview
//! (`china.xzb`) is always there; a province's 250 m outlines load when the
//! map zooms to it, its 30 m outlines and its township names closer still.
//! The county the user (or the view's centre) is in is outlined stronger, so
//! there is always something to find one's way by. Rivers and lakes
//! (`water.txt`, Natural Earth 1:50m) are drawn below zoom 8, where their scale holds.

use std::cell::OnceCell;
use std::sync::Arc;

use engine::boundaries::{Boundaries, Level, SCALE};
use engine::camera::mercator;
use engine::camera::Camera;
use engine::LatLon;
use web_sys::CanvasRenderingContext2d;

use engine::CoordSystem;
use siteconfig::Outlines;

/// Zooms at which a province's finer outlines replace the overview's. The
/// overview (2 km, under 2 px up to zoom 7) serves the opening view (6.5)
/// alone, so a first visit downloads no province file.
pub const MEDIUM_FROM_ZOOM: f64 = 7.0;
pub const DETAIL_FROM_ZOOM: f64 = 10.0;
/// From here township names are written (about 150 px apart in 重庆).
pub const TOWNSHIPS_FROM_ZOOM: f64 = 10.5;
/// From here the county the view is in is outlined stronger.
const FOCUS_FROM_ZOOM: f64 = 8.0;
/// Where the county one is in is named when its own label is out of view
/// (the top of the map, between the legend and the buttons).
pub const PINNED_NAME_Y: f64 = 16.0;

/// Rivers and lakes are drawn from the overview's zoom up to here: they are
/// Natural Earth's 1:50m, quantized to about 3.5 km; at zoom 8 that is still
/// a dozen pixels, and closer in a river would stand on the wrong side of a town.
pub const WATER_UNTIL_ZOOM: f64 = 8.0;

/// Rivers (lines) and lakes (rings, filled even-odd), in Mercator, each with its box.
#[derive(Default)]
pub struct Water {
    rivers: Vec<Boxed>,
    lakes: Vec<Boxed>,
}

/// A line or ring in Mercator, after its box (x0, y0, x1, y1).
type Boxed = ((f64, f64, f64, f64), Vec<(f64, f64)>);

/// Reads `water.txt` (written by `datakit water`: `R` or `L`, then the first point
/// `lon,lat` in hundredths of a degree, then differences); a line it cannot read is skipped.
pub fn parse_water(text: &str, display: CoordSystem) -> Water {
    let mut water = Water::default();
    for line in text.lines() {
        let mut parts = line.split(' ');
        let lake = match parts.next() {
            Some("L") => true,
            Some("R") => false,
            _ => continue,
        };
        let (mut x, mut y) = (0i64, 0i64);
        let points: Option<Vec<(f64, f64)>> = parts
            .map(|p| {
                let (a, b) = p.split_once(',')?;
                (x, y) = (x + a.parse::<i64>().ok()?, y + b.parse::<i64>().ok()?);
                let point = LatLon::new(y as f64 / 100.0, x as f64 / 100.0).ok()?;
                Some(mercator(display.from_wgs84(point)))
            })
            .collect();
        let Some(points) = points.filter(|p| p.len() >= 2) else { continue };
        let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(px, py) in &points {
            b = (b.0.min(px), b.1.min(py), b.2.max(px), b.3.max(py));
        }
        if lake { &mut water.lakes } else { &mut water.rivers }.push((b, points));
    }
    water
}

impl Water {
    /// Draws what meets the view; returns how many rivers and lake rings that was.
    fn draw(&self, ctx: &CanvasRenderingContext2d, camera: &Camera, colors: &Palette) -> usize {
        let view = view_box(camera);
        let mut drawn = 0;
        ctx.set_fill_style_str(colors.water);
        ctx.begin_path();
        for (_, ring) in self.lakes.iter().filter(|(b, _)| meets(*b, view)) {
            trace_ring(ctx, camera, ring);
            drawn += 1;
        }
        ctx.fill_with_canvas_winding_rule(web_sys::CanvasWindingRule::Evenodd);
        ctx.set_stroke_style_str(colors.water);
        ctx.set_line_width(1.6);
        ctx.begin_path();
        for (_, line) in self.rivers.iter().filter(|(b, _)| meets(*b, view)) {
            trace_line(ctx, camera, line);
            drawn += 1;
        }
        ctx.stroke();
        drawn
    }
}

/// A township's name where its seat is (Mercator).
pub struct Township {
    pub name: String,
    pub at: (f64, f64),
}

/// Reads a province's township file (`county,name,lat,lon` a line, written
/// by `datakit township-labels`); a line it cannot read is skipped.
pub fn parse_townships(text: &str, display: CoordSystem) -> Vec<Township> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split(',').skip(1);
            let name = parts.next()?;
            let lat = parts.next()?.parse().ok()?;
            let lon = parts.next()?.parse().ok()?;
            let point = LatLon::new(lat, lon).ok()?;
            Some(Township { name: name.to_string(), at: mercator(display.from_wgs84(point)) })
        })
        .collect()
}

/// One region, ready to draw.
pub struct Shape {
    pub adcode: u32,
    pub level: Level,
    pub name: String,
    /// Mercator x, y of its label point.
    pub label: (f64, f64),
    /// Mercator box: x0, y0, x1, y1.
    pub bbox: (f64, f64, f64, f64),
    /// The file it is in, and where.
    source: Arc<Boundaries>,
    index: usize,
    display: CoordSystem,
    /// Its outline in Mercator, projected the first time it is in view: the
    /// opening view shows a few provinces, not the whole country.
    rings: OnceCell<Vec<Vec<(f64, f64)>>>,
}

impl Shape {
    fn new(source: &Arc<Boundaries>, index: usize, display: CoordSystem) -> Shape {
        let region = &source.regions[index];
        let [s, w, n, e] = region.bbox;
        let (x0, y1) = project_point([w, s], display);
        let (x1, y0) = project_point([e, n], display);
        Shape {
            adcode: region.adcode,
            level: region.level,
            name: region.name.clone(),
            label: mercator(display.from_wgs84(region.label)),
            bbox: (x0, y0, x1, y1),
            source: source.clone(),
            index,
            display,
            rings: OnceCell::new(),
        }
    }

    pub fn rings(&self) -> &[Vec<(f64, f64)>] {
        self.rings.get_or_init(|| {
            let region = &self.source.regions[self.index];
            (0..region.rings.len())
                .map(|i| region.ring(i).iter().map(|&p| project_point(p, self.display)).collect())
                .collect()
        })
    }
}

/// Finer outlines, by tier and province.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tier {
    Medium,
    Detail,
    /// Township names (no outlines: no open source has them).
    Townships,
    /// Rivers and lakes, the whole country in one file (province 0).
    Water,
}

impl Tier {
    /// The province's file under `data/boundaries/`.
    pub fn file(self, province: u32) -> String {
        match self {
            Tier::Medium => format!("medium/{province}.xzb"),
            Tier::Detail => format!("detail/{province}.xzb"),
            Tier::Townships => format!("townships/{province}.csv"),
            Tier::Water => "water.txt".to_string(),
        }
    }
}

#[derive(Default)]
pub struct Basemap {
    overview: Vec<Shape>,
    /// Each province's adcode and box.
    provinces: Vec<(u32, (f64, f64, f64, f64))>,
    /// (A few dozen at most: lists, not maps; each map type is code in the wasm.)
    finer: Vec<((Tier, u32), Vec<Shape>)>,
    townships: Vec<(u32, Vec<Township>)>,
    water: Water,
    /// Files asked for (loaded, loading or failed): never asked twice.
    pub requested: Vec<(Tier, u32)>,
}

/// A boundary file's (lon, lat) point in Web Mercator.
fn project_point([lon, lat]: [i32; 2], display: CoordSystem) -> (f64, f64) {
    let p = LatLon::new(lat as f64 / SCALE, lon as f64 / SCALE).unwrap_or(LatLon::ORIGIN);
    mercator(display.from_wgs84(p))
}

impl Basemap {
    /// The basemap of the overview's outlines (regions without one, the place
    /// index's counties, are for search, not drawing).
    pub fn new(overview: &Arc<Boundaries>, display: CoordSystem) -> Basemap {
        let overview: Vec<Shape> = (0..overview.regions.len())
            .filter(|&i| !overview.regions[i].polygons.is_empty())
            .map(|i| Shape::new(overview, i, display))
            .collect();
        let provinces = overview
            .iter()
            .filter(|s| s.level == Level::Province)
            .map(|s| (s.adcode, s.bbox))
            .collect();
        Basemap { overview, provinces, ..Basemap::default() }
    }

    pub fn add(
        &mut self,
        tier: Tier,
        province: u32,
        boundaries: &Arc<Boundaries>,
        display: CoordSystem,
    ) {
        let shapes =
            (0..boundaries.regions.len()).map(|i| Shape::new(boundaries, i, display)).collect();
        self.finer.retain(|(key, _)| *key != (tier, province));
        self.finer.push(((tier, province), shapes));
    }

    pub fn set_water(&mut self, water: Water) {
        self.water = water;
    }

    /// Whether rivers and lakes are drawn at `zoom` (and so wanted).
    pub fn water_at(zoom: f64) -> bool {
        zoom < WATER_UNTIL_ZOOM
    }

    pub fn add_townships(&mut self, province: u32, townships: Vec<Township>) {
        self.townships.retain(|(p, _)| *p != province);
        self.townships.push((province, townships));
    }

    /// A county's label point (Mercator) and name, from the finer outlines
    /// loaded for its province; `None` until they are in.
    pub fn county_label(&self, adcode: u32) -> Option<((f64, f64), &str)> {
        self.finer
            .iter()
            .filter(|((_, province), _)| *province == adcode / 10_000 * 10_000)
            .flat_map(|(_, shapes)| shapes)
            .find(|s| s.level == Level::County && s.adcode == adcode)
            .map(|s| (s.label, s.name.as_str()))
    }

    /// The name of a county, city or province by adcode, from the outlines
    /// loaded (the finer first, then the overview).
    pub fn area_name(&self, adcode: u32) -> Option<&str> {
        let finer = self.finer.iter().flat_map(|(_, shapes)| shapes);
        finer.chain(&self.overview).find(|s| s.adcode == adcode).map(|s| s.name.as_str())
    }

    /// The county holding a point (WGS-84), from the finer outlines loaded.
    pub fn county_at(&self, point: LatLon) -> Option<u32> {
        self.finer
            .iter()
            .flat_map(|(_, shapes)| shapes)
            .filter(|s| s.level == Level::County)
            .find(|s| s.source.regions[s.index].contains(point))
            .map(|s| s.adcode)
    }

    /// Provinces (by adcode) whose box meets the view.
    pub fn provinces_in_view(&self, view: (f64, f64, f64, f64)) -> Vec<u32> {
        self.provinces.iter().filter(|(_, b)| meets(*b, view)).map(|&(adcode, _)| adcode).collect()
    }

    /// Draws outlines and names for the camera (`dpr` device pixels to the
    /// CSS pixel): the outlines the deployment keeps, the `focus` county's
    /// stronger. Returns how many rivers and lake rings it drew.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &self,
        ctx: &CanvasRenderingContext2d,
        camera: &Camera,
        dpr: f64,
        colors: &Palette,
        provinces_in_view: &[u32],
        outlines: Outlines,
        focus: Option<u32>,
    ) -> usize {
        let view = view_box(camera);
        let zoom = camera.zoom;
        let mut shapes: Vec<&Shape> = Vec::new();
        // A few provinces, a few dozen labels: lists, not sets (each set type is code in the wasm).
        let mut covered: Vec<u32> = Vec::new();
        for &p in provinces_in_view {
            let tiers: &[Tier] = if zoom >= DETAIL_FROM_ZOOM {
                &[Tier::Detail, Tier::Medium]
            } else if zoom >= MEDIUM_FROM_ZOOM {
                &[Tier::Medium]
            } else {
                &[]
            };
            if let Some(finer) = tiers.iter().find_map(|&t| {
                self.finer.iter().find(|(key, _)| *key == (t, p)).map(|(_, shapes)| shapes)
            }) {
                covered.push(p / 10_000);
                shapes.extend(finer.iter().filter(|s| meets(s.bbox, view)));
            }
        }
        // Where a province's finer outlines are drawn, its overview shapes are not.
        shapes.extend(
            self.overview
                .iter()
                .filter(|s| meets(s.bbox, view) && !covered.contains(&(s.adcode / 10_000))),
        );
        // Water under the outlines, only where its scale holds.
        let water = if Basemap::water_at(zoom) { self.water.draw(ctx, camera, colors) } else { 0 };
        for level in [Level::County, Level::City, Level::Province] {
            // City and county lines are at most one device pixel wide: the
            // rasterizer draws those as hairlines, many times faster than wider strokes.
            let (width, color) = match level {
                Level::Province => (1.6, colors.province),
                Level::City => (1.0_f64.min(1.0 / dpr), colors.city),
                Level::County => (0.6_f64.min(1.0 / dpr), colors.county),
            };
            let kept = match outlines {
                Outlines::All => true,
                // Nothing at the country's scale: a reviewed basemap's borders stand alone.
                Outlines::Regional => level != Level::Province && zoom >= MEDIUM_FROM_ZOOM,
                Outlines::None => false,
            };
            if !kept || (level == Level::County && zoom < 7.0) {
                continue;
            }
            ctx.set_line_width(width);
            ctx.set_stroke_style_str(color);
            ctx.begin_path();
            for shape in shapes.iter().filter(|s| s.level == level) {
                for ring in shape.rings() {
                    trace_ring(ctx, camera, ring);
                }
            }
            ctx.stroke();
        }
        let focused = focus
            .filter(|_| zoom >= FOCUS_FROM_ZOOM && outlines != Outlines::None)
            .and_then(|c| shapes.iter().find(|s| s.level == Level::County && s.adcode == c));
        if let Some(county) = focused {
            ctx.set_line_width(2.5);
            ctx.set_stroke_style_str(colors.focus);
            ctx.begin_path();
            for ring in county.rings() {
                trace_ring(ctx, camera, ring);
            }
            ctx.stroke();
        }
        self.draw_labels(ctx, camera, colors, &shapes, focused.map(|s| s.adcode));
        water
    }

    /// The township names of the provinces in view, for the label pass.
    fn townships_in_view(&self, view: (f64, f64, f64, f64)) -> impl Iterator<Item = &Township> {
        self.townships.iter().flat_map(|(_, t)| t).filter(move |t| {
            t.at.0 >= view.0 && t.at.0 <= view.2 && t.at.1 >= view.1 && t.at.1 <= view.3
        })
    }

    fn draw_labels(
        &self,
        ctx: &CanvasRenderingContext2d,
        camera: &Camera,
        colors: &Palette,
        shapes: &[&Shape],
        focus: Option<u32>,
    ) {
        let level = if camera.zoom < 5.5 {
            Level::Province
        } else if camera.zoom < 8.5 {
            Level::City
        } else {
            Level::County
        };
        ctx.set_font(if level == Level::Province {
            "600 13px system-ui, sans-serif"
        } else {
            "12px system-ui, sans-serif"
        });
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str(colors.halo);
        ctx.set_fill_style_str(colors.label);
        // A coarse grid keeps labels from overlapping.
        let mut taken: Vec<(i32, i32)> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        // The focused county's name first, so the grid keeps it (two passes, not a sort: less wasm).
        let at_level = |first: bool| {
            shapes.iter().filter(move |s| s.level == level && (Some(s.adcode) == focus) == first)
        };
        for shape in at_level(true).chain(at_level(false)) {
            if seen.contains(&shape.name.as_str()) {
                continue;
            }
            seen.push(&shape.name);
            let (x, y) = to_screen(camera, shape.label);
            let off_screen = x < 0.0 || y < 0.0 || x > camera.width || y > camera.height;
            if off_screen && Some(shape.adcode) == focus {
                // Zoomed in, the county one is in keeps its name, at the top of the map.
                ctx.set_font("600 13px system-ui, sans-serif");
                let _ = ctx.stroke_text(&shape.name, camera.width / 2.0, PINNED_NAME_Y);
                let _ = ctx.fill_text(&shape.name, camera.width / 2.0, PINNED_NAME_Y);
                ctx.set_font("12px system-ui, sans-serif");
                continue;
            }
            if off_screen {
                continue;
            }
            let cell = ((x / 90.0) as i32, (y / 28.0) as i32);
            if taken.contains(&cell) {
                continue;
            }
            taken.push(cell);
            let _ = ctx.stroke_text(&shape.name, x, y);
            let _ = ctx.fill_text(&shape.name, x, y);
        }
        if camera.zoom < TOWNSHIPS_FROM_ZOOM {
            return;
        }
        ctx.set_font("11px system-ui, sans-serif");
        ctx.set_fill_style_str(colors.township);
        for township in self.townships_in_view(view_box(camera)) {
            let (x, y) = to_screen(camera, township.at);
            let cell = ((x / 90.0) as i32, (y / 28.0) as i32);
            if taken.contains(&cell) {
                continue;
            }
            taken.push(cell);
            // A dot at the seat, the name under it: a marker standing at the seat leaves the name readable.
            ctx.begin_path();
            let _ = ctx.arc(x, y, 2.0, 0.0, std::f64::consts::TAU);
            ctx.fill();
            let _ = ctx.stroke_text(&township.name, x, y + 14.0);
            let _ = ctx.fill_text(&township.name, x, y + 14.0);
        }
    }
}

/// Colours of the basemap, light or dark.
pub struct Palette {
    pub background: &'static str,
    pub province: &'static str,
    pub city: &'static str,
    pub county: &'static str,
    pub label: &'static str,
    pub halo: &'static str,
    /// The county one is in.
    pub focus: &'static str,
    pub township: &'static str,
    pub water: &'static str,
}

pub const LIGHT: Palette = Palette {
    background: "#f3f1ea",
    province: "#7d7567",
    city: "#a39a8a",
    county: "#c9c1b1",
    label: "#3d3a33",
    halo: "#f3f1ea",
    focus: "#8a5a14",
    township: "#5c574d",
    water: "#6aa2cf",
};
pub const DARK: Palette = Palette {
    background: "#1b1d1f",
    province: "#a8a294",
    city: "#77726a",
    county: "#4d4a45",
    label: "#e4e0d6",
    halo: "#1b1d1f",
    focus: "#d9a441",
    township: "#b9b4a9",
    water: "#3f6f96",
};

/// The Mercator box the camera shows.
pub fn view_box(camera: &Camera) -> (f64, f64, f64, f64) {
    let w = camera.world_px();
    let (hw, hh) = (camera.width / 2.0 / w, camera.height / 2.0 / w);
    (camera.center.0 - hw, camera.center.1 - hh, camera.center.0 + hw, camera.center.1 + hh)
}

pub fn meets(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 <= b.2 && b.0 <= a.2 && a.1 <= b.3 && b.1 <= a.3
}

pub fn to_screen(camera: &Camera, (x, y): (f64, f64)) -> (f64, f64) {
    let w = camera.world_px();
    (
        camera.width / 2.0 + (x - camera.center.0) * w,
        camera.height / 2.0 + (y - camera.center.1) * w,
    )
}

/// A line, open: points closer than a device pixel or so to the last drawn are skipped.
fn trace_line(ctx: &CanvasRenderingContext2d, camera: &Camera, line: &[(f64, f64)]) {
    trace(ctx, camera, line);
}

fn trace_ring(ctx: &CanvasRenderingContext2d, camera: &Camera, ring: &[(f64, f64)]) {
    trace(ctx, camera, ring);
    ctx.close_path();
}

fn trace(ctx: &CanvasRenderingContext2d, camera: &Camera, ring: &[(f64, f64)]) {
    let mut last = (f64::NAN, f64::NAN);
    for (i, &p) in ring.iter().enumerate() {
        let (x, y) = to_screen(camera, p);
        if i == 0 {
            ctx.move_to(x, y);
        } else if (x - last.0).abs() + (y - last.1).abs() >= 0.7 || i == ring.len() - 1 {
            ctx.line_to(x, y);
        } else {
            continue;
        }
        last = (x, y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn water_reads_rivers_and_lakes_and_skips_what_it_cannot() {
        let text = "# a comment\n\
                    R 10400,2900 100,0 0,100\n\
                    L 11000,3000 10,0 0,10 -10,-10\n\
                    R 10400,2900 x,1\n\
                    R 10400,2900\n\
                    Q 1,1 1,1\n";
        let water = parse_water(text, CoordSystem::Wgs84);
        assert_eq!((water.rivers.len(), water.lakes.len()), (1, 1));
        let (bbox, line) = &water.rivers[0];
        assert_eq!(line.len(), 3);
        // The third point, 105°E 30°N, is where the differences say, in Mercator.
        let expected = mercator(LatLon::new(30.0, 105.0).unwrap());
        assert!((line[2].0 - expected.0).abs() < 1e-12 && (line[2].1 - expected.1).abs() < 1e-12);
        // Its box holds every point.
        assert!(line
            .iter()
            .all(|&(x, y)| x >= bbox.0 && x <= bbox.2 && y >= bbox.1 && y <= bbox.3));
    }
}
