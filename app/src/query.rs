//! From what the user asked (a [`Query`]) to what the engine answers: the
//! results list, every match (for the map and export), and the counts beside
//! each filter option (the engine's facets).

use engine::{Dataset, Facets, LatLon, LocalTime, Scope};

use crate::model::Query;

/// How many results the list shows at most.
pub const LIST_LIMIT: usize = 50;

/// The list: slots and distances, nearest first, and how many match in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub rows: Vec<(usize, f64)>,
    pub total: usize,
}

/// Where a query looks: everywhere, or within its radius of `from`.
fn scope(q: &Query, from: LatLon) -> Scope {
    match q.radius_km {
        Some(km) => Scope::Within { point: from, radius_m: km * 1_000.0 },
        None => Scope::Everywhere,
    }
}

/// The matching facilities nearest `from` (within the radius, if one is set).
pub fn results(dataset: &Dataset, q: &Query, from: LatLon, now: LocalTime) -> Results {
    let filter = q.filter_at(now);
    match q.radius_km {
        Some(km) => {
            let hits = dataset.within_radius(from, km * 1_000.0, &filter);
            Results { total: hits.len(), rows: hits.iter().take(LIST_LIMIT).map(|h| (h.facility.slot(), h.distance_m)).collect() }
        }
        None => Results {
            total: dataset.matching(&filter, Scope::Everywhere).len(),
            rows: dataset.nearest(from, LIST_LIMIT, &filter).iter().map(|h| (h.facility.slot(), h.distance_m)).collect(),
        },
    }
}

/// Every slot that matches (for the map and for export), in no order.
pub fn all_slots(dataset: &Dataset, q: &Query, from: LatLon, now: LocalTime) -> Vec<usize> {
    dataset.matching(&q.filter_at(now), scope(q, from)).iter().map(|f| f.slot()).collect()
}

/// How many facilities each filter option would give (see [`Facets`]).
pub fn counts(dataset: &Dataset, q: &Query, from: LatLon, now: LocalTime) -> Facets {
    Facets::count(dataset, &q.filter_at(now), scope(q, from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{FacilityKind, Service};

    fn dataset() -> Dataset {
        let (facilities, network) = engine::synthetic::four_and_an_alliance();
        Dataset::with_networks(&facilities, &[network]).unwrap()
    }

    fn ids(d: &Dataset, r: &Results) -> Vec<String> {
        r.rows.iter().map(|&(s, _)| d.get(s).unwrap().id().to_string()).collect()
    }

    const MONDAY_9: LocalTime = LocalTime { weekday: 0, minute: 9 * 60 };

    fn query(f: impl FnOnce(&mut Query)) -> Query {
        let mut q = Query::default();
        f(&mut q);
        q
    }

    #[test]
    fn results_are_nearest_first_and_filtered() {
        let d = dataset();
        let from = LatLon::new(30.025, 104.0).unwrap();
        let all = results(&d, &Query::default(), from, MONDAY_9);
        assert_eq!((ids(&d, &all), all.total), (vec!["c".into(), "d".into(), "b".into(), "a".into()], 4));
        let q = query(|q| {
            q.filter.kinds = vec![FacilityKind::Tcm];
            q.filter.services = vec![Service::Acupuncture];
        });
        assert_eq!(ids(&d, &results(&d, &q, from, MONDAY_9)), ["b", "a"]);
        let near = Query { radius_km: Some(1.2), ..Query::default() };
        let within = results(&d, &near, from, MONDAY_9);
        assert_eq!((ids(&d, &within), within.total), (vec!["c".into(), "d".into()], 2), "nearest first within the radius");
        let open = Query { open_now: true, ..Query::default() };
        assert_eq!(results(&d, &open, from, MONDAY_9).total, 3, "d lists no hours, so it is not open");
        let member = query(|q| q.filter.network = Some(engine::InNetwork { id: "alliance".into(), role: None }));
        assert_eq!(ids(&d, &results(&d, &member, from, MONDAY_9)), ["d", "b"]);
        assert_eq!(all_slots(&d, &near, from, MONDAY_9).len(), 2);
    }

    #[test]
    fn counts_are_the_engines_facets_for_the_query() {
        let d = dataset();
        let from = LatLon::new(30.0, 104.0).unwrap();
        let q = query(|q| {
            q.filter.kinds = vec![FacilityKind::Tcm];
            q.filter.services = vec![Service::Acupuncture];
        });
        let c = counts(&d, &q, from, MONDAY_9);
        assert_eq!((c.kind(FacilityKind::Tcm), c.kind(FacilityKind::General)), (2, 0));
        assert_eq!(c.networks, vec![("alliance".to_string(), 1)]);
        let near = counts(&d, &Query { radius_km: Some(1.5), open_now: true, ..Query::default() }, from, MONDAY_9);
        assert_eq!(near.total, 2, "a and b are within 1.5 km and open");
    }
}
