//! One file per widget.

mod nearest_list;
mod point_form;
mod status;

pub use nearest_list::NearestList;
pub use point_form::PointForm;
pub use status::{LoadFailed, Loading};
