//! Xunzhen in the browser.

mod app;
mod boot;
mod components;
mod correction;
mod dataset_files;
mod format;
mod i18n;
mod load;
mod map;
mod model;
mod nav;
mod query;
mod route;
mod speech;
mod state;
mod symbols;
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
}

/// A bug must not leave a blank or frozen page: say so, in the language the
/// user chose, and offer a reload.
fn show_crash() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Ok(div), Some(body)) = (document.create_element("div"), document.body()) else { return };
    let lang = state::settings::stored("xunzhen.lang")
        .and_then(|l| i18n::Lang::parse(&l))
        .unwrap_or_default();
    div.set_class_name("status error crash");
    let _ = div.set_attribute("role", "alert");
    div.set_text_content(Some(lang.m().crash));
    let _ = body.prepend_with_node_1(&div);
}
