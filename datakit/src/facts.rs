//! `facts.csv`: one row per fact about an institution (a service,
//! designation or feature it holds; a booking link, hours, phone or website
//! as a keeper gives them), each with the list, page or file that states it
//! and when. Every service, designation and feature in the dataset is a fact
//! from here, so none is shown without its source and date.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use engine::{Citation, Facility, Fact, FactField, Feature};

use crate::source::{check_fact_date, is_phone, looks_like_formula, Problem};

/// The columns `facts.csv` must have.
pub const REQUIRED: [&str; 5] = ["facility_id", "field", "value", "source", "date"];
/// The columns it may have.
pub const OPTIONAL: [&str; 1] = ["url"];

#[derive(serde::Deserialize)]
struct Row {
    facility_id: String,
    field: String,
    value: String,
    source: String,
    date: String,
    #[serde(default)]
    url: String,
}

/// One fact read from `facts.csv`, for one facility.
#[derive(Clone, Debug, PartialEq)]
pub struct FactRow {
    pub line: u64,
    pub facility_id: String,
    pub fact: Fact,
}

/// Reads and checks `facts.csv` against the facilities it is about. Returns
/// the facts in file order, or every problem found.
pub fn read(path: &Path, facilities: &[Facility]) -> Result<Vec<FactRow>, Vec<Problem>> {
    let file = path.display().to_string();
    let problem = |line: u64, column: &str, message: String| Problem {
        file: file.clone(),
        line,
        column: column.into(),
        message,
    };
    let mut reader =
        crate::source::open_csv(path).map_err(|(line, e)| vec![problem(line, "-", e)])?;
    let headers = reader
        .headers()
        .map_err(|e| vec![problem(1, "-", format!("cannot read the header row: {e}"))])?
        .clone();
    let header_problems = crate::source::check_header(&headers, &REQUIRED, &OPTIONAL);
    if !header_problems.is_empty() {
        return Err(header_problems.into_iter().map(|(c, m)| problem(1, &c, m)).collect());
    }
    let ids: HashSet<&str> = facilities.iter().map(|f| f.id.as_str()).collect();
    let today = crate::report::today_days();
    let mut seen: HashMap<(String, Fact), u64> = HashMap::new();
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
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
        if !ids.contains(row.facility_id.as_str()) {
            report("facility_id", format!("{:?} is not a facility id", row.facility_id));
        }
        let field = check_field(&mut report, &row.field, &row.value);
        check_citation(&mut report, &row.source, &row.date, &row.url, today);
        if problems.len() > before {
            continue;
        }
        let Some(field) = field else { continue };
        let value = if field.code().is_some() { String::new() } else { row.value };
        let citation = Citation { source: row.source, date: row.date, url: row.url };
        let fact = Fact { field, value, citation };
        if let Some(first) = seen.insert((row.facility_id.clone(), fact.clone()), line) {
            problems.push(problem(
                line,
                "-",
                format!("the same fact from the same source as line {first}"),
            ));
            continue;
        }
        rows.push(FactRow { line, facility_id: row.facility_id, fact });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The field a row names, with its value checked for that field.
fn check_field(
    report: &mut impl FnMut(&str, String),
    column: &str,
    value: &str,
) -> Option<FactField> {
    if !FactField::COLUMNS.contains(&column) {
        let expected = FactField::COLUMNS.join(", ");
        report(
            "field",
            format!("{column:?} is not a field a fact can be about; expected one of {expected}"),
        );
        return None;
    }
    let wrong = |what: &str| format!("{value:?} is not {what}");
    let field = FactField::parse(column, value);
    let problem = match field {
        None => Some(match column {
            "services" => format!("{}; expected one of {}", wrong("a service"), engine::Service::codes()),
            "designations" => format!("{}; expected one of {}", wrong("a designation"), engine::Designation::codes()),
            _ => format!("{}; expected one of {}", wrong("a feature"), Feature::codes()),
        }),
        Some(FactField::Feature(Feature::OnlineBooking)) => {
            Some("online_booking follows from a booking_url fact; expected the booking link as field booking_url".into())
        }
        Some(FactField::BookingUrl | FactField::Website) if !engine::export::is_web_address(value) => {
            Some(format!("{}; expected https:// and a host", wrong("a web address")))
        }
        Some(FactField::OpeningHours) if engine::Hours::parse(value) == engine::Hours::Unknown || value.is_empty() => Some(format!(
            "{}; expected OpenStreetMap syntax such as \"Mo-Fr 08:00-17:30; Sa 08:00-12:00\"",
            wrong("opening hours the app can read")
        )),
        Some(FactField::Phone) if !is_phone(value) => Some(format!("{}; expected e.g. 028-85422114", wrong("a phone number"))),
        _ => None,
    };
    match problem {
        Some(message) => {
            report("value", message);
            None
        }
        None => field,
    }
}

/// A citation's source is one line of plain text, its date a date, its address a web address.
fn check_citation(
    report: &mut impl FnMut(&str, String),
    source: &str,
    date: &str,
    url: &str,
    today: i64,
) {
    if source.is_empty() {
        report(
            "source",
            "is empty; expected who states the fact (a list, a page, a keeper's file)".into(),
        );
    } else if source.contains(['\t', '\n', '\r']) || looks_like_formula(source) {
        report("source", format!("{source:?} is not one line of plain text"));
    }
    if let Some(message) = check_fact_date(date, today) {
        report("date", message);
    }
    if !url.is_empty() && !engine::export::is_web_address(url) {
        report("url", format!("{url:?} is not a web address; expected https:// and a host"));
    }
}

/// Adds each fact to its facility: the term it names, or the text it gives
/// (a keeper's hours, website or booking link replace what a list gave; a
/// phone is added). A booking link makes the facility bookable online,
/// cited as the link is.
pub fn apply(facilities: &mut [Facility], rows: Vec<FactRow>) {
    let index: HashMap<String, usize> =
        facilities.iter().enumerate().map(|(i, f)| (f.id.clone(), i)).collect();
    for FactRow { facility_id, fact, .. } in rows {
        let Some(&i) = index.get(&facility_id) else { continue };
        let f = &mut facilities[i];
        match fact.field {
            FactField::Service(s) => insert_sorted(&mut f.services, s),
            FactField::Designation(d) => insert_sorted(&mut f.designations, d),
            FactField::Feature(x) => insert_sorted(&mut f.features, x),
            FactField::BookingUrl => {
                f.booking_url = fact.value.clone();
                insert_sorted(&mut f.features, Feature::OnlineBooking);
                f.facts.push(Fact {
                    field: FactField::Feature(Feature::OnlineBooking),
                    value: String::new(),
                    citation: fact.citation.clone(),
                });
            }
            FactField::OpeningHours => f.opening_hours = fact.value.clone(),
            FactField::Website => f.website = fact.value.clone(),
            FactField::Phone => {
                if !f.phones.contains(&fact.value) {
                    f.phones.push(fact.value.clone());
                }
            }
        }
        // A fact the record already carries (an exported file's `facts` cell) is kept once.
        if !f.facts.contains(&fact) {
            f.facts.push(fact);
        }
    }
}

fn insert_sorted<T: Ord>(terms: &mut Vec<T>, term: T) {
    if let Err(at) = terms.binary_search(&term) {
        terms.insert(at, term);
    }
}

/// Every service, designation and feature a record holds, and its booking
/// link, has a fact that cites it: "nothing without a source".
pub fn uncited(file: &str, facilities: &[Facility], lines: &[u64]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (f, &line) in facilities.iter().zip(lines) {
        let cited = |field: FactField| f.facts.iter().any(|fact| fact.field == field);
        let terms = (f.services.iter().map(|&s| FactField::Service(s)))
            .chain(f.designations.iter().map(|&d| FactField::Designation(d)))
            .chain(f.features.iter().map(|&x| FactField::Feature(x)))
            .chain((!f.booking_url.is_empty()).then_some(FactField::BookingUrl));
        for field in terms.filter(|&field| !cited(field)) {
            let what = field.code().map_or_else(|| format!("{:?}", f.booking_url), String::from);
            problems.push(Problem {
                file: file.into(),
                line,
                column: field.column().into(),
                message: format!(
                    "{what} has no source; expected a row in facts.csv (facility_id {}, field {}, value, source, date)",
                    f.id,
                    field.column()
                ),
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Designation, FacilityKind, LatLon, Service};

    fn facility(id: &str) -> Facility {
        Facility::new(id, id, FacilityKind::General, LatLon::new(30.0, 104.0).unwrap())
    }

    fn facts_file(body: &str) -> tempfile::NamedTempFile {
        let file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        std::fs::write(file.path(), format!("facility_id,field,value,source,date,url\n{body}"))
            .unwrap();
        file
    }

    #[test]
    fn facts_add_their_terms_and_texts_each_with_its_citation() {
        let file = facts_file(
            "a,designations,胸痛中心,中国胸痛中心认证（第六批）,2018-04-06,https://www.example.org/cpc\n\
             a,services,acupuncture,synthetic keeper file,2026-11,\n\
             a,booking_url,https://booking.example.org/a,synthetic keeper file,2026-11,\n\
             a,phones,028-00000000,synthetic keeper file,2026-11,\n\
             b,opening_hours,Mo-Fr 08:00-17:00,synthetic keeper file,2026,\n",
        );
        let mut facilities = vec![facility("a"), facility("b")];
        let rows = read(file.path(), &facilities).unwrap();
        apply(&mut facilities, rows);
        let a = &facilities[0];
        assert_eq!(a.designations, [Designation::ChestPainCentre]);
        assert_eq!(a.services, [Service::Acupuncture]);
        assert_eq!(a.features, [Feature::OnlineBooking], "a booking link makes it bookable");
        assert_eq!(
            (a.booking_url.as_str(), a.phones.as_slice()),
            ("https://booking.example.org/a", &["028-00000000".to_string()][..])
        );
        let cpc = &a.facts[0];
        assert_eq!(cpc.field, FactField::Designation(Designation::ChestPainCentre));
        assert_eq!(cpc.citation.date, "2018-04-06");
        assert_eq!(facilities[1].opening_hours, "Mo-Fr 08:00-17:00");
        assert!(uncited("f.csv", &facilities, &[2, 3]).is_empty(), "every term is cited");
    }

    #[test]
    fn a_term_without_a_fact_is_an_error_naming_facts_csv() {
        let mut a = facility("a");
        a.services = vec![Service::Tuina];
        let problems = uncited("data/facilities.csv", &[a], &[7]);
        assert_eq!(problems.len(), 1);
        let text = problems[0].to_string();
        assert!(text.starts_with("data/facilities.csv:7: services: tuina has no source"), "{text}");
        assert!(text.contains("facts.csv"), "{text}");
    }

    #[test]
    fn bad_rows_are_refused_with_line_column_and_what_was_expected() {
        let file = facts_file(
            "zz,services,acupuncture,s,2020,\n\
             a,grade,3a,s,2020,\n\
             a,services,dragon,s,2020,\n\
             a,features,online_booking,s,2020,\n\
             a,opening_hours,sometimes,s,2020,\n\
             a,website,www.example.org,s,2020,\n\
             a,services,tuina,,2020,\n\
             a,services,tuina,s,yesterday,\n\
             a,services,tuina,=cmd(),2020,ftp://x\n\
             a,services,acupuncture,s,2020,\n\
             a,services,针灸,s,2020,\n",
        );
        let problems: Vec<String> = read(file.path(), &[facility("a")])
            .unwrap_err()
            .iter()
            .map(|p| p.to_string().split_once(':').unwrap().1.to_string())
            .collect();
        let expected_starts = [
            "2: facility_id: \"zz\" is not a facility id",
            "3: field: \"grade\" is not a field a fact can be about",
            "4: value: \"dragon\" is not a service",
            "5: value: online_booking follows from a booking_url fact",
            "6: value: \"sometimes\" is not opening hours the app can read",
            "7: value: \"www.example.org\" is not a web address",
            "8: source: is empty",
            "9: date: \"yesterday\" is not a date",
            "10: source: \"=cmd()\" is not one line of plain text",
            "10: url: \"ftp://x\" is not a web address",
            "12: -: the same fact from the same source as line 11",
        ];
        assert_eq!(problems.len(), expected_starts.len(), "{problems:#?}");
        for (got, want) in problems.iter().zip(expected_starts) {
            assert!(got.starts_with(want), "{got:?} should start with {want:?}");
        }
    }
}
