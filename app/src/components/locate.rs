//! "Where am I": the device's position (with plain messages when it is
//! refused or slow), the map's centre, or a place typed in the search box.

use engine::LatLon;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Position, PositionError, PositionOptions};

use crate::format;
use crate::state::{self, MapRequest, Origin, OriginSource, Ui};

/// How long to wait for a position before saying so.
const TIMEOUT_MS: u32 = 15_000;

#[derive(Clone, Copy, PartialEq)]
enum Locating {
    Idle,
    Busy,
    Denied,
    Unavailable,
    TimedOut,
}

#[component]
pub fn Locate() -> impl IntoView {
    let ui = state::ui();
    let status = RwSignal::new(Locating::Idle);
    let message = move || {
        let (zh, en) = match status.get() {
            Locating::Idle => return None,
            Locating::Busy => ("正在获取你的位置…", "Finding your location…"),
            Locating::Denied => (
                "没有获得位置权限。你可以在浏览器设置中允许,或者输入区县名称、在地图上移动后点“在地图中心查找”。",
                "Location permission was not given. You can allow it in the browser's settings, or type a county name, or move the map and press “Search at map centre”.",
            ),
            Locating::Unavailable => ("设备暂时无法确定位置。请输入区县名称,或在地图上查找。", "Your device could not find its location. Type a county name or use the map."),
            Locating::TimedOut => ("获取位置超时。请再试一次,或输入区县名称。", "Finding your location took too long. Try again, or type a county name."),
        };
        Some(ui.lang.get().pick(zh, en).to_string())
    };
    let where_from = move || {
        let lang = ui.lang.get();
        ui.origin.get().map(|o| match o.source {
            OriginSource::Device { accuracy_m } => match lang {
                crate::i18n::Lang::Zh => format!("你的位置(误差约 {})", format::distance(lang, accuracy_m)),
                crate::i18n::Lang::En => format!("Your location (within about {})", format::distance(lang, accuracy_m)),
            },
            OriginSource::Map => lang.pick("地图上选定的位置", "The point chosen on the map").to_string(),
            OriginSource::Place(name) => name,
            OriginSource::Link => lang.pick("链接中的位置", "The point in the link").to_string(),
        })
    };
    let is_device = move || ui.origin.with(|o| o.as_ref().is_some_and(|o| o.source.is_private()));
    view! {
        <div class="locate">
            <div class="locate-actions">
                <button type="button" class="primary" on:click=move |_| locate(ui, status) disabled=move || status.get() == Locating::Busy>
                    {move || ui.t("使用我的位置", "Use my location")}
                </button>
                <button type="button" on:click=move |_| search_at_map_centre(ui)>
                    {move || ui.t("在地图中心查找", "Search at map centre")}
                </button>
            </div>
            <p class="privacy">{move || ui.t("位置只在你的设备上计算,不会发送到任何地方。", "Your location is used only on this device and is never sent anywhere.")}</p>
            {move || message().map(|m| view! { <p class="locate-message" role="alert">{m}</p> })}
            {move || where_from().map(|w| view! {
                <p class="origin">
                    <span>{ui.t("距离从这里算起:", "Distances from: ")}</span>
                    <strong>{w}</strong>
                    <button type="button" class="link" on:click=move |_| ui.origin.set(None)>{ui.t("清除", "Clear")}</button>
                </p>
            })}
            <Show when=is_device>
                <label class="check">
                    <input type="checkbox" prop:checked=ui.share_location on:change=move |ev| ui.share_location.set(event_target_checked(&ev)) />
                    {move || ui.t("分享链接时包含我的位置", "Include my location in shared links")}
                </label>
            </Show>
        </div>
    }
}

fn search_at_map_centre(ui: Ui) {
    if let Some(view) = ui.view.get_untracked() {
        ui.origin.set(Some(Origin { point: view.center, source: OriginSource::Map }));
    }
}

/// Asks the browser for the device's position.
fn locate(ui: Ui, status: RwSignal<Locating>) {
    let Some(geolocation) = window().navigator().geolocation().ok() else {
        status.set(Locating::Unavailable);
        return;
    };
    status.set(Locating::Busy);
    let success = Closure::<dyn FnMut(Position)>::new(move |position: Position| {
        let coords = position.coords();
        match LatLon::new(coords.latitude(), coords.longitude()) {
            Ok(point) => {
                status.set(Locating::Idle);
                ui.origin.set(Some(Origin { point, source: OriginSource::Device { accuracy_m: coords.accuracy() } }));
                let zoom = if coords.accuracy() > 5_000.0 { 10.0 } else { 13.0 };
                ui.map_request.set(Some(MapRequest::Center(point, zoom)));
            }
            Err(_) => status.set(Locating::Unavailable),
        }
    });
    let failure = Closure::<dyn FnMut(PositionError)>::new(move |error: PositionError| {
        status.set(match error.code() {
            PositionError::PERMISSION_DENIED => Locating::Denied,
            PositionError::TIMEOUT => Locating::TimedOut,
            _ => Locating::Unavailable,
        });
    });
    let options = PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(TIMEOUT_MS);
    options.set_maximum_age(60_000);
    let started = geolocation.get_current_position_with_error_callback_and_options(
        success.into_js_value().unchecked_ref(),
        Some(failure.into_js_value().unchecked_ref()),
        &options,
    );
    if started.is_err() {
        status.set(Locating::Unavailable);
    }
}
