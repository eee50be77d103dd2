//! What a facility is at a glance: kind (with its map symbol), grade,
//! emergency centres, and the networks people ask about.

use engine::{Dataset, FacilityKind, FacilityRef, Grade, NetworkKind};
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::symbols;

/// Networks worth a badge in a list: the ones that change where people go.
const LISTED_NETWORKS: [NetworkKind; 4] = [
    NetworkKind::EHealthCard,
    NetworkKind::TestRecognition,
    NetworkKind::SpecialtyAlliance,
    NetworkKind::MedicalConsortium,
];

/// The kind badge with the same symbol and colour as on the map.
pub fn kind_badge(lang: Lang, kind: FacilityKind) -> impl IntoView {
    let category = symbols::category(kind);
    view! {
        <span class="badge kind">
            <svg class="symbol" viewBox="-8 -8 16 16" width="14" height="14" aria-hidden="true">
                <path d=symbols::symbol_path(category.shape, 6.0) fill=category.fill stroke="#fff" stroke-width="1.5" />
            </svg>
            {lang.label(kind)}
        </span>
    }
}

/// Kind, grade and designations as badges.
pub fn badges(lang: Lang, dataset: &Dataset, f: FacilityRef<'_>) -> impl IntoView {
    let grade = (f.grade() != Grade::NotListed)
        .then(|| view! { <span class="badge grade">{lang.label(f.grade())}</span> });
    let designations = f
        .designations()
        .map(|d| view! { <span class="badge designation">{lang.label(d)}</span> })
        .collect_view();
    let member_of = dataset.networks_of(f.slot());
    let networks = LISTED_NETWORKS
        .into_iter()
        .filter(|&k| member_of.iter().any(|(n, _)| n.kind == k))
        .map(|k| view! { <span class="badge network">{lang.label(k)}</span> })
        .collect_view();
    view! {
        <div class="badges">
            {kind_badge(lang, f.kind())}
            {grade}
            {designations}
            {networks}
        </div>
    }
}
