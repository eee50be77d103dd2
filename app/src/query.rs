//! From what the user asked (a [`Query`]) to what the engine answers: the
//! results list, every match (for the map and export), and the counts beside
//! each filter option (the engine's facets).

use engine::{Dataset, Facets, LatLon, LocalTime, Scope};

use crate::model::Query;

/// How many results the list shows at most.
pub const LIST_LIMIT: usize = 50;

/// The list: slots and distances, nearest first, and how many match in all
/// (unknown over tiles without a radius: the nation is not loaded).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub rows: Vec<(usize, f64)>,
    pub total: Option<usize>,
}

/// Where a query looks: everywhere, or within its radius of `from`.
fn scope(q: &Query, from: LatLon) -> Scope {
    match q.radius_km {
        Some(km) => Scope::Within { point: from, radius_m: km * 1_000.0 },
        None => Scope::Everywhere,
    }
}

/// The matching facilities nearest `from` (within the radius, if one is
/// set). `tiled`: the dataset holds only the tiles loaded, so a count over
/// everywhere would not be true and is not given.
pub fn results(dataset: &Dataset, q: &Query, from: LatLon, now: LocalTime, tiled: bool) -> Results {
    let filter = q.filter_at(now);
    match q.radius_km {
        Some(km) => {
            let hits = dataset.within_radius(from, km * 1_000.0, &filter);
            Results {
                total: Some(hits.len()),
                rows: hits
                    .iter()
                    .take(LIST_LIMIT)
                    .map(|h| (h.facility.slot(), h.distance_m))
                    .collect(),
            }
        }
        None => Results {
            total: (!tiled).then(|| dataset.matching(&filter, Scope::Everywhere).len()),
            rows: dataset
                .nearest(from, LIST_LIMIT, &filter)
                .iter()
                .map(|h| (h.facility.slot(), h.distance_m))
                .collect(),
        },
    }
}

/// The question the results ask of tiles.
pub fn question(q: &Query, from: LatLon, now: LocalTime) -> crate::tiles::Question {
    use crate::tiles::Question;
    let filter = q.filter_at(now);
    match q.radius_km {
        Some(km) => Question::Radius { point: from, radius_m: km * 1_000.0, filter },
        None => Question::Nearest { point: from, k: LIST_LIMIT, filter },
    }
}

/// Every slot that matches (for export), in no order; over tiles without a
/// radius, the nearest listed (everywhere is not loaded).
pub fn all_slots(
    dataset: &Dataset,
    q: &Query,
    from: LatLon,
    now: LocalTime,
    tiled: bool,
) -> Vec<usize> {
    if tiled && q.radius_km.is_none() {
        return results(dataset, q, from, now, true)
            .rows
            .into_iter()
            .map(|(slot, _)| slot)
            .collect();
    }
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

    const MONDAY_9: LocalTime = LocalTime { weekday: 0, minute: 9 * 60, date: None };

    fn query(f: impl FnOnce(&mut Query)) -> Query {
        let mut q = Query::default();
        f(&mut q);
        q
    }

    #[test]
    fn results_are_nearest_first_and_filtered() {
        let d = dataset();
        let from = LatLon::new(30.025, 104.0).unwrap();
        let all = results(&d, &Query::default(), from, MONDAY_9, false);
        assert_eq!(
            (ids(&d, &all), all.total),
            (vec!["c".into(), "d".into(), "b".into(), "a".into()], Some(4))
        );
        // Over tiles, the nation's count is not known; within a radius it is.
        let tiled = results(&d, &Query::default(), from, MONDAY_9, true);
        assert_eq!((ids(&d, &tiled), tiled.total), (ids(&d, &all), None));
        let q = query(|q| {
            q.filter.kinds = vec![FacilityKind::Tcm];
            q.filter.services = vec![Service::Acupuncture];
        });
        assert_eq!(ids(&d, &results(&d, &q, from, MONDAY_9, false)), ["b", "a"]);
        let near = Query { radius_km: Some(1.2), ..Query::default() };
        let within = results(&d, &near, from, MONDAY_9, false);
        assert_eq!(
            (ids(&d, &within), within.total),
            (vec!["c".into(), "d".into()], Some(2)),
            "nearest first within the radius"
        );
        assert_eq!(results(&d, &near, from, MONDAY_9, true).total, Some(2));
        let open = Query { open_now: true, ..Query::default() };
        assert_eq!(
            results(&d, &open, from, MONDAY_9, false).total,
            Some(3),
            "d lists no hours, so it is not open"
        );
        let member = query(|q| {
            q.filter.network = Some(engine::InNetwork { id: "alliance".into(), role: None })
        });
        assert_eq!(ids(&d, &results(&d, &member, from, MONDAY_9, false)), ["d", "b"]);
        assert_eq!(all_slots(&d, &near, from, MONDAY_9, false).len(), 2);
        assert_eq!(all_slots(&d, &near, from, MONDAY_9, true).len(), 2);
        assert_eq!(
            all_slots(&d, &Query::default(), from, MONDAY_9, true),
            results(&d, &Query::default(), from, MONDAY_9, true)
                .rows
                .iter()
                .map(|r| r.0)
                .collect::<Vec<_>>()
        );
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
        let near = counts(
            &d,
            &Query { radius_km: Some(1.5), open_now: true, ..Query::default() },
            from,
            MONDAY_9,
        );
        assert_eq!(near.total, 2, "a and b are within 1.5 km and open");
    }
}
