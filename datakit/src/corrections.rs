//! `datakit corrections apply`: the `xunzhen-correction v1` blocks of
//! "suggest a correction" messages (files, or whole mail bodies), checked
//! against the data as it is now and applied all together or not at all.
//!
//! A correction is refused when its facility is not there, its field is not
//! one a file can change, the value its reporter saw is not the value the
//! data holds now (someone changed it since: the correction is stale), or
//! the proposed value would not pass `datakit check`. Services, designations,
//! features, phones, hours, website and booking link become rows of
//! `facts.csv` (a keeper's hours, website and link replace a list's; terms
//! and phones are added, never taken away by a file). Name, address, kind,
//! grade and location are kept in `curated.csv`: a record the import made
//! from the lists gets a curated row with its id, which the import merges
//! over the lists' (`lists::merge`), and `facilities.csv` is changed the way
//! the import would change it, so the data is right before the next import.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use engine::correction::{find_blocks, Correction};
use engine::{Designation, Facility, FacilityKind, Feature, Grade, LatLon, Service};

/// A correction read from a file, with where it is.
#[derive(Clone, Debug)]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub correction: Correction,
}

/// What `corrections apply` did: each correction applied, or each refused with why.
#[derive(Debug, Default)]
pub struct Outcome {
    pub applied: Vec<String>,
    pub refused: Vec<String>,
    pub written: Vec<PathBuf>,
}

/// Fields a correction file may change, and those a person reads and acts on.
const RECORD_FIELDS: [&str; 5] = ["name", "address", "kind", "grade", "location"];
const FACT_FIELDS: [&str; 7] =
    ["phones", "opening_hours", "website", "booking_url", "services", "designations", "features"];

fn items(value: &str) -> Vec<String> {
    value
        .split([';', '；', '、', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A list of terms as codes, or the first word that is not one.
fn codes(field: &str, value: &str) -> Result<BTreeSet<String>, String> {
    items(value)
        .iter()
        .map(|w| {
            let code = match field {
                "services" => Service::parse(w).map(|s| s.code()),
                "designations" => Designation::parse(w).map(|d| d.code()),
                _ => Feature::parse(w).map(|f| f.code()),
            };
            code.map(String::from).ok_or_else(|| format!("{w:?} is not a {field} term"))
        })
        .collect()
}

fn point(value: &str) -> Option<LatLon> {
    let head = value.split(['(', '（']).next().unwrap_or("");
    let (lat, lon) = head.split_once([',', '，'])?;
    LatLon::new(lat.trim().parse().ok()?, lon.trim().parse().ok()?).ok()
}

/// What the listing shows now for a field, as the app shows it.
fn current(f: &Facility, field: &str) -> String {
    let join = |v: Vec<&str>| v.join("; ");
    match field {
        "name" => f.name.clone(),
        "address" => f.address.clone(),
        "phones" => f.phones.join("; "),
        "opening_hours" => f.opening_hours.clone(),
        "website" => f.website.clone(),
        "booking_url" => f.booking_url.clone(),
        "location" => format!("{:.5}, {:.5}", f.point.lat(), f.point.lon()),
        "kind" => f.kind.code().to_string(),
        "grade" => f.grade.code().to_string(),
        "services" => join(f.services.iter().map(|s| s.code()).collect()),
        "designations" => join(f.designations.iter().map(|s| s.code()).collect()),
        // 网上预约挂号 follows from a booking link: the listing's features leave it out, as here.
        "features" => join(
            f.features.iter().filter(|x| **x != Feature::OnlineBooking).map(|s| s.code()).collect(),
        ),
        _ => String::new(),
    }
}

/// Whether what the reporter saw is what the data holds now.
fn same_as_seen(f: &Facility, field: &str, seen: &str) -> bool {
    let now = current(f, field);
    match field {
        "phones" => {
            items(seen).into_iter().collect::<BTreeSet<_>>() == items(&now).into_iter().collect()
        }
        "services" | "designations" | "features" => {
            codes(field, seen).ok() == codes(field, &now).ok()
        }
        "location" => point(seen).is_some_and(|p| {
            (p.lat() - f.point.lat()).abs() < 0.6e-5 && (p.lon() - f.point.lon()).abs() < 0.6e-5
        }),
        "kind" => FacilityKind::parse(seen.trim()) == Some(f.kind),
        "grade" => Grade::parse(seen.trim()) == Some(f.grade),
        _ => seen.trim() == now.trim(),
    }
}

/// Why a proposed value cannot be taken, if it cannot.
fn check_proposed(f: &Facility, field: &str, proposed: &str) -> Option<String> {
    let p = proposed.trim();
    let one_line = |what: &str| {
        if p.is_empty() {
            Some(format!("the proposed {what} is empty"))
        } else if p.contains(['\n', '\r', '\t']) || crate::source::looks_like_formula(p) {
            Some(format!("the proposed {what} {p:?} is not one line of plain text"))
        } else {
            None
        }
    };
    match field {
        "name" => one_line("name"),
        "address" => one_line("address"),
        "phones" => {
            let new = items(p);
            if let Some(bad) = new.iter().find(|x| !crate::source::is_phone(x)) {
                return Some(format!("{bad:?} is not a phone number; expected e.g. 028-85422114"));
            }
            let gone: Vec<&String> = f.phones.iter().filter(|x| !new.contains(x)).collect();
            (!gone.is_empty()).then(|| format!(
                "it takes away {}: a file only adds phones (a listed number comes from a list or a fact; a keeper removes it by hand after checking)",
                gone.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ))
        }
        "opening_hours" => (engine::Hours::parse(p) == engine::Hours::Unknown || p.is_empty()).then(|| {
            format!("{p:?} is not opening hours the app can read; expected OpenStreetMap syntax such as \"Mo-Fr 08:00-17:30; Sa 08:00-12:00\"")
        }),
        "website" | "booking_url" => {
            (!engine::export::is_web_address(p)).then(|| format!("{p:?} is not a web address; expected https:// and a host"))
        }
        "location" => point(p).is_none().then(|| format!("{p:?} is not a point; expected \"lat, lon\" in WGS-84 degrees")),
        "kind" => FacilityKind::parse(p).is_none().then(|| format!("{p:?} is not a kind; expected one of {}", FacilityKind::codes())),
        "grade" => Grade::parse(p).is_none().then(|| format!("{p:?} is not a grade; expected one of {}", Grade::codes())),
        "services" | "designations" | "features" => match codes(field, p) {
            Err(e) => Some(e),
            Ok(new) => {
                let now = codes(field, &current(f, field)).unwrap_or_default();
                let gone: Vec<&String> = now.difference(&new).collect();
                if new.contains("online_booking") {
                    Some("online_booking follows from a booking_url; propose the booking link instead".into())
                } else if !gone.is_empty() {
                    Some(format!(
                        "it takes away {}: a file only adds {field} (each is a fact with its source; a keeper removes one by hand after checking it)",
                        gone.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                    ))
                } else if new == now {
                    Some(format!("it proposes the {field} the listing already has"))
                } else {
                    None
                }
            }
        },
        _ => None,
    }
}

/// Reads every block of every file; a block that cannot be read is refused with where and why.
pub fn read(files: &[PathBuf]) -> (Vec<Located>, Vec<String>) {
    let (mut found, mut refused) = (Vec::new(), Vec::new());
    for path in files {
        let file = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                refused.push(format!("{file}: {e}"));
                continue;
            }
        };
        let text = crate::exchange::decode_text(&bytes, "auto", &file).unwrap_or_default();
        let text = decode_mail_parts(&text);
        let blocks = find_blocks(&text);
        if blocks.is_empty() {
            refused.push(format!("{file}: no xunzhen-correction block found (the line ```xunzhen-correction v1 begins one)"));
        }
        for b in blocks {
            match b.correction {
                Ok(correction) => {
                    found.push(Located { file: file.clone(), line: b.line, correction })
                }
                Err(e) => refused.push(format!("{file}:{}: the block cannot be read: {e}", b.line)),
            }
        }
    }
    (found, refused)
}

/// A mail's parts sent as quoted-printable or base64, decoded beside the text
/// (a block inside them is otherwise not visible).
fn decode_mail_parts(text: &str) -> String {
    use base64::Engine;
    let mut out = text.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("content-transfer-encoding: quoted-printable") {
        let joined = text.replace("=\r\n", "").replace("=\n", "");
        let mut bytes = Vec::new();
        let b = joined.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                if let Ok(v) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                    bytes.push(v);
                    i += 3;
                    continue;
                }
            }
            bytes.push(b[i]);
            i += 1;
        }
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(&bytes));
    }
    if lower.contains("content-transfer-encoding: base64") {
        let mut run = String::new();
        for line in text.lines().chain(std::iter::once("")) {
            let l = line.trim();
            let is_b64 = !l.is_empty()
                && l.len() >= 16
                && l.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='));
            if is_b64 {
                run.push_str(l);
            } else if !run.is_empty() {
                if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&run) {
                    out.push('\n');
                    out.push_str(&String::from_utf8_lossy(&bytes));
                }
                run.clear();
            }
        }
    }
    out
}

/// A CSV file as header and rows of cells.
struct Sheet {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Sheet {
    fn read(path: &Path) -> Result<Sheet, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{}: {e}", path.display()))?
            .iter()
            .map(String::from)
            .collect();
        let mut rows = Vec::new();
        for r in reader.records() {
            let r = r.map_err(|e| format!("{}: {e}", path.display()))?;
            let mut cells: Vec<String> = r.iter().map(String::from).collect();
            cells.resize(header.len(), String::new());
            rows.push(cells);
        }
        Ok(Sheet { header, rows })
    }

    fn col(&mut self, name: &str) -> usize {
        match self.header.iter().position(|h| h == name) {
            Some(i) => i,
            None => {
                self.header.push(name.to_string());
                for r in &mut self.rows {
                    r.push(String::new());
                }
                self.header.len() - 1
            }
        }
    }

    fn bytes(&self) -> Vec<u8> {
        let mut text = engine::export::csv_line(&self.header);
        for r in &self.rows {
            text.push_str(&engine::export::csv_line(r));
        }
        text.into_bytes()
    }
}

/// The first web address in a text, for a fact's `url`.
fn first_url(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || "（）()，,；;".contains(c))
        .find(|w| engine::export::is_web_address(w))
        .unwrap_or("")
        .to_string()
}

/// Checks every correction and, when none is refused, applies them all.
pub fn apply(files: &[PathBuf], data: &Path) -> Result<Outcome, String> {
    let (found, mut refused) = read(files);
    let keep = crate::keepers::Data::open(data)?;
    let index: HashMap<&str, &Facility> =
        keep.facilities.iter().map(|f| (f.id.as_str(), f)).collect();
    let today = crate::report::today_days();
    let mut out = Outcome::default();
    for l in &found {
        let c = &l.correction;
        let at = format!("{}:{}", l.file, l.line);
        let Some(f) = index.get(c.facility_id.as_str()) else {
            refused.push(format!(
                "{at}: {:?} is not a facility in {}",
                c.facility_id,
                data.display()
            ));
            continue;
        };
        let why = if !engine::correction::FIELDS.contains(&c.field.as_str()) {
            Some(format!(
                "field {:?} is not known; expected one of {}",
                c.field,
                engine::correction::FIELDS.join(", ")
            ))
        } else if !RECORD_FIELDS.contains(&c.field.as_str())
            && !FACT_FIELDS.contains(&c.field.as_str())
        {
            Some(format!("field {:?} is for a person to read and act on (networks through members import; a closure by hand), not for a file to apply", c.field))
        } else if c.evidence.trim().is_empty() {
            Some("no evidence; a correction needs its evidence, which becomes its source".into())
        } else if c.date.len() != 10 || crate::source::check_fact_date(&c.date, today).is_some() {
            Some(format!("date {:?} is not a date YYYY-MM-DD up to today", c.date))
        } else if !same_as_seen(f, &c.field, &c.seen) {
            Some(format!(
                "stale: the reporter saw {:?}, the data holds {:?} now (changed since, or the block names another value)",
                c.seen,
                current(f, &c.field)
            ))
        } else {
            check_proposed(f, &c.field, &c.proposed)
        };
        match why {
            Some(why) => refused.push(format!("{at}: {} {}: {why}", c.facility_id, c.field)),
            None => out.applied.push(format!(
                "{at}: {} {}: {:?} → {:?}",
                c.facility_id,
                c.field,
                c.seen,
                c.proposed.trim()
            )),
        }
    }
    if !refused.is_empty() || found.is_empty() {
        out.refused = refused;
        return Ok(out);
    }
    let facts_path = data.join("facts.csv");
    let mut facts = match Sheet::read(&facts_path) {
        Ok(s) => s,
        Err(_) => Sheet {
            header: ["facility_id", "field", "value", "source", "date", "url"]
                .map(String::from)
                .to_vec(),
            rows: Vec::new(),
        },
    };
    let curated_path = data.join("curated.csv");
    let mut curated = Sheet::read(&curated_path)?;
    let facilities_path = data.join("facilities.csv");
    let mut facilities = Sheet::read(&facilities_path)?;
    let (mut facts_changed, mut records_changed) = (false, false);
    for l in &found {
        let c = &l.correction;
        let f = index[c.facility_id.as_str()];
        let source =
            format!("更正（{}）：{}", c.date, c.evidence.trim().replace(['\n', '\r', '\t'], " "));
        if FACT_FIELDS.contains(&c.field.as_str()) {
            let values: Vec<String> = match c.field.as_str() {
                "phones" => {
                    items(&c.proposed).into_iter().filter(|p| !f.phones.contains(p)).collect()
                }
                "services" | "designations" | "features" => {
                    let now = codes(&c.field, &current(f, &c.field)).unwrap_or_default();
                    codes(&c.field, &c.proposed)
                        .unwrap_or_default()
                        .difference(&now)
                        .cloned()
                        .collect()
                }
                _ => vec![c.proposed.trim().to_string()],
            };
            for v in values {
                facts.rows.push(vec![
                    c.facility_id.clone(),
                    c.field.clone(),
                    v,
                    source.clone(),
                    c.date.clone(),
                    first_url(&c.evidence),
                ]);
            }
            facts_changed = true;
            continue;
        }
        records_changed = true;
        correct_record(&mut facilities, &mut curated, f, c, &source)?;
    }
    let mut changes = Vec::new();
    if facts_changed {
        changes.push((facts_path, facts.bytes()));
    }
    if records_changed {
        changes.push((curated_path, curated.bytes()));
        changes.push((facilities_path, facilities.bytes()));
    }
    crate::keepers::write_checked(data, &changes)?;
    out.written = changes.into_iter().map(|(p, _)| p).collect();
    Ok(out)
}

/// A record field changed in `curated.csv` (a new row for a record the lists
/// made) and in `facilities.csv` as the import would change it.
fn correct_record(
    facilities: &mut Sheet,
    curated: &mut Sheet,
    f: &Facility,
    c: &Correction,
    source: &str,
) -> Result<(), String> {
    let id_col = facilities.col("id");
    let row = facilities
        .rows
        .iter()
        .position(|r| r[id_col] == f.id)
        .ok_or_else(|| format!("{} is not a row of facilities.csv", f.id))?;
    let cid = curated.col("id");
    let kept = curated.rows.iter().position(|r| r[cid] == f.id);
    let proposed = c.proposed.trim();
    // The cells to set, in both files.
    let mut cells: Vec<(&str, String)> = match c.field.as_str() {
        "name" => {
            let mut aliases = f.aliases.clone();
            if !aliases.contains(&f.name) {
                aliases.push(f.name.clone());
            }
            aliases.retain(|a| a != proposed);
            vec![("name", proposed.to_string()), ("aliases", aliases.join("; "))]
        }
        "address" => vec![("address", proposed.to_string())],
        "kind" => {
            vec![("kind", FacilityKind::parse(proposed).map_or("", |k| k.code()).to_string())]
        }
        "grade" => vec![("grade", Grade::parse(proposed).map_or("", |g| g.code()).to_string())],
        _ => {
            let p = point(proposed).ok_or("unreadable point")?;
            vec![
                ("lat", format!("{:.6}", p.lat())),
                ("lon", format!("{:.6}", p.lon())),
                ("location_precision", "surveyed".into()),
                ("location_source", "更正（现场定位）".into()),
            ]
        }
    };
    let new_checked =
        |old: &str| if c.date.as_str() > old { c.date.clone() } else { old.to_string() };
    match kept {
        Some(k) => {
            let sc = curated.col("source");
            let old_source = curated.rows[k][sc].clone();
            let new_source = format!("{old_source}; {source}");
            curated.rows[k][sc] = new_source.clone();
            let lc = curated.col("last_checked");
            curated.rows[k][lc] = new_checked(&curated.rows[k][lc]);
            let fs = facilities.col("source");
            let merged = facilities.rows[row][fs].clone();
            facilities.rows[row][fs] = match merged.strip_prefix(&old_source) {
                Some(rest) => format!("{new_source}{rest}"),
                None => format!("{source}; {merged}"),
            };
            for (column, value) in &cells {
                let i = curated.col(column);
                curated.rows[k][i] = value.clone();
            }
        }
        None => {
            // The lists' record, kept by hand from now on under its own id.
            let mut new_row = vec![String::new(); curated.header.len()];
            let base = ["name", "kind", "grade", "lat", "lon", "aliases", "county_code"];
            for column in base {
                let fi = facilities.col(column);
                let value = facilities.rows[row][fi].clone();
                let ci = curated.col(column);
                new_row.resize(curated.header.len(), String::new());
                new_row[ci] = value;
            }
            let set = |sheet: &mut Sheet, row: &mut Vec<String>, column: &str, value: String| {
                let i = sheet.col(column);
                row.resize(sheet.header.len(), String::new());
                row[i] = value;
            };
            set(curated, &mut new_row, "id", f.id.clone());
            // Its point stays the lists' (approximate here, so the import keeps taking theirs).
            set(curated, &mut new_row, "location_precision", "approximate".into());
            set(curated, &mut new_row, "source", source.to_string());
            set(curated, &mut new_row, "last_checked", c.date.clone());
            for (column, value) in &cells {
                set(curated, &mut new_row, column, value.clone());
            }
            for r in &mut curated.rows {
                r.resize(curated.header.len(), String::new());
            }
            curated.rows.push(new_row);
            let fs = facilities.col("source");
            facilities.rows[row][fs] = format!("{source}; {}", facilities.rows[row][fs]);
            cells.push(("kind_inferred", String::new()));
        }
    }
    let lc = facilities.col("last_checked");
    facilities.rows[row][lc] = new_checked(&facilities.rows[row][lc]);
    for (column, value) in cells {
        let i = facilities.col(column);
        facilities.rows[row][i] = value;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::Feature;

    /// A facility with a booking link: a features correction is checked
    /// against the features the listing shows, which leave 网上预约挂号 out.
    #[test]
    fn a_features_correction_is_taken_for_a_facility_with_a_booking_link() {
        let point = LatLon::new(29.7, 105.7).unwrap();
        let f = Facility {
            features: vec![Feature::MedicalInsurance, Feature::OnlineBooking],
            booking_url: "https://example.org/booking".into(),
            ..Facility::new("synthetic-a", "合成甲医院", FacilityKind::General, point)
        };
        assert_eq!(current(&f, "features"), "medical_insurance");
        assert!(same_as_seen(&f, "features", "medical_insurance"));
        assert!(!same_as_seen(&f, "features", "medical_insurance; online_booking"));
        assert_eq!(check_proposed(&f, "features", "medical_insurance; lift"), None);
        assert!(check_proposed(&f, "features", "medical_insurance; online_booking").is_some());
    }
}
