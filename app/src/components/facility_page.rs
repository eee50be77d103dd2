//! A facility's own page, at a permanent link (`#/f/<id>`): everything the
//! dataset knows, what it does not know said plainly, how to call and get
//! there, its networks, where the record comes from, share and correct.

use engine::{Dataset, FacilityRef};
use leptos::prelude::*;

use super::badges::badges;
use super::correction_form::CorrectionForm;
use crate::format;
use crate::i18n::Lang;
use crate::nav;
use crate::route::Page;
use crate::state::{self, MapRequest};

#[component]
pub fn FacilityPage(id: String) -> impl IntoView {
    let ui = state::ui();
    let data = state::data();
    let dataset = data.dataset.clone();
    let Some(slot) = dataset.facilities().find(|f| f.id() == id).map(|f| f.slot()) else {
        return view! { <NotFound what=("没有找到这家机构", "No facility with this link") id=id /> }.into_any();
    };
    if let Some(f) = dataset.get(slot) {
        ui.map_request.set(Some(MapRequest::Center(f.point(), 14.0)));
    }
    ui.hovered.set(Some(slot));
    on_cleanup(move || ui.hovered.set(None));
    let body = move || {
        let lang = ui.lang.get();
        let f = dataset.get(slot)?;
        Some(view! {
            <article class="listing" aria-labelledby="listing-name">
                <h2 id="listing-name" tabindex="-1">{f.name().to_string()}</h2>
                {(!f.name_en().is_empty()).then(|| view! { <p class="name-en" lang="en">{f.name_en().to_string()}</p> })}
                {badges(lang, &dataset, f)}
                {distance_line(lang, f)}
                {contact(lang, &dataset, f)}
                <Navigate point=f.point() name=f.name().to_string() />
                {networks(lang, &dataset, f)}
                {provenance(lang, &dataset, f)}
                <Share />
                <CorrectionForm id=f.id().to_string() name=f.name().to_string() />
            </article>
        })
    };
    view! {
        <BackToResults />
        {body}
    }
    .into_any()
}

/// "← Back to the results".
#[component]
pub fn BackToResults() -> impl IntoView {
    let ui = state::ui();
    view! { <button type="button" class="link back" on:click=move |_| ui.open(Page::Results)>{move || ui.t("← 返回查找结果", "← Back to results")}</button> }
}

/// A link to something the dataset does not hold (any more).
#[component]
pub fn NotFound(what: (&'static str, &'static str), id: String) -> impl IntoView {
    let ui = state::ui();
    view! {
        <BackToResults />
        <div class="status error" role="alert">
            <p>{move || ui.t(what.0, what.1)}</p>
            <p class="detail">{id.clone()}</p>
            <p>{move || ui.t("它可能已更名或被移出数据。请用搜索框查找。", "It may have been renamed or removed from the data. Try the search box.")}</p>
        </div>
    }
}

fn distance_line(lang: Lang, f: FacilityRef<'_>) -> impl IntoView {
    let ui = state::ui();
    let origin = ui.origin.get()?;
    let metres = engine::geo::haversine_m(origin.point, f.point());
    let placed = f.precision().is_approximate().then(|| format!(" · {}", format::placed(lang, f.precision(), f.location_source())));
    Some(view! {
        <p class="distance-line">
            {lang.pick("距离 ", "Distance: ")}<strong>{format::distance_to(lang, metres, f.precision())}</strong>{placed}
        </p>
    })
}

/// Address, phones, hours, website, services: each said to be "not listed" when absent.
fn contact(lang: Lang, dataset: &Dataset, f: FacilityRef<'_>) -> impl IntoView {
    let ui = state::ui();
    let missing = || view! { <span class="not-listed">{lang.pick("未列出", "Not listed")}</span> }.into_any();
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
                    view! { <a class="phone" href=format!("tel:{dial}")>{format!("☎ {p}")}</a> }.into_any()
                }
            })
            .collect_view()
            .into_any()
    };
    let now = format::china_time(ui.clock_ms.get());
    let hours = match dataset.hours(f.slot()) {
        Some(h) if !f.opening_hours().is_empty() => view! {
            <span>{format::hours_status(lang, h.status_at(now), now)}</span>
            <span class="raw-hours">{f.opening_hours().to_string()}</span>
        }
        .into_any(),
        _ => view! { <span class="not-listed">{lang.pick("营业时间未列出", "Hours not listed")}</span> }.into_any(),
    };
    let website = f.website();
    let website = if engine::export::is_web_address(website) {
        view! { <a href=website.to_string() target="_blank" rel="noopener noreferrer">{website.to_string()}</a> }.into_any()
    } else {
        missing()
    };
    let facility = f.to_facility();
    let services = if facility.services.is_empty() {
        missing()
    } else {
        facility.services.iter().map(|&s| lang.label(s)).collect::<Vec<_>>().join(lang.pick("、", ", ")).into_any()
    };
    let address = if f.address().is_empty() { missing() } else { f.address().to_string().into_any() };
    view! {
        <dl class="facts">
            <dt>{lang.pick("电话", "Phone")}</dt><dd>{phones}</dd>
            <dt>{lang.pick("地址", "Address")}</dt><dd>{address}</dd>
            <dt>{lang.pick("营业时间", "Hours")}</dt><dd>{hours}</dd>
            <dt>{lang.pick("科室与服务", "Services")}</dt><dd>{services}</dd>
            <dt>{lang.pick("性质", "Ownership")}</dt><dd>{lang.label(f.ownership())}</dd>
            <dt>{lang.pick("网站", "Website")}</dt><dd>{website}</dd>
        </dl>
    }
}

#[component]
fn Navigate(point: engine::LatLon, name: String) -> impl IntoView {
    let ui = state::ui();
    let links = nav::links(point, &name);
    view! {
        <section class="navigate" aria-labelledby="navigate-heading">
            <h3 id="navigate-heading">{move || ui.t("导航前往", "Navigate there")}</h3>
            <div class="nav-links">
                {links.into_iter().map(|l| view! {
                    <a class="button secondary" href=l.url target="_blank" rel="noopener noreferrer">{move || ui.t(l.app_zh, l.app_en)}</a>
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
            let name = if lang == Lang::En && !n.name_en.is_empty() { n.name_en.clone() } else { n.name.clone() };
            view! {
                <li>
                    <a href=crate::urlsync::href(state::ui(), Page::Network(n.id.clone()))>{name}</a>
                    <span class="muted">{format!(" · {} · {}", lang.label(n.kind), lang.label(*role))}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="networks-heading">
            <h3 id="networks-heading">{lang.pick("所属联盟、医联体与互认范围", "Alliances, consortia and scopes")}</h3>
            {if list.is_empty() {
                view! { <p class="not-listed">{lang.pick("数据中没有列出", "None listed in the data")}</p> }.into_any()
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
fn provenance(lang: Lang, dataset: &Dataset, f: FacilityRef<'_>) -> impl IntoView {
    let ui = state::ui();
    let listed = f
        .lists()
        .filter_map(|id| dataset.list(id))
        .map(|l| {
            let publisher = if lang == Lang::En && !l.publisher_en.is_empty() { &l.publisher_en } else { &l.publisher };
            let text = match lang {
                Lang::Zh => format!("据{publisher}，{}", format::month(lang, &l.date)),
                Lang::En => format!("As listed by {publisher}, {}", format::month(lang, &l.date)),
            };
            view! { <li>{text}</li> }
        })
        .collect_view();
    let age = format::days_since(f.last_checked(), ui.clock_ms.get_untracked());
    let stale = age.filter(|d| *d > format::STALE_AFTER_DAYS).map(|d| {
        let text = match lang {
            Lang::Zh => format!("已超过 {} 年未核对，信息可能已变，请先致电确认", d / 365),
            Lang::En => format!("Not checked for over {} year(s): it may have changed; call before you go", d / 365),
        };
        view! { <span class="stale">{text}</span> }
    });
    let kind_note = f.kind_inferred().then(|| {
        view! {
            <dt>{lang.pick("机构类型", "Kind")}</dt>
            <dd>{lang.label(f.kind())}<span class="muted">{lang.pick("（据名称判断，来源未写明）", " (told from its name; no source states it)")}</span></dd>
        }
    });
    view! {
        <section class="provenance" aria-labelledby="provenance-heading">
            <h3 id="provenance-heading">{lang.pick("数据来源", "Where this comes from")}</h3>
            {(f.lists().next().is_some()).then(|| view! { <ul class="listed-by">{listed}</ul> })}
            <dl class="facts">
                <dt>{lang.pick("来源", "Source")}</dt><dd class="source">{f.source().to_string()}</dd>
                <dt>{lang.pick("位置", "Location")}</dt><dd class="placed">{format::placed(lang, f.precision(), f.location_source())}</dd>
                {kind_note}
                <dt>{lang.pick("最近核对", "Last checked")}</dt><dd>{f.last_checked().to_string()}" "{stale}</dd>
            </dl>
            <p><a href=crate::urlsync::href(ui, Page::About)>{lang.pick("关于这些来源", "About these sources")}</a></p>
        </section>
    }
}

/// Share the page's link: shown to select, and copied with one press.
#[component]
fn Share() -> impl IntoView {
    let ui = state::ui();
    let copied = RwSignal::new(None::<bool>);
    let url = move || {
        ui.page.track();
        window().location().href().unwrap_or_default()
    };
    let copy = move |_| {
        let promise = window().navigator().clipboard().write_text(&url());
        leptos::task::spawn_local(async move { copied.set(Some(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok())) });
    };
    view! {
        <section class="share" aria-labelledby="share-heading">
            <h3 id="share-heading">{move || ui.t("分享", "Share")}</h3>
            <input type="text" readonly=true class="share-url" prop:value=url aria-label=move || ui.t("本页链接", "This page's link")
                on:focus=|ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
            <button type="button" class="secondary" on:click=copy>{move || ui.t("复制链接", "Copy link")}</button>
            {move || copied.get().map(|ok| view! {
                <span role="status">{if ok { ui.t("链接已复制", "Link copied") } else { ui.t("请手动复制上面的链接", "Copy the link above by hand") }}</span>
            })}
        </section>
    }
}
