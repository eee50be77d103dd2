//! The dataset as columns: what the file holds and what queries read.
//!
//! Numbers live in typed vectors and every string in one UTF-8 blob, so
//! loading allocates a few large buffers instead of a million small ones. A
//! [`Facility`] is built only for the handful of results a query returns.

use std::collections::HashMap;

use crate::data::model::{
    Citation, Designation, Facility, FacilityKind, Fact, FactField, Feature, Grade,
    LocationPrecision, Ownership, Service, SourceList,
};
use crate::geo::point::LatLon;

/// Separates the items of a list stored as one string (never inside an item).
pub const LIST_SEPARATOR: char = '\n';

/// The string columns, in file order.
pub const TEXT_COLUMNS: [&str; 16] = [
    "id",
    "name",
    "name_en",
    "aliases",
    "address",
    "phones",
    "website",
    "opening_hours",
    "source",
    "last_checked",
    "pinyin",
    "location_source",
    "lists",
    "booking_url",
    "former_township",
    "facts",
];
/// Positions of the columns in [`TEXT_COLUMNS`].
mod col {
    pub const ID: usize = 0;
    pub const NAME: usize = 1;
    pub const NAME_EN: usize = 2;
    pub const ALIASES: usize = 3;
    pub const ADDRESS: usize = 4;
    pub const PHONES: usize = 5;
    pub const WEBSITE: usize = 6;
    pub const OPENING_HOURS: usize = 7;
    pub const SOURCE: usize = 8;
    pub const LAST_CHECKED: usize = 9;
    pub const PINYIN: usize = 10;
    pub const LOCATION_SOURCE: usize = 11;
    pub const LISTS: usize = 12;
    pub const BOOKING_URL: usize = 13;
    pub const FORMER_TOWNSHIP: usize = 14;
    pub const FACTS: usize = 15;
}

/// Separates the parts of one fact in the `facts` column: its field, its
/// value, the date, the source and the address (never inside a part:
/// `datakit check` refuses tabs and line breaks in them).
const FACT_SEPARATOR: char = '\t';

/// One fact as a line of the `facts` column: `field⇥value⇥date⇥source⇥url`,
/// where `field` is `services:acupuncture` for a term, `phones` for a text field.
///
/// ```
/// use engine::{codec::{fact_line, parse_fact_line}, Citation, Designation, Fact, FactField};
/// let fact = Fact {
///     field: FactField::Designation(Designation::ChestPainCentre),
///     value: String::new(),
///     citation: Citation { source: "中国胸痛中心认证".into(), date: "2018-04".into(), url: String::new() },
/// };
/// let line = fact_line(&fact);
/// assert_eq!(line, "designations:chest_pain_centre\t\t2018-04\t中国胸痛中心认证\t");
/// assert_eq!(parse_fact_line(&line), Some(fact.clone()));
/// assert_eq!(parse_fact_line(line.trim_end()), Some(fact), "a trimmed cell still reads");
/// assert_eq!(parse_fact_line("designations:dragon\t\t2018\ts\t"), None);
/// assert_eq!(parse_fact_line("phones:028\t\t2018\ts\t"), None, "a text field has no code");
/// ```
pub fn fact_line(fact: &Fact) -> String {
    let field = match fact.field.code() {
        Some(code) => format!("{}:{code}", fact.field.column()),
        None => fact.field.column().to_string(),
    };
    let Citation { source, date, url } = &fact.citation;
    [field.as_str(), &fact.value, date, source, url].join(&FACT_SEPARATOR.to_string())
}

/// A line of the `facts` column read back; `None` when it is not one.
pub fn parse_fact_line(line: &str) -> Option<Fact> {
    let mut parts = line.split(FACT_SEPARATOR);
    let field = parts.next()?;
    let (value, date, source) = (parts.next()?, parts.next()?, parts.next()?);
    // A trimmed cell may have lost the tab before an empty address.
    let url = parts.next().unwrap_or_default();
    if parts.next().is_some() {
        return None;
    }
    let (column, code) = field.split_once(':').unwrap_or((field, ""));
    let field = FactField::parse(column, code)?;
    // A term's field names its code; a text field has none.
    if field.code().is_some() == code.is_empty() {
        return None;
    }
    let citation = Citation { source: source.into(), date: date.into(), url: url.into() };
    Some(Fact { field, value: value.into(), citation })
}

/// Bits of the per-facility flags column.
pub(crate) mod flag {
    /// The kind was told from the name, not stated by a source.
    pub const KIND_INFERRED: u8 = 1;
    pub const ALL: u8 = KIND_INFERRED;
}

/// Every string of a dataset, end to end, with the end offset of each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Strings {
    pub(crate) blob: String,
    pub(crate) ends: Vec<u32>,
}

impl Strings {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// String `i`. Indices and offsets are validated when decoding.
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.blob[start..self.ends[i] as usize]
    }
}

/// Facilities as columns, in index order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    pub(crate) lat: Vec<f64>,
    pub(crate) lon: Vec<f64>,
    pub(crate) kind: Vec<FacilityKind>,
    pub(crate) grade: Vec<Grade>,
    pub(crate) precision: Vec<LocationPrecision>,
    pub(crate) ownership: Vec<Ownership>,
    pub(crate) county_code: Vec<u32>,
    pub(crate) services: Vec<u64>,
    pub(crate) designations: Vec<u32>,
    /// Bit sets of [`Feature`] tags.
    pub(crate) features: Vec<u16>,
    /// Bits of [`flag`].
    pub(crate) flags: Vec<u8>,
    /// One column of string indices per entry of [`TEXT_COLUMNS`].
    pub(crate) text: Vec<Vec<u32>>,
    pub(crate) strings: Strings,
    /// The public lists the facilities' `lists` column names.
    pub(crate) lists: Vec<SourceList>,
}

impl Columns {
    /// Splits facilities into columns, interning their strings; the list
    /// table holds each list a facility names, bare (its id only).
    pub fn from_facilities(facilities: &[Facility]) -> Self {
        Self::with_lists(facilities, &[])
    }

    /// As [`Columns::from_facilities`], with the lists' descriptions: those
    /// given, then a bare entry for any other list a facility names.
    pub fn with_lists(facilities: &[Facility], lists: &[SourceList]) -> Self {
        let mut table = lists.to_vec();
        let mut named: Vec<&str> =
            facilities.iter().flat_map(|f| f.lists.iter().map(String::as_str)).collect();
        named.sort_unstable();
        named.dedup();
        for id in named {
            if !table.iter().any(|l| l.id == id) {
                table.push(SourceList { id: id.to_string(), ..SourceList::default() });
            }
        }
        let mut interner = Interner::default();
        let mut text = vec![Vec::with_capacity(facilities.len()); TEXT_COLUMNS.len()];
        for f in facilities {
            let values = [
                f.id.as_str().into(),
                f.name.as_str().into(),
                f.name_en.as_str().into(),
                f.aliases.join("\n").into(),
                f.address.as_str().into(),
                f.phones.join("\n").into(),
                f.website.as_str().into(),
                f.opening_hours.as_str().into(),
                f.source.as_str().into(),
                f.last_checked.as_str().into(),
                f.pinyin.as_str().into(),
                f.location_source.as_str().into(),
                f.lists.join("\n").into(),
                f.booking_url.as_str().into(),
                f.former_township.as_str().into(),
                f.facts.iter().map(fact_line).collect::<Vec<_>>().join("\n").into(),
            ];
            for (column, value) in text.iter_mut().zip(values) {
                let value: std::borrow::Cow<'_, str> = value;
                column.push(interner.intern(&value));
            }
        }
        Columns {
            lat: facilities.iter().map(|f| f.point.lat()).collect(),
            lon: facilities.iter().map(|f| f.point.lon()).collect(),
            kind: facilities.iter().map(|f| f.kind).collect(),
            grade: facilities.iter().map(|f| f.grade).collect(),
            precision: facilities.iter().map(|f| f.precision).collect(),
            ownership: facilities.iter().map(|f| f.ownership).collect(),
            county_code: facilities.iter().map(|f| f.county_code).collect(),
            services: facilities
                .iter()
                .map(|f| f.services.iter().fold(0, |m, s| m | 1 << s.tag()))
                .collect(),
            designations: facilities
                .iter()
                .map(|f| f.designations.iter().fold(0, |m, d| m | 1 << d.tag()))
                .collect(),
            features: facilities
                .iter()
                .map(|f| f.features.iter().fold(0, |m, x| m | 1 << x.tag()))
                .collect(),
            flags: facilities
                .iter()
                .map(|f| if f.kind_inferred { flag::KIND_INFERRED } else { 0 })
                .collect(),
            text,
            strings: interner.finish(),
            lists: table,
        }
    }

    pub fn len(&self) -> usize {
        self.lat.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lat.is_empty()
    }

    pub fn id(&self, slot: usize) -> &str {
        self.strings.get(self.text[col::ID][slot])
    }

    /// A facility's `facts` column as stored (lines of [`fact_line`]).
    pub(crate) fn facts_text(&self, slot: usize) -> &str {
        self.strings.get(self.text[col::FACTS][slot])
    }

    /// The public lists the facilities name, described.
    pub fn lists(&self) -> &[SourceList] {
        &self.lists
    }

    /// The string index of a facility's opening hours: equal texts share one.
    pub(crate) fn opening_hours_key(&self, slot: usize) -> u32 {
        self.text[col::OPENING_HOURS][slot]
    }

    pub fn point(&self, slot: usize) -> LatLon {
        LatLon::new(self.lat[slot], self.lon[slot]).expect("coordinates are validated on entry")
    }

    /// The bit sets of a facility's services, designations and features (bit = tag).
    pub fn term_bits(&self, slot: usize) -> (u64, u32, u16) {
        (self.services[slot], self.designations[slot], self.features[slot])
    }

    /// How much a facility's point says of where it is.
    pub fn precision(&self, slot: usize) -> LocationPrecision {
        self.precision[slot]
    }

    /// A facility's kind and grade.
    pub fn kind_and_grade(&self, slot: usize) -> (FacilityKind, Grade) {
        (self.kind[slot], self.grade[slot])
    }

    /// Builds the full record for one slot.
    pub fn facility(&self, slot: usize) -> Facility {
        FacilityRef::new(self, slot).to_facility()
    }
}

#[derive(Default)]
struct Interner {
    strings: Strings,
    index: HashMap<String, u32>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.strings.ends.len() as u32;
        self.strings.blob.push_str(s);
        self.strings.ends.push(self.strings.blob.len() as u32);
        self.index.insert(s.to_string(), i);
        i
    }

    fn finish(self) -> Strings {
        self.strings
    }
}

/// A borrowed view of one facility in a dataset: reading a field allocates nothing.
#[derive(Clone, Copy, Debug)]
pub struct FacilityRef<'a> {
    columns: &'a Columns,
    slot: usize,
}

impl<'a> FacilityRef<'a> {
    pub(crate) fn new(columns: &'a Columns, slot: usize) -> Self {
        Self { columns, slot }
    }

    /// Position in the dataset's index order.
    pub fn slot(&self) -> usize {
        self.slot
    }

    fn text(&self, column: usize) -> &'a str {
        self.columns.strings.get(self.columns.text[column][self.slot])
    }

    /// Its id (lower-case, link-safe).
    pub fn id(&self) -> &'a str {
        self.text(col::ID)
    }

    /// Its name, as its source lists it.
    pub fn name(&self) -> &'a str {
        self.text(col::NAME)
    }

    /// Official English name; empty when none is known.
    pub fn name_en(&self) -> &'a str {
        self.text(col::NAME_EN)
    }

    /// Other names it is known by.
    pub fn aliases(&self) -> impl Iterator<Item = &'a str> + Clone + use<'a> {
        self.text(col::ALIASES).split(LIST_SEPARATOR).filter(|s| !s.is_empty())
    }

    /// Its street address; empty when not listed.
    pub fn address(&self) -> &'a str {
        self.text(col::ADDRESS)
    }

    /// Its phone numbers, as listed.
    pub fn phones(&self) -> impl Iterator<Item = &'a str> {
        self.text(col::PHONES).split(LIST_SEPARATOR).filter(|s| !s.is_empty())
    }

    /// Its website; empty when not listed.
    pub fn website(&self) -> &'a str {
        self.text(col::WEBSITE)
    }

    /// Its opening hours in OpenStreetMap syntax; empty when not listed.
    pub fn opening_hours(&self) -> &'a str {
        self.text(col::OPENING_HOURS)
    }

    /// The source of the record.
    pub fn source(&self) -> &'a str {
        self.text(col::SOURCE)
    }

    /// When the record was last checked, `YYYY-MM-DD`.
    pub fn last_checked(&self) -> &'a str {
        self.text(col::LAST_CHECKED)
    }

    /// Pinyin of the name and aliases, one line of syllables each.
    pub fn pinyin(&self) -> &'a str {
        self.text(col::PINYIN)
    }

    /// Who or what placed the point (see [`Facility::location_source`]).
    pub fn location_source(&self) -> &'a str {
        self.text(col::LOCATION_SOURCE)
    }

    /// The ids of the public lists that name it.
    pub fn lists(&self) -> impl Iterator<Item = &'a str> + Clone + use<'a> {
        self.text(col::LISTS).split(LIST_SEPARATOR).filter(|s| !s.is_empty())
    }

    /// Where patients book online; empty when not listed.
    pub fn booking_url(&self) -> &'a str {
        self.text(col::BOOKING_URL)
    }

    /// The township its name gives, when no current official list knows it; empty otherwise.
    pub fn former_township(&self) -> &'a str {
        self.text(col::FORMER_TOWNSHIP)
    }

    /// Where each of its facts comes from, in the order the build wrote them.
    pub fn facts(&self) -> impl Iterator<Item = Fact> + use<'a> {
        self.text(col::FACTS).split(LIST_SEPARATOR).filter_map(parse_fact_line)
    }

    /// The citations of one field (a term it holds, or a text field), oldest first as written.
    pub fn citations(&self, field: FactField) -> impl Iterator<Item = Citation> + use<'a> {
        self.facts().filter(move |f| f.field == field).map(|f| f.citation)
    }

    /// Whether the kind was told from the name rather than stated by a source.
    pub fn kind_inferred(&self) -> bool {
        self.columns.flags[self.slot] & flag::KIND_INFERRED != 0
    }

    /// What kind of institution it is.
    pub fn kind(&self) -> FacilityKind {
        self.columns.kind[self.slot]
    }

    /// Its grade.
    pub fn grade(&self) -> Grade {
        self.columns.grade[self.slot]
    }

    /// Who owns it.
    pub fn ownership(&self) -> Ownership {
        self.columns.ownership[self.slot]
    }

    /// What its point is: an address, a township or county seat, approximate.
    pub fn precision(&self) -> LocationPrecision {
        self.columns.precision[self.slot]
    }

    /// Its county adcode; for a record known only to be in its city (placed
    /// at the city's seat), the city's (`510100`, `500000`); 0 when not known.
    pub fn county_code(&self) -> u32 {
        self.columns.county_code[self.slot]
    }

    /// Its point, WGS-84.
    pub fn point(&self) -> LatLon {
        self.columns.point(self.slot)
    }

    /// Its services, in vocabulary order, read from the bit column.
    pub fn services(&self) -> impl Iterator<Item = Service> + use<'a> {
        let bits = self.columns.services[self.slot];
        Service::ALL.iter().copied().filter(move |s| bits & (1 << s.tag()) != 0)
    }

    /// Its designations, in vocabulary order, read from the bit column.
    pub fn designations(&self) -> impl Iterator<Item = Designation> + use<'a> {
        let bits = self.columns.designations[self.slot];
        Designation::ALL.iter().copied().filter(move |d| bits & (1 << d.tag()) != 0)
    }

    /// Its features (insurance, access, booking), in vocabulary order.
    pub fn features(&self) -> impl Iterator<Item = Feature> + use<'a> {
        let bits = self.columns.features[self.slot];
        Feature::ALL.iter().copied().filter(move |x| bits & (1 << x.tag()) != 0)
    }

    /// Whether it offers this service.
    pub fn has_service(&self, service: Service) -> bool {
        self.columns.services[self.slot] & (1 << service.tag()) != 0
    }

    /// Whether it holds this designation.
    pub fn has_designation(&self, designation: Designation) -> bool {
        self.columns.designations[self.slot] & (1 << designation.tag()) != 0
    }

    /// The full owned record.
    pub fn to_facility(&self) -> Facility {
        Facility {
            id: self.id().to_string(),
            name: self.name().to_string(),
            name_en: self.name_en().to_string(),
            aliases: self.aliases().map(str::to_string).collect(),
            pinyin: self.pinyin().to_string(),
            kind: self.kind(),
            grade: self.grade(),
            ownership: self.ownership(),
            county_code: self.county_code(),
            address: self.address().to_string(),
            phones: self.phones().map(str::to_string).collect(),
            website: self.website().to_string(),
            opening_hours: self.opening_hours().to_string(),
            point: self.point(),
            precision: self.precision(),
            location_source: self.location_source().to_string(),
            kind_inferred: self.kind_inferred(),
            services: self.services().collect(),
            designations: self.designations().collect(),
            features: self.features().collect(),
            booking_url: self.booking_url().to_string(),
            former_township: self.former_township().to_string(),
            facts: self.facts().collect(),
            source: self.source().to_string(),
            lists: self.lists().map(str::to_string).collect(),
            last_checked: self.last_checked().to_string(),
        }
    }
}
