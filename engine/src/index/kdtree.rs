//! A static kd-tree over unit vectors, stored flat (after kdbush).
//!
//! The tree has no nodes in memory: points are kept in kd order, and a node
//! is a range of that order. A range longer than [`LEAF_SIZE`] splits at its
//! middle slot `m = lo + (len - 1) / 2` on axis `depth % 3`; slot `m` belongs
//! to the node itself, `lo..m` to the left child and `m + 1..hi` to the right.
//! [`crate::data::order::kd_order`] computes the order once, when the dataset is compiled, so
//! loading is decoding, not rebuilding.
//!
//! Searches are depth-first, nearer child first, pruned by the k-th best
//! distance so far. Each node also carries the OR of its facilities'
//! attribute masks (heap numbering: root 0, children `2i + 1` and `2i + 2`),
//! so a filtered search never opens a subtree that holds no match. That is what keeps a rare
//! filter ("chest-pain centre") as fast as an unfiltered search.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::data::order::LEAF_SIZE;
use crate::geo::bbox::Box3;
use crate::index::mask::MaskTest;

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

    /// Whether the points are in kd order (see [`crate::data::order::check_kd_order`]):
    /// `Err` names the split slot where they are not.
    pub fn check_order(&self) -> Result<(), usize> {
        crate::data::order::check_kd_order(&self.xyz)
    }

    pub fn len(&self) -> usize {
        self.xyz.len()
    }

    pub fn is_empty(&self) -> bool {
        self.xyz.is_empty()
    }

    /// The attribute mask the tree holds for `slot`.
    pub fn item_mask(&self, slot: usize) -> u128 {
        self.item_masks[slot]
    }

    /// The `k` matching slots nearest to `q` by chord, as `(slot, chord²)` in
    /// no particular order, plus any slot within [`with_margin`] of the k-th
    /// (so that floating-point near-ties are never lost). Only slots with
    /// chord² ≤ `max_d2` are considered; `k = usize::MAX` returns them all.
    /// `accept` is asked about slots that pass `test`, for what masks cannot say (a region).
    pub fn nearest_k(
        &self,
        q: [f64; 3],
        test: MaskTest,
        accept: &dyn Fn(usize) -> bool,
        k: usize,
        max_d2: f64,
    ) -> Vec<(usize, f64)> {
        let mut search = Search {
            q,
            test,
            accept,
            k,
            max_d2,
            bound: max_d2,
            best: BinaryHeap::new(),
            found: Vec::new(),
        };
        if k > 0 && !self.is_empty() {
            self.search_node(&mut search, 0, self.len(), 0, self.bounds);
        }
        let cutoff = search.bound;
        search.found.retain(|&(_, d2)| d2 <= cutoff);
        search.found
    }

    fn search_node(&self, s: &mut Search<'_>, lo: usize, hi: usize, node: usize, bounds: Box3) {
        if !s.test.may_match(self.node_masks[node]) || bounds.dist2(s.q) > s.bound {
            return;
        }
        if hi - lo <= LEAF_SIZE {
            for slot in lo..hi {
                self.consider(s, slot);
            }
            return;
        }
        let m = lo + (hi - lo - 1) / 2;
        // Heap numbering puts node i at depth ⌊log2(i + 1)⌋.
        let axis = ((node + 1).ilog2() % 3) as usize;
        self.consider(s, m);
        let (left, right) = bounds.split(axis, self.xyz[m][axis]);
        let left = (lo, m, 2 * node + 1, left);
        let right = (m + 1, hi, 2 * node + 2, right);
        let (near, far) =
            if s.q[axis] <= self.xyz[m][axis] { (left, right) } else { (right, left) };
        for (lo, hi, node, bounds) in [near, far] {
            if lo < hi {
                self.search_node(s, lo, hi, node, bounds);
            }
        }
    }

    #[inline]
    fn consider(&self, s: &mut Search<'_>, slot: usize) {
        // Cheapest first: the mask, then the distance, and only then the
        // exact predicate (region, hours, one network).
        if s.test.may_match(self.item_masks[slot]) {
            let d2 = crate::geo::point::chord2(s.q, self.xyz[slot]);
            if d2 <= s.bound && (s.accept)(slot) {
                s.add(slot, d2);
            }
        }
    }

    /// Calls `visit` for every matching slot whose point lies in `region`.
    pub fn within(&self, region: &Box3, test: MaskTest, visit: &mut dyn FnMut(usize)) {
        if !self.is_empty() {
            self.within_node(region, test, 0, self.len(), 0, 0, self.bounds, visit);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn within_node(
        &self,
        region: &Box3,
        test: MaskTest,
        lo: usize,
        hi: usize,
        depth: usize,
        node: usize,
        bounds: Box3,
        visit: &mut dyn FnMut(usize),
    ) {
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
        fill_node_masks(items, lo, m, 2 * node + 1, out)
            | items[m]
            | fill_node_masks(items, m + 1, hi, 2 * node + 2, out)
    };
    if out.len() <= node {
        out.resize(node + 1, 0);
    }
    out[node] = mask;
    mask
}

/// Slack on chord² cut-offs, so floating-point near-ties are never lost:
/// relative, plus absolute (about 6 mm of chord on the Earth).
pub fn with_margin(d2: f64) -> f64 {
    d2 * (1.0 + 1e-9) + 1e-18
}

/// State of one depth-first k-nearest search.
struct Search<'a> {
    q: [f64; 3],
    test: MaskTest,
    accept: &'a dyn Fn(usize) -> bool,
    k: usize,
    max_d2: f64,
    /// Nothing farther than this can still be among the results: `max_d2`,
    /// or the k-th best so far with [`with_margin`], whichever is smaller.
    bound: f64,
    /// The k smallest distances found so far, largest on top (unused when k is unbounded).
    best: BinaryHeap<Largest>,
    found: Vec<(usize, f64)>,
}

impl Search<'_> {
    fn add(&mut self, slot: usize, d2: f64) {
        self.found.push((slot, d2));
        if self.k != usize::MAX {
            self.best.push(Largest(d2));
            if self.best.len() > self.k {
                self.best.pop();
            }
            if self.best.len() == self.k {
                if let Some(worst) = self.best.peek() {
                    self.bound = self.max_d2.min(with_margin(worst.0));
                }
            }
        }
    }
}

/// An f64 ordered so that a `BinaryHeap` keeps the largest on top.
struct Largest(f64);

impl PartialEq for Largest {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0) == Ordering::Equal
    }
}

impl Eq for Largest {}

impl PartialOrd for Largest {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Largest {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}
