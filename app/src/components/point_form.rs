//! Setting the point to search from, by latitude and longitude.

use engine::LatLon;
use leptos::prelude::*;

#[component]
pub fn PointForm(point: RwSignal<LatLon>) -> impl IntoView {
    let lat = RwSignal::new(point.get_untracked().lat().to_string());
    let lon = RwSignal::new(point.get_untracked().lon().to_string());
    let error = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = lat.get().trim().parse::<f64>().ok().zip(lon.get().trim().parse::<f64>().ok());
        match parsed.map(|(la, lo)| LatLon::new(la, lo)) {
            Some(Ok(p)) => {
                error.set(None);
                point.set(p);
            }
            Some(Err(e)) => error.set(Some(format!("位置无效 invalid point: {e}"))),
            None => error.set(Some("请输入数字形式的纬度和经度。Enter latitude and longitude as numbers.".into())),
        }
    };

    view! {
        <form class="point-form" on:submit=submit aria-label="搜索位置 Search point">
            <label>
                "纬度 Latitude"
                <input type="text" inputmode="decimal" name="lat" prop:value=lat on:input=move |ev| lat.set(event_target_value(&ev)) />
            </label>
            <label>
                "经度 Longitude"
                <input type="text" inputmode="decimal" name="lon" prop:value=lon on:input=move |ev| lon.set(event_target_value(&ev)) />
            </label>
            <button type="submit">"从这里查找 Search here"</button>
            <p class="hint">"WGS-84 坐标(GPS 所用)。WGS-84 degrees, as GPS gives them."</p>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </form>
    }
}
