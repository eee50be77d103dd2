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
use wasm_bindgen::{JsCast, JsValue};

use siteconfig::{self as config, Loading};

use crate::i18n::Text;
use crate::load::{
    beside, fetch_bytes, fetch_text, sleep_ms, FetchError, Progress, DATASET_STALL_MS,
    SMALL_FILE_STALL_MS,
};
use crate::state::notices::{NoticeKind, Notices};
use crate::state::startup::{LoadState, PlaceIndex, Startup};

/// The bundled boundary files' version (app/build.rs), in each file's URL.
pub const BOUNDARIES_VERSION: &str = env!("XZ_BOUNDARIES_VERSION");

/// A boundary file (`china.xzb`, `places.xzb`, `medium/510000.xzb`) by URL
/// relative to the page, versioned so no cache serves another build's copy.
pub fn boundaries_url(file: &str) -> String {
    format!("data/boundaries/{file}?v={BOUNDARIES_VERSION}")
}

/// Loads everything; `startup.load` follows it, `progress` the dataset's bytes.
/// The interface mounts once the config is read (the map needs its tile
/// layer); a retry keeps it up and loads the dataset again.
pub fn start(startup: Startup, notices: Notices, progress: RwSignal<Progress>) {
    if !matches!(startup.load.get_untracked(), LoadState::Starting) {
        startup.load.set(LoadState::Loading);
    }
    progress.set(Progress::default());
    spawn_local(async move {
        let defaults = |why: Text| {
            notices.notify(
                NoticeKind::Warning,
                Text::new(|m| m.config_defaults).with_text("why", why),
            );
            config::Config::default()
        };
        let config = match fetch_text("config.json").await {
            Ok(Some(text)) => config::parse(&text).unwrap_or_else(|e| defaults(detail(e))),
            Ok(None) => config::Config::default(),
            // Unreachable or unanswered: the defaults, said so; the map still comes up.
            Err(e) => defaults(fetch_message(&e, "config.json")),
        };
        if let Some(tiles) = &config.tiles {
            startup.tile_layer.set(tiles.layer().ok());
        }
        let (dataset_url, loading) = (config.dataset_url.clone(), config.loading);
        startup.config.set(config);
        if startup.boundaries.get_untracked().is_none() {
            spawn_local(load_boundaries(startup, notices));
        }
        if matches!(startup.load.get_untracked(), LoadState::Starting) {
            startup.load.set(LoadState::Loading);
        }
        match load_dataset(&dataset_url, loading, progress).await {
            Loaded::Whole(dataset) => {
                startup.data.set(Some(dataset));
                startup.load.set(LoadState::Ready);
            }
            Loaded::Tiles(manifest) => crate::dataset_files::open(startup, *manifest, &dataset_url),
            Loaded::Failed(state) => startup.load.set(state),
        }
    });
}

/// Registers the service worker (public/sw.js), which keeps the app and its
/// data for offline use and takes only datasets in a format this build reads,
/// once the first screen has settled: its install downloads and stores the
/// shell, the boundaries and the dataset (for tiles, their manifest: it keeps
/// tiles as they are asked for), work that would otherwise compete with
/// start-up for the phone's cores.
pub fn register_worker_when_settled(startup: Startup) {
    let registered = StoredValue::new(false);
    Effect::new(move |_| {
        let settled =
            startup.load.with(|l| matches!(l, LoadState::Ready | LoadState::Failed { .. }));
        if !settled || registered.get_value() {
            return;
        }
        registered.set_value(true);
        let tiled = startup.tiled.get_untracked();
        // Safari has no requestIdleCallback: a second's wait instead.
        if request_idle_callback_with_handle(move || register_worker(tiled)).is_err() {
            set_timeout(move || register_worker(tiled), std::time::Duration::from_secs(1));
        }
    });
}

fn register_worker(tiled: bool) {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    // A dataset loaded as tiles: the worker keeps the tiles asked for, not the whole file.
    let tiles = if tiled { "&tiles=1" } else { "" };
    let url = format!(
        "sw.js?format={}&boundaries={}{tiles}",
        engine::codec::FORMAT_VERSION,
        BOUNDARIES_VERSION
    );
    let workers = navigator.service_worker();
    let promise = workers.register(&url);
    spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            leptos::logging::warn!("service worker not registered: {e:?}");
            return;
        }
        // The files the first screen loaded came before the worker: once it is active, it is
        // told them, so it keeps them as it keeps what comes through it (offline, the area
        // already seen works from the first visit on).
        if tiled {
            keep_fetched(&workers).await;
        }
    });
}

/// Tells the active worker which data files were fetched before it could see them.
async fn keep_fetched(workers: &web_sys::ServiceWorkerContainer) {
    let Ok(ready) = workers.ready() else { return };
    let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
    let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
    let Some(worker) = registration.active() else { return };
    let urls: js_sys::Array =
        crate::dataset_files::fetched_urls().into_iter().map(JsValue::from).collect();
    let message = js_sys::Object::new();
    if js_sys::Reflect::set(&message, &"keep".into(), &urls).is_ok() {
        let _ = worker.post_message(&message);
    }
}

/// Waits before each retry of a failed dataset download; three tries in all.
const RETRY_WAITS_MS: [i32; 2] = [1_000, 3_000];

/// Why one try failed, and whether another could help.
enum Failure {
    Retry(Text),
    Final(LoadState),
}

/// The dataset, tried up to three times with growing waits (a flaky
/// network, a CDN midway through an update); each try reads the manifest
/// afresh, so the file is always checked against the manifest it came with.
async fn load_dataset(url: &str, loading: Loading, progress: RwSignal<Progress>) -> Loaded {
    let mut last = Text::new(|m| m.load_failed);
    for attempt in 0..=RETRY_WAITS_MS.len() {
        if attempt > 0 {
            progress.set(Progress { attempt: attempt as u32 + 1, ..Progress::default() });
            sleep_ms(RETRY_WAITS_MS[attempt - 1]).await;
        }
        match try_dataset(url, loading, progress).await {
            Ok(loaded) => return loaded,
            Err(Failure::Final(state)) => return Loaded::Failed(state),
            Err(Failure::Retry(message)) => last = message,
        }
    }
    let tries = RETRY_WAITS_MS.len() + 1;
    // The last failure's words, in whichever language is chosen when it is read.
    let message = Text::new(|m| m.tried_times).with("n", tries.to_string()).with_text("why", last);
    Loaded::Failed(LoadState::Failed { message, newer: false })
}

/// What start-up ends with.
enum Loaded {
    Whole(Arc<Dataset>),
    /// A manifest whose tiles are loaded as questions need them.
    Tiles(Box<Manifest>),
    Failed(LoadState),
}

/// One try: the manifest, then the file it names, checked against it; or,
/// when the deployment points straight at a `.xzd`, that file alone.
async fn try_dataset(
    url: &str,
    loading: Loading,
    progress: RwSignal<Progress>,
) -> Result<Loaded, Failure> {
    let fetch = |url: String| async move {
        fetch_bytes(&url, Some(progress.write_only()), DATASET_STALL_MS)
            .await
            .map_err(|e| Failure::Retry(fetch_message(&e, &url)))
    };
    if !url.ends_with(".json") {
        return fetch(url.to_string())
            .await
            .and_then(|bytes| decoded(Dataset::from_bytes(&bytes)))
            .map(|d| Loaded::Whole(Arc::new(d)));
    }
    let text = fetch_bytes(url, None, SMALL_FILE_STALL_MS)
        .await
        .map_err(|e| Failure::Retry(fetch_message(&e, url)))?;
    let manifest = match Manifest::parse(&String::from_utf8_lossy(&text)) {
        Ok(manifest) => manifest,
        Err(e @ ShardError::NewerVersion { .. }) => {
            return Err(Failure::Final(LoadState::Failed { message: detail(e), newer: true }))
        }
        Err(e) => return Err(Failure::Retry(detail(format!("{url}: {e}")))),
    };
    if loading.tiles(manifest.whole.as_ref().map(|w| w.bytes), !manifest.shards.is_empty()) {
        return Ok(Loaded::Tiles(Box::new(manifest)));
    }
    let Some(whole) = &manifest.whole else {
        return Err(Failure::Final(LoadState::Failed {
            message: Text::new(|m| m.manifest_lists_no_data).with("url", url),
            newer: false,
        }));
    };
    // The content hash in the query keeps caches from serving another version under the same name.
    let bytes = fetch(format!("{}?v={}", beside(url, &whole.path), whole.hash)).await?;
    match engine::shards::open(whole, &bytes) {
        Ok(dataset) => Ok(Loaded::Whole(Arc::new(dataset))),
        Err(ShardError::Decode { error, .. }) => {
            decoded(Err(error)).map(|d| Loaded::Whole(Arc::new(d)))
        }
        Err(e) => {
            Err(Failure::Retry(Text::new(|m| m.data_does_not_match).with("why", e.to_string())))
        }
    }
}

fn decoded(result: Result<Dataset, DecodeError>) -> Result<Dataset, Failure> {
    result.map_err(|e| match e {
        DecodeError::NewerVersion { .. } => {
            Failure::Final(LoadState::Failed { message: detail(e), newer: true })
        }
        e => Failure::Retry(Text::new(|m| m.data_invalid).with("why", e.to_string())),
    })
}

/// A technical detail (the engine's own words, in English), as it is in every language.
fn detail(what: impl ToString) -> Text {
    Text::verbatim(what.to_string())
}

async fn load_boundaries(startup: Startup, notices: Notices) {
    match fetch_boundaries("china.xzb").await {
        Ok(boundaries) => {
            startup.boundaries.set(Some(Arc::new(boundaries)));
            merge_places(startup);
        }
        Err(why) => notices
            .notify(NoticeKind::Warning, Text::new(|m| m.outlines_failed).with_text("why", why)),
    }
}

/// Starts loading the county place index unless it is loaded or loading;
/// after a failure, only when `retry` (the box focused again, not each keystroke).
pub fn want_places(startup: Startup, retry: bool) {
    let wanted = match startup.places.get_untracked() {
        PlaceIndex::NotLoaded => true,
        PlaceIndex::Failed(_) => retry,
        PlaceIndex::Loading | PlaceIndex::Waiting(_) | PlaceIndex::Ready => false,
    };
    if wanted {
        startup.places.set(PlaceIndex::Loading);
        spawn_local(async move {
            match fetch_boundaries("places.xzb").await {
                Ok(places) => {
                    startup.places.set(PlaceIndex::Waiting(Arc::new(places)));
                    merge_places(startup);
                }
                Err(why) => startup.places.set(PlaceIndex::Failed(why)),
            }
        });
    }
}

/// Adds the place index to the overview once both are here (either may come first).
fn merge_places(startup: Startup) {
    let PlaceIndex::Waiting(places) = startup.places.get_untracked() else { return };
    let Some(overview) = startup.boundaries.get_untracked() else { return };
    let mut merged = (*overview).clone();
    merged.regions.extend(places.regions.iter().cloned());
    startup.boundaries.set(Some(Arc::new(merged)));
    startup.places.set(PlaceIndex::Ready);
}

async fn fetch_boundaries(file: &str) -> Result<Boundaries, Text> {
    let url = boundaries_url(file);
    match fetch_bytes(&url, None, DATASET_STALL_MS).await {
        Ok(bytes) => Boundaries::decode(&bytes).map_err(|e| detail(format!("{file}: {e}"))),
        Err(e) => Err(fetch_message(&e, &url)),
    }
}

/// Why a download failed, in words.
fn fetch_message(error: &FetchError, url: &str) -> Text {
    match error {
        FetchError::Network => Text::new(|m| m.fetch_network).with("url", url),
        FetchError::Status(status) => {
            Text::new(|m| m.fetch_status).with("status", status.to_string()).with("url", url)
        }
        FetchError::Stalled(seconds) => {
            Text::new(|m| m.fetch_stalled).with("s", seconds.to_string()).with("url", url)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::beside;

    #[test]
    fn files_are_found_beside_their_manifest() {
        assert_eq!(beside("data/manifest.json", "facilities.xzd"), "data/facilities.xzd");
        assert_eq!(beside("manifest.json", "facilities.xzd"), "facilities.xzd");
        assert_eq!(
            beside("https://cdn.example.org/xz/manifest.json", "shards/1.xzd"),
            "https://cdn.example.org/xz/shards/1.xzd"
        );
    }
}
