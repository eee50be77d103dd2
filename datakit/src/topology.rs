//! Outlines as a topology, as TopoJSON stores them: every ring cut into arcs
//! at the points where neighbours part, each shared arc kept once and
//! simplified once, so that neighbours still meet exactly at every
//! tolerance (simplifying each outline on its own leaves slivers between
//! neighbours, where a point is in no county, and overlaps, where it is in
//! two).
//!
//! Arcs are simplified with `geo`'s Douglas–Peucker (`SimplifyIdx`) in local
//! metres; points keep their exact source coordinates, so an arc two
//! regions share comes out identical in both.

use std::collections::HashMap;

use geo::{LineString, SimplifyIdx};

/// Rings of (lon, lat) degrees, without the closing point, grouped by polygon: a region's outline.
pub type Polygons = Vec<Vec<Vec<[f64; 2]>>>;

/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_195.08;

/// An arc as a ring uses it: which arc, and whether backwards.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Use {
    arc: u32,
    reversed: bool,
}

/// Every region's outline as arcs over shared points.
pub struct Topology {
    points: Vec<[f64; 2]>,
    /// Each arc's points; a closed arc (a ring meeting no other) ends where it starts.
    arcs: Vec<Vec<u32>>,
    /// For each region, its polygons' rings as arcs.
    shapes: Vec<Vec<Vec<Vec<Use>>>>,
    /// For each arc, whether two rings of one group use it (an inner border, not a coast or the national border).
    inner: Vec<bool>,
}

impl Topology {
    /// The topology of `regions`, each an outline and a group (regions of
    /// one group tile the land: counties, say, or provinces).
    pub fn new(regions: &[(&Polygons, u8)]) -> Topology {
        let mut ids: HashMap<(u64, u64), u32> = HashMap::new();
        let mut points: Vec<[f64; 2]> = Vec::new();
        let rings: Vec<Vec<Vec<Vec<u32>>>> = regions
            .iter()
            .map(|(polygons, _)| {
                polygons
                    .iter()
                    .map(|polygon| {
                        polygon
                            .iter()
                            .map(|ring| {
                                let mut out: Vec<u32> = Vec::with_capacity(ring.len());
                                for &p in ring {
                                    let id = *ids
                                        .entry((p[0].to_bits(), p[1].to_bits()))
                                        .or_insert_with(|| {
                                            points.push(p);
                                            points.len() as u32 - 1
                                        });
                                    // Repeated points would look like junctions; drop them.
                                    if out.last() != Some(&id) {
                                        out.push(id);
                                    }
                                }
                                while out.len() > 1 && out.first() == out.last() {
                                    out.pop();
                                }
                                out
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        drop(ids);
        let junction = junctions(points.len(), rings.iter().flatten().flatten());
        let mut arcs: Vec<Vec<u32>> = Vec::new();
        let mut found: HashMap<Vec<u32>, u32> = HashMap::new();
        // Who uses each arc: (group, region, ring).
        let mut uses: Vec<Vec<(u8, usize, usize)>> = Vec::new();
        let mut shapes = Vec::with_capacity(rings.len());
        for (region, polygons) in rings.iter().enumerate() {
            let group = regions[region].1;
            let mut shape = Vec::with_capacity(polygons.len());
            for (ring_number, ring) in polygons.iter().flatten().enumerate() {
                let mut ring_uses = Vec::new();
                for arc in cut(ring, &junction) {
                    let (key, reversed) = canonical(arc);
                    let next = arcs.len() as u32;
                    let id = *found.entry(key.clone()).or_insert_with(|| {
                        arcs.push(key);
                        uses.push(Vec::new());
                        next
                    });
                    uses[id as usize].push((group, region, ring_number));
                    ring_uses.push(Use { arc: id, reversed });
                }
                shape.push(ring_uses);
            }
            // Back into polygons: the same ring counts as `polygons` lists them.
            let mut grouped = Vec::with_capacity(polygons.len());
            let mut rest = shape.into_iter();
            for polygon in polygons {
                grouped.push(rest.by_ref().take(polygon.len()).collect());
            }
            shapes.push(grouped);
        }
        let inner = uses
            .iter()
            .map(|u| {
                // Two different rings of one group: neighbours.
                u.iter().any(|&(group, region, ring)| {
                    u.iter().any(|&(g, other, r)| g == group && (other, r) != (region, ring))
                })
            })
            .collect();
        Topology { points, arcs, shapes, inner }
    }

    /// How many arcs, and how many points they hold (each shared arc once).
    pub fn size(&self) -> (usize, usize) {
        (self.arcs.len(), self.arcs.iter().map(Vec::len).sum())
    }

    /// Every region's outline with each arc simplified once to `tolerance_m`.
    /// A ring smaller than the tolerance squared is left out only where it
    /// meets no neighbour of its group (an islet, a lake), so that a hole and
    /// the enclave filling it stay or go together; a ring that simplifies to
    /// less than a triangle goes. The region's largest polygon always stays.
    pub fn simplified(&self, tolerance_m: f64) -> Vec<Polygons> {
        let kept: Vec<Vec<u32>> =
            self.arcs.iter().map(|arc| self.simplify_arc(arc, tolerance_m)).collect();
        (0..self.shapes.len())
            .map(|region| {
                let original = self.outline(region, |a| &self.arcs[a]);
                let largest = largest_polygon(&original);
                let mut out = Vec::new();
                for (p, polygon) in self.shapes[region].iter().enumerate() {
                    let keep = Some(p) == largest;
                    let mut rings: Vec<Vec<[f64; 2]>> = Vec::new();
                    for (r, ring) in polygon.iter().enumerate() {
                        let outer = r == 0;
                        let islet = ring.iter().all(|u| !self.inner[u.arc as usize])
                            && ring_area_m2(&original[p][r]) < tolerance_m * tolerance_m * 4.0;
                        let simplified = self.ring(ring, |a| &kept[a]);
                        let drop = !(outer && keep) && (islet || simplified.len() < 3);
                        if drop {
                            if outer {
                                break;
                            }
                            continue;
                        }
                        rings.push(if simplified.len() >= 3 {
                            simplified
                        } else {
                            original[p][r].iter().copied().take(3).collect()
                        });
                    }
                    if !rings.is_empty() {
                        out.push(rings);
                    }
                }
                out
            })
            .collect()
    }

    fn outline<'a>(
        &'a self,
        region: usize,
        arc: impl Fn(usize) -> &'a Vec<u32> + Copy,
    ) -> Polygons {
        self.shapes[region]
            .iter()
            .map(|polygon| polygon.iter().map(|ring| self.ring(ring, arc)).collect())
            .collect()
    }

    /// A ring's points from its arcs, without the closing point.
    fn ring<'a>(&'a self, ring: &[Use], arc: impl Fn(usize) -> &'a Vec<u32>) -> Vec<[f64; 2]> {
        let mut ids: Vec<u32> = Vec::new();
        for u in ring {
            let points = arc(u.arc as usize);
            let mut add = |id: u32| {
                if ids.last() != Some(&id) {
                    ids.push(id);
                }
            };
            match u.reversed {
                false => points.iter().for_each(|&id| add(id)),
                true => points.iter().rev().for_each(|&id| add(id)),
            }
        }
        while ids.len() > 1 && ids.first() == ids.last() {
            ids.pop();
        }
        ids.into_iter().map(|id| self.points[id as usize]).collect()
    }

    /// The arc's points that Douglas–Peucker keeps at `tolerance_m`, in
    /// local metres; a closed arc keeps at least a triangle.
    fn simplify_arc(&self, arc: &[u32], tolerance_m: f64) -> Vec<u32> {
        if arc.len() <= 2 {
            return arc.to_vec();
        }
        let kx = self.points[arc[0] as usize][1].to_radians().cos() * M_PER_DEG;
        let line: LineString<f64> = arc
            .iter()
            .map(|&id| self.points[id as usize])
            .map(|[lon, lat]| (lon * kx, lat * M_PER_DEG))
            .collect();
        let closed = arc.first() == arc.last();
        let mut keep = line.simplify_idx(tolerance_m);
        if closed && keep.len() < 4 && arc.len() >= 4 {
            // A ring alone: start, the farthest point, and the point farthest from that line.
            let far = farthest(&line, 0, arc.len() - 1, None);
            let third = farthest(&line, 0, arc.len() - 1, Some(far));
            keep = vec![0, far.min(third), far.max(third), arc.len() - 1];
        }
        keep.into_iter().map(|i| arc[i]).collect()
    }
}

/// The index in `from..=to` farthest from the point `from` (or, given `line_to`, from the line `from`–`line_to`).
fn farthest(line: &LineString<f64>, from: usize, to: usize, line_to: Option<usize>) -> usize {
    let p = |i: usize| line.0[i];
    let a = p(from);
    let distance = |i: usize| match line_to {
        None => (p(i).x - a.x).hypot(p(i).y - a.y),
        Some(b) => {
            let b = p(b);
            ((b.x - a.x) * (a.y - p(i).y) - (a.x - p(i).x) * (b.y - a.y)).abs()
        }
    };
    (from..=to)
        .filter(|&i| Some(i) != line_to)
        .max_by(|&i, &j| distance(i).total_cmp(&distance(j)))
        .unwrap_or(from)
}

/// Points where rings part: a point whose neighbours along one ring are not
/// its neighbours along another.
fn junctions<'a>(points: usize, rings: impl Iterator<Item = &'a Vec<u32>>) -> Vec<bool> {
    let mut neighbours: Vec<Option<(u32, u32)>> = vec![None; points];
    let mut junction = vec![false; points];
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (prev, next) = (ring[(i + n - 1) % n], ring[(i + 1) % n]);
            let pair = (prev.min(next), prev.max(next));
            let id = ring[i] as usize;
            match neighbours[id] {
                None => neighbours[id] = Some(pair),
                Some(seen) if seen != pair => junction[id] = true,
                Some(_) => {}
            }
        }
    }
    junction
}

/// A ring cut at its junctions into arcs (each from a junction to the next,
/// both included); a ring without one is a single closed arc.
fn cut(ring: &[u32], junction: &[bool]) -> Vec<Vec<u32>> {
    let Some(start) = ring.iter().position(|&id| junction[id as usize]) else {
        let mut closed = ring.to_vec();
        closed.push(ring[0]);
        return vec![closed];
    };
    let n = ring.len();
    let mut arcs = Vec::new();
    let mut arc = vec![ring[start]];
    for k in 1..=n {
        let id = ring[(start + k) % n];
        arc.push(id);
        if junction[id as usize] {
            arcs.push(std::mem::replace(&mut arc, vec![id]));
        }
    }
    arcs
}

/// The arc in the one order both its users agree on, and whether the ring
/// runs it backwards. A closed arc starts at its smallest point.
fn canonical(mut arc: Vec<u32>) -> (Vec<u32>, bool) {
    if arc.len() > 2 && arc.first() == arc.last() {
        arc.pop();
        let min = (0..arc.len()).min_by_key(|&i| arc[i]).unwrap_or(0);
        arc.rotate_left(min);
        arc.push(arc[0]);
    }
    let backwards: Vec<u32> = arc.iter().rev().copied().collect();
    match backwards < arc {
        true => (backwards, true),
        false => (arc, false),
    }
}

/// The index of the polygon whose outer ring encloses the most area.
pub fn largest_polygon(polygons: &[Vec<Vec<[f64; 2]>>]) -> Option<usize> {
    let areas: Vec<f64> =
        polygons.iter().map(|p| p.first().map_or(0.0, |outer| ring_area_m2(outer))).collect();
    (0..areas.len())
        .filter(|&i| !polygons[i].is_empty())
        .max_by(|&a, &b| areas[a].total_cmp(&areas[b]))
}

/// A ring's area in square metres on the sphere (`geo`'s Chamberlain–Duquette).
pub fn ring_area_m2(ring: &[[f64; 2]]) -> f64 {
    use geo::ChamberlainDuquetteArea;
    let line: LineString<f64> = ring.iter().map(|&[lon, lat]| (lon, lat)).collect();
    geo::Polygon::new(line, Vec::new()).chamberlain_duquette_unsigned_area()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two squares side by side sharing a wiggly border, and a third with a
    /// small enclave inside it (a hole and the island that fills it).
    fn neighbours() -> Vec<Polygons> {
        let k = 1.0 / M_PER_DEG; // degrees per metre, near the equator
        let m = |x: f64, y: f64| [x * k, y * k];
        // The shared border from (1000, 0) up to (1000, 1000), wiggling by 10 m.
        let border: Vec<[f64; 2]> = (0..=20)
            .map(|i| m(1000.0 + if i % 2 == 1 { 10.0 } else { 0.0 }, f64::from(i) * 50.0))
            .collect();
        let mut west = vec![m(0.0, 0.0)];
        west.extend(border.iter().copied());
        west.push(m(0.0, 1000.0));
        let mut east: Vec<[f64; 2]> = border.iter().rev().copied().collect();
        east.extend([m(2000.0, 1000.0), m(2000.0, 0.0)]);
        let hole = vec![
            m(400.0, 400.0),
            m(420.0, 500.0),
            m(400.0, 600.0),
            m(600.0, 600.0),
            m(600.0, 400.0),
        ];
        let enclave: Vec<[f64; 2]> = hole.iter().rev().copied().collect();
        vec![vec![vec![west, hole]], vec![vec![east]], vec![vec![enclave]]]
    }

    #[test]
    fn shared_borders_are_cut_once_and_simplified_alike_on_both_sides() {
        let regions = neighbours();
        let topology = Topology::new(&regions.iter().map(|r| (r, 0)).collect::<Vec<_>>());
        // Arcs: the shared border, the west's other side, the east's other side, the hole (= the enclave).
        assert_eq!(topology.size().0, 4);
        assert!(topology.inner.iter().filter(|&&i| i).count() == 2);
        for tolerance in [5.0, 30.0, 250.0] {
            let out = topology.simplified(tolerance);
            let (west, east) = (&out[0][0][0], &out[1][0][0]);
            let on_border = |ring: &Vec<[f64; 2]>| {
                let mut pts: Vec<[f64; 2]> = ring
                    .iter()
                    .copied()
                    .filter(|p| (p[0] * M_PER_DEG - 1000.0).abs() < 20.0)
                    .collect();
                pts.sort_by(|a, b| a[1].total_cmp(&b[1]));
                pts
            };
            assert_eq!(
                on_border(west),
                on_border(east),
                "at {tolerance} m the neighbours meet exactly"
            );
            // The hole and its enclave: the same points.
            let mut hole = out[0][0][1].clone();
            let mut enclave = out[2][0][0].clone();
            hole.sort_by(|a, b| a.partial_cmp(b).unwrap());
            enclave.sort_by(|a, b| a.partial_cmp(b).unwrap());
            assert_eq!(hole, enclave, "at {tolerance} m");
        }
        // 5 m keeps the 10 m wiggle; 30 m straightens it.
        assert_eq!(topology.simplified(5.0)[0][0][0].len(), 23);
        assert_eq!(topology.simplified(30.0)[0][0][0].len(), 4);
    }

    #[test]
    fn an_islet_goes_but_an_enclave_small_as_it_stays_with_its_hole() {
        let regions = neighbours();
        let topology = Topology::new(&regions.iter().map(|r| (r, 0)).collect::<Vec<_>>());
        // At 200 m the 200 × 200 m enclave is under the tolerance squared × 4, but it has a neighbour.
        let out = topology.simplified(200.0);
        assert_eq!(out[0][0].len(), 2, "the hole stays");
        assert_eq!(out[2].len(), 1, "so does the enclave (its only polygon)");
        // Alone, the same square is an islet beside a larger polygon: it goes.
        let k = 1.0 / M_PER_DEG;
        let islands: Polygons = vec![
            vec![vec![[0.0, 0.0], [5000.0 * k, 0.0], [5000.0 * k, 5000.0 * k], [0.0, 5000.0 * k]]],
            vec![regions[2][0][0].clone()],
        ];
        let alone = Topology::new(&[(&islands, 0)]);
        assert_eq!(alone.simplified(200.0)[0].len(), 1);
        assert_eq!(alone.simplified(20.0)[0].len(), 2);
    }

    #[test]
    fn areas_are_the_spheres() {
        // One degree square at the equator: 12,392 km² on geo's sphere (the equatorial radius).
        let area = ring_area_m2(&[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]);
        assert!((area / 1e6 - 12_392.0).abs() < 5.0, "{area}");
    }
}
