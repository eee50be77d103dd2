//! Facilities out, as `facilities.csv` records or GeoJSON: `datakit export`
//! writes a whole dataset, the app the results on screen.
//!
//! ```
//! use engine::{Dataset, Facility, FacilityKind, LatLon};
//! let f = Facility { source: "synthetic".into(), ..Facility::new("t-1", "测试, \"一\"", FacilityKind::Tcm, LatLon::new(30.0, 104.0).unwrap()) };
//! let d = Dataset::from_facilities(vec![f]);
//! let csv = d.export_csv(&[0]);
//! assert!(csv.lines().nth(1).unwrap().starts_with("t-1,\"测试, \"\"一\"\"\",tcm,"));
//! let geojson = d.export_geojson(&[0]);
//! assert!(geojson.contains(r#""coordinates": [104, 30]"#) && geojson.contains(r#""name": "测试, \"一\"""#));
//! ```

use crate::data::json::quote;
use crate::data::model::{Facility, Network, Ownership, Role};

/// The columns every `facilities.csv` must have.
pub const REQUIRED_COLUMNS: [&str; 9] =
    ["id", "name", "kind", "grade", "lat", "lon", "location_precision", "source", "last_checked"];
/// Optional columns; `aliases`, `phones`, `services`, `designations`,
/// `features`, `lists` and `source_points` are lists separated by `;`. An
/// empty cell means "not listed". Every service, designation and feature is
/// a fact with its own source: a row of `facts.csv` beside, or a line of the
/// `facts` cell (what an export writes, so it reads back whole).
/// `source_points` is the import's audit trail (every point a list gave, as
/// it gave it); datakit checks it and the app never loads it.
pub const OPTIONAL_COLUMNS: [&str; 18] = [
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
    "features",
    "booking_url",
    "location_source",
    "former_township",
    "kind_inferred",
    "lists",
    "facts",
    "source_points",
];

/// Every column of `facilities.csv`, required first.
pub fn header() -> Vec<&'static str> {
    REQUIRED_COLUMNS.iter().chain(OPTIONAL_COLUMNS.iter()).copied().collect()
}

/// A facility as one `facilities.csv` record, in [`header`]'s order.
pub fn record(f: &Facility) -> Vec<String> {
    let list = |items: Vec<String>| items.join("; ");
    // Looked up column by column in a list, not a map: one map type fewer in the app's wasm.
    let fields: [(&str, String); 26] = [
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
        (
            "ownership",
            if f.ownership == Ownership::NotListed {
                String::new()
            } else {
                f.ownership.code().into()
            },
        ),
        ("county_code", if f.county_code == 0 { String::new() } else { f.county_code.to_string() }),
        ("address", f.address.clone()),
        ("phones", list(f.phones.clone())),
        ("website", f.website.clone()),
        ("opening_hours", f.opening_hours.clone()),
        ("services", list(f.services.iter().map(|s| s.code().to_string()).collect())),
        ("designations", list(f.designations.iter().map(|d| d.code().to_string()).collect())),
        ("features", list(f.features.iter().map(|x| x.code().to_string()).collect())),
        ("booking_url", f.booking_url.clone()),
        ("location_source", f.location_source.clone()),
        ("former_township", f.former_township.clone()),
        ("kind_inferred", if f.kind_inferred { "yes".into() } else { String::new() }),
        ("lists", list(f.lists.clone())),
        (
            "facts",
            f.facts.iter().map(crate::data::columns::fact_line).collect::<Vec<_>>().join("\n"),
        ),
    ];
    header()
        .iter()
        .map(|c| {
            fields.iter().find(|(name, _)| name == c).map(|(_, v)| v.clone()).unwrap_or_default()
        })
        .collect()
}

/// A web address worth a link: `https://` or `http://` and a host after it.
pub fn is_web_address(text: &str) -> bool {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    rest.and_then(|r| r.split(['/', '?', '#']).next())
        .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or
/// a carriage return first, and not a plain number) gets a leading `'`, so
/// it shows as the text it is (OWASP's advice for CSV injection).
pub fn neutralise_formula(field: &str) -> std::borrow::Cow<'_, str> {
    let risky =
        field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.trim().parse::<f64>().is_err();
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
        r.push(
            networks
                .iter()
                .map(|(n, role)| format!("{}:{}", n.id, role.code()))
                .collect::<Vec<_>>()
                .join("; "),
        );
        text.push_str(&csv_line(&r));
    }
    text
}

/// Facilities as a GeoJSON FeatureCollection of points, every column a
/// property, with the Chinese labels and the networks.
/// One feature a line (written by hand, not through a serialiser: the app
/// exports, and its wasm stays smaller).
pub fn geojson(listings: &[Listing<'_>]) -> String {
    let object = |members: Vec<(&str, String)>| {
        let members: Vec<String> =
            members.into_iter().map(|(key, value)| format!("{}: {value}", quote(key))).collect();
        format!("{{{}}}", members.join(", "))
    };
    let features: Vec<String> = listings
        .iter()
        .map(|(f, networks)| {
            let mut props: Vec<(&str, String)> = header()
                .into_iter()
                .zip(record(f))
                .filter(|(column, _)| !matches!(*column, "lat" | "lon"))
                .map(|(c, v)| (c, quote(&v)))
                .collect();
            props.push(("kind_zh", quote(f.kind.zh())));
            props.push(("grade_zh", quote(f.grade.zh())));
            let networks: Vec<String> = networks
                .iter()
                .map(|(n, role)| {
                    object(vec![
                        ("id", quote(&n.id)),
                        ("name", quote(&n.name)),
                        ("kind", quote(n.kind.code())),
                        ("role", quote(role.code())),
                    ])
                })
                .collect();
            props.push(("networks", format!("[{}]", networks.join(", "))));
            let point = format!(
                "{{\"type\": \"Point\", \"coordinates\": [{}, {}]}}",
                round6(f.point.lon()),
                round6(f.point.lat())
            );
            object(vec![
                ("type", quote("Feature")),
                ("id", quote(&f.id)),
                ("geometry", point),
                ("properties", object(props)),
            ])
        })
        .collect();
    format!("{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}\n", features.join(",\n"))
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
        assert!(
            !is_web_address("https://")
                && !is_web_address("https:///path")
                && !is_web_address("www.example.org")
        );
    }

    #[test]
    fn facts_are_one_quoted_cell_of_tab_separated_lines() {
        let mut f = crate::testing::synthetic::sample(1, 3).remove(0);
        f.services =
            vec![crate::data::model::Service::Acupuncture, crate::data::model::Service::Tuina];
        (f.designations, f.features) = (Vec::new(), Vec::new());
        crate::testing::synthetic::cite_terms(&mut f);
        let cell = &record(&f)[header().iter().position(|c| *c == "facts").unwrap()];
        assert_eq!(
            cell,
            "services:acupuncture\t\t2026-01\tsynthetic test data\t\n\
             services:tuina\t\t2026-01\tsynthetic test data\t"
        );
        assert!(csv_line(&[cell]).starts_with("\"services:acupuncture\t"));
    }

    #[test]
    fn fields_with_separators_are_quoted_and_others_are_not() {
        assert_eq!(
            csv_line(&["a", "b c", "d,e", "say \"hi\"", "two\nlines"]),
            "a,b c,\"d,e\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
        );
    }

    #[test]
    fn every_listing_is_a_row_with_its_networks() {
        // Without facts, whose cell spans lines (tested below), a row is a line.
        let facilities: Vec<Facility> = crate::testing::synthetic::sample(3, 3)
            .into_iter()
            .map(|f| Facility { facts: Vec::new(), ..f })
            .collect();
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
        let listings: Vec<Listing<'_>> = facilities
            .iter()
            .enumerate()
            .map(|(i, f)| (f.clone(), if i == 1 { vec![(&network, Role::Lead)] } else { vec![] }))
            .collect();
        let text = csv(&listings);
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 4);
        assert!(rows[0].ends_with(",networks"));
        assert!(
            rows[2].starts_with(&format!("{},", facilities[1].id))
                && rows[2].ends_with(",n-1:lead"),
            "{}",
            rows[2]
        );
        let json: serde_json::Value = serde_json::from_str(&geojson(&listings)).unwrap();
        assert_eq!(json["features"][1]["properties"]["networks"][0]["role"], "lead");
        assert_eq!(json["features"].as_array().unwrap().len(), 3);
        assert_eq!(json["features"][1]["id"], facilities[1].id.as_str());
        assert_eq!(json["features"][1]["properties"]["name"], facilities[1].name.as_str());
        assert_eq!(
            json["features"][1]["geometry"]["coordinates"][0].as_f64().unwrap(),
            round6(facilities[1].point.lon())
        );
        // Every character a name could hold survives the trip.
        let odd = crate::data::model::Facility {
            name: "引号\"反斜杠\\换行\n制表\t\u{1}\u{2028}𝄞".into(),
            ..facilities[0].clone()
        };
        let json: serde_json::Value =
            serde_json::from_str(&geojson(&[(odd.clone(), vec![])])).unwrap();
        assert_eq!(json["features"][0]["properties"]["name"], odd.name.as_str());
    }
}
