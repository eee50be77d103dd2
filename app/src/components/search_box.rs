//! One box for names and places, with suggestions as you type: facilities by
//! name, alias, pinyin or initials ("dzq"), counties and cities by name or
//! pinyin. Enter with nothing chosen filters the list by the text. Counties
//! come from the place index, which loads when the box is first used;
//! provinces and cities are in the overview from the start.

use engine::boundaries::{Level, SCALE};
use engine::{LatLon, LatLonBox};
use leptos::prelude::*;

use crate::format;
use crate::route::Page;
use crate::state::{self, MapRequest, Origin, OriginSource, PlaceIndex};

#[derive(Clone, PartialEq)]
enum Suggestion {
    Facility { slot: usize, id: String, name: String, detail: String },
    Place { label: String, detail: String, point: LatLon, bbox: LatLonBox },
}

const MAX_FACILITIES: usize = 6;
const MAX_PLACES: usize = 4;

#[component]
pub fn SearchBox() -> impl IntoView {
    let ui = state::ui();
    let text = RwSignal::new(ui.query.get_untracked().text);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Whether the box has focus: the close that follows a blur is skipped when focus came back meanwhile.
    let focused = StoredValue::new(false);
    let suggestions = Memo::new(move |_| {
        let query = text.get();
        if query.trim().is_empty() {
            return Vec::new();
        }
        let lang = ui.lang.get();
        let near = ui.reference_point();
        let mut out: Vec<Suggestion> = Vec::new();
        if let Some(boundaries) = ui.boundaries.get() {
            for hit in boundaries.search(&query, MAX_PLACES) {
                let r = hit.region;
                let level = match r.level {
                    Level::Province => lang.pick("省级", "province"),
                    Level::City => lang.pick("市级", "city"),
                    Level::County => lang.pick("区县", "county"),
                };
                let [s, w, n, e] = r.bbox.map(|v| v as f64 / SCALE);
                out.push(Suggestion::Place {
                    label: r.name.clone(),
                    detail: format!("{} · {}", level, boundaries.full_name(r.adcode).unwrap_or_default()),
                    point: r.label,
                    bbox: LatLonBox { south: s, west: w, north: n, east: e },
                });
            }
        }
        // Places are searchable while the dataset is still on its way; facilities once it is in.
        let dataset = ui.dataset();
        for hit in dataset.iter().flat_map(|d| d.search(&query, near, MAX_FACILITIES, &engine::Filter::all())) {
            let f = hit.facility;
            let distance = hit.distance_m.map(|d| format!(" · {}", format::distance(lang, d))).unwrap_or_default();
            out.push(Suggestion::Facility {
                slot: f.slot(),
                id: f.id().to_string(),
                name: f.name().to_string(),
                detail: format!("{}{distance}", lang.label(f.kind())),
            });
        }
        out
    });
    let choose = move |s: Suggestion| {
        open.set(false);
        active.set(None);
        match s {
            Suggestion::Facility { id, .. } => ui.open(Page::Facility(id)),
            Suggestion::Place { label, point, bbox, .. } => {
                text.set(String::new());
                ui.query.update(|q| q.text.clear());
                ui.origin.set(Some(Origin { point, source: OriginSource::Place(label) }));
                ui.map_request.set(Some(MapRequest::Fit(bbox)));
                ui.open(Page::Results);
            }
        }
    };
    let submit = move || {
        open.set(false);
        ui.query.update(|q| q.text = text.get_untracked().trim().to_string());
        ui.open(Page::Results);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = suggestions.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            "Enter" => {
                ev.prevent_default();
                match active.get_untracked().and_then(|i| suggestions.with_untracked(|s| s.get(i).cloned())) {
                    Some(s) if open.get_untracked() => choose(s),
                    _ => submit(),
                }
            }
            _ => {}
        }
    };
    let option_id = |i: usize| format!("suggestion-{i}");
    view! {
        <form class="search" role="search" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <label for="search-input" class="visually-hidden">{move || ui.t("搜索机构名称或地点", "Search facilities or places")}</label>
            <input
                id="search-input"
                type="search"
                role="combobox"
                autocomplete="off"
                enterkeyhint="search"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-expanded=move || (open.get() && !suggestions.with(Vec::is_empty)).to_string()
                aria-activedescendant=move || active.get().filter(|_| open.get()).map(option_id)
                placeholder=move || ui.t("机构名称、拼音首字母或区县", "Facility name, pinyin initials or county")
                prop:value=text
                on:focus=move |_| {
                    focused.set_value(true);
                    crate::boot::want_places(ui, true);
                }
                on:input=move |ev| {
                    crate::boot::want_places(ui, false);
                    text.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:keydown=on_key
                on:blur=move |_| {
                    focused.set_value(false);
                    // Late enough for a click on a suggestion to land first.
                    set_timeout(move || if !focused.get_value() { open.set(false) }, std::time::Duration::from_millis(150));
                }
            />
            <button type="submit">{move || ui.t("搜索", "Search")}</button>
            <ul id="search-suggestions" role="listbox" class="suggestions" hidden=move || !open.get() || suggestions.with(Vec::is_empty)
                aria-label=move || ui.t("搜索建议", "Suggestions")>
                {move || suggestions.get().into_iter().enumerate().map(|(i, s)| {
                    let (icon, title, detail) = match &s {
                        Suggestion::Facility { name, detail, .. } => ("+", name.clone(), detail.clone()),
                        Suggestion::Place { label, detail, .. } => ("⌖", label.clone(), detail.clone()),
                    };
                    let is_place = matches!(s, Suggestion::Place { .. });
                    view! {
                        <li id=option_id(i) role="option" class="suggestion" class:place=is_place
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            on:mousedown=move |ev| ev.prevent_default()
                            on:click=move |_| choose(s.clone())>
                            <span class="icon" aria-hidden="true">{icon}</span>
                            <span class="title">{title}</span>
                            <span class="detail">{detail}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="search-status" role="status">{move || place_status(&ui.places.get(), &text.get(), ui.lang.get())}</p>
        </form>
    }
}

/// What the box says about the county names while someone types: that they
/// are on their way, or that they could not load (and that trying again
/// happens on the next focus).
fn place_status(places: &PlaceIndex, text: &str, lang: crate::i18n::Lang) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    match places {
        PlaceIndex::Loading | PlaceIndex::Waiting(_) => lang.pick("正在加载区县名称…", "Loading county names…").to_string(),
        PlaceIndex::Failed(why) => format!(
            "{} ({why})",
            lang.pick("区县名称未能加载,只能搜索机构和省市;再次点击搜索框重试", "County names could not load; facilities, provinces and cities can still be found. Focus the box again to retry")
        ),
        PlaceIndex::NotLoaded | PlaceIndex::Ready => String::new(),
    }
}
