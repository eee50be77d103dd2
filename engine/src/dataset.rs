//! A decoded dataset, indexed and ready for queries.

use rstar::RTree;

use crate::codec::{self, DecodeError, Header};
use crate::geo::LatLon;
use crate::model::Facility;
use crate::nearest::{self, Hit, IndexedPoint};

/// Facilities plus their spatial index.
pub struct Dataset {
    header: Header,
    facilities: Vec<Facility>,
    tree: RTree<IndexedPoint>,
}

impl Dataset {
    /// Decodes and indexes a compiled dataset (see [`codec`] for the format).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let (header, facilities) = codec::decode(bytes)?;
        let tree = nearest::build_index(&facilities);
        Ok(Self { header, facilities, tree })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn facilities(&self) -> &[Facility] {
        &self.facilities
    }

    pub fn len(&self) -> usize {
        self.facilities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facilities.is_empty()
    }

    /// The `k` facilities nearest to `point`, nearest first, ties by id.
    pub fn nearest(&self, point: LatLon, k: usize) -> Vec<Hit<'_>> {
        nearest::nearest(&self.facilities, &self.tree, point, k)
    }
}
