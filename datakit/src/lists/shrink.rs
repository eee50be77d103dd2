//! A list cut short must not take its records out of `data/facilities.csv`
//! unseen. The 新都 list once arrived at 60 % of its rows: the import exited
//! 0 and seven institutions left the map.
//!
//! Before `datakit import` replaces `facilities.csv`, it counts the records
//! that name each list there (the `lists` column) and in what it is about to
//! write. A list still described in `imports/` that names more than
//! [`MAY_LOSE`] fewer records than before is refused, naming the list, both
//! counts and every record that would leave it, unless the keeper says
//! `--accept-shrink`; then the same is reported and the file is written.
//!
//! Why 5 %: the same lists always import to the same records (the tests
//! require the same bytes), so a loss comes from a list's file, and there a
//! new edition drops the few institutions that closed or merged while a file
//! cut short drops a whole tail (40 % in the 新都 case). Five in a hundred lets
//! a large list's routine closures through and stops any truncation; on a
//! list of fewer than twenty records, any loss asks the keeper.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use engine::Facility;

/// The share of a list's previous records it may lose without the keeper saying so.
pub const MAY_LOSE: f64 = 0.05;

/// A list that names fewer records than in the previous import.
#[derive(Clone, Debug, PartialEq)]
pub struct Shrunk {
    pub list: String,
    /// Records naming it before, and in this import.
    pub before: usize,
    pub after: usize,
    /// The records (id, name) that named it before and do not now.
    pub left: Vec<(String, String)>,
}

impl Shrunk {
    /// Whether it lost more than [`MAY_LOSE`] of its records.
    pub fn beyond_threshold(&self) -> bool {
        self.before.saturating_sub(self.after) as f64 > MAY_LOSE * self.before as f64
    }

    /// One line per list, then one per record that left it.
    pub fn lines(&self) -> Vec<String> {
        let lost = self.before - self.after.min(self.before);
        let share = 100.0 * lost as f64 / self.before.max(1) as f64;
        let mut lines = vec![format!(
            "{}: {} records named it in the previous facilities.csv, {} now ({share:.0} % fewer); these no longer name it:",
            self.list, self.before, self.after
        )];
        lines.extend(self.left.iter().map(|(id, name)| format!("  {id} {name}")));
        lines
    }
}

/// Each list described in `imports/` (`described`) whose records in
/// `previous` (the `facilities.csv` about to be replaced) are fewer in
/// `next`; none when there is no previous file.
pub fn shrunk(
    previous: &Path,
    next: &[Facility],
    described: &BTreeSet<String>,
) -> Result<Vec<Shrunk>, String> {
    if !previous.exists() {
        return Ok(Vec::new());
    }
    let unreadable = |e: &dyn std::fmt::Display| {
        format!("{}: cannot be read to compare with this import ({e}); move it away, or run again with --accept-shrink to replace it", previous.display())
    };
    let mut reader = csv::Reader::from_path(previous).map_err(|e| unreadable(&e))?;
    let headers = reader.headers().map_err(|e| unreadable(&e))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| unreadable(&format!("no {name} column")))
    };
    let (id_at, name_at, lists_at) = (column("id")?, column("name")?, column("lists")?);
    // Before: each list's records, by id, with their names.
    let mut before: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| unreadable(&e))?;
        let cell = |at: usize| row.get(at).unwrap_or("").trim().to_string();
        for list in cell(lists_at).split(';').map(str::trim).filter(|l| described.contains(*l)) {
            before.entry(list.to_string()).or_default().insert(cell(id_at), cell(name_at));
        }
    }
    let mut after: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in next {
        for list in &f.lists {
            after.entry(list.as_str()).or_default().insert(f.id.as_str());
        }
    }
    let none = BTreeSet::new();
    Ok(before
        .into_iter()
        .filter_map(|(list, records)| {
            let now = after.get(list.as_str()).unwrap_or(&none);
            let left: Vec<(String, String)> = records
                .iter()
                .filter(|(id, _)| !now.contains(id.as_str()))
                .map(|(id, name)| (id.clone(), name.clone()))
                .collect();
            let shrunk = Shrunk { before: records.len(), after: now.len(), left, list };
            (shrunk.after < shrunk.before).then_some(shrunk)
        })
        .collect())
}

/// The import's check: `Err` when a list lost more than [`MAY_LOSE`] of
/// its records and the keeper did not accept it; else the lines naming
/// every list that shrank at all, and what left it (empty when none did).
pub fn check(data: &Path, next: &[Facility], accept: bool) -> Result<Vec<String>, String> {
    let described: BTreeSet<String> =
        super::spec::read_all(&data.join("imports"))?.into_iter().map(|s| s.list.id).collect();
    let previous = data.join("facilities.csv");
    let shrunk = match shrunk(&previous, next, &described) {
        Err(_) if accept => Vec::new(),
        other => other?,
    };
    let lines: Vec<String> = shrunk.iter().flat_map(Shrunk::lines).collect();
    if !accept && shrunk.iter().any(Shrunk::beyond_threshold) {
        return Err(format!(
            "{}\na list names fewer records than in {} (more than {:.0} % fewer: cut short, or read wrong?); nothing was written. If the list really is shorter now, run again with --accept-shrink",
            lines.join("\n"),
            previous.display(),
            MAY_LOSE * 100.0
        ));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threshold_is_a_share_of_the_previous_count() {
        let of = |before, after| Shrunk { list: "l".into(), before, after, left: Vec::new() };
        assert!(!of(100, 95).beyond_threshold(), "5 of 100 may go");
        assert!(of(100, 94).beyond_threshold());
        assert!(of(19, 18).beyond_threshold(), "a small list may lose none unasked");
        assert!(!of(20, 19).beyond_threshold());
        assert!(!of(3, 3).beyond_threshold() && !of(3, 5).beyond_threshold());
    }
}
