//! The data: the facility model and its vocabularies, opening hours and
//! China's holiday calendar, the
//! columns a dataset is held in, the one builder from records to columns,
//! the file format (`.xzd`), the shard manifest and the small JSON reader it is read with, and the record formats in
//! and out (OpenStreetMap tags, CSV, GeoJSON). Imports only [`crate::geo`].

pub mod builder;
pub mod calendar;
pub mod codec;
pub mod columns;
pub mod export;
mod holidays_cn;
pub mod hours;
pub mod json;
pub mod manifest;
pub mod model;
pub mod order;
pub mod osm;
