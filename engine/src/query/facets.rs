//! Facet counts: how many facilities each filter option would give, so the
//! filter interface can show a number beside every choice.
//!
//! Options in an "any of" group (kinds, grades, network kinds) are counted
//! with the rest of that group cleared, so a count says what ticking that
//! box gives; options in an "all of" group (services, designations) are
//! counted with the whole filter, as ticking one narrows. A specialty
//! alliance or consortium is counted with the one-network condition cleared.
//! Every count reads the bit columns; no record is built.

use crate::data::model::{Designation, FacilityKind, Feature, Grade, NetworkKind, Service};
use crate::query::dataset::{Dataset, Scope};
use crate::query::filter::Filter;

/// Counts per term, every term listed in vocabulary order (zeros included).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// Facilities matching the whole filter.
    pub total: usize,
    /// Per kind, with the kinds condition cleared.
    pub kinds: Vec<(FacilityKind, usize)>,
    /// Per grade, with the grades condition cleared.
    pub grades: Vec<(Grade, usize)>,
    /// Per service, with the whole filter.
    pub services: Vec<(Service, usize)>,
    /// Per designation, with the whole filter.
    pub designations: Vec<(Designation, usize)>,
    /// Per feature (insurance, access, booking), with the whole filter.
    pub features: Vec<(Feature, usize)>,
    /// Per network kind, with the network-kinds condition cleared.
    pub network_kinds: Vec<(NetworkKind, usize)>,
    /// Matching members of each specialty alliance and medical consortium,
    /// by network id, with the one-network condition cleared.
    pub networks: Vec<(String, usize)>,
}

impl Facets {
    /// Counts what `filter` and each option beside it would give in `scope`.
    ///
    /// ```
    /// use engine::{Dataset, Facets, FacilityKind, Filter, Scope, Service};
    /// let facilities = engine::synthetic::sample(300, 1);
    /// let dataset = Dataset::from_facilities(facilities.clone());
    /// let tcm = Filter { kinds: vec![FacilityKind::Tcm], ..Filter::all() };
    /// let facets = Facets::count(&dataset, &tcm, Scope::Everywhere);
    /// let is_tcm = |f: &&engine::Facility| f.kind == FacilityKind::Tcm;
    /// assert_eq!(facets.total, facilities.iter().filter(is_tcm).count());
    /// // Ticking "general hospital" too would add every general hospital.
    /// let general = facilities.iter().filter(|f| f.kind == FacilityKind::General).count();
    /// assert_eq!(facets.kind(FacilityKind::General), general);
    /// // Ticking acupuncture narrows the TCM hospitals to those that offer it.
    /// let with = facilities.iter().filter(is_tcm).filter(|f| f.services.contains(&Service::Acupuncture)).count();
    /// assert_eq!(facets.service(Service::Acupuncture), with);
    /// ```
    pub fn count(dataset: &Dataset, filter: &Filter, scope: Scope) -> Self {
        // The filter, then each "any of" group cleared in turn: one search each, in one loop.
        let asked = [
            filter.clone(),
            Filter { kinds: Vec::new(), ..filter.clone() },
            Filter { grades: Vec::new(), ..filter.clone() },
            Filter { network_kinds: Vec::new(), ..filter.clone() },
            Filter { network: None, ..filter.clone() },
        ];
        let [matching, without_kinds, without_grades, without_network_kinds, without_network] =
            asked.map(|f| dataset.matching(&f, scope));
        let mut services = vec![0; Service::ALL.len()];
        let mut designations = vec![0; Designation::ALL.len()];
        let mut features = vec![0; Feature::ALL.len()];
        for f in &matching {
            f.services().for_each(|s| services[s.tag() as usize] += 1);
            f.designations().for_each(|d| designations[d.tag() as usize] += 1);
            f.features().for_each(|x| features[x.tag() as usize] += 1);
        }
        let mut kinds = vec![0; FacilityKind::ALL.len()];
        without_kinds.iter().for_each(|f| kinds[f.kind().tag() as usize] += 1);
        let mut grades = vec![0; Grade::ALL.len()];
        without_grades.iter().for_each(|f| grades[f.grade().tag() as usize] += 1);
        let mut network_kinds = vec![0; NetworkKind::ALL.len()];
        for f in &without_network_kinds {
            let kinds =
                dataset.networks_of(f.slot()).iter().fold(0u32, |m, (n, _)| m | 1 << n.kind.tag());
            for (tag, count) in network_kinds.iter_mut().enumerate() {
                *count += usize::from(kinds & (1 << tag) != 0);
            }
        }
        let counted = |n: &crate::data::model::Network| {
            matches!(n.kind, NetworkKind::SpecialtyAlliance | NetworkKind::MedicalConsortium)
        };
        let mut per_network = vec![0; dataset.networks().len()];
        for f in &without_network {
            for (n, _) in dataset.networks_of(f.slot()) {
                if counted(n) {
                    if let Some(i) = dataset.networks().iter().position(|m| std::ptr::eq(m, n)) {
                        per_network[i] += 1;
                    }
                }
            }
        }
        fn pair<T: Copy>(all: &[T], counts: Vec<usize>) -> Vec<(T, usize)> {
            all.iter().copied().zip(counts).collect()
        }
        Facets {
            total: matching.len(),
            kinds: pair(FacilityKind::ALL, kinds),
            grades: pair(Grade::ALL, grades),
            services: pair(Service::ALL, services),
            designations: pair(Designation::ALL, designations),
            features: pair(Feature::ALL, features),
            network_kinds: pair(NetworkKind::ALL, network_kinds),
            networks: dataset
                .networks()
                .iter()
                .zip(per_network)
                .filter(|(n, _)| counted(n))
                .map(|(n, c)| (n.id.clone(), c))
                .collect(),
        }
    }

    /// The count beside a kind.
    pub fn kind(&self, kind: FacilityKind) -> usize {
        self.kinds[kind.tag() as usize].1
    }

    /// The count beside a grade.
    pub fn grade(&self, grade: Grade) -> usize {
        self.grades[grade.tag() as usize].1
    }

    /// The count beside a service.
    pub fn service(&self, service: Service) -> usize {
        self.services[service.tag() as usize].1
    }

    /// The count beside a designation.
    pub fn designation(&self, designation: Designation) -> usize {
        self.designations[designation.tag() as usize].1
    }

    /// The count beside a network kind.
    pub fn network_kind(&self, kind: NetworkKind) -> usize {
        self.network_kinds[kind.tag() as usize].1
    }

    /// The count beside one alliance or consortium; `None` for another id.
    pub fn network(&self, id: &str) -> Option<usize> {
        self.networks.iter().find(|(n, _)| n == id).map(|&(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::point::LatLon;
    use crate::testing::synthetic::sample;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_count_equals_the_count_of_the_filter_with_that_option_ticked() {
        let facilities = sample(400, 21);
        let dataset = Dataset::from_facilities(facilities.clone());
        let base =
            Filter { kinds: vec![FacilityKind::Tcm, FacilityKind::IntegratedTcm], ..Filter::all() };
        let facets = Facets::count(&dataset, &base, Scope::Everywhere);
        let count = |filter: &Filter| facilities.iter().filter(|f| filter.matches(f)).count();
        assert_eq!(facets.total, count(&base));
        for &s in Service::ALL {
            assert_eq!(
                facets.service(s),
                count(&Filter { services: vec![s], ..base.clone() }),
                "{s:?}"
            );
        }
        for &d in Designation::ALL {
            assert_eq!(
                facets.designation(d),
                count(&Filter { designations: vec![d], ..base.clone() }),
                "{d:?}"
            );
        }
        for &k in FacilityKind::ALL {
            assert_eq!(facets.kind(k), count(&Filter { kinds: vec![k], ..base.clone() }), "{k:?}");
        }
        for &g in Grade::ALL {
            assert_eq!(
                facets.grade(g),
                count(&Filter { grades: vec![g], ..base.clone() }),
                "{g:?}"
            );
        }
    }

    #[test]
    fn tags_index_the_vocabulary_in_order() {
        // `kind()` and friends index by tag: that needs tags to be 0..len in ALL order.
        assert!(FacilityKind::ALL.iter().enumerate().all(|(i, k)| k.tag() as usize == i));
        assert!(Grade::ALL.iter().enumerate().all(|(i, g)| g.tag() as usize == i));
        assert!(Service::ALL.iter().enumerate().all(|(i, s)| s.tag() as usize == i));
        assert!(Designation::ALL.iter().enumerate().all(|(i, d)| d.tag() as usize == i));
        assert!(NetworkKind::ALL.iter().enumerate().all(|(i, k)| k.tag() as usize == i));
    }

    #[test]
    fn networks_and_radius_are_counted_as_the_list_would_show_them() {
        let at = |lat, lon| LatLon::new(lat, lon).unwrap();
        let (facilities, network) = crate::testing::synthetic::four_and_an_alliance();
        let d = Dataset::with_networks(&facilities, &[network]).unwrap();
        let q = Filter {
            kinds: vec![FacilityKind::Tcm],
            services: vec![Service::Acupuncture],
            ..Filter::all()
        };
        let c = Facets::count(&d, &q, Scope::Everywhere);
        assert_eq!(c.kind(FacilityKind::Tcm), 2);
        assert_eq!(c.kind(FacilityKind::General), 0, "d offers no acupuncture");
        assert_eq!(c.service(Service::Tuina), 1);
        assert_eq!(c.network_kind(NetworkKind::SpecialtyAlliance), 1);
        assert_eq!(c.networks, vec![("alliance".to_string(), 1)]);
        let everything = Facets::count(&d, &Filter::all(), Scope::Everywhere);
        assert_eq!(
            (everything.kind(FacilityKind::General), everything.network("alliance")),
            (1, Some(2))
        );
        let near = Facets::count(
            &d,
            &Filter::all(),
            Scope::Within { point: at(30.025, 104.0), radius_m: 1_200.0 },
        );
        assert_eq!(near.total, 2);
        assert_eq!(Facets::count(&d, &Filter::all(), Scope::Everywhere).total, 4);
    }
}
