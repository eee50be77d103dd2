//! All app state that belongs in a link, to and from the URL fragment
//! (`#/f/<id>?kind=tcm&svc=acupuncture`). The fragment never reaches a
//! server, needs no rewrite rules and works under any sub-path. Parsing is
//! total: whatever it cannot read it drops, and says what it dropped. The
//! filter's parameters are the engine's filter fields, by their link keys.

use engine::fields::{self, FIELDS};
use engine::LatLon;

use crate::i18n::Lang;
use crate::model::{Page, Query, View};

/// Everything a link carries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlState {
    pub page: Page,
    pub query: Query,
    /// The point searched from, when the user chose one or chose to share theirs.
    pub at: Option<LatLon>,
    /// The place that point is, when it was chosen by name (大足区), so a link says it too.
    pub at_name: Option<String>,
    pub view: Option<View>,
    pub lang: Option<Lang>,
}

const MAX_RADIUS_KM: f64 = 500.0;
/// Longest accepted place name for the point, in characters.
const MAX_PLACE_NAME: usize = 40;

/// Reads a fragment (with or without the leading `#`). The second value
/// names each part that was ignored, for a notice.
pub fn parse(fragment: &str) -> (UrlState, Vec<String>) {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let (path, params) = fragment.split_once('?').unwrap_or((fragment, ""));
    let mut state = UrlState::default();
    let mut ignored = Vec::new();
    let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(decode).collect();
    match segments.as_slice() {
        [] => {}
        [about] if about == "about" => state.page = Page::About,
        [kind, id] if kind == "f" && valid_id(id) => state.page = Page::Facility(id.clone()),
        [kind, id] if kind == "n" && valid_id(id) => state.page = Page::Network(id.clone()),
        _ => ignored.push(shorten(path)),
    }
    for pair in params.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(raw);
        if !apply(&mut state, key, &value) {
            ignored.push(shorten(pair));
        }
    }
    (state, ignored)
}

/// One parameter into the state; false when it is unknown or malformed.
fn apply(state: &mut UrlState, key: &str, value: &str) -> bool {
    if let Some(field) = fields::by_link_key(key) {
        return field.read(&mut state.query.filter, value).is_ok();
    }
    let q = &mut state.query;
    match key {
        "open" => {
            value == "1" && {
                q.open_now = true;
                true
            }
        }
        "r" => match value.parse::<f64>() {
            Ok(km) if km > 0.0 && km <= MAX_RADIUS_KM => {
                q.radius_km = Some(km);
                true
            }
            _ => false,
        },
        "at" => point(value).map(|p| state.at = Some(p)).is_some(),
        "atn" => {
            let name = value.trim();
            let ok = !name.is_empty()
                && name.chars().count() <= MAX_PLACE_NAME
                && !name.chars().any(char::is_control);
            if ok {
                state.at_name = Some(name.to_string());
            }
            ok
        }
        "map" => {
            let mut parts = value.splitn(2, '/');
            let zoom = parts
                .next()
                .and_then(|z| z.parse::<f64>().ok())
                .filter(|z| (engine::camera::MIN_ZOOM..=engine::camera::MAX_ZOOM).contains(z));
            match (zoom, parts.next().and_then(point)) {
                (Some(zoom), Some(center)) => {
                    state.view = Some(View { zoom, center });
                    true
                }
                _ => false,
            }
        }
        "lang" => Lang::parse(value).map(|l| state.lang = Some(l)).is_some(),
        _ => false,
    }
}

/// Writes the fragment, `#/` first; parameters in a fixed order so equal states give equal links.
pub fn to_fragment(state: &UrlState) -> String {
    let mut out = match &state.page {
        Page::Results => "#/".to_string(),
        Page::Facility(id) => format!("#/f/{}", encode(id)),
        Page::Network(id) => format!("#/n/{}", encode(id)),
        Page::About => "#/about".to_string(),
    };
    let q = &state.query;
    let mut params: Vec<(&str, String)> = Vec::new();
    for field in FIELDS {
        if let (Some(key), Some(value)) = (field.link_key, field.write(&q.filter)) {
            // Commas separate codes; they need no escaping in a fragment.
            params.push((key, encode(&value).replace("%2C", ",")));
        }
    }
    if q.open_now {
        params.push(("open", "1".into()));
    }
    if let Some(km) = q.radius_km {
        params.push(("r", format!("{km}")));
    }
    if let Some(p) = state.at {
        params.push(("at", format!("{:.5},{:.5}", p.lat(), p.lon())));
        if let Some(name) = &state.at_name {
            params.push(("atn", encode(name)));
        }
    }
    if let Some(v) = state.view {
        params.push(("map", format!("{:.2}/{:.5},{:.5}", v.zoom, v.center.lat(), v.center.lon())));
    }
    if let Some(lang) = state.lang {
        params.push(("lang", lang.code().into()));
    }
    for (i, (key, value)) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

fn point(value: &str) -> Option<LatLon> {
    let (lat, lon) = value.split_once(',')?;
    LatLon::new(lat.trim().parse().ok()?, lon.trim().parse().ok()?).ok()
}

fn valid_id(id: &str) -> bool {
    fields::is_id(id)
}

/// A part of the URL short enough to quote in a notice.
fn shorten(text: &str) -> String {
    let decoded = decode(text);
    let mut out: String = decoded.chars().filter(|c| !c.is_control()).take(40).collect();
    if decoded.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Percent-decoding (`+` is a space); invalid escapes stay as typed, invalid UTF-8 is replaced.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding of everything but unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Designation, FacilityKind, Filter, Grade, InNetwork, NetworkKind, Service};

    fn full_state() -> UrlState {
        UrlState {
            page: Page::Facility("cq-dz-tcmh".into()),
            query: Query {
                filter: Filter {
                    text: Some("中医 & 针灸?".into()),
                    kinds: vec![FacilityKind::Tcm, FacilityKind::IntegratedTcm],
                    grades: vec![Grade::TertiaryA],
                    services: vec![Service::Acupuncture],
                    designations: vec![Designation::ChestPainCentre],
                    network_kinds: vec![NetworkKind::EHealthCard],
                    network: Some(InNetwork { id: "tr-cy-3a".into(), role: None }),
                    ..Filter::all()
                },
                open_now: true,
                radius_km: Some(5.0),
            },
            at: Some(LatLon::new(29.7, 105.715).unwrap()),
            at_name: Some("大足区".into()),
            view: Some(View { zoom: 12.5, center: LatLon::new(29.71, 105.72).unwrap() }),
            lang: Lang::parse("en"),
        }
    }

    #[test]
    fn every_field_survives_a_round_trip() {
        let state = full_state();
        let fragment = to_fragment(&state);
        assert_eq!(parse(&fragment), (state, vec![]));
        assert_eq!(parse("#/"), (UrlState::default(), vec![]));
        let about = UrlState { page: Page::About, ..UrlState::default() };
        assert_eq!(to_fragment(&about), "#/about");
        assert_eq!(parse("#/about"), (about, vec![]));
        assert_eq!(parse(""), (UrlState::default(), vec![]));
    }

    #[test]
    fn the_fragment_is_readable() {
        let fragment = to_fragment(&full_state());
        assert!(fragment.starts_with("#/f/cq-dz-tcmh?q=%E4%B8%AD"), "{fragment}");
        assert!(fragment.contains("&kind=tcm,integrated&grade=3a&svc=acupuncture&des=chest_pain_centre&nk=e_health_card&net=tr-cy-3a&open=1&r=5&at=29.70000,105.71500&atn=%E5%A4%A7%E8%B6%B3%E5%8C%BA&map=12.50/29.71000,105.72000&lang=en"), "{fragment}");
    }

    #[test]
    fn unknown_and_malformed_parts_are_dropped_and_named() {
        let (state, ignored) = parse("#/n/alliance-cy-pain?kind=tcm,dragon&svc=acupuncture&r=-3&at=91,200&map=40/1,1&open=yes&foo=bar&lang=fr&q=ok");
        assert_eq!(state.page, Page::Network("alliance-cy-pain".into()));
        assert_eq!(state.query.filter.services, vec![Service::Acupuncture]);
        assert_eq!(state.query.text(), "ok");
        assert!(
            state.query.filter.kinds.is_empty()
                && state.at.is_none()
                && state.view.is_none()
                && !state.query.open_now
        );
        assert_eq!(
            ignored,
            [
                "kind=tcm,dragon",
                "r=-3",
                "at=91,200",
                "map=40/1,1",
                "open=yes",
                "foo=bar",
                "lang=fr"
            ]
        );
    }

    #[test]
    fn hostile_fragments_never_panic_and_never_pass_through() {
        for hostile in [
            "#/f/<script>alert(1)</script>",
            "#/f/%",
            "#/f/%E4%B8",
            "#/x/y/z",
            "#?q=%",
            "#?q=%zz%",
            "#??&&==",
            "#/f/a?net=javascript:alert(1)",
            "#/f/\u{202e}evil",
        ] {
            let (state, ignored) = parse(hostile);
            assert!(
                !ignored.is_empty() || state.query.text().contains('%'),
                "{hostile}: {state:?}"
            );
            if let Page::Facility(id) | Page::Network(id) = &state.page {
                assert!(valid_id(id), "{hostile}");
            }
            assert!(ignored
                .iter()
                .all(|i| i.chars().count() <= 41 && !i.chars().any(char::is_control)));
        }
        let long = format!("#?q={}", "a".repeat(500));
        assert_eq!(parse(&long).1.len(), 1);
    }

    #[test]
    fn percent_coding_round_trips() {
        for text in ["大足 中医", "a+b&c=d", "100%", "\u{202e}"] {
            assert_eq!(decode(&encode(text)), text);
        }
        assert_eq!(decode("%E5%A4%A7+x"), "大 x");
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%4"), "%4");
    }
}
