//! `datakit members import`: a network's member list as a commission keeps
//! it (names as written, maybe a county and a role column) matched to the
//! facilities, and, with `--apply`, the matched rows added to
//! `memberships.csv` with the file's source and date. Nothing is written
//! without `--apply`; a row that is not matched is never added, and goes to
//! the review file with its candidates.

use std::path::{Path, PathBuf};

use engine::Role;

use crate::keepers::{self, Cited, Data, Matched, PlaceColumns};
use crate::matcher::{Matcher, Status};

/// What `members import` is asked to do.
pub struct Request<'a> {
    pub file: &'a Path,
    pub network: &'a str,
    pub county: Option<u32>,
    pub column: Option<&'a str>,
    pub sheet: Option<&'a str>,
    pub encoding: Option<&'a str>,
    pub data: &'a Path,
    pub apply: bool,
    pub cited: Cited,
    pub review: Option<&'a Path>,
}

/// What it did: each row's outcome (and role), and on `--apply` what was written.
pub struct Report {
    pub rows: Vec<(Matched, Result<Role, String>)>,
    pub added: usize,
    pub already: Vec<String>,
    pub review: Option<(PathBuf, usize)>,
}

/// Heading words for a role column, and what its cells may say.
const ROLE_WORDS: [&str; 5] = ["角色", "成员类型", "单位类型", "身份", "role"];

/// A role as member lists write it (牵头单位, 成员单位, 分院), or a role code.
pub fn role_from_words(words: &str) -> Option<Role> {
    let w = words.trim();
    if w.is_empty() {
        return Some(Role::Member);
    }
    Role::parse(w).or_else(|| {
        Some(match () {
            _ if w.contains("牵头") || w.contains("龙头") => Role::Lead,
            _ if w.contains("托管") && (w.contains("受") || w.contains("被")) => {
                Role::ManagedBy
            }
            _ if w.contains("帮扶") || w.contains("支援") => Role::Supporter,
            _ if w.contains("分院") || w.contains("分中心") => Role::Branch,
            _ if w.contains("成员") || w.contains("网络医院") || w.contains("协作") => {
                Role::Member
            }
            _ => return None,
        })
    })
}

/// Reads, matches and (with `apply`) writes.
pub fn import(req: &Request<'_>) -> Result<Report, String> {
    let table = crate::table::read(req.file, req.encoding, req.sheet)?;
    let name = table.name_column(req.column)?;
    let places = PlaceColumns::find(&table, None)?;
    let role_column = table.column(None, &ROLE_WORDS, &[], "role")?;
    let data = Data::open(req.data)?;
    let networks_csv = data.dir.join("networks.csv");
    let memberships_csv = data.dir.join("memberships.csv");
    let networks =
        crate::networks::read_networks(&networks_csv, &memberships_csv, &data.facilities).map_err(
            |problems| {
                let lines: Vec<String> =
                    problems.iter().take(20).map(ToString::to_string).collect();
                format!("{}\nthe networks have problems; run datakit check first", lines.join("\n"))
            },
        )?;
    let network = networks.iter().find(|n| n.id == req.network).ok_or_else(|| {
        let ids: Vec<&str> = networks.iter().map(|n| n.id.as_str()).collect();
        format!(
            "--network {:?} is not in {}; expected one of {} (add the network there first)",
            req.network,
            networks_csv.display(),
            ids.join(", ")
        )
    })?;
    let matcher = Matcher::new(&data.facilities, &data.gazetteer);
    let matched = keepers::match_rows(&table, name, places, req.county, &matcher);
    let rows: Vec<(Matched, Result<Role, String>)> = matched
        .into_iter()
        .map(|m| {
            let words = role_column.map_or("", |c| m.row.cell(c));
            let role = match role_from_words(words) {
                Some(r) if r.allowed_in(network.kind) => Ok(r),
                Some(r) => {
                    Err(format!("role {} is not one a {} has", r.code(), network.kind.code()))
                }
                None => Err(format!(
                    "role {words:?} not understood; expected e.g. 牵头单位, 成员单位, 分院"
                )),
            };
            (m, role)
        })
        .collect();
    let mut report = Report { rows, added: 0, already: Vec::new(), review: None };
    if !req.apply {
        return Ok(report);
    }
    req.cited.check("the membership")?;
    let mut text = std::fs::read_to_string(&memberships_csv)
        .map_err(|e| format!("{}: {e}", memberships_csv.display()))?;
    if !text.ends_with('\n') && !text.is_empty() {
        text.push('\n');
    }
    let mut members: Vec<String> = network.members.iter().map(|m| m.facility_id.clone()).collect();
    let mut review: Vec<(&Matched, String)> = Vec::new();
    for (m, role) in &report.rows {
        match (&m.outcome.id, role) {
            (Some(id), Ok(role)) if m.outcome.status == Status::Matched => {
                if members.contains(id) {
                    report.already.push(format!(
                        "row {}: {id} is already a member of {}",
                        m.row.number, network.id
                    ));
                    continue;
                }
                text.push_str(&engine::export::csv_line(&[
                    network.id.as_str(),
                    id,
                    role.code(),
                    &req.cited.source,
                    &req.cited.date,
                    &req.cited.url,
                ]));
                members.push(id.clone());
                report.added += 1;
            }
            (Some(_), Err(why)) => review.push((m, why.clone())),
            _ => review.push((m, m.outcome.note.clone())),
        }
    }
    if report.added > 0 {
        keepers::write_checked(&data.dir, &[(memberships_csv, text.into_bytes())])?;
    }
    if !review.is_empty() {
        let path = keepers::review_path(req.file, req.review);
        crate::files::write_atomically(&path, keepers::review_csv(&review).as_bytes())?;
        report.review = Some((path, review.len()));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_as_lists_write_them() {
        assert_eq!(role_from_words("牵头单位"), Some(Role::Lead));
        assert_eq!(role_from_words("成员单位"), Some(Role::Member));
        assert_eq!(role_from_words("网络医院"), Some(Role::Member));
        assert_eq!(role_from_words("分院"), Some(Role::Branch));
        assert_eq!(role_from_words(""), Some(Role::Member));
        assert_eq!(role_from_words("lead"), Some(Role::Lead));
        assert_eq!(role_from_words("观察员"), None);
    }
}
