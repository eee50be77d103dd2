//! Facilities out, as `facilities.csv` records or GeoJSON: `datakit export`
//! writes a whole dataset, the app the results on screen.
//!
//! ```
//! use engine::{Dataset, Facility, FacilityKind, LatLon};
//! let f = Facility { source: "synthetic".into(), ..Facility::new("t-1", "测试, \"一\"", FacilityKind::Tcm, LatLon::new(30.0, 104.0).unwrap()) };
//! let d = Dataset::from_facilities(vec![f]);
//! let csv = d.export_csv(&[0]);
//! assert!(csv.lines().nth(1).unwrap().starts_with("t-1,\"测试, \"\"一\"\"\",tcm,"));
//! assert!(d.export_geojson(&[0]).contains("\"coordinates\": [\n          104.0,\n          30.0\n        ]"));
//! ```

use std::collections::HashMap;

use crate::data::model::{Facility, Network, Ownership, Role};

/// The columns every `facilities.csv` must have.
pub const REQUIRED_COLUMNS: [&str; 9] = ["id", "name", "kind", "grade", "lat", "lon", "location_precision", "source", "last_checked"];
/// Optional columns; `aliases`, `phones`, `services`, `designations`,
/// `lists` and `source_points` are lists separated by `;`. An empty cell
/// means "not listed". `source_points` is the import's audit trail (every
/// point a list gave, as it gave it); datakit checks it and the app never
/// loads it.
pub const OPTIONAL_COLUMNS: [&str; 14] = [
    "name_en",
    "aliases",
    "ownership",
    "county_code",
    "address",
    "phones",
    "website",
    "opening_hours",
    "services",
    "designations",
    "location_source",
    "kind_inferred",
    "lists",
    "source_points",
];

/// Every column of `facilities.csv`, required first.
pub fn header() -> Vec<&'static str> {
    REQUIRED_COLUMNS.iter().chain(OPTIONAL_COLUMNS.iter()).copied().collect()
}

/// A facility as one `facilities.csv` record, in [`header`]'s order.
pub fn record(f: &Facility) -> Vec<String> {
    let list = |items: Vec<String>| items.join("; ");
    let fields: HashMap<&str, String> = HashMap::from([
        ("id", f.id.clone()),
        ("name", f.name.clone()),
        ("kind", f.kind.code().into()),
        ("grade", f.grade.code().into()),
        ("lat", format!("{:.6}", f.point.lat())),
        ("lon", format!("{:.6}", f.point.lon())),
        ("location_precision", f.precision.code().into()),
        ("source", f.source.clone()),
        ("last_checked", f.last_checked.clone()),
        ("name_en", f.name_en.clone()),
        ("aliases", list(f.aliases.clone())),
        ("ownership", if f.ownership == Ownership::NotListed { String::new() } else { f.ownership.code().into() }),
        ("county_code", if f.county_code == 0 { String::new() } else { f.county_code.to_string() }),
        ("address", f.address.clone()),
        ("phones", list(f.phones.clone())),
        ("website", f.website.clone()),
        ("opening_hours", f.opening_hours.clone()),
        ("services", list(f.services.iter().map(|s| s.code().to_string()).collect())),
        ("designations", list(f.designations.iter().map(|d| d.code().to_string()).collect())),
        ("location_source", f.location_source.clone()),
        ("kind_inferred", if f.kind_inferred { "yes".into() } else { String::new() }),
        ("lists", list(f.lists.clone())),
    ]);
    header().iter().map(|c| fields.get(c).cloned().unwrap_or_default()).collect()
}

/// A web address worth a link: `https://` or `http://` and a host after it.
pub fn is_web_address(text: &str) -> bool {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    rest.and_then(|r| r.split(['/', '?', '#']).next()).is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or
/// a carriage return first, and not a plain number) gets a leading `'`, so
/// it shows as the text it is (OWASP's advice for CSV injection).
pub fn neutralise_formula(field: &str) -> std::borrow::Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.trim().parse::<f64>().is_err();
    if risky {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// One CSV line (RFC 4180): a field with a comma, quote or line break is
/// quoted; a field a spreadsheet would run as a formula is neutralised.
pub fn csv_line(fields: &[impl AsRef<str>]) -> String {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        let field = neutralise_formula(field.as_ref());
        let field = field.as_ref();
        if i > 0 {
            line.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line.push('\n');
    line
}

/// A facility with the networks it belongs to and its role in each.
pub type Listing<'a> = (Facility, Vec<(&'a Network, Role)>);

/// Facilities in `facilities.csv`'s columns, plus a `networks` column of
/// `network_id:role` items.
pub fn csv(listings: &[Listing<'_>]) -> String {
    let mut columns = header();
    columns.push("networks");
    let mut text = csv_line(&columns);
    for (f, networks) in listings {
        let mut r = record(f);
        r.push(networks.iter().map(|(n, role)| format!("{}:{}", n.id, role.code())).collect::<Vec<_>>().join("; "));
        text.push_str(&csv_line(&r));
    }
    text
}

/// Facilities as a GeoJSON FeatureCollection of points, every column a
/// property, with the Chinese labels and the networks.
pub fn geojson(listings: &[Listing<'_>]) -> String {
    let features: Vec<serde_json::Value> = listings
        .iter()
        .map(|(f, networks)| {
            let mut props = serde_json::Map::new();
            for (column, value) in header().iter().zip(record(f)) {
                if !matches!(*column, "lat" | "lon") {
                    props.insert(column.to_string(), serde_json::Value::String(value));
                }
            }
            props.insert("kind_zh".into(), f.kind.zh().into());
            props.insert("grade_zh".into(), f.grade.zh().into());
            let networks: Vec<serde_json::Value> =
                networks.iter().map(|(n, role)| serde_json::json!({ "id": n.id, "name": n.name, "kind": n.kind.code(), "role": role.code() })).collect();
            props.insert("networks".into(), networks.into());
            serde_json::json!({
                "type": "Feature",
                "id": f.id,
                "geometry": { "type": "Point", "coordinates": [round6(f.point.lon()), round6(f.point.lat())] },
                "properties": props,
            })
        })
        .collect();
    let collection = serde_json::json!({ "type": "FeatureCollection", "features": features });
    let mut text = serde_json::to_string_pretty(&collection).unwrap_or_default();
    text.push('\n');
    text
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        assert_eq!(
            csv_line(&["=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tx", "-33.8", "+86", "名称"]),
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+1+cmd|' /C calc'!A0,'@SUM(1),'-2+3,'\tx,-33.8,+86,名称\n"
        );
        assert!(is_web_address("https://www.example.org/a") && is_web_address("http://x.cn"));
        assert!(!is_web_address("https://") && !is_web_address("https:///path") && !is_web_address("www.example.org"));
    }

    #[test]
    fn fields_with_separators_are_quoted_and_others_are_not() {
        assert_eq!(csv_line(&["a", "b c", "d,e", "say \"hi\"", "two\nlines"]), "a,b c,\"d,e\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
    }

    #[test]
    fn every_listing_is_a_row_with_its_networks() {
        let facilities = crate::testing::synthetic::sample(3, 3);
        let network = Network {
            id: "n-1".into(),
            name: "合成联盟".into(),
            name_en: String::new(),
            kind: crate::data::model::NetworkKind::SpecialtyAlliance,
            specialty: None,
            region: "test".into(),
            source: "synthetic".into(),
            last_checked: "2026-12-01".into(),
            members: Vec::new(),
        };
        let listings: Vec<Listing<'_>> =
            facilities.iter().enumerate().map(|(i, f)| (f.clone(), if i == 1 { vec![(&network, Role::Lead)] } else { vec![] })).collect();
        let text = csv(&listings);
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 4);
        assert!(rows[0].ends_with(",networks"));
        assert!(rows[2].starts_with(&format!("{},", facilities[1].id)) && rows[2].ends_with(",n-1:lead"), "{}", rows[2]);
        let json: serde_json::Value = serde_json::from_str(&geojson(&listings)).unwrap();
        assert_eq!(json["features"][1]["properties"]["networks"][0]["role"], "lead");
        assert_eq!(json["features"].as_array().unwrap().len(), 3);
    }
}
