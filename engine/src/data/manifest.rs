//! The shard manifest: a national dataset split into files a browser loads
//! only when it needs them (by province or city, or into tiles of bounded
//! size), and `manifest.json`, which lists them.
//!
//! `manifest.json` lists the shards, each with its region, bounding box,
//! facility count, size and content hash (the same xxh3 the shard's header
//! carries, so a download can be checked against the manifest before it is
//! decoded), and the OR of its facilities' attribute masks, so a filtered
//! question skips the shards that hold no match. A [`ShardSet`] answers queries over the shards loaded so far
//! and says which unloaded shards could still change the answer, so a
//! caller loads exactly those and asks again: the answer it ends with is the
//! same as over the whole dataset.
//!
//! Networks are stored in every shard that holds one of their members, with
//! the members of that shard; `ShardSet::members` joins them.
//!
//! Designations (胸痛中心, 卒中中心 …) are rare: a filter that requires one
//! would find a match in only some tiles, scattered over the nation. So each
//! designation also gets a layer: one file holding every facility that has
//! it, from which such a question is answered whole.

use serde::Serialize;

use crate::data::json::{self, Fields, Json};

use crate::data::codec::{self, DecodeError, Header, FORMAT_VERSION};
use crate::data::model::Designation;
use crate::geo::bbox::LatLonBox;
use crate::geo::point::{haversine_m, LatLon, EARTH_RADIUS_M};

/// What the manifest's `format` field must say.
pub const MANIFEST_FORMAT: &str = "xunzhen-shards";
/// Manifests longer than this are refused before parsing.
pub const MAX_MANIFEST_BYTES: usize = 1 << 20;

/// The list of shards.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// The dataset format version of every shard.
    pub format_version: u16,
    /// Unix seconds.
    pub built: i64,
    /// True when the data is synthetic (tests and benchmarks).
    pub synthetic: bool,
    /// The shards, one per region.
    pub shards: Vec<ShardInfo>,
    /// The whole dataset in one file (region 0), which the app loads; the
    /// manifest is fetched first and always revalidated, so a download is
    /// checked against it and old and new never mix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whole: Option<ShardInfo>,
    /// One file per designation that some facility holds, with every such
    /// facility (see the module's introduction). Absent in manifests
    /// written before layers existed: then tiles answer alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<ShardInfo>,
    /// The cluster summaries, one per zoom of the engine's
    /// `SUMMARY_ZOOMS` in that order: every facility counted into the map's
    /// grid cells at country and at province zoom (JSON files; `count` is
    /// the number of cells, `hash` the xxh3 of the file), so those views
    /// need no shard.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clusters: Vec<ShardInfo>,
    /// The national name index's bucket files (see the engine's
    /// `index::names`; `count` is the number of keys, `hash` the xxh3 of the
    /// file). Absent in manifests written before it existed: then names are
    /// searched in the tiles loaded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<ShardInfo>,
}

/// One shard: a region's facilities in one `.xzd` file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShardInfo {
    /// The region's adcode (`510000` for 四川省); `0` for facilities without one.
    pub region: u32,
    /// Path of the file, relative to the manifest.
    pub path: String,
    /// How many facilities it holds.
    pub count: u32,
    /// Its size in bytes.
    pub bytes: u64,
    /// The shard's content hash, 16 hex digits (as in its header).
    pub hash: String,
    /// Bounding box of the shard's points, in degrees.
    pub south: f64,
    /// Western edge, degrees.
    pub west: f64,
    /// Northern edge, degrees.
    pub north: f64,
    /// Eastern edge, degrees.
    pub east: f64,
    /// The OR of its facilities' attribute masks (kinds, grades, services,
    /// network kinds, designations; see the engine's `index::mask`), as 32
    /// hex digits. Absent in manifests written before it existed: such a
    /// shard is never skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mask: Option<String>,
    /// For a layer, the code of the designation every facility in it holds
    /// (`chest_pain_centre`); `None` for a shard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub designation: Option<String>,
    /// The ids of the networks some of whose members it holds, so a
    /// network's page knows which shards to fetch (see `ShardSet::members`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<String>,
}

impl ShardInfo {
    /// Describes an encoded file: its size, hash, count and the box of its
    /// points as stored (decoding checks the bytes, and gives the points to
    /// 1e-7°, so the box holds every one of them exactly).
    pub fn describe(region: u32, path: String, bytes: &[u8]) -> Result<Self, String> {
        let (header, columns, _) = codec::decode_columns(bytes).map_err(|e| e.to_string())?;
        let (lat, lon) = (&columns.lat, &columns.lon);
        let fold = |values: &[f64], f: fn(f64, f64) -> f64, init: f64| {
            values.iter().copied().fold(init, f)
        };
        Ok(ShardInfo {
            region,
            path,
            count: header.facility_count,
            bytes: bytes.len() as u64,
            hash: format!("{:016x}", header.content_hash),
            south: fold(lat, f64::min, 90.0),
            north: fold(lat, f64::max, -90.0),
            west: fold(lon, f64::min, 180.0),
            east: fold(lon, f64::max, -180.0),
            mask: None,
            designation: None,
            networks: Vec::new(),
        })
    }

    /// The entry a JSON tree describes.
    fn from_json(value: &Json) -> Result<Self, String> {
        let f = Fields::of(value, "a manifest entry")?;
        let degrees = |key: &str| f.number(key);
        Ok(ShardInfo {
            region: f.integer("region", 0.0, u32::MAX as f64)? as u32,
            path: f.string("path")?,
            count: f.integer("count", 0.0, u32::MAX as f64)? as u32,
            bytes: f.integer("bytes", 0.0, 9e15)? as u64,
            hash: f.string("hash")?,
            south: degrees("south")?,
            west: degrees("west")?,
            north: degrees("north")?,
            east: degrees("east")?,
            mask: f.opt_string("mask")?,
            designation: f.opt_string("designation")?,
            networks: f.strings("networks")?,
        })
    }

    /// Describes a file that is not a dataset (a cluster summary): its size,
    /// the xxh3 of all its bytes, and `count` items in it; its box is the world.
    pub fn describe_file(path: String, bytes: &[u8], count: u32) -> Self {
        ShardInfo {
            region: 0,
            path,
            count,
            bytes: bytes.len() as u64,
            hash: format!("{:016x}", codec::content_hash(bytes)),
            south: -90.0,
            west: -180.0,
            north: 90.0,
            east: 180.0,
            mask: None,
            designation: None,
            networks: Vec::new(),
        }
    }

    /// Whether `bytes` are the file [`ShardInfo::describe_file`] described.
    pub fn describes_file(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.bytes
            && parse_hash(&self.hash) == Some(codec::content_hash(bytes))
    }

    /// The shard's attribute mask; every bit set when the manifest gives none.
    pub fn mask_bits(&self) -> u128 {
        self.mask
            .as_deref()
            .filter(|m| is_hex(m, 32))
            .and_then(|m| u128::from_str_radix(m, 16).ok())
            .unwrap_or(u128::MAX)
    }

    /// Checks a downloaded file's size, and its header's hash and count,
    /// against this entry, so a stale or mixed-up file is refused before it
    /// is decoded (decoding then checks the body against the header).
    pub fn check(&self, bytes: &[u8]) -> Result<Header, ShardError> {
        let mismatch = |what: String| ShardError::Mismatch { path: self.path.clone(), what };
        if bytes.len() as u64 != self.bytes {
            return Err(mismatch(format!(
                "{} bytes, the manifest says {}",
                bytes.len(),
                self.bytes
            )));
        }
        let header = codec::header(bytes)
            .map_err(|error| ShardError::Decode { path: self.path.clone(), error })?;
        if Some(header.content_hash) != parse_hash(&self.hash) {
            return Err(mismatch(format!(
                "content hash {:016x}, the manifest says {}",
                header.content_hash, self.hash
            )));
        }
        if header.facility_count != self.count {
            return Err(mismatch(format!(
                "{} facilities, the manifest says {}",
                header.facility_count, self.count
            )));
        }
        Ok(header)
    }

    /// The box of the shard's points.
    pub fn bbox(&self) -> LatLonBox {
        LatLonBox { south: self.south, west: self.west, north: self.north, east: self.east }
    }

    /// An upper bound on the great-circle distance in metres from `point`
    /// to any point of the shard: to the box's centre, plus the box's
    /// diameter (no two points of it are further apart than a walk along a
    /// meridian and then along the parallel nearest the equator).
    pub fn max_distance_m(&self, point: LatLon) -> f64 {
        let centre = LatLon::new((self.south + self.north) / 2.0, (self.west + self.east) / 2.0)
            .unwrap_or(LatLon::ORIGIN);
        let widest = if self.south <= 0.0 && self.north >= 0.0 {
            1.0
        } else {
            self.south.abs().min(self.north.abs()).to_radians().cos()
        };
        let diameter = ((self.north - self.south).to_radians()
            + (self.east - self.west).to_radians() * widest)
            * EARTH_RADIUS_M;
        haversine_m(point, centre) + diameter
    }

    /// A lower bound on the great-circle distance in metres from `point` to any point of the shard.
    pub fn min_distance_m(&self, point: LatLon) -> f64 {
        let q = point.to_unit_vector();
        let chord2 = self.bbox().bounds().iter().map(|b| b.dist2(q)).fold(f64::INFINITY, f64::min);
        2.0 * (chord2.sqrt() / 2.0).min(1.0).asin() * EARTH_RADIUS_M
    }
}

/// Why a manifest or a shard was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShardError {
    /// The manifest itself is malformed, and how.
    #[error("shard manifest is not valid: {0}")]
    Manifest(String),
    /// A shard that does not decode.
    #[error("shard {path}: {error}")]
    Decode {
        /// The shard's path.
        path: String,
        /// Why it did not decode.
        error: DecodeError,
    },
    /// A shard that is not the one the manifest names.
    #[error("shard {path} does not match the manifest: {what}")]
    Mismatch {
        /// The shard's path.
        path: String,
        /// What differs.
        what: String,
    },
    /// No shard with this number.
    #[error("no shard {0} in the manifest")]
    NoSuchShard(usize),
    /// Shards in a newer dataset format: a reload fixes it.
    #[error(
        "the data is in dataset format {found}, this app reads {supported}; please reload the page"
    )]
    NewerVersion {
        /// The manifest's dataset format.
        found: u16,
        /// The one this engine reads.
        supported: u16,
    },
}

impl Manifest {
    /// Parses and checks a manifest: its format, version, and every shard's
    /// path (relative, no `..`), hash, box and uniqueness.
    pub fn parse(text: &str) -> Result<Self, ShardError> {
        let bad = |m: String| ShardError::Manifest(m);
        if text.len() > MAX_MANIFEST_BYTES {
            return Err(bad(format!(
                "{} bytes, more than the {MAX_MANIFEST_BYTES} allowed",
                text.len()
            )));
        }
        let manifest = Manifest::from_json(&json::parse(text).map_err(bad)?).map_err(bad)?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(bad(format!(
                "format is {:?}, expected {MANIFEST_FORMAT:?}",
                manifest.format
            )));
        }
        if manifest.format_version > FORMAT_VERSION {
            return Err(ShardError::NewerVersion {
                found: manifest.format_version,
                supported: FORMAT_VERSION,
            });
        }
        if manifest.format_version != FORMAT_VERSION {
            return Err(bad(format!("shards are in dataset format {}, this app reads {FORMAT_VERSION}; please reload the page", manifest.format_version)));
        }
        // (The builder's own map type: each hash map type is code in the app's wasm.)
        let mut paths: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut designations: Vec<&str> = Vec::new();
        for layer in &manifest.layers {
            let code = layer.designation.as_deref().unwrap_or_default();
            if !Designation::ALL.iter().any(|d| d.code() == code) || designations.contains(&code) {
                return Err(bad(format!(
                    "layer {}: not a designation code, or listed twice",
                    layer.path
                )));
            }
            designations.push(code);
        }
        if manifest.shards.iter().chain(&manifest.whole).any(|s| s.designation.is_some()) {
            return Err(bad("only a layer names a designation".into()));
        }
        let entries = manifest.shards.iter().enumerate().map(|(i, s)| (format!("shard {i}"), s));
        let layers = manifest.layers.iter().map(|l| ("layer".to_string(), l));
        let single = manifest
            .whole
            .iter()
            .map(|s| ("whole dataset".to_string(), s))
            .chain(manifest.clusters.iter().map(|s| ("cluster summary".to_string(), s)));
        let single = single.chain(manifest.names.iter().map(|s| ("name bucket".to_string(), s)));
        for (name, s) in entries.chain(layers).chain(single) {
            let at = |m: &str| bad(format!("{name} ({}): {m}", s.path));
            let safe = !s.path.is_empty()
                && !s.path.starts_with('/')
                && !s.path.contains("://")
                && !s.path.contains('\\')
                && s.path.split('/').all(|part| !part.is_empty() && part != ".." && part != ".");
            if !safe {
                return Err(at("path must be relative, inside the manifest's folder"));
            }
            if paths.insert(s.path.as_str(), 0).is_some() {
                return Err(at("listed twice"));
            }
            if parse_hash(&s.hash).is_none() {
                return Err(at("hash must be 16 hex digits"));
            }
            if s.mask.as_deref().is_some_and(|m| !is_hex(m, 32)) {
                return Err(at("mask must be 32 hex digits"));
            }
            let in_range = (-90.0..=90.0).contains(&s.south)
                && (-90.0..=90.0).contains(&s.north)
                && s.south <= s.north
                && (-180.0..=180.0).contains(&s.west)
                && (-180.0..=180.0).contains(&s.east);
            if !in_range {
                return Err(at("bounding box out of range"));
            }
        }
        Ok(manifest)
    }

    /// The manifest a JSON tree describes (field by field, as `to_json` writes them).
    fn from_json(value: &Json) -> Result<Self, String> {
        let f = Fields::of(value, "the manifest")?;
        // A key no build writes is a mistake or a hostile file (100,000 of them passed before).
        f.only(&[
            "format",
            "format_version",
            "built",
            "synthetic",
            "shards",
            "whole",
            "layers",
            "clusters",
            "names",
        ])?;
        let entries = |key: &str| {
            f.array(key)?.iter().map(ShardInfo::from_json).collect::<Result<Vec<_>, String>>()
        };
        Ok(Manifest {
            format: f.string("format")?,
            format_version: f.integer("format_version", 0.0, u16::MAX as f64)? as u16,
            built: f.integer("built", -9e15, 9e15)? as i64,
            synthetic: f.boolean("synthetic")?,
            shards: match f.get("shards") {
                Some(_) => entries("shards")?,
                None => return Err("missing field `shards`".into()),
            },
            whole: f.get("whole").map(ShardInfo::from_json).transpose()?,
            layers: entries("layers")?,
            clusters: entries("clusters")?,
            names: entries("names")?,
        })
    }

    /// A manifest with no shards yet, for `encode_shards` or a whole file alone.
    pub fn new(build_time: i64, synthetic: bool) -> Self {
        Manifest {
            format: MANIFEST_FORMAT.into(),
            format_version: FORMAT_VERSION,
            built: build_time,
            synthetic,
            shards: Vec::new(),
            whole: None,
            layers: Vec::new(),
            clusters: Vec::new(),
            names: Vec::new(),
        }
    }

    /// The entry of the whole dataset, which the app loads.
    pub fn whole(&self) -> Result<&ShardInfo, ShardError> {
        self.whole.as_ref().ok_or_else(|| ShardError::Manifest("it lists no whole dataset".into()))
    }

    /// The manifest as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a manifest always serialises")
    }

    /// Facilities over all shards.
    pub fn total_count(&self) -> u64 {
        self.shards.iter().map(|s| s.count as u64).sum()
    }

    /// Shards whose box meets `area`, in manifest order.
    pub fn shards_for_box(&self, area: LatLonBox) -> Vec<usize> {
        self.shards
            .iter()
            .enumerate()
            .filter(|(_, s)| s.count > 0 && boxes_meet(s.bbox(), area))
            .map(|(i, _)| i)
            .collect()
    }
}

fn is_hex(text: &str, digits: usize) -> bool {
    text.len() == digits && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn parse_hash(hex: &str) -> Option<u64> {
    is_hex(hex, 16).then(|| u64::from_str_radix(hex, 16).ok()).flatten()
}

fn boxes_meet(a: LatLonBox, b: LatLonBox) -> bool {
    let lat = a.south <= b.north && b.south <= a.north;
    // Either box may cross the antimeridian (west > east): compare as one or two ranges.
    let ranges = |x: LatLonBox| {
        if x.west <= x.east {
            vec![(x.west, x.east)]
        } else {
            vec![(x.west, 180.0), (-180.0, x.east)]
        }
    };
    lat && ranges(a).iter().any(|&(w1, e1)| ranges(b).iter().any(|&(w2, e2)| w1 <= e2 && w2 <= e1))
}

/// How a dataset splits into shards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardLevel {
    /// By province (`510000`).
    Province,
    /// By city (`510100`).
    City,
    /// Into tiles of at most this many facilities, split by count (a dense
    /// city gets small tiles, a mountain county a large one).
    Tiles(u32),
}

impl ShardLevel {
    /// The region a county code belongs to when splitting by region (`0`
    /// stays `0`); always `0` for tiles, which follow no region.
    pub fn region_of(self, county_code: u32) -> u32 {
        match self {
            ShardLevel::Province => county_code / 10_000 * 10_000,
            ShardLevel::City => county_code / 100 * 100,
            ShardLevel::Tiles(_) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A manifest's JSON with `extra` members added at its top level.
    fn with_extra(extra: &str) -> String {
        let text = Manifest::new(0, true).to_json();
        let body = text.trim_end().strip_suffix('}').expect("an object");
        format!("{body},{extra}}}")
    }

    /// Written by serde's derive, read by `Manifest::parse`'s own keys: one
    /// manifest with every field set, optional ones included, reads back
    /// equal. The literals name every field (no `..`), so a field added to
    /// either struct fails to compile here until this test sets it.
    #[test]
    fn a_manifest_with_every_field_set_reads_back_as_written() {
        let info = |region: u32, path: &str| ShardInfo {
            region,
            path: path.into(),
            count: 7,
            bytes: 1_234,
            hash: "0123456789abcdef".into(),
            south: 29.5,
            west: 105.25,
            north: 30.125,
            east: 106.0,
            mask: Some("000102030405060708090a0b0c0d0e0f".into()),
            designation: None,
            networks: vec!["alliance-a".into(), "tr-cy-3a".into()],
        };
        // Only a layer names its designation (the reader refuses it elsewhere).
        let layer = |path: &str| ShardInfo {
            designation: Some("chest_pain_centre".into()),
            ..info(0, path)
        };
        let manifest = Manifest {
            format: MANIFEST_FORMAT.into(),
            format_version: FORMAT_VERSION,
            built: 1_796_572_800,
            synthetic: true,
            shards: vec![
                info(500000, "shards/t500000-0.xzd"),
                info(510000, "shards/t510000-1.xzd"),
            ],
            whole: Some(info(0, "facilities.0123456789abcdef.xzd")),
            layers: vec![layer("shards/d-chest_pain_centre.xzd")],
            clusters: vec![info(0, "shards/c-4.json"), info(0, "shards/c-7.json")],
            names: vec![info(0, "shards/names-0.txt")],
        };
        let text = manifest.to_json();
        for key in ["whole", "layers", "clusters", "names", "mask", "designation", "networks"] {
            assert!(text.contains(&format!("\"{key}\"")), "{key} written");
        }
        assert_eq!(Manifest::parse(&text).unwrap(), manifest);
    }

    #[test]
    fn unknown_top_level_keys_are_refused_by_name() {
        assert!(Manifest::parse(&Manifest::new(0, true).to_json()).is_ok());
        let err = Manifest::parse(&with_extra(r#""shard": []"#)).unwrap_err().to_string();
        assert!(err.contains("unknown field `shard`"), "{err}");
        // 100,000 extra keys (under the size limit): refused, naming the first.
        let many: Vec<String> = (0..100_000).map(|i| format!("\"{i:x}\":0")).collect();
        let text = with_extra(&many.join(","));
        assert!(text.len() < MAX_MANIFEST_BYTES);
        let err = Manifest::parse(&text).unwrap_err().to_string();
        assert!(err.contains("unknown field `0`"), "{err}");
    }
}
