//! Readers: one per file layout, each turning a list's rows into [`Row`]s,
//! the list's words as they stand. Nothing is judged here; the pipeline
//! decides what a row is.

use std::collections::HashMap;
use std::path::Path;

use engine::LatLon;

use super::spec::{Format, Spec};

/// One row of a list, as the list wrote it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    /// Where in the file: "line 23", "id 6013e35f…", for the import report.
    pub at: String,
    pub name: String,
    /// Other names the list gives it (a continuation line's bracketed name).
    pub aliases: Vec<String>,
    pub name_en: String,
    pub address: String,
    pub phones: Vec<String>,
    pub province: String,
    pub city: String,
    pub county: String,
    /// A county adcode the list states.
    pub adcode: Option<u32>,
    /// The list's point, in the list's coordinate system.
    pub point: Option<LatLon>,
    /// What the point is, in the list's words (an Amap match level: 门址, 乡镇).
    pub precision: Option<String>,
    pub grade: Option<String>,
    /// The row's own upstream and date, where a compiled list keeps them (成都市卫健委, 2020-01-20).
    pub upstream: Option<(String, String)>,
}

/// What reading a list's file gave: its rows, and rows it could not read.
#[derive(Debug, Default)]
pub struct Read {
    pub rows: Vec<Row>,
    /// "where: why" for each row that could not be read at all.
    pub unreadable: Vec<String>,
}

/// Reads a list's file by its spec's format.
pub fn read(spec: &Spec, path: &Path) -> Result<Read, String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    match spec.list.format {
        Format::Csv => csv_rows(spec, &bytes, &name),
        Format::TencentPlaceCloud => json(&bytes, &name).and_then(|v| place_cloud(&v, &name)),
        Format::TencentPlaces => json(&bytes, &name).and_then(|v| tencent_places(&v, &name)),
        Format::FeverClinicJson => json(&bytes, &name).and_then(|v| fever_clinics(&v, &name)),
        Format::WikidataTsv => wikidata(&bytes, &name),
    }
}

fn json(bytes: &[u8], name: &str) -> Result<serde_json::Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("{name}: not JSON: {e}"))
}

fn text(v: &serde_json::Value, key: &str) -> String {
    match v.get(key) {
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn or_else(value: String, other: impl FnOnce() -> String) -> String {
    if value.is_empty() {
        other()
    } else {
        value
    }
}

fn phone_cells(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '，', ';', '；', '/', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

/// `[{province, count, data: [{id, title, address, province, city, district, adcode, tel, location: {lat, lng}}]}]`.
fn place_cloud(v: &serde_json::Value, name: &str) -> Result<Read, String> {
    let provinces =
        v.as_array().ok_or_else(|| format!("{name}: expected an array of provinces"))?;
    let mut out = Read::default();
    for (p, province) in provinces.iter().enumerate() {
        let records = province
            .get("data")
            .and_then(|d| d.as_array())
            .ok_or_else(|| format!("{name}: province {}: no data array", p + 1))?;
        for (i, r) in records.iter().enumerate() {
            let id = text(r, "id");
            let at = if id.is_empty() {
                format!("province {} record {}", p + 1, i + 1)
            } else {
                format!("id {id}")
            };
            let location = r.get("location");
            let coordinate = |key| location.and_then(|l| l.get(key)).and_then(|v| v.as_f64());
            let point = match (coordinate("lat"), coordinate("lng")) {
                (Some(lat), Some(lon)) => match LatLon::new(lat, lon) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        out.unreadable.push(format!("{at}: {e}"));
                        None
                    }
                },
                _ => None,
            };
            out.rows.push(Row {
                at,
                name: text(r, "title"),
                address: text(r, "address"),
                phones: phone_cells(&text(r, "tel")),
                province: text(r, "province"),
                city: text(r, "city"),
                county: text(r, "district"),
                adcode: r
                    .get("adcode")
                    .and_then(|a| a.as_u64())
                    .and_then(|a| u32::try_from(a).ok()),
                point,
                ..Row::default()
            });
        }
    }
    Ok(out)
}

/// `[{title, address, province, city, district, tel}]`.
fn tencent_places(v: &serde_json::Value, name: &str) -> Result<Read, String> {
    let records = v.as_array().ok_or_else(|| format!("{name}: expected an array of places"))?;
    let rows = records
        .iter()
        .enumerate()
        .map(|(i, r)| Row {
            at: format!("record {}", i + 1),
            name: text(r, "title"),
            address: text(r, "address"),
            phones: phone_cells(&text(r, "tel")),
            province: text(r, "province"),
            city: text(r, "city"),
            county: text(r, "district"),
            ..Row::default()
        })
        .collect();
    Ok(Read { rows, unreadable: Vec::new() })
}

/// `{provinceList: [{province, cityList: [{city, hospitalList: [{name, county, address, tel, level, source, date}]}]}]}`.
fn fever_clinics(v: &serde_json::Value, name: &str) -> Result<Read, String> {
    let provinces = v
        .get("provinceList")
        .and_then(|p| p.as_array())
        .ok_or_else(|| format!("{name}: no provinceList"))?;
    let mut out = Read::default();
    for province in provinces {
        for city in province.get("cityList").and_then(|c| c.as_array()).into_iter().flatten() {
            for (i, h) in city
                .get("hospitalList")
                .and_then(|h| h.as_array())
                .into_iter()
                .flatten()
                .enumerate()
            {
                let (upstream, date) = (text(h, "source"), text(h, "date"));
                out.rows.push(Row {
                    at: format!(
                        "{} {} hospital {}",
                        text(province, "province"),
                        text(city, "city"),
                        i + 1
                    ),
                    name: text(h, "name"),
                    address: text(h, "address"),
                    phones: phone_cells(&text(h, "tel")),
                    province: or_else(text(h, "province"), || text(province, "province")),
                    city: or_else(text(h, "city"), || text(city, "city")),
                    county: text(h, "county"),
                    grade: Some(text(h, "level")).filter(|l| !l.is_empty()),
                    upstream: (!upstream.is_empty() && crate::source::is_iso_date(&date))
                        .then_some((upstream, date)),
                    ..Row::default()
                });
            }
        }
    }
    Ok(out)
}

/// Wikidata's SPARQL TSV: `item, itemLabel, countryLabel, official_website, geo` (`Point(lon lat)`).
/// Only China's items are rows; the item id is kept as the row's place.
fn wikidata(bytes: &[u8], name: &str) -> Result<Read, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8: {e}"))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = |key: &str| {
        header.iter().position(|h| *h == key).ok_or_else(|| format!("{name}:1: no {key} column"))
    };
    let (item, label, country, geo) =
        (column("item")?, column("itemLabel")?, column("countryLabel")?, column("geo")?);
    let mut out = Read::default();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let field = |n: usize| f.get(n).copied().unwrap_or("").trim();
        if field(country) != "People's Republic of China" {
            continue;
        }
        let qid = field(item).rsplit('/').next().unwrap_or("").to_string();
        // Items repeat once per extra website: one row each.
        if !seen.insert(qid.clone()) {
            continue;
        }
        let at = format!("line {} ({qid})", i + 2);
        let point = field(geo)
            .strip_prefix("Point(")
            .and_then(|p| p.strip_suffix(')'))
            .and_then(|p| p.split_once(' '))
            .and_then(|(lon, lat)| LatLon::new(lat.parse().ok()?, lon.parse().ok()?).ok());
        if point.is_none() {
            out.unreadable.push(format!("{at}: {:?} is not a WKT point", field(geo)));
            continue;
        }
        let label = field(label).to_string();
        let cjk = label.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        out.rows.push(Row {
            at,
            name: if cjk { label.clone() } else { String::new() },
            name_en: if cjk { String::new() } else { label },
            point,
            ..Row::default()
        });
    }
    Ok(out)
}

/// A spreadsheet export through the spec's `[columns]`, `[values]` and `[defaults]`.
fn csv_rows(spec: &Spec, bytes: &[u8], name: &str) -> Result<Read, String> {
    let text =
        crate::exchange::decode_text(bytes, spec.encoding.as_deref().unwrap_or("auto"), name)?
            .replace("\r\n", "\n");
    let mut reader =
        csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("{name}: {e}"))?.clone();
    let position: HashMap<&str, usize> = headers.iter().enumerate().map(|(i, h)| (h, i)).collect();
    let missing: Vec<&str> = spec
        .columns
        .values()
        .chain(spec.continuation.iter())
        .map(String::as_str)
        .filter(|c| !position.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "{name}:1: columns {} are not in the file; its columns are {}",
            missing.join(", "),
            headers.iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let mut out = Read::default();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                out.unreadable.push(format!("line {line}: {e}"));
                continue;
            }
        }
        if record.iter().all(|c| c.is_empty()) {
            continue;
        }
        let cell = |field: &str| -> String {
            let raw = spec
                .columns
                .get(field)
                .and_then(|c| record.get(position[c.as_str()]))
                .unwrap_or("");
            let value = if raw.is_empty() {
                spec.defaults.get(field).map_or("", String::as_str)
            } else {
                raw
            };
            spec.values
                .get(field)
                .and_then(|words| words.get(value))
                .map_or(value, String::as_str)
                .to_string()
        };
        let continues = spec
            .continuation
            .as_ref()
            .is_some_and(|c| record.get(position[c.as_str()]).unwrap_or("").is_empty());
        if continues {
            if let Some(above) = out.rows.last_mut() {
                let alias = cell("name").trim_matches(['（', '）', '(', ')']).trim().to_string();
                if !alias.is_empty() {
                    above.aliases.push(alias);
                }
                above.phones.extend(phone_cells(&cell("phones")));
                continue;
            }
        }
        let number = |field: &str| cell(field).parse::<f64>().ok();
        let (lat, lon) = match spec.columns.contains_key("location") {
            true => cell("location").split_once([',', '，']).map_or((None, None), |(lon, lat)| {
                (lat.trim().parse().ok(), lon.trim().parse().ok())
            }),
            false => (number("lat"), number("lon")),
        };
        let point = match (lat, lon) {
            (Some(lat), Some(lon)) => match LatLon::new(lat, lon) {
                Ok(p) => Some(p),
                Err(e) => {
                    out.unreadable.push(format!("line {line}: {e}"));
                    None
                }
            },
            _ => None,
        };
        out.rows.push(Row {
            at: format!("line {line}"),
            name: cell("name"),
            address: cell("address"),
            phones: phone_cells(&cell("phones")),
            province: cell("province"),
            city: cell("city"),
            county: cell("county"),
            adcode: cell("adcode").parse().ok(),
            point,
            precision: spec
                .columns
                .get("precision")
                .and_then(|c| record.get(position[c.as_str()]))
                .map(str::to_string)
                .filter(|p| !p.is_empty()),
            grade: Some(cell("grade")).filter(|g| !g.is_empty()),
            ..Row::default()
        });
    }
    Ok(out)
}
