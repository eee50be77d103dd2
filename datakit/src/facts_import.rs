//! `datakit facts import`: a commission's table keyed by institution name
//! (its 中医馆 list, its hours, its insurance and access) turned into rows
//! of `facts.csv` through a `mapping.toml`: which column holds the names,
//! which columns hold which facts, and the table's words for our codes.
//! The same matcher, statuses and dry run as `members import`; each fact
//! keeps the file's source and date (or its row's, where the mapping names
//! such columns).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use engine::FactField;

use crate::keepers::{self, Cited, Data, Matched, PlaceColumns};
use crate::matcher::{Matcher, Status};

/// How a table maps onto facts (`mapping.toml`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// `utf-8`, `gbk`, `gb18030` or `auto` (the default).
    #[serde(default)]
    pub encoding: Option<String>,
    /// A workbook's sheet (the first when not given).
    #[serde(default)]
    pub sheet: Option<String>,
    /// The county every row is in, unless its row says (an adcode).
    #[serde(default)]
    pub county: Option<u32>,
    /// The file's citation: `source`, `date`, `url`.
    #[serde(default)]
    pub file: Cited,
    /// Our field (`name`, `county`, `place`, a fact field, or `source`,
    /// `date`, `url` for a row's own citation) → the table's heading.
    pub columns: BTreeMap<String, String>,
    /// `"<field>.<code>"` → the heading of a yes/no column (是/否, 有/无, √).
    #[serde(default)]
    pub yes_no: BTreeMap<String, String>,
    /// Field → the table's words → our code (`[values.services] "针灸科" = "acupuncture"`).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

const ROW_COLUMNS: [&str; 6] = ["name", "county", "place", "source", "date", "url"];
const YES: [&str; 8] = ["是", "有", "√", "✓", "yes", "y", "1", "true"];
const NO: [&str; 7] = ["否", "无", "×", "no", "n", "0", "false"];

/// One fact a row gives.
#[derive(Clone, Debug, PartialEq)]
pub struct NewFact {
    pub facility_id: String,
    pub column: &'static str,
    pub value: String,
    pub cited: Cited,
}

/// What `facts import` found and did.
pub struct Report {
    pub rows: Vec<(Matched, Vec<NewFact>, Vec<String>)>,
    pub added: usize,
    pub already: usize,
    pub review: Option<(PathBuf, usize)>,
}

fn load_mapping(path: &Path) -> Result<Mapping, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mapping: Mapping = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let known: Vec<&str> = ROW_COLUMNS.iter().copied().chain(FactField::COLUMNS).collect();
    for key in mapping.columns.keys() {
        if !known.contains(&key.as_str()) {
            return Err(format!(
                "{}: [columns] {key:?} is not a field; expected one of {}",
                path.display(),
                known.join(", ")
            ));
        }
    }
    if !mapping.columns.contains_key("name") {
        return Err(format!(
            "{}: [columns] has no name (the heading of the column of names)",
            path.display()
        ));
    }
    for key in mapping.yes_no.keys() {
        let parsed = key
            .split_once('.')
            .and_then(|(f, v)| FactField::parse(f, v).filter(|x| x.code().is_some()));
        if parsed.is_none() {
            return Err(format!(
                "{}: [yes_no] {key:?} is not a term; expected <field>.<code> such as features.medical_insurance or services.tcm_hall",
                path.display()
            ));
        }
    }
    for (field, words) in &mapping.values {
        if !["services", "designations", "features"].contains(&field.as_str()) {
            return Err(format!(
                "{}: [values.{field}]: only services, designations and features have words to map",
                path.display()
            ));
        }
        for (word, code) in words {
            if FactField::parse(field, code).is_none() {
                return Err(format!(
                    "{}: [values.{field}] {word:?} = {code:?}: {code:?} is not a {field} code",
                    path.display()
                ));
            }
        }
    }
    Ok(mapping)
}

/// Opening hours as tables write them in Chinese ("周一至周五 08:00-12:00,14:00-17:30；周六 08:00-12:00",
/// "24小时") in OpenStreetMap syntax, when every part is understood.
pub fn hours_from_words(text: &str) -> Option<String> {
    let t = text.trim().replace(['：'], ":").replace(['—', '–', '～', '~', '至', '到'], "-");
    if engine::Hours::parse(text.trim()) != engine::Hours::Unknown && !text.trim().is_empty() {
        return Some(text.trim().to_string());
    }
    if ["24小时", "全天", "24h"]
        .iter()
        .any(|w| t.replace(' ', "") == *w || t.starts_with(w) && t.len() <= w.len() + 6)
    {
        return Some("24/7".into());
    }
    let day = |w: &str| -> Option<&'static str> {
        Some(match w {
            "周一" | "星期一" => "Mo",
            "周二" | "星期二" => "Tu",
            "周三" | "星期三" => "We",
            "周四" | "星期四" => "Th",
            "周五" | "星期五" => "Fr",
            "周六" | "星期六" => "Sa",
            "周日" | "周天" | "星期日" | "星期天" => "Su",
            _ => return None,
        })
    };
    let mut rules = Vec::new();
    for part in t.split(['；', ';', '。', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let split = part.find(|c: char| c.is_ascii_digit())?;
        let (days, times) = part.split_at(split);
        let days = days.trim().trim_end_matches([':', ' ']);
        let days = match days {
            "每天" | "每日" | "全年" | "周一-周日" | "星期一-星期日" => {
                "Mo-Su".to_string()
            }
            "工作日" => "Mo-Fr".to_string(),
            "周末" => "Sa-Su".to_string(),
            "节假日" | "法定节假日" => "PH".to_string(),
            d => match d.split_once('-') {
                Some((a, b)) => format!("{}-{}", day(a.trim())?, day(b.trim())?),
                None => day(d)?.to_string(),
            },
        };
        let mut spans = Vec::new();
        for span in times.split([',', '，', '、', ' ']).filter(|s| !s.is_empty()) {
            let (a, b) = span.split_once('-')?;
            let pad = |x: &str| -> Option<String> {
                let (h, m) = x.trim().split_once(':')?;
                let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
                (h <= 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
            };
            spans.push(format!("{}-{}", pad(a)?, pad(b)?));
        }
        rules.push(format!("{days} {}", spans.join(",")));
    }
    let osm = rules.join("; ");
    (engine::Hours::parse(&osm) != engine::Hours::Unknown && !rules.is_empty()).then_some(osm)
}

/// The facts a matched row gives, or what is wrong with its cells.
fn row_facts(
    mapping: &Mapping,
    table: &crate::table::Table,
    m: &Matched,
    id: &str,
) -> (Vec<NewFact>, Vec<String>) {
    let heading = |h: &str| table.headings.iter().position(|x| x.trim() == h);
    let cell = |h: &str| heading(h).map_or("", |c| m.row.cell(c));
    let mut cited = mapping.file.clone();
    for (ours, theirs) in &mapping.columns {
        let v = cell(theirs);
        match ours.as_str() {
            "source" if !v.is_empty() => cited.source = v.to_string(),
            "date" if !v.is_empty() => cited.date = v.to_string(),
            "url" if !v.is_empty() => cited.url = v.to_string(),
            _ => {}
        }
    }
    let (mut facts, mut problems) = (Vec::new(), Vec::new());
    let mut add = |column: &'static str, value: String| {
        facts.push(NewFact { facility_id: id.to_string(), column, value, cited: cited.clone() })
    };
    for column in FactField::COLUMNS {
        let Some(theirs) = mapping.columns.get(column) else { continue };
        let v = cell(theirs);
        if v.is_empty() {
            continue;
        }
        match column {
            "services" | "designations" | "features" => {
                for word in v.split(['、', '，', ',', ';', '；', '/', ' ']).map(str::trim).filter(|w| !w.is_empty()) {
                    let code = mapping.values.get(column).and_then(|w| w.get(word)).map(String::as_str).unwrap_or(word);
                    match FactField::parse(column, code).and_then(FactField::code) {
                        Some(code) => add(column, code.to_string()),
                        None => problems.push(format!(
                            "{theirs} {word:?} is not mapped; add it under [values.{column}] in the mapping"
                        )),
                    }
                }
            }
            "opening_hours" => match hours_from_words(v) {
                Some(h) => add(column, h),
                None => problems.push(format!(
                    "{theirs} {v:?} is not hours the app can read; write them as \"周一至周五 08:00-17:30；周六 08:00-12:00\" or in OpenStreetMap syntax"
                )),
            },
            "phones" => {
                for phone in v.split(['、', '，', ',', ';', '；', '/', ' ']).map(str::trim).filter(|w| !w.is_empty()) {
                    let mobile = phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit());
                    if mobile {
                        problems.push(format!("{theirs} {phone:?} is a mobile number, maybe a person's own; add it to facts.csv by hand if it is the institution's"));
                    } else if crate::source::is_phone(phone) {
                        add(column, phone.to_string());
                    } else {
                        problems.push(format!("{theirs} {phone:?} is not a phone number; expected e.g. 028-85422114"));
                    }
                }
            }
            _ => {
                if engine::export::is_web_address(v) {
                    add(column, v.to_string());
                } else {
                    problems.push(format!("{theirs} {v:?} is not a web address; expected https:// and a host"));
                }
            }
        }
    }
    for (term, theirs) in &mapping.yes_no {
        let v = cell(theirs).to_lowercase();
        let Some((field, code)) = term.split_once('.') else { continue };
        let Some(column) = FactField::COLUMNS.iter().copied().find(|c| *c == field) else {
            continue;
        };
        if YES.contains(&v.as_str()) {
            add(column, code.to_string());
        } else if !v.is_empty() && !NO.contains(&v.as_str()) {
            problems.push(format!("{theirs} {v:?} is neither yes (是, 有, √) nor no (否, 无)"));
        }
    }
    if let Err(e) = cited.check("the facts") {
        problems.push(e.trim_end_matches("; nothing was written").to_string());
    }
    (facts, problems)
}

/// Reads, matches and (with `apply`) appends to `facts.csv`.
pub fn import(
    file: &Path,
    mapping_path: &Path,
    data_dir: &Path,
    apply: bool,
    review: Option<&Path>,
) -> Result<Report, String> {
    let mapping = load_mapping(mapping_path)?;
    let table = crate::table::read(file, mapping.encoding.as_deref(), mapping.sheet.as_deref())?;
    let name = table.name_column(mapping.columns.get("name").map(String::as_str))?;
    let exact = |ours: &str| -> Result<Option<usize>, String> {
        match mapping.columns.get(ours) {
            Some(h) => table.column(Some(h), &[], &[], ours),
            None => Ok(None),
        }
    };
    let places = PlaceColumns { county: exact("county")?, place: exact("place")? };
    for theirs in mapping.columns.values().chain(mapping.yes_no.values()) {
        table.column(Some(theirs), &[], &[], "")?;
    }
    let data = Data::open(data_dir)?;
    let matcher = Matcher::new(&data.facilities, &data.gazetteer);
    let matched = keepers::match_rows(&table, name, places, mapping.county, &matcher);
    let rows: Vec<(Matched, Vec<NewFact>, Vec<String>)> = matched
        .into_iter()
        .map(|m| {
            let (facts, problems) = match (&m.outcome.id, m.outcome.status) {
                (Some(id), Status::Matched) => row_facts(&mapping, &table, &m, id),
                _ => (Vec::new(), Vec::new()),
            };
            (m, facts, problems)
        })
        .collect();
    let mut report = Report { rows, added: 0, already: 0, review: None };
    if !apply {
        return Ok(report);
    }
    let where_ = &table.file;
    let problems: Vec<String> = report
        .rows
        .iter()
        .flat_map(|(m, _, p)| p.iter().map(move |p| format!("{where_}:{}: {p}", m.row.line)))
        .collect();
    if !problems.is_empty() {
        return Err(format!(
            "{}\n{} problem(s) in the table or the mapping; nothing was written",
            problems.join("\n"),
            problems.len()
        ));
    }
    let facts_csv = data.dir.join("facts.csv");
    let mut text = match std::fs::read_to_string(&facts_csv) {
        Ok(t) => t,
        Err(_) => {
            engine::export::csv_line(&["facility_id", "field", "value", "source", "date", "url"])
        }
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    // A fact already there from the same source and date is not added again.
    let mut present: HashSet<(String, String, String, String, String)> = HashSet::new();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    for record in reader.records().flatten() {
        let get = |i: usize| record.get(i).unwrap_or("").to_string();
        present.insert((get(0), get(1), get(2), get(3), get(4)));
    }
    let mut review_rows: Vec<(&Matched, String)> = Vec::new();
    for (m, facts, _) in &report.rows {
        if m.outcome.status != Status::Matched {
            review_rows.push((m, m.outcome.note.clone()));
            continue;
        }
        for f in facts {
            let value = FactField::parse(f.column, &f.value)
                .and_then(FactField::code)
                .map_or(f.value.clone(), String::from);
            let k = (
                f.facility_id.clone(),
                f.column.to_string(),
                value.clone(),
                f.cited.source.clone(),
                f.cited.date.clone(),
            );
            if !present.insert(k) {
                report.already += 1;
                continue;
            }
            text.push_str(&engine::export::csv_line(&[
                f.facility_id.as_str(),
                f.column,
                &value,
                &f.cited.source,
                &f.cited.date,
                &f.cited.url,
            ]));
            report.added += 1;
        }
    }
    if report.added > 0 {
        keepers::write_checked(&data.dir, &[(facts_csv, text.into_bytes())])?;
    }
    if !review_rows.is_empty() {
        let path = keepers::review_path(file, review);
        crate::files::write_atomically(&path, keepers::review_csv(&review_rows).as_bytes())?;
        report.review = Some((path, review_rows.len()));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_as_tables_write_them() {
        assert_eq!(
            hours_from_words("周一至周五 8:00-12:00,14:00-17:30；周六 08:00-12:00").as_deref(),
            Some("Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00")
        );
        assert_eq!(hours_from_words("24小时").as_deref(), Some("24/7"));
        assert_eq!(hours_from_words("每天 08:00-20:00").as_deref(), Some("Mo-Su 08:00-20:00"));
        assert_eq!(hours_from_words("Mo-Fr 08:00-17:00").as_deref(), Some("Mo-Fr 08:00-17:00"));
        assert_eq!(hours_from_words("看情况"), None);
    }
}
