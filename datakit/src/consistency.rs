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
    for (f, &line) in facilities.iter().zip(lines) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{FacilityKind, LatLon};

    fn record(id: &str, name: &str, address: &str, county: u32, point: LatLon) -> Facility {
        Facility {
            county_code: county,
            address: address.into(),
            ..Facility::new(id, name, FacilityKind::General, point)
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
}
