//! Start-up: the deployment config, then the dataset (its manifest, then the
//! file it names, checked by hash, with progress and retries) and the
//! overview boundaries side by side. The county place index waits until the
//! search box is first used.

use std::sync::Arc;

use engine::boundaries::Boundaries;
use engine::codec::DecodeError;
use engine::shards::{Manifest, ShardError};
use engine::Dataset;
use leptos::prelude::*;
use leptos::task::spawn_local;

use engine::site as config;
use crate::load::{fetch_bytes, fetch_text, sleep_ms, FetchError, Progress, DATASET_STALL_MS, SMALL_FILE_STALL_MS};
use crate::state::{LoadState, PlaceIndex, Ui};

/// The bundled boundary files' version (app/build.rs), in each file's URL.
pub const BOUNDARIES_VERSION: &str = env!("XZ_BOUNDARIES_VERSION");

/// A boundary file (`china.xzb`, `places.xzb`, `medium/510000.xzb`) by URL
/// relative to the page, versioned so no cache serves another build's copy.
pub fn boundaries_url(file: &str) -> String {
    format!("data/boundaries/{file}?v={BOUNDARIES_VERSION}")
}

/// Loads everything; `ui.load` follows it, `progress` the dataset's bytes.
/// The interface mounts once the config is read (the map needs its tile
/// layer); a retry keeps it up and loads the dataset again.
pub fn start(ui: Ui, progress: RwSignal<Progress>) {
    if !matches!(ui.load.get_untracked(), LoadState::Starting) {
        ui.load.set(LoadState::Loading);
    }
    progress.set(Progress::default());
    spawn_local(async move {
        let config = match fetch_text("config.json").await {
            Ok(Some(text)) => config::parse(&text).unwrap_or_else(|e| {
                ui.notify("warning", format!("config.json: {e}. 已使用默认设置 Using the defaults."));
                config::Config::default()
            }),
            Ok(None) => config::Config::default(),
            // Unreachable or unanswered: the defaults, said so; the map still comes up.
            Err(e) => {
                ui.notify("warning", format!("config.json: {}. 已使用默认设置 Using the defaults.", fetch_message(&e, "config.json")));
                config::Config::default()
            }
        };
        if let Some(tiles) = &config.tiles {
            ui.tile_layer.set(tiles.layer().ok());
        }
        let dataset_url = config.dataset_url.clone();
        ui.config.set(config);
        if ui.boundaries.get_untracked().is_none() {
            spawn_local(load_boundaries(ui));
        }
        if matches!(ui.load.get_untracked(), LoadState::Starting) {
            ui.load.set(LoadState::Loading);
        }
        ui.load.set(load_dataset(&dataset_url, progress).await);
    });
}

/// Registers the service worker (public/sw.js), which keeps the app and its
/// data for offline use and takes only datasets in a format this build reads,
/// once the first screen has settled: its install downloads and stores the
/// shell, the boundaries and the dataset, work that would otherwise compete
/// with start-up for the phone's cores.
pub fn register_worker_when_settled(ui: Ui) {
    let registered = StoredValue::new(false);
    Effect::new(move |_| {
        let settled = ui.load.with(|l| matches!(l, LoadState::Ready(_) | LoadState::Failed { .. }));
        if !settled || registered.get_value() {
            return;
        }
        registered.set_value(true);
        // Safari has no requestIdleCallback: a second's wait instead.
        if request_idle_callback_with_handle(register_worker).is_err() {
            set_timeout(register_worker, std::time::Duration::from_secs(1));
        }
    });
}

fn register_worker() {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let url = format!("sw.js?format={}&boundaries={}", engine::codec::FORMAT_VERSION, BOUNDARIES_VERSION);
    let promise = navigator.service_worker().register(&url);
    spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            leptos::logging::warn!("service worker not registered: {e:?}");
        }
    });
}

/// Waits before each retry of a failed dataset download; three tries in all.
const RETRY_WAITS_MS: [i32; 2] = [1_000, 3_000];

/// Why one try failed, and whether another could help.
enum Failure {
    Retry(String),
    Final(LoadState),
}

/// The dataset, tried up to three times with growing waits (a flaky
/// network, a CDN midway through an update); each try reads the manifest
/// afresh, so the file is always checked against the manifest it came with.
async fn load_dataset(url: &str, progress: RwSignal<Progress>) -> LoadState {
    let mut last = String::new();
    for attempt in 0..=RETRY_WAITS_MS.len() {
        if attempt > 0 {
            progress.set(Progress { attempt: attempt as u32 + 1, ..Progress::default() });
            sleep_ms(RETRY_WAITS_MS[attempt - 1]).await;
        }
        match try_dataset(url, progress).await {
            Ok(dataset) => return LoadState::Ready(Arc::new(dataset)),
            Err(Failure::Final(state)) => return state,
            Err(Failure::Retry(message)) => last = message,
        }
    }
    let tries = RETRY_WAITS_MS.len() + 1;
    LoadState::Failed { message: format!("{last} (已尝试 {tries} 次 tried {tries} times)"), newer: false }
}

/// One try: the manifest, then the file it names, checked against it; or,
/// when the deployment points straight at a `.xzd`, that file alone.
async fn try_dataset(url: &str, progress: RwSignal<Progress>) -> Result<Dataset, Failure> {
    let fetch = |url: String| async move {
        fetch_bytes(&url, Some(progress.write_only()), DATASET_STALL_MS).await.map_err(|e| Failure::Retry(fetch_message(&e, &url)))
    };
    if !url.ends_with(".json") {
        return fetch(url.to_string()).await.and_then(|bytes| decoded(Dataset::from_bytes(&bytes)));
    }
    let text = fetch_bytes(url, None, SMALL_FILE_STALL_MS).await.map_err(|e| Failure::Retry(fetch_message(&e, url)))?;
    let manifest = match Manifest::parse(&String::from_utf8_lossy(&text)) {
        Ok(manifest) => manifest,
        Err(e @ ShardError::NewerVersion { .. }) => return Err(Failure::Final(LoadState::Failed { message: e.to_string(), newer: true })),
        Err(e) => return Err(Failure::Retry(format!("{url}: {e}"))),
    };
    let Some(whole) = &manifest.whole else {
        return Err(Failure::Final(LoadState::Failed { message: format!("{url}: 清单未列出数据文件 the manifest lists no whole dataset"), newer: false }));
    };
    // The content hash in the query keeps caches from serving another version under the same name.
    let bytes = fetch(format!("{}?v={}", beside(url, &whole.path), whole.hash)).await?;
    match manifest.whole_dataset(&bytes) {
        Ok(dataset) => Ok(dataset),
        Err(ShardError::Decode { error, .. }) => decoded(Err(error)),
        Err(e) => Err(Failure::Retry(format!("数据文件与清单不符 {e}"))),
    }
}

fn decoded(result: Result<Dataset, DecodeError>) -> Result<Dataset, Failure> {
    result.map_err(|e| match e {
        DecodeError::NewerVersion { .. } => Failure::Final(LoadState::Failed { message: e.to_string(), newer: true }),
        e => Failure::Retry(format!("数据文件无效 invalid dataset: {e}")),
    })
}

/// `path` (relative to the manifest) as a URL relative to the page.
fn beside(manifest_url: &str, path: &str) -> String {
    match manifest_url.rfind('/') {
        Some(slash) => format!("{}{path}", &manifest_url[..=slash]),
        None => path.to_string(),
    }
}

async fn load_boundaries(ui: Ui) {
    match fetch_boundaries("china.xzb").await {
        Ok(boundaries) => {
            ui.boundaries.set(Some(Arc::new(boundaries)));
            merge_places(ui);
        }
        Err(message) => ui.notify("warning", format!("地图边界未能加载,地图只显示机构 Map outlines could not load; the map shows facilities only ({message})")),
    }
}

/// Starts loading the county place index unless it is loaded or loading;
/// after a failure, only when `retry` (the box focused again, not each keystroke).
pub fn want_places(ui: Ui, retry: bool) {
    let wanted = match ui.places.get_untracked() {
        PlaceIndex::NotLoaded => true,
        PlaceIndex::Failed(_) => retry,
        PlaceIndex::Loading | PlaceIndex::Waiting(_) | PlaceIndex::Ready => false,
    };
    if wanted {
        ui.places.set(PlaceIndex::Loading);
        spawn_local(async move {
            match fetch_boundaries("places.xzb").await {
                Ok(places) => {
                    ui.places.set(PlaceIndex::Waiting(Arc::new(places)));
                    merge_places(ui);
                }
                Err(message) => ui.places.set(PlaceIndex::Failed(message)),
            }
        });
    }
}

/// Adds the place index to the overview once both are here (either may come first).
fn merge_places(ui: Ui) {
    let PlaceIndex::Waiting(places) = ui.places.get_untracked() else { return };
    let Some(overview) = ui.boundaries.get_untracked() else { return };
    let mut merged = (*overview).clone();
    merged.regions.extend(places.regions.iter().cloned());
    ui.boundaries.set(Some(Arc::new(merged)));
    ui.places.set(PlaceIndex::Ready);
}

async fn fetch_boundaries(file: &str) -> Result<Boundaries, String> {
    let url = boundaries_url(file);
    match fetch_bytes(&url, None, DATASET_STALL_MS).await {
        Ok(bytes) => Boundaries::decode(&bytes).map_err(|e| format!("{file}: {e}")),
        Err(e) => Err(fetch_message(&e, &url)),
    }
}

fn fetch_message(error: &FetchError, url: &str) -> String {
    match error {
        FetchError::Network => format!("网络错误 network error: {url} could not be reached"),
        FetchError::Status(status) => format!("服务器返回 {status} server answered {status} for {url}"),
        FetchError::Stalled(seconds) => format!("{seconds} 秒没有收到数据 nothing came for {seconds} s from {url}"),
    }
}

#[cfg(test)]
mod tests {
    use super::beside;

    #[test]
    fn files_are_found_beside_their_manifest() {
        assert_eq!(beside("data/manifest.json", "facilities.xzd"), "data/facilities.xzd");
        assert_eq!(beside("manifest.json", "facilities.xzd"), "facilities.xzd");
        assert_eq!(beside("https://cdn.example.org/xz/manifest.json", "shards/1.xzd"), "https://cdn.example.org/xz/shards/1.xzd");
    }
}
