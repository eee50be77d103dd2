//! Quick chips for the common asks: 中医, 针灸, 儿科, 胸痛中心, 急诊.

use engine::{Designation, FacilityKind, Service};
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::model::Query;
use crate::state::search::search;
use crate::state::settings::settings;

/// The kinds "中医" stands for.
pub const TCM_KINDS: [FacilityKind; 4] = [
    FacilityKind::Tcm,
    FacilityKind::IntegratedTcm,
    FacilityKind::EthnicMedicine,
    FacilityKind::TcmClinic,
];

#[derive(Clone, Copy)]
enum Chip {
    Tcm,
    Service(Service),
    Designation(Designation),
}

const CHIPS: [Chip; 5] = [
    Chip::Tcm,
    Chip::Service(Service::Acupuncture),
    Chip::Service(Service::Paediatrics),
    Chip::Designation(Designation::ChestPainCentre),
    Chip::Service(Service::Emergency),
];

impl Chip {
    fn is_on(self, q: &Query) -> bool {
        match self {
            Chip::Tcm => TCM_KINDS.iter().all(|k| q.filter.kinds.contains(k)),
            Chip::Service(s) => q.filter.services.contains(&s),
            Chip::Designation(d) => q.filter.designations.contains(&d),
        }
    }

    fn toggle(self, q: &mut Query) {
        let on = self.is_on(q);
        let f = &mut q.filter;
        match self {
            Chip::Tcm if on => f.kinds.retain(|k| !TCM_KINDS.contains(k)),
            Chip::Tcm => f
                .kinds
                .extend(TCM_KINDS.iter().filter(|k| !f.kinds.contains(k)).collect::<Vec<_>>()),
            Chip::Service(s) => toggle(&mut f.services, s),
            Chip::Designation(d) => toggle(&mut f.designations, d),
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            Chip::Tcm => lang.m().chip_tcm,
            Chip::Service(Service::Emergency) => lang.m().chip_emergency,
            Chip::Service(s) => lang.label(s),
            Chip::Designation(d) => lang.label(d),
        }
    }
}

/// Adds `value` if absent, removes it if present.
pub fn toggle<T: PartialEq>(list: &mut Vec<T>, value: T) {
    match list.iter().position(|v| *v == value) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(value),
    }
}

#[component]
pub fn Chips() -> impl IntoView {
    let (s, search) = (settings(), search());
    view! {
        <div class="chips" role="group" aria-label=move || s.m().common_filters>
            {CHIPS.iter().map(|&chip| view! {
                <button
                    type="button"
                    class="chip"
                    aria-pressed=move || search.query.with(|q| chip.is_on(q)).to_string()
                    on:click=move |_| search.query.update(|q| chip.toggle(q))
                >
                    {move || chip.label(s.lang.get())}
                </button>
            }).collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chips_toggle_on_and_off() {
        let mut q = Query::default();
        q.filter.kinds = vec![FacilityKind::General];
        Chip::Tcm.toggle(&mut q);
        assert!(Chip::Tcm.is_on(&q) && q.filter.kinds.len() == 5);
        Chip::Tcm.toggle(&mut q);
        assert_eq!(q.filter.kinds, [FacilityKind::General]);
        Chip::Service(Service::Acupuncture).toggle(&mut q);
        assert_eq!(q.filter.services, [Service::Acupuncture]);
        Chip::Service(Service::Acupuncture).toggle(&mut q);
        assert!(q.filter.services.is_empty());
    }
}
