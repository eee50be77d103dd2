//! Criterion benchmarks on synthetic national datasets (facilities scattered
//! around the real county seats of `data/places/county_seats.csv`, every
//! record labelled synthetic) at 10k, 100k and 1M facilities: decode until
//! queryable, kNN(10) unfiltered / common (1 in 7) / rare (1 in 1000),
//! radius, viewport, clusters and text search.
//! Run with `scripts/bench` (or `cargo bench -p engine`); `XZ_BENCH_MAX=100000`
//! skips the million.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use engine::synthetic::{national, Lcg};
use engine::{codec, Dataset, Designation, Filter, LatLon, LatLonBox, Service};
use std::hint::black_box;

/// `(adcode, seat)` from the bundled county-seat file.
pub fn seats() -> Vec<(u32, LatLon)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/places/county_seats.csv");
    let text = std::fs::read_to_string(path).expect("data/places/county_seats.csv");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Some((
                f.first()?.parse().ok()?,
                LatLon::new(f.get(2)?.parse().ok()?, f.get(3)?.parse().ok()?).ok()?,
            ))
        })
        .collect()
}

pub fn sizes() -> Vec<usize> {
    let max: usize =
        std::env::var("XZ_BENCH_MAX").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    [10_000, 100_000, 1_000_000].into_iter().filter(|&n| n <= max).collect()
}

/// Query points where people are: near a random county seat (within ~20 km).
fn queries(seats: &[(u32, LatLon)]) -> Vec<LatLon> {
    let mut rng = Lcg(3);
    (0..1024)
        .map(|_| {
            let seat = seats[(rng.next_u64() % seats.len() as u64) as usize].1;
            LatLon::new(seat.lat() + rng.range(-0.18, 0.18), seat.lon() + rng.range(-0.2, 0.2))
                .expect("in range")
        })
        .collect()
}

fn filters() -> [(&'static str, Filter); 3] {
    [
        ("unfiltered", Filter::all()),
        ("common_1_in_7", Filter { services: vec![Service::Acupuncture], ..Filter::all() }),
        (
            "rare_1_in_1000",
            Filter { designations: vec![Designation::ChestPainCentre], ..Filter::all() },
        ),
    ]
}

fn all(c: &mut Criterion) {
    let seats = seats();
    let queries = queries(&seats);
    for n in sizes() {
        let bytes = codec::encode(&national(n, 1, &seats), 0);
        let mut group = c.benchmark_group("decode_and_index");
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
            b.iter(|| Dataset::from_bytes(black_box(bytes)).expect("valid synthetic dataset"))
        });
        group.finish();

        let dataset = Dataset::from_bytes(&bytes).expect("valid synthetic dataset");
        drop(bytes);
        let mut group = c.benchmark_group(format!("nearest_10/{n}"));
        for (name, filter) in &filters() {
            group.bench_function(*name, |b| {
                let mut i = 0;
                b.iter(|| {
                    i = (i + 1) % queries.len();
                    black_box(dataset.nearest(queries[i], 10, filter).len())
                })
            });
        }
        group.finish();

        let mut group = c.benchmark_group(format!("radius_5km/{n}"));
        for (name, filter) in filters().iter().take(2) {
            group.bench_function(*name, |b| {
                let mut i = 0;
                b.iter(|| {
                    i = (i + 1) % queries.len();
                    black_box(dataset.within_radius(queries[i], 5_000.0, filter).len())
                })
            });
        }
        group.finish();

        // A phone's view of 成都 at zoom 11 (about 0.35° × 0.25°), and the whole country at zoom 4.
        let city = LatLonBox { south: 30.55, west: 103.9, north: 30.8, east: 104.25 };
        let country = LatLonBox { south: 18.0, west: 73.0, north: 54.0, east: 135.0 };
        let common = Filter { services: vec![Service::Acupuncture], ..Filter::all() };
        dataset.clusters(country, 4, &Filter::all()); // builds the cluster index once, before timing
        let mut group = c.benchmark_group(format!("viewport/{n}"));
        group.bench_function("city_box_facilities", |b| {
            b.iter(|| black_box(dataset.within_box(city, &Filter::all()).len()))
        });
        group.bench_function("city_z11_clusters", |b| {
            b.iter(|| black_box(dataset.clusters(city, 11, &Filter::all()).len()))
        });
        group.bench_function("country_z4_clusters", |b| {
            b.iter(|| black_box(dataset.clusters(country, 4, &Filter::all()).len()))
        });
        group.bench_function("city_z11_clusters_common_filter", |b| {
            b.iter(|| black_box(dataset.clusters(city, 11, &common).len()))
        });
        group.finish();

        let here = LatLon::new(30.66, 104.07).expect("in range");
        let mut group = c.benchmark_group(format!("search/{n}"));
        group.sample_size(10);
        group.bench_function("initials_hcjg_top10", |b| {
            b.iter(|| black_box(dataset.search("hcjg", Some(here), 10, &Filter::all()).len()))
        });
        group.bench_function("substring_one_match", |b| {
            b.iter(|| {
                black_box(dataset.search("synthetic 4321", Some(here), 10, &Filter::all()).len())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, all);
criterion_main!(benches);
