//! The deployment's home region (config.json's `home`): where the map opens
//! and what the first list is measured from when nobody has given a
//! position, so a deployment for 成德眉资 and 重庆 opens there, not at the
//! middle of China.

use engine::boundaries::{Boundaries, SCALE};
use engine::{LatLon, LatLonBox};
use leptos::prelude::With;
use siteconfig::HomeRegion;

use crate::state::startup::Startup;

/// The home region resolved against the outlines: a box to frame and a point to measure from.
#[derive(Clone, Debug, PartialEq)]
pub struct Home {
    pub name: String,
    pub bbox: LatLonBox,
    pub centre: LatLon,
}

/// The configured home region, once the outlines that place its adcodes are in (tracked).
pub fn home(startup: Startup) -> Option<Home> {
    startup.config.with(|c| {
        let region = c.home.as_ref()?;
        let needs_outlines = region.bbox.is_none() || region.centre.is_none();
        startup.boundaries.with(|b| match b {
            Some(b) => resolve(region, Some(b)),
            None if !needs_outlines => resolve(region, None),
            None => None,
        })
    })
}

/// The box around the region's named areas (and its own box), and its
/// centre: the one given, else the first area's label point (its main city),
/// else the box's middle. Adcodes the outlines do not hold are left out.
pub fn resolve(region: &HomeRegion, boundaries: Option<&Boundaries>) -> Option<Home> {
    let areas: Vec<_> = boundaries
        .map(|b| b.regions.iter().filter(|r| region.adcodes.contains(&r.adcode)).collect())
        .unwrap_or_default();
    let mut boxes: Vec<LatLonBox> = areas
        .iter()
        .map(|r| {
            let [s, w, n, e] = r.bbox.map(|v| v as f64 / SCALE);
            LatLonBox { south: s, west: w, north: n, east: e }
        })
        .collect();
    boxes.extend(region.bbox);
    let bbox = boxes.into_iter().reduce(|a, b| LatLonBox {
        south: a.south.min(b.south),
        west: a.west.min(b.west),
        north: a.north.max(b.north),
        east: a.east.max(b.east),
    })?;
    let first = region.adcodes.first().and_then(|c| areas.iter().find(|r| r.adcode == *c));
    let centre = region.centre.or_else(|| first.map(|r| r.label)).or_else(|| {
        LatLon::new((bbox.south + bbox.north) / 2.0, (bbox.west + bbox.east) / 2.0).ok()
    })?;
    Some(Home { name: region.name.clone(), bbox, centre })
}
