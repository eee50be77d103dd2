//! What has loaded: the deployment's settings, the dataset, the outlines and
//! the county place index.

use std::sync::Arc;

use engine::boundaries::Boundaries;
use engine::Dataset;
use leptos::prelude::*;
use siteconfig::{Config, RasterLayer};

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
    /// The dataset is in: the whole file, or the manifest of its tiles
    /// (then `Startup::dataset` holds the tiles loaded so far, as one).
    Ready,
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
    /// The dataset: the whole file, or the tiles loaded so far as one
    /// (replaced as tiles arrive; see `crate::dataset_files`).
    pub data: RwSignal<Option<Arc<Dataset>>>,
    /// Whether the dataset comes as tiles, loaded as questions need them.
    pub tiled: RwSignal<bool>,
    pub config: RwSignal<Config>,
    pub tile_layer: RwSignal<Option<RasterLayer>>,
    /// Province and city outlines (absent until loaded, or if they failed),
    /// with every county's name once the place index is in.
    pub boundaries: RwSignal<Option<Arc<Boundaries>>>,
    /// The county place index, loaded when the search box is first used.
    pub places: RwSignal<PlaceIndex>,
    /// Over tiles, what the map's view leaves out, said on the map.
    pub view_gap: RwSignal<ViewGap>,
}

/// What the map's view leaves out over tiles: nothing may vanish without a word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ViewGap {
    /// Everything in view is drawn (or the data is one file).
    #[default]
    None,
    /// Too wide a view to load its tiles (a filter at a country's zoom): only the areas
    /// loaded are drawn.
    TooWide,
    /// Files the view needs could not be downloaded: their facilities are not drawn.
    Failed,
    /// A new version of the data was published: a reload takes it.
    Updated,
}

impl Startup {
    pub fn new() -> Self {
        Startup {
            load: RwSignal::new(LoadState::Starting),
            data: RwSignal::new(None),
            tiled: RwSignal::new(false),
            config: RwSignal::new(Config::default()),
            tile_layer: RwSignal::new(None),
            boundaries: RwSignal::new(None),
            places: RwSignal::new(PlaceIndex::NotLoaded),
            view_gap: RwSignal::new(ViewGap::None),
        }
    }

    /// The dataset, once it is in (tracked).
    pub fn dataset(&self) -> Option<Arc<Dataset>> {
        self.data.get()
    }

    /// The dataset, once it is in, read without tracking (drawing, taps).
    pub fn dataset_untracked(&self) -> Option<Arc<Dataset>> {
        self.data.get_untracked()
    }
}

/// The start-up context.
pub fn startup() -> Startup {
    expect_context::<Startup>()
}

/// The loaded dataset, for everything under the ready app.
#[derive(Clone, Copy)]
pub struct Data {
    startup: Startup,
}

impl Data {
    /// The dataset (tracked: tiles arriving replace it).
    pub fn dataset(&self) -> Arc<Dataset> {
        self.startup.data.get().unwrap_or_else(empty)
    }

    /// The dataset, read without tracking.
    pub fn dataset_untracked(&self) -> Arc<Dataset> {
        self.startup.data.get_untracked().unwrap_or_else(empty)
    }

    /// Whether the dataset comes as tiles (so counts cover the area loaded).
    pub fn tiled(&self) -> bool {
        self.startup.tiled.get_untracked()
    }
}

fn empty() -> Arc<Dataset> {
    Arc::new(Dataset::from_facilities(Vec::new()))
}

/// The loaded dataset (only under the ready app).
pub fn data() -> Data {
    Data { startup: startup() }
}
