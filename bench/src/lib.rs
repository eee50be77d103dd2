//! A thin wasm-bindgen surface over the engine for the Node comparison in
//! `bench/compare.mjs`. Benchmark use only: the app links the engine directly.

use engine::{Dataset, Designation, Filter, LatLon, LatLonBox, Service};
use wasm_bindgen::prelude::*;

/// A decoded, indexed dataset held on the wasm side.
#[wasm_bindgen]
pub struct Engine {
    dataset: Dataset,
    /// The filter `nearest` applies; set once, as an app sets it once per search.
    filter: Filter,
}

/// The two filters the comparison uses, by name.
fn filter(name: &str) -> Result<Filter, JsError> {
    match name {
        "none" => Ok(Filter::all()),
        "common" => Ok(Filter { services: vec![Service::Acupuncture], ..Filter::all() }),
        "rare" => Ok(Filter { designations: vec![Designation::ChestPainCentre], ..Filter::all() }),
        other => {
            Err(JsError::new(&format!("unknown filter {other:?}: expected none, common or rare")))
        }
    }
}

#[wasm_bindgen]
impl Engine {
    /// Decodes and indexes a compiled `.xzd` dataset: the "load until queryable" figure.
    pub fn load(bytes: &[u8]) -> Result<Engine, JsError> {
        Dataset::from_bytes(bytes)
            .map(|dataset| Engine { dataset, filter: Filter::all() })
            .map_err(|e| JsError::new(&e.to_string()))
    }

    pub fn len(&self) -> usize {
        self.dataset.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dataset.is_empty()
    }

    /// Longitude, latitude pairs in index order, for building the JS peers on the same points.
    pub fn lon_lat(&self) -> Vec<f64> {
        self.dataset.facilities().flat_map(|f| [f.point().lon(), f.point().lat()]).collect()
    }

    /// 1 where a facility matches the named filter, 0 elsewhere (index order), for the peers' predicates.
    pub fn matches(&self, name: &str) -> Result<Vec<u8>, JsError> {
        let filter = filter(name)?;
        Ok(self.dataset.facilities().map(|f| u8::from(filter.matches(&f.to_facility()))).collect())
    }

    /// Chooses the filter later `nearest` calls apply.
    pub fn set_filter(&mut self, name: &str) -> Result<(), JsError> {
        self.filter = filter(name)?;
        Ok(())
    }

    /// Index-order slots of the `k` nearest facilities matching the current filter, nearest first.
    pub fn nearest(&self, lat: f64, lon: f64, k: usize) -> Result<Vec<u32>, JsError> {
        let point = LatLon::new(lat, lon).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(self
            .dataset
            .nearest(point, k, &self.filter)
            .iter()
            .map(|h| h.facility.slot() as u32)
            .collect())
    }

    /// Builds the unfiltered cluster hierarchy (the "cluster index ready" figure).
    pub fn prepare_clusters(&self) {
        self.dataset.cluster_index();
    }

    /// Clusters for a viewport at a zoom level, unfiltered, as flat
    /// `[lon, lat, count, ...]` (what a map draws).
    pub fn clusters(&self, west: f64, south: f64, east: f64, north: f64, zoom: u32) -> Vec<f64> {
        let area = LatLonBox { south, west, north, east };
        self.dataset
            .clusters(area, zoom, &Filter::all())
            .iter()
            .flat_map(|c| [c.lon, c.lat, c.count as f64])
            .collect()
    }
}
