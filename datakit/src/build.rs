//! `datakit check` and `datakit build`.

use std::path::Path;

use engine::{Facility, Network};

use crate::networks::read_networks;
use crate::source::read_facilities;

/// Checks the source CSVs; returns the facility count or all problems as one message.
pub fn check(csv: &Path) -> Result<usize, String> {
    load(csv).map(|(f, _)| f.len())
}

/// Facilities, and the networks from `networks.csv` and `memberships.csv`
/// beside them (both or neither).
fn load(csv: &Path) -> Result<(Vec<Facility>, Vec<Network>), String> {
    let report = |problems: Vec<crate::source::Problem>| {
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        format!("{}\n{} problem(s); nothing was written", lines.join("\n"), problems.len())
    };
    let facilities = read_facilities(csv).map_err(report)?;
    let dir = csv.parent().unwrap_or(Path::new("."));
    let (networks_csv, memberships_csv) = (dir.join("networks.csv"), dir.join("memberships.csv"));
    let networks = match (networks_csv.exists(), memberships_csv.exists()) {
        (false, false) => Vec::new(),
        (true, true) => read_networks(&networks_csv, &memberships_csv, &facilities).map_err(report)?,
        (present, _) => {
            let (have, missing) = if present { (&networks_csv, &memberships_csv) } else { (&memberships_csv, &networks_csv) };
            return Err(format!("{} is missing: {} needs it beside it", missing.display(), have.display()));
        }
    };
    Ok((facilities, networks))
}

/// Writes a synthetic national dataset (around the county seats in
/// `seats`, known filter selectivity, every record labelled synthetic) for
/// tests and benchmarks.
pub fn synth(count: usize, seed: u64, seats: &Path, out: &Path) -> Result<(), String> {
    let seats: Vec<(u32, engine::LatLon)> = crate::places::read_seats(seats)?.into_iter().map(|s| (s.adcode, s.point)).collect();
    let facilities = engine::synthetic::national(count, seed, &seats);
    write_atomically(out, &engine::codec::encode(&facilities, 0))
}

/// Checks, then compiles the dataset. Writes to a temporary file and renames
/// it into place, so a failed build leaves the previous dataset untouched.
pub fn build(csv: &Path, out: &Path) -> Result<usize, String> {
    let (facilities, networks) = load(csv)?;
    let build_time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    write_atomically(out, &engine::codec::encode_with_networks(&facilities, &networks, build_time)?)?;
    Ok(facilities.len())
}

fn write_atomically(out: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    }
    let tmp = out.with_extension("xzd.tmp");
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: cannot write: {e}", tmp.display()))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("{}: cannot replace: {e}", out.display()))
}

/// The bundled `data/` compiled into a fresh dataset, for tests.
#[cfg(test)]
pub(crate) fn bundled_dataset() -> engine::Dataset {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("facilities.xzd");
    build(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/facilities.csv"), &out).expect("bundled data builds");
    engine::Dataset::from_bytes(&std::fs::read(&out).expect("just written")).expect("own output decodes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_build_keeps_the_previous_dataset() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("facilities.xzd");
        std::fs::write(&out, b"previous").unwrap();
        let csv = dir.path().join("bad.csv");
        std::fs::write(&csv, "id,name\n").unwrap();
        assert!(build(&csv, &out).is_err());
        assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    }

    #[test]
    fn synth_writes_a_labelled_synthetic_dataset() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("synthetic.xzd");
        synth(2_000, 3, &crate::places::bundled_seats_path(), &out).unwrap();
        let dataset = engine::Dataset::from_bytes(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(dataset.len(), 2_000);
        // Around real county seats: inside China, with real county codes.
        assert!(dataset.facilities().all(|f| engine::coords::in_china_rect(f.point()) && (110_000..830_000).contains(&f.county_code())));
        assert!(dataset.facilities().all(|f| f.id().starts_with("synthetic-") && f.source().contains("synthetic")));
        let rare = engine::Filter { designations: vec![engine::Designation::ChestPainCentre], ..engine::Filter::all() };
        assert_eq!(dataset.facilities().filter(|f| rare.matches(&f.to_facility())).count(), 2);
    }

    #[test]
    fn bundled_data_builds_and_decodes() {
        let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/facilities.csv");
        let dataset = bundled_dataset();
        assert_eq!(dataset.len(), check(&csv).unwrap());
        assert!(dataset.facilities().any(|f| f.name() == "四川大学华西医院"));
        assert_eq!(dataset.networks().len(), 2);
    }
}
