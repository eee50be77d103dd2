//! Between the map and the panel: the view the map shows (for links and
//! "search at map centre") and what the panel asks it to show.

use engine::{LatLon, LatLonBox};
use leptos::prelude::*;

use crate::model::View;

/// A request from the panel to the map: show this box, this point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MapRequest {
    Fit(LatLonBox),
    Center(LatLon, f64),
}

/// The map link context.
#[derive(Clone, Copy)]
pub struct MapLink {
    /// The map's current view, written by the map.
    pub view: RwSignal<Option<View>>,
    pub request: RwSignal<Option<MapRequest>>,
}

impl MapLink {
    pub fn new() -> Self {
        MapLink { view: RwSignal::new(None), request: RwSignal::new(None) }
    }

    /// Asks the map to show something.
    pub fn show(&self, request: MapRequest) {
        self.request.set(Some(request));
    }
}

/// The map link context.
pub fn map_link() -> MapLink {
    expect_context::<MapLink>()
}

/// Where the map looks before anything says otherwise, and at what zoom:
/// the middle of Sichuan and Chongqing, where the data began.
pub fn home() -> (LatLon, f64) {
    (LatLon::new(30.2, 105.2).unwrap_or(LatLon::ORIGIN), 6.5)
}
