//! Arbitrary bytes as a cluster summary that the manifest vouches for (size
//! and hash match), so the reader's own checks are what stands: errors are
//! fine, panics are not; a summary that is accepted must cluster.
#![no_main]

use engine::shards::{Manifest, ShardInfo, ShardSet};
use engine::{Filter, LatLonBox};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cells = data.iter().filter(|&&b| b == b'[').count().saturating_sub(1) as u32;
    let info = ShardInfo::describe_file("shards/clusters.json".into(), data, cells);
    let shard = ShardInfo::describe_file("shards/t510000-000.xzd".into(), b"", 1);
    let manifest = Manifest { shards: vec![shard], clusters: vec![info.clone(), info], ..Manifest::new(0, true) };
    let mut set = ShardSet::new(manifest);
    if set.insert(1, data).is_ok() && set.insert(2, data).is_ok() {
        for zoom in [0, 4, 8] {
            let _ = set.clusters(LatLonBox::WORLD, zoom, &Filter::all());
        }
    }
});
