//! "Which county is this point in" over the bundled boundaries: the R-tree
//! of county boxes then exact containment (`Places::county_at`), against the
//! scan it replaced (`Places::county_at_by_scan`: provinces by box, then
//! each province's regions in file order). Real boundaries, random points
//! in China's box (about half of them in China), every province read first.
//! `cargo bench -p datakit --bench locate`; figures in docs/PERFORMANCE.md.

use criterion::{criterion_group, criterion_main, Criterion};
use datakit::geocheck::Places;
use engine::LatLon;

fn points(n: usize) -> Vec<LatLon> {
    let mut state = 5u64;
    let mut unit = || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n).filter_map(|_| LatLon::new(18.0 + unit() * 36.0, 73.0 + unit() * 62.0).ok()).collect()
}

fn locate(c: &mut Criterion) {
    let mut places =
        Places::open(&datakit::boundaries::bundled_dir()).expect("the bundled boundaries");
    let points = points(1_000);
    // Read every province the points need before timing.
    for &p in &points {
        assert_eq!(places.county_at(p), places.county_at_by_scan(p));
    }
    let mut group = c.benchmark_group("county_at_1000_points");
    group.bench_function("rstar_index", |b| {
        b.iter(|| points.iter().filter_map(|&p| places.county_at(p)).count())
    });
    group.bench_function("scan", |b| {
        b.iter(|| points.iter().filter_map(|&p| places.county_at_by_scan(p)).count())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = locate
}
criterion_main!(benches);
