//! Getting facilities in and out: `import-csv` (a commission's spreadsheet
//! export, with its own column names, in UTF-8 or GBK/GB18030, in WGS-84,
//! GCJ-02 or BD-09), `import-osm` (an Overpass GeoJSON export) and `export`
//! (the compiled dataset as GeoJSON or CSV, the open-data download).
//!
//! Imports write rows in `facilities.csv`'s columns and then run the same
//! checks as `datakit check` on them, so a data keeper sees every problem
//! before merging the rows into `data/facilities.csv`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use engine::{
    CoordSystem, Dataset, Facility, FacilityKind, Grade, LatLon, LocationPrecision, Service,
};

pub use engine::export::{header, record};

/// Where an import writes: its `--out`, never over its inputs, over another file only when forced.
pub struct Output<'a> {
    pub path: &'a Path,
    pub force: bool,
}

fn write_csv(
    out: &Output<'_>,
    inputs: &[&Path],
    header: &[&str],
    records: &[Vec<String>],
) -> Result<(), String> {
    let mut text = engine::export::csv_line(header);
    for r in records {
        text.push_str(&engine::export::csv_line(r));
    }
    crate::files::write_output(out.path, text.as_bytes(), inputs, out.force)
}

/// How a spreadsheet maps onto `facilities.csv` (`mapping.toml`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// `utf-8`, `gbk`, `gb18030`, or `auto` (the default: UTF-8 if the
    /// bytes are valid UTF-8, else GB18030, which covers GBK).
    #[serde(default)]
    pub encoding: Option<String>,
    /// The coordinate system of the file: `wgs84` (default), `gcj02`, `bd09`.
    #[serde(default)]
    pub crs: Option<String>,
    /// Ids for rows without an id column: this prefix and the row's line number.
    #[serde(default)]
    pub id_prefix: Option<String>,
    /// Our column → the spreadsheet's column. `location` takes a single
    /// "lon,lat" cell, as web-map exports write it.
    pub columns: BTreeMap<String, String>,
    /// Our column → the spreadsheet's words → our vocabulary code.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Our column → the value for every row where the spreadsheet has none.
    #[serde(default)]
    pub defaults: BTreeMap<String, String>,
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    pub rows: usize,
    /// Rows left out, each with why ("file:line: why").
    pub skipped: Vec<String>,
    /// Problems `datakit check` finds in the imported rows.
    pub problems: Vec<String>,
}

/// Decodes a spreadsheet export: UTF-8 (with or without BOM) or GB18030/GBK.
pub fn decode_text(bytes: &[u8], encoding: &str, file: &str) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let gb = || {
        let (text, _, errors) = encoding_rs::GB18030.decode(bytes);
        if errors {
            Err(format!("{file}: is not valid GBK/GB18030 text; expected --encoding utf-8 or gb18030 to match how the file was saved"))
        } else {
            Ok(text.into_owned())
        }
    };
    match encoding.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
        "utf8" => String::from_utf8(bytes.to_vec())
            .map_err(|e| format!("{file}: byte {} is not UTF-8; expected --encoding gbk if the file came from Excel in China", e.utf8_error().valid_up_to())),
        "gbk" | "gb18030" | "gb2312" => gb(),
        "auto" | "" => String::from_utf8(bytes.to_vec()).or_else(|_| gb()),
        other => Err(format!("encoding {other:?} is not known; expected utf-8, gbk, gb18030 or auto")),
    }
}

/// `datakit import-csv`: reads `file` through `mapping`, writes `out` in
/// `facilities.csv`'s columns (coordinates converted to WGS-84), and checks it.
pub fn import_csv(
    file: &Path,
    mapping_path: &Path,
    crs_override: Option<&str>,
    encoding_override: Option<&str>,
    out: &Output<'_>,
) -> Result<Imported, String> {
    let text = std::fs::read_to_string(mapping_path)
        .map_err(|e| format!("{}: {e}", mapping_path.display()))?;
    let mapping: Mapping =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", mapping_path.display()))?;
    let ours = header();
    for key in mapping.columns.keys().chain(mapping.defaults.keys()).chain(mapping.values.keys()) {
        if key != "location" && !ours.contains(&key.as_str()) {
            return Err(format!(
                "{}: {key:?} is not a column of facilities.csv; expected one of location, {}",
                mapping_path.display(),
                ours.join(", ")
            ));
        }
    }
    let crs_code = crs_override.or(mapping.crs.as_deref()).unwrap_or("wgs84");
    let crs = CoordSystem::parse(crs_code).ok_or_else(|| {
        format!("coordinate system {crs_code:?} is not known; expected wgs84, gcj02 or bd09")
    })?;
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| format!("{name}: {e}"))?;
    // Plain line endings: the reader counts lines by LF alone, so with CRLF it
    // miscounts, and with a lone CR (Excel for Mac until 2011) every row is line 2.
    let text = decode_text(
        &bytes,
        encoding_override.or(mapping.encoding.as_deref()).unwrap_or("auto"),
        &name,
    )?
    .replace("\r\n", "\n")
    .replace('\r', "\n");
    let mut reader =
        csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("{name}: {e}"))?.clone();
    let position: HashMap<&str, usize> = headers.iter().enumerate().map(|(i, h)| (h, i)).collect();
    let missing: Vec<&str> = mapping
        .columns
        .values()
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
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let mut row = csv::StringRecord::new();
    loop {
        // Where the reader stands before a record is where the record starts.
        let line = reader.position().line();
        if !reader.read_record(&mut row).map_err(|e| format!("{name}:{line}: {e}"))? {
            break;
        }
        let cell = |ours: &str| -> String {
            let value = mapping
                .columns
                .get(ours)
                .and_then(|c| row.get(position[c.as_str()]))
                .unwrap_or("")
                .trim();
            let value = if value.is_empty() {
                mapping.defaults.get(ours).map_or("", String::as_str)
            } else {
                value
            };
            mapping
                .values
                .get(ours)
                .and_then(|m| m.get(value))
                .map_or(value, String::as_str)
                .to_string()
        };
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut fields: HashMap<&str, String> = ours.iter().map(|c| (*c, cell(c))).collect();
        if fields["id"].is_empty() {
            fields.insert(
                "id",
                format!("{}{line}", mapping.id_prefix.as_deref().unwrap_or("import-")),
            );
        }
        let (lat, lon) = match mapping.columns.contains_key("location").then(|| cell("location")) {
            Some(location) => match location.split_once([',', '，']) {
                Some((lon, lat)) => (lat.trim().to_string(), lon.trim().to_string()),
                None => (String::new(), location),
            },
            None => (fields["lat"].clone(), fields["lon"].clone()),
        };
        match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon)) => match LatLon::new(lat, lon) {
                Ok(p) => {
                    let w = crs.to_wgs84(p);
                    fields.insert("lat", format!("{:.6}", w.lat()));
                    fields.insert("lon", format!("{:.6}", w.lon()));
                }
                Err(e) => {
                    skipped.push(format!("{name}:{line}: {e}; the row was left out"));
                    continue;
                }
            },
            _ => {
                skipped.push(format!(
                    "{name}:{line}: no coordinates ({lat:?}, {lon:?}); the row was left out"
                ));
                continue;
            }
        }
        records.push(ours.iter().map(|c| fields[c].clone()).collect::<Vec<_>>());
    }
    write_csv(out, &[file, mapping_path], &ours, &records)?;
    Ok(Imported { rows: records.len(), skipped, problems: check_output(out.path) })
}

/// Every problem and warning `datakit check` finds in an imported file.
fn check_output(out: &Path) -> Vec<String> {
    match crate::build::check(out) {
        Ok(checked) => checked.warnings,
        Err(message) => message
            .lines()
            .filter(|l| !l.ends_with("nothing was written"))
            .map(String::from)
            .collect(),
    }
}

/// `datakit import-osm`: an Overpass GeoJSON export of healthcare features
/// as `facilities.csv` rows, checked.
pub fn import_osm(file: &Path, last_checked: &str, out: &Output<'_>) -> Result<Imported, String> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| format!("{name}: {e}"))?;
    let json: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{name}: not JSON: {e}"))?;
    let features = json
        .get("features")
        .and_then(|f| f.as_array())
        .ok_or_else(|| format!("{name}: not a GeoJSON FeatureCollection"))?;
    let mut facilities = Vec::new();
    let mut skipped = Vec::new();
    for (i, feature) in features.iter().enumerate() {
        let props = feature.get("properties").cloned().unwrap_or_default();
        let osm_id = feature
            .get("id")
            .or_else(|| props.get("@id"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let label = if osm_id.is_empty() { format!("feature {}", i + 1) } else { osm_id.clone() };
        let tag = |key: &str| {
            props
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        let Some(kind) = FacilityKind::from_osm(&tag) else {
            skipped.push(format!(
                "{name}: {label}: its tags do not describe a hospital or clinic; left out"
            ));
            continue;
        };
        let Some(display) = tag("name:zh").or_else(|| tag("name")) else {
            skipped.push(format!("{name}: {label}: has no name; left out"));
            continue;
        };
        let geometry = feature.get("geometry");
        // A node is the mapper's point for the place; a way's or relation's is its outline's middle, no more.
        let is_node =
            geometry.and_then(|g| g.get("type")).and_then(|t| t.as_str()) == Some("Point");
        let Some(point) = geometry.and_then(representative_point) else {
            skipped.push(format!("{name}: {label}: has no usable geometry; left out"));
            continue;
        };
        if osm_id.is_empty() {
            skipped.push(format!("{name}: {label}: has no OSM id to cite as its source; left out"));
            continue;
        }
        let split = |v: Option<String>| {
            v.map(|v| {
                v.split(';').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
            })
            .unwrap_or_default()
        };
        let mut aliases: Vec<String> = Vec::new();
        if let Some(n) = tag("name").filter(|n| *n != display) {
            aliases.push(n);
        }
        aliases.extend(split(tag("alt_name")));
        let address = tag("addr:full").unwrap_or_else(|| {
            ["addr:province", "addr:city", "addr:district", "addr:street", "addr:housenumber"]
                .iter()
                .filter_map(|k| tag(k))
                .collect::<Vec<_>>()
                .join("")
        });
        let services: Vec<Service> = tag("healthcare:speciality")
            .map(|s| Service::from_osm_specialities(&s))
            .unwrap_or_default();
        let source =
            format!("OpenStreetMap contributors (ODbL), https://www.openstreetmap.org/{osm_id}");
        // Each service is a fact the mapper's tags state, as of the export's date.
        let citation = engine::Citation {
            source: source.clone(),
            date: last_checked.to_string(),
            url: format!("https://www.openstreetmap.org/{osm_id}"),
        };
        let facts = services
            .iter()
            .map(|&s| engine::Fact {
                field: engine::FactField::Service(s),
                value: String::new(),
                citation: citation.clone(),
            })
            .collect();
        facilities.push(Facility {
            name_en: tag("name:en").unwrap_or_default(),
            aliases,
            grade: Grade::NotListed,
            precision: if is_node {
                LocationPrecision::Surveyed
            } else {
                LocationPrecision::Approximate
            },
            location_source: if is_node {
                "OpenStreetMap".into()
            } else {
                "OpenStreetMap（轮廓中点）".into()
            },
            address,
            phones: split(tag("phone").or_else(|| tag("contact:phone"))),
            website: tag("website").or_else(|| tag("contact:website")).unwrap_or_default(),
            opening_hours: tag("opening_hours").unwrap_or_default(),
            services,
            facts,
            source,
            last_checked: last_checked.to_string(),
            ..Facility::new(format!("osm-{}", osm_id.replace('/', "-")), display, kind, point)
        });
    }
    let records: Vec<Vec<String>> = facilities.iter().map(record).collect();
    write_csv(out, &[file], &header(), &records)?;
    Ok(Imported { rows: records.len(), skipped, problems: check_output(out.path) })
}

/// A point for a GeoJSON geometry: a Point itself, or the average of a
/// polygon's outer ring (buildings and sites are small enough for that).
fn representative_point(geometry: &serde_json::Value) -> Option<LatLon> {
    let coords = geometry.get("coordinates")?;
    let pair = |v: &serde_json::Value| -> Option<(f64, f64)> {
        Some((v.get(0)?.as_f64()?, v.get(1)?.as_f64()?))
    };
    let ring_mean = |ring: &serde_json::Value| -> Option<(f64, f64)> {
        let points: Vec<(f64, f64)> = ring.as_array()?.iter().filter_map(pair).collect();
        (!points.is_empty()).then(|| {
            let n = points.len() as f64;
            (
                points.iter().map(|p| p.0).sum::<f64>() / n,
                points.iter().map(|p| p.1).sum::<f64>() / n,
            )
        })
    };
    let (lon, lat) = match geometry.get("type")?.as_str()? {
        "Point" => pair(coords)?,
        "Polygon" => ring_mean(coords.get(0)?)?,
        "MultiPolygon" => ring_mean(coords.get(0)?.get(0)?)?,
        _ => return None,
    };
    LatLon::new(lat, lon).ok()
}

/// `datakit export`: the compiled dataset as GeoJSON (WGS-84, every field,
/// networks as properties) or as CSV (`facilities.csv`'s columns and a
/// `networks` column of `network_id:role` items).
pub fn export(dataset: &Dataset, geojson: bool) -> String {
    let slots: Vec<usize> = (0..dataset.len()).collect();
    if geojson {
        dataset.export_geojson(&slots)
    } else {
        dataset.export_csv(&slots)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/import").join(name)
    }

    #[test]
    fn gbk_spreadsheet_in_gcj02_imports_as_wgs84_rows() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("facilities.csv");
        let bytes = std::fs::read(fixture("commission_gbk.csv")).unwrap();
        assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must really be GBK");
        let imported = import_csv(
            &fixture("commission_gbk.csv"),
            &fixture("mapping.toml"),
            None,
            None,
            &Output { path: &out, force: true },
        )
        .unwrap();
        assert_eq!(imported.rows, 3);
        assert_eq!(
            imported.skipped,
            [format!(
                "{}:5: no coordinates (\"\", \"\"); the row was left out",
                fixture("commission_gbk.csv").display()
            )]
        );
        let facilities = crate::source::read_facilities(&out).unwrap();
        assert_eq!(facilities[0].name, "合成测试中医院");
        assert_eq!(facilities[0].kind, FacilityKind::Tcm);
        assert_eq!(
            facilities[1].kind,
            FacilityKind::TownshipCentre,
            "mapped through [values.kind]"
        );
        assert_eq!(facilities[0].phones, ["023-00000000"]);
        assert_eq!(facilities[0].id, "synthetic-import-2");
        assert!(facilities.iter().all(|f| f.source.contains("synthetic")));
        // The file's GCJ-02 point, converted: within a metre of the WGS-84 point it came from, inside 大足区.
        let wgs = LatLon::new(29.80965, 105.7167).unwrap();
        assert!(engine::haversine_m(facilities[0].point, wgs) < 1.0, "{:?}", facilities[0].point);
        assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
        assert!(
            imported.problems[0].starts_with("warning: ")
                && imported.problems[0].ends_with(":4: county_code: is empty; the point is in 重庆市 大足区 (500111), so the build fills in 500111")
        );
        // Read as WGS-84 the same file lands outside 大足区, and the check says why.
        let wrong = import_csv(
            &fixture("commission_gbk.csv"),
            &fixture("mapping.toml"),
            Some("wgs84"),
            None,
            &Output { path: &out, force: true },
        )
        .unwrap();
        let errors: Vec<&String> =
            wrong.problems.iter().filter(|p| !p.starts_with("warning:")).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains(":2: lat/lon: ") && errors[0].contains("looks like GCJ-02"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_spreadsheet_with_cr_line_endings_gives_each_row_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("facilities.csv");
        let file = fixture("commission_cr_only.csv");
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.contains(&b'\n') && bytes.contains(&b'\r'), "the fixture ends lines in CR");
        let imported = import_csv(
            &file,
            &fixture("mapping.toml"),
            None,
            None,
            &Output { path: &out, force: true },
        )
        .unwrap();
        assert_eq!(imported.rows, 3);
        let ids: Vec<String> =
            crate::source::read_facilities(&out).unwrap().into_iter().map(|f| f.id).collect();
        assert_eq!(ids, ["synthetic-import-2", "synthetic-import-3", "synthetic-import-4"]);
        assert_eq!(
            imported.skipped,
            [format!("{}:5: no coordinates (\"\", \"\"); the row was left out", file.display())]
        );
    }

    #[test]
    fn encodings_are_detected_or_refused_with_a_reason() {
        let gbk = encoding_rs::GBK.encode("名称,纬度\n大足区中医院,29.7\n").0.into_owned();
        assert_eq!(decode_text(&gbk, "auto", "f.csv").unwrap(), "名称,纬度\n大足区中医院,29.7\n");
        assert_eq!(decode_text("名称\n".as_bytes(), "auto", "f.csv").unwrap(), "名称\n");
        assert_eq!(decode_text(b"\xef\xbb\xbfid\n", "utf-8", "f.csv").unwrap(), "id\n");
        let err = decode_text(&gbk, "utf-8", "f.csv").unwrap_err();
        assert!(err.starts_with("f.csv: byte 0 is not UTF-8; expected --encoding gbk"), "{err}");
        assert!(decode_text(b"a", "latin-9", "f.csv").unwrap_err().contains("not known"));
    }

    #[test]
    fn missing_spreadsheet_columns_are_named_with_the_columns_present() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("x.csv");
        std::fs::write(&csv, "名字,纬度\n甲,29\n").unwrap();
        let err = import_csv(
            &csv,
            &fixture("mapping.toml"),
            None,
            None,
            &Output { path: &dir.path().join("out.csv"), force: false },
        )
        .unwrap_err();
        assert!(err.contains("are not in the file; its columns are 名字, 纬度"), "{err}");
    }

    #[test]
    fn osm_features_import_with_kinds_services_and_sources() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("facilities.csv");
        let imported = import_osm(
            &fixture("overpass.geojson"),
            "2026-11-20",
            &Output { path: &out, force: false },
        )
        .unwrap();
        assert_eq!(imported.rows, 3, "{imported:?}");
        assert_eq!(imported.skipped.len(), 2, "{:?}", imported.skipped);
        assert!(imported.skipped[0]
            .ends_with("node/9000000004: its tags do not describe a hospital or clinic; left out"));
        assert!(imported.skipped[1].ends_with("node/9000000005: has no name; left out"));
        let f = crate::source::read_facilities(&out).unwrap();
        assert_eq!(
            (f[0].id.as_str(), f[0].kind, f[0].name_en.as_str()),
            ("osm-node-9000000001", FacilityKind::Tcm, "Synthetic Test TCM Hospital")
        );
        assert_eq!(f[0].services, [Service::Acupuncture, Service::Paediatrics]);
        assert_eq!(f[0].opening_hours, "Mo-Su 08:00-17:30");
        assert_eq!(f[0].phones, ["023-00000001"]);
        assert_eq!(f[0].address, "重庆市大足区合成路1号");
        assert_eq!(f[1].kind, FacilityKind::TcmClinic);
        assert_eq!(f[2].kind, FacilityKind::General);
        assert!(
            f[2].point.lat() > 29.70 && f[2].point.lat() < 29.72,
            "a way's point is its outline's mean"
        );
        assert_eq!(
            (f[0].precision, f[0].location_source.as_str()),
            (LocationPrecision::Surveyed, "OpenStreetMap"),
            "a node is the mapper's point"
        );
        assert_eq!(
            (f[2].precision, f[2].location_source.as_str()),
            (LocationPrecision::Approximate, "OpenStreetMap（轮廓中点）"),
            "a way's middle is approximate"
        );
        assert!(f.iter().all(|f| f
            .source
            .starts_with("OpenStreetMap contributors (ODbL), https://www.openstreetmap.org/")));
        assert!(
            imported.problems.iter().all(|p| p.starts_with("warning:")),
            "{:?}",
            imported.problems
        );
    }

    #[test]
    fn exports_round_trip_through_check() {
        let dataset = crate::build::curated_dataset();
        let csv_text = export(&dataset, false);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facilities.csv");
        std::fs::write(&path, &csv_text).unwrap();
        let again = crate::source::read_facilities(&path).unwrap();
        assert_eq!(again.len(), dataset.len());
        for (f, g) in dataset.facilities().zip(&again) {
            let mut f = f.to_facility();
            f.pinyin = g.pinyin.clone();
            assert_eq!(&f, g);
        }
        assert!(csv_text.lines().next().unwrap().ends_with(",networks"));
        assert!(csv_text.contains("trust-spph-dy2:lead; pair-spph-qs:supporter; tr-cdmz-3a:member"));

        let geo: serde_json::Value = serde_json::from_str(&export(&dataset, true)).unwrap();
        let features = geo["features"].as_array().unwrap();
        assert_eq!(features.len(), dataset.len());
        let spph = features.iter().find(|f| f["id"] == "sc-cd-spph").unwrap();
        assert_eq!(spph["geometry"]["coordinates"], serde_json::json!([104.0386, 30.6636]));
        assert_eq!(spph["properties"]["networks"][0]["role"], "lead");
        assert_eq!(spph["properties"]["location_precision"], "approximate");
    }
}
