//! A decoded dataset, indexed and ready for queries.

use crate::codec::{self, DecodeError, Header};
use crate::filter::{attribute_mask, Filter};
use crate::geo::LatLon;
use crate::kdtree::{kd_order, KdTree};
use crate::model::Facility;
use crate::nearest::{self, Hit, LatLonBox};

/// Facilities in kd order, plus their spatial index.
pub struct Dataset {
    header: Option<Header>,
    facilities: Vec<Facility>,
    tree: KdTree,
}

impl Dataset {
    /// Decodes a compiled dataset (see [`codec`]). The file already holds the
    /// facilities in index order, so this is a linear pass, not a rebuild.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let (header, facilities) = codec::decode(bytes)?;
        let tree = tree_over(&facilities);
        Ok(Self { header: Some(header), facilities, tree })
    }

    /// Indexes facilities held in memory (sorting them into index order).
    pub fn from_facilities(facilities: Vec<Facility>) -> Self {
        let facilities = into_kd_order(facilities);
        let tree = tree_over(&facilities);
        Self { header: None, facilities, tree }
    }

    /// The header, for a dataset decoded from bytes.
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    /// All facilities, in index order.
    pub fn facilities(&self) -> &[Facility] {
        &self.facilities
    }

    pub fn len(&self) -> usize {
        self.facilities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facilities.is_empty()
    }

    /// The `k` matching facilities nearest to `point`, nearest first, ties by id.
    pub fn nearest(&self, point: LatLon, k: usize, filter: &Filter) -> Vec<Hit<'_>> {
        nearest::nearest(&self.facilities, &self.tree, point, k, filter)
    }

    /// Matching facilities within `radius_m` metres, nearest first, ties by id.
    pub fn within_radius(&self, point: LatLon, radius_m: f64, filter: &Filter) -> Vec<Hit<'_>> {
        nearest::within_radius(&self.facilities, &self.tree, point, radius_m, filter)
    }

    /// Matching facilities inside a viewport, ordered by id.
    pub fn within_box(&self, area: LatLonBox, filter: &Filter) -> Vec<&Facility> {
        nearest::within_box(&self.facilities, &self.tree, area, filter)
    }
}

/// Sorts facilities into the order the index and the dataset file use.
pub fn into_kd_order(facilities: Vec<Facility>) -> Vec<Facility> {
    let points: Vec<[f64; 3]> = facilities.iter().map(|f| f.point.to_unit_vector()).collect();
    let order = kd_order(&points);
    let mut slots: Vec<Option<Facility>> = facilities.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i as usize].take()).collect()
}

fn tree_over(facilities: &[Facility]) -> KdTree {
    KdTree::from_ordered(
        facilities.iter().map(|f| f.point.to_unit_vector()).collect(),
        facilities.iter().map(attribute_mask).collect(),
    )
}
