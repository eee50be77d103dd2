//! The app's state: signals shared through context, and the loaded data.

use std::sync::Arc;

use engine::boundaries::Boundaries;
use engine::{Dataset, LatLon};
use leptos::prelude::*;

use engine::site::{Config, TileLayer};
use crate::i18n::Lang;
use crate::route::{Page, Query, View};

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
}

impl OriginSource {
    /// Whether the point is the user's own position, which stays out of links unless they say so.
    pub fn is_private(&self) -> bool {
        matches!(self, OriginSource::Device { .. })
    }
}

/// A message on screen until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u32,
    pub kind: &'static str,
    pub text: String,
}

/// A request from the panel to the map: show this box, this point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MapRequest {
    Fit(engine::LatLonBox),
    Center(LatLon, f64),
}

/// Where start-up is: the deployment's config first, then the dataset.
#[derive(Clone)]
pub enum LoadState {
    /// Reading config.json; nothing but the header is up yet.
    Starting,
    /// The interface is up; the dataset is on its way.
    Loading,
    Failed { message: String, newer: bool },
    Ready(Arc<Dataset>),
}

impl LoadState {
    fn dataset(&self) -> Option<Arc<Dataset>> {
        match self {
            LoadState::Ready(dataset) => Some(dataset.clone()),
            _ => None,
        }
    }
}

/// Everything the interface shares. Copy: it is a bundle of signal handles.
#[derive(Clone, Copy)]
pub struct Ui {
    pub load: RwSignal<LoadState>,
    pub lang: RwSignal<Lang>,
    pub elder: RwSignal<bool>,
    pub page: RwSignal<Page>,
    pub query: RwSignal<Query>,
    pub origin: RwSignal<Option<Origin>>,
    /// The user agreed to put their own position in links.
    pub share_location: RwSignal<bool>,
    /// The map's current view, written by the map.
    pub view: RwSignal<Option<View>>,
    pub map_request: RwSignal<Option<MapRequest>>,
    /// The facility under the pointer or focus in the list.
    pub hovered: RwSignal<Option<usize>>,
    pub notices: RwSignal<Vec<Notice>>,
    pub config: RwSignal<Config>,
    pub tile_layer: RwSignal<Option<TileLayer>>,
    /// China time as minutes since the epoch, ticking each minute, for "open now".
    pub clock_ms: RwSignal<f64>,
    /// Province and city outlines (absent until loaded, or if they failed),
    /// with every county's name once the place index is in.
    pub boundaries: RwSignal<Option<Arc<Boundaries>>>,
    /// The county place index, loaded when the search box is first used.
    pub places: RwSignal<PlaceIndex>,
}

/// Where the county place index (`places.xzb`) is.
#[derive(Clone, Debug)]
pub enum PlaceIndex {
    NotLoaded,
    Loading,
    /// Loaded, waiting for the overview to join.
    Waiting(Arc<Boundaries>),
    /// In `boundaries`.
    Ready,
    Failed(String),
}

impl Ui {
    pub fn new() -> Self {
        Ui {
            load: RwSignal::new(LoadState::Starting),
            lang: RwSignal::new(stored("xunzhen.lang").and_then(|l| Lang::parse(&l)).unwrap_or_default()),
            elder: RwSignal::new(stored("xunzhen.elder").as_deref() == Some("1")),
            page: RwSignal::new(Page::Results),
            query: RwSignal::new(Query::default()),
            origin: RwSignal::new(None),
            share_location: RwSignal::new(false),
            view: RwSignal::new(None),
            map_request: RwSignal::new(None),
            hovered: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            config: RwSignal::new(Config::default()),
            tile_layer: RwSignal::new(None),
            clock_ms: RwSignal::new(js_sys::Date::now()),
            boundaries: RwSignal::new(None),
            places: RwSignal::new(PlaceIndex::NotLoaded),
        }
    }

    /// Adds a notice unless the same text is already showing.
    pub fn notify(&self, kind: &'static str, text: String) {
        self.notices.update(|list| {
            if !list.iter().any(|n| n.text == text) {
                let id = list.iter().map(|n| n.id).max().unwrap_or(0) + 1;
                list.push(Notice { id, kind, text });
            }
        });
    }

    /// The dataset, once it is in (tracked).
    pub fn dataset(&self) -> Option<Arc<Dataset>> {
        self.load.with(LoadState::dataset)
    }

    /// The dataset, once it is in, read without tracking (drawing, taps).
    pub fn dataset_untracked(&self) -> Option<Arc<Dataset>> {
        self.load.with_untracked(LoadState::dataset)
    }

    /// Where distances are measured from: the chosen origin, else the map's centre.
    pub fn reference_point(&self) -> Option<LatLon> {
        self.origin.with(|o| o.as_ref().map(|o| o.point)).or_else(|| self.view.with(|v| v.map(|v| v.center)))
    }

    /// Opens a page, as a link would.
    pub fn open(&self, page: Page) {
        self.page.set(page);
    }

    /// A string in the current language.
    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.get().pick(zh, en)
    }
}

/// The loaded dataset, provided to everything under the ready app.
#[derive(Clone)]
pub struct Data {
    pub dataset: Arc<Dataset>,
}

pub fn ui() -> Ui {
    expect_context::<Ui>()
}

pub fn data() -> Data {
    expect_context::<Data>()
}

/// A value remembered in localStorage (absent when storage is blocked).
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

pub fn store(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}
