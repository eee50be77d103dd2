//! Ids that last. A record's id is made from its county and the pinyin of
//! its name's key ([`super::merge`]); when the import learns to read a name
//! better (附院 = 附属医院), the key and so the id would change though the
//! record did not. A shared link names a listing by its id, so a record
//! keeps the id the previous `facilities.csv` gave the same county and name,
//! as long as no other record now holds it. A record that moved county, or
//! whose name changed, gets its new id.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::merge::Merged;

/// Gives each list-made record the previous file's id for its county and
/// name where its own differs and the old one is free; returns the records
/// so kept ("new → kept: name"), in id order.
pub fn keep_previous(previous: &Path, records: &mut [Merged]) -> Result<Kept, String> {
    if !previous.exists() {
        return Ok(Kept::default());
    }
    let unreadable = |e: &dyn std::fmt::Display| {
        format!(
            "{}: cannot be read for the ids it gave ({e}); move it away to start afresh",
            previous.display()
        )
    };
    let mut reader = csv::Reader::from_path(previous).map_err(|e| unreadable(&e))?;
    let headers = reader.headers().map_err(|e| unreadable(&e))?.clone();
    let at = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| unreadable(&format!("no {name} column")))
    };
    let (id_at, name_at, county_at) = (at("id")?, at("name")?, at("county_code")?);
    let mut before: HashMap<(String, String), String> = HashMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| unreadable(&e))?;
        let cell = |i: usize| row.get(i).unwrap_or("").to_string();
        before.insert((cell(county_at), cell(name_at)), cell(id_at));
    }
    let known: BTreeSet<&str> = before.values().map(String::as_str).collect();
    let mut taken: BTreeSet<String> = records.iter().map(|m| m.facility.id.clone()).collect();
    let mut kept = Vec::new();
    let mut renamed = HashMap::new();
    for m in records.iter_mut().filter(|m| !m.curated) {
        let f = &mut m.facility;
        if known.contains(f.id.as_str()) {
            continue;
        }
        let county = if f.county_code == 0 { String::new() } else { f.county_code.to_string() };
        let Some(old) = before.get(&(county, f.name.clone())) else { continue };
        if taken.contains(old) {
            continue;
        }
        renamed.insert(f.id.clone(), old.clone());
        kept.push(format!("{} → {old}: {}", f.id, f.name));
        taken.remove(&f.id);
        taken.insert(old.clone());
        f.id = old.clone();
    }
    records.sort_by(|a, b| a.facility.id.cmp(&b.facility.id));
    Ok(Kept { lines: kept, renamed })
}

/// What [`keep_previous`] did: a line per record ("new → kept: name"), and
/// the ids it replaced, for what else names a record by its id (the report's conflicts).
#[derive(Debug, Default)]
pub struct Kept {
    pub lines: Vec<String>,
    pub renamed: HashMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Facility, FacilityKind, LatLon};

    fn record(id: &str, name: &str, county: u32) -> Merged {
        let point = LatLon::new(29.7, 105.7).unwrap();
        Merged {
            facility: Facility {
                county_code: county,
                ..Facility::new(id, name, FacilityKind::General, point)
            },
            source_points: Vec::new(),
            rows: Vec::new(),
            curated: false,
            far_points: 0,
            corrections: Default::default(),
        }
    }

    /// Only the same county and name keep an old id, and only an id no record now holds.
    #[test]
    fn a_record_keeps_the_id_links_name_while_its_county_and_name_stay() {
        let dir = tempfile::tempdir().unwrap();
        let previous = dir.path().join("facilities.csv");
        std::fs::write(
            &previous,
            "id,name,county_code\n\
             sc-510402-sjyfy,合成附院,510402\n\
             cq-500103-bbfc,合成妇产医院,500103\n\
             cq-500111-a,合成甲医院,500111\n\
             cq-500111-b,合成乙医院,500111\n",
        )
        .unwrap();
        let mut records = vec![
            record("sc-510402-sjyfsyy", "合成附院", 510402),
            record("cq-500112-bbfc", "合成妇产医院", 500112),
            // Its old id is now another record's: it keeps its new one.
            record("cq-500111-a2", "合成甲医院", 500111),
            record("cq-500111-a", "合成丙医院", 500111),
            record("cq-500111-b", "合成乙医院", 500111),
        ];
        let kept = keep_previous(&previous, &mut records).unwrap();
        assert_eq!(kept.lines, vec!["sc-510402-sjyfsyy → sc-510402-sjyfy: 合成附院".to_string()]);
        assert_eq!(kept.renamed["sc-510402-sjyfsyy"], "sc-510402-sjyfy");
        let ids: Vec<&str> = records.iter().map(|m| m.facility.id.as_str()).collect();
        assert_eq!(
            ids,
            vec!["cq-500111-a", "cq-500111-a2", "cq-500111-b", "cq-500112-bbfc", "sc-510402-sjyfy"]
        );
        assert!(keep_previous(&dir.path().join("none.csv"), &mut records)
            .unwrap()
            .lines
            .is_empty());
    }
}
