//! Decode-until-queryable and kNN(10), unfiltered and with a common (1 in 7)
//! and a rare (1 in 1000) filter, on synthetic datasets.
//! Run with `scripts/bench` (or `cargo bench -p engine`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use engine::synthetic::{sample_with_known_selectivity, Lcg};
use engine::{codec, Dataset, Designation, Filter, LatLon, Service};
use std::hint::black_box;

const SIZES: [usize; 2] = [10_000, 100_000];

fn decode_and_index(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_and_index");
    group.sample_size(10);
    for n in SIZES {
        let bytes = codec::encode(&sample_with_known_selectivity(n, 1), 0);
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
        let dataset = Dataset::from_bytes(&codec::encode(&sample_with_known_selectivity(n, 1), 0)).expect("valid synthetic dataset");
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

/// Text search is a scan over every facility: a pinyin-initials query that
/// matches all (then ranks by distance) and a Chinese substring that matches one.
fn text_search(c: &mut Criterion) {
    for n in SIZES {
        let dataset = Dataset::from_bytes(&codec::encode(&sample_with_known_selectivity(n, 1), 0)).expect("valid synthetic dataset");
        let here = LatLon::new(30.66, 104.07).expect("in range");
        let mut group = c.benchmark_group(format!("search/{n}"));
        group.sample_size(20);
        group.bench_function("initials_hcjg_top10", |b| b.iter(|| black_box(dataset.search("hcjg", Some(here), 10, &Filter::all()).len())));
        group.bench_function("substring_one_match", |b| b.iter(|| black_box(dataset.search("synthetic 4321", Some(here), 10, &Filter::all()).len())));
        group.finish();
    }
}

/// Clusters for a country-sized view at zoom 4 and a city-sized view at zoom 11,
/// unfiltered (prebuilt Morton index, built once before timing) and filtered.
fn clusters(c: &mut Criterion) {
    use engine::LatLonBox;
    for n in SIZES {
        let dataset = Dataset::from_bytes(&codec::encode(&sample_with_known_selectivity(n, 1), 0)).expect("valid synthetic dataset");
        let country = LatLonBox { south: 18.0, west: 73.0, north: 54.0, east: 135.0 };
        let city = LatLonBox { south: 30.4, west: 103.8, north: 30.9, east: 104.4 };
        let common = Filter { services: vec![Service::Acupuncture], ..Filter::all() };
        dataset.clusters(country, 4, &Filter::all());
        let mut group = c.benchmark_group(format!("clusters/{n}"));
        group.bench_function("country_z4", |b| b.iter(|| black_box(dataset.clusters(country, 4, &Filter::all()).len())));
        group.bench_function("city_z11", |b| b.iter(|| black_box(dataset.clusters(city, 11, &Filter::all()).len())));
        group.bench_function("country_z4_common_filter", |b| b.iter(|| black_box(dataset.clusters(country, 4, &common).len())));
        group.finish();
    }
}

criterion_group!(benches, decode_and_index, nearest_10, text_search, clusters);
criterion_main!(benches);
