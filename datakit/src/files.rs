//! Writing files so that a reader never sees half of one, and never over a
//! file the command read or a file someone else made.

use std::path::{Path, PathBuf};

/// Writes `bytes` to a unique temporary file beside `out`, then renames it into place.
pub fn write_atomically(out: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::publish::write_then_rename(out, bytes)
}

/// Rows as CSV, written by the csv crate: a field holding a comma, a quote
/// or a line break is quoted (a place name can hold any of them), the others
/// are written as they are; lines end in `\n`.
pub fn csv_bytes<Row, Field>(rows: impl IntoIterator<Item = Row>) -> Result<Vec<u8>, String>
where
    Row: IntoIterator<Item = Field>,
    Field: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).map_err(|e| format!("cannot write a CSV row: {e}"))?;
    }
    writer.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}

/// Refuses when an output is one of the inputs: writing it would destroy what is being read.
pub fn refuse_inputs(outputs: &[&Path], inputs: &[&Path]) -> Result<(), String> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    for out in outputs {
        if let Some(input) = inputs.iter().find(|i| same(out, i)) {
            return Err(format!(
                "{}: is an input of this command ({}); expected --out to name another file",
                out.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// A compiled dataset file (its magic bytes), which only datakit writes.
fn is_dataset(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.starts_with(&engine::codec::MAGIC))
}

/// Writes a command's `--out`: never over one of its inputs, and over an
/// existing file only when told to (`force`), unless the file is a compiled
/// dataset (which only datakit writes, and which is written again as a matter of course).
pub fn write_output(out: &Path, bytes: &[u8], inputs: &[&Path], force: bool) -> Result<(), String> {
    refuse_inputs(&[out], inputs)?;
    if out.is_dir() {
        return Err(format!("{}: is a folder; expected a file name", out.display()));
    }
    if out.exists() && !force && !is_dataset(out) {
        return Err(format!(
            "{}: exists; writing would replace it, so datakit does so only with --force (or name another --out); nothing was written",
            out.display()
        ));
    }
    write_atomically(out, bytes)
}

/// The data folder: the records (`facilities.csv`, `curated.csv`, facts,
/// networks, memberships), the lists' specs (`imports/`) and the reference
/// data read beside them (`boundaries/`, `places/`). Chosen once from
/// `datakit --data DIR` or `XUNZHEN_DATA`; by default the checkout's `data/`
/// this binary was built from.
pub fn data_dir() -> PathBuf {
    DATA_DIR.get().cloned().unwrap_or_else(checkout_data)
}

/// The checkout's `data/`, known at compile time: the default of [`data_dir`],
/// and where reference data is found when the chosen folder has none.
pub fn checkout_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// A folder of reference data (`boundaries`, `places`): the data folder's
/// own when it has one, else the checkout's. A keeper's folder of records
/// need not copy the country's outlines.
pub fn reference(name: &str) -> PathBuf {
    reference_in(&data_dir(), name)
}

/// [`reference`] for a given data folder.
pub fn reference_in(data: &Path, name: &str) -> PathBuf {
    let own = data.join(name);
    if own.is_dir() {
        own
    } else {
        checkout_data().join(name)
    }
}

static DATA_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Makes `dir` the data folder, once, before any command runs. Refuses a
/// path that is not a folder, naming it, so a mistyped path is never read
/// as an empty one.
pub fn use_data_dir(dir: &Path) -> Result<(), String> {
    if !dir.is_dir() {
        return Err(format!(
            "{}: not a folder (--data or XUNZHEN_DATA names the data folder: facilities.csv, imports/, places/, boundaries/)",
            dir.display()
        ));
    }
    DATA_DIR.set(dir.to_path_buf()).map_err(|_| "the data folder was already chosen".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_never_replaces_an_input_or_someone_elses_file_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("their.csv");
        std::fs::write(&theirs, "名称\n甲\n").unwrap();
        let err = write_output(&theirs, b"x", &[&theirs], true).unwrap_err();
        assert!(err.contains("their.csv: is an input of this command"), "{err}");
        assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "名称\n甲\n");
        let other = dir.path().join("memberships.csv");
        std::fs::write(&other, "network_id\n").unwrap();
        let err = write_output(&other, b"x", &[], false).unwrap_err();
        assert!(
            err.contains("exists; writing would replace it") && err.contains("--force"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "network_id\n");
        write_output(&other, b"x", &[], true).unwrap();
        assert_eq!(std::fs::read(&other).unwrap(), b"x");
        // A compiled dataset is written again without asking.
        let data = dir.path().join("synthetic.xzd");
        std::fs::write(&data, engine::codec::encode(&[], 0)).unwrap();
        write_output(&data, b"XZDSnew", &[], false).unwrap();
        let err = write_output(dir.path(), b"x", &[], true).unwrap_err();
        assert!(err.contains("is a folder"), "{err}");
        // The same file by another spelling is still the input.
        let roundabout = dir.path().join(".").join("their.csv");
        assert!(write_output(&roundabout, b"x", &[&theirs], true).is_err());
    }
}
