//! Which county a point is in, for "in your county, place not listed": the
//! province from the overview outlines, the county from that province's
//! 250 m outlines (`medium/<province>.xzb`, the file the map shows from
//! zoom 7), loaded once on first need, so the answer needs no server.

use std::sync::Arc;

use engine::boundaries::{Boundaries, Level};
use engine::LatLon;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::startup::Startup;

/// What is known of the county at a point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CountyAt {
    /// Its province's outlines are on their way (or the overview is).
    Loading,
    /// In no county of the outlines (abroad, at sea), or they could not load.
    Unknown,
    /// The county, by adcode, and its name.
    County(u32, String),
}

/// The county outlines loaded so far, by province.
#[derive(Clone, Copy)]
pub struct Regions {
    loaded: RwSignal<Vec<(u32, Arc<Boundaries>)>>,
    /// Provinces asked for (loading, loaded or failed): never asked twice.
    requested: StoredValue<Vec<u32>>,
    failed: RwSignal<Vec<u32>>,
}

impl Regions {
    pub fn new() -> Self {
        Regions {
            loaded: RwSignal::new(Vec::new()),
            requested: StoredValue::new(Vec::new()),
            failed: RwSignal::new(Vec::new()),
        }
    }

    /// The county holding `point` (tracked: it changes when outlines arrive).
    pub fn county_at(&self, startup: Startup, point: LatLon) -> CountyAt {
        let Some(overview) = startup.boundaries.get() else { return CountyAt::Loading };
        let Some(province) = overview.locate(point, Level::Province).map(|r| r.adcode) else {
            return CountyAt::Unknown;
        };
        let found = self.loaded.with(|loaded| {
            loaded.iter().find(|(p, _)| *p == province).map(|(_, b)| {
                b.locate(point, Level::County)
                    .map_or(CountyAt::Unknown, |r| CountyAt::County(r.adcode, r.name.clone()))
            })
        });
        match found {
            Some(at) => at,
            None if self.failed.with(|f| f.contains(&province)) => CountyAt::Unknown,
            None => {
                self.request(province);
                CountyAt::Loading
            }
        }
    }

    /// The city holding `point`, by adcode and name, from the overview
    /// outlines: its prefecture, or 重庆, 北京, 天津 or 上海 itself (the code
    /// [`engine::Region::city_of`] gives, which a record known only to be in
    /// its city carries). `None` until the overview is in, or outside every city.
    pub fn city_at(&self, startup: Startup, point: LatLon) -> Option<(u32, String)> {
        startup.boundaries.with(|overview| {
            let overview = overview.as_ref()?;
            let province = overview.locate(point, Level::Province)?;
            if engine::Region::is_city_province(province.adcode) {
                return Some((province.adcode, province.name.clone()));
            }
            let found = overview.locate(point, Level::City)?;
            Some((found.adcode, found.name.clone()))
        })
    }

    fn request(&self, province: u32) {
        if self.requested.with_value(|r| r.contains(&province)) {
            return;
        }
        self.requested.update_value(|r| r.push(province));
        let this = *self;
        spawn_local(async move {
            let url = crate::boot::boundaries_url(&format!("medium/{province}.xzb"));
            let stall = crate::load::DATASET_STALL_MS;
            let fetched = crate::load::fetch_bytes(&url, None, stall).await;
            match fetched.ok().and_then(|bytes| Boundaries::decode(&bytes).ok()) {
                Some(b) => this.loaded.update(|l| l.push((province, Arc::new(b)))),
                // Without them the list says nothing of the county, rather than guess it.
                None => this.failed.update(|f| f.push(province)),
            }
        });
    }
}

/// The regions context.
pub fn regions() -> Regions {
    expect_context::<Regions>()
}
