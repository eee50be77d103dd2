//! A static kd-tree over unit vectors, stored flat (after kdbush).
//!
//! The tree has no nodes in memory: points are kept in kd order, and a node
//! is a range of that order. A range longer than [`LEAF_SIZE`] splits at its
//! middle slot `m = lo + (len - 1) / 2` on axis `depth % 3`; slot `m` belongs
//! to the node itself, `lo..m` to the left child and `m + 1..hi` to the right.
//! [`kd_order`] computes the order once, when the dataset is compiled, so
//! loading is decoding, not rebuilding.
//!
//! Each node also carries the OR of its facilities' attribute masks (heap
//! numbering: root 0, children `2i + 1` and `2i + 2`), so a filtered search
//! never opens a subtree that holds no match. That is what keeps a rare
//! filter ("chest-pain centre") as fast as an unfiltered search.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::filter::MaskTest;

/// Ranges this long or shorter are leaves, scanned item by item.
pub const LEAF_SIZE: usize = 16;

/// The permutation that puts `points` in kd order.
pub fn kd_order(points: &[[f64; 3]]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..points.len() as u32).collect();
    sort_range(points, &mut order, 0);
    order
}

fn sort_range(points: &[[f64; 3]], order: &mut [u32], depth: usize) {
    if order.len() <= LEAF_SIZE {
        return;
    }
    let m = (order.len() - 1) / 2;
    let axis = depth % 3;
    order.select_nth_unstable_by(m, |&a, &b| points[a as usize][axis].total_cmp(&points[b as usize][axis]));
    let (left, rest) = order.split_at_mut(m);
    sort_range(points, left, depth + 1);
    sort_range(points, &mut rest[1..], depth + 1);
}

/// An axis-aligned box in unit-vector space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Box3 {
    pub min: [f64; 3],
    pub max: [f64; 3],
}

impl Box3 {
    fn of(points: &[[f64; 3]]) -> Self {
        let mut b = Box3 { min: [f64::INFINITY; 3], max: [f64::NEG_INFINITY; 3] };
        for p in points {
            for (a, &v) in p.iter().enumerate() {
                b.min[a] = b.min[a].min(v);
                b.max[a] = b.max[a].max(v);
            }
        }
        b
    }

    /// Squared distance from `q` to the nearest point of the box (0 inside).
    fn dist2(&self, q: [f64; 3]) -> f64 {
        (0..3)
            .map(|a| {
                let d = (self.min[a] - q[a]).max(q[a] - self.max[a]).max(0.0);
                d * d
            })
            .sum()
    }

    pub fn intersects(&self, other: &Box3) -> bool {
        (0..3).all(|a| self.min[a] <= other.max[a] && other.min[a] <= self.max[a])
    }

    pub fn contains(&self, p: [f64; 3]) -> bool {
        (0..3).all(|a| self.min[a] <= p[a] && p[a] <= self.max[a])
    }

    fn split(&self, axis: usize, at: f64) -> (Box3, Box3) {
        let (mut left, mut right) = (*self, *self);
        left.max[axis] = at;
        right.min[axis] = at;
        (left, right)
    }
}

/// Unit vectors in kd order, with per-node attribute masks.
pub struct KdTree {
    xyz: Vec<[f64; 3]>,
    item_masks: Vec<u128>,
    node_masks: Vec<u128>,
    bounds: Box3,
}

impl KdTree {
    /// Wraps points that are already in kd order (see [`kd_order`]), with
    /// each point's attribute mask. Computes node masks in one linear pass.
    pub fn from_ordered(xyz: Vec<[f64; 3]>, item_masks: Vec<u128>) -> Self {
        assert_eq!(xyz.len(), item_masks.len(), "one mask per point");
        let mut node_masks = Vec::new();
        fill_node_masks(&item_masks, 0, item_masks.len(), 0, &mut node_masks);
        let bounds = Box3::of(&xyz);
        Self { xyz, item_masks, node_masks, bounds }
    }

    pub fn len(&self) -> usize {
        self.xyz.len()
    }

    pub fn is_empty(&self) -> bool {
        self.xyz.is_empty()
    }

    pub fn point(&self, slot: usize) -> [f64; 3] {
        self.xyz[slot]
    }

    /// Slots matching `test`, nearest to `q` first (by chord), lazily.
    pub fn nearest_iter(&self, q: [f64; 3], test: MaskTest) -> NearestIter<'_> {
        let mut heap = BinaryHeap::new();
        if !self.is_empty() && test.may_match(self.node_masks[0]) {
            heap.push(Entry { d2: self.bounds.dist2(q), what: What::Node { lo: 0, hi: self.len(), depth: 0, node: 0, bounds: self.bounds } });
        }
        NearestIter { tree: self, q, test, heap }
    }

    /// Calls `visit` for every matching slot whose point lies in `region`.
    pub fn within(&self, region: &Box3, test: MaskTest, visit: &mut dyn FnMut(usize)) {
        if !self.is_empty() {
            self.within_node(region, test, 0, self.len(), 0, 0, self.bounds, visit);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn within_node(&self, region: &Box3, test: MaskTest, lo: usize, hi: usize, depth: usize, node: usize, bounds: Box3, visit: &mut dyn FnMut(usize)) {
        if !bounds.intersects(region) || !test.may_match(self.node_masks[node]) {
            return;
        }
        if hi - lo <= LEAF_SIZE {
            for slot in lo..hi {
                if test.may_match(self.item_masks[slot]) && region.contains(self.xyz[slot]) {
                    visit(slot);
                }
            }
            return;
        }
        let m = lo + (hi - lo - 1) / 2;
        let axis = depth % 3;
        if test.may_match(self.item_masks[m]) && region.contains(self.xyz[m]) {
            visit(m);
        }
        let (left, right) = bounds.split(axis, self.xyz[m][axis]);
        self.within_node(region, test, lo, m, depth + 1, 2 * node + 1, left, visit);
        self.within_node(region, test, m + 1, hi, depth + 1, 2 * node + 2, right, visit);
    }
}

fn fill_node_masks(items: &[u128], lo: usize, hi: usize, node: usize, out: &mut Vec<u128>) -> u128 {
    let mask = if hi - lo <= LEAF_SIZE {
        items[lo..hi].iter().fold(0, |m, i| m | i)
    } else {
        let m = lo + (hi - lo - 1) / 2;
        fill_node_masks(items, lo, m, 2 * node + 1, out) | items[m] | fill_node_masks(items, m + 1, hi, 2 * node + 2, out)
    };
    if out.len() <= node {
        out.resize(node + 1, 0);
    }
    out[node] = mask;
    mask
}

/// Best-first traversal: yields `(slot, chord²)` in non-decreasing chord order.
pub struct NearestIter<'a> {
    tree: &'a KdTree,
    q: [f64; 3],
    test: MaskTest,
    heap: BinaryHeap<Entry>,
}

impl Iterator for NearestIter<'_> {
    type Item = (usize, f64);

    fn next(&mut self) -> Option<(usize, f64)> {
        while let Some(Entry { d2, what }) = self.heap.pop() {
            match what {
                What::Item(slot) => return Some((slot, d2)),
                What::Node { lo, hi, depth, node, bounds } => self.open(lo, hi, depth, node, bounds),
            }
        }
        None
    }
}

impl NearestIter<'_> {
    fn push_item(&mut self, slot: usize) {
        if self.test.may_match(self.tree.item_masks[slot]) {
            let d2 = crate::geo::chord2(self.q, self.tree.xyz[slot]);
            self.heap.push(Entry { d2, what: What::Item(slot) });
        }
    }

    fn open(&mut self, lo: usize, hi: usize, depth: usize, node: usize, bounds: Box3) {
        if hi - lo <= LEAF_SIZE {
            for slot in lo..hi {
                self.push_item(slot);
            }
            return;
        }
        let m = lo + (hi - lo - 1) / 2;
        let axis = depth % 3;
        self.push_item(m);
        let (left, right) = bounds.split(axis, self.tree.xyz[m][axis]);
        for (lo, hi, node, bounds) in [(lo, m, 2 * node + 1, left), (m + 1, hi, 2 * node + 2, right)] {
            if lo < hi && self.test.may_match(self.tree.node_masks[node]) {
                let d2 = bounds.dist2(self.q);
                self.heap.push(Entry { d2, what: What::Node { lo, hi, depth: depth + 1, node, bounds } });
            }
        }
    }
}

#[derive(Clone, Copy)]
enum What {
    Item(usize),
    Node { lo: usize, hi: usize, depth: usize, node: usize, bounds: Box3 },
}

/// Heap entry, ordered so that the smallest distance pops first.
struct Entry {
    d2: f64,
    what: What,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.d2.total_cmp(&self.d2)
    }
}
