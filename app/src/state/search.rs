//! What the user is looking for and at: the query, the point distances are
//! measured from, the open page, the facility under the pointer, and the
//! clock "open now" reads.

use engine::{LatLon, LocalTime};
use leptos::prelude::*;

use crate::format;
use crate::model::{Page, Query};
use crate::state::map_link::{home, MapLink};

/// Where distances are measured from, and how the app learnt it.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    pub point: LatLon,
    pub source: OriginSource,
}

#[derive(Clone, Debug, PartialEq)]
pub enum OriginSource {
    /// The device's position, with its accuracy in metres.
    Device { accuracy_m: f64 },
    /// A point tapped on the map ("search here").
    Map,
    /// A county or city picked by name.
    Place(String),
    /// A point that came in a link.
    Link,
    /// The deployment's home region (its name), before anyone chose a
    /// point or moved the map: the first list is measured from its centre.
    Home(String),
}

impl OriginSource {
    /// Whether the point is the user's own position, which stays out of links unless they say so.
    pub fn is_private(&self) -> bool {
        matches!(self, OriginSource::Device { .. })
    }
}

/// The search context.
#[derive(Clone, Copy)]
pub struct Search {
    pub query: RwSignal<Query>,
    pub origin: RwSignal<Option<Origin>>,
    pub page: RwSignal<Page>,
    /// The facility under the pointer or focus in the list.
    pub hovered: RwSignal<Option<usize>>,
    /// The time, Unix milliseconds, set anew every 30 seconds so "open now" stays true.
    pub clock_ms: RwSignal<f64>,
    /// A county tapped on the map: its seat-placed facilities are listed
    /// apart instead of the reference point's county's (its code and name).
    pub focus_county: RwSignal<Option<(u32, String)>>,
}

impl Search {
    pub fn new() -> Self {
        Search {
            query: RwSignal::new(Query::default()),
            origin: RwSignal::new(None),
            page: RwSignal::new(Page::Results),
            hovered: RwSignal::new(None),
            clock_ms: RwSignal::new(js_sys::Date::now()),
            focus_county: RwSignal::new(None),
        }
    }

    /// Opens a page, as a link would.
    pub fn open(&self, page: Page) {
        self.page.set(page);
    }

    /// China time now (tracked).
    pub fn now(&self) -> LocalTime {
        format::china_time(self.clock_ms.get())
    }

    /// Where distances are measured from: the chosen origin, else the map's
    /// centre, else the map's first view (tracked).
    pub fn reference_point(&self, map: MapLink) -> LatLon {
        self.origin
            .with(|o| o.as_ref().map(|o| o.point))
            .or_else(|| map.view.with(|v| v.map(|v| v.center)))
            .unwrap_or_else(|| home().0)
    }
}

/// The search context.
pub fn search() -> Search {
    expect_context::<Search>()
}
