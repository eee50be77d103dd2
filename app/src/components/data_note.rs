//! What the data can and cannot say about the question asked, beside its
//! answer: of the institutions in the area searched, how many state the
//! service, designation, feature or hours asked for at all, and from which
//! sources; a network's scope; and, where confirmed answers are few, the
//! institutions that usually offer it, each marked "not listed".

use engine::{Coverage, Dataset, Filter, LatLon, Region, Scope};
use leptos::prelude::*;

use super::results_list::ResultsList;
use crate::i18n::{fill, Lang};
use crate::model::Query;
use crate::query::{Asked, Results};
use crate::state::settings::settings;

/// The area a coverage counts: within the radius, or the reference point's province.
#[derive(Clone, Debug, PartialEq)]
pub enum Area {
    Within(f64),
    Province(u32, String),
}

/// How much the data of `area` says (every facility in it, placed or not).
pub fn coverage(dataset: &Dataset, area: &Area, from: LatLon) -> Coverage {
    let (filter, scope) = match area {
        Area::Within(km) => (Filter::all(), Scope::Within { point: from, radius_m: km * 1_000.0 }),
        Area::Province(code, _) => {
            (Filter { region: Region::new(*code), ..Filter::all() }, Scope::Everywhere)
        }
    };
    Coverage::of(dataset.matching(&filter, scope))
}

/// The area in words: "四川省", "5 公里范围内".
pub fn area_name(lang: Lang, area: &Area) -> String {
    match area {
        Area::Within(km) => {
            fill(lang.m().area_within, &[("d", &crate::format::distance(lang, km * 1_000.0))])
        }
        Area::Province(_, name) => name.clone(),
    }
}

/// The publishers, most used first: "（来源：大足区卫生健康委 …）"; empty when none.
pub fn sources(lang: Lang, sources: &[(String, u32)]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = sources.iter().map(|(s, _)| s.as_str()).collect();
    fill(lang.m().coverage_sources, &[("sources", &names.join(lang.m().list_separator))])
}

/// The sentences that say how much the data knows of what `q` asks, in `area`.
pub fn statements(
    lang: Lang,
    dataset: &Dataset,
    q: &Query,
    c: &Coverage,
    area: &Area,
) -> Vec<String> {
    let m = lang.m();
    let (area, total) = (area_name(lang, area), c.facilities.to_string());
    let said = |template: &str, what: &str, n: u32, from: &[(String, u32)]| {
        fill(
            template,
            &[
                ("area", &area),
                ("total", &total),
                ("what", what),
                ("n", &n.to_string()),
                ("sources", &sources(lang, from)),
            ],
        )
    };
    let mut out = Vec::new();
    for &s in &q.filter.services {
        out.push(said(m.coverage_services, lang.label(s), c.with_services, &c.service_sources));
    }
    for &d in &q.filter.designations {
        let n = c.designation(d);
        out.push(said(m.coverage_designation, lang.label(d), n, &c.designation_sources));
    }
    for &x in &q.filter.features {
        out.push(said(m.coverage_feature, lang.label(x), c.feature(x), &c.feature_sources));
    }
    if q.open_now {
        out.push(said(m.coverage_hours, "", c.with_hours, &[]));
    }
    // A network filter names each network's scope, and says when its members are not listed.
    let named = q.filter.network.as_ref().map(|n| n.id.as_str());
    for n in dataset
        .networks()
        .iter()
        .filter(|n| q.filter.network_kinds.contains(&n.kind) || named == Some(n.id.as_str()))
    {
        let name = if lang.english_names() && !n.name_en.is_empty() { &n.name_en } else { &n.name };
        let template =
            if n.members.is_empty() { m.network_scope_unlisted } else { m.network_scope };
        out.push(fill(
            template,
            &[("name", name), ("region", &n.region), ("n", &n.members.len().to_string())],
        ));
    }
    out
}

/// The sentences, as a note beside the answer.
#[component]
pub fn DataNote(lines: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || lines.with(|l| !l.is_empty())>
            <div class="data-note" role="note">
                {move || lines.get().into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
            </div>
        </Show>
    }
}

/// The institutions that usually offer what was asked, marked unconfirmed.
#[component]
pub fn UsualProviders(asked: Asked, results: Memo<Results>) -> impl IntoView {
    let s = settings();
    let what = move |lang: Lang| match asked {
        Asked::Service(x) => lang.label(x),
        Asked::Designation(x) => lang.label(x),
    };
    let heading = move || {
        let lang = s.lang.get();
        let template = if asked.is_emergency() {
            lang.m().usual_heading_emergency
        } else {
            lang.m().usual_heading
        };
        fill(template, &[("what", what(lang))])
    };
    let unverified = Signal::derive(move || {
        let lang = s.lang.get();
        if asked.is_emergency() {
            fill(lang.m().unverified_badge, &[("what", what(lang))])
        } else {
            lang.m().services_not_listed.to_string()
        }
    });
    view! {
        <section class="usual" aria-labelledby="usual-heading">
            <h2 id="usual-heading" class="results-heading">{heading}</h2>
            <ResultsList results=results settled=Signal::derive(|| true) usual=Some(unverified) />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Designation, NetworkKind, Service};

    #[test]
    fn each_filter_says_how_many_state_it_and_a_scope_names_its_region() {
        let (facilities, network) = engine::synthetic::four_and_an_alliance();
        let d = Dataset::with_networks(&facilities, &[network]).unwrap();
        let c = Coverage::of(d.facilities());
        let area = Area::Province(510000, "四川省".into());
        let lang = Lang::default();
        let mut q = Query::default();
        q.filter.services = vec![Service::Acupuncture];
        q.filter.designations = vec![Designation::ChestPainCentre];
        q.open_now = true;
        let said = statements(lang, &d, &q, &c, &area);
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].starts_with("四川省 4 家机构中，2 家列出了服务项目"), "{}", said[0]);
        assert!(said[0].contains("针灸"), "{}", said[0]);
        assert!(said[1].contains("0 家列出了胸痛中心"), "{}", said[1]);
        assert!(said[2].contains("3 家列出了营业时间"), "{}", said[2]);
        q = Query::default();
        q.filter.network_kinds = vec![NetworkKind::SpecialtyAlliance];
        let said = statements(lang, &d, &q, &c, &area);
        assert!(said[0].contains("synthetic") && said[0].contains("2 家"), "{said:?}");
        assert!(statements(lang, &d, &Query::default(), &c, &area).is_empty());
    }
}
