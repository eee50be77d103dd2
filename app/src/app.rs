//! The top-level component: start-up, the layout, and the remembered settings.

use leptos::prelude::*;

use crate::boot;
use crate::components::{AboutPage, FacilityPage, LoadFailed, Loading, NetworkPage, Notices, ResultsPanel, SearchBox, Settings, Sheet};
use crate::load::Progress;
use crate::map::MapView;
use crate::route::Page;
use crate::state::{self, Data, LoadState, Ui};
use crate::urlsync;

#[component]
pub fn App() -> impl IntoView {
    let ui = Ui::new();
    provide_context(ui);
    urlsync::start(ui);
    remember_settings(ui);
    let progress = RwSignal::new(Progress::default());
    boot::start(ui, progress);
    boot::register_worker_when_settled(ui);
    let started = Memo::new(move |_| !matches!(ui.load.get(), LoadState::Starting));

    view! {
        <a class="skip-link" href="#panel">{move || ui.t("跳到查找结果", "Skip to results")}</a>
        <header class="topbar">
            <h1 class="brand">
                <span>"寻诊"</span>
                <span class="brand-en" lang="en">"Xunzhen"</span>
            </h1>
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
    let ui = state::ui();
    let retry = move || boot::start(ui, progress);
    let panel = move || match ui.load.get() {
        LoadState::Starting | LoadState::Loading => view! { <Loading progress=progress /> }.into_any(),
        LoadState::Failed { message, newer } => view! { <LoadFailed message=message newer=newer on_retry=retry /> }.into_any(),
        LoadState::Ready(dataset) => {
            provide_context(Data { dataset });
            view! { <Pages /> }.into_any()
        }
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
    let ui = state::ui();
    // A new screen starts at its top, with focus on its heading for screen readers and keyboards.
    Effect::new(move |previous: Option<Page>| {
        let page = ui.page.get();
        if previous.is_some_and(|p| p != page) {
            request_animation_frame(move || {
                if let Some(body) = document().query_selector(".panel-body").ok().flatten() {
                    body.set_scroll_top(0);
                }
                let heading = match ui.page.get_untracked() {
                    Page::Results => "results-heading",
                    Page::Facility(_) => "listing-name",
                    Page::Network(_) => "network-name",
                    Page::About => "about-heading",
                };
                if let Some(el) = document().get_element_by_id(heading).and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
                    let _ = el.focus();
                }
            });
        }
        page
    });
    move || match ui.page.get() {
        Page::Results => view! { <ResultsPanel /> }.into_any(),
        Page::Facility(id) => view! { <FacilityPage id=id /> }.into_any(),
        Page::Network(id) => view! { <NetworkPage id=id /> }.into_any(),
        Page::About => view! { <AboutPage /> }.into_any(),
    }
}

/// Language and elder mode are remembered on the device, and set on `<html>`
/// so the page's language and type size follow; the clock ticks for "open now".
fn remember_settings(ui: Ui) {
    Effect::new(move |_| {
        let lang = ui.lang.get();
        state::store("xunzhen.lang", lang.code());
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.html_lang());
        }
        document().set_title(lang.pick("寻诊 · 中医与专科寻诊地图", "Xunzhen · find TCM and specialist care"));
    });
    Effect::new(move |_| {
        let elder = ui.elder.get();
        state::store("xunzhen.elder", if elder { "1" } else { "0" });
        if let Some(root) = document().document_element() {
            let _ = root.class_list().toggle_with_force("elder", elder);
        }
    });
    set_interval(move || ui.clock_ms.set(js_sys::Date::now()), std::time::Duration::from_secs(30));
}
