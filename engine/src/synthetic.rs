//! Synthetic facilities for tests and benchmarks only.
//!
//! Every record is labelled synthetic in its id, name and source, so it can
//! never pass for a real institution.

use crate::geo::LatLon;
use crate::model::{Facility, FacilityKind, Grade, LocationPrecision};

/// A small deterministic generator (64-bit LCG), so tests need no RNG crate and run the same on wasm.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 11
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() as f64 / (1u64 << 53) as f64)
    }
}

/// `n` synthetic facilities spread over the whole globe, poles included.
pub fn sample(n: usize, seed: u64) -> Vec<Facility> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|i| Facility {
            id: format!("synthetic-{seed}-{i:05}"),
            name: format!("合成机构 synthetic {i}"),
            kind: FacilityKind::ALL[(rng.next() % FacilityKind::ALL.len() as u64) as usize],
            grade: Grade::ALL[(rng.next() % Grade::ALL.len() as u64) as usize],
            point: LatLon::new(rng.range(-90.0, 90.0), rng.range(-180.0, 180.0)).unwrap(),
            precision: LocationPrecision::Approximate,
            source: "synthetic test data".into(),
            last_checked: "2026-01-01".into(),
        })
        .collect()
}
