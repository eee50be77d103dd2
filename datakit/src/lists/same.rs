//! Names a keeper has reviewed as one institution's
//! (`data/imports/same_institutions.csv`): a short form (成大附院), an old name
//! (中国人民解放军成都军区总医院) or a company's full name that no rule of
//! [`super::names::key`] can tell is the same institution. Each row gives the
//! county, the name as a list writes it, the name it is the same as, and why;
//! the import writes the row's name as the other and keeps it as an alias.

use std::collections::HashMap;
use std::path::Path;

use super::merge::Entry;

/// One reviewed row.
#[derive(Clone, Debug, PartialEq)]
pub struct Reviewed {
    pub county: u32,
    pub name: String,
    pub same_as: String,
    pub reason: String,
}

/// The reviewed rows of `path`; none when there is no such file. A row
/// without a county, either name or a reason is refused by line.
pub fn read(path: &Path) -> Result<Vec<Reviewed>, String> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
    let expected = ["county", "name", "same_as", "reason"];
    if headers.iter().collect::<Vec<_>>() != expected {
        return Err(format!(
            "{}: the header is {:?}; expected {}",
            path.display(),
            headers.iter().collect::<Vec<_>>().join(","),
            expected.join(",")
        ));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| format!("{}:{line}: {e}", path.display()))?;
        let cell = |k: usize| record.get(k).unwrap_or("").trim().to_string();
        let county = cell(0).parse::<u32>().ok().filter(|c| (100_000..1_000_000).contains(c));
        let (name, same_as, reason) = (cell(1), cell(2), cell(3));
        let Some(county) = county else {
            return Err(format!(
                "{}:{line}: county {:?}; expected a county's six-digit code",
                path.display(),
                cell(0)
            ));
        };
        if name.is_empty() || same_as.is_empty() || name == same_as || reason.is_empty() {
            return Err(format!(
                "{}:{line}: expected a name, the other name it is the same as, and the reason",
                path.display()
            ));
        }
        rows.push(Reviewed { county, name, same_as, reason });
    }
    Ok(rows)
}

/// What [`apply`] did: rows renamed ("row: name → same_as"), and reviewed
/// rows no list row named (a list changed; the keeper should look).
#[derive(Debug, Default)]
pub struct Applied {
    pub renamed: Vec<String>,
    pub unused: Vec<String>,
}

/// Writes each entry the reviewed rows name as the institution it is the
/// same as, keeping its own name as an alias.
pub fn apply(entries: &mut [Entry], reviewed: &[Reviewed]) -> Applied {
    let by: HashMap<(u32, &str), usize> =
        reviewed.iter().enumerate().map(|(i, r)| ((r.county, r.name.as_str()), i)).collect();
    let mut used = vec![false; reviewed.len()];
    let mut applied = Applied::default();
    for e in entries.iter_mut() {
        let Some(&i) = by.get(&(e.county, e.name.as_str())) else { continue };
        used[i] = true;
        let r = &reviewed[i];
        applied.renamed.push(format!("{}: {} → {}", e.at, e.name, r.same_as));
        let own = std::mem::replace(&mut e.name, r.same_as.clone());
        if !e.aliases.contains(&own) {
            e.aliases.push(own);
        }
    }
    applied.unused = reviewed
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(r, _)| format!("{} {} = {}", r.county, r.name, r.same_as))
        .collect();
    applied
}
