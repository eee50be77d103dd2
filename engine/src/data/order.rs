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

/// Sorts facilities into the order the index and the dataset file use. The
/// order is computed on each point as the file stores it
/// ([`crate::geo::point::LatLon::as_stored`]), so that it holds exactly for
/// the points a decoder reads back (and so [`check_kd_order`] can be exact);
/// the facilities keep their points as given.
pub fn into_kd_order(facilities: Vec<Facility>) -> Vec<Facility> {
    let points: Vec<[f64; 3]> = stored_points(&facilities);
    let order = kd_order(&points);
    let mut slots: Vec<Option<Facility>> = facilities.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i as usize].take()).collect()
}

/// Each facility's point as the file stores it, as a unit vector.
pub fn stored_points(facilities: &[Facility]) -> Vec<[f64; 3]> {
    facilities.iter().map(|f| f.point.as_stored().to_unit_vector()).collect()
}

/// Checks that points are in kd order: at every split (see
/// [`crate::index::kdtree`]) nothing on the left lies beyond the split
/// point on the node's axis, nothing on the right before it. A search prunes
/// by exactly this, so points in another order would give wrong nearest
/// results without any other check noticing. Each subtree's box is built
/// from its children's, so the check is linear. `Err` names the split slot
/// where the order breaks.
pub fn check_kd_order(points: &[[f64; 3]]) -> Result<(), usize> {
    subtree_box(points, 0, points.len(), 0).map(|_| ())
}

/// A box of points: the least and the greatest coordinate on each axis.
type Bounds = ([f64; 3], [f64; 3]);

/// The box of `lo..hi`, `None` when empty, after checking its splits.
fn subtree_box(
    points: &[[f64; 3]],
    lo: usize,
    hi: usize,
    depth: usize,
) -> Result<Option<Bounds>, usize> {
    let grow = |b: Option<Bounds>, p: [f64; 3]| {
        let (mut least, mut most) = b.unwrap_or((p, p));
        for axis in 0..3 {
            least[axis] = least[axis].min(p[axis]);
            most[axis] = most[axis].max(p[axis]);
        }
        Some((least, most))
    };
    if hi - lo <= LEAF_SIZE {
        return Ok(points[lo..hi].iter().fold(None, |b, &p| grow(b, p)));
    }
    let m = lo + (hi - lo - 1) / 2;
    let (axis, split) = (depth % 3, points[m][depth % 3]);
    let left = subtree_box(points, lo, m, depth + 1)?;
    let right = subtree_box(points, m + 1, hi, depth + 1)?;
    // Written so that a NaN breaks the order too.
    let left_ok = left.is_none_or(|(_, most)| most[axis] <= split);
    let right_ok = right.is_none_or(|(least, _)| least[axis] >= split);
    if !(left_ok && right_ok) {
        return Err(m);
    }
    let joined = [left.map(|b| b.0), left.map(|b| b.1), right.map(|b| b.0), right.map(|b| b.1)];
    Ok(joined.into_iter().flatten().fold(grow(None, points[m]), grow))
}
