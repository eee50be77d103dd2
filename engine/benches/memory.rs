//! Memory after load, and compressed bytes per facility, on the same
//! synthetic national datasets as `benches/nearest.rs`. Prints one JSON
//! line per size. Heap bytes are counted by a global allocator wrapper, so
//! they are what the engine really holds, not an estimate.
//! Run with `scripts/bench` (or `cargo bench -p engine --bench memory`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use engine::synthetic::national;
use engine::{codec, Dataset, Filter, LatLon, LatLonBox};

#[path = "nearest.rs"]
#[allow(dead_code)]
mod shared;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory").len()
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not used here.
    let seats = shared::seats();
    for n in shared::sizes() {
        let bytes = codec::encode(&national(n, 1, &seats), 0);
        let before = LIVE.load(Ordering::Relaxed);
        let dataset = Dataset::from_bytes(&bytes).expect("valid synthetic dataset");
        let after_load = LIVE.load(Ordering::Relaxed) - before;
        // The lazily built parts: the cluster index and the parsed opening hours.
        let world = LatLonBox { south: -85.0, west: -180.0, north: 85.0, east: 180.0 };
        dataset.clusters(world, 0, &Filter::all());
        dataset.hours(0);
        let after_lazy = LIVE.load(Ordering::Relaxed) - before;
        let columns =
            &bytes[codec::HEADER_LEN..codec::HEADER_LEN + n * codec::SPATIAL_AND_ATTRIBUTE_BYTES];
        let columns_gzip = gzip_len(columns);
        let file_gzip = gzip_len(&bytes);
        println!(
            "{{\"figure\":\"memory_and_size\",\"n\":{n},\"heap_bytes_after_load\":{after_load},\"heap_bytes_per_facility\":{:.1},\"heap_bytes_with_cluster_index_and_hours\":{after_lazy},\"file_bytes\":{},\"file_gzip_bytes\":{file_gzip},\"spatial_attribute_gzip_bytes_per_facility\":{:.2},\"data\":\"synthetic\"}}",
            after_load as f64 / n as f64,
            bytes.len(),
            columns_gzip as f64 / n as f64,
        );
        assert!(!dataset
            .nearest(LatLon::new(30.66, 104.07).expect("in range"), 1, &Filter::all())
            .is_empty());
    }
}
