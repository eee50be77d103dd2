//! Reads `networks.csv` and `memberships.csv`, checking every reference.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use engine::{Citation, Facility, Member, Network, NetworkKind, Role, Service};

use crate::source::{check_date, check_fact_date, Problem};

#[derive(serde::Deserialize)]
struct NetworkRow {
    id: String,
    name: String,
    #[serde(default)]
    name_en: String,
    kind: String,
    #[serde(default)]
    specialty: String,
    #[serde(default)]
    region: String,
    source: String,
    last_checked: String,
}

#[derive(serde::Deserialize)]
struct MembershipRow {
    network_id: String,
    facility_id: String,
    role: String,
    source: String,
    date: String,
    #[serde(default)]
    url: String,
}

/// Reads networks and their members; every problem in both files, or the networks.
pub fn read_networks(
    networks_csv: &Path,
    memberships_csv: &Path,
    facilities: &[Facility],
) -> Result<Vec<Network>, Vec<Problem>> {
    let today = crate::report::today_days();
    let mut problems = Vec::new();
    let mut networks: Vec<Network> = Vec::new();
    let mut line_of: HashMap<String, u64> = HashMap::new();
    let network_columns = (
        &["id", "name", "kind", "source", "last_checked"][..],
        &["name_en", "specialty", "region"][..],
    );
    for (line, row) in rows::<NetworkRow>(networks_csv, network_columns, &mut problems) {
        let mut report = |column: &str, message: String| {
            problems.push(problem(networks_csv, line, column, message))
        };
        for (column, value) in [("id", &row.id), ("name", &row.name), ("source", &row.source)] {
            if value.is_empty() {
                report(column, "is empty; a value is required".into());
            }
        }
        if let Some(first) = line_of.insert(row.id.clone(), line) {
            report("id", format!("duplicate network id {:?}, first used on line {first}", row.id));
        }
        if let Some(message) = check_date(&row.last_checked, today) {
            report("last_checked", message);
        }
        let kind = NetworkKind::parse(&row.kind);
        if kind.is_none() {
            report(
                "kind",
                format!("unknown value {:?}; expected one of {}", row.kind, NetworkKind::codes()),
            );
        }
        let specialty = match row.specialty.as_str() {
            "" => None,
            text => {
                let parsed = Service::parse(text);
                if parsed.is_none() {
                    report(
                        "specialty",
                        format!("unknown value {text:?}; expected one of {}", Service::codes()),
                    );
                }
                parsed
            }
        };
        if let Some(kind) = kind {
            networks.push(Network {
                id: row.id,
                name: row.name,
                name_en: row.name_en,
                kind,
                specialty,
                region: row.region,
                source: row.source,
                last_checked: row.last_checked,
                members: Vec::new(),
            });
        }
    }

    let facility_ids: HashSet<&str> = facilities.iter().map(|f| f.id.as_str()).collect();
    let index: HashMap<String, usize> =
        networks.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for (line, row) in rows::<MembershipRow>(
        memberships_csv,
        (&["network_id", "facility_id", "role", "source", "date"], &["url"]),
        &mut problems,
    ) {
        let mut report = |column: &str, message: String| {
            problems.push(problem(memberships_csv, line, column, message))
        };
        if row.source.is_empty() {
            report("source", "is empty; a value is required".into());
        }
        if let Some(message) = check_fact_date(&row.date, today) {
            report("date", message);
        }
        if !row.url.is_empty() && !engine::export::is_web_address(&row.url) {
            report(
                "url",
                format!("{:?} is not a web address; expected https:// and a host", row.url),
            );
        }
        let network = index.get(&row.network_id).copied();
        if network.is_none() {
            report(
                "network_id",
                format!("{:?} is not a network in {}", row.network_id, networks_csv.display()),
            );
        }
        if !facility_ids.contains(row.facility_id.as_str()) {
            report("facility_id", format!("{:?} is not a facility id", row.facility_id));
        }
        let first = *seen.entry((row.network_id.clone(), row.facility_id.clone())).or_insert(line);
        if first != line {
            report(
                "facility_id",
                format!(
                    "{:?} is already a member of {:?} on line {first}",
                    row.facility_id, row.network_id
                ),
            );
        }
        let Some(role) = Role::parse(&row.role) else {
            report(
                "role",
                format!("unknown value {:?}; expected one of {}", row.role, Role::codes()),
            );
            continue;
        };
        if let Some(n) = network {
            let kind = networks[n].kind;
            if !role.allowed_in(kind) {
                let allowed: Vec<&str> =
                    Role::ALL.iter().filter(|r| r.allowed_in(kind)).map(|r| r.code()).collect();
                report(
                    "role",
                    format!(
                        "a network of kind {} has no {:?} role; expected one of {}",
                        kind.code(),
                        role.code(),
                        allowed.join(", ")
                    ),
                );
            }
            let citation = Citation { source: row.source, date: row.date, url: row.url };
            networks[n].members.push(Member { facility_id: row.facility_id, role, citation });
        }
    }
    if problems.is_empty() {
        Ok(networks)
    } else {
        Err(problems)
    }
}

fn problem(file: &Path, line: u64, column: &str, message: String) -> Problem {
    Problem { file: file.display().to_string(), line, column: column.into(), message }
}

/// Rows with their line numbers; unreadable rows become problems.
fn rows<T: serde::de::DeserializeOwned>(
    path: &Path,
    (required, optional): (&[&str], &[&str]),
    problems: &mut Vec<Problem>,
) -> Vec<(u64, T)> {
    let mut reader = match crate::source::open_csv(path) {
        Ok(r) => r,
        Err((line, e)) => {
            problems.push(problem(path, line, "-", e));
            return Vec::new();
        }
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(problem(path, 1, "-", format!("cannot read the header row: {e}")));
            return Vec::new();
        }
    };
    let header_problems = crate::source::check_header(&headers, required, optional);
    if !header_problems.is_empty() {
        problems.extend(
            header_problems.into_iter().map(|(column, message)| problem(path, 1, &column, message)),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let parsed = record
            .map_err(|e| (e.position().map_or(0, |p| p.line()), e.to_string()))
            .and_then(|r| {
                let line = r.position().map_or(0, |p| p.line());
                r.deserialize::<T>(Some(&headers))
                    .map(|row| (line, row))
                    .map_err(|e| (line, e.to_string()))
            });
        match parsed {
            Ok(row) => out.push(row),
            Err((line, e)) => {
                problems.push(problem(path, line, "-", format!("unreadable row: {e}")))
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{FacilityKind, LatLon};

    fn facility(id: &str) -> Facility {
        Facility::new(id, id, FacilityKind::General, LatLon::new(30.0, 104.0).unwrap())
    }

    fn files(
        networks: &str,
        memberships: &str,
    ) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (n, m) = (dir.path().join("networks.csv"), dir.path().join("memberships.csv"));
        std::fs::write(&n, networks).unwrap();
        std::fs::write(&m, memberships).unwrap();
        (dir, n, m)
    }

    const NETWORKS: &str = "id,name,kind,specialty,region,source,last_checked\n\
        t,托管,trusteeship,,成德眉资,brief,2026-11-23\n\
        eye,眼科联盟,specialty_alliance,ophthalmology,川渝,brief,2026-11-23\n";

    #[test]
    fn reads_networks_and_members() {
        let (_d, n, m) = files(
            NETWORKS,
            "network_id,facility_id,role,source,date,url\n\
             t,a,lead,brief,2022-03-24,https://example.org/brief\n\
             t,b,managed_by,brief,2022,\n",
        );
        let networks = read_networks(&n, &m, &[facility("a"), facility("b")]).unwrap();
        let cited = |date: &str, url: &str| Citation {
            source: "brief".into(),
            date: date.into(),
            url: url.into(),
        };
        assert_eq!(
            networks[0].members,
            [
                Member {
                    facility_id: "a".into(),
                    role: Role::Lead,
                    citation: cited("2022-03-24", "https://example.org/brief")
                },
                Member {
                    facility_id: "b".into(),
                    role: Role::ManagedBy,
                    citation: cited("2022", "")
                }
            ]
        );
        assert_eq!(networks[1].specialty, Some(Service::Ophthalmology));
    }

    #[test]
    fn reports_dangling_references_duplicates_and_impossible_roles() {
        let (_d, n, m) = files(
            NETWORKS,
            "network_id,facility_id,role,source,date\n\
             t,a,lead,brief,2022\n\
             t,a,lead,brief,2022\n\
             nope,a,member,brief,2022\n\
             eye,zz,managed_by,brief,2022\n\
             t,a,lead,,someday\n",
        );
        let problems: Vec<String> = read_networks(&n, &m, &[facility("a")])
            .unwrap_err()
            .iter()
            .map(|p| p.to_string().split_once(':').unwrap().1.to_string())
            .collect();
        assert_eq!(
            problems,
            [
                "3: facility_id: \"a\" is already a member of \"t\" on line 2",
                &format!("4: network_id: \"nope\" is not a network in {}", n.display()),
                "5: facility_id: \"zz\" is not a facility id",
                "5: role: a network of kind specialty_alliance has no \"managed_by\" role; expected one of lead, member",
                "6: source: is empty; a value is required",
                "6: date: \"someday\" is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD (when the source stated it)",
                "6: facility_id: \"a\" is already a member of \"t\" on line 2",
            ]
        );
    }
}
