//! Checks that need the map: is the point in China, in the county its
//! `county_code` names, does it look like GCJ-02 or BD-09 rather than
//! WGS-84, and is the row a near-duplicate of another at the same place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use engine::boundaries::{Boundaries, Level, Region};
use engine::{CoordSystem, Facility, LatLon};

use crate::outline::distance_to_edge_m;
use crate::region_index::RegionIndex;
use crate::source::Problem;

/// How far outside its county a point may lie before it is an error: the
/// detail outlines' simplification, with room to spare.
pub const MARGIN_M: f64 = 150.0;
/// Rows with the same name (once normalised) closer than this are
/// near-duplicates.
pub const DUPLICATE_M: f64 = 1_000.0;

/// The bundled boundaries, read a province at a time as points need them.
pub struct Places {
    dir: PathBuf,
    overview: Boundaries,
    detail: HashMap<u32, Boundaries>,
    /// Every county's box, and every city's (for the cities without counties): where to look first.
    counties: RegionIndex,
    cities: RegionIndex,
    /// The cities' seats (`places/city_seats.csv`), read on first need.
    city_seats: Option<Vec<crate::places::Seat>>,
}

impl Places {
    /// The boundaries in `dir`, as `datakit boundaries` writes them.
    pub fn open(dir: &Path) -> Result<Places, String> {
        let overview = crate::boundaries::read_overview(dir)?;
        let boxes = |level: Level, pad: i32| {
            let regions = overview.regions.iter().filter(move |r| r.level == level);
            RegionIndex::new(regions.map(move |r| (r.adcode, r.bbox, pad)).collect::<Vec<_>>())
        };
        // The place index keeps each county's full box, rounded outwards; a
        // city's box comes from its overview outline, simplified to the
        // overview's tolerance, so it is widened by that (and the grid).
        let city_pad =
            (f64::from(overview.tolerance_m) / 1.1 + f64::from(overview.grid)) as i32 + 1;
        let (counties, cities) = (boxes(Level::County, 0), boxes(Level::City, city_pad));
        Ok(Places {
            dir: dir.to_path_buf(),
            overview,
            detail: HashMap::new(),
            counties,
            cities,
            city_seats: None,
        })
    }

    /// The folder the boundaries were read from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The boundaries beside the data (`<data>/boundaries`), or else the bundled ones.
    pub fn find(data_dir: &Path) -> Result<Places, String> {
        let beside = data_dir.join("boundaries");
        let dir = if beside.join("china.xzb").exists() {
            beside
        } else {
            crate::boundaries::bundled_dir()
        };
        Places::open(&dir)
    }

    fn province(&mut self, province: u32) -> Option<&Boundaries> {
        if !self.detail.contains_key(&province) {
            let path = self.dir.join("detail").join(format!("{province}.xzb"));
            let b = std::fs::read(&path).ok().and_then(|bytes| Boundaries::decode(&bytes).ok())?;
            self.detail.insert(province, b);
        }
        self.detail.get(&province)
    }

    /// The detailed region with this adcode.
    pub fn region(&mut self, adcode: u32) -> Option<&Region> {
        self.province(adcode / 10_000 * 10_000)?.get(adcode)
    }

    /// Provinces whose outline could hold `point` (bounding box plus the overview's tolerance).
    fn candidates(&self, point: LatLon) -> Vec<u32> {
        let pad = 0.05 * engine::boundaries::SCALE;
        let (y, x) =
            (point.lat() * engine::boundaries::SCALE, point.lon() * engine::boundaries::SCALE);
        self.overview
            .regions
            .iter()
            .filter(|r| r.level == Level::Province)
            .filter(|r| {
                let [s, w, n, e] = r.bbox.map(f64::from);
                y >= s - pad && y <= n + pad && x >= w - pad && x <= e + pad
            })
            .map(|r| r.adcode)
            .collect()
    }

    /// The city whose seat (`places/city_seats.csv`) is exactly `point`, if any.
    pub fn city_seat_at(&mut self, point: LatLon) -> Option<u32> {
        let seats = self.city_seats.get_or_insert_with(|| {
            crate::places::read_seats(&crate::places::bundled_city_seats_path()).unwrap_or_default()
        });
        seats.iter().find(|s| crate::places::same_point(s.point, point)).map(|s| s.adcode)
    }

    /// The county (or, where a city has no counties, the city) that holds
    /// `point`: the counties whose box holds it, from the R-tree, then their
    /// detailed outlines (the first by adcode that holds it).
    pub fn county_at(&mut self, point: LatLon) -> Option<u32> {
        let counties =
            self.counties.candidates(point).into_iter().map(|adcode| (adcode, Level::County));
        let candidates: Vec<(u32, Level)> = counties
            .chain(self.cities.candidates(point).into_iter().map(|adcode| (adcode, Level::City)))
            .collect();
        candidates
            .into_iter()
            .find(|&(adcode, level)| self.holds(adcode, level, point))
            .map(|(adcode, _)| adcode)
    }

    /// Whether the detailed outline of the region `adcode` at `level` holds `point`.
    fn holds(&mut self, adcode: u32, level: Level, point: LatLon) -> bool {
        let province = self.province(adcode / 10_000 * 10_000);
        province
            .and_then(|b| b.regions.iter().find(|r| r.adcode == adcode && r.level == level))
            .is_some_and(|r| r.contains(point))
    }

    /// The same by the scan the R-tree replaced: provinces by box, then each
    /// province's regions in file order. Kept to measure the index against
    /// (`cargo bench -p datakit --bench locate`) and to test they agree.
    pub fn county_at_by_scan(&mut self, point: LatLon) -> Option<u32> {
        for province in self.candidates(point) {
            if let Some(b) = self.province(province) {
                if let Some(r) =
                    b.locate(point, Level::County).or_else(|| b.locate(point, Level::City))
                {
                    return Some(r.adcode);
                }
            }
        }
        None
    }

    /// The region of `level` holding `point` (for a county, the city where a
    /// city has no counties, as `county_at`), as "adcode<TAB>level<TAB>full
    /// name"; `None` outside every one in the bundled boundaries.
    pub fn locate(&mut self, point: LatLon, level: Level) -> Option<String> {
        let adcode = match level {
            Level::County => self.county_at(point)?,
            _ => self
                .candidates(point)
                .into_iter()
                .find_map(|p| self.province(p)?.locate(point, level).map(|r| r.adcode))?,
        };
        let b = self.province(adcode / 10_000 * 10_000)?;
        let region = b.get(adcode)?;
        Some(format!("{adcode}\t{}\t{}", region.level.code(), b.full_name(adcode)?))
    }

    /// The county-level region with this adcode (a city without counties,
    /// as 东莞市, has one too); a city's or province's code has none.
    pub fn county_region(&mut self, adcode: u32) -> Option<&Region> {
        self.province(adcode / 10_000 * 10_000)?
            .regions
            .iter()
            .find(|r| r.adcode == adcode && r.level == Level::County)
    }

    /// How far a point that lies in no county is from China's border: the
    /// nearest province by the overview's outlines (within their 2 km), then
    /// the detailed outlines of those that could be nearest.
    fn outside_china_m(&mut self, point: LatLon) -> f64 {
        let rough: Vec<(f64, u32)> = self
            .overview
            .regions
            .iter()
            .filter(|r| r.level == Level::Province && !r.points.is_empty())
            .map(|r| (distance_to_edge_m(r, point), r.adcode))
            .collect();
        let nearest = rough.iter().map(|(d, _)| *d).fold(f64::INFINITY, f64::min);
        let slack = 2.0 * f64::from(self.overview.tolerance_m) + 1_000.0;
        let mut best = f64::INFINITY;
        for &(_, province) in rough.iter().filter(|(d, _)| *d <= nearest + slack) {
            if let Some(b) = self.province(province) {
                for r in b.regions.iter().filter(|r| r.level == Level::Province) {
                    best = best.min(distance_to_edge_m(r, point));
                }
            }
        }
        if best.is_finite() {
            best
        } else {
            nearest
        }
    }

    /// Place search over the overview, one line per region: adcode, full
    /// name, label point, bounding box (south, west, north, east).
    pub fn search_lines(&self, text: &str) -> Vec<String> {
        let scale = engine::boundaries::SCALE;
        self.overview
            .search(text, 10)
            .iter()
            .map(|hit| {
                let r = hit.region;
                let name = self.overview.full_name(r.adcode).unwrap_or_else(|| r.name.clone());
                let bbox = r.bbox.map(|v| format!("{:.4}", f64::from(v) / scale)).join(",");
                format!(
                    "{}\t{}\t{} {}\t{:.5},{:.5}\t{}",
                    r.adcode,
                    r.level.code(),
                    name,
                    r.pinyin,
                    r.label.lat(),
                    r.label.lon(),
                    bbox
                )
            })
            .collect()
    }

    /// "四川省 资阳市 乐至县 (512022)".
    pub fn describe(&mut self, adcode: u32) -> String {
        let province = adcode / 10_000 * 10_000;
        let name = self
            .province(province)
            .and_then(|b| b.full_name(adcode))
            .unwrap_or_else(|| "an unknown region".into());
        format!("{name} ({adcode})")
    }
}

/// What the geographic checks found: errors, and warnings that do not stop a build.
#[derive(Debug, Default)]
pub struct Findings {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Checks every facility's place; fills in each empty `county_code` from
/// the point (with a warning saying so).
pub fn check(
    file: &str,
    facilities: &mut [Facility],
    lines: &[u64],
    places: &mut Places,
) -> Findings {
    let mut findings = Findings::default();
    let problem = |line: u64, column: &str, message: String| Problem {
        file: file.into(),
        line,
        column: column.into(),
        message,
    };
    for (f, &line) in facilities.iter_mut().zip(lines) {
        let point = f.point;
        let here = places.county_at(point);
        let outside_m = if here.is_some() { 0.0 } else { places.outside_china_m(point) };
        if outside_m > MARGIN_M {
            findings.errors.push(problem(
                line,
                "lat/lon",
                match outside_m.is_finite() {
                    true => format!(
                        "({}, {}) is {:.1} km outside China; expected WGS-84 latitude, longitude of a place in China",
                        point.lat(),
                        point.lon(),
                        outside_m / 1_000.0
                    ),
                    false => format!("({}, {}) is outside China; expected WGS-84 latitude, longitude of a place in China", point.lat(), point.lon()),
                },
            ));
            continue;
        }
        if f.county_code == 0 {
            // A record at its city's seat has no county: the seat's district is not its county.
            if f.precision == engine::LocationPrecision::CitySeat {
                continue;
            }
            if let Some(code) = here {
                let message = format!(
                    "is empty; the point is in {}, so the build fills in {code}",
                    places.describe(code)
                );
                findings.warnings.push(problem(line, "county_code", message));
                f.county_code = code;
            }
            continue;
        }
        // A city without counties (东莞 441900, 儋州 460400) is its own county.
        if f.precision == engine::LocationPrecision::CitySeat && f.county_code % 100 != 0 {
            findings.errors.push(problem(
                line,
                "county_code",
                format!(
                    "{} for a record placed at its city's seat (city_seat); expected it empty: the seat's district is not the record's county (or the county's seat, county_seat, when the county is known)",
                    f.county_code
                ),
            ));
            continue;
        }
        // As a compiled record (and so an export) carries it: its city's code, the city whose seat it is at.
        if f.precision == engine::LocationPrecision::CitySeat
            && places.city_seat_at(point) == Some(f.county_code)
        {
            continue;
        }
        let claimed = f.county_code;
        let Some(region) = places.county_region(claimed).cloned() else {
            let what = match places.region(claimed).map(|r| r.level) {
                Some(Level::City) => "a city's code, not a county's (a facility of it would drop out of a search by its county)",
                Some(Level::Province) => "a province's code, not a county's",
                _ => "not a county in the boundaries",
            };
            findings.errors.push(problem(
                line,
                "county_code",
                format!("{claimed} is {what}; expected a county-level adcode such as 500111"),
            ));
            continue;
        };
        if region.contains(point) || distance_to_edge_m(&region, point) <= MARGIN_M {
            continue;
        }
        let shifted = [CoordSystem::Gcj02, CoordSystem::Bd09]
            .into_iter()
            .map(|system| (system, system.to_wgs84(point)))
            .find(|(_, p)| region.contains(*p));
        let message = match shifted {
            Some((system, p)) => format!(
                "({}, {}) is {:.0} m outside {}, but converted from {} it is inside it at ({:.6}, {:.6}): the point looks like {} coordinates; expected WGS-84 (import with --crs {})",
                point.lat(),
                point.lon(),
                distance_to_edge_m(&region, point),
                places.describe(claimed),
                label(system),
                p.lat(),
                p.lon(),
                label(system),
                system.code()
            ),
            None => {
                let actual = here.map_or_else(|| "no county".to_string(), |c| places.describe(c));
                format!(
                    "({}, {}) is in {actual}, {:.1} km outside {} that county_code names; expected a point inside that county, or its own county's code",
                    point.lat(),
                    point.lon(),
                    distance_to_edge_m(&region, point) / 1_000.0,
                    places.describe(claimed)
                )
            }
        };
        findings.errors.push(problem(line, "lat/lon", message));
    }
    near_duplicates(file, facilities, lines, places, &mut findings.warnings);
    findings.errors.sort_by_key(|p| p.line);
    findings.warnings.sort_by_key(|p| p.line);
    findings
}

fn label(system: CoordSystem) -> &'static str {
    match system {
        CoordSystem::Wgs84 => "WGS-84",
        CoordSystem::Gcj02 => "GCJ-02 (Amap, Tencent)",
        CoordSystem::Bd09 => "BD-09 (Baidu)",
    }
}

/// The places a record in `county` may name itself by, province first (see [`crate::lists::names::key`]).
pub fn prefixes(places: &mut Places, county: u32) -> crate::lists::names::Prefixes {
    let mut levels = Vec::new();
    let mut code = county;
    while let Some(r) = places.region(code) {
        let level = match r.level {
            Level::Province => 1,
            Level::City => 2,
            Level::County => 3,
        };
        levels.push((level, r.name.clone(), engine::boundaries::short_name(&r.name).to_string()));
        if r.parent == 0 || r.parent == code {
            break;
        }
        code = r.parent;
    }
    levels.reverse();
    if levels.len() >= 2 && levels[0].1 == levels[1].1 {
        levels.remove(1);
    }
    crate::lists::names::Prefixes { levels }
}

/// Rows whose names share a key (the same name once places and spellings
/// are set aside: 妇幼保健院 and its renamings, 凉山州 and 凉山彝族自治州, a 县's
/// 第一人民医院 and 人民医院) and that are coded in one county, or at the same
/// level of place (or one at none) within [`DUPLICATE_M`]: most likely one
/// institution entered twice. The import merges by the same key; a campus
/// (院区, 分院) keeps its own key.
fn near_duplicates(
    file: &str,
    facilities: &[Facility],
    lines: &[u64],
    places: &mut Places,
    warnings: &mut Vec<Problem>,
) {
    let mut groups: HashMap<String, Vec<(usize, u8)>> = HashMap::new();
    let mut cache: HashMap<u32, crate::lists::names::Prefixes> = HashMap::new();
    for (i, f) in facilities.iter().enumerate() {
        let prefixes =
            cache.entry(f.county_code).or_insert_with(|| prefixes(places, f.county_code));
        let key = crate::lists::names::key(&f.name, prefixes);
        groups.entry(key.rest).or_default().push((i, key.level));
    }
    let mut rests: Vec<&String> = groups.keys().collect();
    rests.sort();
    for rest in rests {
        let rows = &groups[rest];
        for (n, &(b, lb)) in rows.iter().enumerate().skip(1) {
            let same = |&&(a, la): &&(usize, u8)| {
                let one_county = la == lb
                    && facilities[a].county_code != 0
                    && facilities[a].county_code == facilities[b].county_code;
                one_county
                    || (la == lb || la == 0 || lb == 0)
                        && engine::haversine_m(facilities[a].point, facilities[b].point)
                            < DUPLICATE_M
            };
            if let Some(&(a, _)) = rows[..n].iter().find(same) {
                let (fa, fb) = (&facilities[a], &facilities[b]);
                warnings.push(Problem {
                    file: file.into(),
                    line: lines[b],
                    column: "name".into(),
                    message: format!(
                        "{:?} looks like the same institution as {:?} on line {} ({:.0} m away); expected one row per institution (merge them, or name what tells them apart)",
                        fb.name,
                        fa.name,
                        lines[a],
                        engine::haversine_m(fa.point, fb.point)
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A point inside 大足区 whose GCJ-02 form lies outside it.
    fn gcj_case(places: &mut Places) -> (LatLon, LatLon) {
        let dazu = places.region(500111).unwrap().clone();
        for &[x, y] in dazu.ring(0).iter().step_by(7) {
            for (dx, dy) in [(0.003, 0.0), (-0.003, 0.0), (0.0, 0.003), (0.0, -0.003)] {
                let Ok(w) = LatLon::new(y as f64 / 1e5 + dy, x as f64 / 1e5 + dx) else { continue };
                let g = CoordSystem::Gcj02.from_wgs84(w);
                if dazu.contains(w)
                    && distance_to_edge_m(&dazu, w) > 50.0
                    && !dazu.contains(g)
                    && distance_to_edge_m(&dazu, g) > 2.0 * MARGIN_M
                {
                    return (w, g);
                }
            }
        }
        panic!("no GCJ-02 case found along 大足区's edge");
    }

    #[test]
    fn a_point_is_located_at_each_level() {
        let mut places = Places::open(&crate::boundaries::bundled_dir()).unwrap();
        let dazu = LatLon::new(29.7097, 105.7181).unwrap();
        assert_eq!(places.locate(dazu, Level::County).unwrap(), "500111\tcounty\t重庆市 大足区");
        assert!(places
            .locate(dazu, Level::Province)
            .unwrap()
            .starts_with("500000\tprovince\t重庆市"));
        // 东莞 has no counties: the city stands for one.
        let dongguan = LatLon::new(23.0207, 113.7518).unwrap();
        assert!(
            places.locate(dongguan, Level::County).unwrap().starts_with("441900\t"),
            "{:?}",
            places.locate(dongguan, Level::County)
        );
        assert_eq!(places.locate(LatLon::new(0.0, 0.0).unwrap(), Level::County), None);
    }

    #[test]
    fn the_county_index_finds_what_the_scan_found() {
        let mut places = Places::open(&crate::boundaries::bundled_dir()).unwrap();
        let mut state = 11u64;
        let mut unit = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let (mut inside, mut outside) = (0, 0);
        for _ in 0..4_000 {
            let point = LatLon::new(18.0 + unit() * 36.0, 73.0 + unit() * 62.0).unwrap();
            let found = places.county_at(point);
            assert_eq!(found, places.county_at_by_scan(point), "{point:?}");
            *if found.is_some() { &mut inside } else { &mut outside } += 1;
        }
        // About half of the box is China: the comparison saw both answers.
        assert!(inside > 1_000 && outside > 1_000, "{inside} inside, {outside} outside");
    }

    #[test]
    fn gcj02_points_are_recognised_and_wrong_counties_named() {
        let mut places = Places::open(&crate::boundaries::bundled_dir()).unwrap();
        let (wgs, gcj) = gcj_case(&mut places);
        let facility = |point| Facility {
            county_code: 500111,
            ..Facility::new("synthetic-a", "合成机构", engine::FacilityKind::Tcm, point)
        };
        let mut rows =
            [facility(wgs), facility(gcj), facility(LatLon::new(30.6598, 104.0633).unwrap())];
        let findings = check("f.csv", &mut rows, &[2, 3, 4], &mut places);
        let messages: Vec<String> = findings.errors.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages[0].starts_with("f.csv:3: lat/lon: ")
                && messages[0].contains("looks like GCJ-02 (Amap, Tencent) coordinates"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("is in 四川省 成都市 青羊区 (510105)")
                && messages[1].contains("outside 重庆市 大足区 (500111)"),
            "{}",
            messages[1]
        );
        println!("fixture case: WGS-84 {wgs:?}, GCJ-02 {gcj:?}");
    }

    #[test]
    fn outside_china_is_measured_to_the_nearest_border_and_only_counties_are_counties() {
        let mut places = Places::open(&crate::boundaries::bundled_dir()).unwrap();
        // Two points in the East China Sea 9 km apart are about as far from the coast.
        let a = places.outside_china_m(LatLon::new(30.5, 123.5).unwrap());
        let b = places.outside_china_m(LatLon::new(30.5, 123.593).unwrap());
        assert!(a > 50_000.0 && a < 400_000.0, "{a}");
        assert!((a - b).abs() < 10_000.0, "{a} {b}");
        // Far out in the Pacific: still a finite distance, not "near no province".
        assert!(places.outside_china_m(LatLon::new(10.0, 160.0).unwrap()).is_finite());
        let at = |lat, lon| LatLon::new(lat, lon).unwrap();
        let mut rows = [
            Facility {
                county_code: 510100,
                ..Facility::new(
                    "synthetic-a",
                    "合成机构",
                    engine::FacilityKind::Tcm,
                    at(30.66, 104.07),
                )
            },
            Facility {
                county_code: 441900,
                ..Facility::new(
                    "synthetic-b",
                    "合成机构乙",
                    engine::FacilityKind::Tcm,
                    at(23.02, 113.75),
                )
            },
        ];
        let findings = check("f.csv", &mut rows, &[2, 3], &mut places);
        let messages: Vec<String> = findings.errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0]
                .starts_with("f.csv:2: county_code: 510100 is a city's code, not a county's"),
            "{}",
            messages[0]
        );
    }

    #[test]
    fn a_record_at_its_city_seat_keeps_an_empty_county() {
        let mut places = Places::open(&crate::boundaries::bundled_dir()).unwrap();
        let seat = LatLon::new(29.5547, 106.5650).unwrap();
        let facility = |precision, name: &str| Facility {
            precision,
            ..Facility::new("synthetic-a", name, engine::FacilityKind::General, seat)
        };
        let mut rows = [
            facility(engine::LocationPrecision::CitySeat, "合成甲医院"),
            facility(engine::LocationPrecision::CountySeat, "合成乙医院"),
        ];
        let findings = check("f.csv", &mut rows, &[2, 3], &mut places);
        assert_eq!(rows[0].county_code, 0, "never given the seat's district");
        assert_ne!(rows[1].county_code, 0);
        assert_eq!(findings.warnings.len(), 1, "{:?}", findings.warnings);
        assert_eq!(findings.warnings[0].line, 3);
        // Coded with the seat's district (渝中区 for 重庆's seat): an error.
        let mut coded = [Facility {
            county_code: 500103,
            ..facility(engine::LocationPrecision::CitySeat, "合成丙医院")
        }];
        let findings = check("f.csv", &mut coded, &[4], &mut places);
        assert_eq!(findings.errors.len(), 1, "{:?}", findings.errors);
        // Coded with its city, as a compiled record and an export carry it: right where it
        // is 重庆's seat, a city's code, not a county's, anywhere else.
        let at_seat = LatLon::new(29.565689, 106.547918).unwrap();
        let mut exported = [
            Facility {
                county_code: 500000,
                ..facility(engine::LocationPrecision::CitySeat, "合成丁医院")
            },
            Facility {
                county_code: 500000,
                point: at_seat,
                ..facility(engine::LocationPrecision::CitySeat, "合成戊医院")
            },
        ];
        let of_exported = check("f.csv", &mut exported, &[5, 6], &mut places);
        let lines: Vec<u64> = of_exported.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [5], "{:?}", of_exported.errors);
        assert!(
            findings.errors[0]
                .to_string()
                .starts_with("f.csv:4: county_code: 500103 for a record placed at its city's seat"),
            "{}",
            findings.errors[0]
        );
    }

    #[test]
    fn near_duplicates_are_the_same_key_close_by() {
        let mut places = Places::open(&crate::boundaries::bundled_dir()).unwrap();
        let at = |lat, lon| LatLon::new(lat, lon).unwrap();
        let facility = |id: &str, name: &str, point| Facility {
            county_code: 500111,
            ..Facility::new(id, name, engine::FacilityKind::General, point)
        };
        let rows = [
            facility("synthetic-a", "重庆市大足区中医院", at(29.70, 105.72)),
            facility("synthetic-b", "大足区中医医院", at(29.701, 105.72)),
            facility("synthetic-c", "重庆市中医院", at(29.70, 105.72)),
            facility("synthetic-d", "大足区人民医院", at(29.70, 105.72)),
            facility("synthetic-e", "区人民医院", at(29.75, 105.72)),
            // A renamed maternal and child health hospital 2.4 km from its old name, in one county.
            facility("synthetic-f", "大足区妇幼保健院", at(29.70, 105.72)),
            facility("synthetic-g", "大足区妇幼保健计划生育服务中心", at(29.72, 105.72)),
        ];
        let mut warnings = Vec::new();
        near_duplicates("f.csv", &rows, &[2, 3, 4, 5, 6, 7, 8], &mut places, &mut warnings);
        let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        // b repeats a; c is the city's hospital, not the district's; e is d written short in
        // the same county (5.6 km apart: one of them stands at a seat); g is f renamed.
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages.iter().any(|m| m.starts_with("f.csv:8: name: \"大足区妇幼保健计划生育服务中心\" looks like the same institution as \"大足区妇幼保健院\" on line 7")), "{messages:#?}");
        assert!(
            messages[0].starts_with("f.csv:3: name: \"大足区中医医院\" looks like the same institution as \"重庆市大足区中医院\" on line 2"),
            "{}",
            messages[0]
        );
    }
}
