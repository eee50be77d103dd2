//! One export: decode a boundary file (`.xzb`) and give the adcode of the
//! county holding (lat, lon), each feature its own way.

use engine::boundaries::{Boundaries, Level};
use engine::LatLon;

/// The county holding the point in the file at `bytes`, or 0.
#[no_mangle]
pub extern "C" fn county_at(bytes: *const u8, len: usize, lat: f64, lon: f64) -> u32 {
    // SAFETY: the caller passes a buffer it owns.
    let bytes = unsafe { std::slice::from_raw_parts(bytes, len) };
    let (Ok(file), Ok(point)) = (Boundaries::decode(bytes), LatLon::new(lat, lon)) else { return 0 };
    find(&file, point).unwrap_or(0)
}

#[cfg(feature = "engine")]
fn find(file: &Boundaries, point: LatLon) -> Option<u32> {
    file.locate(point, Level::County).map(|r| r.adcode)
}

#[cfg(feature = "geo")]
fn find(file: &Boundaries, point: LatLon) -> Option<u32> {
    use geo::{Contains, LineString, MultiPolygon, Point, Polygon};
    let scale = engine::boundaries::SCALE;
    let p = Point::new(point.lon() * scale, point.lat() * scale);
    file.regions.iter().filter(|r| r.level == Level::County).find_map(|r| {
        let ring = |i: u32| -> LineString<f64> { r.ring(i as usize).iter().map(|&[x, y]| (f64::from(x), f64::from(y))).collect() };
        let shape: MultiPolygon<f64> = r.polygons.iter().map(|rings| Polygon::new(ring(rings.start), (rings.start + 1..rings.end).map(ring).collect())).collect();
        shape.contains(&p).then_some(r.adcode)
    })
}

#[cfg(feature = "rstar")]
fn find(file: &Boundaries, point: LatLon) -> Option<u32> {
    use rstar::primitives::{GeomWithData, Rectangle};
    use rstar::{RTree, AABB};
    let boxes = file.regions.iter().enumerate().filter(|(_, r)| r.level == Level::County).map(|(i, r)| {
        let [s, w, n, e] = r.bbox.map(f64::from);
        GeomWithData::new(Rectangle::from_corners([w, s], [e, n]), i)
    });
    let tree = RTree::bulk_load(boxes.collect());
    let scale = engine::boundaries::SCALE;
    let at = AABB::from_point([point.lon() * scale, point.lat() * scale]);
    let mut hits: Vec<usize> = tree.locate_in_envelope_intersecting(&at).map(|b| b.data).collect();
    hits.sort_unstable();
    hits.into_iter().map(|i| &file.regions[i]).find(|r| r.contains(point)).map(|r| r.adcode)
}
