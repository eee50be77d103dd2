//! The `datakit` command as a data keeper runs it: exit codes and what it prints.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs datakit in the repository root: (exit success, stdout, stderr).
fn datakit(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_datakit"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("datakit runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_passes_on_the_bundled_folder_and_fails_on_broken_ones() {
    let (ok, _, err) = datakit(&["check", "data/"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("data/facilities.csv: ")
            && err.contains(" facilities, no problems, 0 warning(s)"),
        "{err}"
    );

    let (ok, _, err) = datakit(&[
        "check",
        "tests/fixtures/broken/places",
        "tests/fixtures/broken/bad_values/facilities.csv",
    ]);
    assert!(!ok);
    assert!(
        err.contains("tests/fixtures/broken/places/facilities.csv:4: lat/lon:")
            && err.contains("looks like GCJ-02"),
        "{err}"
    );
    assert!(
        err.contains(
            "tests/fixtures/broken/bad_values/facilities.csv:2: kind: unknown value \"hospital\""
        ),
        "{err}"
    );
    assert!(err.trim_end().ends_with("problems in tests/fixtures/broken/places/facilities.csv, tests/fixtures/broken/bad_values/facilities.csv"), "{err}");
}

#[test]
fn imports_exports_and_place_search_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let curated = datakit::build::curated_folder(dir.path()).unwrap();
    let imported = dir.path().join("imported.csv");
    let (ok, _, err) = datakit(&[
        "import-csv",
        "tests/fixtures/import/commission_gbk.csv",
        "--map",
        "tests/fixtures/import/mapping.toml",
        "--out",
        imported.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("wrote 3 rows to") && err.contains("(1 left out)"), "{err}");
    // The same file read as WGS-84 fails the check: its points look like GCJ-02.
    let (ok, _, err) = datakit(&[
        "import-csv",
        "tests/fixtures/import/commission_gbk.csv",
        "--map",
        "tests/fixtures/import/mapping.toml",
        "--crs",
        "wgs84",
        "--out",
        imported.to_str().unwrap(),
        "--force",
    ]);
    assert!(
        !ok && err.contains("looks like GCJ-02") && err.contains("1 problem(s) to fix in"),
        "{err}"
    );

    let (ok, _, err) = datakit(&[
        "import-osm",
        "tests/fixtures/import/overpass.geojson",
        "--checked",
        "2026-11-20",
        "--out",
        imported.to_str().unwrap(),
        "--force",
    ]);
    assert!(ok && err.contains("wrote 3 rows to") && err.contains("(2 left out)"), "{err}");

    let dataset = dir.path().join("facilities.xzd");
    let (ok, _, err) = datakit(&[
        "build",
        "--csv",
        curated.to_str().unwrap(),
        "--out",
        dataset.to_str().unwrap(),
        "--shard-by",
        "none",
    ]);
    assert!(ok, "{err}");
    let geojson = dir.path().join("open.geojson");
    let (ok, _, err) = datakit(&[
        "export",
        "--geojson",
        "--dataset",
        dataset.to_str().unwrap(),
        "--out",
        geojson.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&geojson).unwrap()).unwrap();
    assert_eq!(value["features"].as_array().unwrap().len(), 20);
    let (ok, csv, _) = datakit(&["export", "--csv", "--dataset", dataset.to_str().unwrap()]);
    let records = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert!(ok && records == 20, "{csv}");

    // What a resident in 沙坪坝 asking for acupuncture is told.
    let (ok, out, err) = datakit(&[
        "query",
        "--near",
        "29.55,106.45",
        "--k",
        "1",
        "--service",
        "acupuncture",
        "--match",
        "中医",
        "--dataset",
        dataset.to_str().unwrap(),
    ]);
    assert!(ok && out.contains("cq-spb-tcmh") && out.contains("沙坪坝区中医院"), "{out}{err}");

    let (ok, out, _) = datakit(&["place", "大足"]);
    assert!(ok && out.starts_with("500111\tcounty\t重庆市 大足区"), "{out}");
    let (ok, out, _) = datakit(&["place", "乐至县"]);
    assert!(ok && out.starts_with("512022\tcounty\t四川省 资阳市 乐至县"), "{out}");
}

#[test]
fn import_merges_the_lists_and_says_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("imports")).unwrap();
    let fixtures = root().join("tests/fixtures/lists");
    for entry in std::fs::read_dir(fixtures.join("data/imports")).unwrap().flatten() {
        std::fs::copy(entry.path(), data.join("imports").join(entry.file_name())).unwrap();
    }
    for file in ["curated.csv", "facts.csv"] {
        std::fs::copy(fixtures.join("data").join(file), data.join(file)).unwrap();
    }
    let (ok, _, err) = datakit(&[
        "import",
        "--sources",
        "tests/fixtures/lists/sources",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(
        err.contains("wrote 11 records to")
            && err.contains("2 point conflicts and 0 rows without a county"),
        "{err}"
    );
    let (ok, _, err) = datakit(&["check", data.to_str().unwrap()]);
    assert!(ok && err.contains("11 facilities, no problems, 0 warning(s)"), "{err}");
    let (ok, _, err) = datakit(&[
        "import",
        "--sources",
        "tests/fixtures/lists/nowhere",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("nowhere"), "{err}");
}

#[test]
fn a_keepers_mistakes_are_refused_with_a_reason_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let curated = datakit::build::curated_folder(dir.path()).unwrap();
    // --out over the input spreadsheet: refused, the spreadsheet intact.
    let theirs = dir.path().join("their.csv");
    std::fs::copy(root().join("tests/fixtures/import/commission_gbk.csv"), &theirs).unwrap();
    let before = std::fs::read(&theirs).unwrap();
    let (ok, _, err) = datakit(&[
        "import-csv",
        theirs.to_str().unwrap(),
        "--map",
        "tests/fixtures/import/mapping.toml",
        "--out",
        theirs.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("is an input of this command"), "{err}");
    assert_eq!(std::fs::read(&theirs).unwrap(), before);
    // --out over a file datakit did not write: refused unless --force.
    let memberships = dir.path().join("memberships.csv");
    std::fs::copy(root().join("data/memberships.csv"), &memberships).unwrap();
    let dataset = dir.path().join("facilities.xzd");
    let (ok, _, err) = datakit(&[
        "build",
        "--csv",
        curated.to_str().unwrap(),
        "--out",
        dataset.to_str().unwrap(),
        "--shard-by",
        "none",
    ]);
    assert!(ok, "{err}");
    let manifest = dir.path().join("manifest.json");
    let (ok, _, err) = datakit(&[
        "export",
        "--csv",
        "--dataset",
        manifest.to_str().unwrap(),
        "--out",
        memberships.to_str().unwrap(),
    ]);
    assert!(
        !ok && err.contains("exists; writing would replace it") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&memberships).unwrap(),
        std::fs::read(root().join("data/memberships.csv")).unwrap()
    );
    let (ok, _, err) = datakit(&[
        "export",
        "--csv",
        "--dataset",
        manifest.to_str().unwrap(),
        "--out",
        memberships.to_str().unwrap(),
        "--force",
    ]);
    assert!(ok, "{err}");
    // A build over its own input, or into a folder given as the file.
    let csv = curated.to_str().unwrap();
    let (ok, _, err) = datakit(&["build", "--csv", csv, "--out", csv]);
    assert!(!ok && err.contains("is an input of this command"), "{err}");
    let (ok, _, err) = datakit(&["build", "--csv", csv, "--out", dir.path().to_str().unwrap()]);
    assert!(!ok && err.contains("is a folder"), "{err}");
    // Impossible counts.
    let (ok, _, err) = datakit(&[
        "synth",
        "--count",
        "100000000000",
        "--out",
        dir.path().join("s.xzd").to_str().unwrap(),
    ]);
    assert!(
        !ok && err.contains("--count 100000000000: expected 1 to 20000000 facilities"),
        "{err}"
    );
    // Unknown names in a query are mistakes, as an unknown kind is; a point may start with a minus.
    let (ok, _, err) = datakit(&[
        "query",
        "--near",
        "30,104",
        "--network",
        "no-such-network",
        "--dataset",
        manifest.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("--network \"no-such-network\": no network with this id"), "{err}");
    let (ok, _, err) = datakit(&[
        "query",
        "--near",
        "30,104",
        "--region",
        "990000",
        "--dataset",
        manifest.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("--region 990000: not a province, city or county"), "{err}");
    let (ok, out, err) = datakit(&[
        "query",
        "--near",
        "-33.8,151.2",
        "--k",
        "1",
        "--dataset",
        manifest.to_str().unwrap(),
    ]);
    assert!(ok && out.contains(" m  "), "{out}{err}");
    let (ok, out, _) =
        datakit(&["query", "--text", "华西", "--k", "1", "--dataset", manifest.to_str().unwrap()]);
    assert!(ok && !out.contains("null") && !out.contains("Exact") && out.contains("—"), "{out}");
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("facilities.xzd");
    let curated = datakit::build::curated_folder(dir.path()).unwrap();
    assert!(
        datakit(&[
            "build",
            "--csv",
            curated.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--shard-by",
            "none"
        ])
        .0
    );
    let errors = dir.path().join("stderr.txt");
    let script = format!(
        "{} export --csv --dataset {} 2>{} | head -1",
        env!("CARGO_BIN_EXE_datakit"),
        dir.path().join("manifest.json").display(),
        errors.display()
    );
    let run = Command::new("sh").arg("-c").arg(&script).current_dir(root()).output().unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.starts_with("id,name,kind") && text.lines().count() == 1, "{text}");
    let stderr = std::fs::read_to_string(&errors).unwrap();
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn locate_names_the_region_holding_a_point_or_says_it_is_outside() {
    let (ok, out, err) = datakit(&["locate", "29.7097,105.7181"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "500111\tcounty\t重庆市 大足区");
    let (ok, out, _) = datakit(&["locate", "30.6588,104.0657", "--level", "city"]);
    assert!(ok && out.starts_with("510100\tcity\t四川省 成都市"), "{out}");
    let (ok, _, err) = datakit(&["locate", "-33.86,151.21"]);
    assert!(!ok && err.contains("in no county of the bundled boundaries"), "{err}");
    let (ok, _, err) = datakit(&["locate", "29.7,105.7", "--level", "town"]);
    assert!(!ok && err.contains("expected county, city or province"), "{err}");
}

#[test]
fn report_covers_one_listing_or_a_whole_area() {
    let dir = tempfile::tempdir().unwrap();
    let curated = datakit::build::curated_folder(dir.path()).unwrap();
    let dataset = dir.path().join("facilities.xzd");
    let (ok, _, err) = datakit(&[
        "build",
        "--csv",
        curated.to_str().unwrap(),
        "--out",
        dataset.to_str().unwrap(),
        "--shard-by",
        "none",
    ]);
    assert!(ok, "{err}");
    let dataset = dataset.to_str().unwrap();
    let (ok, out, err) = datakit(&["report", "cq-dz-tcmh", "--dataset", dataset]);
    assert!(ok && out.starts_with("大足区中医院 (cq-dz-tcmh)\n"), "{out}{err}");

    let (ok, out, err) = datakit(&["report", "--region", "500111", "--json", "--dataset", dataset]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["area"]["name"], "重庆市 大足区");
    let institutions = json["institutions"].as_u64().unwrap();
    assert!(institutions >= 5, "{json}");
    let bands: u64 = json["source_age"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["institutions"].as_u64().unwrap())
        .sum();
    assert_eq!(bands, institutions, "every institution is in one band");
    assert!(json["todo"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["id"].as_str().unwrap().starts_with("cq-dz-")));

    let (ok, out, _) =
        datakit(&["report", "--region", "500111", "--todo", "1", "--dataset", dataset]);
    assert!(ok && out.contains("完整程度 Completeness") && out.contains("| 1 | `cq-dz-"), "{out}");
    assert!(!out.contains("| 2 | `cq-dz-"), "{out}");

    let (ok, _, err) = datakit(&["report", "--region", "500199", "--dataset", dataset]);
    assert!(!ok && err.contains("--region 500199: not a province, city or county"), "{err}");
}

/// The data folder comes from `--data` or `XUNZHEN_DATA`, not from where the
/// binary was built: a folder whose seats file names only 大足区 makes a
/// synthetic set all in 大足区, through the flag and through the environment;
/// a path that is no folder is refused by name.
#[test]
fn the_data_folder_is_taken_from_the_flag_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let places = dir.path().join("places");
    std::fs::create_dir(&places).unwrap();
    let bundled = std::fs::read_to_string(root().join("data/places/county_seats.csv")).unwrap();
    let mut lines = bundled.lines();
    let header = lines.next().unwrap();
    let dazu = lines.find(|l| l.starts_with("500111,")).unwrap();
    std::fs::write(places.join("county_seats.csv"), format!("{header}\n{dazu}\n")).unwrap();
    let folder = dir.path().to_str().unwrap();

    let counties = |xzd: &Path| {
        let (ok, out, err) = datakit(&["export", "--csv", "--dataset", xzd.to_str().unwrap()]);
        assert!(ok, "{err}");
        let mut rows = csv::Reader::from_reader(out.as_bytes());
        let column = rows.headers().unwrap().iter().position(|h| h == "county_code").unwrap();
        rows.records().map(|r| r.unwrap()[column].to_string()).collect::<Vec<_>>()
    };
    let by_flag = dir.path().join("flag.xzd");
    let (ok, _, err) =
        datakit(&["--data", folder, "synth", "--count", "6", "--out", by_flag.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(counties(&by_flag), vec!["500111"; 6]);

    let by_env = dir.path().join("env.xzd");
    let out = Command::new(env!("CARGO_BIN_EXE_datakit"))
        .args(["synth", "--count", "6", "--out", by_env.to_str().unwrap()])
        .env("XUNZHEN_DATA", folder)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(counties(&by_env), vec!["500111"; 6]);

    // Without either, the checkout's seats: other counties appear.
    let bundled_set = dir.path().join("bundled.xzd");
    let (ok, _, err) = datakit(&["synth", "--count", "50", "--out", bundled_set.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(counties(&bundled_set).iter().any(|c| c != "500111"));

    let (ok, _, err) = datakit(&["--data", "no/such/folder", "locate", "29.7,105.7"]);
    assert!(!ok && err.contains("no/such/folder: not a folder"), "{err}");
}
