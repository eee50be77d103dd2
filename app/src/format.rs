//! Formatting for people: distances, opening-hours states, China time.

use engine::{LocalTime, LocationPrecision, Status};

use crate::i18n::Lang;

/// "850 米" / "850 m" under a kilometre, "1.2 公里" / "1.2 km" under 100 km, whole kilometres beyond.
pub fn distance(lang: Lang, distance_m: f64) -> String {
    let (m, km) = (lang.pick("米", "m"), lang.pick("公里", "km"));
    if distance_m < 1_000.0 {
        format!("{} {m}", (distance_m / 10.0).round() * 10.0)
    } else if distance_m < 100_000.0 {
        format!("{:.1} {km}", distance_m / 1_000.0)
    } else {
        format!("{:.0} {km}", distance_m / 1_000.0)
    }
}

/// A distance to a point that stands for an area (a township's or county's
/// seat) is "about": "约 12 公里", "about 12 km".
pub fn distance_to(lang: Lang, distance_m: f64, precision: LocationPrecision) -> String {
    let d = distance(lang, distance_m);
    match (precision.is_approximate(), lang) {
        (false, _) => d,
        (true, Lang::Zh) => format!("约 {d}"),
        (true, Lang::En) => format!("about {d}"),
    }
}

/// Where a facility's point comes from, in words: "位置为龙水镇中心",
/// "腾讯地图按地址标注的位置", "大致位置（高德地图（乡镇级））". `{}` in a
/// template stands for `source`, who or what placed the point.
pub fn placed(lang: Lang, precision: LocationPrecision, source: &str) -> String {
    use LocationPrecision::*;
    let (zh, en) = match (precision, source.is_empty()) {
        (Surveyed, _) => ("实测位置", "Surveyed location"),
        (AddressGeocoded, false) => ("{}按地址标注的位置", "Placed from its address by {}"),
        (AddressGeocoded, true) => ("按地址标注的位置", "Placed from its address"),
        (TownshipSeat | CountySeat | CitySeat, false) => ("位置为{}中心", "Shown at the centre of {}"),
        (TownshipSeat, true) => ("位置为乡镇驻地", "Shown at the township's seat"),
        (CountySeat, true) => ("位置为区县驻地", "Shown at the county's seat"),
        (CitySeat, true) => ("位置为市驻地", "Shown at the city's seat"),
        (Approximate, false) => ("大致位置（{}）", "Approximate location ({})"),
        (Approximate, true) => ("大致位置", "Approximate location"),
    };
    lang.pick(zh, en).replace("{}", source)
}

const MONTHS_EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A date's month: "2021年2月", "February 2021"; the text as it is when it is not a date.
pub fn month(lang: Lang, date: &str) -> String {
    let (Some(year), Some(month)) = (date.get(..4).and_then(|y| y.parse::<u32>().ok()), date.get(5..7).and_then(|m| m.parse::<usize>().ok())) else {
        return date.to_string();
    };
    match (lang, MONTHS_EN.get(month.wrapping_sub(1))) {
        (Lang::Zh, Some(_)) => format!("{year}年{month}月"),
        (Lang::En, Some(name)) => format!("{name} {year}"),
        _ => date.to_string(),
    }
}

/// Listings last checked more than a year before `now_ms` are marked as old.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Whole days from a `YYYY-MM-DD` date to `now_ms`, in China's calendar.
pub fn days_since(date: &str, now_ms: f64) -> Option<i64> {
    let (y, m, d) = (date.get(..4)?.parse::<i64>().ok()?, date.get(5..7)?.parse::<i64>().ok()?, date.get(8..10)?.parse::<i64>().ok()?);
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let then = era * 146_097 + doe - 719_468;
    let today = ((now_ms / 60_000.0).floor() as i64 + 8 * 60).div_euclid(24 * 60);
    Some(today - then)
}

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// What the hours say now, in words: never "open" unless they say so.
pub fn hours_status(lang: Lang, status: Status, now: LocalTime) -> String {
    match status {
        Status::NotListed => lang.pick("营业时间未列出", "Hours not listed").into(),
        Status::Unknown => lang.pick("营业时间未能识别,请查看来源", "Hours listed but not understood: check the source").into(),
        Status::Open { closes_in_min: None } => lang.pick("24 小时开放", "Open 24 hours").into(),
        Status::Open { closes_in_min: Some(min) } if min <= 60 => match lang {
            Lang::Zh => format!("营业中,{min} 分钟后关门"),
            Lang::En => format!("Open, closes in {min} min"),
        },
        Status::Open { .. } => lang.pick("营业中", "Open now").into(),
        Status::Closed { opens_at: None } => lang.pick("已关门", "Closed").into(),
        Status::Closed { opens_at: Some(t) } => {
            let clock = format!("{}:{:02}", t.minute / 60, t.minute % 60);
            let day = if t.weekday == now.weekday && t.minute > now.minute {
                lang.pick("", "")
            } else if t.weekday == (now.weekday + 1) % 7 {
                lang.pick("明天 ", "tomorrow ")
            } else {
                lang.pick(WEEKDAYS_ZH[t.weekday as usize % 7], WEEKDAYS_EN[t.weekday as usize % 7])
            };
            let day = if day.is_empty() || day.ends_with(' ') { day.to_string() } else { format!("{day} ") };
            match lang {
                Lang::Zh => format!("已关门,{day}{clock} 开门"),
                Lang::En => format!("Closed, opens {day}at {clock}"),
            }
        }
    }
}

/// Beijing time (UTC+8, no daylight saving) at `unix_ms`: the clock China's hours are written in.
pub fn china_time(unix_ms: f64) -> LocalTime {
    let minutes = (unix_ms / 60_000.0).floor() as i64 + 8 * 60;
    let days = minutes.div_euclid(24 * 60);
    let minute = minutes.rem_euclid(24 * 60);
    // 1970-01-01 was a Thursday (weekday 3 with Monday 0).
    let weekday = (days + 3).rem_euclid(7) as u8;
    LocalTime::new(weekday, (minute / 60) as u8, (minute % 60) as u8).unwrap_or(LocalTime { weekday: 0, minute: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_round_for_reading() {
        assert_eq!(distance(Lang::Zh, 0.0), "0 米");
        assert_eq!(distance(Lang::Zh, 847.0), "850 米");
        assert_eq!(distance(Lang::En, 1_249.0), "1.2 km");
        assert_eq!(distance(Lang::Zh, 266_420.0), "266 公里");
    }

    #[test]
    fn hours_never_claim_open_without_saying_so() {
        let now = LocalTime::new(0, 7, 30).unwrap();
        let at = |d, h, m| Some(LocalTime::new(d, h, m).unwrap());
        assert_eq!(hours_status(Lang::Zh, Status::NotListed, now), "营业时间未列出");
        assert_eq!(hours_status(Lang::En, Status::Open { closes_in_min: Some(30) }, now), "Open, closes in 30 min");
        assert_eq!(hours_status(Lang::En, Status::Open { closes_in_min: Some(300) }, now), "Open now");
        assert_eq!(hours_status(Lang::Zh, Status::Open { closes_in_min: None }, now), "24 小时开放");
        assert_eq!(hours_status(Lang::Zh, Status::Closed { opens_at: at(0, 8, 0) }, now), "已关门,8:00 开门");
        assert_eq!(hours_status(Lang::En, Status::Closed { opens_at: at(0, 8, 0) }, now), "Closed, opens at 8:00");
        assert_eq!(hours_status(Lang::En, Status::Closed { opens_at: at(1, 8, 0) }, now), "Closed, opens tomorrow at 8:00");
        assert_eq!(hours_status(Lang::Zh, Status::Closed { opens_at: at(3, 14, 30) }, now), "已关门,周四 14:30 开门");
    }

    #[test]
    fn approximate_points_say_so_in_words() {
        assert_eq!(distance_to(Lang::Zh, 12_340.0, LocationPrecision::TownshipSeat), "约 12.3 公里");
        assert_eq!(distance_to(Lang::En, 850.0, LocationPrecision::CountySeat), "about 850 m");
        assert_eq!(distance_to(Lang::Zh, 850.0, LocationPrecision::AddressGeocoded), "850 米");
        assert_eq!(placed(Lang::Zh, LocationPrecision::TownshipSeat, "龙水镇"), "位置为龙水镇中心");
        assert_eq!(placed(Lang::En, LocationPrecision::CountySeat, "大足区"), "Shown at the centre of 大足区");
        assert_eq!(placed(Lang::Zh, LocationPrecision::AddressGeocoded, "腾讯地图"), "腾讯地图按地址标注的位置");
        assert_eq!(placed(Lang::Zh, LocationPrecision::Approximate, ""), "大致位置");
        assert_eq!(month(Lang::Zh, "2021-02-16"), "2021年2月");
        assert_eq!(month(Lang::En, "2021-02-16"), "February 2021");
        assert_eq!(month(Lang::En, "soon"), "soon");
    }

    #[test]
    fn days_since_counts_china_days() {
        // 2026-11-23T00:30:00Z is already 2026-11-23 08:30 in Beijing.
        let now = 1_795_393_800_000.0;
        assert_eq!(days_since("2026-11-23", now), Some(0));
        assert_eq!(days_since("2025-11-23", now), Some(365));
        assert_eq!(days_since("2021-02-16", now), Some(2_106));
        assert_eq!(days_since("junk", now), None);
    }

    #[test]
    fn china_time_is_utc_plus_eight() {
        // 2026-11-23T00:30:00Z is Monday 08:30 in Beijing.
        let t = china_time(1_795_393_800_000.0);
        assert_eq!((t.weekday, t.minute), (0, 8 * 60 + 30));
        // 1970-01-01T16:00Z is Friday 00:00 in Beijing.
        assert_eq!(china_time(16.0 * 3_600_000.0), LocalTime::new(4, 0, 0).unwrap());
    }
}
