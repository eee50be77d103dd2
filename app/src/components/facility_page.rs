//! A facility's own page, at a permanent link (`#/f/<id>`): everything the
//! dataset knows, what it does not know said plainly, how to call and get
//! there, its networks, where the record comes from, share and correct.

use std::sync::Arc;

use engine::{Dataset, FacilityRef};
use leptos::prelude::*;

use super::badges::badges;
use super::correction_form::CorrectionForm;
use super::read_aloud::ReadAloud;
use crate::format;
use crate::i18n::table::Messages;
use crate::i18n::{fill, Lang};
use crate::model::Page;
use crate::nav;
use crate::speech;
use crate::state::map_link::{map_link, MapRequest};
use crate::state::search::{search, Search};
use crate::state::settings::settings;
use crate::state::startup::data;

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
    move || match found.get() {
        Some((dataset, slot)) => view! { <Listing dataset=dataset at=slot /> }.into_any(),
        None => view! { <NotFound what=|m| m.facility_not_found id=id.clone() /> }.into_any(),
    }
}

#[component]
fn Listing(dataset: Arc<Dataset>, at: usize) -> impl IntoView {
    let slot = at;
    let (s, search) = (settings(), search());
    if let Some(f) = dataset.get(slot) {
        map_link().show(MapRequest::Center(f.point(), 14.0));
    }
    search.hovered.set(Some(slot));
    on_cleanup(move || search.hovered.set(None));
    let body = move || {
        let lang = s.lang.get();
        let f = dataset.get(slot)?;
        Some(view! {
            <article class="listing" aria-labelledby="listing-name">
                <h2 id="listing-name" tabindex="-1">{f.name().to_string()}</h2>
                {(!f.name_en().is_empty()).then(|| view! { <p class="name-en" lang="en">{f.name_en().to_string()}</p> })}
                {badges(lang, &dataset, f)}
                {distance_line(lang, search, f)}
                {read_aloud(search, &dataset, slot)}
                {contact(lang, search, &dataset, f)}
                <Navigate point=f.point() name=f.name().to_string() />
                {networks(lang, &dataset, f)}
                {provenance(lang, search, &dataset, f)}
                <Share />
                <CorrectionForm id=f.id().to_string() name=f.name().to_string() />
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
            let metres = search.origin.with_untracked(|o| o.as_ref().map(|o| o.point)).zip(dataset.get(slot)).map(|(p, f)| engine::haversine_m(p, f.point()));
            speech::listing_script(lang, &dataset, slot, metres, search.now())
        }) />
    }
}

fn distance_line(lang: Lang, search: Search, f: FacilityRef<'_>) -> impl IntoView {
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
    })
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
    let services: Vec<&str> = f.services().map(|s| lang.label(s)).collect();
    let services =
        if services.is_empty() { missing() } else { services.join(m.list_separator).into_any() };
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
            view! {
                <li>
                    <a href=crate::urlsync::href(Page::Network(n.id.clone()))>{name}</a>
                    <span class="muted">{format!(" · {} · {}", lang.label(n.kind), lang.label(*role))}</span>
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
            let publisher = if lang.english_names() && !l.publisher_en.is_empty() { &l.publisher_en } else { &l.publisher };
            view! { <li>{fill(m.listed_by, &[("publisher", publisher), ("month", &format::month(lang, &l.date))])}</li> }
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
            copied.set(Some(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()))
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
