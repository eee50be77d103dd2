//! From what the user asked (a [`Query`]) to what the engine answers: the
//! results list and the counts beside each filter.

use engine::{Dataset, Designation, FacilityKind, Filter, Grade, InNetwork, LatLon, LatLonBox, LocalTime, NetworkKind, Service};

use crate::route::Query;

/// How many results the list shows at most.
pub const LIST_LIMIT: usize = 50;

const WORLD: LatLonBox = LatLonBox { south: -90.0, west: -180.0, north: 90.0, east: 180.0 };

/// The engine filter for a query at time `now` (China time).
pub fn filter(q: &Query, now: LocalTime) -> Filter {
    Filter {
        kinds: q.kinds.clone(),
        grades: q.grades.clone(),
        services: q.services.clone(),
        designations: q.designations.clone(),
        region: None,
        open_at: q.open_now.then_some(now),
        network_kinds: q.network_kinds.clone(),
        network: q.network.clone().map(|id| InNetwork { id, role: None }),
        text: (!q.text.trim().is_empty()).then(|| q.text.clone()),
    }
}

/// The list: slots and distances, nearest first, and how many match in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub rows: Vec<(usize, f64)>,
    pub total: usize,
}

/// The matching facilities nearest `from` (within the radius, if one is set).
pub fn results(dataset: &Dataset, q: &Query, from: LatLon, now: LocalTime) -> Results {
    let filter = filter(q, now);
    match q.radius_km {
        Some(km) => {
            let hits = dataset.within_radius(from, km * 1_000.0, &filter);
            Results { total: hits.len(), rows: hits.iter().take(LIST_LIMIT).map(|h| (h.facility.slot(), h.distance_m)).collect() }
        }
        None => Results {
            total: dataset.within_box(WORLD, &filter).len(),
            rows: dataset.nearest(from, LIST_LIMIT, &filter).iter().map(|h| (h.facility.slot(), h.distance_m)).collect(),
        },
    }
}

/// Every slot that matches (for the map and for export), in no order.
pub fn all_slots(dataset: &Dataset, q: &Query, from: LatLon, now: LocalTime) -> Vec<usize> {
    let filter = filter(q, now);
    match q.radius_km {
        Some(km) => dataset.within_radius(from, km * 1_000.0, &filter).iter().map(|h| h.facility.slot()).collect(),
        None => dataset.within_box(WORLD, &filter).iter().map(|f| f.slot()).collect(),
    }
}

/// How many facilities each filter option would give. Options in an "any
/// of" group (kinds, grades, network kinds) are counted with the rest of that
/// group cleared, so a count says what ticking that box adds; options in an
/// "all of" group (services, designations) with the whole query, as ticking
/// one narrows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    pub kinds: Vec<(FacilityKind, usize)>,
    pub grades: Vec<(Grade, usize)>,
    pub services: Vec<(Service, usize)>,
    pub designations: Vec<(Designation, usize)>,
    pub network_kinds: Vec<(NetworkKind, usize)>,
    /// Matching members of each specialty alliance and consortium.
    pub networks: Vec<(String, usize)>,
}

pub fn counts(dataset: &Dataset, q: &Query, from: LatLon, now: LocalTime) -> Counts {
    let tally = |q: &Query| all_slots(dataset, q, from, now);
    let matching = tally(q);
    let facilities: Vec<_> = matching.iter().filter_map(|&s| dataset.get(s).map(|f| f.to_facility())).collect();
    let without_kinds: Vec<_> = tally(&Query { kinds: vec![], ..q.clone() }).into_iter().filter_map(|s| dataset.get(s)).collect();
    let without_grades: Vec<_> = tally(&Query { grades: vec![], ..q.clone() }).into_iter().filter_map(|s| dataset.get(s)).collect();
    let without_network_kinds = tally(&Query { network_kinds: vec![], ..q.clone() });
    let without_network = tally(&Query { network: None, ..q.clone() });
    let count_kind = |k| without_kinds.iter().filter(|f| f.kind() == k).count();
    let count_grade = |g| without_grades.iter().filter(|f| f.grade() == g).count();
    let count_network_kind = |k| without_network_kinds.iter().filter(|&&s| dataset.networks_of(s).iter().any(|(n, _)| n.kind == k)).count();
    Counts {
        kinds: FacilityKind::ALL.iter().map(|&k| (k, count_kind(k))).collect(),
        grades: Grade::ALL.iter().map(|&g| (g, count_grade(g))).collect(),
        services: Service::ALL.iter().map(|&s| (s, facilities.iter().filter(|f| f.services.contains(&s)).count())).collect(),
        designations: Designation::ALL.iter().map(|&d| (d, facilities.iter().filter(|f| f.designations.contains(&d)).count())).collect(),
        network_kinds: NetworkKind::ALL.iter().map(|&k| (k, count_network_kind(k))).collect(),
        networks: dataset
            .networks()
            .iter()
            .filter(|n| matches!(n.kind, NetworkKind::SpecialtyAlliance | NetworkKind::MedicalConsortium))
            .map(|n| (n.id.clone(), without_network.iter().filter(|&&s| dataset.networks_of(s).iter().any(|(m, _)| m.id == n.id)).count()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Facility, Member, Network, Role};

    fn dataset() -> Dataset {
        let at = |lat, lon| LatLon::new(lat, lon).unwrap();
        let tcm = |id: &str, lat, services: Vec<Service>| Facility {
            services,
            opening_hours: "Mo-Su 08:00-17:00".into(),
            source: "synthetic test record".into(),
            ..Facility::new(id, format!("合成{id}"), FacilityKind::Tcm, at(lat, 104.0))
        };
        let facilities = vec![
            tcm("a", 30.00, vec![Service::Acupuncture]),
            tcm("b", 30.01, vec![Service::Acupuncture, Service::Tuina]),
            tcm("c", 30.02, vec![]),
            Facility { grade: Grade::TertiaryA, ..Facility::new("d", "合成d", FacilityKind::General, at(30.03, 104.0)) },
        ];
        let network = Network {
            id: "alliance".into(),
            name: "合成联盟".into(),
            name_en: String::new(),
            kind: NetworkKind::SpecialtyAlliance,
            specialty: Some(Service::Acupuncture),
            region: "test".into(),
            source: "synthetic".into(),
            last_checked: "2026-11-24".into(),
            members: vec![Member { facility_id: "b".into(), role: Role::Lead }, Member { facility_id: "d".into(), role: Role::Member }],
        };
        Dataset::with_networks(&facilities, &[network]).unwrap()
    }

    fn ids(d: &Dataset, r: &Results) -> Vec<String> {
        r.rows.iter().map(|&(s, _)| d.get(s).unwrap().id().to_string()).collect()
    }

    const MONDAY_9: LocalTime = LocalTime { weekday: 0, minute: 9 * 60 };

    #[test]
    fn results_are_nearest_first_and_filtered() {
        let d = dataset();
        let from = LatLon::new(30.025, 104.0).unwrap();
        let all = results(&d, &Query::default(), from, MONDAY_9);
        assert_eq!((ids(&d, &all), all.total), (vec!["c".into(), "d".into(), "b".into(), "a".into()], 4));
        let q = Query { kinds: vec![FacilityKind::Tcm], services: vec![Service::Acupuncture], ..Query::default() };
        assert_eq!(ids(&d, &results(&d, &q, from, MONDAY_9)), ["b", "a"]);
        let near = Query { radius_km: Some(1.2), ..Query::default() };
        assert_eq!(results(&d, &near, from, MONDAY_9).total, 2);
        let open = Query { open_now: true, ..Query::default() };
        assert_eq!(results(&d, &open, from, MONDAY_9).total, 3, "d lists no hours, so it is not open");
        let member = Query { network: Some("alliance".into()), ..Query::default() };
        assert_eq!(ids(&d, &results(&d, &member, from, MONDAY_9)), ["d", "b"]);
    }

    #[test]
    fn counts_say_what_each_option_would_give() {
        let d = dataset();
        let from = LatLon::new(30.0, 104.0).unwrap();
        let q = Query { kinds: vec![FacilityKind::Tcm], services: vec![Service::Acupuncture], ..Query::default() };
        let c = counts(&d, &q, from, MONDAY_9);
        let get = |v: &[(FacilityKind, usize)], k| v.iter().find(|(x, _)| *x == k).unwrap().1;
        assert_eq!(get(&c.kinds, FacilityKind::Tcm), 2);
        assert_eq!(get(&c.kinds, FacilityKind::General), 0, "d offers no acupuncture");
        assert_eq!(c.services.iter().find(|(s, _)| *s == Service::Tuina).unwrap().1, 1);
        assert_eq!(c.network_kinds.iter().find(|(k, _)| *k == NetworkKind::SpecialtyAlliance).unwrap().1, 1);
        assert_eq!(c.networks, vec![("alliance".to_string(), 1)]);
        let everything = counts(&d, &Query::default(), from, MONDAY_9);
        assert_eq!(get(&everything.kinds, FacilityKind::General), 1);
    }
}
