//! Start-up: the deployment config, then the dataset (with progress) and
//! the overview boundaries side by side.

use std::sync::Arc;

use engine::boundaries::Boundaries;
use engine::codec::DecodeError;
use engine::Dataset;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::config;
use crate::load::{fetch_bytes, fetch_text, FetchError, Progress};
use crate::state::Ui;

/// Where the overview boundaries live, relative to the page.
pub const BOUNDARIES_URL: &str = "data/boundaries/china.xzb";

#[derive(Clone)]
pub enum LoadState {
    Loading,
    Failed { message: String, newer: bool },
    Ready(Arc<Dataset>),
}

/// Loads everything; `state` follows the dataset, `progress` its bytes.
pub fn start(ui: Ui, state: RwSignal<LoadState>, progress: RwSignal<Progress>) {
    state.set(LoadState::Loading);
    progress.set(Progress::default());
    spawn_local(async move {
        let config = match fetch_text("config.json").await {
            Ok(Some(text)) => config::parse(&text).unwrap_or_else(|e| {
                ui.notify("warning", format!("config.json: {e}. 已使用默认设置 Using the defaults."));
                config::Config::default()
            }),
            Ok(None) | Err(_) => config::Config::default(),
        };
        if let Some(tiles) = &config.tiles {
            ui.tile_layer.set(tiles.layer().ok());
        }
        let dataset_url = config.dataset_url.clone();
        ui.config.set(config);
        if ui.boundaries.get_untracked().is_none() {
            spawn_local(load_boundaries(ui));
        }
        let outcome = fetch_bytes(&dataset_url, Some(progress.write_only())).await;
        state.set(match outcome {
            Ok(bytes) => match Dataset::from_bytes(&bytes) {
                Ok(dataset) => LoadState::Ready(Arc::new(dataset)),
                Err(e @ DecodeError::NewerVersion { .. }) => LoadState::Failed { message: e.to_string(), newer: true },
                Err(e) => LoadState::Failed { message: format!("数据文件无效 invalid dataset: {e}"), newer: false },
            },
            Err(e) => LoadState::Failed { message: fetch_message(&e, &dataset_url), newer: false },
        });
    });
}

async fn load_boundaries(ui: Ui) {
    let loaded = match fetch_bytes(BOUNDARIES_URL, None).await {
        Ok(bytes) => Boundaries::decode(&bytes).map_err(|e| e.to_string()),
        Err(e) => Err(fetch_message(&e, BOUNDARIES_URL)),
    };
    match loaded {
        Ok(boundaries) => ui.boundaries.set(Some(Arc::new(boundaries))),
        Err(message) => ui.notify("warning", format!("地图边界未能加载,地图只显示机构 Map outlines could not load; the map shows facilities only ({message})")),
    }
}

fn fetch_message(error: &FetchError, url: &str) -> String {
    match error {
        FetchError::Network => format!("网络错误 network error: {url} could not be reached"),
        FetchError::Status(status) => format!("服务器返回 {status} server answered {status} for {url}"),
    }
}
