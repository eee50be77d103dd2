//! `datakit import`: the public lists in `data/imports/*.toml` and the
//! records kept by hand in `data/curated.csv`, made into one
//! `data/facilities.csv` (one record per institution, each naming every
//! source) and `data/IMPORT_REPORT.md`.
//!
//! A row goes through: reading (its list's format), judging (is it a place
//! of care, which institution does it name: [`names`]), placing (its county,
//! its point: [`place`]), then merging with every other row and record of the
//! same institution ([`merge`]). The same files always give the same bytes.

pub mod english;
pub mod gather;
pub mod ids;
pub mod merge;
pub mod names;
pub mod phones;
pub mod place;
pub mod read;
pub mod report;
pub mod same;
pub mod shrink;
pub mod spec;
pub mod townlists;

use std::path::Path;

use engine::Facility;

use gather::run;
use place::Gazetteer;

/// What `datakit import` wrote.
#[derive(Debug)]
pub struct Written {
    pub records: usize,
    pub conflicts: usize,
    pub unplaced: usize,
    /// Each list that names fewer records than the previous `facilities.csv` did, and the records that left it ([`shrink`]).
    pub left: Vec<String>,
}

/// `datakit import`: every list of `<data>/imports` read from `sources`,
/// merged with `<data>/curated.csv`, written to `<data>/facilities.csv` and
/// `<data>/IMPORT_REPORT.md`.
pub fn import(sources: &Path, data: &Path) -> Result<Written, String> {
    import_checked(sources, data, false)
}

/// As [`import`], writing even when a list lost more than [`shrink::MAY_LOSE`] of its records (`--accept-shrink`).
pub fn import_accepting_shrink(sources: &Path, data: &Path) -> Result<Written, String> {
    import_checked(sources, data, true)
}

fn import_checked(sources: &Path, data: &Path, accept_shrink: bool) -> Result<Written, String> {
    let specs = spec::read_all(&data.join("imports"))?;
    let curated_csv = data.join("curated.csv");
    let (mut curated, extras) =
        crate::source::read_facilities_with_extras(&curated_csv).map_err(|problems| {
            problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
                + "\nthe records kept by hand have problems; nothing was written"
        })?;
    // A data folder without its own boundaries or places uses the bundled ones.
    let mut gazetteer = Gazetteer::open(
        &crate::files::reference_in(data, "boundaries"),
        &crate::files::reference_in(data, "places"),
    )?;
    let (mut current, mut spelled, mut former) = (Vec::new(), Vec::new(), Vec::new());
    for list in townlists::specs(&data.join("imports").join("gazetteers"))? {
        let pairs = townlists::read(&list, sources)?;
        match list.role {
            townlists::Role::Current => current.extend(pairs),
            townlists::Role::CurrentSpelling => spelled.extend(pairs),
            townlists::Role::Former => former.extend(pairs),
        }
    }
    let still_there: Vec<(u32, String)> = current.iter().cloned().chain(spelled).collect();
    let former = townlists::Former::new(&still_there, &former);
    gazetteer.add_official_townships(current);
    let lines: Vec<u64> = extras.iter().map(|e| e.line).collect();
    let findings = crate::geocheck::check(
        &curated_csv.display().to_string(),
        &mut curated,
        &lines,
        &mut gazetteer.places,
    );
    if !findings.errors.is_empty() {
        let errors: Vec<String> = findings.errors.iter().map(ToString::to_string).collect();
        return Err(format!(
            "{}\nthe records kept by hand have problems; nothing was written",
            errors.join("\n")
        ));
    }
    let reviewed = same::read(&data.join("imports").join("same_institutions.csv"))?;
    let mut outcome = run(sources, specs, curated, &reviewed, &mut gazetteer)?;
    // A township centre named after a township merged away since (四川 2019–2020) says so.
    for m in &mut outcome.merging.records {
        let f = &mut m.facility;
        if f.kind.is_primary_care() {
            f.former_township = former.in_name(f.county_code, &f.name).unwrap_or_default().into();
        }
    }
    // A record's name is its best: one that says its place over a bare one
    // (第四人民医院 / 蚌埠市第四人民医院), the full spelling over a dropped character.
    for m in outcome.merging.records.iter_mut().filter(|m| !m.curated) {
        let f = &mut m.facility;
        let better = f.aliases.iter().position(|a| {
            (names::lacks_its_place(&f.name) && !names::lacks_its_place(a))
                || (f.name.contains("中西结合") && *a == f.name.replace("中西结合", "中西医结合"))
        });
        if let Some(i) = better {
            let name = std::mem::replace(&mut f.aliases[i], std::mem::take(&mut f.name));
            f.name = name;
        }
    }
    // A list's row named only by its kind (妇幼保健院 in a district's row) that no
    // institution of its county took in: which institution it is cannot be told.
    let (placeless, records): (Vec<merge::Merged>, Vec<merge::Merged>) =
        std::mem::take(&mut outcome.merging.records)
            .into_iter()
            .partition(|m| !m.curated && names::lacks_its_place(&m.facility.name));
    outcome.merging.records = records;
    outcome.placeless = placeless
        .iter()
        .map(|m| {
            format!("`{}` {} ({})", m.facility.id, m.facility.name, m.facility.lists.join("; "))
        })
        .collect();
    // A record keeps the id a link may name, while its county and name are the same.
    let kept = ids::keep_previous(&data.join("facilities.csv"), &mut outcome.merging.records)?;
    for c in &mut outcome.merging.conflicts {
        if let Some(id) = kept.renamed.get(&c.id) {
            c.id = id.clone();
        }
    }
    outcome.merging.conflicts.sort_by(|a, b| a.id.cmp(&b.id));
    outcome.ids_kept = kept.lines;
    let bytes = facilities_csv(&outcome.merging.records);
    let facilities: Vec<Facility> =
        outcome.merging.records.iter().map(|m| m.facility.clone()).collect();
    let report = report::render(&outcome, &bytes, &facilities);
    let left = shrink::check(data, &facilities, accept_shrink)?;
    crate::files::write_atomically(&data.join("facilities.csv"), &bytes)?;
    crate::files::write_atomically(&data.join("IMPORT_REPORT.md"), report.as_bytes())?;
    Ok(Written {
        records: facilities.len(),
        conflicts: outcome.merging.conflicts.len(),
        unplaced: outcome.stats.iter().map(|s| s.unplaced.len()).sum(),
        left,
    })
}

/// The merged records as `facilities.csv`, with each record's `source_points`.
pub fn facilities_csv(records: &[merge::Merged]) -> Vec<u8> {
    let header = engine::export::header();
    let points_at = header.iter().position(|c| *c == "source_points");
    let mut text = engine::export::csv_line(&header);
    for m in records {
        let mut fields = engine::export::record(&m.facility);
        if let Some(i) = points_at {
            fields[i] =
                m.source_points.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        }
        text.push_str(&engine::export::csv_line(&fields));
    }
    text.into_bytes()
}
