//! Synthetic facilities for tests and benchmarks only.
//!
//! Every record is labelled synthetic in its id, name and source, so it can
//! never pass for a real institution.

use crate::geo::LatLon;
use crate::filter::{Filter, Region};
use crate::hours::LocalTime;
use crate::model::{Designation, Facility, FacilityKind, Grade, Ownership, Service};

/// A small deterministic generator (64-bit LCG), so tests need no RNG crate and run the same on wasm.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 11
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() as f64 / (1u64 << 53) as f64)
    }
}

/// Opening hours the synthetic facilities cycle through: listed, unlisted, unparseable.
pub const SYNTHETIC_HOURS: &[&str] =
    &["Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00", "24/7", "", "Mo-Su 20:00-02:00", "sometimes", "We off"];

/// `n` synthetic facilities spread over the whole globe, poles included.
pub fn sample(n: usize, seed: u64) -> Vec<Facility> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|i| {
            let point = LatLon::new(rng.range(-90.0, 90.0), rng.range(-180.0, 180.0)).unwrap();
            Facility {
                grade: Grade::ALL[(rng.next_u64() % Grade::ALL.len() as u64) as usize],
                services: pick(&mut rng, Service::ALL, 6),
                // About one facility in twelve holds any designation: rare filters stay rare.
                designations: if rng.next_u64().is_multiple_of(12) { pick(&mut rng, Designation::ALL, 4) } else { vec![] },
                ownership: Ownership::ALL[(rng.next_u64() % Ownership::ALL.len() as u64) as usize],
                // 99xxxx is no real adcode; the strings say synthetic; no field is dialable or visitable.
                county_code: 990_000 + (i % 1_000) as u32,
                aliases: if i.is_multiple_of(3) { vec![format!("合成别名 synthetic alias {i}")] } else { vec![] },
                address: format!("合成地址 synthetic address {i}"),
                pinyin: format!("he cheng ji gou synthetic {i}"),
                opening_hours: SYNTHETIC_HOURS[i % SYNTHETIC_HOURS.len()].into(),
                phones: if i.is_multiple_of(2) { vec![format!("synthetic-phone-{i}"), "synthetic-phone-2".into()] } else { vec![] },
                source: "synthetic test data".into(),
                last_checked: "2026-01-01".into(),
                ..Facility::new(
                    format!("synthetic-{seed}-{i:05}"),
                    format!("合成机构 synthetic {i}"),
                    FacilityKind::ALL[(rng.next_u64() % FacilityKind::ALL.len() as u64) as usize],
                    point,
                )
            }
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
    }
    facilities
}

/// Between 0 and `max` distinct terms drawn from `all`.
fn pick<T: Copy + Ord>(rng: &mut Lcg, all: &[T], max: u64) -> Vec<T> {
    let mut out: Vec<T> = (0..rng.next_u64() % (max + 1)).map(|_| all[(rng.next_u64() % all.len() as u64) as usize]).collect();
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
        designations: if rng.next_u64().is_multiple_of(3) { pick(rng, Designation::ALL, 1) } else { vec![] },
        // Synthetic county codes are 990000..991000: a "province", "cities" and counties of them.
        region: match rng.next_u64() % 8 {
            0 => Region::new(990_000),
            1 => Region::new(990_000 + 100 * (rng.next_u64() % 10) as u32),
            2 => Region::new(990_000 + (rng.next_u64() % 1_000) as u32),
            _ => None,
        },
        open_at: if rng.next_u64().is_multiple_of(4) {
            LocalTime::new((rng.next_u64() % 7) as u8, (rng.next_u64() % 24) as u8, (rng.next_u64() % 60) as u8)
        } else {
            None
        },
        ..Filter::all()
    }
}
