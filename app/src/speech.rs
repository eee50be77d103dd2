//! Read aloud (朗读): what the results and a listing say, as a person would
//! say it (distances as "一点七公里", phone numbers digit by digit), spoken
//! by the device's own voices (so it works offline), only when asked.

use engine::{Dataset, LocalTime};
use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

use crate::format;
use crate::i18n::{fill, Lang};

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A whole number below 100 million in Chinese words: 310 → 三百一十, 12 → 十二, 1005 → 一千零五.
pub fn zh_number(n: u64) -> String {
    if n >= 10_000 {
        let (high, low) = (n / 10_000, n % 10_000);
        let gap = if low > 0 && low < 1_000 { "零" } else { "" };
        return format!(
            "{}万{gap}{}",
            zh_number(high),
            if low > 0 { zh_below_10000(low, false) } else { String::new() }
        );
    }
    if n == 0 {
        return "零".into();
    }
    zh_below_10000(n, true)
}

/// 1–9999; `leading`: a number said on its own drops the 一 of 一十 (十二, not 一十二).
fn zh_below_10000(n: u64, leading: bool) -> String {
    let mut out = String::new();
    let mut zero = false;
    for (value, unit) in [(1_000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let digit = (n / value % 10) as usize;
        if digit == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(leading && out.is_empty() && value == 10 && digit == 1) {
            out.push(DIGITS[digit]);
        }
        out.push_str(unit);
    }
    out
}

/// A distance as it is said: "三百一十米", "一点七公里", "十二公里"; "310 metres", "1.7 kilometres".
/// Rounded as the screen shows it.
pub fn distance(lang: Lang, distance_m: f64) -> String {
    let tenths_km = (distance_m / 100.0).round() as u64;
    let (whole, tenth) = (tenths_km / 10, tenths_km % 10);
    let (metres, km) =
        (((distance_m / 10.0).round() * 10.0) as u64, (distance_m / 1_000.0).round() as u64);
    match (chinese(lang), distance_m < 1_000.0, distance_m < 100_000.0 && tenth > 0) {
        (false, true, _) => format!("{metres} metres"),
        (false, false, true) => format!("{whole}.{tenth} kilometres"),
        (false, false, false) => format!("{km} kilometres"),
        (true, true, _) => format!("{}米", zh_number(metres)),
        (true, false, true) => format!("{}点{}公里", zh_number(whole), DIGITS[tenth as usize]),
        (true, false, false) => format!("{}公里", zh_number(km)),
    }
}

/// A distance as said to a point that stands for an area (a township's seat):
/// "约一点二公里", as the screen's "约 1.2 公里".
pub fn about(lang: Lang, distance_m: f64, precision: engine::LocationPrecision) -> String {
    let d = distance(lang, distance_m);
    match precision.is_approximate() {
        true => {
            fill(lang.m().about_distance, &[("d", &d)]).replace("约 ", "约").replace("約 ", "約")
        }
        false => d,
    }
}

/// Whether `lang` is spoken in Chinese.
fn chinese(lang: Lang) -> bool {
    lang.html_lang().starts_with("zh")
}

/// The voice language for `lang`: zh-CN, zh-TW for Traditional characters, else en-US.
fn speech_tag(lang: Lang) -> &'static str {
    match lang.html_lang() {
        "zh-Hant" => "zh-TW",
        tag if tag.starts_with("zh") => "zh-CN",
        _ => "en-US",
    }
}

/// A phone number digit by digit, in its groups: "零二三,四三七二,一二三四";
/// in English "0 2 3, 4 3 7 2". Anything but digits and group marks is dropped.
pub fn digits(lang: Lang, phone: &str) -> String {
    let zh = chinese(lang);
    let groups: Vec<String> = phone
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(|g| {
            let said: Vec<String> = g
                .bytes()
                .map(|b| {
                    if zh {
                        DIGITS[(b - b'0') as usize].to_string()
                    } else {
                        char::from(b).to_string()
                    }
                })
                .collect();
            said.join(if zh { "" } else { " " })
        })
        .collect();
    groups.join(if zh { "," } else { ", " })
}

/// What the results say: the first few whose place is known, each with its
/// distance and whether it is open; then the county's whose place is not,
/// with no distance ("大足区内，具体位置未列出的还有27家，例如…"), and the city's.
pub fn results_script(
    lang: Lang,
    dataset: &Dataset,
    results: &crate::query::Results,
    now: LocalTime,
) -> Vec<String> {
    let m = lang.m();
    let mut lines = ranked_script(lang, dataset, &results.rows, now);
    for u in results.unplaced_groups() {
        let names: Vec<&str> = u
            .slots
            .iter()
            .take(READ_RESULTS)
            .filter_map(|&s| dataset.get(s))
            .map(|f| f.name())
            .collect();
        let n = match chinese(lang) {
            true => zh_number(u.slots.len() as u64),
            false => u.slots.len().to_string(),
        };
        let names = names.join(if chinese(lang) { "、" } else { ", " });
        lines.push(fill(
            m.spoken_unplaced,
            &[("county", &u.county_name), ("n", &n), ("names", &names)],
        ));
    }
    lines
}

/// The first few ranked results, each with its distance and whether it is open.
fn ranked_script(
    lang: Lang,
    dataset: &Dataset,
    rows: &[(usize, f64)],
    now: LocalTime,
) -> Vec<String> {
    let m = lang.m();
    rows.iter()
        .take(READ_RESULTS)
        .enumerate()
        .filter_map(|(i, &(slot, metres))| {
            let f = dataset.get(slot)?;
            let hours = dataset.hours(slot).map_or_else(
                || m.hours_not_listed.to_string(),
                |h| format::hours_status(lang, h.status_at(now), now),
            );
            let said = [
                f.name().to_string(),
                about(lang, metres, f.precision()),
                spoken_clock(lang, &hours),
            ]
            .join(m.spoken_pause);
            Some(format!("{} {said}", i + 1))
        })
        .collect()
}

/// How many results are read.
pub const READ_RESULTS: usize = 3;

/// What a listing says: name, distance, address, phones, hours, and how to get there.
pub fn listing_script(
    lang: Lang,
    dataset: &Dataset,
    slot: usize,
    metres: Option<f64>,
    now: LocalTime,
) -> Vec<String> {
    let m = lang.m();
    let Some(f) = dataset.get(slot) else { return Vec::new() };
    let said =
        |label: &str, value: &str| fill(m.spoken_label, &[("label", label), ("value", value)]);
    let mut lines = vec![f.name().to_string()];
    if !f.precision().is_placed() {
        // No distance to a seat: say where it is known to be, and that its place is not listed.
        lines.push(fill(m.place_unknown, &[("source", f.location_source())]));
    } else if let Some(metres) = metres {
        lines.push(said(m.distance_label.trim(), &about(lang, metres, f.precision())));
    }
    lines.push(said(m.address, if f.address().is_empty() { m.not_listed } else { f.address() }));
    let phones: Vec<String> =
        f.phones().map(|p| digits(lang, p)).filter(|p| !p.is_empty()).collect();
    lines.push(said(
        m.phone,
        &if phones.is_empty() { m.not_listed.to_string() } else { phones.join(m.spoken_pause) },
    ));
    let hours = dataset.hours(slot).map_or_else(
        || m.hours_not_listed.to_string(),
        |h| format::hours_status(lang, h.status_at(now), now),
    );
    lines.push(said(m.hours, &spoken_clock(lang, &hours)));
    // No route is offered to a seat: say so, as the page does.
    lines.push(match f.precision().is_placed() {
        true => m.spoken_directions.to_string(),
        false => m.navigate_unplaced.to_string(),
    });
    lines
}

/// In Chinese, "17:30" as "17点30分" and "8:00" as "8点" (a voice may read 17:30 as a ratio).
fn spoken_clock(lang: Lang, text: &str) -> String {
    if !chinese(lang) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let clock = chars[i] == ':'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1..i + 3).is_some_and(|m| m.iter().all(char::is_ascii_digit));
        if clock {
            out.push('点');
            if chars[i + 1..i + 3] != ['0', '0'] {
                out.extend(&chars[i + 1..i + 3]);
                out.push('分');
            }
            i += 3;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Why nothing can be read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unavailable {
    /// The browser has no speech synthesis.
    NoSpeech,
    /// It has no voice for this language.
    NoVoice,
}

fn synthesis() -> Option<SpeechSynthesis> {
    let window = web_sys::window()?;
    // Absent in some browsers: look before calling.
    js_sys::Reflect::has(&window, &"speechSynthesis".into()).ok().filter(|&h| h)?;
    window.speech_synthesis().ok()
}

/// The device's voice for `lang`: one for exactly the region (zh-CN, zh-TW, en-GB…) first, else any of the language.
fn voice(synth: &SpeechSynthesis, lang: Lang) -> Option<SpeechSynthesisVoice> {
    let voices: Vec<SpeechSynthesisVoice> =
        synth.get_voices().iter().map(|v| v.unchecked_into()).collect();
    let tag = speech_tag(lang);
    let family = &tag[..2];
    let exact = voices.iter().find(|v| v.lang().replace('_', "-").eq_ignore_ascii_case(tag));
    exact
        .or_else(|| voices.iter().find(|v| v.lang().to_ascii_lowercase().starts_with(family)))
        .cloned()
}

/// Speaks `lines` in order, slower in elder mode; `done` runs when the last is spoken or speech is stopped.
pub fn speak(
    lang: Lang,
    lines: &[String],
    slow: bool,
    done: impl FnOnce() + 'static,
) -> Result<(), Unavailable> {
    let synth = synthesis().ok_or(Unavailable::NoSpeech)?;
    let voice = voice(&synth, lang).ok_or(Unavailable::NoVoice)?;
    synth.cancel();
    let mut done = Some(done);
    for (i, line) in lines.iter().enumerate() {
        let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(line) else { continue };
        utterance.set_lang(speech_tag(lang));
        utterance.set_voice(Some(&voice));
        utterance.set_rate(if slow { 0.8 } else { 1.0 });
        if i + 1 == lines.len() {
            if let Some(done) = done.take() {
                let end = wasm_bindgen::closure::Closure::once_into_js(done);
                utterance.set_onend(Some(end.unchecked_ref()));
            }
        }
        synth.speak(&utterance);
    }
    Ok(())
}

/// Stops speaking (and forgets what was queued).
pub fn stop() {
    if let Some(synth) = synthesis() {
        synth.cancel();
    }
}

/// Pauses, or resumes what was paused.
pub fn pause(paused: bool) {
    if let Some(synth) = synthesis() {
        if paused {
            synth.pause();
        } else {
            synth.resume();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_said() {
        let said: Vec<String> = [0, 7, 10, 12, 20, 105, 310, 1_005, 1_700, 10_000, 12_345, 100_010]
            .iter()
            .map(|&n| zh_number(n))
            .collect();
        assert_eq!(
            said,
            [
                "零",
                "七",
                "十",
                "十二",
                "二十",
                "一百零五",
                "三百一十",
                "一千零五",
                "一千七百",
                "一万",
                "一万二千三百四十五",
                "十万零一十"
            ]
        );
    }

    #[test]
    fn a_seat_placed_facility_is_said_with_its_county_never_a_distance() {
        use engine::{Dataset, Facility, FacilityKind, LatLon, LocationPrecision};
        let at = LatLon::new(29.706, 105.721).unwrap();
        let facility = |id: &str, name: &str, precision| Facility {
            precision,
            county_code: 500111,
            location_source: "大足区".into(),
            ..Facility::new(id, name, FacilityKind::TownshipCentre, at)
        };
        let d = Dataset::from_facilities(vec![
            facility("a", "合成季家镇卫生院", LocationPrecision::CountySeat),
            facility("b", "合成大足中医院", LocationPrecision::AddressGeocoded),
            Facility {
                county_code: 500000,
                ..facility("c", "合成重庆儿童医院", LocationPrecision::CitySeat)
            },
        ]);
        let slot = |id: &str| d.facilities().find(|f| f.id() == id).unwrap().slot();
        let zh = Lang::parse("zh").unwrap();
        let results = crate::query::Results {
            rows: vec![(slot("b"), 560.0)],
            total: Some(1),
            unplaced_total: Some(1),
            unplaced_in_radius: false,
            unplaced: Some(crate::query::Unplaced {
                county: 500111,
                county_name: "大足区".into(),
                slots: vec![slot("a")],
                after_rows: 1,
            }),
            unplaced_city: Some(crate::query::Unplaced {
                county: 500000,
                county_name: "重庆市".into(),
                slots: vec![slot("c")],
                after_rows: 1,
            }),
        };
        let now = engine::LocalTime::new(0, 9, 0).unwrap();
        let said = results_script(zh, &d, &results, now);
        assert_eq!(said.len(), 3, "{said:?}");
        assert_eq!(said[2], "重庆市内，具体位置未列出的还有一家，例如合成重庆儿童医院");
        assert!(said[0].contains("合成大足中医院") && said[0].contains("五百六十米"), "{said:?}");
        assert_eq!(said[1], "大足区内，具体位置未列出的还有一家，例如合成季家镇卫生院");
        let listing = listing_script(zh, &d, slot("a"), Some(560.0), now);
        assert!(listing.iter().all(|l| !l.contains("米")), "no distance to a seat: {listing:?}");
        assert!(listing[1].contains("只知道在大足区内"), "{listing:?}");
        let en = Lang::parse("en").unwrap();
        let said = results_script(en, &d, &results, now);
        assert_eq!(
            said[1],
            "In 大足区, 1 more whose exact place is not listed, such as 合成季家镇卫生院"
        );
    }

    #[test]
    fn a_township_seat_is_said_about_as_the_screen_shows_it() {
        use engine::LocationPrecision as P;
        let (zh, en) = (Lang::parse("zh").unwrap(), Lang::parse("en").unwrap());
        assert_eq!(about(zh, 1_234.0, P::TownshipSeat), "约一点二公里");
        assert_eq!(about(zh, 1_234.0, P::AddressGeocoded), "一点二公里");
        assert_eq!(about(en, 1_234.0, P::TownshipSeat), "about 1.2 kilometres");
    }

    #[test]
    fn distances_phones_and_clocks_as_said() {
        let (zh, en) = (Lang::parse("zh").unwrap(), Lang::parse("en").unwrap());
        assert_eq!(distance(zh, 312.0), "三百一十米");
        assert_eq!(distance(zh, 1_712.0), "一点七公里");
        assert_eq!(distance(zh, 12_020.0), "十二公里");
        assert_eq!(distance(zh, 190_735.0), "一百九十一公里");
        assert_eq!(distance(en, 1_712.0), "1.7 kilometres");
        assert_eq!(distance(en, 312.0), "310 metres");
        assert_eq!(digits(zh, "023-4372 1234"), "零二三,四三七二,一二三四");
        assert_eq!(digits(en, "023-4372"), "0 2 3, 4 3 7 2");
        assert_eq!(spoken_clock(zh, "已关门 · 明天 8:00 开门"), "已关门 · 明天 8点 开门");
        assert_eq!(spoken_clock(zh, "营业中 · 17:30 关门"), "营业中 · 17点30分 关门");
        assert_eq!(spoken_clock(en, "Opens 8:00"), "Opens 8:00");
        assert_eq!(
            (speech_tag(zh), speech_tag(Lang::parse("zh-Hant").unwrap()), speech_tag(en)),
            ("zh-CN", "zh-TW", "en-US")
        );
    }
}
