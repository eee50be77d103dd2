//! Each folder under `tests/fixtures/broken/` holds source files with known
//! mistakes and `expected.txt`: exactly what `datakit check` must say about
//! them (paths relative to the folder). Every fixture is synthetic.

use std::path::Path;

#[test]
fn every_broken_fixture_gets_exactly_its_expected_messages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/broken");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "expected the whole corpus, found {cases:?}");
    for dir in cases {
        let expected = std::fs::read_to_string(dir.join("expected.txt"))
            .unwrap_or_else(|e| panic!("{}: expected.txt: {e}", dir.display()));
        let message = datakit::build::check(&dir.join("facilities.csv"))
            .expect_err(&format!("{} should not pass", dir.display()));
        let relative = message.replace(&format!("{}/", dir.display()), "");
        assert_eq!(relative.trim_end(), expected.trim_end(), "{}", dir.display());
    }
}
