//! The top-level component: loads the dataset, holds the query point.

use std::sync::Arc;

use engine::{Dataset, LatLon};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{LoadFailed, Loading, NearestList, PointForm};
use crate::load::{fetch_dataset, DATASET_URL};

/// Tianfu Square, central Chengdu: the default point until the user sets one.
pub const DEFAULT_POINT: (f64, f64) = (30.6574, 104.0658);

#[derive(Clone)]
enum LoadState {
    Loading,
    Failed(String),
    Ready(Arc<Dataset>),
}

#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new(LoadState::Loading);
    let load = move || {
        state.set(LoadState::Loading);
        spawn_local(async move {
            state.set(match fetch_dataset(DATASET_URL).await {
                Ok(dataset) => LoadState::Ready(dataset),
                Err(message) => LoadState::Failed(message),
            });
        });
    };
    load();

    let default_point = LatLon::new(DEFAULT_POINT.0, DEFAULT_POINT.1).expect("default point is valid");
    let point = RwSignal::new(default_point);

    view! {
        <header class="masthead">
            <h1>"寻诊 " <span lang="en">"Xunzhen"</span></h1>
            <p>"查找离你最近的中医和专科医疗机构。位置只在你的设备上计算,不会发送到任何地方。"</p>
        </header>
        <main>
            <PointForm point=point />
            {move || match state.get() {
                LoadState::Loading => view! { <Loading /> }.into_any(),
                LoadState::Failed(message) => view! { <LoadFailed message=message on_retry=load /> }.into_any(),
                LoadState::Ready(dataset) => view! { <NearestList dataset=dataset point=point /> }.into_any(),
            }}
        </main>
    }
}
