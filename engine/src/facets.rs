//! Facet counts: how many of a query's results fall under each vocabulary
//! term, so the filter interface can show a number beside every choice.

use crate::model::{Designation, Facility, FacilityKind, Grade, Service};

/// Counts per term, every term listed in vocabulary order (zeros included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facets {
    pub total: usize,
    pub kinds: Vec<(FacilityKind, usize)>,
    pub grades: Vec<(Grade, usize)>,
    pub services: Vec<(Service, usize)>,
    pub designations: Vec<(Designation, usize)>,
}

impl Facets {
    /// Counts the given facilities (typically a query's results).
    ///
    /// ```
    /// use engine::facets::Facets;
    /// use engine::{FacilityKind, Service};
    /// let facilities = engine::synthetic::sample(100, 1);
    /// let facets = Facets::count(&facilities);
    /// assert_eq!(facets.total, 100);
    /// let tcm = facilities.iter().filter(|f| f.kind == FacilityKind::Tcm).count();
    /// assert_eq!(facets.kind(FacilityKind::Tcm), tcm);
    /// ```
    pub fn count<'a>(facilities: impl IntoIterator<Item = &'a Facility>) -> Self {
        let mut kinds = vec![0; FacilityKind::ALL.len()];
        let mut grades = vec![0; Grade::ALL.len()];
        let mut services = vec![0; Service::ALL.len()];
        let mut designations = vec![0; Designation::ALL.len()];
        let mut total = 0;
        for f in facilities {
            total += 1;
            kinds[f.kind.tag() as usize] += 1;
            grades[f.grade.tag() as usize] += 1;
            for s in &f.services {
                services[s.tag() as usize] += 1;
            }
            for d in &f.designations {
                designations[d.tag() as usize] += 1;
            }
        }
        fn pair<T: Copy>(all: &[T], counts: Vec<usize>) -> Vec<(T, usize)> {
            all.iter().copied().zip(counts).collect()
        }
        Facets {
            total,
            kinds: pair(FacilityKind::ALL, kinds),
            grades: pair(Grade::ALL, grades),
            services: pair(Service::ALL, services),
            designations: pair(Designation::ALL, designations),
        }
    }

    pub fn kind(&self, kind: FacilityKind) -> usize {
        self.kinds[kind.tag() as usize].1
    }

    pub fn grade(&self, grade: Grade) -> usize {
        self.grades[grade.tag() as usize].1
    }

    pub fn service(&self, service: Service) -> usize {
        self.services[service.tag() as usize].1
    }

    pub fn designation(&self, designation: Designation) -> usize {
        self.designations[designation.tag() as usize].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::sample;
    use crate::Filter;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_count_equals_the_filtered_count() {
        let facilities = sample(400, 21);
        let facets = Facets::count(&facilities);
        for &s in Service::ALL {
            let filter = Filter { services: vec![s], ..Filter::all() };
            assert_eq!(facets.service(s), facilities.iter().filter(|f| filter.matches(f)).count(), "{s:?}");
        }
        for &d in Designation::ALL {
            let filter = Filter { designations: vec![d], ..Filter::all() };
            assert_eq!(facets.designation(d), facilities.iter().filter(|f| filter.matches(f)).count(), "{d:?}");
        }
        assert_eq!(facets.kinds.iter().map(|(_, n)| n).sum::<usize>(), 400);
        assert_eq!(facets.grades.iter().map(|(_, n)| n).sum::<usize>(), 400);
    }

    #[test]
    fn tags_index_the_vocabulary_in_order() {
        // `kind()` and friends index by tag: that needs tags to be 0..len in ALL order.
        assert!(FacilityKind::ALL.iter().enumerate().all(|(i, k)| k.tag() as usize == i));
        assert!(Grade::ALL.iter().enumerate().all(|(i, g)| g.tag() as usize == i));
        assert!(Service::ALL.iter().enumerate().all(|(i, s)| s.tag() as usize == i));
        assert!(Designation::ALL.iter().enumerate().all(|(i, d)| d.tag() as usize == i));
    }

    #[test]
    fn empty_input_counts_zero() {
        let facets = Facets::count(&[]);
        assert_eq!(facets.total, 0);
        assert!(facets.services.iter().all(|(_, n)| *n == 0));
    }
}
