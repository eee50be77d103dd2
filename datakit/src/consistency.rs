//! Checks that a record agrees with itself: the county its name or address
//! names is the county it is coded and placed in; its name is an
//! institution's, not a department's; its aliases are names; its phones'
//! area codes are its city's. Each is an error unless a keeper has reviewed
//! the record and said why it is right (`data/reviewed_exceptions.csv`).

use engine::{haversine_m, Facility};

use crate::exceptions::Exceptions;
use crate::lists::place::Gazetteer;
use crate::source::Problem;

/// How far from the seat of the county its name or address names a record
/// may stand when it is coded in another county. A hospital of one county
/// that stands just over the line of the next (a new campus, a district
/// grown past its border) is within a few kilometres of the line, and the
/// seats of Sichuan's and Chongqing's counties lie 15–30 km inside their
/// lines; 25 km from the named county's seat is more than that edge and
/// less than the 30–60 km between neighbouring seats, so a record further
/// away is in another county than the one its words name.
pub const NAMED_COUNTY_SEAT_M: f64 = 25_000.0;

/// What the rules found: errors, and the (rule, id) pairs that fired (for stale exceptions).
#[derive(Debug, Default)]
pub struct Found {
    pub errors: Vec<Problem>,
    pub fired: Vec<(String, String)>,
}

impl Found {
    fn report(&mut self, exceptions: &Exceptions, rule: &str, f: &Facility, problem: Problem) {
        self.fired.push((rule.to_string(), f.id.clone()));
        if !exceptions.waives(rule, &f.id) {
            self.errors.push(problem);
        }
    }
}

/// The county a record's words name: the one its name begins with, else the
/// one its address begins with (after the province's and city's names). The
/// name comes first, as in the import: an address is often a geocoder's.
pub fn named_county(g: &Gazetteer, f: &Facility) -> Option<u32> {
    let province = f.county_code / 10_000 * 10_000;
    g.county_named_first(province, &f.name).or_else(|| g.county_named_first(province, &f.address))
}

/// Every rule, over every record.
pub fn check(
    file: &str,
    facilities: &[Facility],
    lines: &[u64],
    g: &Gazetteer,
    exceptions: &Exceptions,
) -> Found {
    let mut found = Found::default();
    let problem = |line: u64, column: &str, message: String| Problem {
        file: file.into(),
        line,
        column: column.into(),
        message,
    };
    let area_codes = crate::lists::phones::AreaCodes::from_numbers(
        facilities.iter().flat_map(|f| f.phones.iter().map(|p| (f.county_code, p.as_str()))),
    );
    for (f, &line) in facilities.iter().zip(lines) {
        let cleaned = crate::lists::names::clean(&f.name);
        if cleaned.department && cleaned.name != f.name {
            let message = format!(
                "{:?} names a department or site of {:?}; expected the institution's own name (fold the part into it), or a reviewed exception (rule department)",
                f.name, cleaned.name
            );
            found.report(exceptions, "department", f, problem(line, "name", message));
        }
        // The kind its names say (an alias that says more than 人民医院, a 社区卫生服务站);
        // a department's name is its own error.
        let department = cleaned.department && cleaned.name != f.name;
        if let Some(named) = crate::lists::names::kind_of(&f.name, &f.aliases)
            .filter(|k| !department && *k != f.kind && !f.kind_inferred && says_more(*k, f.kind))
        {
            let message = format!(
                "{:?} is {}, but its names say {} ({}); expected the kind its names say, or a reviewed exception (rule kind-from-names)",
                f.name,
                f.kind.code(),
                named.code(),
                f.aliases.join("、")
            );
            found.report(exceptions, "kind-from-names", f, problem(line, "kind", message));
        }
        if crate::lists::names::lacks_its_place(&f.name) {
            let message = format!(
                "{:?} says only what kind of institution it is, not whose; expected the name with its place (大足区人民医院), or a reviewed exception (rule place-less-name)",
                f.name
            );
            found.report(exceptions, "place-less-name", f, problem(line, "name", message));
        }
        if crate::lists::names::joins_two_names(&f.name) {
            let message = format!(
                "{:?} joins the names of two institutions; expected one record for each, or one name with the other as an alias, or a reviewed exception (rule two-institutions)",
                f.name
            );
            found.report(exceptions, "two-institutions", f, problem(line, "name", message));
        }
        for alias in &f.aliases {
            if !crate::lists::names::is_a_name(alias) {
                let message = format!(
                    "{alias:?} is not one name of an institution; expected one name per alias, ending as names do (医院, 卫生院, 研究所, 中心 …), or a reviewed exception (rule alias-not-a-name)"
                );
                found.report(exceptions, "alias-not-a-name", f, problem(line, "aliases", message));
            }
        }
        for phone in &f.phones {
            if !area_codes.accepts(f.county_code, phone) {
                let message = format!(
                    "{phone} does not carry the area code of its city ({}); expected {}, or a reviewed exception (rule phone-area-code)",
                    f.county_code / 100 * 100,
                    area_codes.expected(f.county_code).join(" or ")
                );
                found.report(exceptions, "phone-area-code", f, problem(line, "phones", message));
            }
        }
        if f.county_code == 0 {
            continue;
        }
        if let Some(named) = named_county(g, f).filter(|&n| n != f.county_code) {
            let seat_m = g.county_seat(named).map(|s| haversine_m(s, f.point));
            if seat_m.is_some_and(|d| d > NAMED_COUNTY_SEAT_M) {
                let name_of = |c: u32| g.admin(c).map_or_else(|| c.to_string(), |a| a.name.clone());
                let message = format!(
                    "{:?} names {} ({named}), whose seat is {:.0} km from its point, but county_code is {} ({}); expected the county its words name, or a reviewed exception (rule named-county)",
                    f.name,
                    name_of(named),
                    seat_m.unwrap_or_default() / 1_000.0,
                    name_of(f.county_code),
                    f.county_code
                );
                found.report(exceptions, "named-county", f, problem(line, "county_code", message));
            }
        }
    }
    found
}

/// Whether kind `named` (from a record's names) says more than its kind
/// `coded`: a general hospital or health centre whose other name is a TCM,
/// integrated, ethnic, maternal-child or psychiatric institution's, a
/// station held as a centre. A list's own word for a kind (a TCM list's 中医,
/// a specialty hospital's) is not overruled by a name that says less.
fn says_more(named: engine::FacilityKind, coded: engine::FacilityKind) -> bool {
    use engine::FacilityKind as K;
    let little = matches!(
        coded,
        K::General | K::CommunityCentre | K::TownshipCentre | K::CentralTownshipCentre
    );
    little && named != K::General
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{FacilityKind, LatLon};

    #[test]
    fn a_kind_its_names_contradict_is_an_error_unless_reviewed() {
        let g = Gazetteer::bundled().unwrap();
        let seat = g.county_seat(510104).unwrap();
        let at = |id: &str, name: &str, kind: FacilityKind, aliases: &[&str]| Facility {
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..record(id, name, "", 510104, seat)
        };
        let rows = vec![
            // The audit's: an alias that says integrated, a station held as a centre.
            at("a", "合成市第一人民医院", FacilityKind::General, &["合成市中西医结合医院"]),
            at("b", "合成街道社区卫生服务站", FacilityKind::CommunityCentre, &[]),
            // Right as they are: the alias agrees, or a list's own TCM word stands.
            at("c", "合成市第二人民医院", FacilityKind::IntegratedTcm, &["合成市中西医结合医院"]),
            at("d", "合成市人民医院", FacilityKind::Tcm, &[]),
        ];
        let lines: Vec<u64> = (2..6).collect();
        let found = check("f.csv", &rows, &lines, &g, &Exceptions::default());
        let messages: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages[0].starts_with(
                "f.csv:2: kind: \"合成市第一人民医院\" is general, but its names say integrated"
            ),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("is community, but its names say community_station"),
            "{}",
            messages[1]
        );
        let mut reviewed = Exceptions::default();
        reviewed.entries.insert(("kind-from-names".into(), "a".into()), (2, "合成 test".into()));
        assert_eq!(check("f.csv", &rows, &lines, &g, &reviewed).errors.len(), 1);
    }

    fn record(id: &str, name: &str, address: &str, county: u32, point: LatLon) -> Facility {
        // The kind its name says, as the import gives it.
        let kind = crate::lists::names::kind_of(name, &[]).unwrap_or(FacilityKind::General);
        Facility {
            county_code: county,
            address: address.into(),
            ..Facility::new(id, name, kind, point)
        }
    }

    #[test]
    fn a_record_far_from_the_county_its_words_name_is_an_error_unless_reviewed() {
        let g = Gazetteer::bundled().unwrap();
        let aba_seat = g.county_seat(513231).unwrap();
        let maoxian_seat = g.county_seat(513223).unwrap();
        let rows = [
            // Coded and placed in 阿坝县, 243 km from the 茂县 its name and address name.
            record(
                "a",
                "茂县人民医院",
                "四川省阿坝藏族羌族自治州茂县凤仪镇北大街284号",
                513231,
                aba_seat,
            ),
            // The same, in its own county.
            record("b", "茂县中医医院", "", 513223, maoxian_seat),
            // Its address names 沿滩区, its name 荣县: the name counts, and it is in 荣县.
            record(
                "c",
                "荣县正紫镇卫生院",
                "四川省自贡市沿滩区联络镇",
                510321,
                g.county_seat(510321).unwrap(),
            ),
            // No county in its words.
            record("d", "阿坝州人民医院", "马江街95号", 513201, g.county_seat(513201).unwrap()),
        ];
        let none = Exceptions::default();
        let found = check("f.csv", &rows, &[2, 3, 4, 5], &g, &none);
        let messages: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(
            messages[0].starts_with(
                "f.csv:2: county_code: \"茂县人民医院\" names 茂县 (513223), whose seat is 2"
            ),
            "{}",
            messages[0]
        );
        let mut reviewed = Exceptions::default();
        reviewed
            .entries
            .insert(("named-county".into(), "a".into()), (2, "synthetic reason".into()));
        let found = check("f.csv", &rows, &[2, 3, 4, 5], &g, &reviewed);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        assert!(reviewed.stale(&found.fired).is_empty());
        // An exception where nothing fires is stale.
        reviewed
            .entries
            .insert(("named-county".into(), "b".into()), (3, "synthetic reason".into()));
        assert_eq!(reviewed.stale(&found.fired).len(), 1);
    }

    #[test]
    fn departments_aliases_that_are_not_names_and_foreign_area_codes_are_errors() {
        let g = Gazetteer::bundled().unwrap();
        let seat = g.county_seat(511523).unwrap();
        let mut rows: Vec<Facility> = (0..5)
            .map(|i| Facility {
                phones: vec![format!("0831-262287{i}")],
                ..record(&format!("r{i}"), &format!("合成{i}号医院"), "", 511523, seat)
            })
            .collect();
        rows[0].name = "垫江县人民医院产科".into();
        rows[1].aliases =
            vec!["北大四院、积水潭医院".into(), "骨科专科".into(), "积水潭医院".into()];
        rows[2].phones = vec!["0381-2622871".into()];
        rows[3].name = "县医院".into();
        rows[4].name = "合成市人民医院、合成市第二人民医院".into();
        let lines: Vec<u64> = (2..7).collect();
        let found = check("f.csv", &rows, &lines, &g, &Exceptions::default());
        let messages: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert!(
            messages[4].starts_with("f.csv:5: name: \"县医院\" says only what kind")
                && messages[4].ends_with("(rule place-less-name)"),
            "{}",
            messages[4]
        );
        assert!(
            messages[5].starts_with("f.csv:6: name: \"合成市人民医院、合成市第二人民医院\" joins")
                && messages[5].ends_with("(rule two-institutions)"),
            "{}",
            messages[5]
        );
        assert!(
            messages[0].starts_with("f.csv:2: name: \"垫江县人民医院产科\" names a department"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].starts_with("f.csv:3: aliases: \"北大四院、积水潭医院\" is not one name"),
            "{}",
            messages[1]
        );
        assert!(messages[2].starts_with("f.csv:3: aliases: \"骨科专科\""), "{}", messages[2]);
        assert!(messages[3].starts_with("f.csv:4: phones: 0381-2622871 does not carry the area code of its city (511500); expected 0831"), "{}", messages[3]);
    }
}
