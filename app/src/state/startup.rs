//! What has loaded: the deployment's settings, the dataset, the outlines and
//! the county place index.

use std::sync::Arc;

use engine::boundaries::Boundaries;
use engine::Dataset;
use leptos::prelude::*;
use siteconfig::{Config, TileLayer};

use crate::i18n::Text;

/// Where start-up is: the deployment's config first, then the dataset.
#[derive(Clone)]
pub enum LoadState {
    /// Reading config.json; nothing but the header is up yet.
    Starting,
    /// The interface is up; the dataset is on its way.
    Loading,
    Failed {
        message: Text,
        newer: bool,
    },
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

/// Where the county place index (`places.xzb`) is.
#[derive(Clone, Debug)]
pub enum PlaceIndex {
    NotLoaded,
    Loading,
    /// Loaded, waiting for the overview to join.
    Waiting(Arc<Boundaries>),
    /// In the boundaries.
    Ready,
    Failed(Text),
}

/// The start-up context.
#[derive(Clone, Copy)]
pub struct Startup {
    pub load: RwSignal<LoadState>,
    pub config: RwSignal<Config>,
    pub tile_layer: RwSignal<Option<TileLayer>>,
    /// Province and city outlines (absent until loaded, or if they failed),
    /// with every county's name once the place index is in.
    pub boundaries: RwSignal<Option<Arc<Boundaries>>>,
    /// The county place index, loaded when the search box is first used.
    pub places: RwSignal<PlaceIndex>,
}

impl Startup {
    pub fn new() -> Self {
        Startup {
            load: RwSignal::new(LoadState::Starting),
            config: RwSignal::new(Config::default()),
            tile_layer: RwSignal::new(None),
            boundaries: RwSignal::new(None),
            places: RwSignal::new(PlaceIndex::NotLoaded),
        }
    }

    /// The dataset, once it is in (tracked).
    pub fn dataset(&self) -> Option<Arc<Dataset>> {
        self.load.with(LoadState::dataset)
    }

    /// The dataset, once it is in, read without tracking (drawing, taps).
    pub fn dataset_untracked(&self) -> Option<Arc<Dataset>> {
        self.load.with_untracked(LoadState::dataset)
    }
}

/// The start-up context.
pub fn startup() -> Startup {
    expect_context::<Startup>()
}

/// The loaded dataset, provided to everything under the ready app.
#[derive(Clone)]
pub struct Data {
    pub dataset: Arc<Dataset>,
}

/// The loaded dataset (only under the ready app).
pub fn data() -> Data {
    expect_context::<Data>()
}
