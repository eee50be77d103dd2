//! The questions: filters and the fields they are made of, nearest, radius
//! and viewport searches, facet counts, the [`dataset::Dataset`] that
//! answers them, and the same over shards. Imports every layer below.

pub mod coverage;
pub mod dataset;
pub mod facets;
pub mod fields;
pub mod filter;
pub mod nearest;
pub mod shards;
