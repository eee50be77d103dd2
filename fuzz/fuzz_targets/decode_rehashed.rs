//! Like `decode`, but first makes the header's body length and content hash
//! agree with the body, so the fuzzer explores the columns and string table
//! instead of stopping at the checksum.
#![no_main]

use engine::codec::HEADER_LEN;
use engine::{Dataset, Filter, LatLon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < HEADER_LEN {
        return;
    }
    let mut bytes = data.to_vec();
    bytes[..4].copy_from_slice(&engine::codec::MAGIC);
    bytes[4..6].copy_from_slice(&engine::codec::FORMAT_VERSION.to_le_bytes());
    let body_len = (bytes.len() - HEADER_LEN) as u64;
    let hash = engine::codec::content_hash(&bytes[HEADER_LEN..]);
    bytes[24..32].copy_from_slice(&hash.to_le_bytes());
    bytes[32..40].copy_from_slice(&body_len.to_le_bytes());
    if let Ok(dataset) = Dataset::from_bytes(&bytes) {
        let point = LatLon::new(-33.0, 151.0).expect("valid point");
        let _ = dataset.nearest(point, 3, &Filter::all());
        let _ = dataset.within_radius(point, 1e6, &Filter::all());
    }
});
