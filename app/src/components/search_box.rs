//! One box for names and places, with suggestions as you type: facilities by
//! name, alias, pinyin or initials ("dzq"), counties and cities by name or
//! pinyin. Enter with nothing chosen filters the list by the text. Counties
//! come from the place index, which loads when the box is first used;
//! provinces and cities are in the overview from the start. Over tiles (a
//! national build), a text first asks the name index which tiles could hold
//! it and loads those, so a name is found anywhere.

use engine::boundaries::{Level, SCALE};
use engine::{LatLon, LatLonBox};
use leptos::prelude::*;

use crate::dataset_files::{self, Coverage, Question, TextReach, TEXT_TILES_AT_MOST};
use crate::format;
use crate::i18n::{fill, Lang};
use crate::model::Page;
use crate::state::map_link::{map_link, MapRequest};
use crate::state::search::{search, Origin, OriginSource};
use crate::state::settings::settings;
use crate::state::startup::{startup, PlaceIndex};

#[derive(Clone, PartialEq)]
enum Suggestion {
    Facility { slot: usize, id: String, name: String, detail: String },
    Place { label: String, detail: String, point: LatLon, bbox: LatLonBox },
}

impl Suggestion {
    /// What the option shows: the same text keeps the same element.
    fn key(&self) -> String {
        match self {
            Suggestion::Facility { id, detail, .. } => format!("f{id}\u{1f}{detail}"),
            Suggestion::Place { label, detail, .. } => format!("p{label}\u{1f}{detail}"),
        }
    }
}

const MAX_FACILITIES: usize = 6;
const MAX_PLACES: usize = 4;

#[component]
pub fn SearchBox() -> impl IntoView {
    let (s, search, map, startup) = (settings(), search(), map_link(), startup());
    let text = RwSignal::new(search.query.with_untracked(|q| q.text().to_string()));
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Whether the box has focus: the close that follows a blur is skipped when focus came back meanwhile.
    let focused = StoredValue::new(false);
    let suggestions = Memo::new(move |_| {
        let query = text.get();
        if query.trim().is_empty() {
            return Vec::new();
        }
        let lang = s.lang.get();
        // Untracked: a map still settling must not redraw the list under a finger or pointer.
        let near = Some(untrack(|| search.reference_point(map)));
        let mut out: Vec<Suggestion> = Vec::new();
        if let Some(boundaries) = startup.boundaries.get() {
            for hit in boundaries.search(&query, MAX_PLACES) {
                let r = hit.region;
                let level = match r.level {
                    Level::Province => lang.m().level_province,
                    Level::City => lang.m().level_city,
                    Level::County => lang.m().level_county,
                };
                let [s, w, n, e] = r.bbox.map(|v| v as f64 / SCALE);
                out.push(Suggestion::Place {
                    label: r.name.clone(),
                    detail: format!(
                        "{} · {}",
                        level,
                        boundaries.full_name(r.adcode).unwrap_or_default()
                    ),
                    point: r.label,
                    bbox: LatLonBox { south: s, west: w, north: n, east: e },
                });
            }
        }
        // Places are searchable while the dataset is still on its way; facilities once it is in.
        let dataset = startup.dataset();
        for hit in dataset
            .iter()
            .flat_map(|d| d.search(&query, near, MAX_FACILITIES, &engine::Filter::all()))
        {
            let f = hit.facility;
            // Known only at a county's or city's seat: no distance, said so (never "560 米").
            let distance = if f.precision().is_placed() {
                hit.distance_m
                    .map(|d| format!(" · {}", format::distance_to(lang, d, f.precision())))
                    .unwrap_or_default()
            } else {
                format!(" · {} {}", f.location_source(), lang.m().lacks_place)
            };
            out.push(Suggestion::Facility {
                slot: f.slot(),
                id: f.id().to_string(),
                name: f.name().to_string(),
                detail: format!("{}{distance}", lang.label(f.kind())),
            });
        }
        out
    });
    // Over tiles, each text asks the name index where it could be, and loads those tiles (a few).
    let (names, names_asked) = (RwSignal::new(Coverage::Complete), StoredValue::new(0u64));
    Effect::new(move |_| {
        let query = text.get();
        if startup.tiled.get() && !query.trim().is_empty() {
            let near = Some(untrack(|| search.reference_point(map)));
            let question = Question::Text { query, near };
            dataset_files::ask(startup, dataset_files::Asker::Names, question, names, names_asked);
        }
    });
    let choose = move |s: Suggestion| {
        open.set(false);
        active.set(None);
        match s {
            Suggestion::Facility { id, .. } => search.open(Page::Facility(id)),
            Suggestion::Place { label, point, bbox, .. } => {
                text.set(String::new());
                search.query.update(|q| q.set_text(""));
                search.origin.set(Some(Origin { point, source: OriginSource::Place(label) }));
                map.show(MapRequest::Fit(bbox));
                search.open(Page::Results);
            }
        }
    };
    let submit = move || {
        open.set(false);
        search.query.update(|q| q.set_text(&text.get_untracked()));
        search.open(Page::Results);
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
                match active
                    .get_untracked()
                    .and_then(|i| suggestions.with_untracked(|s| s.get(i).cloned()))
                {
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
            <label for="search-input" class="visually-hidden">{move || s.m().search_label}</label>
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
                placeholder=move || s.m().search_placeholder
                prop:value=text
                on:focus=move |_| {
                    focused.set_value(true);
                    crate::boot::want_places(startup, true);
                }
                on:input=move |ev| {
                    crate::boot::want_places(startup, false);
                    text.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:keydown=on_key
                on:blur=move |_| {
                    focused.set_value(false);
                    // Late enough for a click on a suggestion to land first; the box may be gone by then: `try_` reads nothing from a disposed owner.
                    set_timeout(move || if focused.try_get_value() == Some(false) { let _ = open.try_set(false); }, std::time::Duration::from_millis(150));
                }
            />
            <button type="submit">{move || s.m().search}</button>
            <ul id="search-suggestions" role="listbox" class="suggestions" hidden=move || !open.get() || suggestions.with(Vec::is_empty)
                aria-label=move || s.m().suggestions>
                // Keyed: an option that stays in the list keeps its element, so a click that began on it ends on it.
                <For each=move || suggestions.get().into_iter().enumerate() key=|(i, s)| (*i, s.key()) let:((i, s))>
                    {
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
                    }
                </For>
            </ul>
            <p class="search-status" role="status">
                {move || place_status(&startup.places.get(), &text.get(), s.lang.get())}
                " "
                {move || names_status(&names.get(), &text.get(), startup.tiled.get(), s.lang.get())}
            </p>
        </form>
    }
}

/// What the box says about a name search over tiles: that it is looking
/// across the country, that it could not, or that the text is too common or
/// too short for the name index and the areas downloaded answered it.
fn names_status(names: &Coverage, text: &str, tiled: bool, lang: Lang) -> String {
    if !tiled || text.trim().is_empty() {
        return String::new();
    }
    match names {
        Coverage::Loading => lang.m().names_searching.to_string(),
        Coverage::Failed(files) => fill(lang.m().names_failed, &[("files", &files.join(", "))]),
        Coverage::Capped(n) => fill(lang.m().area_capped, &[("n", &n.to_string())]),
        Coverage::Updated => lang.m().data_updated.to_string(),
        Coverage::Complete => match dataset_files::text_reach(text) {
            TextReach::Exact => String::new(),
            TextReach::Nearest(areas) => fill(
                lang.m().names_nearest_only,
                &[("shown", &TEXT_TILES_AT_MOST.to_string()), ("areas", &areas.to_string())],
            ),
            TextReach::Loaded => lang.m().names_loaded_only.to_string(),
        },
    }
}

/// What the box says about the county names while someone types: that they
/// are on their way, or that they could not load (and that trying again
/// happens on the next focus).
fn place_status(places: &PlaceIndex, text: &str, lang: Lang) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    match places {
        PlaceIndex::Loading | PlaceIndex::Waiting(_) => lang.m().places_loading.to_string(),
        PlaceIndex::Failed(why) => fill(lang.m().places_failed, &[("why", &why.in_lang(lang))]),
        PlaceIndex::NotLoaded | PlaceIndex::Ready => String::new(),
    }
}
