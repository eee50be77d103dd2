//! Facilities nearest to the point, nearest first.

use std::sync::Arc;

use engine::{Dataset, Filter, Grade, LatLon, LocationPrecision};
use leptos::prelude::*;

use crate::format::distance_zh;

/// How many facilities the list shows.
const LIST_LEN: usize = 20;

#[component]
pub fn NearestList(dataset: Arc<Dataset>, point: RwSignal<LatLon>) -> impl IntoView {
    let total = dataset.len();
    let rows = move || {
        dataset
            .nearest(point.get(), LIST_LEN, &Filter::all())
            .into_iter()
            .map(|hit| {
                let f = hit.facility;
                let grade = (f.grade() != Grade::NotListed).then(|| view! { <span class="badge grade">{f.grade().zh()}</span> });
                let approximate = (f.precision() == LocationPrecision::Approximate)
                    .then(|| view! { <span class="precision">"大致位置 approximate location"</span> });
                view! {
                    <li class="facility">
                        <div class="facility-head">
                            <h2 class="facility-name">{f.name().to_string()}</h2>
                            <span class="distance">{distance_zh(hit.distance_m)}</span>
                        </div>
                        <div class="badges">
                            <span class="badge kind">{f.kind().zh()}</span>
                            {grade}
                            {approximate}
                        </div>
                        <p class="provenance">"来源 Source: " {f.source().to_string()} " · 核对于 checked " {f.last_checked().to_string()}</p>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="results-heading">
            <h2 id="results-heading" class="results-heading">
                "离你最近的机构 Nearest facilities"
                <span class="count">{format!("(共 {total} 家)")}</span>
            </h2>
            <ol class="results" aria-label="离你最近的机构 Nearest facilities">{rows}</ol>
        </section>
    }
}
