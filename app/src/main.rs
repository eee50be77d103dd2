//! Xunzhen in the browser.

mod app;
mod components;
mod format;
mod load;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
