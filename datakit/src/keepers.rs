//! What `members import` and `facts import` share: the data folder's
//! facilities and the places to match against, a table's rows through the
//! matcher (with each row's county or place), and how a row's outcome is
//! printed (for a person, or as one JSON object a row) and kept for review.

use std::path::{Path, PathBuf};

use engine::Facility;

use crate::lists::place::Gazetteer;
use crate::matcher::{Matcher, Outcome, Place, Status};
use crate::table::{Row, Table};

/// The facilities of a data folder (`facilities.csv`, with `facts.csv` applied) and its gazetteer.
pub struct Data {
    pub dir: PathBuf,
    pub facilities: Vec<Facility>,
    pub gazetteer: Gazetteer,
}

impl Data {
    /// Reads `<dir>/facilities.csv` (refusing a folder whose data has problems) and the places beside it, or the bundled ones.
    pub fn open(dir: &Path) -> Result<Data, String> {
        let csv = dir.join("facilities.csv");
        let mut facilities = crate::source::read_facilities(&csv).map_err(|problems| {
            let lines: Vec<String> = problems.iter().take(20).map(ToString::to_string).collect();
            format!("{}\n{} has problems; run datakit check first", lines.join("\n"), csv.display())
        })?;
        let facts = dir.join("facts.csv");
        if facts.exists() {
            let rows = crate::facts::read(&facts, &facilities).map_err(|problems| {
                let lines: Vec<String> =
                    problems.iter().take(20).map(ToString::to_string).collect();
                format!(
                    "{}\n{} has problems; run datakit check first",
                    lines.join("\n"),
                    facts.display()
                )
            })?;
            crate::facts::apply(&mut facilities, rows);
        }
        let gazetteer = Gazetteer::open(
            &crate::files::reference_in(dir, "boundaries"),
            &crate::files::reference_in(dir, "places"),
        )?;
        Ok(Data { dir: dir.to_path_buf(), facilities, gazetteer })
    }
}

/// Where a table says its rows are: the columns that may hold a county
/// (an adcode or its name) or place words (a city, a province).
#[derive(Clone, Copy, Debug, Default)]
pub struct PlaceColumns {
    pub county: Option<usize>,
    pub place: Option<usize>,
}

/// Heading words for a county column and for a place column.
const COUNTY_WORDS: [&str; 7] =
    ["区县", "县区", "区（县）", "县（市、区）", "区划代码", "county", "adcode"];
const PLACE_WORDS: [&str; 6] = ["地区", "所在地", "城市", "市州", "地市", "place"];

impl PlaceColumns {
    /// Found by heading words (`--county-column` names one exactly).
    pub fn find(table: &Table, county_heading: Option<&str>) -> Result<PlaceColumns, String> {
        let county = table.column(county_heading, &COUNTY_WORDS, &[], "county")?;
        let place = table.column(None, &PLACE_WORDS, &[], "place")?.filter(|&p| Some(p) != county);
        Ok(PlaceColumns { county, place })
    }
}

/// One row's name, place and what the matcher made of it.
#[derive(Clone, Debug)]
pub struct Matched {
    pub row: Row,
    pub as_written: String,
    pub outcome: Outcome,
}

/// Matches every row's name (column `name`) with its place: the row's
/// county or place cells, else `county` (the `--county` flag).
pub fn match_rows(
    table: &Table,
    name: usize,
    places: PlaceColumns,
    county: Option<u32>,
    matcher: &Matcher<'_>,
) -> Vec<Matched> {
    table
        .rows
        .iter()
        .map(|row| {
            let as_written = row.cell(name).to_string();
            let mut place = Place { county, within: Vec::new() };
            let mut unread: Vec<String> = Vec::new();
            for (column, is_county) in [(places.county, true), (places.place, false)] {
                let Some(column) = column else { continue };
                let words = row.cell(column);
                if words.is_empty() {
                    continue;
                }
                match matcher.place_from_words(words) {
                    Ok(codes) if is_county && codes.len() == 1 && is_county_code(codes[0]) => {
                        place.county = Some(codes[0]);
                    }
                    Ok(codes) => place.within.extend(codes),
                    Err(e) => unread.push(e),
                }
            }
            let mut outcome = if as_written.is_empty() {
                Outcome {
                    status: Status::Unmatched,
                    id: None,
                    candidates: Vec::new(),
                    note: "the name cell is empty".into(),
                }
            } else {
                matcher.find(&as_written, &place)
            };
            if !unread.is_empty() {
                outcome.note = format!("{} (place not read: {})", outcome.note, unread.join("; "));
            }
            Matched { row: row.clone(), as_written, outcome }
        })
        .collect()
}

/// A county-level adcode (not a city's xx00 or a province's).
fn is_county_code(code: u32) -> bool {
    !code.is_multiple_of(100)
}

/// One JSON object for a row: `row`, `as_written`, `status`, `id` (only when
/// matched), `candidates` (each id, name, score, reasons) and `note`.
#[derive(serde::Serialize)]
struct RowJson<'a> {
    row: usize,
    as_written: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    candidates: Vec<CandidateJson<'a>>,
    note: &'a str,
}

#[derive(serde::Serialize)]
struct CandidateJson<'a> {
    id: &'a str,
    name: &'a str,
    score: u8,
    reasons: &'a [String],
}

/// The row as one line of JSON.
pub fn json_line(m: &Matched) -> String {
    let o = &m.outcome;
    let value = RowJson {
        row: m.row.number,
        as_written: &m.as_written,
        status: o.status.code(),
        id: o.id.as_deref(),
        candidates: o
            .candidates
            .iter()
            .map(|c| CandidateJson {
                id: &c.id,
                name: &c.name,
                score: c.score,
                reasons: &c.reasons,
            })
            .collect(),
        note: &o.note,
    };
    serde_json::to_string(&value).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
}

/// The row for a person: its status and what was matched, or the candidates.
pub fn human_lines(m: &Matched) -> String {
    let o = &m.outcome;
    let mut out = format!("row {}  {}  {}", m.row.number, m.as_written, o.status.code());
    match (&o.id, o.candidates.first()) {
        (Some(id), Some(best)) => {
            out.push_str(&format!(
                "  → {id} {} ({}: {})\n",
                best.name,
                best.score,
                best.reasons.join("; ")
            ));
        }
        _ => {
            out.push_str(&format!(": {}\n", o.note));
            for c in &o.candidates {
                out.push_str(&format!(
                    "    {:>3}  {} {}  ({})\n",
                    c.score,
                    c.id,
                    c.name,
                    c.reasons.join("; ")
                ));
            }
        }
    }
    out
}

/// The review file: each row not applied, with why and its candidates, as CSV.
pub fn review_csv(rows: &[(&Matched, String)]) -> String {
    let mut text = engine::export::csv_line(&["row", "as_written", "status", "why", "candidates"]);
    for (m, why) in rows {
        let candidates: Vec<String> = m
            .outcome
            .candidates
            .iter()
            .map(|c| format!("{} {} ({}: {})", c.id, c.name, c.score, c.reasons.join(", ")))
            .collect();
        text.push_str(&engine::export::csv_line(&[
            m.row.number.to_string(),
            m.as_written.clone(),
            m.outcome.status.code().to_string(),
            why.clone(),
            candidates.join(" | "),
        ]));
    }
    text
}

/// Where the review file goes: `--review`, else beside the input, `<stem>.review.csv`.
pub fn review_path(file: &Path, flag: Option<&Path>) -> PathBuf {
    match flag {
        Some(p) => p.to_path_buf(),
        None => {
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
            file.with_file_name(format!("{stem}.review.csv"))
        }
    }
}

/// A citation's source, date and address from flags or the file's sidecar
/// (`<stem>.source.toml` beside it: `source`, `date`, `url`); flags win.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cited {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub url: String,
}

impl Cited {
    pub fn from_flags_or_sidecar(
        file: &Path,
        source: Option<String>,
        date: Option<String>,
        url: Option<String>,
    ) -> Result<(Cited, Option<PathBuf>), String> {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
        let sidecar = file.with_file_name(format!("{stem}.source.toml"));
        let mut cited = Cited::default();
        let mut used = None;
        if sidecar.exists() {
            let text = std::fs::read_to_string(&sidecar)
                .map_err(|e| format!("{}: {e}", sidecar.display()))?;
            cited = toml::from_str(&text).map_err(|e| {
                format!("{}: {e}; expected source, date and url", sidecar.display())
            })?;
            used = Some(sidecar);
        }
        if let Some(s) = source {
            cited.source = s;
        }
        if let Some(d) = date {
            cited.date = d;
        }
        if let Some(u) = url {
            cited.url = u;
        }
        Ok((cited, used))
    }

    /// Refuses a citation without a source and a date, or with a bad date or address.
    pub fn check(&self, what: &str) -> Result<(), String> {
        let mut problems = Vec::new();
        if self.source.trim().is_empty() {
            problems.push(format!("no source: give --source TEXT (who states {what}: the commission's file, its title)"));
        } else if self.source.contains(['\n', '\r', '\t'])
            || crate::source::looks_like_formula(&self.source)
        {
            problems.push(format!("source {:?} is not one line of plain text", self.source));
        }
        if self.date.is_empty() {
            problems.push("no date: give --date YYYY-MM-DD (when the file states it)".into());
        } else if let Some(message) =
            crate::source::check_fact_date(&self.date, crate::report::today_days())
        {
            problems.push(format!("date: {message}"));
        }
        if !self.url.is_empty() && !engine::export::is_web_address(&self.url) {
            problems.push(format!(
                "url {:?} is not a web address; expected https:// and a host",
                self.url
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{}; nothing was written", problems.join("; ")))
        }
    }
}

/// Writes `bytes` to `path`, runs `datakit check` on the folder, and puts the
/// old bytes back if the check fails: an apply leaves the data checked or untouched.
pub fn write_checked(dir: &Path, changes: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    let mut before: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for (path, bytes) in changes {
        before.push((path.clone(), std::fs::read(path).ok()));
        crate::files::write_atomically(path, bytes)?;
    }
    match crate::build::check(&dir.join("facilities.csv")) {
        Ok(_) => Ok(()),
        Err(message) => {
            for (path, old) in before {
                match old {
                    Some(bytes) => crate::files::write_atomically(&path, &bytes)?,
                    None => std::fs::remove_file(&path)
                        .map_err(|e| format!("{}: {e}", path.display()))?,
                }
            }
            Err(format!("{message}\nthe check failed after the change, so the files were put back as they were"))
        }
    }
}
