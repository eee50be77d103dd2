//! The brute-force oracle the index is tested against: every facility
//! record, tested one by one with [`Filter::matches`], ranked by haversine
//! distance. Only for tests and benchmarks (the `synthetic` feature).

use crate::data::model::Facility;
use crate::geo::point::{haversine_m, LatLon};
use crate::query::filter::Filter;

/// The brute-force oracle: every matching facility with its haversine
/// distance, ranked by distance, then id.
pub fn nearest_brute_force<'a>(
    facilities: &'a [Facility],
    point: LatLon,
    k: usize,
    filter: &Filter,
) -> Vec<(&'a Facility, f64)> {
    let mut hits: Vec<(&'a Facility, f64)> = facilities
        .iter()
        .filter(|f| filter.matches(f))
        .map(|f| (f, haversine_m(point, f.point)))
        .collect();
    hits.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));
    hits.truncate(k);
    hits
}
