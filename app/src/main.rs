//! Xunzhen in the browser.

mod app;
mod boot;
mod components;
mod correction;
mod format;
mod i18n;
mod load;
mod map;
mod nav;
mod query;
mod route;
mod state;
mod urlsync;

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash();
    }));
    leptos::mount::mount_to_body(app::App);
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
    register_service_worker();
}

/// A bug must not leave a blank or frozen page: say so and offer a reload.
fn show_crash() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Ok(div), Some(body)) = (document.create_element("div"), document.body()) else { return };
    div.set_class_name("status error crash");
    let _ = div.set_attribute("role", "alert");
    div.set_text_content(Some("寻诊出错了,请刷新页面。你的位置没有离开设备。 Xunzhen hit an error; please reload the page. Your location has not left this device."));
    let _ = body.prepend_with_node_1(&div);
}

/// The service worker (public/sw.js) keeps the app and its data for offline
/// use; it takes only datasets in a format this build reads.
fn register_service_worker() {
    let navigator = leptos::prelude::window().navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let url = format!("sw.js?format={}&boundaries={}", engine::codec::FORMAT_VERSION, boot::BOUNDARIES_VERSION);
    let promise = navigator.service_worker().register(&url);
    leptos::task::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            leptos::logging::warn!("service worker not registered: {e:?}");
        }
    });
}
