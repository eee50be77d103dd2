//! `datakit import` with a list cut short (as the 新都 list once came, at 60 %):
//! refused, naming the list and the records that would leave
//! `facilities.csv`, unless the keeper says `--accept-shrink`. On the small
//! lists written for the tests (`tests/fixtures/lists`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lists")
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

/// A data folder imported once from the fixture lists, and a copy of the
/// lists whose `sheet.csv` lost its last three rows (the records of 万盛 and 两江).
fn imported_then_cut() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (data, sources) = (dir.path().join("data"), dir.path().join("sources"));
    copy_dir(&fixtures().join("data"), &data);
    copy_dir(&fixtures().join("sources"), &sources);
    datakit::lists::import(&sources, &data).unwrap();
    let sheet = std::fs::read_to_string(sources.join("sheet.csv")).unwrap();
    let cut: Vec<&str> = sheet.lines().take(4).collect();
    std::fs::write(sources.join("sheet.csv"), cut.join("\n") + "\n").unwrap();
    (dir, data, sources)
}

#[test]
fn a_list_cut_short_is_refused_and_what_would_leave_is_named() {
    let (_dir, data, sources) = imported_then_cut();
    let before = std::fs::read(data.join("facilities.csv")).unwrap();
    let err = datakit::lists::import(&sources, &data).unwrap_err();
    for expected in [
        "synthetic-sheet",
        "4 records",
        "2 now",
        "cq-500110-hcjkqyy 合成经开区医院",
        "cq-500000-hcsqwsfwzx 合成社区卫生服务中心",
        "--accept-shrink",
    ] {
        assert!(err.contains(expected), "{expected:?} not in: {err}");
    }
    assert!(!err.contains("synthetic-places"), "only the list that shrank: {err}");
    assert_eq!(std::fs::read(data.join("facilities.csv")).unwrap(), before, "nothing written");
}

#[test]
fn the_keeper_may_accept_a_shorter_list_and_is_told_what_left() {
    let (_dir, data, sources) = imported_then_cut();
    let written = datakit::lists::import_accepting_shrink(&sources, &data).unwrap();
    let left = written.left.join("\n");
    assert!(left.contains("synthetic-sheet") && left.contains("cq-500110-hcjkqyy"), "{left}");
    let csv = std::fs::read_to_string(data.join("facilities.csv")).unwrap();
    assert!(!csv.contains("cq-500110-hcjkqyy") && csv.contains("cq-500111-ytzhczxwsy"));
    // Against the file now written, the same lists are no shrink.
    assert!(datakit::lists::import(&sources, &data).unwrap().left.is_empty());
}

#[test]
fn the_command_refuses_or_accepts_a_shrink_as_told() {
    let (_dir, data, sources) = imported_then_cut();
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_datakit"))
            .args(["import", "--sources", sources.to_str().unwrap(), "--data"])
            .arg(&data)
            .args(extra)
            .output()
            .expect("datakit runs");
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (ok, err) = run(&[]);
    assert!(!ok && err.contains("synthetic-sheet") && err.contains("--accept-shrink"), "{err}");
    let (ok, err) = run(&["--accept-shrink"]);
    assert!(ok, "{err}");
    assert!(err.contains("cq-500110-hcjkqyy"), "the records that left are named: {err}");
}
