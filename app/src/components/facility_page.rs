//! A facility's own page, at a permanent link (`#/f/<id>`): everything the
//! dataset knows, what it does not know said plainly, how to call and get
//! there, its networks, where the record comes from, share and correct.

use std::sync::Arc;

use engine::{Dataset, FacilityRef, FactField};
use leptos::prelude::*;

use super::badges::badges;
use super::correction_form::CorrectionForm;
use super::read_aloud::ReadAloud;
use super::results_panel::CoverageNote;
use crate::dataset_files::{self, Coverage, Question};
use crate::format;
use crate::i18n::table::Messages;
use crate::i18n::{fill, Lang};
use crate::model::Page;
use crate::nav;
use crate::speech;
use crate::state::map_link::{map_link, MapRequest};
use crate::state::search::{search, Search};
use crate::state::settings::settings;
use crate::state::startup::{data, startup};

#[component]
pub fn FacilityPage(id: String) -> impl IntoView {
    let data = data();
    // The dataset holding the listing, kept while the page is open; over
    // tiles, a listing not loaded yet is looked for again as tiles arrive.
    let find = move |dataset: Arc<Dataset>, id: &str| {
        dataset
            .facilities()
            .find(|f| f.id() == id)
            .map(|f| f.slot())
            .map(|slot| (dataset.clone(), slot))
    };
    let found = RwSignal::new(find(data.dataset_untracked(), &id));
    let wanted = id.clone();
    Effect::new(move |_| {
        let dataset = data.dataset();
        if found.with_untracked(Option::is_none) {
            if let Some(hit) = find(dataset, &wanted) {
                found.set(Some(hit));
            }
        }
    });
    // Over tiles, a link's listing is looked up in the name index, then its tile: "not found"
    // only once the data says so, and a tile that could not be had is said, with a retry.
    let (startup, coverage, generation) =
        (startup(), RwSignal::new(Coverage::Complete), StoredValue::new(0u64));
    let ask = {
        let id = id.clone();
        move || {
            if data.tiled() && found.with_untracked(Option::is_none) {
                let question = Question::Listing(id.clone());
                dataset_files::ask(
                    startup,
                    dataset_files::Asker::Listing,
                    question,
                    coverage,
                    generation,
                );
            }
        }
    };
    ask();
    let on_retry = move || {
        dataset_files::retry();
        ask();
    };
    let s = settings();
    view! {
        <CoverageNote coverage=coverage on_retry=on_retry />
        // (Coverage is read only while nothing is found: once the listing is up, it stays up.)
        {move || match found.get() {
            Some((dataset, slot)) => view! { <Listing dataset=dataset at=slot /> }.into_any(),
            None => match coverage.get() {
                Coverage::Loading => view! {
                    <BackToResults />
                    <p class="status" role="status">{move || s.m().listing_looking}</p>
                }
                .into_any(),
                Coverage::Failed(_) | Coverage::Capped(_) | Coverage::Updated => {
                    view! { <BackToResults /> }.into_any()
                }
                Coverage::Complete => {
                    view! { <NotFound what=|m| m.facility_not_found id=id.clone() /> }.into_any()
                }
            },
        }}
    }
}

#[component]
fn Listing(dataset: Arc<Dataset>, at: usize) -> impl IntoView {
    let slot = at;
    let (s, search) = (settings(), search());
    // A place known: its street. Known only at a seat: its county, never a street at the seat.
    if let Some(f) = dataset.get(slot) {
        let zoom = if f.precision().is_placed() { 14.0 } else { 9.5 };
        map_link().show(MapRequest::Center(f.point(), zoom));
    }
    search.hovered.set(Some(slot));
    on_cleanup(move || search.hovered.set(None));
    // A "correct this" button names the field; the form opens at it.
    let preset = RwSignal::new(None::<&'static str>);
    let body = move || {
        let lang = s.lang.get();
        let f = dataset.get(slot)?;
        Some(view! {
            <article class="listing" aria-labelledby="listing-name">
                <h2 id="listing-name" tabindex="-1">{f.name().to_string()}</h2>
                {(!f.name_en().is_empty()).then(|| view! { <p class="name-en" lang="en">{f.name_en().to_string()}</p> })}
                {badges(lang, &dataset, f)}
                {distance_line(lang, search, f)}
                {former_township(lang, f)}
                {lacks(lang, &dataset, f, preset)}
                {read_aloud(search, &dataset, slot)}
                {contact(lang, search, &dataset, f)}
                {designations_and_features(lang, f)}
                {if f.precision().is_placed() {
                    view! { <Navigate point=f.point() name=f.name().to_string() /> }.into_any()
                } else {
                    // No route to a county's seat as if it were the door.
                    view! {
                        <section class="navigate" aria-labelledby="navigate-heading">
                            <h3 id="navigate-heading">{lang.m().navigate}</h3>
                            <p class="navigate-unknown">{lang.m().navigate_unplaced}</p>
                        </section>
                    }.into_any()
                }}
                {networks(lang, &dataset, f)}
                {provenance(lang, search, &dataset, f)}
                <Share />
                <CorrectionForm id=f.id().to_string() name=f.name().to_string() preset=preset />
            </article>
        })
    };
    view! {
        <BackToResults />
        {body}
    }
}

/// "← Back to the results".
#[component]
pub fn BackToResults() -> impl IntoView {
    let (s, search) = (settings(), search());
    view! { <button type="button" class="link back" on:click=move |_| search.open(Page::Results)>{move || s.m().back_to_results}</button> }
}

/// A link to something the dataset does not hold (any more).
#[component]
pub fn NotFound(what: fn(&Messages) -> &'static str, id: String) -> impl IntoView {
    let s = settings();
    view! {
        <BackToResults />
        <div class="status error" role="alert">
            <p>{move || what(s.m())}</p>
            <p class="detail">{id.clone()}</p>
            <p>{move || s.m().maybe_renamed}</p>
            <p hidden=!data().tiled()>{move || s.m().loaded_area_only}</p>
        </div>
    }
}

/// The listing read aloud: name, distance, address, phones, hours, how to get there.
fn read_aloud(search: Search, dataset: &Arc<Dataset>, slot: usize) -> impl IntoView {
    let dataset = dataset.clone();
    view! {
        <ReadAloud label=|m| m.read_aloud_listing script=Arc::new(move |lang| {
            let metres = search.origin.with_untracked(|o| o.as_ref().map(|o| o.point))
                .zip(dataset.get(slot).filter(|f| f.precision().is_placed()))
                .map(|(p, f)| engine::haversine_m(p, f.point()));
            speech::listing_script(lang, &dataset, slot, metres, search.now())
        }) />
    }
}

fn distance_line(lang: Lang, search: Search, f: FacilityRef<'_>) -> impl IntoView {
    // A county's or city's seat is not where it is: no distance to it.
    if !f.precision().is_placed() {
        let text = fill(lang.m().place_unknown, &[("source", f.location_source())]);
        return Some(view! { <p class="distance-line placed">{text}</p> }.into_any());
    }
    let origin = search.origin.get()?;
    let metres = engine::haversine_m(origin.point, f.point());
    let placed = f
        .precision()
        .is_approximate()
        .then(|| format!(" · {}", format::placed(lang, f.precision(), f.location_source())));
    Some(view! {
        <p class="distance-line">
            {lang.m().distance_label}<strong>{format::distance_to(lang, metres, f.precision())}</strong>{placed}
        </p>
    }.into_any())
}

/// Address, phones, hours, website, services: each said to be "not listed" when absent.
fn contact(lang: Lang, search: Search, dataset: &Dataset, f: FacilityRef<'_>) -> impl IntoView {
    let m = lang.m();
    let missing = || view! { <span class="not-listed">{m.not_listed}</span> }.into_any();
    let phones: Vec<String> = f.phones().map(str::to_string).collect();
    let phones = if phones.is_empty() {
        missing()
    } else {
        phones
            .into_iter()
            .map(|p| {
                // Only a number written as a number becomes a link; anything else is shown as text.
                let plain = p.chars().all(|c| c.is_ascii_digit() || "+-() 转".contains(c));
                let dial: String = p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                if !plain || dial.len() < 3 {
                    view! { <span class="phone">{p}</span> }.into_any()
                } else {
                    view! { <a class="phone" href=format!("tel:{dial}")>{format!("☎ {p}")}</a> }
                        .into_any()
                }
            })
            .collect_view()
            .into_any()
    };
    let now = search.now();
    let hours = match dataset.hours(f.slot()) {
        Some(h) if !f.opening_hours().is_empty() => view! {
            <span>{format::hours_status(lang, h.status_at(now), now)}</span>
            <span class="raw-hours">{f.opening_hours().to_string()}</span>
        }
        .into_any(),
        _ => view! { <span class="not-listed">{m.hours_not_listed}</span> }.into_any(),
    };
    let website = f.website();
    let website = if engine::export::is_web_address(website) {
        view! { <a href=website.to_string() target="_blank" rel="noopener noreferrer">{website.to_string()}</a> }.into_any()
    } else {
        missing()
    };
    let services: Vec<_> =
        f.services().map(|x| cited(lang, f, lang.label(x), FactField::Service(x))).collect();
    let services = if services.is_empty() {
        missing()
    } else {
        view! { <ul class="cited">{services}</ul> }.into_any()
    };
    let address =
        if f.address().is_empty() { missing() } else { f.address().to_string().into_any() };
    view! {
        <dl class="facts">
            <dt>{m.phone}</dt><dd>{phones}</dd>
            <dt>{m.address}</dt><dd>{address}</dd>
            <dt>{m.hours}</dt><dd>{hours}</dd>
            <dt>{m.services}</dt><dd>{services}</dd>
            <dt>{m.ownership}</dt><dd>{lang.label(f.ownership())}</dd>
            <dt>{m.website}</dt><dd>{website}</dd>
        </dl>
    }
}

/// A fact with its source and date beside it: "胸痛中心 · 中国胸痛中心认证，2017年".
fn cited(lang: Lang, f: FacilityRef<'_>, what: &str, field: FactField) -> impl IntoView {
    let sources: Vec<String> = f
        .citations(field)
        .map(|c| {
            let date = format::fact_date(lang, &c.date);
            fill(lang.m().fact_cited, &[("source", c.publisher()), ("date", &date)])
        })
        .collect();
    let urls: Vec<String> =
        f.citations(field).map(|c| c.url).filter(|u| engine::export::is_web_address(u)).collect();
    view! {
        <li>
            <span class="fact">{what.to_string()}</span>
            {sources.into_iter().zip(urls.into_iter().map(Some).chain(std::iter::repeat(None))).map(|(text, url)| match url {
                Some(url) => view! { <span class="citation">" · "<a href=url target="_blank" rel="noopener noreferrer">{text}</a></span> }.into_any(),
                None => view! { <span class="citation">" · "{text}</span> }.into_any(),
            }).collect_view()}
        </li>
    }
}

/// The township its name gives, merged away since the lists were made.
fn former_township(lang: Lang, f: FacilityRef<'_>) -> impl IntoView {
    let township = f.former_township();
    (!township.is_empty()).then(|| {
        // 四川's 2019–2020 乡镇撤并 is what the lists' dates fall across; elsewhere the year is not known.
        let template = if f.county_code() / 10_000 == 51 {
            lang.m().former_township
        } else {
            lang.m().former_township_elsewhere
        };
        let text = fill(template, &[("township", township)]);
        view! { <p class="notice-line warning" role="note">{text}</p> }
    })
}

/// What the listing lacks, each with a one-tap correction, and how old its newest source is.
fn lacks(
    lang: Lang,
    dataset: &Dataset,
    f: FacilityRef<'_>,
    preset: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let m = lang.m();
    let missing: Vec<(&'static str, &'static str)> = [
        (!f.precision().is_placed()).then_some((m.lacks_place, "location")),
        (f.phones().next().is_none()).then_some((m.lacks_phone, "phones")),
        (f.opening_hours().is_empty()).then_some((m.lacks_hours, "opening_hours")),
        (f.services().next().is_none()).then_some((m.lacks_services, "services")),
        (f.address().is_empty()).then_some((m.lacks_address, "address")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let newest = newest_source(dataset, f).map(|(date, list)| {
        let template = if list { m.newest_list_date } else { m.newest_source_date };
        fill(template, &[("date", &format::fact_date(lang, &date))])
    });
    let items = missing
        .into_iter()
        .map(|(words, field)| {
            view! {
                <li>
                    <span>{words}</span>
                    <button type="button" class="link" on:click=move |_| preset.set(Some(field))>
                        {m.correct_this}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="lacks" aria-labelledby="lacks-heading">
            <h3 id="lacks-heading" class="visually-hidden">{m.lacks_heading}</h3>
            <ul class="lacks-list">{items}</ul>
            {newest.map(|n| view! { <p class="muted source-age">{n}</p> })}
        </section>
    }
}

/// The newest date among its lists and its facts' sources (and whether it is a list's).
pub(crate) fn newest_source(dataset: &Dataset, f: FacilityRef<'_>) -> Option<(String, bool)> {
    let lists = f.lists().filter_map(|id| dataset.list(id)).map(|l| (l.date.clone(), true));
    let facts = f.facts().map(|fact| (fact.citation.date, false));
    lists.chain(facts).max_by(|a, b| a.0.cmp(&b.0))
}

/// Designations and features, each with its source; a booking link.
fn designations_and_features(lang: Lang, f: FacilityRef<'_>) -> impl IntoView {
    let m = lang.m();
    let designations: Vec<_> = f
        .designations()
        .map(|d| cited(lang, f, lang.label(d), FactField::Designation(d)))
        .collect();
    let features: Vec<_> = f
        .features()
        .filter(|x| *x != engine::Feature::OnlineBooking)
        .map(|x| cited(lang, f, lang.label(x), FactField::Feature(x)))
        .collect();
    let booking = f.booking_url();
    let booking = engine::export::is_web_address(booking).then(|| {
        view! {
            <p>
                <a class="button secondary" href=booking.to_string() target="_blank" rel="noopener noreferrer">{m.booking_link}</a>
            </p>
            <ul class="cited">{cited(lang, f, m.booking_link, FactField::BookingUrl)}</ul>
        }
    });
    view! {
        {(!designations.is_empty()).then(|| view! {
            <section aria-labelledby="designations-heading">
                <h3 id="designations-heading">{m.designations_heading}</h3>
                <ul class="cited">{designations}</ul>
            </section>
        })}
        {(!features.is_empty() || booking.is_some()).then(|| view! {
            <section aria-labelledby="features-heading">
                <h3 id="features-heading">{m.features_heading}</h3>
                <ul class="cited">{features}</ul>
                {booking}
            </section>
        })}
    }
}

#[component]
fn Navigate(point: engine::LatLon, name: String) -> impl IntoView {
    let s = settings();
    let links = nav::links(point, &name);
    view! {
        <section class="navigate" aria-labelledby="navigate-heading">
            <h3 id="navigate-heading">{move || s.m().navigate}</h3>
            <div class="nav-links">
                {links.into_iter().map(|l| view! {
                    <a class="button secondary" href=l.url target="_blank" rel="noopener noreferrer">{move || (l.app)(s.m())}</a>
                }).collect_view()}
            </div>
        </section>
    }
}

fn networks(lang: Lang, dataset: &Dataset, f: FacilityRef<'_>) -> impl IntoView {
    let list = dataset.networks_of(f.slot());
    let items = list
        .iter()
        .map(|(n, role)| {
            let name = if lang.english_names() && !n.name_en.is_empty() { n.name_en.clone() } else { n.name.clone() };
            // Each membership with who states it and when.
            let cited = n.members.iter().find(|m| m.facility_id == f.id()).map(|m| {
                let date = format::fact_date(lang, &m.citation.date);
                fill(lang.m().member_cited, &[("source", m.citation.publisher()), ("date", &date)])
            });
            view! {
                <li>
                    <a href=crate::urlsync::href(Page::Network(n.id.clone()))>{name}</a>
                    <span class="muted">{format!(" · {} · {}", lang.label(n.kind), lang.label(*role))}</span>
                    {cited.map(|c| view! { <span class="citation">{format!(" · {c}")}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="networks-heading">
            <h3 id="networks-heading">{lang.m().networks_heading}</h3>
            {if list.is_empty() {
                view! { <p class="not-listed">{lang.m().none_listed}</p> }.into_any()
            } else {
                view! { <ul class="network-list">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// Where the record comes from: the lists that name it ("as listed by 腾讯新闻,
/// February 2021"), its sources in full, where its point comes from, whether
/// its kind was told from its name, and when it was last checked (marked when
/// over a year ago).
fn provenance(lang: Lang, search: Search, dataset: &Dataset, f: FacilityRef<'_>) -> impl IntoView {
    let m = lang.m();
    let listed = f
        .lists()
        .filter_map(|id| dataset.list(id))
        .map(|l| {
            let publisher = if lang.english_names() && !l.publisher_en.is_empty() {
                &l.publisher_en
            } else {
                &l.publisher
            };
            let month = format::month(lang, &l.date);
            // What being on the list says, as of its date, never as today's truth.
            let text = match l.states {
                engine::ListFact::Listed => {
                    fill(m.listed_by, &[("publisher", publisher), ("month", &month)])
                }
                states => fill(
                    m.listed_states,
                    &[("month", &month), ("fact", lang.label(states)), ("publisher", publisher)],
                ),
            };
            view! { <li>{text}</li> }
        })
        .collect_view();
    let age = format::days_since(f.last_checked(), search.clock_ms.get_untracked());
    let stale = age.filter(|d| *d > format::STALE_AFTER_DAYS).map(
        |d| view! { <span class="stale">{fill(m.stale, &[("n", &(d / 365).to_string())])}</span> },
    );
    let kind_note = f.kind_inferred().then(|| {
        view! {
            <dt>{m.kind}</dt>
            <dd>{lang.label(f.kind())}<span class="muted">{m.kind_told_from_name}</span></dd>
        }
    });
    view! {
        <section class="provenance" aria-labelledby="provenance-heading">
            <h3 id="provenance-heading">{m.provenance}</h3>
            {(f.lists().next().is_some()).then(|| view! { <ul class="listed-by">{listed}</ul> })}
            <dl class="facts">
                <dt>{m.source}</dt><dd class="source">{f.source().to_string()}</dd>
                <dt>{m.location}</dt><dd class="placed">{format::placed(lang, f.precision(), f.location_source())}</dd>
                {kind_note}
                <dt>{m.last_checked}</dt><dd>{f.last_checked().to_string()}" "{stale}</dd>
            </dl>
            <p><a href=crate::urlsync::href(Page::About)>{m.about_sources}</a></p>
        </section>
    }
}

/// Share the page's link: shown to select, and copied with one press.
#[component]
fn Share() -> impl IntoView {
    let (s, search) = (settings(), search());
    let copied = RwSignal::new(None::<bool>);
    let url = move || {
        search.page.track();
        window().location().href().unwrap_or_default()
    };
    let copy = move |_| {
        let promise = window().navigator().clipboard().write_text(&url());
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            // The listing may have been left while the clipboard answered.
            let _ = copied.try_set(Some(ok));
        });
    };
    view! {
        <section class="share" aria-labelledby="share-heading">
            <h3 id="share-heading">{move || s.m().share}</h3>
            <input type="text" readonly=true class="share-url" prop:value=url aria-label=move || s.m().page_link
                on:focus=|ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
            <button type="button" class="secondary" on:click=copy>{move || s.m().copy_link}</button>
            {move || copied.get().map(|ok| view! {
                <span role="status">{if ok { s.m().link_copied } else { s.m().copy_by_hand }}</span>
            })}
        </section>
    }
}
