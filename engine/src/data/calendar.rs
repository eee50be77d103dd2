//! China's public holidays and the weekend days worked in their place
//! (调休), for "open now": what kind of day a date is.
//!
//! The table ([`holidays_cn`](super::holidays_cn)) is compiled by
//! `datakit holidays` from the State Council's yearly notices as the PyPI
//! package `chinesecalendar` carries them. Beyond the years it covers, a
//! date that fell in a holiday or a shifted working day in any covered year
//! is [`Day::Unsure`]: the next notice may make it either.

use super::holidays_cn::{FIRST_DAY, HOLIDAYS, LAST_DAY, UNSURE, WORKDAYS};

/// A date: days since 1970-01-01, on China's calendar (UTC+8).
pub type Date = u32;

/// What a date is for opening hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    /// A weekday or weekend as usual.
    Ordinary,
    /// A public holiday, or a day off in a holiday period (`PH` rules apply).
    Holiday,
    /// A Saturday or Sunday worked in place of a holiday's day off: weekday hours apply.
    Workday,
    /// Outside the covered years, a date that could be either.
    Unsure,
}

/// What kind of day `date` is.
pub fn day(date: Date) -> Day {
    if !(FIRST_DAY..=LAST_DAY).contains(&date) {
        let (_, month, day) = civil(date);
        let md = (month * 32 + day) as u16;
        return match UNSURE.iter().any(|&(from, to)| from <= md && md <= to) {
            true => Day::Unsure,
            false => Day::Ordinary,
        };
    }
    // Holiday periods sorted by first day: the last one starting on or before `date`.
    let at = HOLIDAYS.partition_point(|&(first, _)| u32::from(first) <= date);
    if at > 0 {
        let (first, days) = HOLIDAYS[at - 1];
        if date < u32::from(first) + u32::from(days) {
            return Day::Holiday;
        }
    }
    match WORKDAYS.binary_search(&(date as u16)) {
        Ok(_) => Day::Workday,
        Err(_) => Day::Ordinary,
    }
}

/// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub fn weekday(date: Date) -> u8 {
    ((date + 3) % 7) as u8
}

/// Year, month (1..=12) and day (1..=31) of `date`.
pub fn civil(date: Date) -> (u32, u32, u32) {
    // Howard Hinnant's civil_from_days, for dates from 1970 on.
    let z = date + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + u32::from(month <= 2), month, day)
}

/// The date of year, month, day (the inverse of [`civil`]).
pub fn date(year: u32, month: u32, day: u32) -> Date {
    let y = year - u32::from(month <= 2);
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(date(1970, 1, 1), 0);
        assert_eq!(weekday(date(2026, 12, 3)), 3); // a Thursday
        for d in [0, 59, 60, 365, 11_016, 20_454, 36_524, 40_000] {
            let (y, m, day_) = civil(d);
            assert_eq!(date(y, m, day_), d, "{d}");
        }
        assert_eq!(civil(date(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn the_state_councils_notices_as_chinesecalendar_carries_them() {
        // 2025: 国庆 and 中秋 Oct 1–8, worked on Sunday Sep 28 and Saturday Oct 11.
        assert_eq!(day(date(2025, 9, 30)), Day::Ordinary);
        for d in 1..=8 {
            assert_eq!(day(date(2025, 10, d)), Day::Holiday, "2025-10-{d}");
        }
        assert_eq!(day(date(2025, 10, 9)), Day::Ordinary);
        assert_eq!(day(date(2025, 9, 28)), Day::Workday);
        assert_eq!(day(date(2025, 10, 11)), Day::Workday);
        assert_eq!(day(date(2025, 10, 12)), Day::Ordinary, "an ordinary Sunday");
        // 2026: 春节 Feb 15–23, worked on Saturdays Feb 14 and Feb 28; 元旦 Jan 1–3, worked Sunday Jan 4.
        assert_eq!(day(date(2026, 2, 15)), Day::Holiday);
        assert_eq!(day(date(2026, 2, 23)), Day::Holiday);
        assert_eq!(day(date(2026, 2, 24)), Day::Ordinary);
        assert_eq!(day(date(2026, 2, 14)), Day::Workday);
        assert_eq!(day(date(2026, 2, 28)), Day::Workday);
        assert_eq!(day(date(2026, 1, 1)), Day::Holiday);
        assert_eq!(day(date(2026, 1, 4)), Day::Workday);
        // 2025: 劳动节 May 1–5, worked Sunday Apr 27.
        assert_eq!(day(date(2025, 5, 5)), Day::Holiday);
        assert_eq!(day(date(2025, 4, 27)), Day::Workday);
        assert_eq!(day(date(2025, 5, 6)), Day::Ordinary);
        // The table starts in 2025 (the app asks about today and the week ahead): 2024's 劳动节 is unsure.
        assert_eq!(day(date(2024, 5, 5)), Day::Unsure);
    }

    #[test]
    fn beyond_the_covered_years_holiday_seasons_are_unsure() {
        let (last, _, _) = civil(LAST_DAY);
        let next = last + 1;
        for (m, d) in [(1, 1), (10, 1), (10, 5), (5, 1)] {
            assert_eq!(day(date(next, m, d)), Day::Unsure, "{next}-{m}-{d}");
        }
        for (m, d) in [(3, 11), (7, 15), (11, 20), (12, 10)] {
            assert_eq!(day(date(next, m, d)), Day::Ordinary, "{next}-{m}-{d}");
        }
        assert_eq!(day(date(1999, 10, 2)), Day::Unsure);
    }
}
