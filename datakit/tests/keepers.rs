//! The keepers' commands as a commission runs them, on the synthetic
//! fixtures in `tests/fixtures/keepers/` (every name marked 合成).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> String {
    root().join("tests/fixtures/keepers").join(name).display().to_string()
}

/// A copy of the fixture data folder to write into.
fn data_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    for entry in std::fs::read_dir(root().join("tests/fixtures/keepers/data")).unwrap().flatten() {
        std::fs::copy(entry.path(), data.join(entry.file_name())).unwrap();
    }
    (dir, data)
}

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

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_member_list_is_matched_dry_run_then_applied_once() {
    let (dir, data) = data_copy();
    let d = data.to_str().unwrap();
    let input = dir.path().join("members_gbk.csv");
    std::fs::copy(fixture("members_gbk.csv"), &input).unwrap();
    std::fs::copy(fixture("members_gbk.source.toml"), dir.path().join("members_gbk.source.toml"))
        .unwrap();
    let file = input.to_str().unwrap();
    let before = read(&data.join("memberships.csv"));

    // The dry run (GBK, a county for every row) writes nothing.
    let (ok, out, err) = datakit(&[
        "members",
        "import",
        file,
        "--network",
        "hc-mc",
        "--county",
        "500111",
        "--json",
        "--data",
        d,
    ]);
    assert!(ok, "{err}");
    assert_eq!(read(&data.join("memberships.csv")), before);
    assert!(!dir.path().join("members_gbk.review.csv").exists());
    assert!(err.contains("4 rows: 3 matched, 0 ambiguous, 1 unmatched"), "{err}");
    let rows: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["row"], 1);
    assert_eq!(rows[0]["as_written"], "区合成人民医院");
    assert_eq!(rows[0]["status"], "matched");
    assert_eq!(rows[0]["id"], "cq-dz-hc-ph");
    assert_eq!(rows[0]["candidates"][0]["id"], "cq-dz-hc-ph");
    assert!(rows[0]["candidates"][0]["score"].as_u64().unwrap() >= 80);
    assert_eq!(rows[0]["candidates"][0]["reasons"][0], "区 → 大足区 for the county given");
    assert_eq!(
        (rows[1]["id"].as_str(), rows[2]["id"].as_str()),
        (Some("cq-dz-hc-long"), Some("cq-dz-hc-you"))
    );
    assert_eq!(rows[3]["status"], "unmatched");
    assert!(rows[3].get("id").is_none(), "an id only when matched");

    // Applied with the sidecar's source and date: three memberships, the fourth row for review.
    let (ok, _, err) = datakit(&[
        "members",
        "import",
        file,
        "--network",
        "hc-mc",
        "--county",
        "500111",
        "--apply",
        "--data",
        d,
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("added 3 memberships"), "{err}");
    let after = read(&data.join("memberships.csv"));
    assert!(
        after.contains(
            "hc-mc,cq-dz-hc-ph,lead,合成区卫健委 医共体成员名单（synthetic fixture）,2026-11-20,"
        ),
        "{after}"
    );
    assert!(read(&dir.path().join("members_gbk.review.csv")).contains("大足区卫生健康委员会"));

    // Again: nothing twice.
    let (ok, _, err) = datakit(&[
        "members",
        "import",
        file,
        "--network",
        "hc-mc",
        "--county",
        "500111",
        "--apply",
        "--data",
        d,
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("added 0 memberships") && err.contains("already a member"), "{err}");
    assert_eq!(read(&data.join("memberships.csv")), after);
    let (ok, _, err) = datakit(&["check", d]);
    assert!(ok, "{err}");
}

#[test]
fn applying_needs_a_source_and_a_date_and_ambiguous_rows_are_not_added() {
    let (_dir, data) = data_copy();
    let d = data.to_str().unwrap();
    let before = read(&data.join("memberships.csv"));
    let (ok, _, err) = datakit(&[
        "members",
        "import",
        &fixture("members_utf8.csv"),
        "--network",
        "hc-cpc",
        "--apply",
        "--data",
        d,
    ]);
    assert!(!ok);
    assert!(err.contains("no source") && err.contains("nothing was written"), "{err}");
    assert_eq!(read(&data.join("memberships.csv")), before);
    let (ok, out, _) = datakit(&[
        "members",
        "import",
        &fixture("members_utf8.csv"),
        "--network",
        "hc-cpc",
        "--data",
        d,
    ]);
    assert!(ok);
    assert!(out.contains("row 3  合成康泰医院  ambiguous"), "{out}");
    assert!(out.contains("row 4  合成国光医院  unmatched"), "{out}");
}

#[test]
fn an_xlsx_is_read_from_its_first_sheet_or_the_one_named() {
    let (_dir, data) = data_copy();
    let d = data.to_str().unwrap();
    let (ok, out, err) = datakit(&[
        "members",
        "import",
        &fixture("members.xlsx"),
        "--network",
        "hc-cpc",
        "--data",
        d,
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("row 1  金堂县合成第三人民医院  matched  → sc-jt-hc-3"), "{out}");
    assert!(out.contains("row 2  合成誉美医院  matched  → sc-ch-hc-ym"), "{out}");
    let (ok, _, err) = datakit(&[
        "members",
        "import",
        &fixture("members.xlsx"),
        "--network",
        "hc-cpc",
        "--sheet",
        "说明",
        "--data",
        d,
    ]);
    assert!(!ok);
    assert!(err.contains("no heading says which column holds the names"), "{err}");
    let (ok, _, err) = datakit(&[
        "members",
        "import",
        &fixture("members.xlsx"),
        "--network",
        "hc-cpc",
        "--sheet",
        "无此表",
        "--data",
        d,
    ]);
    assert!(!ok);
    assert!(err.contains("has no sheet \"无此表\"; its sheets are \"名单\", \"说明\""), "{err}");
}

#[test]
fn a_tcm_hall_list_becomes_facts_once() {
    let (dir, data) = data_copy();
    let d = data.to_str().unwrap();
    let input = dir.path().join("tcm_halls.csv");
    std::fs::copy(fixture("tcm_halls.csv"), &input).unwrap();
    let before = read(&data.join("facts.csv"));
    let (ok, _, err) = datakit(&[
        "facts",
        "import",
        input.to_str().unwrap(),
        "--map",
        &fixture("tcm_halls.toml"),
        "--data",
        d,
    ]);
    assert!(ok, "{err}");
    assert_eq!(read(&data.join("facts.csv")), before, "a dry run writes nothing");
    let (ok, _, err) = datakit(&[
        "facts",
        "import",
        input.to_str().unwrap(),
        "--map",
        &fixture("tcm_halls.toml"),
        "--apply",
        "--data",
        d,
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("added 9 facts"), "{err}");
    let facts = read(&data.join("facts.csv"));
    assert!(
        facts
            .contains("cq-dz-hc-long,opening_hours,Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00,")
            || facts.contains(
                "cq-dz-hc-long,opening_hours,\"Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00\""
            ),
        "{facts}"
    );
    assert!(facts.contains("cq-dz-hc-long,features,medical_insurance,合成区卫健委 中医馆名单（synthetic fixture）,2026-11-20,"));
    let (ok, _, err) = datakit(&[
        "facts",
        "import",
        input.to_str().unwrap(),
        "--map",
        &fixture("tcm_halls.toml"),
        "--apply",
        "--data",
        d,
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("added 0 facts") && err.contains("(9 already there)"), "{err}");
    let (ok, _, err) = datakit(&["check", d]);
    assert!(ok, "{err}");
}

fn block(id: &str, field: &str, seen: &str, proposed: &str) -> String {
    engine::correction::Correction {
        facility_id: id.into(),
        field: field.into(),
        seen: seen.into(),
        proposed: proposed.into(),
        evidence: "合成医院官网（synthetic） https://example.org/contact".into(),
        date: "2026-11-21".into(),
        contact: String::new(),
    }
    .to_block()
}

#[test]
fn corrections_are_applied_all_or_none_and_a_stale_one_is_refused() {
    let (dir, data) = data_copy();
    let d = data.to_str().unwrap();
    // A mail reply: the block quoted, and wrapped by the client.
    let good = block("cq-dz-hc-ph", "phones", "023-00000001", "023-00000001; 023-00000002");
    let mail: String = format!("Subject: 寻诊更正\n\n谢谢！\n\n{good}")
        .lines()
        .map(|l| format!("> {l}\n"))
        .collect();
    let mail_path = dir.path().join("reply.eml");
    std::fs::write(&mail_path, &mail).unwrap();
    let stale = dir.path().join("stale.txt");
    std::fs::write(
        &stale,
        block("cq-dz-hc-ph", "address", "重庆市大足区合成路9号", "重庆市大足区合成路2号"),
    )
    .unwrap();
    let renamed = dir.path().join("rename.txt");
    std::fs::write(
        &renamed,
        block("sc-jt-hc-2", "name", "金堂县合成第二人民医院", "金堂县合成第二医院"),
    )
    .unwrap();
    let files_before: Vec<String> = ["facts.csv", "curated.csv", "facilities.csv"]
        .iter()
        .map(|f| read(&data.join(f)))
        .collect();

    let (ok, out, err) = datakit(&[
        "corrections",
        "apply",
        mail_path.to_str().unwrap(),
        stale.to_str().unwrap(),
        "--data",
        d,
    ]);
    assert!(!ok);
    assert!(out.contains("refused") && out.contains("stale: the reporter saw \"重庆市大足区合成路9号\", the data holds \"重庆市大足区合成路1号\" now"), "{out}");
    assert!(out.contains("ok       ") && err.contains("nothing was written"), "{out}{err}");
    let files_now: Vec<String> = ["facts.csv", "curated.csv", "facilities.csv"]
        .iter()
        .map(|f| read(&data.join(f)))
        .collect();
    assert_eq!(files_now, files_before, "all or none");

    let (ok, out, err) = datakit(&[
        "corrections",
        "apply",
        mail_path.to_str().unwrap(),
        renamed.to_str().unwrap(),
        "--data",
        d,
    ]);
    assert!(ok, "{out}{err}");
    assert!(err.contains("applied 2 correction(s)"), "{err}");
    let facts = read(&data.join("facts.csv"));
    assert!(facts.contains("cq-dz-hc-ph,phones,023-00000002,更正（2026-11-21）：合成医院官网（synthetic） https://example.org/contact,2026-11-21,https://example.org/contact"), "{facts}");
    assert!(read(&data.join("curated.csv")).contains("金堂县合成第二医院"));
    assert!(read(&data.join("facilities.csv")).contains("sc-jt-hc-2,金堂县合成第二医院"));
    // The same mail again is stale now: the data holds what it proposed.
    let (ok, out, _) = datakit(&["corrections", "apply", mail_path.to_str().unwrap(), "--data", d]);
    assert!(!ok);
    assert!(out.contains("stale"), "{out}");
    let (ok, _, err) = datakit(&["check", d]);
    assert!(ok, "{err}");
}
