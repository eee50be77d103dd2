//! Reviewed exceptions: records a `datakit check` rule would refuse that a
//! keeper has looked at and found right, each with the reason, in
//! `data/reviewed_exceptions.csv` (`rule,id,reason`). An exception whose
//! record no longer exists, or that the rule no longer needs, is a warning:
//! the file says only what is still true.

use std::collections::BTreeMap;
use std::path::Path;

use crate::source::Problem;

/// The rules an exception may name.
pub const RULES: [&str; 7] = [
    "named-county",
    "department",
    "alias-not-a-name",
    "phone-area-code",
    "kind-from-names",
    "place-less-name",
    "two-institutions",
];

/// The exceptions of one file: (rule, record id) → (line, reason).
#[derive(Clone, Debug, Default)]
pub struct Exceptions {
    pub file: String,
    pub entries: BTreeMap<(String, String), (u64, String)>,
}

impl Exceptions {
    /// Reads `path`; none when it does not exist.
    pub fn read(path: &Path) -> Result<Exceptions, Vec<Problem>> {
        let file = path.display().to_string();
        let mut out = Exceptions { file: file.clone(), entries: BTreeMap::new() };
        if !path.exists() {
            return Ok(out);
        }
        let problem = |line: u64, column: &str, message: String| Problem {
            file: file.clone(),
            line,
            column: column.into(),
            message,
        };
        let mut reader =
            crate::source::open_csv(path).map_err(|(l, e)| vec![problem(l, "-", e)])?;
        let mut problems = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    problems.push(problem(0, "-", format!("unreadable row: {e}")));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            let field = |n: usize| record.get(n).unwrap_or("").to_string();
            let (rule, id, reason) = (field(0), field(1), field(2));
            if !RULES.contains(&rule.as_str()) {
                problems.push(problem(
                    line,
                    "rule",
                    format!("{rule:?} is not a rule; expected one of {}", RULES.join(", ")),
                ));
            }
            if reason.is_empty() {
                problems.push(problem(
                    line,
                    "reason",
                    "is empty; say why the record is right".into(),
                ));
            }
            out.entries.insert((rule, id), (line, reason));
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// Whether `rule` is waived for the record `id`.
    pub fn waives(&self, rule: &str, id: &str) -> bool {
        self.entries.contains_key(&(rule.to_string(), id.to_string()))
    }

    /// Warnings for exceptions whose rule did not fire on their record (`fired`
    /// holds the (rule, id) pairs that did).
    pub fn stale(&self, fired: &[(String, String)]) -> Vec<Problem> {
        self.entries
            .iter()
            .filter(|(key, _)| !fired.contains(key))
            .map(|((rule, id), (line, _))| Problem {
                file: self.file.clone(),
                line: *line,
                column: "id".into(),
                message: format!(
                    "{id:?}: rule {rule} finds nothing to waive there; expected an exception only where the rule fires (remove it)"
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceptions_name_a_known_rule_and_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reviewed_exceptions.csv");
        assert!(Exceptions::read(&path).unwrap().entries.is_empty(), "no file, no exceptions");
        std::fs::write(
            &path,
            "rule,id,reason\nnamed-county,sc-1,合成: the name is the old county's\nno-such-rule,sc-2,x\nnamed-county,sc-3,\n",
        )
        .unwrap();
        let problems: Vec<String> =
            Exceptions::read(&path).unwrap_err().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(
            problems[0].contains(":3: rule: \"no-such-rule\" is not a rule"),
            "{}",
            problems[0]
        );
        assert!(problems[1].contains(":4: reason: is empty"), "{}", problems[1]);
        std::fs::write(
            &path,
            "rule,id,reason\nnamed-county,sc-1,合成: the name is the old county's\n",
        )
        .unwrap();
        let read = Exceptions::read(&path).unwrap();
        assert!(read.waives("named-county", "sc-1") && !read.waives("department", "sc-1"));
    }
}
