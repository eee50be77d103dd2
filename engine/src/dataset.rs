//! A decoded dataset, indexed and ready for queries.

use crate::codec::{self, DecodeError, Header};
use crate::columns::{Columns, FacilityRef};
use crate::filter::Filter;
use crate::geo::LatLon;
use crate::kdtree::{kd_order, KdTree};
use crate::model::Facility;
use crate::nearest::{self, Hit, LatLonBox};

/// Facilities as columns in index order, plus their spatial index.
pub struct Dataset {
    header: Option<Header>,
    columns: Columns,
    tree: KdTree,
}

impl Dataset {
    /// Decodes a compiled dataset (see [`codec`]). The file already holds the
    /// facilities in index order, so this is a few linear passes, not a rebuild.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let (header, columns) = codec::decode_columns(bytes)?;
        let tree = tree_over(&columns);
        Ok(Self { header: Some(header), columns, tree })
    }

    /// Indexes facilities held in memory (sorting them into index order).
    pub fn from_facilities(facilities: Vec<Facility>) -> Self {
        let columns = Columns::from_facilities(&into_kd_order(facilities));
        let tree = tree_over(&columns);
        Self { header: None, columns, tree }
    }

    /// The header, for a dataset decoded from bytes.
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The facility at `slot` (index order), or `None` past the end.
    pub fn get(&self, slot: usize) -> Option<FacilityRef<'_>> {
        (slot < self.len()).then(|| FacilityRef::new(&self.columns, slot))
    }

    /// Every facility, in index order.
    pub fn facilities(&self) -> impl Iterator<Item = FacilityRef<'_>> + '_ {
        (0..self.len()).map(|slot| FacilityRef::new(&self.columns, slot))
    }

    /// The `k` matching facilities nearest to `point`, nearest first, ties by id.
    pub fn nearest(&self, point: LatLon, k: usize, filter: &Filter) -> Vec<Hit<'_>> {
        nearest::nearest(&self.columns, &self.tree, point, k, filter)
    }

    /// Matching facilities within `radius_m` metres, nearest first, ties by id.
    pub fn within_radius(&self, point: LatLon, radius_m: f64, filter: &Filter) -> Vec<Hit<'_>> {
        nearest::within_radius(&self.columns, &self.tree, point, radius_m, filter)
    }

    /// Matching facilities inside a viewport, ordered by id.
    pub fn within_box(&self, area: LatLonBox, filter: &Filter) -> Vec<FacilityRef<'_>> {
        nearest::within_box(&self.columns, &self.tree, area, filter)
    }
}

/// Sorts facilities into the order the index and the dataset file use.
pub fn into_kd_order(facilities: Vec<Facility>) -> Vec<Facility> {
    let points: Vec<[f64; 3]> = facilities.iter().map(|f| f.point.to_unit_vector()).collect();
    let order = kd_order(&points);
    let mut slots: Vec<Option<Facility>> = facilities.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i as usize].take()).collect()
}

fn tree_over(columns: &Columns) -> KdTree {
    KdTree::from_ordered(
        (0..columns.len()).map(|slot| columns.point(slot).to_unit_vector()).collect(),
        (0..columns.len()).map(|slot| columns.attribute_mask(slot)).collect(),
    )
}
