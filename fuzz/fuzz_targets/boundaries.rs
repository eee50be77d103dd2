//! The boundary decoder on any bytes, with the trailing checksum made to
//! agree so the fuzzer explores the regions, not just the checksum; then
//! the queries the app and datakit run on what decodes.
#![no_main]

use engine::boundaries::{Boundaries, Level};
use engine::LatLon;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Boundaries::decode(data);
    if data.len() < 20 {
        return;
    }
    let mut bytes = data.to_vec();
    bytes[..4].copy_from_slice(b"XZBD");
    bytes[4..6].copy_from_slice(&engine::boundaries::FORMAT_VERSION.to_le_bytes());
    let body = bytes.len() - 8;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes[..body]);
    bytes[body..].copy_from_slice(&hash.to_le_bytes());
    if let Ok(b) = Boundaries::decode(&bytes) {
        let point = LatLon::new(29.7, 105.7).expect("valid point");
        let _ = b.locate(point, Level::County);
        let _ = b.search("大足", 5);
        if let Some(r) = b.regions.first() {
            let _ = r.distance_to_edge_m(point);
            let _ = b.full_name(r.adcode);
        }
    }
});
