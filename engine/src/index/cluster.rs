//! Map clusters: how many facilities lie in each grid cell of the viewport at
//! a zoom level, with the cell's centroid and one representative facility.
//!
//! Cells are squares of Web Mercator: at zoom `z` the world is
//! `2^(z + CELL_SHIFT)` cells across, so one cell is 64 px of a 256-px tile
//! pyramid, and each cell splits into the four cells of the next zoom. Without
//! a filter, facilities are kept in Morton (Z-order) of their 24-bit Mercator
//! coordinates with running sums, so a cell's count and centroid cost two
//! binary searches, whatever the zoom. With a filter, the viewport's matching
//! facilities are bucketed directly. Counts are exact either way.

use crate::geo::mercator::{inverse_mercator, mercator};
use crate::geo::point::LatLon;
use crate::sorting::sort_by;

/// Cells per tile edge as a power of two: 4 × 4 cells of 64 px on a 256-px tile.
pub const CELL_SHIFT: u32 = 2;
/// Zoom from which every facility is drawn on its own.
pub const MAX_CLUSTER_ZOOM: u32 = 16;
const BITS: u32 = 24;

/// One cluster (or, with `count == 1`, one facility) to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cluster {
    /// Centroid of the facilities in the cell, WGS-84.
    pub lat: f64,
    /// Centroid longitude.
    pub lon: f64,
    /// How many matching facilities the cell holds.
    pub count: usize,
    /// A facility in the cell (index order slot), e.g. to open when `count == 1`.
    pub representative: usize,
}

fn grid(v: f64) -> u32 {
    ((v * (1u64 << BITS) as f64) as u64).min((1 << BITS) - 1) as u32
}

/// Interleaves two 24-bit coordinates, x in the even bits: a cell of any
/// zoom is then one contiguous run of codes.
fn morton(x: u32, y: u32) -> u64 {
    (0..BITS).fold(0u64, |code, bit| {
        code | ((((x >> bit) & 1) as u64) << (2 * bit))
            | ((((y >> bit) & 1) as u64) << (2 * bit + 1))
    })
}

/// Grid bits kept at `zoom`: cells are `2^(BITS - shift)` across.
fn shift_for(zoom: u32) -> u32 {
    BITS - (zoom.min(MAX_CLUSTER_ZOOM) + CELL_SHIFT).min(BITS)
}

/// The cells of `zoom` that meet a Mercator rectangle, as inclusive ranges of cell x and y.
fn cell_ranges(
    zoom: u32,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
) -> (std::ops::RangeInclusive<u32>, std::ops::RangeInclusive<u32>) {
    let shift = shift_for(zoom);
    ((grid(x0) >> shift)..=(grid(x1) >> shift), (grid(y0) >> shift)..=(grid(y1) >> shift))
}

/// The Mercator rectangle covered by whole cells of `zoom` that meet a rectangle.
pub fn whole_cells(zoom: u32, rect: (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    let shift = shift_for(zoom);
    let (xs, ys) = cell_ranges(zoom, rect);
    let edge = |cell: u32| ((cell as u64) << shift) as f64 / (1u64 << BITS) as f64;
    (edge(*xs.start()), edge(*ys.start()), edge(xs.end() + 1), edge(ys.end() + 1))
}

/// The WGS-84 box of a Mercator rectangle (south, west, north, east). A
/// rectangle on the map's top or bottom edge reaches the pole: Mercator
/// clamps the points beyond ±85.05° onto those edges, so their cells hold them.
pub fn to_lat_lon((x0, y0, x1, y1): (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    let (north, west) = inverse_mercator(x0, y0);
    let (south, east) = inverse_mercator(x1, y1);
    (if y1 >= 1.0 { -90.0 } else { south }, west, if y0 <= 0.0 { 90.0 } else { north }, east)
}

/// Facilities in Morton order with running sums, for unfiltered clusters.
pub struct ClusterIndex {
    codes: Vec<u64>,
    slots: Vec<u32>,
    /// `sum_x[i]` is the sum of the first `i` Mercator x values in Morton order (likewise y).
    sum_x: Vec<f64>,
    sum_y: Vec<f64>,
}

impl ClusterIndex {
    pub fn build(points: impl ExactSizeIterator<Item = LatLon>) -> Self {
        let mut items: Vec<(u64, u32, f64, f64)> = points
            .enumerate()
            .map(|(slot, p)| {
                let (x, y) = mercator(p);
                (morton(grid(x), grid(y)), slot as u32, x, y)
            })
            .collect();
        items.sort_unstable_by_key(|&(code, slot, _, _)| (code, slot));
        let mut sum_x = Vec::with_capacity(items.len() + 1);
        let mut sum_y = Vec::with_capacity(items.len() + 1);
        let (mut sx, mut sy) = (0.0, 0.0);
        sum_x.push(0.0);
        sum_y.push(0.0);
        for &(_, _, x, y) in &items {
            sx += x;
            sy += y;
            sum_x.push(sx);
            sum_y.push(sy);
        }
        ClusterIndex {
            codes: items.iter().map(|i| i.0).collect(),
            slots: items.iter().map(|i| i.1).collect(),
            sum_x,
            sum_y,
        }
    }

    /// Clusters for every non-empty cell of `zoom` that meets the Mercator
    /// rectangle `[x0, x1] × [y0, y1]`, ordered by cell row, then column.
    ///
    /// Walks the implicit quadtree from the whole world down, opening only
    /// cells that hold facilities and meet the rectangle, so the cost follows
    /// the non-empty cells, not the area.
    pub fn clusters(&self, zoom: u32, rect: (f64, f64, f64, f64)) -> Vec<Cluster> {
        let target = BITS - shift_for(zoom);
        let (xs, ys) = cell_ranges(zoom, rect);
        let mut found = Vec::new();
        self.descend(0, 0, 0, target, (&xs, &ys), &mut found);
        sort_by(&mut found, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        found.into_iter().map(|(_, _, cluster)| cluster).collect()
    }

    /// `level` bits per axis so far; (cx, cy) the cell at that level.
    fn descend(
        &self,
        level: u32,
        cx: u32,
        cy: u32,
        target: u32,
        (xs, ys): (&std::ops::RangeInclusive<u32>, &std::ops::RangeInclusive<u32>),
        out: &mut Vec<(u32, u32, Cluster)>,
    ) {
        // The target-level cells this cell spans must meet the wanted ranges.
        let span = target - level;
        let (first_x, last_x) = (cx << span, ((cx + 1) << span) - 1);
        let (first_y, last_y) = (cy << span, ((cy + 1) << span) - 1);
        if last_x < *xs.start()
            || first_x > *xs.end()
            || last_y < *ys.start()
            || first_y > *ys.end()
        {
            return;
        }
        let shift = BITS - level;
        // A cell is one contiguous run of Morton codes.
        let lo = morton(cx << shift, cy << shift);
        let hi = lo + (1u64 << (2 * shift));
        let start = self.codes.partition_point(|&c| c < lo);
        let end = self.codes.partition_point(|&c| c < hi);
        if start == end {
            return;
        }
        if level == target {
            let n = (end - start) as f64;
            let (lat, lon) = inverse_mercator(
                (self.sum_x[end] - self.sum_x[start]) / n,
                (self.sum_y[end] - self.sum_y[start]) / n,
            );
            out.push((
                cy,
                cx,
                Cluster {
                    lat,
                    lon,
                    count: end - start,
                    representative: self.slots[start] as usize,
                },
            ));
            return;
        }
        for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
            self.descend(level + 1, 2 * cx + dx, 2 * cy + dy, target, (xs, ys), out);
        }
    }
}

/// Buckets points (already filtered) into the cells of `zoom` that meet
/// `rect`, in the same order and with the same representatives as
/// [`ClusterIndex::clusters`]: the first facility in Morton order, then slot.
pub fn bucket(
    zoom: u32,
    rect: (f64, f64, f64, f64),
    points: impl Iterator<Item = (usize, LatLon)>,
) -> Vec<Cluster> {
    let shift = shift_for(zoom);
    let (xs, ys) = cell_ranges(zoom, rect);
    // Per cell (row, column): count, sums of x and y, and the first (Morton code, slot).
    type Sums = (usize, f64, f64, (u64, usize));
    let mut items = Vec::new();
    for (slot, p) in points {
        let (x, y) = mercator(p);
        let (gx, gy) = (grid(x), grid(y));
        let key = (gy >> shift, gx >> shift);
        if ys.contains(&key.0) && xs.contains(&key.1) {
            items.push((key, (x, y, (morton(gx, gy), slot))));
        }
    }
    let cells = fold_by_key(
        items,
        |&(_, _, order)| -> Sums { (0, 0.0, 0.0, order) },
        |cell, (x, y, order)| {
            cell.0 += 1;
            cell.1 += x;
            cell.2 += y;
            cell.3 = cell.3.min(order);
        },
    );
    cells
        .into_iter()
        .map(|(count, sx, sy, (_, representative))| {
            let (lat, lon) = inverse_mercator(sx / count as f64, sy / count as f64);
            Cluster { lat, lon, count, representative }
        })
        .collect()
}

/// Folds items by key, in key order, each group in the order given (so sums
/// add up exactly as a map of running folds would): with the engine's one
/// sort, so no tree or hash map code is compiled into the app for it.
fn fold_by_key<K: Ord + Copy, T, S>(
    items: Vec<(K, T)>,
    start: impl Fn(&T) -> S,
    add: impl Fn(&mut S, T),
) -> Vec<S> {
    let mut order: Vec<(K, u32)> =
        items.iter().enumerate().map(|(i, (k, _))| (*k, i as u32)).collect();
    sort_by(&mut order, |a, b| a.cmp(b));
    let mut items: Vec<Option<T>> = items.into_iter().map(|(_, t)| Some(t)).collect();
    let (mut out, mut last): (Vec<S>, Option<K>) = (Vec::new(), None);
    for (key, i) in order {
        let Some(item) = items[i as usize].take() else { continue };
        if last != Some(key) {
            out.push(start(&item));
            last = Some(key);
        }
        if let Some(group) = out.last_mut() {
            add(group, item);
        }
    }
    out
}

/// The zooms of the cluster summaries, coarse first: the country's opening
/// view from a small file, a province's from a larger one. Clusters for a
/// summary's zoom and every coarser one come from that summary alone.
pub const SUMMARY_ZOOMS: [u32; 2] = [5, 8];

/// One non-empty cell in a summary: its column and row, how many facilities
/// it holds, the mean of their Mercator x and y, and the first of them in
/// Morton order (then by id) as `(shard, id)`; the id is kept only for a
/// cell of one facility (the one a tap opens), empty otherwise.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CellSum(pub u32, pub u32, pub u32, pub f64, pub f64, pub u32, pub String);

impl CellSum {
    /// A cell as a summary file holds it: `[column, row, count, x, y, shard, id]`.
    pub fn from_json(value: &crate::data::json::Json) -> Result<Self, String> {
        use crate::data::json::{as_integer, as_string, Json};
        let Json::Array(items) = value else { return Err("a cell must be an array".into()) };
        let [column, row, count, x, y, shard, id] = items.as_slice() else {
            return Err("a cell must have 7 items".into());
        };
        let whole =
            |v: &Json, what: &str| as_integer(v, what, 0.0, u32::MAX as f64).map(|n| n as u32);
        let number = |v: &Json| {
            if let Json::Number(n) = v {
                Ok(*n)
            } else {
                Err("a cell's x and y must be numbers".to_string())
            }
        };
        Ok(CellSum(
            whole(column, "column")?,
            whole(row, "row")?,
            whole(count, "count")?,
            number(x)?,
            number(y)?,
            whole(shard, "shard")?,
            as_string(id, "id")?,
        ))
    }
}

/// A cluster from a summary: no slot to point at, but the representative's
/// id and the shard that holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryCluster {
    /// Centroid of the facilities in the cell, WGS-84.
    pub lat: f64,
    /// Centroid longitude.
    pub lon: f64,
    /// How many facilities the cell holds.
    pub count: usize,
    /// For a cluster of one facility, its id (empty otherwise).
    pub representative: String,
    /// The shard that holds the cell's first facility in Morton order.
    pub shard: u32,
}

/// The cells of `zoom` that `points` (id, shard, point) fill, by row then column.
pub fn summarise<'a>(
    zoom: u32,
    points: impl Iterator<Item = (&'a str, u32, LatLon)>,
) -> Vec<CellSum> {
    let shift = shift_for(zoom);
    // A facility placed: id, shard, Mercator x and y, Morton code.
    type Placed<'a> = (&'a str, u32, f64, f64, u64);
    let items: Vec<((u32, u32), Placed)> = points
        .map(|(id, shard, p)| {
            let (x, y) = mercator(p);
            let (gx, gy) = (grid(x), grid(y));
            ((gy >> shift, gx >> shift), (id, shard, x, y, morton(gx, gy)))
        })
        .collect();
    let first = |&(id, shard, x, y, code): &Placed| {
        let (cx, cy) = (grid(x) >> shift, grid(y) >> shift);
        (CellSum(cx, cy, 0, 0.0, 0.0, shard, id.to_string()), code)
    };
    let cells = fold_by_key(items, first, |(cell, first), (id, shard, x, y, code)| {
        cell.2 += 1;
        cell.3 += x;
        cell.4 += y;
        if (code, id) < (*first, cell.6.as_str()) {
            (*first, cell.5, cell.6) = (code, shard, id.to_string());
        }
    });
    cells
        .into_iter()
        .map(|(CellSum(cx, cy, count, sx, sy, shard, id), _)| {
            // Means to 1e-10 of the world's width (4 mm): what a file needs to keep.
            let mean = |sum: f64| (sum / count as f64 * 1e10).round() / 1e10;
            CellSum(
                cx,
                cy,
                count,
                mean(sx),
                mean(sy),
                shard,
                if count == 1 { id } else { String::new() },
            )
        })
        .collect()
}

/// Clusters at `zoom` (at most `cells_zoom`, the zoom of `cells`) for the
/// cells that meet the Mercator rectangle: each the union of the cells it
/// holds, ordered by cell row, then column, as [`ClusterIndex::clusters`].
pub fn from_summary(
    cells: &[CellSum],
    cells_zoom: u32,
    zoom: u32,
    rect: (f64, f64, f64, f64),
) -> Vec<SummaryCluster> {
    let zoom = zoom.min(cells_zoom);
    let up = shift_for(zoom) - shift_for(cells_zoom);
    let (xs, ys) = cell_ranges(zoom, rect);
    // Per cell: count, sums, and the first (Morton order of the child cell, shard, id).
    type Sums<'a> = (usize, f64, f64, (u64, u32, &'a str));
    let items: Vec<((u32, u32), &CellSum)> = cells
        .iter()
        .map(|c| ((c.1 >> up, c.0 >> up), c))
        .filter(|(key, _)| ys.contains(&key.0) && xs.contains(&key.1))
        .collect();
    fn first_of(c: &CellSum) -> (u64, u32, &str) {
        (morton(c.0, c.1), c.5, c.6.as_str())
    }
    let out = fold_by_key(
        items,
        |c| -> Sums { (0, 0.0, 0.0, first_of(c)) },
        |cell, c| {
            cell.0 += c.2 as usize;
            cell.1 += c.3 * c.2 as f64;
            cell.2 += c.4 * c.2 as f64;
            cell.3 = cell.3.min(first_of(c));
        },
    );
    out.into_iter()
        .map(|(count, sx, sy, (_, shard, id))| {
            let (lat, lon) = inverse_mercator(sx / count as f64, sy / count as f64);
            SummaryCluster {
                lat,
                lon,
                count,
                representative: if count == 1 { id.to_string() } else { String::new() },
                shard,
            }
        })
        .collect()
}
