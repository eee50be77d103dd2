//! Geometry: points on the sphere, boxes, Web Mercator and the map camera,
//! the coordinate systems Chinese maps use, and administrative boundaries.
//! Imports nothing else from the engine.

pub mod bbox;
pub mod boundaries;
pub mod camera;
pub mod coords;
pub mod mercator;
pub mod point;
