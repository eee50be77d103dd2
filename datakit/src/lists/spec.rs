//! A list's import specification: `data/imports/<list>.toml`.
//!
//! One file per published list says what the list is (its name, publisher,
//! date, licence, where it came from), where its file sits under the
//! sources folder, which reader understands it, and for a spreadsheet which
//! of its columns hold what. `datakit import` reads every one of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use engine::{CoordSystem, LocationPrecision, SourceList};

/// How a list's file is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A spreadsheet export, its columns named in `[columns]`.
    Csv,
    /// Tencent Location Service `place_cloud` tables as 腾讯新闻 served them:
    /// `[{province, count, data: [{title, address, adcode, tel, location: {lat, lng}, …}]}]`.
    TencentPlaceCloud,
    /// A flat JSON array of `{title, address, province, city, district, tel}`.
    TencentPlaces,
    /// `{provinceList: [{province, cityList: [{city, hospitalList: [{name, county, address, tel, level, source, date}]}]}]}`.
    FeverClinicJson,
    /// A Wikidata SPARQL export: `item, itemLabel, countryLabel, official_website, geo` with WKT points.
    WikidataTsv,
}

/// Whose numbers a list's phone column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phones {
    /// The institution's own numbers, as the list presents them.
    Institution,
    /// Not the institution's (a site's or a person's): never published.
    None,
}

/// What `[list]` says.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListMeta {
    /// Stable id, lower-case with hyphens: what `facilities.csv`'s `lists` column names.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    pub publisher: String,
    #[serde(default)]
    pub publisher_en: String,
    /// The list's date (YYYY-MM-DD): its records' `last_checked`, unless a row carries its own.
    pub date: String,
    pub licence: String,
    pub url: String,
    /// The file, relative to the sources folder given to `datakit import`.
    pub file: PathBuf,
    pub format: Format,
    /// The coordinate system of the list's points, if it has any.
    #[serde(default = "wgs84")]
    pub crs: String,
    /// Who placed the list's points (a geocoder, the list's author): what the app names.
    #[serde(default)]
    pub geocoder: String,
    pub phones: Phones,
    /// The area code to put before a local number (7 or 8 digits), for a list from one city.
    #[serde(default)]
    pub area_code: String,
    /// The grade every row of the list holds, for a list of one grade (e.g. `3a`).
    #[serde(default)]
    pub grade: String,
    /// Lists whose names are English (Wikidata) only add to records of other lists.
    #[serde(default)]
    pub match_only: bool,
    /// For points ranked against each other: lower wins (see `data/imports/README.md`).
    #[serde(default = "default_rank")]
    pub point_rank: u8,
    /// What being on the list says about an institution as of its date
    /// (`fever_clinic`, `vaccination_site`, `testing_site`, `tertiary_a`;
    /// `listed` when it says nothing more): the listing says it with the date.
    #[serde(default = "listed")]
    pub states: String,
}

fn listed() -> String {
    engine::ListFact::Listed.code().into()
}

fn wgs84() -> String {
    "wgs84".into()
}

fn default_rank() -> u8 {
    5
}

/// Where a functional zone lies: one county, or several.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(untagged)]
pub enum Zone {
    County(u32),
    Counties(Vec<u32>),
}

impl Zone {
    pub fn counties(&self) -> &[u32] {
        match self {
            Zone::County(c) => std::slice::from_ref(c),
            Zone::Counties(c) => c,
        }
    }
}

/// A list's import specification.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub list: ListMeta,
    /// For a spreadsheet: what each of its columns holds (`name`, `address`,
    /// `phones`, `province`, `city`, `county`, `adcode`, `lat`, `lon`,
    /// `location` as "lon,lat", `precision`, `grade`) → the column's heading.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// What a column's words mean, per column: `[values.precision] "门址" = "address"`.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// A value for every row where the file has none: `[defaults] city = "成都市"`.
    #[serde(default)]
    pub defaults: BTreeMap<String, String>,
    /// A column whose empty cell marks a row that continues the row above
    /// (merged cells in the original sheet): its name becomes an alias, its phones join.
    #[serde(default)]
    pub continuation: Option<String>,
    /// District words that are not counties (functional zones) → the county
    /// adcode they lie in, or the counties they span (the row's address then tells which).
    #[serde(default)]
    pub zones: BTreeMap<String, Zone>,
    /// `utf-8`, `gbk`, `gb18030` or `auto`.
    #[serde(default)]
    pub encoding: Option<String>,
}

/// The columns a spreadsheet spec may name.
pub const CSV_FIELDS: [&str; 12] = [
    "name",
    "address",
    "phones",
    "province",
    "city",
    "county",
    "adcode",
    "lat",
    "lon",
    "location",
    "precision",
    "grade",
];

impl Spec {
    /// Reads and checks one spec file.
    pub fn read(path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let spec: Spec = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        spec.check().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(spec)
    }

    fn check(&self) -> Result<(), String> {
        let l = &self.list;
        if !crate::source::is_list_id(&l.id) {
            return Err(format!(
                "list.id {:?} is not an id; expected lower-case letters, digits and hyphens",
                l.id
            ));
        }
        if !crate::source::is_iso_date(&l.date) {
            return Err(format!("list.date {:?} is not a date; expected YYYY-MM-DD", l.date));
        }
        if engine::ListFact::parse(&l.states).is_none() {
            return Err(format!(
                "list.states {:?} is not known; expected one of {}",
                l.states,
                engine::ListFact::codes()
            ));
        }
        if CoordSystem::parse(&l.crs).is_none() {
            return Err(format!(
                "list.crs {:?} is not known; expected wgs84, gcj02 or bd09",
                l.crs
            ));
        }
        if !l.grade.is_empty() && engine::Grade::parse(&l.grade).is_none() {
            return Err(format!(
                "list.grade {:?} is not a grade; expected one of {}",
                l.grade,
                engine::Grade::codes()
            ));
        }
        let area_code = |c: &str| {
            c.starts_with('0')
                && (3..=4).contains(&c.len())
                && c.bytes().all(|b| b.is_ascii_digit())
        };
        if !l.area_code.is_empty() && !area_code(&l.area_code) {
            return Err(format!(
                "list.area_code {:?} is not an area code; expected e.g. 023 or 0816",
                l.area_code
            ));
        }
        for key in self.columns.keys().chain(self.defaults.keys()).chain(self.values.keys()) {
            if !CSV_FIELDS.contains(&key.as_str()) {
                return Err(format!(
                    "{key:?} is not a field a list can fill; expected one of {}",
                    CSV_FIELDS.join(", ")
                ));
            }
        }
        if let Some(words) = self.values.get("precision") {
            for code in words.values() {
                if LocationPrecision::parse(code).is_none() {
                    return Err(format!(
                        "values.precision: {code:?} is not a precision; expected one of {}",
                        LocationPrecision::codes()
                    ));
                }
            }
        }
        if l.format == Format::Csv && !self.columns.contains_key("name") {
            return Err("a csv list needs [columns] name".into());
        }
        Ok(())
    }

    pub fn crs(&self) -> CoordSystem {
        CoordSystem::parse(&self.list.crs).unwrap_or(CoordSystem::Wgs84)
    }

    /// The list as the dataset describes it.
    pub fn describe(&self) -> SourceList {
        let l = &self.list;
        SourceList {
            id: l.id.clone(),
            name: l.name.clone(),
            name_en: l.name_en.clone(),
            publisher: l.publisher.clone(),
            publisher_en: l.publisher_en.clone(),
            date: l.date.clone(),
            licence: l.licence.clone(),
            url: l.url.clone(),
            geocoder: l.geocoder.clone(),
            states: engine::ListFact::parse(&l.states).unwrap_or_default(),
        }
    }

    /// How a record cites the list in its `source`: "腾讯新闻《…》(2021-02-16)".
    pub fn citation(&self) -> String {
        format!("{} (列表日期 {})", self.list.name, self.list.date)
    }
}

/// Every spec in `dir` (`*.toml`), in file-name order.
pub fn read_all(dir: &Path) -> Result<Vec<Spec>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let specs = paths.iter().map(|p| Spec::read(p)).collect::<Result<Vec<_>, _>>()?;
    let mut ids: Vec<&str> = specs.iter().map(|s| s.list.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!(
            "{}: two lists have the id {:?}; expected one id per list",
            dir.display(),
            w[0]
        ));
    }
    Ok(specs)
}

/// The lists described in the `imports/` folder beside a data folder, if any.
pub fn lists_beside(data_dir: &Path) -> Result<Vec<SourceList>, String> {
    let dir = data_dir.join("imports");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    Ok(read_all(&dir)?.iter().map(Spec::describe).collect())
}
