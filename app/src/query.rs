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
/// county whose place is not known (placed at its seat), and those of its
/// city known only to be in the city (placed at the city's seat), with no distance.
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
    /// The city's: "重庆市内，具体位置未列出".
    pub unplaced_city: Option<Unplaced>,
}

impl Results {
    /// The groups with no known place: the county's, then the city's.
    pub fn unplaced_groups(&self) -> impl Iterator<Item = &Unplaced> {
        self.unplaced.iter().chain(&self.unplaced_city)
    }

    /// Whether nothing matches at all: no ranked row, no group, no count of others.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
            && self.unplaced_groups().next().is_none()
            && self.unplaced_total.unwrap_or(0) == 0
    }
}

/// The areas whose facilities with no known place are listed by name: the
/// reference point's county (or a county or city tapped on the map) and its
/// city. Each is an adcode and its name.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Areas<'a> {
    pub county: Option<(u32, &'a str)>,
    pub city: Option<(u32, &'a str)>,
}

impl<'a> Areas<'a> {
    /// The county alone.
    #[cfg(test)]
    pub fn county(code: u32, name: &'a str) -> Self {
        Areas { county: Some((code, name)), city: None }
    }
}

/// Facilities in one county (or known only to be in one city) with no known place in it, by name.
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
/// radius, if one is set), and those of the `areas` whose place is not.
/// `tiled`: the dataset holds only the tiles loaded, so a count over
/// everywhere would not be true and is not given.
pub fn results(
    dataset: &Dataset,
    q: &Query,
    from: LatLon,
    now: LocalTime,
    tiled: bool,
    areas: Areas<'_>,
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
    let rows: Vec<(usize, f64)> = rows;
    let (unplaced, unplaced_city) = groups(dataset, &filter, &rows, areas, |_| true);
    // Those placed at a seat and not in a group above: counted everywhere, or, with a radius,
    // where the seat is within it (an area that reaches into the circle, said as such, never a
    // distance). The groups list their own, whether or not their seat is in the circle.
    let listed: Vec<u32> = unplaced.iter().chain(&unplaced_city).map(|u| u.county).collect();
    let not_placed = Filter { located: Some(false), ..filter.clone() };
    let others = |found: Vec<engine::FacilityRef<'_>>| {
        found.iter().filter(|f| !listed.contains(&f.county_code())).count()
    };
    let unplaced_total = match q.radius_km {
        Some(_) => Some(others(dataset.matching(&not_placed, scope(q, from)))),
        None => (!tiled).then(|| others(dataset.matching(&not_placed, Scope::Everywhere))),
    };
    Results {
        rows,
        total,
        unplaced_total,
        unplaced_in_radius: q.radius_km.is_some(),
        unplaced,
        unplaced_city,
    }
}

/// The county's group and the city's (each `None` when empty), of those
/// matching `filter` that `keep` keeps; each shown after the ranked rows of
/// its own area nearest the point.
fn groups(
    dataset: &Dataset,
    filter: &Filter,
    rows: &[(usize, f64)],
    areas: Areas<'_>,
    keep: impl Fn(usize) -> bool,
) -> (Option<Unplaced>, Option<Unplaced>) {
    let group = |(code, name): (u32, &str)| {
        let region = Region::new(code)?;
        let slots: Vec<usize> =
            unplaced_in(dataset, filter, code).into_iter().filter(|&s| keep(s)).collect();
        let after_rows = rows
            .iter()
            .take_while(|&&(slot, _)| {
                dataset.get(slot).is_some_and(|f| region.contains(f.county_code()))
            })
            .count();
        let named = Unplaced { county: code, county_name: name.to_string(), slots, after_rows };
        (!named.slots.is_empty()).then_some(named)
    };
    // A city tapped on the map is the first group; it is not listed twice.
    let city = areas.city.filter(|c| areas.county.is_none_or(|county| county.0 != c.0));
    (areas.county.and_then(group), city.and_then(group))
}

/// The matching facilities of a county (or known only to be in a city) whose
/// place is not known, in pinyin order.
pub fn unplaced_in(dataset: &Dataset, filter: &Filter, area: u32) -> Vec<usize> {
    dataset.unplaced_in(filter, area).iter().map(|f| f.slot()).collect()
}

/// The question the results ask of tiles.
pub fn question(q: &Query, from: LatLon, now: LocalTime) -> crate::dataset_files::Question {
    use crate::dataset_files::Question;
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
) -> Vec<crate::dataset_files::Question> {
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
                // A children's hospital may be coded general (成都儿童专科医院) or integrated.
                let named = |word: &str| Filter {
                    text: Some(word.into()),
                    ..kinds(&[Specialty, General, IntegratedTcm])
                };
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
    areas: Areas<'_>,
) -> Results {
    let confirmed = Query { filter: Filter { text: None, ..q.filter.clone() }, ..q.clone() };
    let confirmed = confirmed.filter_at(now);
    let mut rows: Vec<(usize, f64)> = Vec::new();
    let mut unplaced: Vec<usize> = Vec::new();
    let new = |slot: usize| !dataset.keeps(slot, &confirmed);
    for usual in asked.usual_providers() {
        let question = Query {
            filter: Filter { region: q.filter.region, ..usual },
            open_now: q.open_now,
            radius_km: q.radius_km,
        };
        let found = results(dataset, &question, from, now, true, areas);
        unplaced.extend(found.unplaced_groups().flat_map(|u| u.slots.iter().copied()));
        for row in found.rows.into_iter().filter(|&(slot, _)| new(slot)) {
            if !rows.iter().any(|r| r.0 == row.0) {
                rows.push(row);
            }
        }
    }
    engine::sort_by(&mut rows, |a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    rows.truncate(USUAL_LIMIT);
    // The same groups, of the institutions found under any of the usual kinds.
    let (unplaced, unplaced_city) =
        groups(dataset, &Filter::all(), &rows, areas, |s| unplaced.contains(&s) && new(s));
    Results {
        rows,
        total: None,
        unplaced_total: None,
        unplaced_in_radius: false,
        unplaced,
        unplaced_city,
    }
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
        return results(dataset, q, from, now, true, Areas::default())
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
        let all = results(&d, &Query::default(), from, MONDAY_9, false, Areas::default());
        assert_eq!(
            (ids(&d, &all), all.total),
            (vec!["c".into(), "d".into(), "b".into(), "a".into()], Some(4))
        );
        // Over tiles, the nation's count is not known; within a radius it is.
        let tiled = results(&d, &Query::default(), from, MONDAY_9, true, Areas::default());
        assert_eq!((ids(&d, &tiled), tiled.total), (ids(&d, &all), None));
        let q = query(|q| {
            q.filter.kinds = vec![FacilityKind::Tcm];
            q.filter.services = vec![Service::Acupuncture];
        });
        assert_eq!(ids(&d, &results(&d, &q, from, MONDAY_9, false, Areas::default())), ["b", "a"]);
        let near = Query { radius_km: Some(1.2), ..Query::default() };
        let within = results(&d, &near, from, MONDAY_9, false, Areas::default());
        assert_eq!(
            (ids(&d, &within), within.total),
            (vec!["c".into(), "d".into()], Some(2)),
            "nearest first within the radius"
        );
        assert_eq!(results(&d, &near, from, MONDAY_9, true, Areas::default()).total, Some(2));
        let open = Query { open_now: true, ..Query::default() };
        assert_eq!(
            results(&d, &open, from, MONDAY_9, false, Areas::default()).total,
            Some(3),
            "d lists no hours, so it is not open"
        );
        let member = query(|q| {
            q.filter.network = Some(engine::InNetwork { id: "alliance".into(), role: None })
        });
        assert_eq!(
            ids(&d, &results(&d, &member, from, MONDAY_9, false, Areas::default())),
            ["d", "b"]
        );
        assert_eq!(all_slots(&d, &near, from, MONDAY_9, false).len(), 2);
        assert_eq!(all_slots(&d, &near, from, MONDAY_9, true).len(), 2);
        assert_eq!(
            all_slots(&d, &Query::default(), from, MONDAY_9, true),
            results(&d, &Query::default(), from, MONDAY_9, true, Areas::default())
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
        let r =
            results(&d, &Query::default(), from, MONDAY_9, false, Areas::county(500111, "大足区"));
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
        let r = results(&d, &near, from, MONDAY_9, false, Areas::county(500111, "大足区"));
        assert!(
            r.rows.is_empty() && r.total == Some(0),
            "560 m from a seat is not 560 m from them"
        );
        assert_eq!(r.unplaced.map(|u| u.slots.len()), Some(2));
        let elsewhere =
            results(&d, &Query::default(), from, MONDAY_9, false, Areas::county(510107, "武侯区"));
        assert_eq!(elsewhere.unplaced, None, "another county's are not ours");
        assert_eq!(elsewhere.unplaced_total, Some(2), "but they are counted");
        let r = results(&d, &near, from, MONDAY_9, false, Areas::county(510107, "武侯区"));
        assert_eq!(
            (r.unplaced_total, r.unplaced_in_radius),
            (Some(2), true),
            "a seat within the radius: counted as a county in range, never ranked"
        );
        let far = LatLon::new(30.6, 104.0).unwrap();
        assert_eq!(
            results(&d, &near, far, MONDAY_9, false, Areas::default()).unplaced_total,
            Some(0)
        );
    }

    #[test]
    fn usual_providers_are_the_kinds_that_usually_offer_it_never_those_that_list_it() {
        use engine::{Designation, Facility, LocationPrecision};
        let at = |lat: f64, lon: f64| LatLon::new(lat, lon).unwrap();
        let facility = |id: &str, name: &str, kind, km: f64| Facility {
            precision: LocationPrecision::AddressGeocoded,
            county_code: 510107,
            source: "synthetic test record".into(),
            ..Facility::new(id, name, kind, at(30.6 + km / 111.0, 104.0))
        };
        let d = Dataset::from_facilities(vec![
            facility("general", "合成人民医院", FacilityKind::General, 1.0),
            // A children's hospital coded general is found by its name.
            facility("children", "合成儿童专科医院", FacilityKind::General, 2.0),
            facility("mch", "合成妇幼保健院", FacilityKind::MaternalChild, 3.0),
            facility("tcm", "合成中医医院", FacilityKind::Tcm, 4.0),
            facility("township", "合成镇卫生院", FacilityKind::TownshipCentre, 5.0),
            // One that lists acupuncture is a confirmed answer, not a usual provider.
            Facility {
                services: vec![Service::Acupuncture],
                ..facility("listed", "合成针灸门诊部", FacilityKind::Tcm, 6.0)
            },
            Facility {
                precision: LocationPrecision::CountySeat,
                ..facility("seat", "合成乡卫生院", FacilityKind::TownshipCentre, 0.5)
            },
        ]);
        let from = at(30.6, 104.0);
        let usual = |asked: Asked| {
            let q = match asked {
                Asked::Service(s) => query(|q| q.filter.services = vec![s]),
                Asked::Designation(x) => query(|q| q.filter.designations = vec![x]),
            };
            let r = usual_providers(&d, &q, asked, from, MONDAY_9, Areas::county(510107, "武侯区"));
            let unplaced: Vec<String> = r
                .unplaced_groups()
                .flat_map(|u| u.slots.iter().map(|&s| d.get(s).unwrap().id().to_string()))
                .collect();
            (ids(&d, &r), unplaced)
        };
        assert_eq!(
            usual(Asked::Service(Service::Acupuncture)),
            (vec!["tcm".into(), "township".into()], vec!["seat".into()]),
            "TCM hospitals and township centres, nearest first; the seat-placed one apart;              never the one that lists it, nor a general hospital"
        );
        assert_eq!(
            usual(Asked::Service(Service::Paediatrics)),
            (vec!["children".into(), "mch".into()], vec![]),
            "children's hospitals by name, whatever their kind, and maternal-child hospitals"
        );
        assert_eq!(
            usual(Asked::Designation(Designation::ChestPainCentre)).0,
            ["general", "children"],
            "general hospitals for an emergency centre"
        );
        assert_eq!(usual(Asked::Service(Service::Emergency)).0, ["general", "children"]);
        assert_eq!(usual(Asked::Service(Service::Telemedicine)), (vec![], vec![]), "none usual");
        let q = query(|q| {
            q.filter.services = vec![Service::Acupuncture];
            q.filter.kinds = vec![FacilityKind::Tcm];
        });
        assert_eq!(Asked::of(&q), None, "a query that asks more than one thing asks no usual");
        assert!(Asked::Designation(Designation::StrokeCentre).is_emergency());
        assert!(!Asked::Service(Service::Acupuncture).is_emergency());
    }

    #[test]
    fn a_city_known_only_by_its_seat_is_a_group_of_its_own_never_a_distance() {
        use engine::{Facility, LocationPrecision};
        let at = |lat: f64, lon: f64| LatLon::new(lat, lon).unwrap();
        let facility = |id: &str, county_code: u32, precision, point| Facility {
            precision,
            county_code,
            source: "synthetic test record".into(),
            ..Facility::new(id, format!("合成{id}"), FacilityKind::General, point)
        };
        let seat = at(29.565689, 106.547918);
        let d = Dataset::from_facilities(vec![
            facility("city", 500000, LocationPrecision::CitySeat, seat),
            facility("county", 500103, LocationPrecision::CountySeat, at(29.5569, 106.5743)),
            facility("door", 500103, LocationPrecision::AddressGeocoded, at(29.56, 106.55)),
        ]);
        let from = at(29.5650, 106.5480);
        let areas =
            Areas { county: Some((500103, "渝中区")), city: Some((500000, "重庆市")) };
        let r = results(&d, &Query::default(), from, MONDAY_9, false, areas);
        assert_eq!(ids(&d, &r), ["door"], "30 m from the city's seat is no distance to it");
        let names = |u: &Option<Unplaced>| {
            let id = |s: &usize| d.get(*s).unwrap().id().to_string();
            u.as_ref().map(|u| (u.county, u.slots.iter().map(id).collect::<Vec<_>>()))
        };
        let one = |code: u32, id: &str| Some((code, vec![id.to_string()]));
        assert_eq!(names(&r.unplaced), one(500103, "county"), "the county's own");
        assert_eq!(names(&r.unplaced_city), one(500000, "city"), "the city's, apart");
        assert_eq!(r.unplaced_total, Some(0), "both listed, neither counted again");
        // Tapped on the map: the city's badge lists the city's, once.
        let tapped =
            Areas { county: Some((500000, "重庆市")), city: Some((500000, "重庆市")) };
        let r = results(&d, &Query::default(), from, MONDAY_9, false, tapped);
        assert_eq!((names(&r.unplaced), r.unplaced_city), (one(500000, "city"), None));
        // A county of another city does not gather 重庆's.
        let other =
            Areas { county: Some((510107, "武侯区")), city: Some((510100, "成都市")) };
        let r = results(&d, &Query::default(), from, MONDAY_9, false, other);
        assert!(r.unplaced.is_none() && r.unplaced_city.is_none());
        assert_eq!(r.unplaced_total, Some(2));
    }

    #[test]
    fn with_a_radius_the_count_says_the_other_areas_in_range_whatever_the_groups_hold() {
        use engine::{Facility, LocationPrecision};
        let at = |lat: f64, lon: f64| LatLon::new(lat, lon).unwrap();
        let facility = |id: &str, county_code: u32, precision, point| Facility {
            precision,
            county_code,
            source: "synthetic test record".into(),
            ..Facility::new(id, format!("合成{id}"), FacilityKind::TownshipCentre, point)
        };
        let d = Dataset::from_facilities(vec![
            facility("dazu", 500111, LocationPrecision::CountySeat, at(29.706, 105.721)),
            // 重庆's seat, about 85 km off: outside a 40 km circle, listed all the same.
            facility("city", 500000, LocationPrecision::CitySeat, at(29.565689, 106.547918)),
            // 铜梁's seat, about 35 km off: in the circle, in no group.
            facility("tongliang", 500151, LocationPrecision::CountySeat, at(29.84, 106.05)),
        ]);
        let areas =
            Areas { county: Some((500111, "大足区")), city: Some((500000, "重庆市")) };
        let q = Query { radius_km: Some(40.0), ..Query::default() };
        let r = results(&d, &q, at(29.70, 105.72), MONDAY_9, false, areas);
        assert!(r.unplaced.is_some() && r.unplaced_city.is_some());
        assert_eq!(
            (r.unplaced_total, r.unplaced_in_radius),
            (Some(1), true),
            "铜梁's one, not taken away by the city's listed below"
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
