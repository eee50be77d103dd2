//! Xunzhen's query engine.
//!
//! It knows the facility model, the compiled dataset format and how to answer
//! "what is nearest to this point". It has no browser or CSV dependency, so it
//! builds and tests natively and for `wasm32-unknown-unknown`.
//!
//! The code is in four layers, each importing only those before it:
//! `geo` (points, boxes, projection, camera, coordinate systems,
//! boundaries), `data` (the model, columns, the builder, the file format,
//! the manifest, records in and out), `index` (kd-tree, masks, clusters,
//! text) and `query` (filters and their fields, searches, facets, the
//! [`Dataset`], shards). What is public is listed here.
//!
//! ```
//! use engine::{codec, Dataset, Designation, Facility, FacilityKind, Filter, Grade, LatLon};
//!
//! let huaxi = Facility {
//!     grade: Grade::TertiaryA,
//!     aliases: vec!["华西医院".into()],
//!     designations: vec![Designation::NationalRegionalCentre],
//!     source: "brief".into(),
//!     last_checked: "2026-11-23".into(),
//!     ..Facility::new("sc-cd-huaxi", "四川大学华西医院", FacilityKind::General, LatLon::new(30.642, 104.063).unwrap())
//! };
//! let bytes = codec::encode(&[huaxi], 0);
//! let dataset = Dataset::from_bytes(&bytes).unwrap();
//! let here = LatLon::new(30.66, 104.07).unwrap();
//! let hits = dataset.nearest(here, 1, &Filter::all());
//! assert_eq!(hits[0].facility.name(), "四川大学华西医院");
//! assert!((hits[0].distance_m - 2_110.55).abs() < 0.01);
//! let tcm_only = Filter { kinds: vec![FacilityKind::Tcm], ..Filter::all() };
//! assert!(dataset.nearest(here, 1, &tcm_only).is_empty());
//! ```

#![warn(missing_docs)]

mod data;
mod geo;
mod index;
mod query;
mod sorting;
#[cfg(any(test, feature = "synthetic"))]
mod testing;

pub use data::builder::{Built, NetworkRecord};
pub use data::codec::{DecodeError, Header};
pub use data::columns::FacilityRef;
pub use data::hours::{Hours, LocalTime, Status};
pub use data::manifest::{Manifest, ShardError, ShardInfo, ShardLevel};
pub use data::model::{
    Citation, Designation, Facility, FacilityKind, Fact, FactField, Feature, Grade, ListFact,
    LocationPrecision, Member, Network, NetworkKind, Ownership, Role, Service, SourceList, Term,
};
pub use geo::bbox::LatLonBox;
pub use geo::coords::CoordSystem;
pub use geo::point::{haversine_m, CoordError, LatLon, EARTH_RADIUS_M};
pub use index::cluster::{Cluster, MAX_CLUSTER_ZOOM};
pub use index::text::MatchQuality;
pub use query::coverage::Coverage;
pub use query::dataset::{Dataset, Scope, SearchHit};
pub use query::facets::Facets;
pub use query::filter::{Filter, InNetwork, Region};
pub use query::nearest::Hit;
pub use query::shards::{Partial, ShardSet};
/// The one sort the engine compiles (see its module): the app sorts with it too, so its wasm carries one copy.
pub use sorting::sort_by;

/// The compiled dataset format (`.xzd`): see [`codec::encode_dataset`] and
/// the format's description in the source.
pub mod codec {
    pub use crate::data::codec::{
        content_hash, decode, decode_columns, encode, encode_columns, encode_dataset,
        encode_with_networks, header,
    };
    pub use crate::data::codec::{
        DecodeError, Header, FORMAT_VERSION, HASH_OFFSET, HEADER_LEN, MAGIC,
        SPATIAL_AND_ATTRIBUTE_BYTES, VERSION_OFFSET,
    };
    pub use crate::data::columns::{fact_line, parse_fact_line};
}

/// A small JSON reader for the files the app reads as text (see [`json::parse`]).
pub mod json {
    pub use crate::data::json::{as_integer, as_string, parse, Fields, Json};
}

/// The `xunzhen-correction v1` block a "suggest a correction" message carries.
pub mod correction {
    pub use crate::data::correction::{
        find_blocks, Correction, Found, BLOCK_NAME, FIELDS, PIECE_CHARS, VERSION,
    };
}

/// Shards and their manifest: a national dataset in files by region.
pub mod shards {
    pub use crate::data::manifest::{
        Manifest, ShardError, ShardInfo, ShardLevel, MANIFEST_FORMAT, MAX_MANIFEST_BYTES,
    };
    pub use crate::index::cluster::{SummaryCluster, SUMMARY_ZOOMS};
    pub use crate::query::shards::{
        encode_shards, open, Partial, ShardSet, LAYER_MAX, MAX_SUMMARY_BYTES,
    };
}

/// The national name index: which tiles could hold a text match.
pub mod names {
    pub use crate::index::names::{
        bucket_of, build, facility_keys, Bucket, Holders, Layout, QueryKeys,
        KEY_FACILITIES_AT_MOST, KEY_TILES_AT_MOST, NAMES_HEADER,
    };
}

/// Administrative boundaries: outlines, point-in-region, place search.
pub mod boundaries {
    pub use crate::geo::boundaries::{
        short_name, Boundaries, BoundaryError, Level, PlaceHit, Region, FORMAT_VERSION, SCALE,
    };
}

/// The map's camera over Web Mercator.
pub mod camera {
    pub use crate::geo::camera::{Camera, MAX_ZOOM, MIN_ZOOM, TILE_PX};
    pub use crate::geo::mercator::{inverse_mercator, mercator};
}

/// WGS-84, GCJ-02 and BD-09: the coordinate systems of Chinese maps.
pub mod coords {
    pub use crate::geo::coords::{
        bd09_to_gcj02, gcj02_offset, gcj02_to_bd09, gcj02_to_wgs84, in_china_rect, wgs84_to_gcj02,
        CoordSystem,
    };
}

/// Facilities out: `facilities.csv` records, CSV cells a spreadsheet will
/// not run, GeoJSON.
pub mod export {
    pub use crate::data::export::{
        csv, csv_line, geojson, header, is_web_address, neutralise_formula, record, Listing,
        OPTIONAL_COLUMNS, REQUIRED_COLUMNS,
    };
}

/// The filter fields, each declared once (see [`fields::FIELDS`]).
pub mod fields {
    pub use crate::query::fields::{by_flag, by_link_key, is_id, Field, FIELDS, MAX_ID, MAX_TEXT};
}

/// OpenStreetMap's health-care tags and the vocabulary they map to.
pub mod osm {
    pub use crate::data::osm::{speciality_tag, KindTags, TCM_SPECIALITY};
}

/// Synthetic facilities for tests and benchmarks, every one labelled
/// synthetic (the `synthetic` feature).
#[cfg(feature = "synthetic")]
pub mod synthetic {
    pub use crate::testing::synthetic::{
        cite_terms, four_and_an_alliance, national, random_filter, sample,
        sample_with_known_selectivity, synthetic_citation, Lcg, SYNTHETIC_HOURS,
    };
}

/// The brute-force oracle the index is tested against (the `synthetic` feature).
#[cfg(feature = "synthetic")]
pub mod oracle {
    pub use crate::testing::oracle::nearest_brute_force;
}

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// China's public holidays and shifted working days, for "open now".
pub mod calendar {
    pub use crate::data::calendar::{civil, date, day, weekday, Date, Day};
}
