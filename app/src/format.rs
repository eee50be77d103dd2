//! Formatting for people: distances, opening-hours states, China time.

use engine::{LocalTime, Status};

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
    fn china_time_is_utc_plus_eight() {
        // 2026-11-23T00:30:00Z is Monday 08:30 in Beijing.
        let t = china_time(1_795_393_800_000.0);
        assert_eq!((t.weekday, t.minute), (0, 8 * 60 + 30));
        // 1970-01-01T16:00Z is Friday 00:00 in Beijing.
        assert_eq!(china_time(16.0 * 3_600_000.0), LocalTime::new(4, 0, 0).unwrap());
    }
}
