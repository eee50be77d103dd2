//! The vocabulary tables of `data/SCHEMA.md`, generated from the engine's
//! vocabularies so the document cannot drift from the code (a test checks
//! that the document holds each table exactly).

use engine::{
    Designation, FacilityKind, Feature, Grade, ListFact, LocationPrecision, NetworkKind, Ownership,
    Role, Service,
};

/// One Markdown table: code, 中文, English, and an OSM column when given.
fn table<T: Copy>(
    terms: &[T],
    code: fn(T) -> &'static str,
    zh: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
    osm: Option<fn(T) -> String>,
) -> String {
    let mut out = String::from(if osm.is_some() {
        "| code | 中文 | English | OpenStreetMap |\n| --- | --- | --- | --- |\n"
    } else {
        "| code | 中文 | English |\n| --- | --- | --- |\n"
    });
    for &t in terms {
        out.push_str(&format!("| `{}` | {} | {} |", code(t), zh(t), en(t)));
        if let Some(osm) = osm {
            out.push_str(&format!(" {} |", osm(t)));
        }
        out.push('\n');
    }
    out
}

fn kind_osm(kind: FacilityKind) -> String {
    let t = kind.osm_tags();
    let mut tags = format!("`amenity={}` `healthcare={}`", t.amenity, t.healthcare);
    if let Some(s) = t.speciality {
        tags.push_str(&format!(" `healthcare:speciality={s}`"));
    }
    tags
}

fn service_osm(service: Service) -> String {
    service
        .osm_speciality()
        .map_or_else(|| "(none)".to_string(), |s| format!("`healthcare:speciality={s}`"))
}

/// Every vocabulary table, by the heading it sits under.
pub fn vocabulary_tables() -> Vec<(&'static str, String)> {
    macro_rules! plain {
        ($t:ty) => {
            table(<$t>::ALL, <$t>::code, <$t>::zh, <$t>::en, None)
        };
    }
    vec![
        (
            "Facility kinds",
            table(
                FacilityKind::ALL,
                FacilityKind::code,
                FacilityKind::zh,
                FacilityKind::en,
                Some(kind_osm),
            ),
        ),
        ("Grades", plain!(Grade)),
        ("Ownership", plain!(Ownership)),
        ("Location precision", plain!(LocationPrecision)),
        (
            "Services",
            table(Service::ALL, Service::code, Service::zh, Service::en, Some(service_osm)),
        ),
        ("Designations", plain!(Designation)),
        ("Features", plain!(Feature)),
        ("What a list states", plain!(ListFact)),
        ("Network kinds", plain!(NetworkKind)),
        ("Roles", plain!(Role)),
        ("Kinds told from names", kind_rules()),
        ("Rows left out", left_out_rules()),
    ]
}

/// The import's rule table for kinds: the first row whose words the name holds gives the kind.
fn kind_rules() -> String {
    let mut out = String::from("| the name holds any of | kind |\n| --- | --- |\n");
    for (words, kind) in crate::lists::names::KIND_RULES {
        out.push_str(&format!("| {} | `{}` {} |\n", words.join("、"), kind.code(), kind.zh()));
    }
    out
}

/// What the import leaves out, by reason, and the words that tell it.
fn left_out_rules() -> String {
    let mut out = String::from("| reason | the name holds any of |\n| --- | --- |\n");
    for (reason, words) in crate::lists::names::LEFT_OUT {
        out.push_str(&format!("| {} | {} |\n", reason.describe(), words.join("、")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `XZ_PRINT_SCHEMA=1 cargo test -p datakit schema -- --nocapture` prints the tables.
    #[test]
    fn schema_document_holds_every_vocabulary_table() {
        if std::env::var_os("XZ_PRINT_SCHEMA").is_some() {
            for (heading, table) in vocabulary_tables() {
                println!("### {heading}\n\n{table}");
            }
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/SCHEMA.md");
        let doc = std::fs::read_to_string(&path).unwrap();
        for (heading, table) in vocabulary_tables() {
            assert!(doc.contains(&table), "data/SCHEMA.md: the {heading} table differs from the code; it should read:\n{table}");
        }
    }
}
