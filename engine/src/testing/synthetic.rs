//! Synthetic facilities for tests and benchmarks only.
//!
//! Every record is labelled synthetic in its id, name and source, so it can
//! never pass for a real institution.

use crate::data::hours::LocalTime;
use crate::data::model::{
    Citation, Designation, Facility, FacilityKind, Fact, FactField, Feature, Grade,
    LocationPrecision, Member, Network, NetworkKind, Ownership, Role, Service,
};
use crate::geo::point::LatLon;
use crate::query::filter::{Filter, Region};

/// Four facilities a kilometre apart on one meridian (104° E, from 30.00° N),
/// and one acupuncture alliance: the small world the facet and list tests
/// reason about by hand. `a`, `b`, `c` are TCM hospitals open 08:00–17:00
/// daily (`a` acupuncture; `b` acupuncture and tuina, the alliance's lead;
/// `c` nothing listed); `d` a tertiary-A general hospital, an alliance member.
pub fn four_and_an_alliance() -> (Vec<Facility>, Network) {
    let at = |lat| LatLon::new(lat, 104.0).unwrap();
    let tcm = |id: &str, lat, services: Vec<Service>| Facility {
        services,
        opening_hours: "Mo-Su 08:00-17:00".into(),
        source: "synthetic test record".into(),
        ..Facility::new(id, format!("合成{id}"), FacilityKind::Tcm, at(lat))
    };
    let facilities = vec![
        tcm("a", 30.00, vec![Service::Acupuncture]),
        tcm("b", 30.01, vec![Service::Acupuncture, Service::Tuina]),
        tcm("c", 30.02, vec![]),
        Facility {
            grade: Grade::TertiaryA,
            source: "synthetic test record".into(),
            ..Facility::new("d", "合成d", FacilityKind::General, at(30.03))
        },
    ];
    let network = Network {
        id: "alliance".into(),
        name: "合成联盟".into(),
        name_en: String::new(),
        kind: NetworkKind::SpecialtyAlliance,
        specialty: Some(Service::Acupuncture),
        region: "synthetic".into(),
        source: "synthetic".into(),
        last_checked: "2026-11-24".into(),
        members: vec![
            Member { facility_id: "b".into(), role: Role::Lead, citation: synthetic_citation() },
            Member { facility_id: "d".into(), role: Role::Member, citation: synthetic_citation() },
        ],
    };
    (facilities, network)
}

/// The citation synthetic facts carry: it says synthetic, and nothing more.
pub fn synthetic_citation() -> Citation {
    Citation { source: "synthetic test data".into(), date: "2026-01".into(), url: String::new() }
}

/// Each term a synthetic facility holds, cited by [`synthetic_citation`].
pub fn cite_terms(f: &mut Facility) {
    let fields = (f.services.iter().map(|&s| FactField::Service(s)))
        .chain(f.designations.iter().map(|&d| FactField::Designation(d)))
        .chain(f.features.iter().map(|&x| FactField::Feature(x)));
    f.facts = fields
        .map(|field| Fact { field, value: String::new(), citation: synthetic_citation() })
        .collect();
}

/// A small deterministic generator (64-bit LCG), so tests need no RNG crate and run the same on wasm.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 11
    }

    /// A number in `lo..hi`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() as f64 / (1u64 << 53) as f64)
    }
}

/// Opening hours the synthetic facilities cycle through: listed, unlisted, unparseable.
pub const SYNTHETIC_HOURS: &[&str] = &[
    "Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00",
    "24/7",
    "",
    "Mo-Su 20:00-02:00",
    "sometimes",
    "We off",
];

/// `n` synthetic facilities spread over the whole globe, poles included.
pub fn sample(n: usize, seed: u64) -> Vec<Facility> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|i| {
            let point = LatLon::new(rng.range(-90.0, 90.0), rng.range(-180.0, 180.0)).unwrap();
            let mut f = Facility {
                grade: Grade::ALL[(rng.next_u64() % Grade::ALL.len() as u64) as usize],
                services: pick(&mut rng, Service::ALL, 6),
                // About one facility in twelve holds any designation: rare filters stay rare.
                designations: if rng.next_u64().is_multiple_of(12) {
                    pick(&mut rng, Designation::ALL, 4)
                } else {
                    vec![]
                },
                ownership: Ownership::ALL[(rng.next_u64() % Ownership::ALL.len() as u64) as usize],
                // 99xxxx is no real adcode; the strings say synthetic; no field is dialable or visitable.
                county_code: 990_000 + (i % 1_000) as u32,
                aliases: if i.is_multiple_of(3) {
                    vec![format!("合成别名 synthetic alias {i}")]
                } else {
                    vec![]
                },
                address: format!("合成地址 synthetic address {i}"),
                pinyin: format!("he cheng ji gou synthetic {i}"),
                opening_hours: SYNTHETIC_HOURS[i % SYNTHETIC_HOURS.len()].into(),
                phones: if i.is_multiple_of(2) {
                    vec![format!("synthetic-phone-{i}"), "synthetic-phone-2".into()]
                } else {
                    vec![]
                },
                source: "synthetic test data".into(),
                last_checked: "2026-01-01".into(),
                precision: LocationPrecision::ALL[i % LocationPrecision::ALL.len()],
                location_source: if i.is_multiple_of(4) {
                    format!("合成镇 synthetic township {}", i % 7)
                } else {
                    String::new()
                },
                kind_inferred: i.is_multiple_of(3),
                lists: match i % 5 {
                    0 => vec!["synthetic-list-a".into()],
                    1 => vec!["synthetic-list-a".into(), "synthetic-list-b".into()],
                    _ => vec![],
                },
                // Rare, as in real data; chosen by position so the random stream is as before.
                features: if i.is_multiple_of(9) {
                    vec![Feature::ALL[i % 2], Feature::ALL[2 + i % 5]]
                } else {
                    vec![]
                },
                booking_url: if i.is_multiple_of(20) {
                    format!("https://booking.invalid/synthetic/{i}")
                } else {
                    String::new()
                },
                former_township: if i.is_multiple_of(11) {
                    format!("合成乡 synthetic former township {}", i % 13)
                } else {
                    String::new()
                },
                ..Facility::new(
                    format!("synthetic-{seed}-{i:05}"),
                    format!("合成机构 synthetic {i}"),
                    FacilityKind::ALL[(rng.next_u64() % FacilityKind::ALL.len() as u64) as usize],
                    point,
                )
            };
            if i.is_multiple_of(10) || !f.designations.is_empty() || !f.features.is_empty() {
                cite_terms(&mut f);
            }
            f
        })
        .collect()
}

/// Like [`sample`], but exactly one facility in seven offers acupuncture and
/// one in a thousand is a chest-pain centre, so filter selectivity is known:
/// the data `scripts/bench` and `datakit synth` use.
pub fn sample_with_known_selectivity(n: usize, seed: u64) -> Vec<Facility> {
    let mut facilities = sample(n, seed);
    for (i, f) in facilities.iter_mut().enumerate() {
        f.services.retain(|&s| s != Service::Acupuncture);
        f.designations.retain(|&d| d != Designation::ChestPainCentre);
        if i.is_multiple_of(7) {
            f.services.insert(0, Service::Acupuncture);
        }
        if i.is_multiple_of(1000) {
            f.designations.insert(0, Designation::ChestPainCentre);
        }
        if !f.facts.is_empty() || !f.designations.is_empty() {
            cite_terms(f);
        }
    }
    facilities
}

/// A synthetic *national* dataset: `n` facilities scattered around real
/// county seats (`(adcode, seat)`, see `data/places/county_seats.csv`), with
/// a plausible mix of kinds (mostly village clinics and clinics, few
/// hospitals, as in China's health statistics), hospitals near the seat and
/// village clinics farther out, each facility carrying its county's real
/// adcode. Selectivity is known as in [`sample_with_known_selectivity`].
/// Names, ids and sources say synthetic; no phone or address is real.
pub fn national(n: usize, seed: u64, seats: &[(u32, LatLon)]) -> Vec<Facility> {
    if seats.is_empty() {
        return sample_with_known_selectivity(n, seed);
    }
    let mut facilities = sample_with_known_selectivity(n, seed);
    let mut rng = Lcg(seed ^ 0x5eed_5eed);
    for f in &mut facilities {
        let (adcode, seat) = seats[(rng.next_u64() % seats.len() as u64) as usize];
        f.kind = national_kind(&mut rng);
        // Hospitals sit within a few km of the seat; clinics and villages spread over the county.
        let reach_km = match f.kind {
            FacilityKind::VillageClinic
            | FacilityKind::TownshipCentre
            | FacilityKind::CentralTownshipCentre => 40.0,
            FacilityKind::Clinic | FacilityKind::TcmClinic | FacilityKind::CommunityCentre => 12.0,
            _ => 5.0,
        };
        let distance_km = reach_km * rng.range(0.0, 1.0).powi(2);
        let bearing = rng.range(0.0, std::f64::consts::TAU);
        let lat = (seat.lat() + distance_km / 111.2 * bearing.cos()).clamp(-90.0, 90.0);
        let lon = seat.lon()
            + distance_km / (111.2 * seat.lat().to_radians().cos().max(0.01)) * bearing.sin();
        f.point = LatLon::new(lat, lon.clamp(-180.0, 180.0)).unwrap_or(seat);
        f.county_code = adcode;
    }
    facilities
}

/// Kinds in rough national proportions (village clinics over half, hospitals a few per cent).
fn national_kind(rng: &mut Lcg) -> FacilityKind {
    use FacilityKind::*;
    const WEIGHTS: [(FacilityKind, u64); 12] = [
        (VillageClinic, 540),
        (Clinic, 250),
        (TcmClinic, 40),
        (CommunityCentre, 35),
        (TownshipCentre, 25),
        (CentralTownshipCentre, 8),
        (General, 20),
        (Tcm, 5),
        (IntegratedTcm, 1),
        (EthnicMedicine, 1),
        (Specialty, 12),
        (MaternalChild, 3),
    ];
    let total: u64 = WEIGHTS.iter().map(|w| w.1).sum();
    let mut pick = rng.next_u64() % total;
    for (kind, weight) in WEIGHTS {
        if pick < weight {
            return kind;
        }
        pick -= weight;
    }
    Clinic
}

/// Between 0 and `max` distinct terms drawn from `all`.
fn pick<T: Copy + Ord>(rng: &mut Lcg, all: &[T], max: u64) -> Vec<T> {
    let mut out: Vec<T> = (0..rng.next_u64() % (max + 1))
        .map(|_| all[(rng.next_u64() % all.len() as u64) as usize])
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A random filter over the synthetic vocabulary: often empty groups, sometimes rare.
pub fn random_filter(rng: &mut Lcg) -> Filter {
    Filter {
        kinds: pick(rng, FacilityKind::ALL, 3),
        grades: pick(rng, Grade::ALL, 2),
        services: pick(rng, Service::ALL, 2),
        designations: if rng.next_u64().is_multiple_of(3) {
            pick(rng, Designation::ALL, 1)
        } else {
            vec![]
        },
        // Synthetic county codes are 990000..991000: a "province", "cities" and counties of them.
        region: match rng.next_u64() % 8 {
            0 => Region::new(990_000),
            1 => Region::new(990_000 + 100 * (rng.next_u64() % 10) as u32),
            2 => Region::new(990_000 + (rng.next_u64() % 1_000) as u32),
            _ => None,
        },
        open_at: if rng.next_u64().is_multiple_of(4) {
            LocalTime::new(
                (rng.next_u64() % 7) as u8,
                (rng.next_u64() % 24) as u8,
                (rng.next_u64() % 60) as u8,
            )
        } else {
            None
        },
        // Free text that matches some synthetic names, aliases or pinyin, and not others.
        text: match rng.next_u64() % 10 {
            0 => Some(format!("synthetic {}", rng.next_u64() % 10)),
            1 => Some("alias".into()),
            2 => Some("hcjg".into()),
            _ => None,
        },
        features: if rng.next_u64().is_multiple_of(5) {
            pick(rng, Feature::ALL, 1)
        } else {
            vec![]
        },
        located: match rng.next_u64() % 6 {
            0 => Some(true),
            1 => Some(false),
            _ => None,
        },
        ..Filter::all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::point::haversine_m;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn national_sample_clusters_around_seats_with_a_plausible_mix() {
        let seats = [
            (500111, LatLon::new(29.7046, 105.7192).unwrap()),
            (512022, LatLon::new(30.2738, 105.0178).unwrap()),
        ];
        let facilities = national(7_000, 3, &seats);
        assert_eq!(facilities.len(), 7_000);
        for f in &facilities {
            let seat = seats.iter().find(|s| s.0 == f.county_code).expect("a seat's adcode").1;
            assert!(
                haversine_m(f.point, seat) <= 40_500.0,
                "{} is {} m out",
                f.id,
                haversine_m(f.point, seat)
            );
            assert!(f.id.starts_with("synthetic-") && f.source.contains("synthetic"));
        }
        let count = |k: FacilityKind| facilities.iter().filter(|f| f.kind == k).count();
        assert!(
            count(FacilityKind::VillageClinic) > 3_000 && count(FacilityKind::Tcm) < 150,
            "{}",
            count(FacilityKind::VillageClinic)
        );
        assert_eq!(
            facilities.iter().filter(|f| f.services.contains(&Service::Acupuncture)).count(),
            1_000
        );
    }
}
