//! `datakit import` on small lists written for the tests, one in each layout
//! the bundled lists come in (`tests/fixtures/lists`, synthetic institutions
//! in real counties): what it makes of each, and that it makes the same
//! bytes every time.

use std::path::{Path, PathBuf};

use engine::{CoordSystem, LatLon};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lists")
}

/// A fresh copy of the fixture data folder, imported.
fn imported() -> (tempfile::TempDir, datakit::lists::Written) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&fixtures().join("data"), &data);
    let written = datakit::lists::import(&fixtures().join("sources"), &data).unwrap();
    (dir, written)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn rows(data: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(data.join("facilities.csv")).unwrap();
    reader.records().map(Result::unwrap).collect()
}

/// The cell of `column` in the row whose id is `id`.
fn cell(data: &Path, id: &str, column: &str) -> String {
    let mut reader = csv::Reader::from_path(data.join("facilities.csv")).unwrap();
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == id)
        .unwrap_or_else(|| panic!("no record {id}"));
    row[at].to_string()
}

#[test]
fn the_same_lists_give_the_same_bytes_and_the_expected_ones() {
    let (a, _) = imported();
    let (b, _) = imported();
    for file in ["facilities.csv", "IMPORT_REPORT.md"] {
        let first = std::fs::read(a.path().join("data").join(file)).unwrap();
        let second = std::fs::read(b.path().join("data").join(file)).unwrap();
        assert!(first == second, "{file} differs between two runs on the same lists");
        let expected = fixtures().join("expected").join(file);
        if std::env::var_os("UPDATE_EXPECTED").is_some() {
            std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
            std::fs::write(&expected, &first).unwrap();
        }
        let want = std::fs::read(&expected).unwrap_or_default();
        assert!(
            first == want,
            "{file} is not what {} holds; if the change is meant, rerun with UPDATE_EXPECTED=1 and read the diff:\n{}",
            expected.display(),
            String::from_utf8_lossy(&first)
        );
    }
}

#[test]
fn a_record_kept_by_hand_gains_what_every_list_says_of_it() {
    let (dir, written) = imported();
    let data = dir.path().join("data");
    assert_eq!(written.records, 11);
    let id = "cq-dz-synthetic-ph";
    // Its own id and grade stay (its designation is a fact in facts.csv, which the import
    // leaves alone); four lists name it (the sheet writes it short: 区合成人民医院).
    assert_eq!(cell(&data, id, "grade"), "3a");
    assert_eq!(cell(&data, id, "designations"), "");
    assert_eq!(
        cell(&data, id, "lists"),
        "synthetic-fever-json; synthetic-place-cloud; synthetic-sheet; synthetic-wikidata"
    );
    assert!(cell(&data, id, "source").starts_with("synthetic fixture: a record kept by hand; "));
    assert!(
        cell(&data, id, "source").contains("据重庆市卫健委 2020-01-25"),
        "a row's own upstream is cited"
    );
    // The continuation line's bracketed name is an alias; Wikidata's English label its English name.
    assert_eq!(cell(&data, id, "aliases"), "合成别名医院; 重庆市大足区合成人民医院");
    assert_eq!(cell(&data, id, "name_en"), "Chongqing Dazu Hecheng People's Hospital");
    // Landlines only, the sheet's 8-digit local numbers with 重庆's area code.
    assert_eq!(cell(&data, id, "phones"), "023-99990004; 023-99990005; 023-99990001");
    // The point is the best-ranked list's (Tencent's, GCJ-02) converted to WGS-84, not the hand-placed estimate.
    let gcj = LatLon::new(29.71, 105.725).unwrap();
    let want = CoordSystem::Gcj02.to_wgs84(gcj);
    let (lat, lon): (f64, f64) =
        (cell(&data, id, "lat").parse().unwrap(), cell(&data, id, "lon").parse().unwrap());
    assert!(
        (lat - want.lat()).abs() < 1e-6 && (lon - want.lon()).abs() < 1e-6,
        "{lat},{lon} vs {want:?}"
    );
    assert!(
        engine::haversine_m(gcj, LatLon::new(lat, lon).unwrap()) > 100.0,
        "the GCJ-02 offset was removed"
    );
    assert_eq!(
        (
            cell(&data, id, "location_precision").as_str(),
            cell(&data, id, "location_source").as_str()
        ),
        ("address", "合成地图")
    );
    assert_eq!(
        cell(&data, id, "source_points"),
        "synthetic-place-cloud gcj02 29.71,105.725; synthetic-wikidata wgs84 29.708,105.722"
    );
    assert_eq!(cell(&data, id, "kind_inferred"), "", "its kind was kept by hand");
}

#[test]
fn rows_are_left_out_named_placed_and_dated_by_the_rules() {
    let (dir, _) = imported();
    let data = dir.path().join("data");
    let report = std::fs::read_to_string(data.join("IMPORT_REPORT.md")).unwrap();
    // Left out by reason: the CDC, the laboratory, the two temporary sites.
    assert!(report.contains("| `synthetic-place-cloud` | 1 | 1 | 0 | 0 | 0 | 0 |"), "{report}");
    assert!(report.contains("| `synthetic-places` | 0 | 0 | 0 | 0 | 1 | 0 |"), "{report}");
    assert!(report.contains("| `synthetic-sheet` | 0 | 0 | 0 | 0 | 1 | 0 |"), "{report}");
    let names: Vec<String> = rows(&data).iter().map(|r| r[1].to_string()).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("疾病预防控制") || n.contains("检验") || n.contains("临时")),
        "{names:?}"
    );
    // A department's row is its institution, without the department's number, at its township's seat;
    // a record kept by hand with the id the import gives it corrects it (its name and kind win).
    let dept = "cq-500111-lszhcwsy";
    assert_eq!(cell(&data, dept, "name"), "龙水镇合成中心卫生院");
    assert_eq!(cell(&data, dept, "aliases"), "龙水镇合成卫生院");
    assert_eq!(cell(&data, dept, "lists"), "synthetic-places");
    assert_eq!(cell(&data, dept, "phones"), "");
    assert_eq!(
        (
            cell(&data, dept, "location_precision").as_str(),
            cell(&data, dept, "location_source").as_str()
        ),
        ("township_seat", "龙水镇")
    );
    assert_eq!(cell(&data, dept, "kind"), "central_township");
    assert_eq!(cell(&data, dept, "kind_inferred"), "");
    assert_eq!(rows(&data).iter().filter(|r| &r[0] == dept).count(), 1);
    // A mobile number is never published.
    assert_eq!(cell(&data, "cq-500111-ytzhczxwsy", "phones"), "");
    assert_eq!(cell(&data, "cq-500111-hczyy", "phones"), "023-99990010");
    assert!(
        report.contains("| `synthetic-sheet` | 1 | 0 | 0 | 0 | 0 |"),
        "one mobile withheld from the sheet: {report}"
    );
    // Only the city known: the city's seat, the grade the list states, the row's own date.
    let city = "cq-500000-hcdjyy";
    assert_eq!(
        (
            cell(&data, city, "location_precision").as_str(),
            cell(&data, city, "location_source").as_str()
        ),
        ("city_seat", "重庆市")
    );
    assert_eq!(cell(&data, city, "county_code"), "", "the seat's district is not its county");
    assert_eq!(cell(&data, city, "grade"), "3a");
    assert_eq!(cell(&data, city, "last_checked"), "2020-01-25");
    assert_eq!(
        cell(&data, city, "lists"),
        "synthetic-fever-json; synthetic-tertiary",
        "the (0, 0) row still names it"
    );
    assert!(
        report.contains("- `synthetic-tertiary` line 3: 重庆市合成第九医院 (0, 0)"),
        "{report}"
    );
    // A functional zone names its county; the county's seat stands in.
    assert_eq!(
        (
            cell(&data, "cq-500110-hcjkqyy", "county_code").as_str(),
            cell(&data, "cq-500110-hcjkqyy", "location_precision").as_str()
        ),
        ("500110", "county_seat")
    );
    // A geocoder's township-level match says so.
    assert_eq!(
        (
            cell(&data, "sc-510114-hcwsy", "location_precision").as_str(),
            cell(&data, "sc-510114-hcwsy", "location_source").as_str()
        ),
        ("approximate", "合成高德（乡镇级）")
    );
    // Two lists 1.5 km apart: the better-ranked point is kept, the conflict reported.
    assert_eq!(cell(&data, "sc-510114-hcyy", "location_source"), "合成高德");
    assert!(report.contains("| `sc-510114-hcyy` | 成都市新都区合成医院 | `synthetic-geocoded` | `synthetic-tertiary (line 2)` | 1.5 km |  |"), "{report}");
    // A name that begins with another county than the row's district code: the name's county, at its seat.
    assert_eq!(
        (
            cell(&data, "cq-500153-hcrmyy", "county_code").as_str(),
            cell(&data, "cq-500153-hcrmyy", "location_source").as_str()
        ),
        ("500153", "荣昌区")
    );
    assert!(
        report.contains(
            "荣昌区合成人民医院 — its words 大足区 (500111), its name or address 荣昌区 (500153)"
        ),
        "{report}"
    );
    // Wikidata adds nothing of its own.
    assert!(report.contains("`synthetic-wikidata`: 1 items matched no record"), "{report}");
}

#[test]
fn the_output_passes_check_and_a_moved_point_does_not() {
    let (dir, _) = imported();
    let data = dir.path().join("data");
    let checked = datakit::build::check(&data.join("facilities.csv")).unwrap();
    assert_eq!(checked.warnings, Vec::<String>::new(), "no near-duplicate is left by the merge");
    // Move the GCJ-02 point of one record by a few metres: check names the list whose point it no longer is.
    let csv = std::fs::read_to_string(data.join("facilities.csv")).unwrap();
    let moved = csv.replacen("29.712699", "29.712799", 1);
    assert_ne!(csv, moved);
    std::fs::write(data.join("facilities.csv"), moved).unwrap();
    let err = datakit::build::check(&data.join("facilities.csv")).unwrap_err();
    assert!(err.contains("lat/lon: (29.712799, 105.721377) is not the point synthetic-place-cloud gave (synthetic-place-cloud gcj02 29.71,105.725)"), "{err}");
}

#[test]
fn a_missing_list_stops_the_import_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&fixtures().join("data"), &data);
    let sources = dir.path().join("sources");
    copy_dir(&fixtures().join("sources"), &sources);
    std::fs::remove_file(sources.join("sheet.csv")).unwrap();
    let err = datakit::lists::import(&sources, &data).unwrap_err();
    assert!(err.contains("sheet.csv"), "{err}");
    assert!(!data.join("facilities.csv").exists() && !data.join("IMPORT_REPORT.md").exists());
}
