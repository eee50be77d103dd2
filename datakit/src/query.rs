//! `datakit query`: what a resident at a point would see.

use std::path::Path;

use engine::{Dataset, LatLon};

/// Parses `LAT,LON` in WGS-84 degrees.
pub fn parse_point(text: &str) -> Result<LatLon, String> {
    let (lat, lon) = text.split_once(',').ok_or_else(|| format!("{text:?}: expected LAT,LON"))?;
    let parse = |s: &str| s.trim().parse::<f64>().map_err(|_| format!("{s:?} is not a number; expected LAT,LON"));
    LatLon::new(parse(lat)?, parse(lon)?).map_err(|e| e.to_string())
}

/// The nearest `k` facilities as JSON objects, nearest first.
pub fn nearest_json(dataset: &Dataset, point: LatLon, k: usize) -> serde_json::Value {
    let hits = dataset.nearest(point, k);
    serde_json::Value::Array(
        hits.iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.facility.id,
                    "name": h.facility.name,
                    "kind": h.facility.kind.code(),
                    "grade": h.facility.grade.code(),
                    "lat": h.facility.point.lat(),
                    "lon": h.facility.point.lon(),
                    "distance_m": (h.distance_m * 10.0).round() / 10.0,
                })
            })
            .collect(),
    )
}

pub fn run(near: &str, k: usize, json: bool, dataset_path: &Path) -> Result<(), String> {
    let point = parse_point(near)?;
    let bytes = std::fs::read(dataset_path)
        .map_err(|e| format!("{}: cannot read ({e}); run `datakit build` first", dataset_path.display()))?;
    let dataset = Dataset::from_bytes(&bytes).map_err(|e| format!("{}: {e}", dataset_path.display()))?;
    if json {
        println!("{}", nearest_json(&dataset, point, k));
    } else {
        for hit in dataset.nearest(point, k) {
            println!("{:>10.0} m  {}  {}", hit.distance_m, hit.facility.id, hit.facility.name);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_points_and_refuses_nonsense() {
        let p = parse_point("30.5, 104.1").unwrap();
        assert_eq!((p.lat(), p.lon()), (30.5, 104.1));
        assert!(parse_point("30.5").is_err());
        assert!(parse_point("abc,104").is_err());
        assert!(parse_point("100,104").is_err());
    }
}
