//! The compiled dataset format (`.xzd`), version 7.
//!
//! Little-endian throughout. A 48-byte header, then a body of
//! structure-of-arrays columns and a deduplicated string table. The service
//! worker reads the header too (`public/sw.js`, `checkDataset`: the version
//! at [`VERSION_OFFSET`], the hash at [`HASH_OFFSET`]): a change to the
//! header's layout changes that function, and the test
//! `the_service_worker_reads_the_header_as_the_codec_writes_it` fails until it does.
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
//! `county_code: [u32; n]`, `services: [u64; n]`, `designations: [u32; n]`
//! and `features: [u16; n]` (bit sets of vocabulary tags), `flags: [u8; n]`
//! (bit 0: kind told from the name), then sixteen string columns `[u32; n]`
//! of string indices: `id`, `name`, `name_en`, `aliases`, `address`,
//! `phones`, `website`, `opening_hours`, `source`, `last_checked`, `pinyin`,
//! `location_source`, `lists`, `booking_url`, `former_township`, `facts`
//! (lists are joined with `\n`; a fact is `field⇥value⇥date⇥source⇥url`,
//! [`crate::data::columns::fact_line`]), then the string table: `ends: [u32;
//! m]` (end offset of each string) and the UTF-8 bytes. Then the networks: a
//! u32 count, then per network its kind tag (u8), specialty tag (u8, 255 for
//! none), six strings (`id`, `name`, `name_en`, `region`, `source`,
//! `last_checked`, each a u32 length and UTF-8 bytes), its citations (a u32
//! count, then three strings each: source, date, url) and its members (a u32
//! count, then a u32 facility slot, a u8 role tag and a u32 citation index
//! each). Last, the public lists the records came from: a u32 count, then
//! per list ten strings (`id`, `name`, `name_en`, `publisher`,
//! `publisher_en`, `date`, `licence`, `url`, `geocoder`, and the code of
//! what being on it states).
//!
//! Facilities are stored in the spatial index's order ([`crate::index::kdtree`]), so
//! the index is prebuilt: loading decodes it, never sorts. The order is checked
//! when the decoded facilities are indexed (`Dataset::from_bytes`, one linear
//! pass, [`crate::data::order::check_kd_order`]): a file in another order is
//! [`DecodeError::Corrupt`], never a source of wrong nearest results.
//!
//! Decoding checks every length against the bytes actually present before it
//! allocates, so a truncated or hostile file yields a [`DecodeError`], never a
//! panic and never an allocation larger than the input.

use crate::data::builder::{build, NetworkRecord};
use crate::data::columns::{flag, parse_fact_line, Columns, Strings, TEXT_COLUMNS};
use crate::data::model::{
    Citation, Designation, Facility, FacilityKind, Feature, Grade, ListFact, LocationPrecision,
    Member, Network, NetworkKind, Ownership, Role, Service, SourceList,
};
use crate::geo::point::{from_e7, to_e7, LatLon};

/// The four bytes every dataset file starts with.
pub const MAGIC: [u8; 4] = *b"XZDS";
/// The format version this engine writes and reads.
pub const FORMAT_VERSION: u16 = 7;
/// Bytes of the header before the body.
pub const HEADER_LEN: usize = 48;
/// Where the header holds the format version (u16): what the service worker reads.
pub const VERSION_OFFSET: usize = 4;
/// Where the header holds the body's content hash (u64): what the service worker reads.
pub const HASH_OFFSET: usize = 24;

/// Bytes of the spatial and attribute columns per facility (two i32, four u8
/// tags, a u32 code, a u64, a u32 and a u16 bit set, a u8 of flags): the
/// first `n` times this many bytes of the body.
pub const SPATIAL_AND_ATTRIBUTE_BYTES: usize = 4 + 4 + 4 + 4 + 8 + 4 + 2 + 1;
/// Bytes each facility needs at least: those, and one u32 string index per text column.
const BYTES_PER_FACILITY: usize = SPATIAL_AND_ATTRIBUTE_BYTES + TEXT_COLUMNS.len() * 4;

/// Why bytes could not be decoded as a dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The first four bytes are not `XZDS`.
    #[error("not a Xunzhen dataset (bad magic bytes)")]
    BadMagic,
    /// A newer format: the page is older than the data, and a reload fixes it.
    #[error("dataset format version {found} is newer than this app understands (up to {supported}); please reload the page")]
    NewerVersion {
        /// The file's version.
        found: u16,
        /// The newest this engine reads.
        supported: u16,
    },
    /// An older format this engine no longer reads.
    #[error(
        "dataset format version {found} is not supported (this app reads version {supported})"
    )]
    UnsupportedVersion {
        /// The file's version.
        found: u16,
        /// The one this engine reads.
        supported: u16,
    },
    /// The file ends before a part it announces.
    #[error("dataset is truncated: {section} needs {needed} bytes, {available} are left")]
    Truncated {
        /// The part being read.
        section: &'static str,
        /// Bytes it needs.
        needed: usize,
        /// Bytes left.
        available: usize,
    },
    /// The body's xxh3 is not the header's.
    #[error("dataset is corrupted: content hash does not match")]
    HashMismatch,
    /// A value is out of range or unknown, named.
    #[error("dataset is corrupted: {0}")]
    Corrupt(String),
}

/// Encodes facilities (and no networks) into the compiled format, in index
/// order. `build_time` is Unix seconds.
pub fn encode(facilities: &[Facility], build_time: i64) -> Vec<u8> {
    let built = build(facilities, &[], &[]).expect("without networks there is nothing to resolve");
    encode_columns(&built.columns, &built.networks, build_time)
}

/// Encodes facilities and the networks that join them. Fails, naming it, on
/// a member that is not one of the facilities.
pub fn encode_with_networks(
    facilities: &[Facility],
    networks: &[Network],
    build_time: i64,
) -> Result<Vec<u8>, String> {
    encode_dataset(facilities, networks, &[], build_time)
}

/// Encodes facilities, the networks that join them and the descriptions of
/// the public lists they name. Fails, naming it, on a member that is not one
/// of the facilities.
pub fn encode_dataset(
    facilities: &[Facility],
    networks: &[Network],
    lists: &[SourceList],
    build_time: i64,
) -> Result<Vec<u8>, String> {
    let built = build(facilities, networks, lists)?;
    Ok(encode_columns(&built.columns, &built.networks, build_time))
}

/// Encodes columns already in index order, with networks whose members are slots.
pub fn encode_columns(c: &Columns, networks: &[NetworkRecord], build_time: i64) -> Vec<u8> {
    let n = c.len();
    let mut body =
        Vec::with_capacity(n * BYTES_PER_FACILITY + c.strings.blob.len() + 4 * c.strings.len());
    let mut put = |bytes: &[u8]| body.extend_from_slice(bytes);
    c.lat.iter().for_each(|&v| put(&to_e7(v).to_le_bytes()));
    c.lon.iter().for_each(|&v| put(&to_e7(v).to_le_bytes()));
    c.kind.iter().for_each(|v| put(&[v.tag()]));
    c.grade.iter().for_each(|v| put(&[v.tag()]));
    c.precision.iter().for_each(|v| put(&[v.tag()]));
    c.ownership.iter().for_each(|v| put(&[v.tag()]));
    c.county_code.iter().for_each(|v| put(&v.to_le_bytes()));
    c.services.iter().for_each(|v| put(&v.to_le_bytes()));
    c.designations.iter().for_each(|v| put(&v.to_le_bytes()));
    c.features.iter().for_each(|v| put(&v.to_le_bytes()));
    put(&c.flags);
    c.text.iter().flatten().for_each(|v| put(&v.to_le_bytes()));
    c.strings.ends.iter().for_each(|v| put(&v.to_le_bytes()));
    put(c.strings.blob.as_bytes());
    let put_text = |body: &mut Vec<u8>, text: &str| {
        body.extend_from_slice(&(text.len() as u32).to_le_bytes());
        body.extend_from_slice(text.as_bytes());
    };
    body.extend_from_slice(&(networks.len() as u32).to_le_bytes());
    for NetworkRecord { network: n, slots } in networks {
        body.extend_from_slice(&[n.kind.tag(), n.specialty.map_or(NO_SPECIALTY, Service::tag)]);
        for text in [&n.id, &n.name, &n.name_en, &n.region, &n.source, &n.last_checked] {
            put_text(&mut body, text);
        }
        // Each distinct citation once: a scope's hundreds of members share one or two.
        let mut citations: Vec<&Citation> = n.members.iter().map(|m| &m.citation).collect();
        citations.sort_unstable();
        citations.dedup();
        body.extend_from_slice(&(citations.len() as u32).to_le_bytes());
        for c in &citations {
            for text in [&c.source, &c.date, &c.url] {
                put_text(&mut body, text);
            }
        }
        body.extend_from_slice(&(slots.len() as u32).to_le_bytes());
        for (slot, member) in slots.iter().zip(&n.members) {
            let cited = citations.binary_search(&&member.citation).unwrap_or_default() as u32;
            body.extend_from_slice(&slot.to_le_bytes());
            body.push(member.role.tag());
            body.extend_from_slice(&cited.to_le_bytes());
        }
    }
    body.extend_from_slice(&(c.lists.len() as u32).to_le_bytes());
    for l in &c.lists {
        let list = [&l.id, &l.name, &l.name_en, &l.publisher, &l.publisher_en, &l.date, &l.licence];
        for text in list.into_iter().chain([&l.url, &l.geocoder]) {
            put_text(&mut body, text);
        }
        put_text(&mut body, l.states.code());
    }

    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend_from_slice(&(c.strings.len() as u32).to_le_bytes());
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
    /// The format version.
    pub version: u16,
    /// How many facilities the file holds.
    pub facility_count: u32,
    /// How many strings its table holds.
    pub string_count: u32,
    /// When it was built, Unix seconds.
    pub build_time: i64,
    /// xxh3-64 of the body, also the file's name in a published build.
    pub content_hash: u64,
}

/// Specialty tag meaning "none" in the networks section.
const NO_SPECIALTY: u8 = 255;

/// Decodes a compiled dataset into facilities (tests and tools; the app keeps columns).
pub fn decode(bytes: &[u8]) -> Result<(Header, Vec<Facility>), DecodeError> {
    let (header, columns, _) = decode_columns(bytes)?;
    Ok((header, (0..columns.len()).map(|i| columns.facility(i)).collect()))
}

/// Reads and checks a compiled dataset's header: magic, version, and that
/// the body is as long as the header says (not its hash: see [`decode_columns`]).
pub fn header(bytes: &[u8]) -> Result<Header, DecodeError> {
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
    let n = r.u32("header")?;
    let m = r.u32("header")?;
    let build_time = r.i64("header")?;
    let content_hash = r.u64("header")?;
    let body_len = r.u64("header")?;
    r.take(8, "header")?;
    let available = bytes.len() - r.pos;
    if body_len != available as u64 {
        return Err(DecodeError::Truncated {
            section: "body",
            needed: usize::try_from(body_len).unwrap_or(usize::MAX),
            available,
        });
    }
    Ok(Header { version, facility_count: n, string_count: m, build_time, content_hash })
}

/// Decodes a compiled dataset into columns and networks, checking structure,
/// hash and every value.
pub fn decode_columns(bytes: &[u8]) -> Result<(Header, Columns, Vec<NetworkRecord>), DecodeError> {
    let header = self::header(bytes)?;
    let body = &bytes[HEADER_LEN..];
    if self::content_hash(body) != header.content_hash {
        return Err(DecodeError::HashMismatch);
    }
    let (n, m) = (header.facility_count as usize, header.string_count as usize);

    let mut r = Reader { bytes: body, pos: 0 };
    // Checked before any allocation sized by the header's counts.
    r.ensure(n.saturating_mul(BYTES_PER_FACILITY), "facility columns")?;
    r.ensure(m.saturating_mul(4), "string offsets")?;
    let lat = r.i32_column(n, "latitude column")?;
    let lon = r.i32_column(n, "longitude column")?;
    let (lat, lon) = degrees(&lat, &lon)?;
    let kind = tags(r.take(n, "kind column")?, "kind", FacilityKind::from_tag)?;
    let grade = tags(r.take(n, "grade column")?, "grade", Grade::from_tag)?;
    let precision = tags(r.take(n, "precision column")?, "precision", LocationPrecision::from_tag)?;
    let ownership = tags(r.take(n, "ownership column")?, "ownership", Ownership::from_tag)?;
    let county_code = r.u32_column(n, "county code column")?;
    let services = r.u64_column(n, "services column")?;
    let designations = r.u32_column(n, "designations column")?;
    let features = r.u16_column(n, "features column")?;
    check_bits(&services, Service::ALL.iter().fold(0, |m, s| m | 1 << s.tag()), "service")?;
    check_bits(
        &designations,
        Designation::ALL.iter().fold(0, |m, d| m | 1 << d.tag()),
        "designation",
    )?;
    check_bits(&features, Feature::ALL.iter().fold(0, |m, x| m | 1 << x.tag()), "feature")?;
    let flags = r.take(n, "flags column")?.to_vec();
    check_bits(&flags, u64::from(flag::ALL), "flag")?;
    let mut text = Vec::with_capacity(TEXT_COLUMNS.len());
    for name in TEXT_COLUMNS {
        let column = r.u32_column(n, "string columns")?;
        if let Some((i, bad)) = column.iter().enumerate().find(|(_, &s)| s as usize >= m) {
            return Err(DecodeError::Corrupt(format!(
                "facility {i}: {name} string index {bad} out of range"
            )));
        }
        text.push(column);
    }
    let strings = read_strings(&mut r, m)?;
    let columns = Columns {
        lat,
        lon,
        kind,
        grade,
        precision,
        ownership,
        county_code,
        services,
        designations,
        features,
        flags,
        text,
        strings,
        lists: Vec::new(),
    };
    check_facts(&columns)?;
    let networks = read_networks(&mut r, &columns)?;
    let mut columns = columns;
    columns.lists = read_lists(&mut r)?;
    if r.pos != body.len() {
        return Err(DecodeError::Corrupt(format!(
            "{} unexpected bytes after the lists",
            body.len() - r.pos
        )));
    }
    Ok((header, columns, networks))
}

fn read_lists(r: &mut Reader<'_>) -> Result<Vec<SourceList>, DecodeError> {
    let count = r.u32("lists")? as usize;
    // Each list takes at least ten u32 lengths: bound the allocation by what is there.
    r.ensure(count.saturating_mul(40), "lists")?;
    let mut lists = Vec::with_capacity(count);
    for i in 0..count {
        let corrupt = |what: &str| DecodeError::Corrupt(format!("list {i}: {what}"));
        let mut text = || r.text("list strings").map_err(|_| corrupt("invalid UTF-8"));
        let (id, name, name_en, publisher, publisher_en) =
            (text()?, text()?, text()?, text()?, text()?);
        let (date, licence, url, geocoder, states) = (text()?, text()?, text()?, text()?, text()?);
        let states = ListFact::parse(&states).ok_or_else(|| corrupt("unknown fact code"))?;
        lists.push(SourceList {
            id,
            name,
            name_en,
            publisher,
            publisher_en,
            date,
            licence,
            url,
            geocoder,
            states,
        });
    }
    Ok(lists)
}

/// Every line of every facility's `facts` column is a fact.
fn check_facts(columns: &Columns) -> Result<(), DecodeError> {
    for slot in 0..columns.len() {
        let facts = columns.facts_text(slot);
        let bad = facts
            .split(crate::data::columns::LIST_SEPARATOR)
            .find(|line| !line.is_empty() && parse_fact_line(line).is_none());
        if let Some(line) = bad {
            return Err(DecodeError::Corrupt(format!("facility {slot}: fact {line:?} is not one")));
        }
    }
    Ok(())
}

fn read_networks(r: &mut Reader<'_>, columns: &Columns) -> Result<Vec<NetworkRecord>, DecodeError> {
    let count = r.u32("networks")? as usize;
    // Each network takes at least 2 + 6 * 4 + 4 + 4 bytes: bound the allocation by what is there.
    r.ensure(count.saturating_mul(34), "networks")?;
    let mut networks = Vec::with_capacity(count);
    for i in 0..count {
        let header = r.take(2, "networks")?;
        let corrupt = |what: String| DecodeError::Corrupt(format!("network {i}: {what}"));
        let kind = NetworkKind::from_tag(header[0])
            .ok_or_else(|| corrupt(format!("unknown kind tag {}", header[0])))?;
        let specialty = match header[1] {
            NO_SPECIALTY => None,
            tag => Some(
                Service::from_tag(tag)
                    .ok_or_else(|| corrupt(format!("unknown specialty tag {tag}")))?,
            ),
        };
        let mut text = || r.text("network strings").map_err(|_| corrupt("invalid UTF-8".into()));
        let (id, name, name_en, region, source, last_checked) =
            (text()?, text()?, text()?, text()?, text()?, text()?);
        let citation_count = r.u32("network citations")? as usize;
        r.ensure(citation_count.saturating_mul(12), "network citations")?;
        let mut citations = Vec::with_capacity(citation_count);
        for _ in 0..citation_count {
            let mut text =
                || r.text("network citations").map_err(|_| corrupt("invalid UTF-8".into()));
            citations.push(Citation { source: text()?, date: text()?, url: text()? });
        }
        let member_count = r.u32("network members")? as usize;
        r.ensure(member_count.saturating_mul(9), "network members")?;
        let mut members = Vec::with_capacity(member_count);
        let mut slots = Vec::with_capacity(member_count);
        for _ in 0..member_count {
            let slot = r.u32("network members")?;
            let role_tag = r.take(1, "network members")?[0];
            let role = Role::from_tag(role_tag)
                .ok_or_else(|| corrupt(format!("unknown role tag {role_tag}")))?;
            let cited = r.u32("network members")? as usize;
            if slot as usize >= columns.len() {
                return Err(corrupt(format!("member slot {slot} out of range")));
            }
            let citation = citations
                .get(cited)
                .cloned()
                .ok_or_else(|| corrupt(format!("citation {cited} out of range")))?;
            members.push(Member {
                facility_id: columns.id(slot as usize).to_string(),
                role,
                citation,
            });
            slots.push(slot);
        }
        let network =
            Network { id, name, name_en, kind, specialty, region, source, last_checked, members };
        networks.push(NetworkRecord { network, slots });
    }
    Ok(networks)
}

/// Fixed-point coordinates to checked degrees.
fn degrees(lat: &[i32], lon: &[i32]) -> Result<(Vec<f64>, Vec<f64>), DecodeError> {
    let to = from_e7;
    for (i, (&la, &lo)) in lat.iter().zip(lon).enumerate() {
        LatLon::new(to(la), to(lo))
            .map_err(|e| DecodeError::Corrupt(format!("facility {i}: {e}")))?;
    }
    Ok((lat.iter().map(|&v| to(v)).collect(), lon.iter().map(|&v| to(v)).collect()))
}

fn tags<T>(bytes: &[u8], what: &str, from_tag: fn(u8) -> Option<T>) -> Result<Vec<T>, DecodeError> {
    bytes
        .iter()
        .enumerate()
        .map(|(i, &tag)| {
            from_tag(tag).ok_or_else(|| {
                DecodeError::Corrupt(format!("facility {i}: unknown {what} tag {tag}"))
            })
        })
        .collect()
}

fn check_bits<T: Copy + Into<u64>>(
    column: &[T],
    known: u64,
    what: &str,
) -> Result<(), DecodeError> {
    match column.iter().enumerate().find(|(_, &bits)| bits.into() & !known != 0) {
        Some((i, &bits)) => {
            let bit = (bits.into() & !known).trailing_zeros();
            Err(DecodeError::Corrupt(format!("facility {i}: unknown {what} tag {bit}")))
        }
        None => Ok(()),
    }
}

fn read_strings(r: &mut Reader<'_>, m: usize) -> Result<Strings, DecodeError> {
    let ends = r.u32_column(m, "string offsets")?;
    let total = ends.last().copied().unwrap_or(0) as usize;
    let blob = r.take(total, "string bytes")?;
    let blob = std::str::from_utf8(blob).map_err(|e| {
        DecodeError::Corrupt(format!("string bytes: invalid UTF-8 at {}", e.valid_up_to()))
    })?;
    let mut start = 0u32;
    for (i, &end) in ends.iter().enumerate() {
        if end < start || !blob.is_char_boundary(end as usize) {
            return Err(DecodeError::Corrupt(format!(
                "string {i}: offsets {start}..{end} out of order or not on a character boundary"
            )));
        }
        start = end;
    }
    Ok(Strings { blob: blob.to_string(), ends })
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

    /// A u32 length, then that many bytes of UTF-8.
    fn text(&mut self, section: &'static str) -> Result<String, DecodeError> {
        let len = self.u32(section)? as usize;
        let bytes = self.take(len, section)?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| DecodeError::Corrupt(format!("{section}: invalid UTF-8")))
    }

    fn u16_column(&mut self, n: usize, section: &'static str) -> Result<Vec<u16>, DecodeError> {
        let bytes = self.take(n.saturating_mul(2), section)?;
        Ok(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
    }

    fn u32_column(&mut self, n: usize, section: &'static str) -> Result<Vec<u32>, DecodeError> {
        let bytes = self.take(n.saturating_mul(4), section)?;
        Ok(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    fn u64_column(&mut self, n: usize, section: &'static str) -> Result<Vec<u64>, DecodeError> {
        let bytes = self.take(n.saturating_mul(8), section)?;
        Ok(bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }

    fn i32_column(&mut self, n: usize, section: &'static str) -> Result<Vec<i32>, DecodeError> {
        let bytes = self.take(n.saturating_mul(4), section)?;
        Ok(bytes.chunks_exact(4).map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::synthetic::sample;
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
        let by_id: std::collections::HashMap<&str, &Facility> =
            decoded.iter().map(|f| (f.id.as_str(), f)).collect();
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
        assert_eq!(
            err,
            DecodeError::NewerVersion { found: FORMAT_VERSION + 1, supported: FORMAT_VERSION }
        );
        assert!(err.to_string().contains("reload"));
    }

    #[test]
    fn hostile_count_does_not_allocate() {
        // Claims four billion facilities in an empty body whose hash is valid.
        let mut bytes = encode(&[], 0);
        bytes[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            decode(&bytes),
            Err(DecodeError::Truncated { section: "facility columns", .. })
        ));
    }

    /// Makes the header's hash agree with a deliberately damaged body.
    fn rehash(bytes: &mut [u8]) {
        let hash = content_hash(&bytes[HEADER_LEN..]);
        bytes[24..32].copy_from_slice(&hash.to_le_bytes());
    }

    #[test]
    fn string_offset_inside_a_character_is_corrupt_not_a_panic() {
        let facilities = sample(1, 1);
        let mut bytes = encode(&facilities, 0);
        let m = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
        // The string offsets follow the facility columns; point the first
        // offset one byte into a CJK character.
        let ends_at = HEADER_LEN + facilities.len() * BYTES_PER_FACILITY;
        assert!(m > 0);
        let name_start = facilities[0].id.len() as u32; // the name "合成机构…" follows the id
        bytes[ends_at..ends_at + 4].copy_from_slice(&(name_start + 1).to_le_bytes());
        rehash(&mut bytes);
        let err = decode(&bytes).unwrap_err();
        assert!(
            matches!(&err, DecodeError::Corrupt(m) if m.contains("character boundary")),
            "{err:?}"
        );
    }

    #[test]
    fn unknown_tags_and_bits_are_corrupt() {
        let mut bytes = encode(&sample(3, 1), 0);
        let kind_at = HEADER_LEN + 3 * 8; // after the latitude and longitude columns
        bytes[kind_at] = 250;
        rehash(&mut bytes);
        assert_eq!(
            decode(&bytes).unwrap_err(),
            DecodeError::Corrupt("facility 0: unknown kind tag 250".into())
        );
    }

    #[test]
    fn the_service_worker_reads_the_header_as_the_codec_writes_it() {
        let sw = include_str!("../../../public/sw.js");
        let bytes = encode(&sample(2, 1), 0);
        let version = u16::from_le_bytes([bytes[VERSION_OFFSET], bytes[VERSION_OFFSET + 1]]);
        let hash = u64::from_le_bytes(bytes[HASH_OFFSET..HASH_OFFSET + 8].try_into().unwrap());
        assert_eq!((version, hash), (FORMAT_VERSION, content_hash(&bytes[HEADER_LEN..])));
        for read in [
            format!("view.getUint16({VERSION_OFFSET}, true) !== manifest.format_version"),
            format!("view.getBigUint64({HASH_OFFSET}, true)"),
            "data/codec.rs".to_string(),
        ] {
            assert!(
                sw.contains(&read),
                "public/sw.js no longer has {read:?}: keep it and the codec in step"
            );
        }
    }

    #[test]
    fn wrong_magic() {
        assert_eq!(decode(b"<!DOCTYPE html><html>"), Err(DecodeError::BadMagic));
        assert_eq!(decode(b""), Err(DecodeError::BadMagic));
    }
}
