//! All app state that belongs in a link, to and from the URL fragment
//! (`#/f/<id>?kind=tcm&svc=acupuncture`). The fragment never reaches a
//! server, needs no rewrite rules and works under any sub-path. Parsing is
//! total: whatever it cannot read it drops, and says what it dropped. The
//! filter's parameters are the engine's filter fields, by their link keys.

use engine::fields::{self, FIELDS};
use engine::LatLon;

use crate::i18n::{Lang, Text};
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
    // A segment that does not decode (a cut or mistyped escape) leaves the whole path unread.
    let segments: Option<Vec<String>> =
        path.split('/').filter(|s| !s.is_empty()).map(decode).collect();
    match segments.as_deref() {
        Some([]) => {}
        Some([about]) if about == "about" => state.page = Page::About,
        Some([kind, id]) if kind == "f" && valid_id(id) => state.page = Page::Facility(id.clone()),
        Some([kind, id]) if kind == "n" && valid_id(id) => state.page = Page::Network(id.clone()),
        _ => ignored.push(shorten(path)),
    }
    for pair in params.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        // Malformed percent-encoding is ignored, never read as "�" or as the escape typed.
        if !decode(raw).is_some_and(|value| apply(&mut state, key, &value)) {
            ignored.push(shorten(pair));
        }
    }
    (state, ignored)
}

/// The most ignored parts a notice quotes; it counts the rest.
pub const MAX_NOTICE_PARTS: usize = 5;

/// The notice for the parts of a link that were ignored: each part once, the
/// first [`MAX_NOTICE_PARTS`] quoted and the rest counted, so a link of
/// thousands of parameters gives a line, not 700 KB.
pub fn ignored_notice(ignored: &[String]) -> Text {
    // (The map type the app compiles already: each new one is code in the wasm.)
    let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let distinct: Vec<&str> =
        ignored.iter().map(String::as_str).filter(|p| seen.insert(p, 0).is_none()).collect();
    let quoted = distinct[..distinct.len().min(MAX_NOTICE_PARTS)].join(" · ");
    let more = distinct.len().saturating_sub(MAX_NOTICE_PARTS);
    let parts = if more == 0 {
        Text::verbatim(quoted)
    } else {
        Text::new(|m| m.parts_and_more).with("parts", quoted).with("n", more.to_string())
    };
    Text::new(|m| m.link_ignored).with_text("parts", parts)
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

/// A part of the URL short enough to quote in a notice (as typed when it does not decode).
fn shorten(text: &str) -> String {
    let decoded = decode(text).unwrap_or_else(|| text.to_string());
    let mut out: String = decoded.chars().filter(|c| !c.is_control()).take(40).collect();
    if decoded.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Percent-decoding (`+` is a space); `None` when a `%` is not followed by
/// two hex digits or the bytes are not UTF-8 (a link cut short, or mistyped).
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|&b| (b as char).to_digit(16));
        match bytes[i] {
            b'%' => {
                out.push((hex(i + 1)? * 16 + hex(i + 2)?) as u8);
                i += 2;
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
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
    fn malformed_percent_encoding_is_ignored_with_a_notice_not_searched() {
        for (fragment, part) in [
            ("#/?q=%E4%B8", "q=%E4%B8"),
            ("#/?q=%ZZ%", "q=%ZZ%"),
            ("#/?q=100%", "q=100%"),
            ("#/?q=%FF%FE", "q=%FF%FE"),
            ("#/?atn=%E5%A4", "atn=%E5%A4"),
        ] {
            let (state, ignored) = parse(fragment);
            assert_eq!(state.query.text(), "", "{fragment}: searched for {:?}", state.query.text());
            assert_eq!(state.at_name, None, "{fragment}");
            assert_eq!(ignored, [part], "{fragment}");
        }
        let (state, ignored) = parse("#/f/%E4%B8");
        assert_eq!((state.page, ignored), (Page::Results, vec!["/f/%E4%B8".to_string()]));
        // What is well formed beside it still applies.
        let (state, ignored) = parse("#/?q=%E5%A4%A7%E8%B6%B3&svc=%ZZ");
        assert_eq!((state.query.text(), ignored.len()), ("大足", 1));
    }

    #[test]
    fn a_notice_of_ignored_parts_is_short_whatever_the_link_holds() {
        let many: Vec<String> = (0..5_000).map(|i| format!("x{i}={}", "y".repeat(100))).collect();
        let (_, ignored) = parse(&format!("#/?{}", many.join("&")));
        assert_eq!(ignored.len(), 5_000);
        let notice = ignored_notice(&ignored).in_lang(Lang::parse("en").unwrap());
        assert!(notice.len() < 600, "a notice of {} bytes", notice.len());
        assert!(
            notice.contains("x0=")
                && notice.contains(&format!("and {} more", 5_000 - MAX_NOTICE_PARTS)),
            "{notice}"
        );
        // A part the link repeats is quoted once.
        let huge = format!("q={}", "字".repeat(5_000));
        let (_, ignored) = parse(&format!("#/?{huge}&{huge}"));
        let notice = ignored_notice(&ignored).in_lang(Lang::parse("zh").unwrap());
        assert_eq!(notice.matches("q=").count(), 1, "{notice}");
        assert!(notice.chars().count() < 100, "{notice}");
    }

    #[test]
    fn percent_coding_round_trips() {
        for text in ["大足 中医", "a+b&c=d", "100%", "\u{202e}"] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        }
        assert_eq!(decode("%E5%A4%A7+x").as_deref(), Some("大 x"));
        for malformed in ["%", "%4", "%E5%A4", "%zz", "100%"] {
            assert_eq!(decode(malformed), None, "{malformed}");
        }
    }
}
