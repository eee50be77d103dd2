//! What a language file fills in: every interface message, one field each
//! (a language that lacks one does not compile), the words that come in
//! sets (weekdays, months), and the labels of the data's vocabularies.
//! `{name}` in a message is a placeholder [`crate::i18n::fill`] fills in;
//! the tests hold every language to the placeholders of the first.

use engine::{
    Designation, FacilityKind, Feature, Grade, ListFact, LocationPrecision, NetworkKind, Ownership,
    Role, Service,
};

/// One interface language.
pub struct Language {
    /// The code links and the device's memory use (`zh`, `zh-Hant`, `en`).
    pub code: &'static str,
    /// The page's `lang` attribute.
    pub html_lang: &'static str,
    /// Browser language tags that choose it, lower-case (`zh-tw` matches `zh-TW` and `zh-TW-x`).
    pub browser_tags: &'static [&'static str],
    /// Its own name, for the chooser.
    pub name: &'static str,
    /// Whether a facility's or list's official English name is shown where one is given.
    pub english_names: bool,
    /// Monday first.
    pub weekdays: [&'static str; 7],
    /// January first.
    pub months: [&'static str; 12],
    /// The map legend's five categories, in `map::style::CATEGORIES` order.
    pub legend: [&'static str; 5],
    /// The parts of a listing a correction can be about, in `correction::FIELDS` order.
    pub correction_fields: [&'static str; 10],
    pub labels: Labels,
    pub m: Messages,
}

/// The data's vocabularies in this language.
pub struct Labels {
    pub kind: fn(FacilityKind) -> &'static str,
    pub grade: fn(Grade) -> &'static str,
    pub ownership: fn(Ownership) -> &'static str,
    pub precision: fn(LocationPrecision) -> &'static str,
    pub service: fn(Service) -> &'static str,
    pub designation: fn(Designation) -> &'static str,
    pub network_kind: fn(NetworkKind) -> &'static str,
    pub role: fn(Role) -> &'static str,
    pub feature: fn(Feature) -> &'static str,
    pub list_fact: fn(ListFact) -> &'static str,
}

/// Declares the message table: one `&'static str` per key, and (for the
/// tests) the list of every key with its text.
macro_rules! messages {
    ($($key:ident,)+) => {
        /// Every interface message, by key.
        pub struct Messages {
            $(pub $key: &'static str,)+
        }

        impl Messages {
            /// Every key with its text, in declaration order.
            #[cfg(test)]
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key),)+]
            }
        }
    };
}

messages! {
    // The page and its frame.
    page_title,
    skip_to_results,
    language,
    elder_mode,
    dismiss,
    crash,
    // Start-up and loading.
    loading_data,
    retrying,
    download_progress,
    load_failed,
    newer_data,
    reload,
    retry,
    tried_times,
    manifest_lists_no_data,
    data_does_not_match,
    data_invalid,
    fetch_network,
    fetch_status,
    fetch_stalled,
    config_defaults,
    link_ignored,
    // The first parts of a list and how many more: "a · b and 12 more".
    parts_and_more,
    outlines_failed,
    tiles_failed,
    export_failed,
    // The panel and the search box.
    panel,
    panel_raise,
    panel_lower,
    search_label,
    search_placeholder,
    search,
    suggestions,
    level_province,
    level_city,
    level_county,
    places_loading,
    places_failed,
    // Where from.
    use_my_location,
    search_map_centre,
    privacy,
    locating,
    location_denied,
    location_unavailable,
    location_timed_out,
    origin_device,
    origin_map,
    origin_link,
    distances_from,
    clear,
    share_my_location,
    // Filters.
    common_filters,
    chip_tcm,
    chip_emergency,
    more_filters,
    open_now_filter,
    within,
    any_distance,
    group_kind,
    group_grade,
    group_tcm_services,
    group_services,
    group_five_centres,
    group_designations,
    group_networks,
    named_network,
    any,
    clear_filters,
    none_in_results,
    // Results.
    nearest_you,
    nearest_place,
    nearest_map_point,
    nearest_link_point,
    nearest_map_centre,
    heading_count,
    showing_nearest,
    no_match,
    widen_radius,
    drop_filters,
    clear_text,
    about_link,
    export_label,
    export_all,
    // Distances, places and hours.
    metres,
    kilometres,
    about_distance,
    placed_surveyed,
    placed_address_by,
    placed_address,
    placed_seat_of,
    placed_township_seat,
    placed_county_seat,
    placed_city_seat,
    placed_approximate_by,
    placed_approximate,
    month_year,
    hours_not_listed,
    hours_unknown,
    hours_holiday_unknown,
    open_24_hours,
    open_closes_in,
    open_now,
    closed,
    closed_opens,
    tomorrow,
    // A weekday a week ahead, not this week's: "下周四", "next Thu".
    next_weekday,
    // A facility's page.
    back_to_results,
    facility_not_found,
    network_not_found,
    maybe_renamed,
    distance_label,
    not_listed,
    phone,
    address,
    hours,
    services,
    ownership,
    website,
    list_separator,
    navigate,
    app_amap,
    app_baidu,
    app_tencent,
    app_apple,
    networks_heading,
    none_listed,
    listed_by,
    stale,
    kind,
    kind_told_from_name,
    provenance,
    source,
    location,
    last_checked,
    about_sources,
    share,
    page_link,
    copy_link,
    link_copied,
    copy_by_hand,
    // A network's page.
    nearest_member,
    set_location_for_member,
    members,
    last_checked_colon,
    // About the data.
    about_heading,
    about_intro,
    the_lists,
    listings_from,
    placed_by,
    licence,
    notes_separator,
    counts_separator,
    about_kept,
    where_points_come_from,
    where_points_text,
    maps_and_names,
    attribution_townships,
    attribution_seats,
    attribution_boundaries,
    attribution_wikidata,
    corrections,
    corrections_text,
    or_write_to,
    // Suggest a correction.
    suggest_correction,
    what_is_wrong,
    choose,
    shown_now,
    should_be,
    evidence,
    fill_in_correction,
    send_by_mail,
    copy_correction,
    no_correction_address,
    copied,
    copy_refused,
    // The map.
    map_label,
    zoom_in,
    zoom_out,
    pan_left,
    pan_up,
    pan_down,
    pan_right,
    outlines_attribution,
    legend,
    legend_seat,
    legend_cluster,
    legend_you,
    area_loading,
    area_failed,
    loaded_area_only,
    names_searching,
    names_loaded_only,
    names_nearest_only,
    names_failed,
    read_aloud,
    read_aloud_results,
    read_aloud_listing,
    read_stop,
    read_pause,
    read_resume,
    read_no_voice,
    read_no_speech,
    spoken_pause,
    spoken_label,
    spoken_directions,
    export_listed,
    call_120,
    call_120_label,
    emergency_group,
    nearest_emergency,
}
