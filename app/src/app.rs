//! The top-level component: the contexts, start-up, the layout, and the
//! remembered settings.

use leptos::prelude::*;

use crate::boot;
use crate::components::{
    AboutPage, FacilityPage, LoadFailed, Loading, NetworkPage, Notices, ResultsPanel, SearchBox,
    Settings, Sheet,
};
use crate::load::Progress;
use crate::map::MapView;
use crate::model::Page;
use crate::state::map_link::MapLink;
use crate::state::notices::{notices, Notices as NoticeList};
use crate::state::search::{search, Search};
use crate::state::settings::{self, settings};
use crate::state::startup::{startup, LoadState, Startup};
use crate::urlsync;

#[component]
pub fn App() -> impl IntoView {
    provide_context(settings::Settings::new());
    provide_context(Search::new());
    provide_context(MapLink::new());
    provide_context(Startup::new());
    provide_context(NoticeList::new());
    provide_context(crate::state::regions::Regions::new());
    urlsync::start();
    remember_settings();
    let progress = RwSignal::new(Progress::default());
    let (startup, notices) = (startup(), notices());
    boot::start(startup, notices, progress);
    boot::register_worker_when_settled(startup);
    let started = Memo::new(move |_| !matches!(startup.load.get(), LoadState::Starting));
    let s = settings();

    view! {
        <a class="skip-link" href="#panel">{move || s.m().skip_to_results}</a>
        <header class="topbar">
            <h1 class="brand">
                <span>"寻诊"</span>
                <span class="brand-en" lang="en">"Xunzhen"</span>
            </h1>
            // 急救 120, one tap from every screen; read as "call 急救 120".
            <a class="call-120" href="tel:120">
                <span class="visually-hidden">{move || s.m().call_120_label}</span>
                {move || s.m().call_120}
            </a>
            <Settings />
        </header>
        <Notices />
        <Show when=move || started.get() fallback=move || view! { <Loading progress=progress /> }>
            <Workspace progress=progress />
        </Show>
    }
}

/// The map and the panel, up while the dataset is still on its way: the
/// basemap and the place search work without it, and the panel says how the
/// download is going.
#[component]
fn Workspace(progress: RwSignal<Progress>) -> impl IntoView {
    let (startup, notices) = (startup(), notices());
    let retry = move || boot::start(startup, notices, progress);
    let panel = move || match startup.load.get() {
        LoadState::Starting | LoadState::Loading => {
            view! { <Loading progress=progress /> }.into_any()
        }
        LoadState::Failed { message, newer } => {
            view! { <LoadFailed message=message newer=newer on_retry=retry /> }.into_any()
        }
        LoadState::Ready => view! { <Pages /> }.into_any(),
    };
    view! {
        <div class="workspace">
            <MapView />
            <Sheet>
                <SearchBox />
                {panel}
            </Sheet>
        </div>
    }
}

/// The screens of the panel, once the dataset is in.
#[component]
fn Pages() -> impl IntoView {
    let search = search();
    // A new screen starts at its top, with focus on its heading for screen readers and keyboards.
    Effect::new(move |previous: Option<Page>| {
        let page = search.page.get();
        if previous.is_some_and(|p| p != page) {
            request_animation_frame(move || {
                if let Some(body) = document().query_selector(".panel-body").ok().flatten() {
                    body.set_scroll_top(0);
                }
                let heading = match search.page.get_untracked() {
                    Page::Results => "results-heading",
                    Page::Facility(_) => "listing-name",
                    Page::Network(_) => "network-name",
                    Page::About => "about-heading",
                };
                if let Some(el) = document()
                    .get_element_by_id(heading)
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                {
                    let _ = el.focus();
                }
            });
        }
        page
    });
    move || match search.page.get() {
        Page::Results => view! { <ResultsPanel /> }.into_any(),
        Page::Facility(id) => view! { <FacilityPage id=id /> }.into_any(),
        Page::Network(id) => view! { <NetworkPage id=id /> }.into_any(),
        Page::About => view! { <AboutPage /> }.into_any(),
    }
}

/// Language and elder mode are remembered on the device, and set on `<html>`
/// so the page's language and type size follow; the clock is set anew every
/// 30 seconds, so "open now" stays true.
fn remember_settings() {
    let (s, search) = (settings(), search());
    Effect::new(move |_| {
        let lang = s.lang.get();
        settings::store("xunzhen.lang", lang.code());
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.html_lang());
        }
        document().set_title(lang.m().page_title);
    });
    Effect::new(move |_| {
        let elder = s.elder.get();
        settings::store("xunzhen.elder", if elder { "1" } else { "0" });
        if let Some(root) = document().document_element() {
            let _ = root.class_list().toggle_with_force("elder", elder);
        }
    });
    set_interval(
        move || search.clock_ms.set(js_sys::Date::now()),
        std::time::Duration::from_secs(30),
    );
}
