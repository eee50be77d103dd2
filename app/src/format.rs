//! Formatting for people: distances, opening-hours states, China time.

use engine::{LocalTime, LocationPrecision, Status};

use crate::i18n::{fill, Lang};

/// "850 米" / "850 m" under a kilometre, "1.2 公里" / "1.2 km" under 100 km, whole kilometres beyond.
pub fn distance(lang: Lang, distance_m: f64) -> String {
    let m = lang.m();
    if distance_m < 1_000.0 {
        fill(m.metres, &[("n", &((distance_m / 10.0).round() * 10.0).to_string())])
    } else if distance_m < 100_000.0 {
        fill(m.kilometres, &[("n", &format!("{:.1}", distance_m / 1_000.0))])
    } else {
        fill(m.kilometres, &[("n", &format!("{:.0}", distance_m / 1_000.0))])
    }
}

/// A distance to a point that stands for an area (a township's or county's
/// seat) is "about": "约 12 公里", "about 12 km".
pub fn distance_to(lang: Lang, distance_m: f64, precision: LocationPrecision) -> String {
    let d = distance(lang, distance_m);
    if precision.is_approximate() {
        fill(lang.m().about_distance, &[("d", &d)])
    } else {
        d
    }
}

/// Where a facility's point comes from, in words: "位置为龙水镇中心",
/// "腾讯地图按地址标注的位置", "大致位置（高德地图（乡镇级））"; `source` is
/// who or what placed the point.
pub fn placed(lang: Lang, precision: LocationPrecision, source: &str) -> String {
    use LocationPrecision::*;
    let m = lang.m();
    let template = match (precision, source.is_empty()) {
        (Surveyed, _) => m.placed_surveyed,
        (AddressGeocoded, false) => m.placed_address_by,
        (AddressGeocoded, true) => m.placed_address,
        (TownshipSeat | CountySeat | CitySeat, false) => m.placed_seat_of,
        (TownshipSeat, true) => m.placed_township_seat,
        (CountySeat, true) => m.placed_county_seat,
        (CitySeat, true) => m.placed_city_seat,
        (Approximate | CountyArea, false) => m.placed_approximate_by,
        (Approximate | CountyArea, true) => m.placed_approximate,
    };
    fill(template, &[("source", source)])
}

/// A date's month: "2021年2月", "February 2021"; the text as it is when it is not a date.
pub fn month(lang: Lang, date: &str) -> String {
    let (Some(year), Some(month)) = (
        date.get(..4).and_then(|y| y.parse::<u32>().ok()),
        date.get(5..7).and_then(|m| m.parse::<usize>().ok()),
    ) else {
        return date.to_string();
    };
    match lang.month(month) {
        Some(name) => fill(
            lang.m().month_year,
            &[("y", &year.to_string()), ("m", &month.to_string()), ("month", name)],
        ),
        None => date.to_string(),
    }
}

/// When a source stated a fact (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), as a
/// person says it: "2017年", "2018年4月", "April 2018".
pub fn fact_date(lang: Lang, date: &str) -> String {
    match date.len() {
        4 if date.bytes().all(|b| b.is_ascii_digit()) => fill(lang.m().year, &[("y", date)]),
        _ => month(lang, date),
    }
}

/// Listings last checked more than a year before `now_ms` are marked as old.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Whole days from a `YYYY-MM-DD` date (1970 on) to `now_ms`, in China's calendar.
pub fn days_since(date: &str, now_ms: f64) -> Option<i64> {
    let (y, m, d) = (
        date.get(..4)?.parse::<u32>().ok()?,
        date.get(5..7)?.parse::<u32>().ok()?,
        date.get(8..10)?.parse::<u32>().ok()?,
    );
    let then = (y >= 1970 && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| engine::calendar::date(y, m, d))?;
    Some(i64::from(china_day(now_ms)) - i64::from(then))
}

/// Today in China's calendar, `YYYY-MM-DD`, at `unix_ms`.
pub fn china_date(unix_ms: f64) -> String {
    let (y, m, d) = engine::calendar::civil(china_day(unix_ms));
    format!("{y:04}-{m:02}-{d:02}")
}

/// China's calendar date (days since 1970-01-01, UTC+8) at `unix_ms`.
fn china_day(unix_ms: f64) -> u32 {
    (((unix_ms / 60_000.0).floor() as i64 + 8 * 60).div_euclid(24 * 60)).max(0) as u32
}

/// What the hours say now, in words: never "open" unless they say so.
pub fn hours_status(lang: Lang, status: Status, now: LocalTime) -> String {
    let m = lang.m();
    match status {
        Status::NotListed => m.hours_not_listed.into(),
        Status::Unknown => m.hours_unknown.into(),
        Status::HolidayUnknown => m.hours_holiday_unknown.into(),
        Status::Open { closes_in_min: None } => m.open_24_hours.into(),
        Status::Open { closes_in_min: Some(min) } if min <= 60 => {
            fill(m.open_closes_in, &[("n", &min.to_string())])
        }
        Status::Open { .. } => m.open_now.into(),
        Status::Closed { opens_at: None } => m.closed.into(),
        Status::Closed { opens_at: Some(t) } => {
            let clock = format!("{}:{:02}", t.minute / 60, t.minute % 60);
            // The engine dates an opening whenever `now` has a date, as the app's clock always does.
            let ahead = t.date.zip(now.date).map_or(7, |(then, today)| then.saturating_sub(today));
            let day = if ahead == 0 {
                String::new()
            } else if ahead == 1 {
                format!("{} ", m.tomorrow)
            } else if ahead >= 7 {
                // On a Thursday, "周四 8:00" reads as today's: a week ahead is next week's.
                format!("{} ", fill(m.next_weekday, &[("day", lang.weekday(t.weekday))]))
            } else {
                format!("{} ", lang.weekday(t.weekday))
            };
            fill(m.closed_opens, &[("day", &day), ("clock", &clock)])
        }
    }
}

/// Beijing time (UTC+8, no daylight saving) at `unix_ms`, with its date: the clock and calendar China's hours are written in.
pub fn china_time(unix_ms: f64) -> LocalTime {
    let minute = ((unix_ms / 60_000.0).floor() as i64 + 8 * 60).rem_euclid(24 * 60);
    LocalTime::on(china_day(unix_ms), minute as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh() -> Lang {
        Lang::parse("zh").unwrap()
    }

    fn en() -> Lang {
        Lang::parse("en").unwrap()
    }

    fn hant() -> Lang {
        Lang::parse("zh-Hant").unwrap()
    }

    #[test]
    fn distances_round_for_reading() {
        assert_eq!(distance(zh(), 0.0), "0 米");
        assert_eq!(distance(zh(), 847.0), "850 米");
        assert_eq!(distance(en(), 1_249.0), "1.2 km");
        assert_eq!(distance(zh(), 266_420.0), "266 公里");
    }

    #[test]
    fn hours_never_claim_open_without_saying_so() {
        // Monday 2025-10-13, 07:30; openings dated as the engine dates them.
        let monday = engine::calendar::date(2025, 10, 13);
        let now = LocalTime::on(monday, 7 * 60 + 30);
        let at = |days: u32, h: u16, m: u16| Some(LocalTime::on(monday + days, h * 60 + m));
        assert_eq!(hours_status(zh(), Status::NotListed, now), "营业时间未列出");
        assert_eq!(
            hours_status(en(), Status::Open { closes_in_min: Some(30) }, now),
            "Open, closes in 30 min"
        );
        assert_eq!(hours_status(en(), Status::Open { closes_in_min: Some(300) }, now), "Open now");
        assert_eq!(hours_status(zh(), Status::Open { closes_in_min: None }, now), "24 小时开放");
        assert_eq!(
            hours_status(zh(), Status::Closed { opens_at: at(0, 8, 0) }, now),
            "已关门,8:00 开门"
        );
        assert_eq!(
            hours_status(en(), Status::Closed { opens_at: at(0, 8, 0) }, now),
            "Closed, opens at 8:00"
        );
        assert_eq!(
            hours_status(en(), Status::Closed { opens_at: at(1, 8, 0) }, now),
            "Closed, opens tomorrow at 8:00"
        );
        assert_eq!(
            hours_status(zh(), Status::Closed { opens_at: at(3, 14, 30) }, now),
            "已关门,周四 14:30 开门"
        );
        assert_eq!(
            hours_status(hant(), Status::Closed { opens_at: at(1, 8, 0) }, now),
            "休息中,明天 8:00 開始營業"
        );
        // The same weekday, earlier in the day: a week ahead, said as next week's.
        assert_eq!(
            hours_status(en(), Status::Closed { opens_at: at(7, 7, 0) }, now),
            "Closed, opens next Mon at 7:00"
        );
        assert_eq!(
            hours_status(zh(), Status::HolidayUnknown, now),
            "节假日营业时间未知,请先致电确认"
        );
    }

    #[test]
    fn an_opening_a_week_ahead_is_next_weeks_day() {
        // Thursday 2025-10-16 at 20:00, closed until next Thursday 8:00 (as 周四 alone reads as today).
        let thursday = engine::calendar::date(2025, 10, 16);
        let now = LocalTime::on(thursday, 20 * 60);
        let next_thursday = Status::Closed { opens_at: Some(LocalTime::on(thursday + 7, 8 * 60)) };
        assert_eq!(hours_status(zh(), next_thursday, now), "已关门,下周四 8:00 开门");
        assert_eq!(hours_status(hant(), next_thursday, now), "休息中,下週四 8:00 開始營業");
        assert_eq!(hours_status(en(), next_thursday, now), "Closed, opens next Thu at 8:00");
        // Within the week, the day alone.
        let monday = Status::Closed { opens_at: Some(LocalTime::on(thursday + 4, 8 * 60)) };
        assert_eq!(hours_status(zh(), monday, now), "已关门,周一 8:00 开门");
    }

    #[test]
    fn approximate_points_say_so_in_words() {
        assert_eq!(distance_to(zh(), 12_340.0, LocationPrecision::TownshipSeat), "约 12.3 公里");
        assert_eq!(distance_to(en(), 850.0, LocationPrecision::CountySeat), "about 850 m");
        assert_eq!(distance_to(zh(), 850.0, LocationPrecision::AddressGeocoded), "850 米");
        assert_eq!(placed(zh(), LocationPrecision::TownshipSeat, "龙水镇"), "位置为龙水镇中心");
        assert_eq!(
            placed(en(), LocationPrecision::CountySeat, "大足区"),
            "Shown at the centre of 大足区"
        );
        assert_eq!(
            placed(zh(), LocationPrecision::AddressGeocoded, "腾讯地图"),
            "腾讯地图按地址标注的位置"
        );
        assert_eq!(placed(zh(), LocationPrecision::Approximate, ""), "大致位置");
        assert_eq!(month(zh(), "2021-02-16"), "2021年2月");
        assert_eq!(month(en(), "2021-02-16"), "February 2021");
        assert_eq!(month(en(), "soon"), "soon");
        assert_eq!(distance_to(hant(), 850.0, LocationPrecision::CountySeat), "約 850 公尺");
        assert_eq!(placed(hant(), LocationPrecision::TownshipSeat, "龍水鎮"), "位置為龍水鎮中心");
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
        assert_eq!(china_time(16.0 * 3_600_000.0), LocalTime::on(1, 0));
        assert_eq!(china_time(16.0 * 3_600_000.0).weekday, 4);
        assert_eq!(t.date, Some(engine::calendar::date(2026, 11, 23)));
    }
}
