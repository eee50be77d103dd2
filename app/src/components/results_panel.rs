//! The results screen: where from, chips, filters, the list and export.

use leptos::prelude::*;

use engine::boundaries::Level;

use super::chips::Chips;
use super::data_note::{self, Area, DataNote, UsualProviders};
use super::export::Export;
use super::filters::{counts_memo, Filters};
use super::locate::Locate;
use super::results_list::ResultsList;
use crate::dataset_files::{self, Coverage};
use crate::i18n::fill;
use crate::model::Page;
use crate::query;
use crate::state::map_link::map_link;
use crate::state::regions::{regions, CountyAt};
use crate::state::search::search;
use crate::state::settings::settings;
use crate::state::startup::{data, startup};

#[component]
pub fn ResultsPanel() -> impl IntoView {
    let (s, search, map, data) = (settings(), search(), map_link(), data());
    let regions = regions();
    // A county tapped on the map stays in focus until the point changes.
    Effect::new(move |seen: Option<()>| {
        search.origin.track();
        if seen.is_some() {
            search.focus_county.set(None);
        }
    });
    // The county whose seat-placed facilities are listed apart: one tapped on the map, else the point's.
    let county = Memo::new(move |_| {
        search.focus_county.get().or_else(|| {
            match regions.county_at(startup(), search.reference_point(map)) {
                CountyAt::County(code, name) => Some((code, name)),
                CountyAt::Loading | CountyAt::Unknown => None,
            }
        })
    });
    // Its city, whose facilities known only to be in the city are listed apart too.
    // A county or city tapped on the map is listed alone: the point's city is not the tapped one's.
    let city = Memo::new(move |_| {
        let tapped = search.focus_county.with(Option::is_some);
        (!tapped).then(|| regions.city_at(startup(), search.reference_point(map))).flatten()
    });
    let areas = move |f: &dyn Fn(query::Areas<'_>) -> query::Results| {
        county.with(|county| {
            city.with(|city| {
                fn named(a: &Option<(u32, String)>) -> Option<(u32, &str)> {
                    a.as_ref().map(|(c, n)| (*c, n.as_str()))
                }
                f(query::Areas { county: named(county), city: named(city) })
            })
        })
    };
    let results = Memo::new(move |_| {
        let (from, now, dataset) = (search.reference_point(map), search.now(), data.dataset());
        areas(&|areas| {
            search.query.with(|q| query::results(&dataset, q, from, now, data.tiled(), areas))
        })
    });
    super::sheet::show_first_answers(search, map, data, results);
    // Where confirmed answers are few, the institutions that usually offer what was asked.
    let asked = Memo::new(move |_| search.query.with(query::Asked::of));
    let usual = Memo::new(move |_| {
        let asked = asked.get()?;
        let few = results.with(|r| query::few_near(r, search.query.with(|q| q.radius_km)));
        if !few {
            return None;
        }
        let (from, now, dataset) = (search.reference_point(map), search.now(), data.dataset());
        let usual = areas(&|areas| {
            search.query.with(|q| query::usual_providers(&dataset, q, asked, from, now, areas))
        });
        (!usual.rows.is_empty() || usual.unplaced_groups().next().is_some()).then_some(usual)
    });
    let usual_results = Memo::new(move |_| usual.get().unwrap_or_default());
    // How much the data of the area searched (the radius, else the point's province) says.
    let area = Memo::new(move |_| match search.query.with(|q| q.radius_km) {
        Some(km) => Some(Area::Within(km)),
        None => {
            let from = search.reference_point(map);
            startup().boundaries.with(|b| {
                let province = b.as_ref()?.locate(from, Level::Province)?;
                Some(Area::Province(province.adcode, province.name.clone()))
            })
        }
    });
    let covered = Memo::new(move |_| {
        let area = area.get()?;
        let from = search.reference_point(map);
        Some((area.clone(), data_note::coverage(&data.dataset(), &area, from)))
    });
    let note = Signal::derive(move || {
        let lang = s.lang.get();
        covered.with(|c| {
            let Some((area, covered)) = c else { return Vec::new() };
            search.query.with(|q| data_note::statements(lang, &data.dataset(), q, covered, area))
        })
    });
    let covered_named = Memo::new(move |_| {
        let lang = s.lang.get();
        covered.get().map(|(area, c)| (data_note::area_name(lang, &area), c))
    });
    let emergency = move || asked.get().is_some_and(query::Asked::is_emergency);
    // In an emergency with few confirmed centres near, the nearest hospitals come first.
    let usual_first = move || emergency() && usual.with(Option::is_some);
    let asked_words = move |lang: crate::i18n::Lang| match asked.get() {
        Some(query::Asked::Service(x)) => lang.label(x).to_string(),
        Some(query::Asked::Designation(x)) => lang.label(x).to_string(),
        None => String::new(),
    };
    let confirmed_heading = Signal::derive(move || {
        let lang = s.lang.get();
        fill(lang.m().confirmed_heading, &[("what", &asked_words(lang))])
    });
    // A service or designation no institution here lists: the data cannot answer, and says so.
    let unanswered = move || asked.get().is_some() && results.with(query::Results::is_empty);
    // 现在营业 where no institution of the area lists its hours: not "0 open", but "not known".
    // (Where some do and none is open now, the count is the answer.)
    let hours_unknown = move || {
        search.query.with(|q| q.open_now)
            && covered.with(|c| c.as_ref().is_some_and(|(_, c)| c.with_hours == 0))
            && results.with(query::Results::is_empty)
    };
    // Over tiles: load what the question needs, and say how far that is.
    let coverage = RwSignal::new(Coverage::Complete);
    let generation = StoredValue::new(0u64);
    let retries = RwSignal::new(0u32);
    let startup = startup();
    Effect::new(move |_| {
        retries.track();
        if !startup.tiled.get() {
            return;
        }
        let (from, now) = (search.reference_point(map), search.now());
        // With the institutions that usually offer what is asked, which may be listed beside it.
        let question = search.query.with(|q| match query::Asked::of(q) {
            Some(asked) => dataset_files::Question::Each(
                std::iter::once(query::question(q, from, now))
                    .chain(query::usual_questions(q, asked, from, now))
                    .collect(),
            ),
            None => query::question(q, from, now),
        });
        dataset_files::ask(startup, dataset_files::Asker::Results, question, coverage, generation);
    });
    let on_retry = move || {
        dataset_files::retry();
        retries.update(|n| *n += 1);
    };
    // Over tiles, an area the answer needs that could not be loaded (or would pass the cap):
    // what is listed is not known to be the nearest, and nothing may say it is.
    let partial = move || {
        coverage
            .with(|c| matches!(c, Coverage::Failed(_) | Coverage::Capped(_) | Coverage::Updated))
    };
    let preface = Signal::derive(move || {
        let m = s.m();
        let mut lines = Vec::new();
        if emergency() {
            lines.push(m.emergency_call_first.to_string());
        }
        if partial() {
            lines.push(m.spoken_partial.to_string());
        }
        // The nearest hospitals, unconfirmed, are read before a far designated centre, as shown;
        // then how much the data knows of what was asked, as the note above the list says it.
        if !usual_first() {
            lines.extend(note.get());
        } else {
            let lang = s.lang.get();
            let what = asked_words(lang);
            lines.push(fill(m.usual_heading_emergency, &[("what", &what)]));
            let dataset = data.dataset();
            lines.extend(
                usual_results
                    .with(|r| crate::speech::results_script(lang, &dataset, r, search.now())),
            );
            lines.extend(note.get());
            lines.push(confirmed_heading.get());
        }
        lines
    });
    // Outside an emergency, the institutions that usually offer it come after the list, and
    // are read after it, under their heading (not listed, call first).
    let after = Signal::derive(move || {
        if usual_first() || usual.with(Option::is_none) {
            return Vec::new();
        }
        let lang = s.lang.get();
        let mut lines = vec![fill(lang.m().usual_heading, &[("what", &asked_words(lang))])];
        let dataset = data.dataset();
        lines.extend(
            usual_results.with(|r| crate::speech::results_script(lang, &dataset, r, search.now())),
        );
        lines
    });
    let counts = counts_memo();
    view! {
        <Locate />
        <Chips />
        <Filters counts=counts covered=covered_named />
        // In an emergency, 120 before anything else, a failure included.
        <Show when=emergency>
            <p class="call-first" role="alert">
                {move || s.m().emergency_call_first}
                " "
                <a class="call-120 inline" href="tel:120">{move || s.m().call_120}</a>
            </p>
        </Show>
        <CoverageNote coverage=coverage on_retry=on_retry />
        <DataNote lines=note />
        {move || (usual_first()).then(|| view! { <UsualProviders asked=asked.get().unwrap_or(query::Asked::Service(engine::Service::Emergency)) results=usual_results /> })}
        <ResultsList
            results=results
            settled=Signal::derive(move || coverage.with(|c| *c == Coverage::Complete))
            preface=Some(preface)
            after=Some(after)
            no_count=Signal::derive(move || !partial() && !usual_first() && (unanswered() || hours_unknown()))
            heading=Some(Signal::derive(move || {
                if partial() {
                    s.m().heading_partial.to_string()
                } else if usual_first() {
                    confirmed_heading.get()
                } else if unanswered() {
                    // Nothing lists it: say so, never "0 here".
                    let lang = s.lang.get();
                    fill(lang.m().none_lists, &[("what", &asked_words(lang))])
                } else if hours_unknown() {
                    s.m().none_open_known.to_string()
                } else {
                    String::new()
                }
            }))
        />
        {move || (!usual_first() && usual.with(Option::is_some)).then(|| view! { <UsualProviders asked=asked.get().unwrap_or(query::Asked::Service(engine::Service::Emergency)) results=usual_results /> })}
        <Export />
        <p class="about-link">
            <a href=move || crate::urlsync::href(Page::About)>{move || s.m().about_link}</a>
        </p>
    }
}

/// Whether the results are being completed, or could not be: the files that
/// failed, with a retry. Hidden while the answer is exact.
#[component]
pub fn CoverageNote(
    coverage: RwSignal<Coverage>,
    on_retry: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let s = settings();
    let failed = move || coverage.with(|c| matches!(c, Coverage::Failed(_) | Coverage::Updated));
    let updated = move || coverage.with(|c| *c == Coverage::Updated);
    let text = move || match coverage.get() {
        Coverage::Updated => s.m().data_updated.to_string(),
        Coverage::Failed(files) => {
            crate::i18n::fill(s.m().area_failed, &[("files", &files.join(", "))])
        }
        Coverage::Capped(n) => crate::i18n::fill(s.m().area_capped, &[("n", &n.to_string())]),
        _ => s.m().area_loading.to_string(),
    };
    // A failure is said first: brought into view when it comes (the list below is not the
    // nearest), below an emergency's 120.
    let note = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |was: Option<bool>| {
        let now = failed();
        if now && was != Some(true) {
            request_animation_frame(move || {
                let call_first = document().query_selector("#panel .call-first").ok().flatten();
                // (`try_`: the note may be gone by the next frame.)
                let note = note.try_get_untracked().flatten().map(Into::into);
                if let Some(el) = call_first.or(note) {
                    el.scroll_into_view();
                }
            });
        }
        now
    });
    view! {
        <div node_ref=note class="status coverage" class:error=failed role=move || if failed() { "alert" } else { "status" }
            hidden=move || coverage.with(|c| *c == Coverage::Complete)>
            <p>{text}</p>
            <button type="button" hidden=move || !failed() || updated() on:click=move |_| on_retry()>{move || s.m().retry}</button>
            // A new version of the data: a reload takes it, with the question the link keeps.
            <button type="button" hidden=move || !updated() on:click=|_| drop(window().location().reload())>{move || s.m().reload}</button>
        </div>
    }
}
