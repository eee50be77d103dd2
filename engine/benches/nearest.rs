//! Decode-until-queryable and kNN(10), unfiltered and with a common (1 in 7)
//! and a rare (1 in 1000) filter, on synthetic datasets.
//! Run with `scripts/bench` (or `cargo bench -p engine`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use engine::synthetic::{sample, Lcg};
use engine::{codec, Dataset, Designation, Facility, Filter, LatLon, Service};
use std::hint::black_box;

const SIZES: [usize; 2] = [10_000, 100_000];

/// Synthetic facilities where exactly one in seven has acupuncture and one in
/// a thousand is a chest-pain centre, so the filters' selectivity is known.
fn bench_sample(n: usize) -> Vec<Facility> {
    let mut facilities = sample(n, 1);
    for (i, f) in facilities.iter_mut().enumerate() {
        f.services.retain(|&s| s != Service::Acupuncture);
        f.designations.retain(|&d| d != Designation::ChestPainCentre);
        if i % 7 == 0 {
            f.services.insert(0, Service::Acupuncture);
        }
        if i % 1000 == 0 {
            f.designations.insert(0, Designation::ChestPainCentre);
        }
    }
    facilities
}

fn decode_and_index(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_and_index");
    group.sample_size(10);
    for n in SIZES {
        let bytes = codec::encode(&bench_sample(n), 0);
        group.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
            b.iter(|| Dataset::from_bytes(black_box(bytes)).expect("valid synthetic dataset"))
        });
    }
    group.finish();
}

fn nearest_10(c: &mut Criterion) {
    let filters = [
        ("unfiltered", Filter::all()),
        ("common_1_in_7", Filter { services: vec![Service::Acupuncture], ..Filter::all() }),
        ("rare_1_in_1000", Filter { designations: vec![Designation::ChestPainCentre], ..Filter::all() }),
    ];
    for n in SIZES {
        let dataset = Dataset::from_bytes(&codec::encode(&bench_sample(n), 0)).expect("valid synthetic dataset");
        let mut rng = Lcg(3);
        let queries: Vec<LatLon> = (0..1024)
            .map(|_| LatLon::new(rng.range(-90.0, 90.0), rng.range(-180.0, 180.0)).expect("in range"))
            .collect();
        let mut group = c.benchmark_group(format!("nearest_10/{n}"));
        for (name, filter) in &filters {
            group.bench_function(*name, |b| {
                let mut i = 0;
                b.iter(|| {
                    i = (i + 1) % queries.len();
                    black_box(dataset.nearest(queries[i], 10, filter).len())
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, decode_and_index, nearest_10);
criterion_main!(benches);
