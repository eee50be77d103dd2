//! About the data (`#/about`): each public list the listings come from, its
//! date and licence, how many listings name it and how precise their points
//! are; the maps and gazetteers behind the places; how to correct a listing.

use engine::{Dataset, LocationPrecision};
use leptos::prelude::*;

use super::facility_page::BackToResults;
use crate::format;
use crate::i18n::{fill, Lang};
use crate::state::settings::settings;
use crate::state::startup::{data, startup};

/// Listings by how precise their points are, by precision tag.
type Tally = [usize; LocationPrecision::ALL.len()];

/// One tally per list of the dataset (in its order), one for the records
/// kept by hand (no list), and one for everything.
fn tally(dataset: &Dataset) -> (Vec<Tally>, Tally, Tally) {
    let lists = dataset.lists();
    let mut per_list = vec![[0; LocationPrecision::ALL.len()]; lists.len()];
    let (mut curated, mut all) =
        ([0; LocationPrecision::ALL.len()], [0; LocationPrecision::ALL.len()]);
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
    let parts: Vec<String> = LocationPrecision::ALL
        .iter()
        .filter(|p| t[p.tag() as usize] > 0)
        .map(|p| format!("{} {}", lang.label(*p), t[p.tag() as usize]))
        .collect();
    parts.join(lang.m().counts_separator)
}

#[component]
pub fn AboutPage() -> impl IntoView {
    let (s, config, tile_layer) = (settings(), startup().config, startup().tile_layer);
    let data = data();
    let dataset = data.dataset_untracked();
    let (per_list, curated, all) = tally(&dataset);
    let body = move || {
        let lang = s.lang.get();
        let m = lang.m();
        let email = config.with(|c| c.correction_email.clone());
        let count = |t: &Tally| t.iter().sum::<usize>().to_string();
        let rows = dataset
            .lists()
            .iter()
            .zip(&per_list)
            .map(|(l, t)| {
                let pick = |zh: &String, en: &String| {
                    if lang.english_names() && !en.is_empty() {
                        en.clone()
                    } else {
                        zh.clone()
                    }
                };
                let dated = format!(
                    "{} · {}",
                    pick(&l.publisher, &l.publisher_en),
                    format::month(lang, &l.date)
                );
                let mut notes = vec![precision_mix(lang, t)];
                if !l.geocoder.is_empty() {
                    notes.push(format!("{}{}", m.placed_by, l.geocoder));
                }
                notes.push(format!("{}{}", m.licence, l.licence));
                view! {
                    <li class="source-list">
                        <h4>{pick(&l.name, &l.name_en)}</h4>
                        <p>{dated}</p>
                        <p class="listing-count">{fill(m.listings_from, &[("n", &count(t))])}</p>
                        <p class="muted">{notes.join(m.notes_separator)}</p>
                        <p class="muted source-url">{l.url.clone()}</p>
                    </li>
                }
            })
            .collect_view();
        let mut corrections = vec![m.corrections_text.to_string()];
        if email.is_empty() {
            corrections.push(m.no_correction_address.to_string());
        } else {
            corrections.push(fill(m.or_write_to, &[("email", &email)]));
        }
        // What a tile layer's host learns, where the deployment has one.
        let tiles_privacy = tile_layer.with_untracked(|t| {
            t.as_ref().map(|t| fill(m.tiles_privacy, &[("host", &t.attribution)]))
        });
        let attributions = vec![
            m.attribution_townships,
            m.attribution_seats,
            m.attribution_boundaries,
            m.attribution_water,
            m.attribution_wikidata,
        ];
        // Sections of text, one shape each: a heading, paragraphs, a list.
        let sections = [
            (
                m.where_points_come_from,
                vec![precision_mix(lang, &all), m.where_points_text.to_string()],
                Vec::new(),
                "",
            ),
            (m.maps_and_names, tiles_privacy.into_iter().collect(), attributions, "attributions"),
            (m.corrections, corrections, Vec::new(), ""),
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
                <h2 id="about-heading" tabindex="-1">{m.about_heading}</h2>
                <p>{fill(m.about_intro, &[("n", &crate::dataset_files::total_count().map_or_else(|| count(&all), |n| n.to_string()))])}</p>
                <p class="muted loaded-area" hidden=!data.tiled()>{m.loaded_area_only}</p>
                <h3>{m.the_lists}</h3>
                <ul class="source-lists">{rows}</ul>
                <p>{fill(m.about_kept, &[("n", &count(&curated))])}</p>
                <AreaCompleteness />
                {sections}
            </article>
        }
    };
    view! {
        <BackToResults />
        {body}
    }
}

/// How complete the listings are in the area the map shows, field by field:
/// what a commission checks before it sends what its lists lack.
#[component]
fn AreaCompleteness() -> impl IntoView {
    let (s, data, map) = (settings(), data(), crate::state::map_link::map_link());
    let covered = move || {
        let view = map.view.get()?;
        let window = window();
        let size =
            |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(400.0);
        let (w, h) = (size(window.inner_width()), size(window.inner_height()));
        let area = engine::camera::Camera::new(view.center, view.zoom, w, h).visible_box();
        let dataset = data.dataset();
        let here = dataset.within_box(area, &engine::Filter::all());
        // Grade and networks, which the coverage does not count, and each one's newest source.
        let graded = here.iter().filter(|f| f.grade() != engine::Grade::NotListed).count();
        let in_network = here.iter().filter(|f| !dataset.networks_of(f.slot()).is_empty()).count();
        let mut ages = [0u32; AGE_BANDS];
        let now = js_sys::Date::now();
        for f in &here {
            let newest = super::facility_page::newest_source(&dataset, *f).map(|(date, _)| date);
            ages[age_band(newest.as_deref(), now)] += 1;
        }
        let (graded, in_network) = (graded as u32, in_network as u32);
        Some((engine::Coverage::of(here), graded, in_network, ages))
    };
    move || {
        let lang = s.lang.get();
        let m = lang.m();
        let (c, graded, in_network, ages) = covered()?;
        let share = |n: u32| {
            let pct = (n * 100 + c.facilities / 2).checked_div(c.facilities).unwrap_or(0);
            fill(m.share_of, &[("n", &n.to_string()), ("pct", &pct.to_string())])
        };
        let rows = [
            (m.completeness_place, c.placed),
            (m.phone, c.with_phone),
            (m.hours, c.with_hours),
            (m.services, c.with_services),
            (m.designations_heading, c.with_designations),
            (m.features_heading, c.with_features),
            (m.group_grade, graded),
            (m.group_networks, in_network),
        ];
        let bands = [m.age_within_1, m.age_1_to_3, m.age_3_to_5, m.age_over_5, m.age_undated];
        Some(view! {
            <section class="completeness" aria-labelledby="completeness-heading">
                <h3 id="completeness-heading">{m.completeness_heading}</h3>
                <p>{fill(m.completeness_intro, &[("n", &c.facilities.to_string())])}</p>
                <table>
                    <tbody>
                        {rows.into_iter().map(|(what, n)| view! {
                            <tr><th scope="row">{what}</th><td>{share(n)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <h4 id="source-age-heading">{m.source_age_heading}</h4>
                <table class="source-ages" aria-labelledby="source-age-heading">
                    <tbody>
                        {bands.into_iter().zip(ages).map(|(band, n)| view! {
                            <tr><th scope="row">{band}</th><td>{share(n)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })
    }
}

/// How many bands of source age the page counts: within a year, 1–3, 3–5, over 5 years, undated.
const AGE_BANDS: usize = 5;

/// The band of a newest source dated `date` (`YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, counted from its first day), at `now_ms`; as `datakit
/// report --region` bands them, by days (a year is 365 days here).
fn age_band(date: Option<&str>, now_ms: f64) -> usize {
    let Some(date) = date else { return 4 };
    let full = match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    };
    match format::days_since(&full, now_ms) {
        None => 4,
        Some(d) if d <= 365 => 0,
        Some(d) if d <= 3 * 365 => 1,
        Some(d) if d <= 5 * 365 => 2,
        Some(_) => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_falls_in_the_band_of_its_age() {
        // 2026-12-07 00:00 in China.
        let now = 1_796_572_800_000.0;
        assert_eq!(format::china_date(now), "2026-12-07");
        assert_eq!(age_band(Some("2026-06-01"), now), 0);
        assert_eq!(age_band(Some("2024-06"), now), 1);
        assert_eq!(age_band(Some("2022"), now), 2);
        assert_eq!(age_band(Some("2020-02-11"), now), 3);
        assert_eq!((age_band(None, now), age_band(Some("soon"), now)), (4, 4));
    }
}
