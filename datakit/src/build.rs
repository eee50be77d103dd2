//! `datakit check` and `datakit build`.

use std::path::{Path, PathBuf};

use engine::shards::{encode_shards, Manifest, ShardInfo, ShardLevel};
use engine::{Facility, Network, SourceList};

use crate::files::write_atomically;
use crate::networks::read_networks;
use crate::source::{read_facilities_with_extras, Problem, RowExtras};

/// What a successful check found: how many facilities, and the warnings
/// (each "file:line: column: message") that do not stop a build.
#[derive(Debug)]
pub struct Checked {
    pub facilities: usize,
    pub warnings: Vec<String>,
}

/// Checks the source CSVs; returns the count and warnings, or all problems
/// (then the warnings) as one message.
pub fn check(csv: &Path) -> Result<Checked, String> {
    load(csv).map(|l| Checked { facilities: l.facilities.len(), warnings: l.warnings })
}

/// What a data folder holds, checked: its facilities, the networks joining
/// them, the public lists they came from, and the warnings.
struct Loaded {
    facilities: Vec<Facility>,
    networks: Vec<Network>,
    lists: Vec<SourceList>,
    warnings: Vec<String>,
}

/// Facilities, and the networks from `networks.csv` and `memberships.csv`
/// beside them (both or neither), checked against the boundaries.
fn load(csv: &Path) -> Result<Loaded, String> {
    let mut warnings: Vec<String> = Vec::new();
    let report = |problems: Vec<Problem>, warnings: &[String]| {
        let mut lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        lines.extend(warnings.iter().cloned());
        format!("{}\n{} problem(s); nothing was written", lines.join("\n"), problems.len())
    };
    let (mut facilities, extras) = read_facilities_with_extras(csv).map_err(|p| report(p, &[]))?;
    let lines: Vec<u64> = extras.iter().map(|e| e.line).collect();
    let dir = csv.parent().unwrap_or(Path::new("."));
    let lists = crate::lists::spec::lists_beside(dir)?;
    let provenance = check_provenance(&csv.display().to_string(), &facilities, &extras, &lists);
    if !provenance.is_empty() {
        return Err(report(provenance, &warnings));
    }
    match crate::geocheck::Places::find(dir) {
        Ok(mut places) => {
            let findings = crate::geocheck::check(&csv.display().to_string(), &mut facilities, &lines, &mut places);
            warnings.extend(findings.warnings.iter().map(|w| format!("warning: {w}")));
            if !findings.errors.is_empty() {
                return Err(report(findings.errors, &warnings));
            }
        }
        Err(e) => warnings.push(format!("warning: no boundaries ({e}); county codes and places were not checked")),
    }
    let (networks_csv, memberships_csv) = (dir.join("networks.csv"), dir.join("memberships.csv"));
    let networks = match (networks_csv.exists(), memberships_csv.exists()) {
        (false, false) => Vec::new(),
        (true, true) => read_networks(&networks_csv, &memberships_csv, &facilities).map_err(|p| report(p, &warnings))?,
        (present, _) => {
            let (have, missing) = if present { (&networks_csv, &memberships_csv) } else { (&memberships_csv, &networks_csv) };
            return Err(format!("{} is missing: {} needs it beside it", missing.display(), have.display()));
        }
    };
    Ok(Loaded { facilities, networks, lists, warnings })
}

/// Each record's lists are described in `imports/` beside it, and its point,
/// when a list gave it, is that list's point in WGS-84 (to 1e-6°, as the file writes it).
fn check_provenance(file: &str, facilities: &[Facility], extras: &[RowExtras], lists: &[SourceList]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let problem = |line: u64, column: &str, message: String| Problem { file: file.into(), line, column: column.into(), message };
    for (f, extra) in facilities.iter().zip(extras) {
        for id in &f.lists {
            if !lists.iter().any(|l| &l.id == id) {
                let known: Vec<&str> = lists.iter().map(|l| l.id.as_str()).collect();
                problems.push(problem(extra.line, "lists", format!("{id:?} is not described in imports/; expected one of {}", known.join(", "))));
            }
        }
        // A point its location_source says a list's geocoder placed is that list's point, converted.
        let placed_by = lists.iter().find(|l| !l.geocoder.is_empty() && f.lists.contains(&l.id) && f.location_source.starts_with(&l.geocoder));
        if let Some(list) = placed_by {
            let theirs: Vec<&crate::source::SourcePoint> = extra.source_points.iter().filter(|p| p.list == list.id).collect();
            if !theirs.iter().any(|p| same_point(p.wgs84(), f.point)) {
                let given: Vec<String> = theirs.iter().map(|p| p.to_string()).collect();
                problems.push(problem(
                    extra.line,
                    "lat/lon",
                    format!(
                        "({}, {}) is not the point {} gave ({}); expected that point converted to WGS-84",
                        f.point.lat(),
                        f.point.lon(),
                        list.id,
                        if given.is_empty() { "none in source_points".to_string() } else { given.join("; ") }
                    ),
                ));
            }
        }
    }
    problems
}

/// Equal as `facilities.csv` writes points (six decimals).
pub fn same_point(a: engine::LatLon, b: engine::LatLon) -> bool {
    (a.lat() - b.lat()).abs() < 0.6e-6 && (a.lon() - b.lon()).abs() < 0.6e-6
}

/// Writes a synthetic national dataset (around the county seats in
/// `seats`, known filter selectivity, every record labelled synthetic) for
/// tests and benchmarks.
pub fn synth(count: usize, seed: u64, seats: &Path, out: &Path, level: Option<ShardLevel>) -> Result<(), String> {
    let seats: Vec<(u32, engine::LatLon)> = crate::places::read_seats(seats)?.into_iter().map(|s| (s.adcode, s.point)).collect();
    let facilities = engine::synthetic::national(count, seed, &seats);
    write_atomically(out, &engine::codec::encode(&facilities, 0))?;
    if let Some(level) = level {
        let (manifest, files) = encode_shards(&facilities, &[], &[], level, "shards/", 0, true)?;
        write_shards(out.parent().unwrap_or(Path::new(".")), &manifest, &files)?;
    }
    Ok(())
}

/// Checks, then compiles the dataset: `out` (every facility in one file)
/// and, beside it, `manifest.json` naming it with its hash (the app loads
/// the manifest first) and `shards/<region>.xzd` split at `level` (none: no
/// shards). Every file goes to a temporary name first and
/// is renamed into place, the manifest last, so a failed build leaves the
/// previous dataset untouched and the manifest never names a missing shard.
pub fn build(csv: &Path, out: &Path, level: Option<ShardLevel>) -> Result<Checked, String> {
    let Loaded { facilities, networks, lists, warnings } = load(csv)?;
    let build_time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let whole = engine::codec::encode_dataset(&facilities, &networks, &lists, build_time)?;
    let (mut manifest, files) = match level {
        Some(level) => encode_shards(&facilities, &networks, &lists, level, "shards/", build_time, false)?,
        None => (Manifest::new(build_time, false), Vec::new()),
    };
    let name = out.file_name().and_then(|n| n.to_str()).ok_or_else(|| format!("{}: not a file name", out.display()))?;
    manifest.whole = Some(ShardInfo::describe(0, name.to_string(), &whole)?);
    write_atomically(out, &whole)?;
    write_shards(out.parent().unwrap_or(Path::new(".")), &manifest, &files)?;
    Ok(Checked { facilities: facilities.len(), warnings })
}

/// Writes shard files, then the manifest naming them, then removes shard
/// files the manifest no longer names.
pub fn write_shards(dir: &Path, manifest: &Manifest, files: &[Vec<u8>]) -> Result<(), String> {
    for (info, bytes) in manifest.shards.iter().zip(files) {
        write_atomically(&dir.join(&info.path), bytes)?;
    }
    write_atomically(&dir.join("manifest.json"), manifest.to_json().as_bytes())?;
    let listed: std::collections::HashSet<PathBuf> = manifest.shards.iter().map(|s| dir.join(&s.path)).collect();
    let shard_dir = dir.join("shards");
    if let Ok(entries) = std::fs::read_dir(&shard_dir) {
        for path in entries.flatten().map(|e| e.path()) {
            if path.extension().is_some_and(|e| e == "xzd") && !listed.contains(&path) {
                std::fs::remove_file(&path).map_err(|e| format!("{}: cannot remove stale shard: {e}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// How to split a build into shards, as the command line spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShardBy {
    None,
    Province,
    City,
}

impl ShardBy {
    pub fn level(self) -> Option<ShardLevel> {
        match self {
            ShardBy::None => None,
            ShardBy::Province => Some(ShardLevel::Province),
            ShardBy::City => Some(ShardLevel::City),
        }
    }
}

/// The records kept by hand (`data/curated.csv`, with the networks beside
/// it) compiled into a fresh dataset: a small, stable set for tests of how
/// things work. Tests of the bundled lists' data are in `tests/bundled_data.rs`.
#[cfg(test)]
pub(crate) fn curated_dataset() -> engine::Dataset {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("facilities.xzd");
    build(&curated_csv(), &out, None).expect("the records kept by hand build");
    engine::Dataset::from_bytes(&std::fs::read(&out).expect("just written")).expect("own output decodes")
}

#[cfg(test)]
pub(crate) fn curated_csv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/curated.csv")
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
        assert!(build(&csv, &out, Some(ShardLevel::Province)).is_err());
        assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    }

    #[test]
    fn synth_writes_a_labelled_synthetic_dataset() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("synthetic.xzd");
        synth(2_000, 3, &crate::places::bundled_seats_path(), &out, None).unwrap();
        let dataset = engine::Dataset::from_bytes(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(dataset.len(), 2_000);
        // Around real county seats: inside China, with real county codes.
        assert!(dataset.facilities().all(|f| engine::coords::in_china_rect(f.point()) && (110_000..830_000).contains(&f.county_code())));
        assert!(dataset.facilities().all(|f| f.id().starts_with("synthetic-") && f.source().contains("synthetic")));
        let rare = engine::Filter { designations: vec![engine::Designation::ChestPainCentre], ..engine::Filter::all() };
        assert_eq!(dataset.facilities().filter(|f| rare.matches(&f.to_facility())).count(), 2);
    }

    #[test]
    fn build_writes_shards_a_manifest_and_drops_stale_shards() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("facilities.xzd");
        let stale = dir.path().join("shards/990000.xzd");
        std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
        std::fs::write(&stale, b"old").unwrap();
        let count = build(&curated_csv(), &out, Some(ShardLevel::Province)).unwrap().facilities;
        let manifest = Manifest::parse(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest.total_count(), count as u64);
        assert!(manifest.shards.iter().any(|s| s.region == 500000) && manifest.shards.iter().any(|s| s.region == 510000));
        assert!(!stale.exists());
        // Every shard loads against the manifest, and together they hold every facility and both networks.
        let mut set = engine::ShardSet::new(manifest.clone());
        for (i, s) in manifest.shards.iter().enumerate() {
            set.insert(i, &std::fs::read(dir.path().join(&s.path)).unwrap()).unwrap();
        }
        let whole = curated_dataset();
        for n in whole.networks() {
            assert_eq!(set.members(&n.id).len(), n.members.len(), "{}", n.id);
        }
        let here = engine::LatLon::new(30.0, 105.0).unwrap();
        let partial = set.nearest(here, 100, &engine::Filter::all());
        assert!(partial.is_complete());
        assert_eq!(partial.results.len(), whole.len());
        // The manifest names the whole file too, and the file passes its check.
        assert_eq!(manifest.whole_dataset(&std::fs::read(&out).unwrap()).unwrap().len(), count);
        assert_eq!(manifest.whole.as_ref().unwrap().path, "facilities.xzd");
    }

    #[test]
    fn without_shards_the_manifest_names_the_whole_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("journey.xzd");
        build(&curated_csv(), &out, None).unwrap();
        let manifest = Manifest::parse(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap()).unwrap();
        assert!(manifest.shards.is_empty());
        assert_eq!(manifest.whole.as_ref().unwrap().path, "journey.xzd");
        manifest.whole_dataset(&std::fs::read(&out).unwrap()).unwrap();
    }

    #[test]
    fn curated_data_builds_and_decodes() {
        let csv = curated_csv();
        let dataset = curated_dataset();
        let checked = check(&csv).unwrap();
        assert_eq!(dataset.len(), checked.facilities);
        assert_eq!(checked.warnings, Vec::<String>::new());
        assert!(dataset.facilities().any(|f| f.name() == "四川大学华西医院"));
        assert_eq!(dataset.networks().len(), 20);
        // Every county code agrees with the boundaries (check fails otherwise) and none is missing.
        assert!(dataset.facilities().all(|f| f.county_code() != 0));
    }
}
