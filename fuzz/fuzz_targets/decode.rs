//! Arbitrary bytes into the dataset decoder: errors are fine, panics are not.
#![no_main]

use engine::{Dataset, Filter, LatLon};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dataset) = Dataset::from_bytes(data) {
        let point = LatLon::new(30.0, 104.0).expect("valid point");
        let _ = dataset.nearest(point, 5, &Filter::all());
    }
});
