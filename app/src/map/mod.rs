//! The map, drawn by the app on a canvas: Web Mercator, the offline
//! basemap (and an optional tile layer), facilities by kind with clusters,
//! the selection and the user's position. Drag, wheel, pinch, double-tap and
//! the keyboard move it; the list beside it is the accessible way through
//! the same results.

mod basemap;
mod draw;
mod frame;
mod gestures;
mod hits;
mod legend;
mod raster;
mod state;
mod view;

pub use view::MapView;
