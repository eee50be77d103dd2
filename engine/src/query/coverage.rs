//! How much the data says: of the facilities in an area, how many state a
//! kind of fact at all, and who states it. An answer under a filter on a
//! service, a designation or a feature says this beside its results, so a
//! gap in the data never reads as "none here".
//!
//! ```
//! use engine::{Coverage, Dataset, Service};
//! let (facilities, _) = engine::synthetic::four_and_an_alliance();
//! let d = Dataset::from_facilities(facilities);
//! let c = Coverage::of(d.facilities());
//! assert_eq!((c.facilities, c.with_services, c.service(Service::Acupuncture)), (4, 2, 2));
//! assert_eq!(c.service(Service::Paediatrics), 0);
//! ```

use crate::data::columns::FacilityRef;
use crate::data::model::{Designation, FactField, Feature, Service};

/// How many sources a coverage names for each kind of fact, most used first.
pub const SOURCES_NAMED: usize = 3;

/// How much an area's facilities say, kind of fact by kind of fact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Facilities in the area.
    pub facilities: u32,
    /// Of them, those whose place is known (not a county's or city's seat).
    pub placed: u32,
    /// Those that list opening hours.
    pub with_hours: u32,
    /// Those that list a phone number.
    pub with_phone: u32,
    /// Those that list any service.
    pub with_services: u32,
    /// Those that hold any designation.
    pub with_designations: u32,
    /// Those that list any feature (insurance, access, booking).
    pub with_features: u32,
    /// Per term, how many list it (terms nobody lists are left out).
    pub services: Vec<(Service, u32)>,
    /// Per designation, how many hold it.
    pub designations: Vec<(Designation, u32)>,
    /// Per feature, how many list it.
    pub features: Vec<(Feature, u32)>,
    /// Who states the services: a source's publisher and how many facilities it states them for.
    pub service_sources: Vec<(String, u32)>,
    /// Who states the designations.
    pub designation_sources: Vec<(String, u32)>,
    /// Who states the features.
    pub feature_sources: Vec<(String, u32)>,
}

impl Coverage {
    /// The coverage of these facilities.
    pub fn of<'a>(facilities: impl IntoIterator<Item = FacilityRef<'a>>) -> Coverage {
        let mut c = Coverage::default();
        let mut services = vec![0u32; Service::ALL.len()];
        let mut designations = vec![0u32; Designation::ALL.len()];
        let mut features = vec![0u32; Feature::ALL.len()];
        let mut sources: [Vec<(String, u32)>; 3] = Default::default();
        for f in facilities {
            c.facilities += 1;
            c.placed += u32::from(f.precision().is_placed());
            c.with_hours += u32::from(!f.opening_hours().is_empty());
            c.with_phone += u32::from(f.phones().next().is_some());
            let mut any = [false; 3];
            for s in f.services() {
                services[s.tag() as usize] += 1;
                any[0] = true;
            }
            for d in f.designations() {
                designations[d.tag() as usize] += 1;
                any[1] = true;
            }
            for x in f.features() {
                features[x.tag() as usize] += 1;
                any[2] = true;
            }
            c.with_services += u32::from(any[0]);
            c.with_designations += u32::from(any[1]);
            c.with_features += u32::from(any[2]);
            // Each publisher once per facility and kind of fact.
            let mut seen: [Vec<String>; 3] = Default::default();
            for fact in f.facts() {
                let kind = match fact.field {
                    FactField::Service(_) => 0,
                    FactField::Designation(_) => 1,
                    FactField::Feature(_) => 2,
                    _ => continue,
                };
                let publisher = fact.citation.publisher().to_string();
                if !seen[kind].contains(&publisher) {
                    seen[kind].push(publisher);
                }
            }
            for (kind, publishers) in seen.into_iter().enumerate() {
                for p in publishers {
                    match sources[kind].iter_mut().find(|(q, _)| *q == p) {
                        Some((_, n)) => *n += 1,
                        None => sources[kind].push((p, 1)),
                    }
                }
            }
        }
        let listed = |counts: Vec<u32>| counts.into_iter().enumerate().filter(|(_, n)| *n > 0);
        c.services = listed(services).map(|(i, n)| (Service::ALL[i], n)).collect();
        c.designations = listed(designations).map(|(i, n)| (Designation::ALL[i], n)).collect();
        c.features = listed(features).map(|(i, n)| (Feature::ALL[i], n)).collect();
        let [s, d, x] = sources.map(most_first);
        (c.service_sources, c.designation_sources, c.feature_sources) = (s, d, x);
        c
    }

    /// Adds another area's coverage (a province's to a region's).
    pub fn add(&mut self, other: &Coverage) {
        self.facilities += other.facilities;
        self.placed += other.placed;
        self.with_hours += other.with_hours;
        self.with_phone += other.with_phone;
        self.with_services += other.with_services;
        self.with_designations += other.with_designations;
        self.with_features += other.with_features;
        merge(&mut self.services, &other.services);
        merge(&mut self.designations, &other.designations);
        merge(&mut self.features, &other.features);
        for (mine, theirs) in [
            (&mut self.service_sources, &other.service_sources),
            (&mut self.designation_sources, &other.designation_sources),
            (&mut self.feature_sources, &other.feature_sources),
        ] {
            let mut all = std::mem::take(mine);
            merge(&mut all, theirs);
            *mine = most_first(all);
        }
    }

    /// How many list this service.
    pub fn service(&self, service: Service) -> u32 {
        count(&self.services, &service)
    }

    /// How many hold this designation.
    pub fn designation(&self, designation: Designation) -> u32 {
        count(&self.designations, &designation)
    }

    /// How many list this feature.
    pub fn feature(&self, feature: Feature) -> u32 {
        count(&self.features, &feature)
    }
}

fn count<T: PartialEq>(counts: &[(T, u32)], term: &T) -> u32 {
    counts.iter().find(|(t, _)| t == term).map_or(0, |(_, n)| *n)
}

fn merge<T: PartialEq + Clone>(into: &mut Vec<(T, u32)>, from: &[(T, u32)]) {
    for (term, n) in from {
        match into.iter_mut().find(|(t, _)| t == term) {
            Some((_, m)) => *m += n,
            None => into.push((term.clone(), *n)),
        }
    }
}

/// The sources most used first (ties by name, so the same data gives the same order), the first few.
fn most_first(mut sources: Vec<(String, u32)>) -> Vec<(String, u32)> {
    crate::sorting::sort_by(&mut sources, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sources.truncate(SOURCES_NAMED);
    sources
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::{Citation, FacilityKind, Fact, LocationPrecision};
    use crate::query::dataset::Dataset;
    use crate::testing::synthetic::four_and_an_alliance;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn cite(f: &mut crate::Facility, source: &str) {
        f.facts = f
            .services
            .iter()
            .map(|&s| Fact {
                field: FactField::Service(s),
                value: String::new(),
                citation: Citation {
                    source: source.into(),
                    date: "2024".into(),
                    url: String::new(),
                },
            })
            .collect();
    }

    #[test]
    fn counts_what_the_facilities_state_and_who_states_it() {
        let (mut facilities, _) = four_and_an_alliance();
        cite(&mut facilities[0], "合成卫健委: 中医馆名单 synthetic");
        cite(&mut facilities[1], "合成卫健委: 另一页 synthetic");
        facilities[2].precision = LocationPrecision::CountySeat;
        facilities[3].kind = FacilityKind::General;
        let d = Dataset::from_facilities(facilities);
        let c = Coverage::of(d.facilities());
        assert_eq!((c.facilities, c.placed, c.with_hours), (4, 3, 3));
        assert_eq!((c.with_services, c.with_designations, c.with_features), (2, 0, 0));
        assert_eq!(c.services, [(Service::Acupuncture, 2), (Service::Tuina, 1)]);
        assert_eq!(
            c.service_sources,
            [("合成卫健委".to_string(), 2)],
            "one publisher, counted once per facility"
        );
        let mut twice = c.clone();
        twice.add(&c);
        assert_eq!((twice.facilities, twice.service(Service::Acupuncture)), (8, 4));
        assert_eq!(twice.service_sources, [("合成卫健委".to_string(), 4)]);
        assert_eq!(Coverage::of(std::iter::empty()), Coverage::default());
    }
}
