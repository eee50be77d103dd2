//! From what the user asked (a [`Query`]) to what the engine answers: the
//! results list, every match (for the map and export), and the counts beside
//! each filter option (the engine's facets).

use engine::{
    Dataset, Designation, Facets, FacilityKind, Filter, LatLon, LocalTime, Region, Scope, Service,
};

use crate::model::Query;

/// How many results the list shows at most.
pub const LIST_LIMIT: usize = 50;

/// The list: facilities whose place is known, nearest first, with their
/// distances; how many match in all (unknown over tiles without a radius:
/// the nation is not loaded); and, apart, those of the reference point's
/// county whose place is not known (placed at its seat), with no distance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub rows: Vec<(usize, f64)>,
    /// How many with a known place match (within the radius, if set).
    pub total: Option<usize>,
    /// How many match with no known place (not ranked, not counted above):
    /// anywhere, or with a radius those whose county's seat is within it.
    pub unplaced_total: Option<usize>,
    /// `unplaced_total` counts those whose county's seat is within the radius.
    pub unplaced_in_radius: bool,
    pub unplaced: Option<Unplaced>,
}

/// Facilities in one county with no known place in it, by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unplaced {
    pub county: u32,
    pub county_name: String,
    pub slots: Vec<usize>,
    /// Where the list shows them: after this many ranked rows (those of the
    /// same county nearest the point), before the first from beyond it.
    pub after_rows: usize,
}

/// Where a query looks: everywhere, or within its radius of `from`.
fn scope(q: &Query, from: LatLon) -> Scope {
    match q.radius_km {
        Some(km) => Scope::Within { point: from, radius_m: km * 1_000.0 },
        None => Scope::Everywhere,
    }
}

/// The matching facilities whose place is known nearest `from` (within the
/// radius, if one is set), and those of `county` whose place is not.
/// `tiled`: the dataset holds only the tiles loaded, so a count over
/// everywhere would not be true and is not given.
pub fn results(
    dataset: &Dataset,
    q: &Query,
    from: LatLon,
    now: LocalTime,
    tiled: bool,
    county: Option<(u32, &str)>,
) -> Results {
    let filter = q.filter_at(now);
    let placed = Filter { located: Some(true), ..filter.clone() };
    let (rows, total) = match q.radius_km {
        Some(km) => {
            let hits = dataset.within_radius(from, km * 1_000.0, &placed);
            let rows = hits.iter().take(LIST_LIMIT).map(|h| (h.facility.slot(), h.distance_m));
            (rows.collect(), Some(hits.len()))
        }
        None => (
            dataset
                .nearest(from, LIST_LIMIT, &placed)
                .iter()
                .map(|h| (h.facility.slot(), h.distance_m))
                .collect(),
            (!tiled).then(|| dataset.matching(&placed, Scope::Everywhere).len()),
        ),
    };
    // Those placed at their county's seat: counted everywhere, or, with a radius, where the
    // seat is within it (a county that reaches into the circle, said as such, never a distance).
    let not_placed = Filter { located: Some(false), ..filter.clone() };
    let unplaced_total = match q.radius_km {
        Some(km) => Some(dataset.within_radius(from, km * 1_000.0, &not_placed).len()),
        None => (!tiled).then(|| dataset.matching(&not_placed, Scope::Everywhere).len()),
    };
    let rows: Vec<(usize, f64)> = rows;
    let unplaced = county.map(|(code, name)| Unplaced {
        county: code,
        county_name: name.to_string(),
        slots: unplaced_in(dataset, &filter, code),
        after_rows: rows
            .iter()
            .take_while(|&&(slot, _)| dataset.get(slot).is_some_and(|f| f.county_code() == code))
            .count(),
    });
    // The county group lists its own; the count says the others.
    let unplaced = unplaced.filter(|u| !u.slots.is_empty());
    let unplaced_total =
        unplaced_total.map(|n| n.saturating_sub(unplaced.as_ref().map_or(0, |u| u.slots.len())));
    Results { rows, total, unplaced_total, unplaced_in_radius: q.radius_km.is_some(), unplaced }
}

/// The matching facilities of a county whose place is not known, in pinyin order.
pub fn unplaced_in(dataset: &Dataset, filter: &Filter, county: u32) -> Vec<usize> {
    let Some(region) = Region::new(county) else { return Vec::new() };
    let filter = Filter { located: Some(false), region: Some(region), ..filter.clone() };
    let mut found = dataset.matching(&filter, Scope::Everywhere);
    engine::sort_by(&mut found, |a, b| a.pinyin().cmp(b.pinyin()).then(a.id().cmp(b.id())));
    found.iter().map(|f| f.slot()).collect()
}

/// The question the results ask of tiles.
pub fn question(q: &Query, from: LatLon, now: LocalTime) -> crate::tiles::Question {
    use crate::tiles::Question;
    // The list ranks only facilities whose place is known: the question is theirs.
    let filter = Filter { located: Some(true), ..q.filter_at(now) };
    match q.radius_km {
        Some(km) => Question::Radius { point: from, radius_m: km * 1_000.0, filter },
        None => Question::Nearest { point: from, k: LIST_LIMIT, filter },
    }
}

/// The tiles' questions for [`usual_providers`]: the same filters, near the same point.
pub fn usual_questions(
    q: &Query,
    asked: Asked,
    from: LatLon,
    now: LocalTime,
) -> Vec<crate::tiles::Question> {
    let usual = asked.usual_providers().into_iter().map(|usual| Query {
        filter: Filter { region: q.filter.region, ..usual },
        open_now: q.open_now,
        radius_km: q.radius_km,
    });
    usual.map(|query| question(&query, from, now)).collect()
}

/// What a filter asks for that the data rarely states: one service, or one designation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    Service(Service),
    Designation(Designation),
}

impl Asked {
    /// The one service or designation the query asks for, if that is all it asks beyond place and time.
    pub fn of(q: &Query) -> Option<Asked> {
        let f = &q.filter;
        let rest = Filter { services: Vec::new(), designations: Vec::new(), ..f.clone() };
        if rest != Filter::all() {
            return None;
        }
        match (f.services.as_slice(), f.designations.as_slice()) {
            ([s], []) => Some(Asked::Service(*s)),
            ([], [d]) => Some(Asked::Designation(*d)),
            _ => None,
        }
    }

    /// Whether it is what an emergency button asks for.
    pub fn is_emergency(self) -> bool {
        matches!(
            self,
            Asked::Service(Service::Emergency)
                | Asked::Designation(Designation::ChestPainCentre | Designation::StrokeCentre)
        )
    }

    /// The institutions that usually offer it, as filters whose matches are
    /// listed (nearest first, marked "not listed"): TCM hospitals and
    /// primary care for TCM services (中医馆 in every township centre);
    /// general hospitals for an emergency department or an emergency
    /// centre; children's and maternal-child hospitals for paediatrics.
    pub fn usual_providers(self) -> Vec<Filter> {
        use FacilityKind::*;
        let kinds = |kinds: &[FacilityKind]| Filter { kinds: kinds.to_vec(), ..Filter::all() };
        match self {
            Asked::Service(s) if TCM_SERVICES.contains(&s) => vec![kinds(&[
                Tcm,
                IntegratedTcm,
                EthnicMedicine,
                TcmClinic,
                CentralTownshipCentre,
                TownshipCentre,
                CommunityCentre,
            ])],
            Asked::Service(Service::Paediatrics) => {
                let named = |word: &str| Filter { text: Some(word.into()), ..kinds(&[Specialty]) };
                vec![kinds(&[MaternalChild]), named("儿童"), named("儿科")]
            }
            Asked::Service(Service::Obstetrics | Service::Gynaecology) => {
                vec![kinds(&[MaternalChild])]
            }
            Asked::Service(Service::Emergency) => vec![kinds(&[General])],
            Asked::Designation(
                Designation::ChestPainCentre
                | Designation::StrokeCentre
                | Designation::TraumaCentre,
            ) => vec![kinds(&[General])],
            _ => Vec::new(),
        }
    }
}

/// The TCM services: what TCM hospitals and every township's 中医馆 usually offer.
pub const TCM_SERVICES: [Service; 8] = [
    Service::Acupuncture,
    Service::Tuina,
    Service::Cupping,
    Service::Moxibustion,
    Service::GuaSha,
    Service::PreventiveTcm,
    Service::TcmHall,
    Service::ModelTcmHall,
];

/// Fewer than this many confirmed answers within [`NEAR_M`] (or the radius) is "few".
pub const FEW: usize = 3;
/// How far "near" is for counting confirmed answers.
pub const NEAR_M: f64 = 20_000.0;

/// Whether the confirmed answers are few near the point.
pub fn few_near(r: &Results, radius_km: Option<f64>) -> bool {
    let reach = radius_km.map_or(NEAR_M, |km| km * 1_000.0);
    r.rows.iter().filter(|(_, d)| *d <= reach).count() < FEW
}

/// The institutions that usually offer what `asked` is, nearest first (within
/// the radius, if set), without those that already list it: the answer to
/// "few or no results", every one of them marked "not listed".
pub fn usual_providers(
    dataset: &Dataset,
    q: &Query,
    asked: Asked,
    from: LatLon,
    now: LocalTime,
    county: Option<(u32, &str)>,
) -> Results {
    let confirmed = Query { filter: Filter { text: None, ..q.filter.clone() }, ..q.clone() };
    let confirmed = confirmed.filter_at(now);
    let mut rows: Vec<(usize, f64)> = Vec::new();
    let mut unplaced: Vec<usize> = Vec::new();
    for usual in asked.usual_providers() {
        let question = Query {
            filter: Filter { region: q.filter.region, ..usual },
            open_now: q.open_now,
            radius_km: q.radius_km,
        };
        let found = results(dataset, &question, from, now, true, county);
        let new = |slot: &usize| !dataset.keeps(*slot, &confirmed);
        for row in found.rows.into_iter().filter(|(slot, _)| new(slot)) {
            if !rows.iter().any(|r| r.0 == row.0) {
                rows.push(row);
            }
        }
        for slot in found.unplaced.map_or_else(Vec::new, |u| u.slots).into_iter().filter(new) {
            if !unplaced.contains(&slot) {
                unplaced.push(slot);
            }
        }
    }
    engine::sort_by(&mut rows, |a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    rows.truncate(USUAL_LIMIT);
    let unplaced = county.filter(|_| !unplaced.is_empty()).map(|(code, name)| Unplaced {
        county: code,
        county_name: name.to_string(),
        after_rows: rows
            .iter()
            .take_while(|&&(slot, _)| dataset.get(slot).is_some_and(|f| f.county_code() == code))
            .count(),
        slots: unplaced,
    });
    Results { rows, total: None, unplaced_total: None, unplaced_in_radius: false, unplaced }
}

/// How many usual providers are listed.
pub const USUAL_LIMIT: usize = 10;

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
        return results(dataset, q, from, now, true, None)
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
        let all = results(&d, &Query::default(), from, MONDAY_9, false, None);
        assert_eq!(
            (ids(&d, &all), all.total),
            (vec!["c".into(), "d".into(), "b".into(), "a".into()], Some(4))
        );
        // Over tiles, the nation's count is not known; within a radius it is.
        let tiled = results(&d, &Query::default(), from, MONDAY_9, true, None);
        assert_eq!((ids(&d, &tiled), tiled.total), (ids(&d, &all), None));
        let q = query(|q| {
            q.filter.kinds = vec![FacilityKind::Tcm];
            q.filter.services = vec![Service::Acupuncture];
        });
        assert_eq!(ids(&d, &results(&d, &q, from, MONDAY_9, false, None)), ["b", "a"]);
        let near = Query { radius_km: Some(1.2), ..Query::default() };
        let within = results(&d, &near, from, MONDAY_9, false, None);
        assert_eq!(
            (ids(&d, &within), within.total),
            (vec!["c".into(), "d".into()], Some(2)),
            "nearest first within the radius"
        );
        assert_eq!(results(&d, &near, from, MONDAY_9, true, None).total, Some(2));
        let open = Query { open_now: true, ..Query::default() };
        assert_eq!(
            results(&d, &open, from, MONDAY_9, false, None).total,
            Some(3),
            "d lists no hours, so it is not open"
        );
        let member = query(|q| {
            q.filter.network = Some(engine::InNetwork { id: "alliance".into(), role: None })
        });
        assert_eq!(ids(&d, &results(&d, &member, from, MONDAY_9, false, None)), ["d", "b"]);
        assert_eq!(all_slots(&d, &near, from, MONDAY_9, false).len(), 2);
        assert_eq!(all_slots(&d, &near, from, MONDAY_9, true).len(), 2);
        assert_eq!(
            all_slots(&d, &Query::default(), from, MONDAY_9, true),
            results(&d, &Query::default(), from, MONDAY_9, true, None)
                .rows
                .iter()
                .map(|r| r.0)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_facility_at_its_county_seat_is_never_ranked_by_distance_but_listed_in_its_county() {
        use engine::{Facility, LocationPrecision};
        let at = |lat: f64, lon: f64| LatLon::new(lat, lon).unwrap();
        let facility = |id: &str, point: LatLon, precision: LocationPrecision| Facility {
            precision,
            county_code: 500111,
            source: "synthetic test record".into(),
            ..Facility::new(id, format!("合成{id}"), FacilityKind::TownshipCentre, point)
        };
        // The user stands 560 m from the seat; the township's own centre is 15 km off.
        let seat = at(29.7060, 105.7210);
        let d = Dataset::from_facilities(vec![
            facility("seat-a", seat, LocationPrecision::CountySeat),
            facility("seat-b", seat, LocationPrecision::CountySeat),
            facility("township", at(29.83, 105.80), LocationPrecision::TownshipSeat),
            facility("door", at(29.72, 105.73), LocationPrecision::AddressGeocoded),
        ]);
        let from = at(29.7010, 105.7210);
        let r = results(&d, &Query::default(), from, MONDAY_9, false, Some((500111, "大足区")));
        assert_eq!(ids(&d, &r), ["door", "township"], "only known places, nearest first");
        assert_eq!(
            (r.total, r.unplaced_total),
            (Some(2), Some(0)),
            "each side counted apart, the county's own listed and not counted again"
        );
        let unplaced = r.unplaced.expect("the county's seat-placed facilities, apart");
        let names: Vec<&str> = unplaced.slots.iter().map(|&s| d.get(s).unwrap().id()).collect();
        assert_eq!(
            (unplaced.county, unplaced.county_name.as_str(), names),
            (500111, "大足区", vec!["seat-a", "seat-b"])
        );
        let near = Query { radius_km: Some(1.0), ..Query::default() };
        let r = results(&d, &near, from, MONDAY_9, false, Some((500111, "大足区")));
        assert!(
            r.rows.is_empty() && r.total == Some(0),
            "560 m from a seat is not 560 m from them"
        );
        assert_eq!(r.unplaced.map(|u| u.slots.len()), Some(2));
        let elsewhere =
            results(&d, &Query::default(), from, MONDAY_9, false, Some((510107, "武侯区")));
        assert_eq!(elsewhere.unplaced, None, "another county's are not ours");
        assert_eq!(elsewhere.unplaced_total, Some(2), "but they are counted");
        let r = results(&d, &near, from, MONDAY_9, false, Some((510107, "武侯区")));
        assert_eq!(
            (r.unplaced_total, r.unplaced_in_radius),
            (Some(2), true),
            "a seat within the radius: counted as a county in range, never ranked"
        );
        let far = LatLon::new(30.6, 104.0).unwrap();
        assert_eq!(results(&d, &near, far, MONDAY_9, false, None).unplaced_total, Some(0));
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
