//! Xunzhen's query engine.
//!
//! It knows the facility model, the compiled dataset format and how to answer
//! "what is nearest to this point". It has no browser or CSV dependency, so it
//! builds and tests natively and for `wasm32-unknown-unknown`.
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

pub mod boundaries;
pub mod camera;
pub mod cluster;
pub mod codec;
pub mod columns;
pub mod coords;
pub mod dataset;
pub mod export;
pub mod facets;
pub mod filter;
pub mod geo;
pub mod hours;
pub mod kdtree;
pub mod model;
pub mod nearest;
pub mod osm;
pub mod shards;
pub mod site;
pub mod synthetic;
pub mod text;

pub use cluster::Cluster;
pub use columns::FacilityRef;
pub use coords::CoordSystem;
pub use dataset::{Dataset, SearchHit};
pub use filter::{Filter, InNetwork, Region};
pub use geo::LatLon;
pub use hours::{Hours, LocalTime, Status};
pub use model::{Designation, Facility, FacilityKind, Grade, LocationPrecision, Member, Network, NetworkKind, Ownership, Role, Service, SourceList};
pub use nearest::{Hit, LatLonBox};
pub use shards::{Manifest, ShardSet};

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
