//! Quick chips for the common asks: 中医, 针灸, 儿科, 胸痛中心, 急诊.

use engine::{Designation, FacilityKind, Service};
use leptos::prelude::*;

use crate::route::Query;
use crate::state;

/// The kinds "中医" stands for.
pub const TCM_KINDS: [FacilityKind; 4] = [FacilityKind::Tcm, FacilityKind::IntegratedTcm, FacilityKind::EthnicMedicine, FacilityKind::TcmClinic];

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
            Chip::Tcm => TCM_KINDS.iter().all(|k| q.kinds.contains(k)),
            Chip::Service(s) => q.services.contains(&s),
            Chip::Designation(d) => q.designations.contains(&d),
        }
    }

    fn toggle(self, q: &mut Query) {
        let on = self.is_on(q);
        match self {
            Chip::Tcm if on => q.kinds.retain(|k| !TCM_KINDS.contains(k)),
            Chip::Tcm => q.kinds.extend(TCM_KINDS.iter().filter(|k| !q.kinds.contains(k)).collect::<Vec<_>>()),
            Chip::Service(s) => toggle(&mut q.services, s),
            Chip::Designation(d) => toggle(&mut q.designations, d),
        }
    }

    fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Chip::Tcm => lang.pick("中医", "TCM"),
            Chip::Service(Service::Emergency) => lang.pick("急诊", "Emergency"),
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
    let ui = state::ui();
    view! {
        <div class="chips" role="group" aria-label=move || ui.t("常用筛选", "Common filters")>
            {CHIPS.iter().map(|&chip| view! {
                <button
                    type="button"
                    class="chip"
                    aria-pressed=move || ui.query.with(|q| chip.is_on(q)).to_string()
                    on:click=move |_| ui.query.update(|q| chip.toggle(q))
                >
                    {move || chip.label(ui.lang.get())}
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
        let mut q = Query { kinds: vec![FacilityKind::General], ..Query::default() };
        Chip::Tcm.toggle(&mut q);
        assert!(Chip::Tcm.is_on(&q) && q.kinds.len() == 5);
        Chip::Tcm.toggle(&mut q);
        assert_eq!(q.kinds, [FacilityKind::General]);
        Chip::Service(Service::Acupuncture).toggle(&mut q);
        assert_eq!(q.services, [Service::Acupuncture]);
        Chip::Service(Service::Acupuncture).toggle(&mut q);
        assert!(q.services.is_empty());
    }
}
