//! The bundled dataset as `datakit import` made it from the public lists:
//! checks that need only what is committed (`data/`), and one that reruns
//! the import when the lists themselves are at hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use datakit::lists::spec::read_all;
use datakit::source::{read_facilities_with_extras, SourcePoint};
use engine::{CoordSystem, Facility, FacilityKind};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

fn facilities() -> (Vec<Facility>, Vec<datakit::source::RowExtras>) {
    read_facilities_with_extras(&data().join("facilities.csv"))
        .unwrap_or_else(|p| panic!("{}", p[0]))
}

#[test]
fn the_bundled_data_passes_check_with_no_warning() {
    let checked = datakit::build::check(&data().join("facilities.csv")).unwrap();
    assert_eq!(checked.warnings, Vec::<String>::new(), "no near-duplicates are left by the merge");
    assert!(checked.facilities > 15_000, "the national layer: {}", checked.facilities);
    // Townships merged away since the lists were written are said, not warned of.
    assert!(checked.notes.iter().any(|n| n.contains("former_township")), "{:?}", checked.notes);
}

#[test]
fn at_least_three_thousand_institutions_in_sichuan_chongqing_and_weinan_each_with_its_sources() {
    let (facilities, _) = facilities();
    let here: Vec<&Facility> = facilities
        .iter()
        .filter(|f| matches!(f.county_code / 10_000, 50 | 51) || f.county_code / 100 == 6105)
        .collect();
    assert!(here.len() >= 3_000, "{}", here.len());
    assert!(here
        .iter()
        .all(|f| !f.source.is_empty() && f.county_code != 0 && !f.last_checked.is_empty()));
    // The records kept by hand are among them, with their ids.
    for id in ["sc-cd-wchscu", "cq-dz-ph", "cq-dz-tcmh", "cq-dz-longshui-cthc", "sc-zy-lz-tcmh"] {
        assert!(facilities.iter().any(|f| f.id == id), "{id}");
    }
}

/// The township health centres the 2021 重庆 list names in 大足区 and 永川区, as the list writes them.
const DAZU: [&str; 22] = [
    "中敖镇中心卫生院",
    "三驱镇中心卫生院",
    "石马镇中心卫生院",
    "珠溪镇中心卫生院",
    "邮亭镇中心卫生院",
    "铁山镇中心卫生院",
    "龙石镇卫生院",
    "高坪镇卫生院",
    "金山镇卫生院",
    "回龙镇卫生院",
    "古龙镇卫生院",
    "宝顶镇卫生院",
    "智凤卫生院",
    "双路镇卫生院",
    "通桥镇卫生院",
    "宝兴镇卫生院",
    "玉龙镇卫生院",
    "拾万镇卫生院",
    "雍溪镇卫生院",
    "国梁镇卫生院",
    "季家镇卫生院",
    "高升镇卫生院",
];
const YONGCHUAN: [&str; 16] = [
    "永川区双石镇卫生院",
    "永川区仙龙镇卫生院",
    "永川区永荣镇卫生院",
    "永川区临江镇卫生院",
    "永川区五间镇卫生院",
    "永川区何埂镇卫生院",
    "永川区金龙镇卫生院",
    "永川区红炉镇卫生院",
    "永川区三教镇卫生院",
    "永川区来苏镇卫生院",
    "永川区朱沱镇卫生院",
    "永川区宝峰镇卫生院",
    "永川区吉安镇卫生院",
    "永川区松溉镇卫生院",
    "永川区板桥镇卫生院",
    "永川区青峰镇卫生院",
];

#[test]
fn every_dazu_and_yongchuan_township_health_centre_of_the_chongqing_list_is_there_with_its_list() {
    let (facilities, _) = facilities();
    for (county, names) in [(500111, &DAZU[..]), (500118, &YONGCHUAN[..])] {
        for name in names {
            let f = facilities
                .iter()
                .find(|f| {
                    f.county_code == county
                        && (f.name == *name || f.aliases.iter().any(|a| a == name))
                })
                .unwrap_or_else(|| panic!("{name} is not in {county}"));
            assert!(
                f.lists.iter().any(|l| l == "chongqing-vaccination-2021"),
                "{name}: {:?}",
                f.lists
            );
            assert!(
                matches!(
                    f.kind,
                    FacilityKind::TownshipCentre | FacilityKind::CentralTownshipCentre
                ),
                "{name}: {:?}",
                f.kind
            );
            assert!(
                f.source.contains("重庆市新冠病毒疫苗接种点名单 (列表日期 2021-06-07)"),
                "{name}: {}",
                f.source
            );
        }
    }
}

#[test]
fn every_point_from_a_gcj02_list_is_that_point_converted() {
    let specs = read_all(&data().join("imports")).unwrap();
    let geocoders: BTreeMap<&str, (&str, CoordSystem)> = specs
        .iter()
        .filter(|s| !s.list.geocoder.is_empty())
        .map(|s| (s.list.id.as_str(), (s.list.geocoder.as_str(), s.crs())))
        .collect();
    let (facilities, extras) = facilities();
    let mut from_gcj02 = 0;
    for (f, extra) in facilities.iter().zip(&extras) {
        let Some((list, _)) = geocoders.iter().find(|(id, (geocoder, _))| {
            f.lists.iter().any(|l| l == *id) && f.location_source.starts_with(geocoder)
        }) else {
            continue;
        };
        let theirs: Vec<&SourcePoint> =
            extra.source_points.iter().filter(|p| p.list == *list).collect();
        assert!(
            theirs.iter().any(|p| datakit::build::same_point(p.wgs84(), f.point)),
            "{}: {:?} is none of {theirs:?}",
            f.id,
            f.point
        );
        if theirs.iter().all(|p| p.crs == CoordSystem::Gcj02) {
            let p = theirs.iter().find(|p| datakit::build::same_point(p.wgs84(), f.point)).unwrap();
            assert!((engine::coords::gcj02_to_wgs84(p.point).lat() - f.point.lat()).abs() < 1e-6);
            from_gcj02 += 1;
        }
    }
    assert!(from_gcj02 > 2_000, "{from_gcj02} points from GCJ-02 lists");
}

#[test]
fn no_phone_is_a_mobile_number_and_every_one_has_its_area_code() {
    let (facilities, _) = facilities();
    let mut phones = 0;
    for f in facilities.iter().filter(|f| !f.lists.is_empty()) {
        for p in &f.phones {
            let digits: String = p.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !(digits.len() == 11 && digits.starts_with('1')),
                "{}: {p} is a mobile number",
                f.id
            );
            let (area, local) =
                p.split_once('-').unwrap_or_else(|| panic!("{}: {p} has no area code", f.id));
            assert!(
                area.starts_with('0')
                    && (3..=4).contains(&area.len())
                    && (7..=8).contains(&local.len()),
                "{}: {p}",
                f.id
            );
            phones += 1;
        }
    }
    assert!(phones > 5_000, "{phones}");
}

#[test]
fn the_import_report_belongs_to_the_committed_facilities() {
    let bytes = std::fs::read(data().join("facilities.csv")).unwrap();
    let report = std::fs::read_to_string(data().join("IMPORT_REPORT.md")).unwrap();
    let stamp = format!(
        "{} bytes whose xxh3-64 is `{:016x}`",
        bytes.len(),
        xxhash_rust::xxh3::xxh3_64(&bytes)
    );
    assert!(
        report.contains(&stamp),
        "IMPORT_REPORT.md was not made with this facilities.csv; rerun datakit import"
    );
    let (facilities, _) = facilities();
    let section = datakit::lists::report::records_section(&facilities);
    assert!(
        report.contains(&section),
        "the report's records by region differ from facilities.csv:\n{section}"
    );
}

/// The lists themselves are not committed; where they are at hand (a
/// keeper's machine, `../shared/sources`), rerunning the import must give
/// the committed files byte for byte. Run by `scripts/test` when they are there.
#[test]
#[ignore = "needs the public lists in ../shared/sources (XZ_SOURCES); scripts/test runs it when they are there"]
fn rerunning_the_import_gives_the_committed_files() {
    let sources = std::env::var_os("XZ_SOURCES")
        .map_or_else(|| data().join("../../shared/sources"), PathBuf::from);
    assert!(sources.is_dir(), "{} is not a folder", sources.display());
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("data");
    // The lists' specs and the township lists' (imports/gazetteers/).
    for folder in ["imports", "imports/gazetteers"] {
        std::fs::create_dir_all(copy.join(folder)).unwrap();
        for entry in std::fs::read_dir(data().join(folder)).unwrap().flatten() {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), copy.join(folder).join(entry.file_name())).unwrap();
            }
        }
    }
    std::fs::copy(data().join("curated.csv"), copy.join("curated.csv")).unwrap();
    // A rerun in place: the previous facilities.csv gives the ids links name (lists::ids).
    std::fs::copy(data().join("facilities.csv"), copy.join("facilities.csv")).unwrap();
    datakit::lists::import(&sources, &copy).unwrap();
    for file in ["facilities.csv", "IMPORT_REPORT.md"] {
        let made = std::fs::read(copy.join(file)).unwrap();
        let committed = std::fs::read(data().join(file)).unwrap();
        assert!(made == committed, "data/{file} is not what the import makes of the lists; rerun datakit import and commit");
    }
}
