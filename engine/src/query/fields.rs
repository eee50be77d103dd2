//! The filter fields, each declared once: its key in a link
//! (`#/?kind=tcm,general`), its command-line flag (`--kind tcm,general`),
//! its help, and how a value reads into and out of a [`Filter`]. The app's
//! link codec and `datakit query` are both made from [`FIELDS`], so a new
//! filter is one entry here, the [`Filter`] field it sets, and the interface
//! that shows it.
//!
//! ```
//! use engine::{fields, Filter, FacilityKind};
//! let mut filter = Filter::all();
//! fields::by_link_key("kind").unwrap().read(&mut filter, "tcm,general").unwrap();
//! assert_eq!(filter.kinds, [FacilityKind::Tcm, FacilityKind::General]);
//! assert_eq!(fields::by_flag("kind").unwrap().write(&filter).as_deref(), Some("tcm,general"));
//! assert!(fields::by_flag("kind").unwrap().read(&mut filter, "dragon").unwrap_err().contains("expected one of"));
//! ```

use crate::data::hours::LocalTime;
use crate::data::model::{codes_of, position_of, Role, Term};
use crate::query::filter::{Filter, InNetwork, Region};

/// Longest accepted free text, in characters.
pub const MAX_TEXT: usize = 100;
/// Longest accepted network id, in bytes.
pub const MAX_ID: usize = 100;

/// One filter field.
pub struct Field {
    /// Its key in a link's fragment, when links carry it.
    pub link_key: Option<&'static str>,
    /// Its command-line flag without the dashes, when `datakit query` takes it.
    pub flag: Option<&'static str>,
    /// What a value looks like, for help text.
    pub value_name: &'static str,
    /// One line of help.
    pub help: &'static str,
    read: fn(&mut Filter, &str) -> Result<(), String>,
    write: fn(&Filter) -> Option<String>,
}

impl Field {
    /// Reads a value into the filter; the error says what was expected.
    pub fn read(&self, filter: &mut Filter, value: &str) -> Result<(), String> {
        (self.read)(filter, value)
    }

    /// The value the filter holds for this field; `None` when it is unset.
    pub fn write(&self, filter: &Filter) -> Option<String> {
        (self.write)(filter)
    }
}

/// Every filter field, in the order links write them.
pub const FIELDS: &[Field] = &[
    Field {
        link_key: Some("q"),
        flag: Some("match"),
        value_name: "TEXT",
        help: "Only facilities whose name, alias, pinyin (full or initials) or address contains this, as typed (e.g. 中医, zhongyi, zy)",
        read: |f, v| {
            if v.chars().count() > MAX_TEXT {
                return Err(format!("longer than {MAX_TEXT} characters"));
            }
            f.text = Some(v.trim().to_string()).filter(|t| !t.is_empty());
            Ok(())
        },
        write: |f| f.text.clone().filter(|t| !t.trim().is_empty()),
    },
    Field {
        link_key: Some("kind"),
        flag: Some("kind"),
        value_name: "KIND[,KIND…]",
        help: "Facility kinds, any of (e.g. tcm,general)",
        read: |f, v| terms(v).map(|t| f.kinds = t),
        write: |f| codes(&f.kinds),
    },
    Field {
        link_key: Some("grade"),
        flag: Some("grade"),
        value_name: "GRADE[,GRADE…]",
        help: "Grades, any of (e.g. 3a,2a)",
        read: |f, v| terms(v).map(|t| f.grades = t),
        write: |f| codes(&f.grades),
    },
    Field {
        link_key: Some("svc"),
        flag: Some("service"),
        value_name: "SERVICE[,SERVICE…]",
        help: "Services, all of (e.g. acupuncture,tuina)",
        read: |f, v| terms(v).map(|t| f.services = t),
        write: |f| codes(&f.services),
    },
    Field {
        link_key: Some("des"),
        flag: Some("designation"),
        value_name: "DESIGNATION[,…]",
        help: "Designations, all of (e.g. chest_pain_centre)",
        read: |f, v| terms(v).map(|t| f.designations = t),
        write: |f| codes(&f.designations),
    },
    Field {
        link_key: Some("feat"),
        flag: Some("feature"),
        value_name: "FEATURE[,…]",
        help: "Insurance, access and booking, all of (e.g. medical_insurance,step_free)",
        read: |f, v| terms(v).map(|t| f.features = t),
        write: |f| codes(&f.features),
    },
    Field {
        link_key: Some("nk"),
        flag: Some("network-kind"),
        value_name: "KIND[,KIND…]",
        help: "Members of some network of any of these kinds (e.g. e_health_card)",
        read: |f, v| terms(v).map(|t| f.network_kinds = t),
        write: |f| codes(&f.network_kinds),
    },
    Field {
        link_key: Some("net"),
        flag: Some("network"),
        value_name: "ID",
        help: "Members of this network (by id)",
        read: |f, v| {
            if !is_id(v) {
                return Err("expected a network id (letters, digits, - _ .)".into());
            }
            f.network = Some(InNetwork { id: v.to_string(), role: f.network.take().and_then(|n| n.role) });
            Ok(())
        },
        write: |f| f.network.as_ref().map(|n| n.id.clone()),
    },
    Field {
        link_key: None,
        flag: Some("role"),
        value_name: "ROLE",
        help: "With --network: only members in this role (e.g. lead)",
        read: |f, v| {
            let role = term::<Role>(v)?;
            match &mut f.network {
                Some(n) => {
                    n.role = Some(role);
                    Ok(())
                }
                None => Err("only with --network".into()),
            }
        },
        write: |f| f.network.as_ref().and_then(|n| n.role).map(|r| r.code().to_string()),
    },
    Field {
        link_key: None,
        flag: Some("region"),
        value_name: "ADCODE",
        help: "A province, city or county by 6-digit adcode (e.g. 510000, 510100, 500111)",
        read: |f, v| {
            let region = v.trim().parse().ok().and_then(Region::new).ok_or("expected a 6-digit adcode such as 510100")?;
            f.region = Some(region);
            Ok(())
        },
        write: |f| f.region.map(|r| r.code().to_string()),
    },
    Field {
        link_key: None,
        flag: Some("place"),
        value_name: "known|unknown",
        help: "Only facilities whose place is known (known), or only those placed at a county's or city's seat (unknown)",
        read: |f, v| {
            f.located = Some(match v.trim() {
                "known" => true,
                "unknown" => false,
                _ => return Err("expected known or unknown".into()),
            });
            Ok(())
        },
        write: |f| f.located.map(|p| if p { "known" } else { "unknown" }.to_string()),
    },
    Field {
        link_key: None,
        flag: Some("open-at"),
        value_name: "DAY,HH:MM",
        help: "Only facilities whose listed hours say they are open then, China time (e.g. Mo,20:30)",
        read: |f, v| {
            f.open_at = Some(LocalTime::parse(v).ok_or("expected DAY,HH:MM such as Mo,20:30")?);
            Ok(())
        },
        write: |f| f.open_at.map(|t| t.to_string()),
    },
];

/// The field a link key names.
pub fn by_link_key(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.link_key == Some(key))
}

/// The field a command-line flag names (without its dashes).
pub fn by_flag(flag: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.flag == Some(flag))
}

/// Whether `id` has the form of a facility or network id: what a link can carry.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn term<T: Term>(text: &str) -> Result<T, String> {
    T::parse(text).ok_or_else(|| unknown(text, T::NAMES))
}

fn unknown(text: &str, names: &[[&str; 3]]) -> String {
    format!("{text:?}: unknown; expected one of {}", codes_of(names))
}

/// A comma-separated list of codes (or labels), each once; at least one.
fn terms<T: Term>(value: &str) -> Result<Vec<T>, String> {
    Ok(positions(value, T::NAMES)?.into_iter().map(|i| T::ALL[i]).collect())
}

/// [`terms`] as positions in the vocabulary: compiled once, not once per vocabulary (wasm bytes).
fn positions(value: &str, names: &[[&str; 3]]) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for text in value.split(',').filter(|c| !c.trim().is_empty()) {
        let i = position_of(text, names).ok_or_else(|| unknown(text, names))?;
        if !out.contains(&i) {
            out.push(i);
        }
    }
    if out.is_empty() {
        return Err("no value".into());
    }
    Ok(out)
}

fn codes<T: Term>(terms: &[T]) -> Option<String> {
    (!terms.is_empty()).then(|| terms.iter().map(|t| t.code()).collect::<Vec<_>>().join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::{Designation, FacilityKind, Feature, Grade, NetworkKind, Service};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn full() -> Filter {
        Filter {
            kinds: vec![FacilityKind::Tcm, FacilityKind::IntegratedTcm],
            grades: vec![Grade::TertiaryA],
            services: vec![Service::Acupuncture],
            designations: vec![Designation::ChestPainCentre],
            features: vec![Feature::MedicalInsurance, Feature::Lift],
            located: Some(false),
            region: Region::new(510_100),
            open_at: LocalTime::new(0, 20, 30),
            network_kinds: vec![NetworkKind::EHealthCard],
            network: Some(InNetwork { id: "tr-cy-3a".into(), role: Some(Role::Lead) }),
            text: Some("中医 针灸".into()),
        }
    }

    #[test]
    fn every_field_reads_back_what_it_writes() {
        let filter = full();
        let mut again = Filter::all();
        for field in FIELDS {
            let value = field.write(&filter).unwrap_or_else(|| panic!("{:?} unset", field.flag));
            field.read(&mut again, &value).unwrap();
        }
        assert_eq!(again, filter);
        assert!(
            FIELDS.iter().all(|f| f.write(&Filter::all()).is_none()),
            "an empty filter writes nothing"
        );
    }

    #[test]
    fn keys_and_flags_are_unique_and_every_field_has_one() {
        for (i, a) in FIELDS.iter().enumerate() {
            assert!(a.link_key.is_some() || a.flag.is_some());
            for b in &FIELDS[i + 1..] {
                assert!(a.link_key.is_none() || a.link_key != b.link_key, "{:?}", a.link_key);
                assert!(a.flag.is_none() || a.flag != b.flag, "{:?}", a.flag);
            }
        }
    }

    #[test]
    fn bad_values_are_refused_with_what_was_expected() {
        let mut f = Filter::all();
        let read = |f: &mut Filter, flag: &str, value: &str| by_flag(flag).unwrap().read(f, value);
        assert!(read(&mut f, "kind", "tcm,dragon")
            .unwrap_err()
            .contains("\"dragon\": unknown; expected one of general, tcm"));
        assert_eq!(read(&mut f, "kind", ",,").unwrap_err(), "no value");
        assert!(read(&mut f, "role", "lead").unwrap_err().contains("--network"));
        assert!(read(&mut f, "network", "a/b").is_err());
        assert!(read(&mut f, "region", "5001").is_err());
        assert!(read(&mut f, "open-at", "Mo,25:00").is_err());
        assert!(read(&mut f, "match", &"字".repeat(MAX_TEXT + 1)).is_err());
        assert_eq!(f, Filter::all(), "a refused value changes nothing");
        read(&mut f, "kind", "tcm,tcm,中医医院").unwrap();
        assert_eq!(f.kinds, [FacilityKind::Tcm], "each once, by code or label");
    }
}
