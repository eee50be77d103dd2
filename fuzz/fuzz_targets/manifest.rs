//! Arbitrary text into the shard-manifest parser: errors are fine, panics are not.
#![no_main]

use engine::shards::{Manifest, ShardSet};
use engine::{Filter, LatLon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(manifest) = Manifest::parse(text) {
        // A parsed manifest must be safe to plan with, even before any shard is loaded.
        let set = ShardSet::new(manifest);
        let at = LatLon::new(30.0, 104.0).expect("valid point");
        let _ = set.nearest(at, 5, &Filter::all()).next_batch(1, true);
        // Masks decide what a filtered question skips.
        let rare = Filter { designations: vec![engine::Designation::ChestPainCentre], ..Filter::all() };
        let _ = set.nearest(at, 5, &rare).next_batch(0, true);
        let _ = set.within_box(engine::LatLonBox::WORLD, &rare);
        let _ = set.clusters(engine::LatLonBox::WORLD, 3, &Filter::all());
        let _ = set.clusters(engine::LatLonBox::WORLD, 12, &rare);
        let _ = set.manifest().to_json();
    }
});
