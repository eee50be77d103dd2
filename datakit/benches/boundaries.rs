//! Reading the bundled boundary files: the overview, and 四川's medium and
//! detail files (the largest province), as the app and `datakit check`
//! decode them. `cargo bench -p datakit --bench boundaries`; figures in
//! docs/PERFORMANCE.md.

use criterion::{criterion_group, criterion_main, Criterion};
use engine::boundaries::Boundaries;

fn decode(c: &mut Criterion) {
    let dir = datakit::boundaries::bundled_dir();
    let mut group = c.benchmark_group("decode_boundaries");
    for file in ["china.xzb", "medium/510000.xzb", "detail/510000.xzb"] {
        let bytes = std::fs::read(dir.join(file)).expect("a bundled boundary file");
        let points: usize = Boundaries::decode(&bytes)
            .expect("it decodes")
            .regions
            .iter()
            .map(|r| r.points.len())
            .sum();
        eprintln!("{file}: {} bytes, {points} points", bytes.len());
        group.bench_function(file.replace(['/', '.'], "_"), |b| {
            b.iter(|| Boundaries::decode(&bytes).map(|b| b.regions.len()))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = decode
}
criterion_main!(benches);
