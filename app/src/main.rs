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
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
