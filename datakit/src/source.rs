//! Reads `facilities.csv` into the engine's model, reporting every problem
//! with its file, line and column.

use std::fmt;
use std::path::Path;

use engine::{
    Designation, Facility, FacilityKind, Feature, Grade, LatLon, LocationPrecision, Ownership,
    Service,
};

/// The required columns of `facilities.csv`.
pub use engine::export::{OPTIONAL_COLUMNS, REQUIRED_COLUMNS as COLUMNS};

/// One problem found in a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub column: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}: {}", self.file, self.line, self.column, self.message)
    }
}

#[derive(serde::Deserialize)]
struct Row {
    id: String,
    name: String,
    kind: String,
    grade: String,
    lat: String,
    lon: String,
    location_precision: String,
    source: String,
    last_checked: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    aliases: String,
    #[serde(default)]
    ownership: String,
    #[serde(default)]
    county_code: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phones: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    opening_hours: String,
    #[serde(default)]
    services: String,
    #[serde(default)]
    designations: String,
    #[serde(default)]
    features: String,
    #[serde(default)]
    booking_url: String,
    #[serde(default)]
    location_source: String,
    #[serde(default)]
    former_township: String,
    #[serde(default)]
    kind_inferred: String,
    #[serde(default)]
    lists: String,
    #[serde(default)]
    facts: String,
    #[serde(default)]
    source_points: String,
}

/// One point a public list gave for a record, as it gave it: the import's
/// audit trail in the `source_points` column, `<list id> <crs> <lat>,<lon>`.
#[derive(Clone, Debug, PartialEq)]
pub struct SourcePoint {
    pub list: String,
    pub crs: engine::CoordSystem,
    /// As the list wrote it, in `crs`.
    pub point: LatLon,
}

impl SourcePoint {
    /// The point in WGS-84.
    pub fn wgs84(&self) -> LatLon {
        self.crs.to_wgs84(self.point)
    }

    pub fn parse(text: &str) -> Option<SourcePoint> {
        let mut parts = text.split_whitespace();
        let (list, crs, at) = (parts.next()?, parts.next()?, parts.next()?);
        let (lat, lon) = at.split_once(',')?;
        let point = LatLon::new(lat.parse().ok()?, lon.parse().ok()?).ok()?;
        let crs = engine::CoordSystem::parse(crs)?;
        parts.next().is_none().then(|| SourcePoint { list: list.into(), crs, point })
    }
}

impl fmt::Display for SourcePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {},{}", self.list, self.crs.code(), self.point.lat(), self.point.lon())
    }
}

/// What `facilities.csv` holds beyond the engine's model: each record's
/// line and its `source_points`.
#[derive(Clone, Debug, Default)]
pub struct RowExtras {
    pub line: u64,
    pub source_points: Vec<SourcePoint>,
}

/// Reads and checks a facilities CSV. Returns the facilities, or every problem found.
pub fn read_facilities(path: &Path) -> Result<Vec<Facility>, Vec<Problem>> {
    read_facilities_with_lines(path).map(|(facilities, _)| facilities)
}

/// As [`read_facilities`], with the line each facility starts on.
pub fn read_facilities_with_lines(path: &Path) -> Result<(Vec<Facility>, Vec<u64>), Vec<Problem>> {
    read_facilities_with_extras(path)
        .map(|(facilities, extras)| (facilities, extras.into_iter().map(|e| e.line).collect()))
}

/// As [`read_facilities`], with each facility's line and audit columns.
pub fn read_facilities_with_extras(
    path: &Path,
) -> Result<(Vec<Facility>, Vec<RowExtras>), Vec<Problem>> {
    let file = path.display().to_string();
    let problem = |line: u64, column: &str, message: String| Problem {
        file: file.clone(),
        line,
        column: column.into(),
        message,
    };
    let mut reader = match open_csv(path) {
        Ok(r) => r,
        Err((line, e)) => return Err(vec![problem(line, "-", e)]),
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![problem(1, "-", format!("cannot read the header row: {e}"))]),
    };
    // `networks` is what `datakit export` adds from memberships.csv; reading, it is set aside.
    let readable: Vec<&str> = OPTIONAL_COLUMNS.iter().copied().chain(["networks"]).collect();
    let header_problems = check_header(&headers, &COLUMNS, &readable);
    if !header_problems.is_empty() {
        return Err(header_problems
            .into_iter()
            .map(|(column, message)| problem(1, &column, message))
            .collect());
    }

    let today = crate::report::today_days();
    let mut facilities = Vec::new();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(problem(line, "-", format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let row: Row = match record.deserialize(Some(&headers)) {
            Ok(r) => r,
            Err(e) => {
                problems.push(problem(line, "-", format!("unreadable row: {e}")));
                continue;
            }
        };
        let before = problems.len();
        let mut report =
            |column: &str, message: String| problems.push(problem(line, column, message));
        for (column, value) in [("id", &row.id), ("name", &row.name), ("source", &row.source)] {
            if value.is_empty() {
                report(column, "is empty; a value is required".into());
            }
        }
        if let Some(first) = seen.insert(row.id.clone(), line) {
            if !row.id.is_empty() {
                report("id", format!("duplicate id {:?}, first used on line {first}", row.id));
            }
        }
        if !row.id.is_empty() && !is_list_id(&row.id) {
            report(
                "id",
                format!("{:?} is not an id; expected lower-case letters and digits in hyphen-joined parts, e.g. cq-dz-tcmh (it goes in links)", row.id),
            );
        }
        for (column, value) in [
            ("name", &row.name),
            ("name_en", &row.name_en),
            ("aliases", &row.aliases),
            ("address", &row.address),
            ("source", &row.source),
        ] {
            if looks_like_formula(value) {
                report(column, format!("{value:?} starts like a spreadsheet formula; expected plain text (a spreadsheet would run it)"));
            }
        }
        let kind = vocab(&mut report, "kind", &row.kind, FacilityKind::parse, FacilityKind::codes);
        let grade = vocab(&mut report, "grade", &row.grade, Grade::parse, Grade::codes);
        let precision = vocab(
            &mut report,
            "location_precision",
            &row.location_precision,
            LocationPrecision::parse,
            LocationPrecision::codes,
        );
        for (column, value) in [
            ("name", &row.name),
            ("name_en", &row.name_en),
            ("address", &row.address),
            ("opening_hours", &row.opening_hours),
            ("source", &row.source),
            ("location_source", &row.location_source),
            ("former_township", &row.former_township),
        ] {
            if value.contains(['\n', '\r']) {
                report(column, "contains a line break; expected one line".into());
            }
        }
        let ownership = if row.ownership.is_empty() {
            Some(Ownership::NotListed)
        } else {
            vocab(&mut report, "ownership", &row.ownership, Ownership::parse, Ownership::codes)
        };
        let county_code = match row.county_code.as_str() {
            "" => 0,
            code => match code.parse::<u32>() {
                Ok(c) if (110_000..=829_999).contains(&c) => c,
                _ => {
                    report("county_code", format!("{code:?} is not a county code; expected a 6-digit adcode such as 500111"));
                    0
                }
            },
        };
        let phones = split_list(&row.phones);
        for phone in &phones {
            if !is_phone(phone) {
                report("phones", format!("{phone:?} is not a phone number; expected e.g. 028-85422114, 023-43722123 or 13800000000"));
            }
        }
        if engine::Hours::parse(&row.opening_hours) == engine::Hours::Unknown {
            report(
                "opening_hours",
                format!("{:?} is not understood; expected OpenStreetMap syntax such as \"Mo-Fr 08:00-17:30; Sa 08:00-12:00\" or \"24/7\"", row.opening_hours),
            );
        }
        for (column, value) in [("website", &row.website), ("booking_url", &row.booking_url)] {
            if !value.is_empty() && !engine::export::is_web_address(value) {
                report(column, format!("{value:?} is not a web address; expected https:// and a host, e.g. https://www.example.org"));
            }
        }
        let services =
            term_list(&mut report, "services", &row.services, Service::parse, Service::codes);
        let designations = term_list(
            &mut report,
            "designations",
            &row.designations,
            Designation::parse,
            Designation::codes,
        );
        let features =
            term_list(&mut report, "features", &row.features, Feature::parse, Feature::codes);
        if features.contains(&Feature::OnlineBooking) {
            report("features", "online_booking follows from booking_url; expected the booking link in booking_url instead".into());
        }
        let kind_inferred = match row.kind_inferred.as_str() {
            "" => false,
            "yes" => true,
            other => {
                report("kind_inferred", format!("{other:?} is not understood; expected yes (the kind was told from the name) or empty"));
                false
            }
        };
        let lists = split_list(&row.lists);
        for id in &lists {
            if !is_list_id(id) {
                report("lists", format!("{id:?} is not a list id; expected lower-case letters, digits and hyphens, as in data/imports"));
            }
        }
        let mut facts = Vec::new();
        for item in row.facts.lines().filter(|l| !l.trim().is_empty()) {
            match engine::codec::parse_fact_line(item) {
                Some(fact) => facts.push(fact),
                None => report("facts", format!("{item:?} is not a fact; expected field, value, date, source and address separated by tabs, as datakit export writes them (or put the fact in facts.csv)")),
            }
        }
        let mut source_points = Vec::new();
        for item in split_list(&row.source_points) {
            match SourcePoint::parse(&item) {
                Some(p) => source_points.push(p),
                None => report("source_points", format!("{item:?} is not understood; expected <list id> <wgs84|gcj02|bd09> <lat>,<lon>")),
            }
        }
        let lat = number(&mut report, "lat", &row.lat);
        let lon = number(&mut report, "lon", &row.lon);
        let point = match (lat, lon) {
            (Some(lat), Some(lon)) => match LatLon::new(lat, lon) {
                Ok(p) => Some(p),
                Err(e) => {
                    report("lat/lon", format!("{e}; expected WGS-84 degrees"));
                    None
                }
            },
            _ => None,
        };
        if let Some(message) = check_date(&row.last_checked, today) {
            report("last_checked", message);
        }
        if problems.len() > before {
            continue;
        }
        if let (Some(kind), Some(grade), Some(precision), Some(point)) =
            (kind, grade, precision, point)
        {
            let aliases = split_list(&row.aliases);
            lines.push(RowExtras { line, source_points });
            facilities.push(Facility {
                pinyin: crate::pinyin::for_names(&row.name, &aliases),
                aliases,
                grade,
                precision,
                services,
                designations,
                features,
                booking_url: row.booking_url,
                former_township: row.former_township,
                name_en: row.name_en,
                ownership: ownership.unwrap_or(Ownership::NotListed),
                county_code,
                address: row.address,
                phones,
                website: row.website,
                opening_hours: row.opening_hours,
                source: row.source,
                last_checked: row.last_checked,
                location_source: row.location_source,
                kind_inferred,
                lists,
                facts,
                ..Facility::new(row.id, row.name, kind, point)
            });
        }
    }
    if problems.is_empty() {
        Ok((facilities, lines))
    } else {
        Err(problems)
    }
}

/// A CSV reader over `path` with cells trimmed. Windows line endings are
/// made plain first: the reader miscounts lines with them, and every message
/// here cites a line. A file that is not UTF-8 is refused with the way out.
/// A file that cannot be read fails at line 0; one that is not UTF-8 at the line of its first bad byte.
pub fn open_csv(path: &Path) -> Result<csv::Reader<std::io::Cursor<Vec<u8>>>, (u64, String)> {
    let bytes = std::fs::read(path).map_err(|e| (0, format!("cannot open: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        (line, format!("byte {at} is not UTF-8; expected a UTF-8 file (import a GBK spreadsheet with datakit import-csv)"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).replace("\r\n", "\n");
    Ok(csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(std::io::Cursor::new(text.into_bytes())))
}

fn vocab<T>(
    report: &mut impl FnMut(&str, String),
    column: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    codes: fn() -> String,
) -> Option<T> {
    let parsed = parse(value);
    if parsed.is_none() {
        report(column, format!("unknown value {value:?}; expected one of {}", codes()));
    }
    parsed
}

/// What a header row lacks, repeats, or holds that no one reads (a misspelled
/// column would lose its values without a word): (column, message) each.
pub fn check_header(
    headers: &csv::StringRecord,
    required: &[&str],
    optional: &[&str],
) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let missing: Vec<&str> =
        required.iter().copied().filter(|c| !headers.iter().any(|h| h == *c)).collect();
    if !missing.is_empty() {
        problems.push((
            "-".to_string(),
            format!("missing columns {}; expected {}", missing.join(", "), required.join(",")),
        ));
    }
    let known: Vec<&str> = required.iter().chain(optional).copied().collect();
    for (i, h) in headers.iter().enumerate() {
        if headers.iter().take(i).any(|earlier| earlier == h) {
            problems.push((
                h.to_string(),
                "appears twice in the header; expected each column once".to_string(),
            ));
        } else if !known.contains(&h) {
            let nearest = known
                .iter()
                .min_by_key(|k| edit_distance(&h.to_lowercase(), k))
                .copied()
                .unwrap_or_default();
            problems.push((
                h.to_string(),
                format!("is not a column datakit reads (its values would be lost); did you mean {nearest}? expected one of {}", known.join(", ")),
            ));
        }
    }
    problems
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb)).min(row[j] + 1).min(here + 1);
            previous = here;
        }
    }
    row[b.len()]
}

/// Text a spreadsheet would take for a formula (`=HYPERLINK(…)`, `+1+cmd|…`, `@SUM`).
pub fn looks_like_formula(value: &str) -> bool {
    value.starts_with(['=', '+', '@'])
        || value.starts_with('-')
            && value.parse::<f64>().is_err()
            && value.len() > 1
            && !value.starts_with("--")
}

/// A list id: lower-case ASCII letters and digits in hyphen-joined parts.
pub(crate) fn is_list_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A `;`-separated list, trimmed, empty items dropped.
fn split_list(value: &str) -> Vec<String> {
    value.split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// Mainland phone numbers as published: a landline with area code
/// (`028-85422114`, optionally `-ext`), a mobile (`13800000000`), or a
/// national service number (`12320`, `95xxx`). `+86` may lead.
pub(crate) fn is_phone(phone: &str) -> bool {
    let p = phone.strip_prefix("+86").map(str::trim_start).unwrap_or(phone);
    let digits: String = p.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if !digits.chars().all(|c| c.is_ascii_digit())
        || !p.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return false;
    }
    let mobile = digits.len() == 11 && digits.starts_with('1') && digits.as_bytes()[1] >= b'3';
    let landline = digits.starts_with('0') && (10..=12).contains(&digits.len())
        || p.starts_with('0') && p.split('-').count() == 3 && (12..=17).contains(&digits.len());
    let service =
        (5..=6).contains(&digits.len()) && (digits.starts_with("12") || digits.starts_with("95"));
    mobile || landline || service
}

/// A `;`-separated list of vocabulary terms; empty means none listed.
fn term_list<T: Ord>(
    report: &mut impl FnMut(&str, String),
    column: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    codes: fn() -> String,
) -> Vec<T> {
    let mut terms: Vec<T> = value
        .split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .filter_map(|t| vocab(report, column, t, parse, codes))
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

fn number(report: &mut impl FnMut(&str, String), column: &str, value: &str) -> Option<f64> {
    match value.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            report(column, format!("{value:?} is not a number; expected decimal degrees"));
            None
        }
    }
}

/// A real calendar date written `YYYY-MM-DD`.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) =
        (s[..4].parse::<u32>(), s[5..7].parse::<u32>(), s[8..].parse::<u32>())
    else {
        return false;
    };
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=days).contains(&day)
}

/// Problems with a `last_checked` value: not a date, or after today.
pub(crate) fn check_date(value: &str, today_days: i64) -> Option<String> {
    if !is_iso_date(value) {
        return Some(format!("{value:?} is not a date; expected YYYY-MM-DD"));
    }
    match crate::report::days_since_epoch(value) {
        Some(day) if day > today_days => {
            Some(format!("{value} is in the future; expected the date it was last checked"))
        }
        _ => None,
    }
}

/// Problems with the date a fact was stated: `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD` (news pages often give no day), not after today.
pub(crate) fn check_fact_date(value: &str, today_days: i64) -> Option<String> {
    let first_day = match value.len() {
        4 => format!("{value}-01-01"),
        7 => format!("{value}-01"),
        _ => value.to_string(),
    };
    let plain = value.len() != 10 || is_iso_date(value);
    if !plain || !is_iso_date(&first_day) {
        return Some(format!("{value:?} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD (when the source stated it)"));
    }
    match crate::report::days_since_epoch(&first_day) {
        Some(day) if day > today_days => {
            Some(format!("{value} is in the future; expected when the source stated it"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn fact_dates_may_be_a_year_a_month_or_a_day_and_never_later_than_today() {
        let today = crate::report::days_since_epoch("2026-12-07").unwrap();
        for good in ["2017", "2018-04", "2018-04-06", "2026-12-07"] {
            assert_eq!(check_fact_date(good, today), None, "{good}");
        }
        for bad in ["", "17", "2018-4", "2018-13", "2018-02-30", "2018/04/06", "2026-12-08", "2027"]
        {
            assert!(check_fact_date(bad, today).is_some(), "{bad}");
        }
    }

    fn write_csv(body: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(body.as_bytes()).unwrap();
        f
    }

    const HEADER: &str = "id,name,kind,grade,lat,lon,location_precision,source,last_checked\n";

    #[test]
    fn reads_a_valid_row() {
        let f = write_csv(&format!(
            "{HEADER}a,某医院,tcm,3a,30.1,104.2,approximate,brief,2026-11-23\n"
        ));
        let facilities = read_facilities(f.path()).unwrap();
        assert_eq!(facilities.len(), 1);
        assert_eq!(facilities[0].kind, FacilityKind::Tcm);
    }

    #[test]
    fn reports_every_problem_with_line_and_column() {
        let f = write_csv(&format!(
            "{HEADER}a,甲,tcm,3a,30.1,104.2,approximate,brief,2026-11-23\n\
             a,乙,hospital,3a,95,104.2,approximate,,2026-13-01\n\
             c,丙,tcm,3a,north,104.2,approximate,brief,2026-01-01\n"
        ));
        let problems: Vec<String> = read_facilities(f.path())
            .unwrap_err()
            .iter()
            .map(|p| {
                let s = p.to_string();
                s[s.find(':').unwrap() + 1..].to_string()
            })
            .collect();
        assert_eq!(
            problems,
            [
                "3: source: is empty; a value is required",
                "3: id: duplicate id \"a\", first used on line 2",
                "3: kind: unknown value \"hospital\"; expected one of general, tcm, integrated, ethnic, specialty, maternal_child, community, township, central_township, village, clinic, tcm_clinic, community_station",
                "3: lat/lon: latitude 95 is outside -90..=90; expected WGS-84 degrees",
                "3: last_checked: \"2026-13-01\" is not a date; expected YYYY-MM-DD",
                "4: lat: \"north\" is not a number; expected decimal degrees",
            ]
        );
    }

    #[test]
    fn reads_service_and_designation_lists() {
        let f = write_csv(
            "id,name,kind,grade,lat,lon,location_precision,source,last_checked,services,designations\n\
             a,某医院,tcm,3a,30.1,104.2,approximate,brief,2026-11-23,针灸; tuina,chest_pain_centre\n\
             b,某医院,tcm,3a,30.1,104.2,approximate,brief,2026-11-23,massage,\n",
        );
        let problems = read_facilities(f.path()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().ends_with(":3: services: unknown value \"massage\"; expected one of acupuncture, tuina, cupping, moxibustion, gua_sha, preventive_tcm, tcm_hall, model_tcm_hall, emergency, ophthalmology, neurosurgery, pain, paediatrics, cardiology, obstetrics, gynaecology, geriatrics, rehabilitation, stomatology, internet_hospital, elderly_care, telemedicine"), "{}", problems[0]);
        let f = write_csv(
            "id,name,kind,grade,lat,lon,location_precision,source,last_checked,services,designations\n\
             a,某医院,tcm,3a,30.1,104.2,approximate,brief,2026-11-23,针灸; tuina,chest_pain_centre\n",
        );
        let facilities = read_facilities(f.path()).unwrap();
        assert_eq!(facilities[0].services, [Service::Acupuncture, Service::Tuina]);
        assert_eq!(facilities[0].designations, [Designation::ChestPainCentre]);
    }

    #[test]
    fn optional_columns_are_read_and_checked() {
        let header =
            "id,name,kind,grade,lat,lon,location_precision,source,last_checked,name_en,aliases,ownership,county_code,address,phones,website,opening_hours\n";
        let good = write_csv(&format!(
            "{header}a,甲医院,tcm,3a,30.1,104.2,approximate,brief,2026-11-23,Hospital A,甲院; 甲,public,500111,大足区某路1号,023-43722123; 13800000000,https://example.org,Mo-Fr 08:00-17:30\n"
        ));
        let f = &read_facilities(good.path()).unwrap()[0];
        assert_eq!(f.aliases, ["甲院", "甲"]);
        assert_eq!(f.phones, ["023-43722123", "13800000000"]);
        assert_eq!((f.ownership, f.county_code), (Ownership::Public, 500111));
        assert_eq!(f.opening_hours, "Mo-Fr 08:00-17:30");

        let bad = write_csv(&format!("{header}a,甲医院,tcm,3a,30.1,104.2,approximate,brief,2026-11-23,,,state,5001,,call us,www.example.org,8am-5pm\n"));
        let problems: Vec<String> =
            read_facilities(bad.path()).unwrap_err().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].ends_with(
            ":2: ownership: unknown value \"state\"; expected one of public, private, unknown"
        ));
        assert!(problems[1].ends_with(":2: county_code: \"5001\" is not a county code; expected a 6-digit adcode such as 500111"));
        assert!(problems[2].ends_with(":2: phones: \"call us\" is not a phone number; expected e.g. 028-85422114, 023-43722123 or 13800000000"));
        assert!(
            problems[3].ends_with(
                ":2: opening_hours: \"8am-5pm\" is not understood; expected OpenStreetMap syntax such as \"Mo-Fr 08:00-17:30; Sa 08:00-12:00\" or \"24/7\""
            ),
            "{}",
            problems[3]
        );
        assert!(
            problems[4].ends_with(":2: website: \"www.example.org\" is not a web address; expected https:// and a host, e.g. https://www.example.org"),
            "{}",
            problems[4]
        );
    }

    #[test]
    fn dates_must_exist_and_not_be_in_the_future() {
        for ok in ["2024-02-29", "2026-11-23", "2000-02-29"] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in
            ["2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-1-01", "yesterday"]
        {
            assert!(!is_iso_date(bad), "{bad}");
        }
        let today = crate::report::days_since_epoch("2026-11-23").unwrap();
        assert_eq!(check_date("2026-11-23", today), None);
        assert_eq!(
            check_date("2026-11-24", today).as_deref(),
            Some("2026-11-24 is in the future; expected the date it was last checked")
        );
    }

    #[test]
    fn phone_formats() {
        for ok in [
            "028-85422114",
            "02885422114",
            "023-43722123",
            "0816-2222222",
            "13800000000",
            "+86 13800000000",
            "12320",
            "028-85422114-801",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in
            ["85422114", "1380000000", "call us", "028-8542211x", "12345678901234", "10086-1"]
        {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn windows_line_endings_and_a_bom_keep_line_numbers_right() {
        let f = write_csv(&format!("\u{feff}{HEADER}a,甲,tcm,3a,30.1,104.2,approximate,brief,2026-11-23\n").replace('\n', "\r\n").replace(
            "2026-11-23\r\n",
            "2026-11-23\r\nb,\"乙\r\n院\",tcm,3a,30.1,104.2,approximate,brief,2026-11-23\r\nc,丙,tcm,3a,x,104.2,approximate,brief,2026-11-23\r\n",
        ));
        let problems: Vec<String> =
            read_facilities(f.path()).unwrap_err().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].ends_with(":3: name: contains a line break; expected one line"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].ends_with(":5: lat: \"x\" is not a number; expected decimal degrees"),
            "{}",
            problems[1]
        );
    }

    #[test]
    fn misspelled_and_repeated_columns_are_named_not_dropped() {
        let f = write_csv("id,name,kind,grade,lat,lon,location_precision,source,last_checked,Phones,name\na,甲,tcm,3a,30.1,104.2,approximate,brief,2026-11-23,023-43722123,乙\n");
        let problems: Vec<String> =
            read_facilities(f.path()).unwrap_err().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains(":1: Phones: is not a column datakit reads (its values would be lost); did you mean phones?"), "{}", problems[0]);
        assert!(
            problems[1]
                .ends_with(":1: name: appears twice in the header; expected each column once"),
            "{}",
            problems[1]
        );
    }

    #[test]
    fn ids_go_in_links_and_formulas_are_not_names() {
        let f = write_csv(&format!(
            "{HEADER}a/b,甲,tcm,3a,30.1,104.2,approximate,brief,2026-11-23\nA b,乙,tcm,3a,30.1,104.2,approximate,brief,2026-11-23\nok-1,\"=HYPERLINK(\"\"http://x\"\")\",tcm,3a,30.1,104.2,approximate,brief,2026-11-23\nx..y,丁,tcm,3a,30.1,104.2,approximate,+1+cmd,2026-11-23\n"
        ));
        let problems: Vec<String> =
            read_facilities(f.path()).unwrap_err().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].contains(":2: id: \"a/b\" is not an id"), "{}", problems[0]);
        assert!(problems[1].contains(":3: id: \"A b\" is not an id"));
        assert!(
            problems[2].contains(
                ":4: name: \"=HYPERLINK(\\\"http://x\\\")\" starts like a spreadsheet formula"
            ),
            "{}",
            problems[2]
        );
        assert!(problems[3].contains(":5: id: \"x..y\" is not an id"));
        assert!(problems[4].contains(":5: source: \"+1+cmd\" starts like a spreadsheet formula"));
    }

    #[test]
    fn a_gbk_file_is_refused_at_the_line_of_its_first_bad_byte() {
        let mut bytes =
            format!("{HEADER}a,甲,tcm,3a,30.1,104.2,approximate,brief,2026-11-23\n").into_bytes();
        bytes.extend(
            encoding_rs::GBK
                .encode("b,大足区中医院,tcm,3a,30.1,104.2,approximate,brief,2026-11-23\n")
                .0
                .iter(),
        );
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(&bytes).unwrap();
        let problems = read_facilities(f.path()).unwrap_err();
        assert_eq!(problems[0].line, 3, "{}", problems[0]);
        assert!(problems[0].message.contains("is not UTF-8"));
    }

    #[test]
    fn missing_columns_are_named() {
        let f = write_csv("id,name\na,b\n");
        let problems = read_facilities(f.path()).unwrap_err();
        assert!(
            problems[0].message.starts_with("missing columns kind, grade, lat"),
            "{}",
            problems[0]
        );
    }
}
