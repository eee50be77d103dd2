//! The compiled dataset format (`.xzd`), version 3.
//!
//! Little-endian throughout. A 48-byte header, then a body of
//! structure-of-arrays columns and a deduplicated string table:
//!
//! | offset | field | type |
//! | --- | --- | --- |
//! | 0 | magic `XZDS` | 4 bytes |
//! | 4 | format version | u16 |
//! | 6 | flags (0) | u16 |
//! | 8 | facility count *n* | u32 |
//! | 12 | string count *m* | u32 |
//! | 16 | build time, Unix seconds | i64 |
//! | 24 | content hash: xxh3-64 of the body | u64 |
//! | 32 | body length in bytes | u64 |
//! | 40 | reserved (0) | 8 bytes |
//!
//! Body: `lat_e7: [i32; n]`, `lon_e7: [i32; n]` (degrees × 10⁷, about 1 cm),
//! `kind`, `grade`, `precision`, `ownership: [u8; n]` (vocabulary tags),
//! `county_code: [u32; n]`, `services: [u64; n]` and `designations: [u32; n]`
//! (bit sets of vocabulary tags), then ten string columns `[u32; n]` of string
//! indices: `id`, `name`, `name_en`, `aliases`, `address`, `phones`, `website`,
//! `opening_hours`, `source`, `last_checked` (lists are joined with `\n`), then
//! the string table: `ends: [u32; m]` (end offset of each string) and the
//! UTF-8 bytes.
//!
//! Facilities are stored in the spatial index's order ([`crate::kdtree`]), so
//! the index is prebuilt: loading decodes it, never sorts.
//!
//! Decoding checks every length against the bytes actually present before it
//! allocates, so a truncated or hostile file yields a [`DecodeError`], never a
//! panic and never an allocation larger than the input.

use std::collections::HashMap;

use crate::dataset::into_kd_order;
use crate::geo::LatLon;
use crate::model::{Designation, Facility, FacilityKind, Grade, LocationPrecision, Ownership, Service};

pub const MAGIC: [u8; 4] = *b"XZDS";
pub const FORMAT_VERSION: u16 = 3;
pub const HEADER_LEN: usize = 48;

/// Bytes each facility needs at least: two i32, four u8 tags, a u32 code, a
/// u64 and a u32 bit set, ten u32 string indices.
const BYTES_PER_FACILITY: usize = 4 + 4 + 4 + 4 + 8 + 4 + 10 * 4;

/// Separates the items of a list stored as one string (never inside an item).
pub const LIST_SEPARATOR: char = '\n';

/// The string columns, in file order.
const STRING_COLUMNS: [fn(&Facility) -> std::borrow::Cow<'_, str>; 10] = [
    |f| f.id.as_str().into(),
    |f| f.name.as_str().into(),
    |f| f.name_en.as_str().into(),
    |f| f.aliases.join("\n").into(),
    |f| f.address.as_str().into(),
    |f| f.phones.join("\n").into(),
    |f| f.website.as_str().into(),
    |f| f.opening_hours.as_str().into(),
    |f| f.source.as_str().into(),
    |f| f.last_checked.as_str().into(),
];

/// Why bytes could not be decoded as a dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not a Xunzhen dataset (bad magic bytes)")]
    BadMagic,
    #[error("dataset format version {found} is newer than this app understands (up to {supported}); please reload the page")]
    NewerVersion { found: u16, supported: u16 },
    #[error("dataset format version {found} is not supported (this app reads version {supported})")]
    UnsupportedVersion { found: u16, supported: u16 },
    #[error("dataset is truncated: {section} needs {needed} bytes, {available} are left")]
    Truncated { section: &'static str, needed: usize, available: usize },
    #[error("dataset is corrupted: content hash does not match")]
    HashMismatch,
    #[error("dataset is corrupted: {0}")]
    Corrupt(String),
}

/// Encodes facilities into the compiled format, in index order. `build_time` is Unix seconds.
pub fn encode(facilities: &[Facility], build_time: i64) -> Vec<u8> {
    let facilities = into_kd_order(facilities.to_vec());
    let mut strings = StringTable::default();
    let n = facilities.len();
    let mut body = Vec::with_capacity(n * BYTES_PER_FACILITY + 64);
    for f in &facilities {
        body.extend_from_slice(&to_e7(f.point.lat()).to_le_bytes());
    }
    for f in &facilities {
        body.extend_from_slice(&to_e7(f.point.lon()).to_le_bytes());
    }
    body.extend(facilities.iter().map(|f| f.kind.tag()));
    body.extend(facilities.iter().map(|f| f.grade.tag()));
    body.extend(facilities.iter().map(|f| f.precision.tag()));
    body.extend(facilities.iter().map(|f| f.ownership.tag()));
    for f in &facilities {
        body.extend_from_slice(&f.county_code.to_le_bytes());
    }
    for f in &facilities {
        body.extend_from_slice(&f.services.iter().fold(0u64, |m, s| m | 1 << s.tag()).to_le_bytes());
    }
    for f in &facilities {
        body.extend_from_slice(&f.designations.iter().fold(0u32, |m, d| m | 1 << d.tag()).to_le_bytes());
    }
    for column in STRING_COLUMNS {
        for f in &facilities {
            body.extend_from_slice(&strings.intern(&column(f)).to_le_bytes());
        }
    }
    let mut offset = 0u32;
    for s in &strings.items {
        offset += s.len() as u32;
        body.extend_from_slice(&offset.to_le_bytes());
    }
    for s in &strings.items {
        body.extend_from_slice(s.as_bytes());
    }

    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend_from_slice(&(strings.items.len() as u32).to_le_bytes());
    out.extend_from_slice(&build_time.to_le_bytes());
    out.extend_from_slice(&content_hash(&body).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&[0u8; 8]);
    out.extend_from_slice(&body);
    out
}

/// The content hash the header carries: xxh3-64 of the body.
pub fn content_hash(body: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(body)
}

/// What the header says about a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub version: u16,
    pub facility_count: u32,
    pub string_count: u32,
    pub build_time: i64,
    pub content_hash: u64,
}

/// Decodes a compiled dataset, checking structure, hash and every value.
pub fn decode(bytes: &[u8]) -> Result<(Header, Vec<Facility>), DecodeError> {
    let mut r = Reader { bytes, pos: 0 };
    if r.take(4, "magic").map_err(|_| DecodeError::BadMagic)? != MAGIC {
        return Err(DecodeError::BadMagic);
    }
    let version = r.u16("header")?;
    if version > FORMAT_VERSION {
        return Err(DecodeError::NewerVersion { found: version, supported: FORMAT_VERSION });
    }
    if version != FORMAT_VERSION {
        return Err(DecodeError::UnsupportedVersion { found: version, supported: FORMAT_VERSION });
    }
    let _flags = r.u16("header")?;
    let n = r.u32("header")? as usize;
    let m = r.u32("header")? as usize;
    let build_time = r.i64("header")?;
    let content_hash = r.u64("header")?;
    let body_len = r.u64("header")?;
    r.take(8, "header")?;
    let body = r.rest();
    if body_len != body.len() as u64 {
        return Err(DecodeError::Truncated {
            section: "body",
            needed: usize::try_from(body_len).unwrap_or(usize::MAX),
            available: body.len(),
        });
    }
    if self::content_hash(body) != content_hash {
        return Err(DecodeError::HashMismatch);
    }
    let header = Header { version, facility_count: n as u32, string_count: m as u32, build_time, content_hash };

    let mut r = Reader { bytes: body, pos: 0 };
    // Checked before any allocation sized by the header's counts.
    r.ensure(n.saturating_mul(BYTES_PER_FACILITY), "facility columns")?;
    let lat = r.i32_column(n, "latitude column")?;
    let lon = r.i32_column(n, "longitude column")?;
    let kind = r.take(n, "kind column")?;
    let grade = r.take(n, "grade column")?;
    let precision = r.take(n, "precision column")?;
    let ownership = r.take(n, "ownership column")?;
    let county_codes = r.u32_column(n, "county code column")?;
    let services = r.u64_column(n, "services column")?;
    let designations = r.u32_column(n, "designations column")?;
    let mut text = Vec::with_capacity(STRING_COLUMNS.len());
    for _ in STRING_COLUMNS {
        text.push(r.u32_column(n, "string columns")?);
    }
    let strings = read_string_table(&mut r, m)?;
    if r.pos != body.len() {
        return Err(DecodeError::Corrupt(format!("{} unexpected bytes after the string table", body.len() - r.pos)));
    }

    let string = |column: usize, i: usize| -> Result<String, DecodeError> {
        let index = text[column][i];
        strings
            .get(index as usize)
            .map(|s| s.to_string())
            .ok_or_else(|| DecodeError::Corrupt(format!("facility {i}: string index {index} out of range")))
    };
    let list = |column: usize, i: usize| -> Result<Vec<String>, DecodeError> {
        let joined = string(column, i)?;
        Ok(if joined.is_empty() { Vec::new() } else { joined.split(LIST_SEPARATOR).map(str::to_string).collect() })
    };
    let mut facilities = Vec::with_capacity(n);
    for i in 0..n {
        let point = LatLon::new(lat[i] as f64 / 1e7, lon[i] as f64 / 1e7)
            .map_err(|e| DecodeError::Corrupt(format!("facility {i}: {e}")))?;
        facilities.push(Facility {
            id: string(0, i)?,
            name: string(1, i)?,
            name_en: string(2, i)?,
            aliases: list(3, i)?,
            address: string(4, i)?,
            phones: list(5, i)?,
            website: string(6, i)?,
            opening_hours: string(7, i)?,
            ownership: Ownership::from_tag(ownership[i]).ok_or_else(|| bad_tag(i, "ownership", ownership[i]))?,
            county_code: county_codes[i],
            kind: FacilityKind::from_tag(kind[i]).ok_or_else(|| bad_tag(i, "kind", kind[i]))?,
            grade: Grade::from_tag(grade[i]).ok_or_else(|| bad_tag(i, "grade", grade[i]))?,
            point,
            precision: LocationPrecision::from_tag(precision[i])
                .ok_or_else(|| bad_tag(i, "precision", precision[i]))?,
            services: terms(services[i], Service::ALL, Service::tag).map_err(|bit| bad_tag(i, "service", bit))?,
            designations: terms(designations[i] as u64, Designation::ALL, Designation::tag)
                .map_err(|bit| bad_tag(i, "designation", bit))?,
            source: string(8, i)?,
            last_checked: string(9, i)?,
        });
    }
    Ok((header, facilities))
}

fn bad_tag(i: usize, what: &str, tag: u8) -> DecodeError {
    DecodeError::Corrupt(format!("facility {i}: unknown {what} tag {tag}"))
}

/// The terms whose tag bits are set, or the first unknown bit.
fn terms<T: Copy>(bits: u64, all: &[T], tag: fn(T) -> u8) -> Result<Vec<T>, u8> {
    let known = all.iter().fold(0u64, |m, &t| m | 1 << tag(t));
    if bits & !known != 0 {
        return Err((bits & !known).trailing_zeros() as u8);
    }
    Ok(all.iter().copied().filter(|&t| bits & (1 << tag(t)) != 0).collect())
}

fn to_e7(degrees: f64) -> i32 {
    (degrees * 1e7).round() as i32
}

fn read_string_table<'a>(r: &mut Reader<'a>, m: usize) -> Result<Vec<&'a str>, DecodeError> {
    let ends = r.u32_column(m, "string offsets")?;
    let total = ends.last().copied().unwrap_or(0) as usize;
    let blob = r.take(total, "string bytes")?;
    let mut strings = Vec::with_capacity(m);
    let mut start = 0usize;
    for (i, &end) in ends.iter().enumerate() {
        let end = end as usize;
        let bytes = blob
            .get(start..end)
            .ok_or_else(|| DecodeError::Corrupt(format!("string {i}: offsets {start}..{end} out of order or range")))?;
        strings.push(
            std::str::from_utf8(bytes).map_err(|_| DecodeError::Corrupt(format!("string {i}: invalid UTF-8")))?,
        );
        start = end;
    }
    Ok(strings)
}

#[derive(Default)]
struct StringTable {
    items: Vec<String>,
    index: HashMap<String, u32>,
}

impl StringTable {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.items.len() as u32;
        self.items.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn ensure(&self, needed: usize, section: &'static str) -> Result<(), DecodeError> {
        let available = self.bytes.len() - self.pos;
        if needed > available {
            return Err(DecodeError::Truncated { section, needed, available });
        }
        Ok(())
    }

    fn take(&mut self, len: usize, section: &'static str) -> Result<&'a [u8], DecodeError> {
        self.ensure(len, section)?;
        let out = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        Ok(out)
    }

    fn rest(&mut self) -> &'a [u8] {
        let out = &self.bytes[self.pos..];
        self.pos = self.bytes.len();
        out
    }

    fn array<const N: usize>(&mut self, section: &'static str) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, section)?);
        Ok(out)
    }

    fn u16(&mut self, section: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(self.array(section)?))
    }

    fn u32(&mut self, section: &'static str) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array(section)?))
    }

    fn i64(&mut self, section: &'static str) -> Result<i64, DecodeError> {
        Ok(i64::from_le_bytes(self.array(section)?))
    }

    fn u64(&mut self, section: &'static str) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.array(section)?))
    }

    fn u32_column(&mut self, n: usize, section: &'static str) -> Result<Vec<u32>, DecodeError> {
        let bytes = self.take(n.saturating_mul(4), section)?;
        Ok(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    fn u64_column(&mut self, n: usize, section: &'static str) -> Result<Vec<u64>, DecodeError> {
        let bytes = self.take(n.saturating_mul(8), section)?;
        Ok(bytes.chunks_exact(8).map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])).collect())
    }

    fn i32_column(&mut self, n: usize, section: &'static str) -> Result<Vec<i32>, DecodeError> {
        let bytes = self.take(n.saturating_mul(4), section)?;
        Ok(bytes.chunks_exact(4).map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::sample;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn round_trips() {
        let facilities = sample(50, 7);
        let bytes = encode(&facilities, 1_700_000_000);
        let (header, decoded) = decode(&bytes).unwrap();
        assert_eq!(header.facility_count, 50);
        assert_eq!(header.build_time, 1_700_000_000);
        assert_eq!(decoded.len(), facilities.len());
        let by_id: std::collections::HashMap<&str, &Facility> = decoded.iter().map(|f| (f.id.as_str(), f)).collect();
        for a in &facilities {
            let b = by_id[a.id.as_str()];
            assert!((a.point.lat() - b.point.lat()).abs() <= 0.5e-7);
            assert!((a.point.lon() - b.point.lon()).abs() <= 0.5e-7);
            // Every other field survives exactly.
            let same_point = Facility { point: b.point, ..a.clone() };
            assert_eq!(&same_point, b);
        }
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = encode(&sample(5, 1), 0);
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_err(), "truncated to {len} bytes decoded");
        }
    }

    #[test]
    fn flipped_body_byte_fails_the_hash() {
        let mut bytes = encode(&sample(5, 1), 0);
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        assert_eq!(decode(&bytes), Err(DecodeError::HashMismatch));
    }

    #[test]
    fn newer_version_asks_for_reload() {
        let mut bytes = encode(&sample(1, 1), 0);
        bytes[4..6].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let err = decode(&bytes).unwrap_err();
        assert_eq!(err, DecodeError::NewerVersion { found: FORMAT_VERSION + 1, supported: FORMAT_VERSION });
        assert!(err.to_string().contains("reload"));
    }

    #[test]
    fn hostile_count_does_not_allocate() {
        // Claims four billion facilities in an empty body whose hash is valid.
        let mut bytes = encode(&[], 0);
        bytes[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(decode(&bytes), Err(DecodeError::Truncated { section: "facility columns", .. })));
    }

    #[test]
    fn wrong_magic() {
        assert_eq!(decode(b"<!DOCTYPE html><html>"), Err(DecodeError::BadMagic));
        assert_eq!(decode(b""), Err(DecodeError::BadMagic));
    }
}
