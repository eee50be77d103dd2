//! Arbitrary bytes as a name-index bucket that the manifest vouches for (size
//! and hash match), so the reader's own checks are what stands: errors are
//! fine, panics are not; a bucket that is accepted must answer searches and
//! text filters over the tiles it names.
#![no_main]

use engine::shards::{Manifest, ShardInfo, ShardSet};
use engine::{Filter, LatLon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let keys = data.iter().filter(|&&b| b == b'\n').count() as u32;
    let bucket = ShardInfo::describe_file("shards/names-000.txt".into(), data, keys);
    let tile = |n: &str| ShardInfo::describe_file(format!("shards/t510000-{n}.xzd"), b"", 1);
    let manifest = Manifest { shards: vec![tile("000"), tile("001")], names: vec![bucket], ..Manifest::new(0, true) };
    let mut set = ShardSet::new(manifest);
    if set.insert(2, data).is_ok() {
        let at = LatLon::new(30.0, 104.0).expect("valid point");
        for text in ["华西医院", "hxyy", "医院", "h", "t华西"] {
            let _ = set.search(text, Some(at), 6, &Filter::all());
            let _ = set.nearest(at, 5, &Filter { text: Some(text.into()), ..Filter::all() });
        }
    }
});
