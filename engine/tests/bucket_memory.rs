//! A name bucket is downloaded, so it is hostile until read: reading one
//! never allocates more than the input justifies. A line that lists far more
//! holders than a key may have (64 tiles, 512 facilities) is refused after
//! reading that many, not after collecting them all. Measured with a
//! counting allocator, so it runs alone in its own test binary (natively:
//! the wasm32 run shares the allocator with the test harness in the browser).
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use engine::names::{Bucket, Layout, KEY_FACILITIES_AT_MOST, NAMES_HEADER};

/// The system allocator, keeping the bytes in use and the most in use since a reset.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        IN_USE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes allocated at once while `read` runs, beyond what was in use before.
fn peak_bytes<T>(read: impl FnOnce() -> T) -> (T, usize) {
    let before = IN_USE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let out = read();
    (out, PEAK.load(Ordering::SeqCst) - before)
}

#[test]
fn a_bucket_asking_for_more_holders_than_a_key_may_have_allocates_little() {
    let layout = Layout::new([1_000_000, 1_000_000]);
    // What a key may hold at most, as u32s, with room for the line's own key and the error.
    let allowed = 4 * (KEY_FACILITIES_AT_MOST + 1) + 4096;
    let tiles: Vec<String> = (0..200_000).map(|t| t.to_string()).collect();
    let deltas = vec!["1"; 500_000];
    for (what, list) in [
        ("tiles", format!("t{}", tiles.join(","))),
        ("facilities", format!("f{}", deltas.join(","))),
    ] {
        let text = format!("{NAMES_HEADER}\nt医院\t{list}\n");
        let (parsed, peak) = peak_bytes(|| Bucket::parse(&text, 0, 1, &layout));
        let error = parsed.expect_err("more holders than a key may have");
        assert!(error.contains("few"), "{what}: {error}");
        assert!(
            peak <= allowed,
            "{what}: reading a {} byte bucket allocated {peak} bytes at once; a key may hold {allowed}",
            text.len()
        );
    }
}
