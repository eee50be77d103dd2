//! A dataset loaded as tiles (a national build): the manifest's
//! [`ShardSet`], the questions the screens ask of it, and the downloads that
//! make each answer exact. A question is settled by loading what the engine
//! says could still change its answer, in the batches
//! [`engine::shards::Partial::next_batch`] gives, until nothing could; the
//! tiles loaded so far are then shown as one dataset (`Startup::data`), so
//! every screen reads it as it reads a whole file. A tile that cannot be
//! downloaded leaves its question [`Coverage::Failed`], which the screen says,
//! with a retry: never a silently incomplete "nearest".

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use engine::shards::{Manifest, ShardSet, SummaryCluster, SUMMARY_ZOOMS};
use engine::{Filter, LatLon, LatLonBox};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::load::{fetch_bytes, sleep_ms, FetchError, SMALL_FILE_STALL_MS};
use crate::state::startup::{LoadState, Startup, ViewGap};

/// The most tiles the map loads for one view; a wider view shows what is
/// loaded and the cluster summaries.
pub const VIEW_TILES_AT_MOST: usize = 12;

/// The most tiles a name search loads: a query that could be in more (a
/// common word, or one or two letters) is answered from the tiles loaded,
/// and the search box says so.
pub const TEXT_TILES_AT_MOST: usize = 12;

/// The most facilities the loaded tiles and layers hold between questions
/// (about 12 MB of engine heap at ~290 bytes each, twice that with the
/// dataset the screens read): beyond it the least recently needed tiles are
/// let go (the service worker keeps their files for offline use) and loaded
/// again when a question needs them. One question that needs more loads
/// until it would pass the cap, then answers from what fits and says so.
pub const LOADED_AT_MOST: usize = 40_000;

/// A question a screen asks of the tiles.
#[derive(Clone, PartialEq)]
pub enum Question {
    /// The `k` nearest matches of a point.
    Nearest { point: LatLon, k: usize, filter: Filter },
    /// Every match within a radius.
    Radius { point: LatLon, radius_m: f64, filter: Filter },
    /// Every match in the map's view.
    Area { area: LatLonBox, filter: Filter },
    /// A network's members, wherever they are.
    Members(String),
    /// The cluster summary for a zoomed-out map.
    Summary { zoom: u32 },
    /// Names, aliases, pinyin and addresses matching a text, anywhere (the
    /// name index, then the tiles it names).
    Text { query: String, near: Option<LatLon> },
    /// The facility with this id (a listing's link): the name index says which tile holds it.
    Listing(String),
    /// All of these (a list and the institutions that usually offer what it asks): one
    /// coverage for all, so nothing shown is claimed exact while a part of it is not.
    Each(Vec<Question>),
}

/// How far a question's answer is.
#[derive(Clone, Default, PartialEq)]
pub enum Coverage {
    /// Exact: nothing unloaded could change it.
    #[default]
    Complete,
    /// Tiles it needs are on their way.
    Loading,
    /// These files (their paths) could not be downloaded; the answer is over the rest.
    Failed(Vec<String>),
    /// This many areas could change the answer but would pass [`LOADED_AT_MOST`]:
    /// the answer is over the areas that fit.
    Capped(usize),
    /// A new version of the data was published while the page was open: files the open
    /// manifest names are gone. A reload takes the new version (the link keeps the question).
    Updated,
}

struct Tiles {
    set: ShardSet,
    manifest_url: String,
    /// Files being downloaded, and files that failed (until a retry): a few numbers each.
    in_flight: Vec<usize>,
    failed: Vec<usize>,
    /// Files added so far, and how many of them the shown dataset holds:
    /// it is rebuilt once a round, not once a file (about 5 ms per
    /// thousand facilities natively, more in wasm).
    inserted: u64,
    shown: u64,
    /// Every file downloaded (its address), for the service worker to keep (see
    /// [`fetched_urls`]): at most one per file of the manifest.
    fetched: Vec<String>,
    /// Whether the published manifest is no longer the open one (see [`check_published`]);
    /// a check is under way while `checking`.
    updated: bool,
    checking: bool,
}

/// Who asks the tiles. Each asker's latest question stands until it asks
/// another: beyond the cap, the tiles it reads are let go only after every
/// tile no question reads, so one screen's loading does not take another's
/// answer from under it while there is anything else to let go, and two
/// screens' questions do not evict each other's tiles in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asker {
    Results,
    Names,
    Members,
    Listing,
    View,
}

thread_local! {
    static TILES: RefCell<Option<Tiles>> = const { RefCell::new(None) };
    static STANDING: RefCell<Vec<(Asker, Question)>> = const { RefCell::new(Vec::new()) };
    /// Whether the map's view is being settled, and the view asked for since.
    static VIEW_BUSY: Cell<bool> = const { Cell::new(false) };
    static VIEW_NEXT: RefCell<Option<Question>> = const { RefCell::new(None) };
}

/// Starts answering from `manifest`'s tiles: nothing is loaded yet, so the
/// dataset is empty until the first question settles.
pub fn open(startup: Startup, manifest: Manifest, manifest_url: &str) {
    let set = ShardSet::new(manifest);
    let empty = set.loaded_dataset();
    TILES.with_borrow_mut(|t| {
        *t = Some(Tiles {
            set,
            manifest_url: manifest_url.to_string(),
            in_flight: Vec::new(),
            failed: Vec::new(),
            inserted: 0,
            shown: 0,
            fetched: Vec::new(),
            updated: false,
            checking: false,
        })
    });
    startup.tiled.set(true);
    startup.data.set(Some(Arc::new(empty)));
    startup.load.set(LoadState::Ready);
}

/// The box the tiles cover (the first view of a national map).
pub fn extent() -> Option<LatLonBox> {
    TILES.with_borrow(|t| {
        let shards = &t.as_ref()?.set.manifest().shards;
        shards.iter().map(|s| s.bbox()).reduce(|a, b| LatLonBox {
            south: a.south.min(b.south),
            west: a.west.min(b.west),
            north: a.north.max(b.north),
            east: a.east.max(b.east),
        })
    })
}

/// How many facilities the tiles hold in all; `None` when no tiles are open.
pub fn total_count() -> Option<u64> {
    TILES.with_borrow(|t| Some(t.as_ref()?.set.manifest().total_count()))
}

/// What could still change `question`'s answer, and whether the answer is
/// short of what was asked; `None` when no tiles are open.
fn missing(question: &Question) -> Option<(Vec<usize>, bool)> {
    TILES.with_borrow(|t| Some(missing_of(&t.as_ref()?.set, question)))
}

fn missing_of(set: &ShardSet, question: &Question) -> (Vec<usize>, bool) {
    match question {
        Question::Nearest { point, k, filter } => {
            let p = set.nearest(*point, *k, filter);
            let short = p.results.len() < *k;
            (p.missing, short)
        }
        Question::Radius { point, radius_m, filter } => {
            (set.within_radius(*point, *radius_m, filter).missing, false)
        }
        Question::Area { area, filter } => {
            let missing = set.missing_in_box(*area, filter);
            // A view too wide to load whole asks for nothing, and says it is short.
            let wide = missing.len() > VIEW_TILES_AT_MOST;
            (if wide { Vec::new() } else { missing }, wide)
        }
        Question::Members(id) => (set.members(id).missing, false),
        Question::Listing(id) => (set.find_id(id).missing, false),
        Question::Summary { zoom, .. } => (set.summary_missing(*zoom).unwrap_or_default(), false),
        Question::Text { query, near } => match set.text_tiles_near(query, *near) {
            Err(buckets) => (buckets, false),
            // The nearest few of the tiles that could hold a match; the rest are said, not loaded.
            Ok(Some(tiles)) => {
                let (loaded, missing): (Vec<usize>, Vec<usize>) =
                    tiles.into_iter().take(TEXT_TILES_AT_MOST).partition(|&i| set.is_loaded(i));
                loaded.into_iter().for_each(|i| set.mark(i));
                (missing, false)
            }
            Ok(None) => (Vec::new(), false),
        },
        Question::Each(all) => {
            let (mut missing, mut short) = (Vec::new(), false);
            for q in all {
                let (m, s) = missing_of(set, q);
                missing.extend(m.into_iter().filter(|i| !missing.contains(i)).collect::<Vec<_>>());
                short |= s;
            }
            (missing, short)
        }
    }
}

/// How far a settled name search reaches.
#[derive(Clone, Copy, PartialEq)]
pub enum TextReach {
    /// Everywhere (for matches as typed): the whole dataset's answer.
    Exact,
    /// The nearest [`TEXT_TILES_AT_MOST`] of this many areas that could hold a match.
    Nearest(usize),
    /// The areas downloaded: the query is too common or too short for the name index.
    Loaded,
}

/// How far a name search over the tiles loaded reaches, once settled.
pub fn text_reach(query: &str) -> TextReach {
    TILES.with_borrow(|t| match t.as_ref().map(|t| t.set.text_tiles_near(query, None)) {
        None => TextReach::Exact,
        Some(Ok(Some(tiles))) if tiles.len() <= TEXT_TILES_AT_MOST => TextReach::Exact,
        Some(Ok(Some(tiles))) => TextReach::Nearest(tiles.len()),
        Some(_) => TextReach::Loaded,
    })
}

/// Whether no tiles are open, or `question`'s answer is exact already.
pub fn is_settled(question: &Question) -> bool {
    missing(question).is_none_or(|(m, _)| m.is_empty())
}

/// Loads what `question` needs until its answer is exact, or a file fails,
/// or `wanted` says the question has been replaced by another (then it
/// stops between rounds, and answers `Loading`: the newer question says how far it got).
pub async fn settle(startup: Startup, question: Question, wanted: impl Fn() -> bool) -> Coverage {
    let mut round = 0;
    if TILES.with_borrow(Option::is_none) {
        return Coverage::Complete;
    }
    loop {
        // Beyond the cap, what no question reads goes first, then what the other askers'
        // standing questions read, least recently; never what this one reads. (Each
        // marks what its answer reads: the standing ones, then this one, a question later.)
        let since = TILES.with_borrow_mut(|t| {
            let t = t.as_mut()?;
            t.set.begin_question();
            STANDING.with_borrow(|s| s.iter().for_each(|(_, q)| drop(missing_of(&t.set, q))));
            let since = t.set.begin_question();
            drop(missing_of(&t.set, &question));
            let gone = t.set.evict(LOADED_AT_MOST, since);
            t.inserted += u64::from(!gone.is_empty());
            Some(since)
        });
        let Some(since) = since else { return Coverage::Complete };
        refresh(startup);
        let Some((missing, short)) = missing(&question) else { return Coverage::Complete };
        if missing.is_empty() {
            return Coverage::Complete;
        }
        if !wanted() {
            return Coverage::Loading;
        }
        let step = TILES.with_borrow_mut(|t| {
            let t = t.as_mut().expect("tiles are open: missing() said so");
            if t.updated {
                return Err(Coverage::Updated);
            }
            let failed: Vec<String> = missing
                .iter()
                .filter(|i| t.failed.contains(i))
                .filter_map(|&i| t.set.file(i))
                .map(|f| f.path.clone())
                .collect();
            if !failed.is_empty() {
                return Err(Coverage::Failed(failed));
            }
            // Name buckets are small, and a name search's tiles are few: all at once.
            let at_once = matches!(question, Question::Text { .. })
                || missing.iter().all(|&i| t.set.is_name_bucket(i));
            let partial = engine::shards::Partial { results: (), missing: missing.clone() };
            let batch = if at_once { &missing[..] } else { partial.next_batch(round, short) };
            let batch: Vec<usize> =
                batch.iter().copied().filter(|i| !t.in_flight.contains(i)).collect();
            // Room is made for the batch (what no standing question reads goes); past the
            // first round, a batch that would still pass the cap is not loaded.
            let adding: usize =
                batch.iter().filter_map(|&i| t.set.file(i)).map(|f| f.count as usize).sum();
            if t.set.loaded_facilities() + adding > LOADED_AT_MOST {
                let gone = t.set.evict(LOADED_AT_MOST.saturating_sub(adding), since);
                t.inserted += u64::from(!gone.is_empty());
            }
            if round > 0 && t.set.loaded_facilities() + adding > LOADED_AT_MOST {
                return Err(Coverage::Capped(missing.len()));
            }
            let busy = missing.iter().any(|i| t.in_flight.contains(i));
            t.in_flight.extend(&batch);
            Ok((batch, busy))
        });
        let (batch, busy) = match step {
            Ok(step) => step,
            Err(short) => return short,
        };
        if batch.is_empty() && !busy {
            return Coverage::Complete;
        }
        for &i in &batch {
            spawn_local(load(i));
        }
        // Until this round's files (or another question's that this one needs) are in or failed.
        while TILES.with_borrow(|t| {
            t.as_ref().is_some_and(|t| missing.iter().any(|i| t.in_flight.contains(i)))
        }) {
            sleep_ms(20).await;
        }
        // A round of name buckets alone (a listing's or a name's index) loads no tile: the
        // first round of tiles is still to come, and it is never refused for the cap.
        let buckets_only = TILES.with_borrow(|t| {
            t.as_ref().is_some_and(|t| batch.iter().all(|&i| t.set.is_name_bucket(i)))
        });
        round += usize::from(!batch.is_empty() && !buckets_only);
    }
}

/// Downloads file `i` and adds it to the set, or marks it failed. A file the
/// manifest names that is gone (404, 410) or is not what the manifest says may
/// mean a new version was published: the manifest is checked before the file
/// is said to have failed.
async fn load(i: usize) {
    let bytes = fetch(i).await;
    // `None`: not downloaded; `Some(false)`: not what the manifest says.
    let inserted = TILES.with_borrow_mut(|t| {
        let (t, b) = (t.as_mut()?, bytes.as_ref().ok()?);
        let ok = t.set.insert(i, b).is_ok();
        // A name bucket changes no facility shown.
        t.inserted += u64::from(ok && !t.set.is_name_bucket(i));
        // Only a file that is what the manifest says is for the worker to keep.
        if let Some(url) = file_url(t, i).filter(|u| ok && !t.fetched.contains(u)) {
            t.fetched.push(url);
        }
        Some(ok)
    });
    if matches!(bytes, Err(FetchError::Status(404 | 410))) || inserted == Some(false) {
        check_published().await;
    }
    TILES.with_borrow_mut(|t| {
        let Some(t) = t.as_mut() else { return };
        t.in_flight.retain(|&j| j != i);
        if inserted != Some(true) {
            t.failed.push(i);
        }
    });
}

/// Reads the published manifest afresh and marks the open one replaced when
/// they differ (another whole file, other tiles): the files it names are gone
/// for good, and no retry could bring them back.
async fn check_published() {
    let Some(url) = TILES.with_borrow_mut(|t| {
        let t = t.as_mut().filter(|t| !t.updated && !t.checking)?;
        t.checking = true;
        Some(t.manifest_url.clone())
    }) else {
        return;
    };
    // `None`: not read (offline); `Some(None)`: a manifest this page cannot read (a newer
    // format): updated too, and only a reload (a newer app) can read it.
    let fresh = fetch_bytes(&url, None, SMALL_FILE_STALL_MS)
        .await
        .ok()
        .map(|text| Manifest::parse(&String::from_utf8_lossy(&text)).ok());
    TILES.with_borrow_mut(|t| {
        let Some(t) = t.as_mut() else { return };
        t.checking = false;
        let open = t.set.manifest();
        let files = |m: &Manifest| {
            let all = m.shards.iter().chain(&m.whole).chain(&m.names);
            all.map(|f| f.hash.clone()).collect::<Vec<String>>()
        };
        match fresh {
            Some(Some(fresh)) => t.updated = files(&fresh) != files(open),
            Some(None) => t.updated = true,
            None => {}
        }
    });
}

/// Shows the loaded tiles anew when files were added since they were last shown.
fn refresh(startup: Startup) {
    let dataset = TILES.with_borrow_mut(|t| {
        let t = t.as_mut().filter(|t| t.shown != t.inserted)?;
        t.shown = t.inserted;
        Some(t.set.loaded_dataset())
    });
    if let Some(dataset) = dataset {
        startup.data.set(Some(Arc::new(dataset)));
    }
}

/// One file, tried twice (a file that is not there, once); the last error when it could not be had.
async fn fetch(i: usize) -> Result<Vec<u8>, FetchError> {
    let url = TILES.with_borrow(|t| file_url(t.as_ref()?, i)).ok_or(FetchError::Network)?;
    let mut last = FetchError::Network;
    for wait in [0, 1_000] {
        if wait > 0 {
            if matches!(last, FetchError::Status(404 | 410)) {
                break;
            }
            sleep_ms(wait).await;
        }
        match fetch_bytes(&url, None, SMALL_FILE_STALL_MS).await {
            Err(e) => last = e,
            Ok(bytes) => return Ok(bytes),
        }
    }
    Err(last)
}

/// The addresses of the files downloaded so far (a worker registered after
/// them keeps them too).
pub fn fetched_urls() -> Vec<String> {
    TILES.with_borrow(|t| t.as_ref().map(|t| t.fetched.clone()).unwrap_or_default())
}

/// Where file `i` is. The content hash in the query keeps caches from serving another
/// version under the same name.
fn file_url(t: &Tiles, i: usize) -> Option<String> {
    let f = t.set.file(i)?;
    Some(format!("{}?v={}", crate::load::beside(&t.manifest_url, &f.path), f.hash))
}

/// Forgets which files failed, so the next question tries them again.
pub fn retry() {
    TILES.with_borrow_mut(|t| {
        if let Some(t) = t.as_mut() {
            t.failed.clear();
        }
    });
}

/// Settles `question` in the background, writing its coverage to `coverage`
/// (unless a newer question has been asked of it since). The screen that asked
/// may be gone before the answer comes (its signals disposed): then the
/// loading stops between rounds and nothing is written.
pub fn ask(
    startup: Startup,
    asker: Asker,
    question: Question,
    coverage: RwSignal<Coverage>,
    generation: StoredValue<u64>,
) {
    stand(asker, &question);
    // Every question is a new generation, one answered at once too: an older one still
    // loading must not write its coverage over this one's.
    generation.update_value(|g| *g += 1);
    if is_settled(&question) {
        coverage.set(Coverage::Complete);
        return;
    }
    let mine = generation.get_value();
    coverage.set(Coverage::Loading);
    spawn_local(async move {
        let done =
            settle(startup, question, move || generation.try_get_value() == Some(mine)).await;
        if generation.try_get_value() == Some(mine) {
            // `try_set` gives the value back when the signal is gone: nothing to do with it.
            let _ = coverage.try_set(done);
        }
    });
}

/// The map's clusters from the summaries when the view is zoomed out far
/// enough and unfiltered; `None` when tiles answer it (or no tiles are open).
pub fn summary_clusters(
    area: LatLonBox,
    zoom: u32,
    filter: &Filter,
) -> Option<Vec<SummaryCluster>> {
    if !filter.is_empty() {
        return None;
    }
    TILES.with_borrow(|t| Some(t.as_ref()?.set.summary(area, zoom)?.results))
}

/// Loads what the map's view needs: the cluster summary when zoomed out
/// and unfiltered, else the view's tiles (at most [`VIEW_TILES_AT_MOST`]).
/// Called on every frame; one view is settled at a time, then the latest asked.
pub fn want_view(startup: Startup, area: LatLonBox, zoom: u32, filter: &Filter) {
    let summarised = filter.is_empty() && SUMMARY_ZOOMS.last().is_some_and(|&z| zoom <= z);
    let question = if summarised {
        Question::Summary { zoom }
    } else {
        Question::Area { area, filter: filter.clone() }
    };
    // The view on screen stands, loaded already or not: its tiles are the others' last to go.
    stand(Asker::View, &question);
    let Some((missing, wide)) = missing(&question) else { return };
    if missing.is_empty() {
        // Settled (a failed file is still missing), or too wide to load: said on the map.
        set_gap(startup, if wide { ViewGap::TooWide } else { ViewGap::None });
        return;
    }
    VIEW_NEXT.with_borrow_mut(|next| *next = Some(question));
    if VIEW_BUSY.replace(true) {
        return;
    }
    spawn_local(async move {
        while let Some(question) = VIEW_NEXT.with_borrow_mut(Option::take) {
            let done = settle(startup, question, || VIEW_NEXT.with_borrow(Option::is_none)).await;
            match done {
                Coverage::Failed(_) => set_gap(startup, ViewGap::Failed),
                Coverage::Updated => set_gap(startup, ViewGap::Updated),
                Coverage::Complete => set_gap(startup, ViewGap::None),
                Coverage::Loading | Coverage::Capped(_) => {}
            }
        }
        VIEW_BUSY.set(false);
    });
}

/// Makes `question` the one `asker` stands by (replacing its last).
fn stand(asker: Asker, question: &Question) {
    STANDING.with_borrow_mut(|s| {
        if let Some(at) = s.iter_mut().find(|(a, _)| *a == asker) {
            if at.1 != *question {
                at.1 = question.clone();
            }
        } else {
            s.push((asker, question.clone()));
        }
    });
}

/// Says on the map what its view leaves out (only when that changes: the map asks every frame).
fn set_gap(startup: Startup, gap: ViewGap) {
    if startup.view_gap.get_untracked() != gap {
        startup.view_gap.set(gap);
    }
}
