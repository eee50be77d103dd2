//! The indexes: the static kd-tree with its attribute masks, the map's
//! cluster grid, text matching and the national name index. Imports [`crate::geo`] and [`crate::data`].

pub mod cluster;
pub mod kdtree;
pub mod mask;
pub mod names;
pub mod text;
