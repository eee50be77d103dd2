//! `datakit check` and `datakit build`.

use std::path::Path;

use engine::shards::{encode_shards, Manifest, ShardInfo, ShardLevel};
use engine::{Facility, Network, SourceList};

use crate::networks::read_networks;
use crate::source::{read_facilities_with_extras, Problem, RowExtras};

/// What a successful check found: how many facilities, and the warnings
/// (each "file:line: column: message") that do not stop a build.
#[derive(Debug)]
pub struct Checked {
    pub facilities: usize,
    pub warnings: Vec<String>,
    /// What the data says of itself that needs no fixing (a listing says it
    /// too): printed, never counted as a warning.
    pub notes: Vec<String>,
}

/// Checks the source CSVs; returns the count and warnings, or all problems
/// (then the warnings) as one message.
pub fn check(csv: &Path) -> Result<Checked, String> {
    load(csv).map(|l| Checked {
        facilities: l.facilities.len(),
        warnings: l.warnings,
        notes: l.notes,
    })
}

/// What a data folder holds, checked: its facilities, the networks joining
/// them, the public lists they came from, and the warnings.
struct Loaded {
    facilities: Vec<Facility>,
    networks: Vec<Network>,
    lists: Vec<SourceList>,
    warnings: Vec<String>,
    notes: Vec<String>,
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
    // Every service, designation and feature is a fact with its source (facts.csv beside).
    let facts_csv = dir.join("facts.csv");
    if facts_csv.exists() {
        let rows = crate::facts::read(&facts_csv, &facilities).map_err(|p| report(p, &[]))?;
        crate::facts::apply(&mut facilities, rows);
    }
    // Townships no current official list knows: said once, with a few of them.
    let former: Vec<String> = facilities
        .iter()
        .filter(|f| !f.former_township.is_empty())
        .map(|f| format!("{} ({})", f.name, f.former_township))
        .collect();
    let mut notes = Vec::new();
    if !former.is_empty() {
        notes.push(format!(
            "note: {} record(s) name a township no current official list knows (former_township; their listings say so), e.g. {}",
            former.len(),
            former.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
        ));
    }
    let uncited = crate::facts::uncited(&csv.display().to_string(), &facilities, &lines);
    if !uncited.is_empty() {
        return Err(report(uncited, &warnings));
    }
    let lists = crate::lists::spec::lists_beside(dir)?;
    let provenance = check_provenance(
        &csv.display().to_string(),
        &dir.join("imports"),
        &facilities,
        &extras,
        &lists,
    );
    if !provenance.is_empty() {
        return Err(report(provenance, &warnings));
    }
    match crate::geocheck::Places::find(dir) {
        Ok(mut places) => {
            let findings = crate::geocheck::check(
                &csv.display().to_string(),
                &mut facilities,
                &lines,
                &mut places,
            );
            warnings.extend(findings.warnings.iter().map(|w| format!("warning: {w}")));
            if !findings.errors.is_empty() {
                return Err(report(findings.errors, &warnings));
            }
            // What each record says of itself must agree (its county, name, aliases, phones).
            let places_dir = crate::files::reference_in(dir, "places");
            let gazetteer = crate::lists::place::Gazetteer::open(places.dir(), &places_dir)?;
            let exceptions =
                crate::exceptions::Exceptions::read(&dir.join("reviewed_exceptions.csv"))
                    .map_err(|p| report(p, &warnings))?;
            let found = crate::consistency::check(
                &csv.display().to_string(),
                &facilities,
                &lines,
                &gazetteer,
                &exceptions,
            );
            warnings.extend(exceptions.stale(&found.fired).iter().map(|w| format!("warning: {w}")));
            if !found.errors.is_empty() {
                return Err(report(found.errors, &warnings));
            }
            let seats = crate::places::read_seats(&places_dir.join("city_seats.csv"))?;
            warnings.extend(fill_city_codes(
                &csv.display().to_string(),
                &mut facilities,
                &lines,
                &seats,
            ));
        }
        Err(e) => warnings.push(format!(
            "warning: no boundaries ({e}); county codes and places were not checked"
        )),
    }
    let (networks_csv, memberships_csv) = (dir.join("networks.csv"), dir.join("memberships.csv"));
    let networks = match (networks_csv.exists(), memberships_csv.exists()) {
        (false, false) => Vec::new(),
        (true, true) => read_networks(&networks_csv, &memberships_csv, &facilities)
            .map_err(|p| report(p, &warnings))?,
        (present, _) => {
            let (have, missing) = if present {
                (&networks_csv, &memberships_csv)
            } else {
                (&memberships_csv, &networks_csv)
            };
            return Err(format!(
                "{} is missing: {} needs it beside it",
                missing.display(),
                have.display()
            ));
        }
    };
    Ok(Loaded { facilities, networks, lists, warnings, notes })
}

/// A record at its city's seat whose county is not known takes the city's
/// code (the seat of `places/city_seats.csv` at its point): the smallest area
/// known to hold it, so a search by its city finds it and the app lists it
/// "in 重庆市, exact place not listed" (never the seat's district, which is
/// not its county). Returns a warning for each such record at no city's seat.
fn fill_city_codes(
    file: &str,
    facilities: &mut [Facility],
    lines: &[u64],
    seats: &[crate::places::Seat],
) -> Vec<String> {
    let mut warnings = Vec::new();
    for (f, line) in facilities.iter_mut().zip(lines) {
        if f.precision != engine::LocationPrecision::CitySeat || f.county_code != 0 {
            continue;
        }
        match seats.iter().find(|s| same_point(s.point, f.point)) {
            Some(seat) => f.county_code = seat.adcode,
            None => warnings.push(format!(
                "warning: {file}:{line}: lat/lon: ({}, {}) is placed at a city's seat (city_seat) but is no city's seat in places/city_seats.csv; its city is not known, so no search by city finds it",
                f.point.lat(),
                f.point.lon()
            )),
        }
    }
    warnings
}

/// Each record's lists are described in `imports/` beside it (`imports`), and its point,
/// when a list gave it, is that list's point in WGS-84 (to 1e-6°, as the file writes it).
fn check_provenance(
    file: &str,
    imports: &Path,
    facilities: &[Facility],
    extras: &[RowExtras],
    lists: &[SourceList],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let problem = |line: u64, column: &str, message: String| Problem {
        file: file.into(),
        line,
        column: column.into(),
        message,
    };
    for (f, extra) in facilities.iter().zip(extras) {
        for id in &f.lists {
            if !lists.iter().any(|l| &l.id == id) {
                let known: Vec<&str> = lists.iter().map(|l| l.id.as_str()).collect();
                // A file checked outside data/ has no imports/ beside it: say so, not "one of" nothing.
                let message = if known.is_empty() {
                    format!(
                        "{id:?} is not described: {} holds no list descriptions (*.toml); a file that names lists needs their descriptions in an imports/ folder beside it, as data/imports/ is beside data/facilities.csv",
                        imports.display()
                    )
                } else {
                    format!(
                        "{id:?} is not described in {}; expected one of {}",
                        imports.display(),
                        known.join(", ")
                    )
                };
                problems.push(problem(extra.line, "lists", message));
            }
        }
        // A point its location_source says a list's geocoder placed is that list's point, converted.
        let placed_by = lists.iter().find(|l| {
            !l.geocoder.is_empty()
                && f.lists.contains(&l.id)
                && f.location_source.starts_with(&l.geocoder)
        });
        if let Some(list) = placed_by {
            let theirs: Vec<&crate::source::SourcePoint> =
                extra.source_points.iter().filter(|p| p.list == list.id).collect();
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

pub use crate::places::same_point;

/// Characters a synthetic trade name (字号) is drawn from: common in real
/// institutions' names, so queries meet some names and not others.
const TRADE_NAME_CHARS: &str = "康泰仁和济民安华新德福瑞祥春晖光明惠众益寿同心博爱长青健宁泽恒信诚善美佳圣天方正元宏兴隆盛达通源金玉东南西北中山海河江湖云龙凤鹤松柏竹梅兰桂林森雅慈恩佑乐欣悦嘉怡君贤杏济世百草堂";

/// Names the synthetic facilities as real ones are named, so the name
/// index meets the spread real names have: 合成 (synthetic), the county's
/// name, a two-character trade name and the kind (合成大足区康泰综合医院),
/// with their pinyin. Ids and sources still say synthetic.
fn name_like_real(facilities: &mut [engine::Facility], seats: &[crate::places::Seat], seed: u64) {
    let county: std::collections::HashMap<u32, &str> =
        seats.iter().map(|s| (s.adcode, s.name.as_str())).collect();
    let chars: Vec<char> = TRADE_NAME_CHARS.chars().collect();
    let mut rng = engine::synthetic::Lcg(seed ^ 0x6e61_6d65);
    for f in facilities {
        let mut pick = || chars[(rng.next_u64() % chars.len() as u64) as usize];
        let trade: String = [pick(), pick()].iter().collect();
        f.name = format!(
            "合成{}{trade}{}",
            county.get(&f.county_code).copied().unwrap_or_default(),
            f.kind.zh()
        );
        f.pinyin = crate::pinyin::for_names(&f.name, &f.aliases);
    }
}

/// The most facilities `datakit synth` makes: beyond it a dataset would not
/// fit a browser (and asking for more is a typing mistake, not a plan).
pub const MAX_SYNTH: usize = 20_000_000;

/// Writes a synthetic national dataset (around the county seats in
/// `seats`, known filter selectivity, every record labelled synthetic) for
/// tests and benchmarks: `out` itself, or, split at `level`, published
/// into `out`'s folder as `build` publishes.
pub fn synth(
    count: usize,
    seed: u64,
    seats: &Path,
    out: &Path,
    level: Option<ShardLevel>,
) -> Result<(), String> {
    if count == 0 || count > MAX_SYNTH {
        return Err(format!("--count {count}: expected 1 to {MAX_SYNTH} facilities"));
    }
    let seats = crate::places::read_seats(seats)?;
    let points: Vec<(u32, engine::LatLon)> = seats.iter().map(|s| (s.adcode, s.point)).collect();
    let mut facilities = engine::synthetic::national(count, seed, &points);
    name_like_real(&mut facilities, &seats, seed);
    let whole = engine::codec::encode(&facilities, 0);
    match level {
        None => crate::files::write_output(out, &whole, &[], false),
        Some(level) => {
            let shards = encode_shards(&facilities, &[], &[], level, "", 0, true)?;
            publish(out, &whole, shards, true)
        }
    }
}

/// Checks, then compiles and publishes the dataset into `out`'s folder:
/// every facility in one file named by its content (`facilities.<hash>.xzd`
/// for an `out` of `facilities.xzd`), the shards split at `level`
/// (`shards/<region>.<hash>.xzd`, or `shards/t<number>.<hash>.xzd` for
/// tiles; none: no shards), and last
/// `manifest.json`, which names them all with their sizes and hashes and is
/// what the app reads first. See [`crate::publish`]: a build that fails at
/// any step leaves the published dataset untouched, and builds into one
/// folder run one at a time.
pub fn build(csv: &Path, out: &Path, level: Option<ShardLevel>) -> Result<Checked, String> {
    let Loaded { facilities, networks, lists, warnings, notes } = load(csv)?;
    if facilities.is_empty() {
        return Err(format!(
            "{}: holds no facility; a dataset needs at least one; nothing was written",
            csv.display()
        ));
    }
    let manifest_path = out.parent().unwrap_or(Path::new(".")).join("manifest.json");
    crate::files::refuse_inputs(
        &[out, &manifest_path],
        &[csv, &csv.with_file_name("networks.csv"), &csv.with_file_name("memberships.csv")],
    )?;
    let build_time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let whole = engine::codec::encode_dataset(&facilities, &networks, &lists, build_time)?;
    let shards = match level {
        Some(level) => encode_shards(&facilities, &networks, &lists, level, "", build_time, false)?,
        None => (Manifest::new(build_time, false), Vec::new()),
    };
    publish(out, &whole, shards, false)?;
    Ok(Checked { facilities: facilities.len(), warnings, notes })
}

/// The files a manifest names.
fn manifest_names(text: &str) -> Vec<String> {
    Manifest::parse(text)
        .map(|m| {
            m.whole
                .iter()
                .chain(&m.shards)
                .chain(&m.layers)
                .chain(&m.clusters)
                .chain(&m.names)
                .map(|s| s.path.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Publishes a whole file and its shards with their manifest into `out`'s folder (see [`build`]).
fn publish(
    out: &Path,
    whole: &[u8],
    (mut manifest, files): (Manifest, Vec<Vec<u8>>),
    synthetic: bool,
) -> Result<(), String> {
    if out.is_dir() {
        return Err(format!(
            "{} is a folder; expected the dataset's file name, e.g. public/data/facilities.xzd",
            out.display()
        ));
    }
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stem = out
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| format!("{}: not a file name", out.display()))?;
    if let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) {
        Manifest::parse(&text).map_err(|e| {
            format!("{}: exists and is not a manifest datakit wrote ({e}); move it away or choose another --out", dir.join("manifest.json").display())
        })?;
    }
    let hash = |bytes: &[u8]| {
        engine::codec::decode_columns(bytes)
            .map(|(h, _, _)| h.content_hash)
            .map_err(|e| e.to_string())
    };
    let mut publisher = crate::publish::Publisher::begin(
        dir,
        "manifest.json",
        crate::publish::LOCK_WAIT,
        manifest_names,
    )?;
    let Manifest { shards, layers, clusters, names, .. } = &mut manifest;
    for (info, bytes) in shards.iter_mut().chain(layers.iter_mut()).zip(&files) {
        let stem = info.path.strip_suffix(".xzd").unwrap_or(&info.path).to_string();
        info.path = publisher.put(&format!("shards/{stem}"), "xzd", hash(bytes)?, bytes)?;
    }
    // The cluster summaries, each named by its own hash (the manifest's).
    for (info, bytes) in clusters.iter_mut().zip(files.iter().skip(shards.len() + layers.len())) {
        let hash = u64::from_str_radix(&info.hash, 16).map_err(|e| e.to_string())?;
        let stem = info.path.strip_suffix(".json").unwrap_or(&info.path).to_string();
        info.path = publisher.put(&format!("shards/{stem}"), "json", hash, bytes)?;
    }
    // The name index's buckets, likewise.
    for (info, bytes) in
        names.iter_mut().zip(files.iter().skip(shards.len() + layers.len() + clusters.len()))
    {
        let hash = u64::from_str_radix(&info.hash, 16).map_err(|e| e.to_string())?;
        let stem = info.path.strip_suffix(".txt").unwrap_or(&info.path).to_string();
        info.path = publisher.put(&format!("shards/{stem}"), "txt", hash, bytes)?;
    }
    let name = publisher.put(stem, "xzd", hash(whole)?, whole)?;
    manifest.whole = Some(ShardInfo::describe(0, name, whole)?);
    manifest.synthetic = synthetic;
    let stem = stem.to_string();
    // Ours: content-named dataset files, and the fixed names earlier builds wrote.
    let old_shard = |n: &str| {
        n.strip_prefix("shards/")
            .and_then(|f| f.strip_suffix(".xzd"))
            .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_digit()))
    };
    publisher.commit(manifest.to_json().as_bytes(), |n| {
        let content_named = crate::publish::is_content_named(n, "xzd")
            && (n.starts_with(&format!("{stem}.")) || n.starts_with("shards/"))
            || crate::publish::is_content_named(n, "json") && n.starts_with("shards/clusters-")
            || crate::publish::is_content_named(n, "txt") && n.starts_with("shards/names-");
        content_named || n == format!("{stem}.xzd") || old_shard(n)
    })?;
    Ok(())
}

/// How to split a build into shards, as the command line spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShardBy {
    None,
    Province,
    City,
    /// Tiles of at most [`TILE_FACILITIES`] facilities, split by count.
    Tiles,
}

/// The most facilities a tile holds: about 130 KB gzip at the bundled
/// data's ~68 bytes a facility, so one tile is one short download.
pub const TILE_FACILITIES: u32 = 2_000;

impl ShardBy {
    pub fn level(self) -> Option<ShardLevel> {
        match self {
            ShardBy::None => None,
            ShardBy::Province => Some(ShardLevel::Province),
            ShardBy::City => Some(ShardLevel::City),
            ShardBy::Tiles => Some(ShardLevel::Tiles(TILE_FACILITIES)),
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
    crate::query::load(&dir.path().join("manifest.json")).expect("own output decodes")
}

#[cfg(test)]
pub(crate) fn curated_csv() -> std::path::PathBuf {
    static FOLDER: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let held = FOLDER.get_or_init(|| tempfile::tempdir().expect("temporary folder"));
    static MADE: std::sync::Once = std::sync::Once::new();
    MADE.call_once(|| {
        curated_folder(held.path()).expect("the records kept by hand");
    });
    held.path().join("data/facilities.csv")
}

/// For tests: `into/data/` made of the records kept by hand
/// (`data/curated.csv`) and the facts, networks and memberships about
/// them (`data/` also holds facts and members of records the lists made);
/// returns its `facilities.csv`.
#[doc(hidden)]
pub fn curated_folder(into: &Path) -> Result<std::path::PathBuf, String> {
    let kept = crate::files::checkout_data();
    let read = |name: &str| {
        std::fs::read_to_string(kept.join(name)).map_err(|e| format!("data/{name}: {e}"))
    };
    let data = into.join("data");
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    let write = |name: &str, text: &str| {
        std::fs::write(data.join(name), text).map_err(|e| format!("{name}: {e}"))
    };
    let curated = read("curated.csv")?;
    let ids: std::collections::HashSet<&str> =
        curated.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    // Ids are the first cells of facts.csv and the second of memberships.csv: no commas in them.
    for (name, id_column) in [("facts.csv", 0), ("memberships.csv", 1)] {
        let text = read(name)?;
        let kept: Vec<&str> = text
            .lines()
            .enumerate()
            .filter(|(i, l)| {
                *i == 0 || l.split(',').nth(id_column).is_some_and(|id| ids.contains(id))
            })
            .map(|(_, l)| l)
            .collect();
        write(name, &(kept.join("\n") + "\n"))?;
    }
    write("networks.csv", &read("networks.csv")?)?;
    write("facilities.csv", &curated)?;
    Ok(data.join("facilities.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a published folder shows a visitor: the manifest, and every file it names, checked.
    fn published(dir: &Path) -> (String, Vec<(String, Vec<u8>)>) {
        let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
        let manifest = Manifest::parse(&text).unwrap();
        let files = manifest
            .whole
            .iter()
            .chain(&manifest.shards)
            .chain(&manifest.layers)
            .map(|info| {
                let bytes = std::fs::read(dir.join(&info.path))
                    .unwrap_or_else(|e| panic!("{}: {e}", info.path));
                engine::shards::open(info, &bytes).unwrap();
                (info.path.clone(), bytes)
            })
            .collect();
        (text, files)
    }

    fn journey_csv() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/journey/facilities.csv")
    }

    #[test]
    fn a_build_that_fails_at_any_step_leaves_the_published_dataset_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("facilities.xzd");
        build(&curated_csv(), &out, Some(ShardLevel::Province)).unwrap();
        let before = published(dir.path());
        // Bad input: nothing is touched.
        let csv = dir.path().join("bad.csv");
        std::fs::write(&csv, "id,name\n").unwrap();
        assert!(build(&csv, &out, Some(ShardLevel::Province)).is_err());
        assert_eq!(published(dir.path()), before);
        let files_before = crate::publish::files_under(dir.path());
        // A fault at each file operation of publishing another dataset (a full disk, a read-only
        // folder, an interrupt): before the manifest's rename, visitors see the old dataset whole.
        let mut step = 1;
        loop {
            crate::publish::FAIL_AT.with(|f| f.set(Some(step)));
            let result = build(&journey_csv(), &out, Some(ShardLevel::Province));
            crate::publish::FAIL_AT.with(|f| f.set(None));
            if result.is_ok() {
                break;
            }
            assert!(result.unwrap_err().contains("a test's fault"));
            assert_eq!(published(dir.path()), before, "after a fault at step {step}");
            // Nor is anything left behind: a full disk stays no fuller for each failed build.
            assert_eq!(crate::publish::files_under(dir.path()), files_before, "step {step}");
            let leftovers: Vec<String> = crate::publish::files_under(dir.path())
                .into_iter()
                .filter(|f| f.contains(".tmp-") || f.ends_with(".lock"))
                .collect();
            assert!(leftovers.is_empty(), "{leftovers:?}");
            step += 1;
        }
        assert!(step > 3, "publishing takes several steps: {step}");
        // The run without a fault published the new dataset whole.
        let after = published(dir.path());
        assert_ne!(after.0, before.0);
        assert_eq!(crate::query::load(&dir.path().join("manifest.json")).unwrap().len(), 7);
    }

    #[test]
    fn two_builds_at_once_publish_one_after_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("facilities.xzd");
        for _ in 0..3 {
            let (a, b) = (out.clone(), out.clone());
            let first = std::thread::spawn(move || {
                build(&curated_csv(), &a, Some(ShardLevel::Province)).map(|c| c.facilities)
            });
            let second = std::thread::spawn(move || {
                build(&journey_csv(), &b, Some(ShardLevel::Province)).map(|c| c.facilities)
            });
            let counts = (first.join().unwrap().unwrap(), second.join().unwrap().unwrap());
            assert_eq!(counts, (20, 7));
            // Whichever finished last, its manifest and every file it names agree.
            let (_, files) = published(dir.path());
            assert!(!files.is_empty());
        }
    }

    #[test]
    fn an_empty_dataset_and_a_folder_for_out_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("facilities.csv");
        std::fs::write(&csv, "id,name,kind,grade,lat,lon,location_precision,source,last_checked\n")
            .unwrap();
        let err = build(&csv, &dir.path().join("out.xzd"), None).unwrap_err();
        assert!(
            err.ends_with("holds no facility; a dataset needs at least one; nothing was written"),
            "{err}"
        );
        let err = build(&curated_csv(), dir.path(), None).unwrap_err();
        assert!(err.contains("is a folder; expected the dataset's file name"), "{err}");
        assert!(
            crate::publish::files_under(dir.path()).iter().all(|f| f == "facilities.csv"),
            "{:?}",
            crate::publish::files_under(dir.path())
        );
        // Over its own input, or over a manifest someone else wrote: refused.
        let err = build(&csv, &csv, None).unwrap_err();
        assert!(err.contains("holds no facility") || err.contains("is an input"), "{err}");
        std::fs::write(dir.path().join("manifest.json"), "{\"my\": \"notes\"}").unwrap();
        let err = build(&curated_csv(), &dir.path().join("facilities.xzd"), None).unwrap_err();
        assert!(err.contains("manifest.json: exists and is not a manifest datakit wrote"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("manifest.json")).unwrap(),
            "{\"my\": \"notes\"}"
        );
    }

    #[test]
    fn a_file_outside_data_naming_lists_says_which_imports_folder_has_no_descriptions() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("theirs.csv");
        let bundled = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/facilities.csv"),
        )
        .unwrap();
        let mut lines = bundled.lines();
        let (header, row) =
            (lines.next().unwrap(), lines.find(|l| l.contains(",tencent-fever-2020,")).unwrap());
        std::fs::write(&csv, format!("{header}\n{row}\n")).unwrap();
        let err = check(&csv).unwrap_err();
        assert!(!err.contains("expected one of \n"), "an empty list of lists: {err}");
        let imports = dir.path().join("imports");
        assert!(
            err.contains(&format!(
                "\"tencent-fever-2020\" is not described: {} holds no list descriptions",
                imports.display()
            )),
            "{err}"
        );
    }

    #[test]
    fn synth_writes_a_labelled_synthetic_dataset() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("synthetic.xzd");
        synth(2_000, 3, &crate::places::bundled_seats_path(), &out, None).unwrap();
        let dataset = engine::Dataset::from_bytes(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(dataset.len(), 2_000);
        // Around real county seats: inside China, with real county codes.
        assert!(dataset.facilities().all(|f| engine::coords::in_china_rect(f.point())
            && (110_000..830_000).contains(&f.county_code())));
        assert!(dataset
            .facilities()
            .all(|f| f.id().starts_with("synthetic-") && f.source().contains("synthetic")));
        let rare = engine::Filter {
            designations: vec![engine::Designation::ChestPainCentre],
            ..engine::Filter::all()
        };
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
        let manifest =
            Manifest::parse(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap())
                .unwrap();
        assert_eq!(manifest.total_count(), count as u64);
        assert!(
            manifest.shards.iter().any(|s| s.region == 500000)
                && manifest.shards.iter().any(|s| s.region == 510000)
        );
        assert!(!stale.exists());
        // Every shard loads against the manifest, and together they hold every facility and both networks.
        let mut set = engine::ShardSet::new(manifest.clone());
        for (i, s) in manifest.shards.iter().enumerate() {
            set.insert(i, &std::fs::read(dir.path().join(&s.path)).unwrap()).unwrap();
        }
        let whole = curated_dataset();
        for n in whole.networks() {
            let members = set.members(&n.id);
            assert!(members.is_complete(), "{}", n.id);
            assert_eq!(members.results.len(), n.members.len(), "{}", n.id);
        }
        // The cluster summary is published under its hash and counts every facility.
        let summary = &manifest.clusters[0];
        assert!(
            crate::publish::is_content_named(&summary.path, "json")
                && summary.path.starts_with("shards/clusters-z5."),
            "{}",
            summary.path
        );
        set.insert(
            manifest.shards.len() + manifest.layers.len(),
            &std::fs::read(dir.path().join(&summary.path)).unwrap(),
        )
        .unwrap();
        let clusters = set.clusters(engine::LatLonBox::WORLD, 2, &engine::Filter::all());
        assert_eq!(clusters.results.iter().map(|c| c.count).sum::<usize>(), count);
        let here = engine::LatLon::new(30.0, 105.0).unwrap();
        let partial = set.nearest(here, 100, &engine::Filter::all());
        assert!(partial.is_complete());
        assert_eq!(partial.results.len(), whole.len());
        // The name index is published under its hashes, and a name search anywhere loads it and finds the facility.
        assert!(!manifest.names.is_empty());
        let mut fresh = engine::ShardSet::new(manifest.clone());
        let name = whole.get(0).unwrap().name().to_string();
        for _ in 0..2 {
            for i in fresh.search(&name, None, 5, &engine::Filter::all()).missing {
                let path = &fresh.file(i).unwrap().path;
                assert!(
                    i < manifest.shards.len()
                        || crate::publish::is_content_named(path, "txt")
                            && path.starts_with("shards/names-"),
                    "{path}"
                );
                fresh.insert(i, &std::fs::read(dir.path().join(path)).unwrap()).unwrap();
            }
        }
        let found = fresh.search(&name, None, 5, &engine::Filter::all());
        assert!(found.is_complete() && found.results[0].facility.name() == name, "{name}");
        // The manifest names the whole file too, named by its content, and the file passes its check.
        let whole_path = &manifest.whole.as_ref().unwrap().path;
        assert!(
            crate::publish::is_content_named(whole_path, "xzd")
                && whole_path.starts_with("facilities."),
            "{whole_path}"
        );
        assert_eq!(
            engine::shards::open(
                manifest.whole().unwrap(),
                &std::fs::read(dir.path().join(whole_path)).unwrap()
            )
            .unwrap()
            .len(),
            count
        );
        // The same data again: the same names, nothing rewritten.
        build(&curated_csv(), &out, Some(ShardLevel::Province)).unwrap();
        let again =
            Manifest::parse(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap())
                .unwrap();
        assert_eq!(again.whole.as_ref().unwrap().path, *whole_path);
    }

    #[test]
    fn without_shards_the_manifest_names_the_whole_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("journey.xzd");
        build(&curated_csv(), &out, None).unwrap();
        let manifest =
            Manifest::parse(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap())
                .unwrap();
        assert!(manifest.shards.is_empty());
        let path = &manifest.whole.as_ref().unwrap().path;
        assert!(
            path.starts_with("journey.") && crate::publish::is_content_named(path, "xzd"),
            "{path}"
        );
        engine::shards::open(
            manifest.whole().unwrap(),
            &std::fs::read(dir.path().join(path)).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn a_record_known_only_at_its_city_seat_takes_the_city_code_never_the_district() {
        use engine::{LatLon, LocationPrecision};
        let seats = crate::places::read_seats(&crate::places::bundled_city_seats_path()).unwrap();
        let record = |id: &str, lat: f64, lon: f64, precision| Facility {
            precision,
            ..Facility::new(
                id,
                "合成医院",
                engine::FacilityKind::General,
                LatLon::new(lat, lon).unwrap(),
            )
        };
        let mut rows = [
            record("chongqing", 29.565689, 106.547918, LocationPrecision::CitySeat),
            record("chengdu", 30.575350, 104.064293, LocationPrecision::CitySeat),
            record("nowhere", 30.0, 104.0, LocationPrecision::CitySeat),
            record("county", 29.565689, 106.547918, LocationPrecision::CountySeat),
        ];
        let warnings = fill_city_codes("f.csv", &mut rows, &[2, 3, 4, 5], &seats);
        let codes: Vec<u32> = rows.iter().map(|f| f.county_code).collect();
        assert_eq!(codes, [500000, 510100, 0, 0], "the city, not 渝中区 500103; others untouched");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0]
            .starts_with("warning: f.csv:4: lat/lon: (30, 104) is placed at a city's seat"));
    }

    #[test]
    fn curated_data_builds_and_decodes() {
        let csv = curated_csv();
        let dataset = curated_dataset();
        let checked = check(&csv).unwrap();
        assert_eq!(dataset.len(), checked.facilities);
        assert_eq!(checked.warnings, Vec::<String>::new());
        assert!(dataset.facilities().any(|f| f.name() == "四川大学华西医院"));
        assert_eq!(dataset.networks().len(), 24, "20, and the 4 of the news member lists");
        // Every county code agrees with the boundaries (check fails otherwise) and none is missing.
        assert!(dataset.facilities().all(|f| f.county_code() != 0));
    }
}
