//! The order facilities are stored in: the spatial index's kd order, fixed
//! when a dataset is compiled, so the file's columns are the index's leaves
//! and loading decodes the index rather than rebuilding it (see
//! [`crate::index::kdtree`] for how a search walks it).

use crate::data::model::Facility;

/// Ranges this long or shorter are leaves, scanned item by item.
pub const LEAF_SIZE: usize = 32;

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
    order.select_nth_unstable_by(m, |&a, &b| {
        points[a as usize][axis].total_cmp(&points[b as usize][axis])
    });
    let (left, rest) = order.split_at_mut(m);
    sort_range(points, left, depth + 1);
    sort_range(points, &mut rest[1..], depth + 1);
}

/// Sorts facilities into the order the index and the dataset file use.
pub fn into_kd_order(facilities: Vec<Facility>) -> Vec<Facility> {
    let points: Vec<[f64; 3]> = facilities.iter().map(|f| f.point.to_unit_vector()).collect();
    let order = kd_order(&points);
    let mut slots: Vec<Option<Facility>> = facilities.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i as usize].take()).collect()
}
