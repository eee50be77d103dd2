//! Opening hours in the common subset of OpenStreetMap's `opening_hours`
//! syntax, and whether a facility is open at a given local time.
//!
//! Understood: `24/7`; rules separated by `;`, each an optional selector of
//! weekdays and public holidays (`Mo`, `Mo-Fr`, `Mo,We,Fr`, `Sa-Mo`, `PH`,
//! `Su,PH`) and `off` or time ranges (`08:00-12:00,14:00-17:30`;
//! `20:00-02:00` runs past midnight; `24:00` ends a day). A later rule for
//! the same day replaces an earlier one, as in OSM. Anything else makes the
//! hours [`Hours::Unknown`], which a care finder must never treat as open.
//!
//! A time with a date is judged on China's calendar ([`super::calendar`]):
//! on a public holiday the `PH` rules apply (without one, the weekday's, as
//! in OSM); on a weekend worked in a holiday's place (调休) the weekdays'
//! hours apply; beyond the covered years, a date that could be either gives
//! [`Status::HolidayUnknown`] where the answer would depend on it.

use super::calendar::{self, Date, Day};
use crate::sorting::sort_by;

/// A local time in the facility's time zone (all of China keeps UTC+8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalTime {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// Minutes since midnight, 0..1440.
    pub minute: u16,
    /// The date, when known: then holidays and shifted working days count.
    pub date: Option<Date>,
}

impl LocalTime {
    /// A checked time in any week: weekday 0..7 (Monday first), hour 0..24, minute 0..60.
    pub fn new(weekday: u8, hour: u8, minute: u8) -> Option<Self> {
        (weekday < 7 && hour < 24 && minute < 60).then_some(Self {
            weekday,
            minute: hour as u16 * 60 + minute as u16,
            date: None,
        })
    }

    /// A time on a date (minute 0..1440 of the day).
    pub fn on(date: Date, minute: u16) -> Self {
        Self {
            weekday: calendar::weekday(date),
            minute: minute.min(DAY as u16 - 1),
            date: Some(date),
        }
    }

    /// Reads `Mo,20:30`: a weekday as `opening_hours` writes it, then a 24-hour clock.
    pub fn parse(text: &str) -> Option<Self> {
        let (day, clock) = text.split_once(',')?;
        let weekday = DAYS.iter().position(|d| *d == day.trim())?;
        let (h, m) = clock.trim().split_once(':')?;
        Self::new(weekday as u8, h.parse().ok()?, m.parse().ok()?)
    }
}

/// Writes `Mo,20:30`, as [`LocalTime::parse`] reads it.
impl std::fmt::Display for LocalTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{},{:02}:{:02}", DAYS[self.weekday as usize], self.minute / 60, self.minute % 60)
    }
}

const DAY: u32 = 24 * 60;
const WEEK: u32 = 7 * DAY;
const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// Parsed opening hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hours {
    /// Nothing listed.
    NotListed,
    /// Listed, but not in a form this parser understands.
    Unknown,
    /// Listed and understood.
    Weekly(Week),
}

/// Hours that repeat every week, and those of public holidays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// Open intervals in minutes of the week (Monday 00:00 = 0), sorted and merged.
    pub intervals: Vec<(u32, u32)>,
    /// A public holiday's ranges in minutes from its midnight (past 1440
    /// into the next day), when a `PH` rule gives them.
    pub holiday: Option<Vec<(u32, u32)>>,
}

/// What the hours say about one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing listed.
    NotListed,
    /// Listed, but not in a form this parser understands.
    Unknown,
    /// A date beyond the years the holiday calendar covers that could be a
    /// public holiday or a worked weekend, and the hours differ on those.
    HolidayUnknown,
    /// Open; `closes_in_min` is `None` when open around the clock.
    Open {
        /// Minutes until it closes; `None` when it does not close this week (24/7).
        closes_in_min: Option<u32>,
    },
    /// Closed; when it next opens, if ever.
    Closed {
        /// When it next opens (within a week); `None` when it does not.
        opens_at: Option<LocalTime>,
    },
}

/// Where a `PH` rule's ranges go among the weekdays' while parsing.
const PH: usize = 7;

impl Hours {
    /// Parses `opening_hours` text; never fails (see [`Hours::Unknown`]).
    pub fn parse(text: &str) -> Hours {
        let text = text.trim();
        if text.is_empty() {
            return Hours::NotListed;
        }
        if text == "24/7" {
            return Hours::Weekly(Week { intervals: vec![(0, WEEK)], holiday: None });
        }
        let mut days: [Option<Vec<(u32, u32)>>; 8] = Default::default();
        for rule in text.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let Some((selected, ranges)) = parse_rule(rule) else {
                return Hours::Unknown;
            };
            for day in selected {
                days[day] = Some(ranges.clone());
            }
        }
        let holiday = days[PH].take();
        let mut intervals = Vec::new();
        for (day, ranges) in days.iter().enumerate() {
            for &(start, end) in ranges.iter().flatten() {
                let base = day as u32 * DAY;
                let (start, end) = (base + start, base + end);
                if end <= WEEK {
                    intervals.push((start, end));
                } else {
                    // Sunday night past midnight wraps to Monday morning.
                    intervals.push((start, WEEK));
                    intervals.push((0, end - WEEK));
                }
            }
        }
        Hours::Weekly(Week { intervals: merge(intervals), holiday })
    }

    /// Open or closed at a time, and until when.
    pub fn status_at(&self, at: LocalTime) -> Status {
        let week = match self {
            Hours::NotListed => return Status::NotListed,
            Hours::Unknown => return Status::Unknown,
            Hours::Weekly(week) => week,
        };
        week.status(at)
    }

    /// Whether the hours say open at that time (never for unlisted or unknown hours).
    pub fn is_open_at(&self, at: LocalTime) -> bool {
        matches!(self.status_at(at), Status::Open { .. })
    }
}

impl Week {
    /// The days from yesterday (whose night may run into today) to a week
    /// ahead laid end to end, each by its kind of day on the calendar
    /// (every one ordinary for a time without a date).
    fn status(&self, at: LocalTime) -> Status {
        let mut spans = Vec::new();
        let mut known_until = 9 * DAY;
        for offset in 0..9 {
            let weekday = (u32::from(at.weekday) + 6 + offset) % 7;
            let kind =
                at.date.map_or(Day::Ordinary, |d| calendar::day((d + offset).saturating_sub(1)));
            match self.day_ranges(weekday, kind) {
                Some(ranges) => spans
                    .extend(ranges.into_iter().map(|(s, e)| (s + offset * DAY, e + offset * DAY))),
                None if offset == 0 => {}
                None if offset == 1 => return Status::HolidayUnknown,
                None => {
                    known_until = offset * DAY;
                    break;
                }
            }
        }
        let spans = merge(spans);
        let now = DAY + u32::from(at.minute);
        if let Some(&(_, end)) = spans.iter().find(|&&(s, e)| s <= now && now < e) {
            let around_the_clock = end >= 9 * DAY && spans.first().is_some_and(|&(s, _)| s == 0);
            return Status::Open {
                closes_in_min: (!around_the_clock).then(|| end.min(known_until) - now),
            };
        }
        let next = spans.iter().find(|&&(s, _)| s > now).map(|&(s, _)| LocalTime {
            weekday: ((s / DAY + u32::from(at.weekday) + 6) % 7) as u8,
            minute: (s % DAY) as u16,
            date: at.date.map(|d| d + s / DAY - 1),
        });
        Status::Closed { opens_at: next }
    }

    /// One day's ranges, in minutes from its midnight; `None` when it is
    /// unsure and that would matter.
    fn day_ranges(&self, weekday: u32, kind: Day) -> Option<Vec<(u32, u32)>> {
        let usual = self.clip(weekday);
        // A worked weekend keeps the weekdays' hours, when Monday to Friday share them.
        let weekdays = || {
            let monday = self.clip(0);
            (1..5).all(|d| self.clip(d) == monday).then_some(monday)
        };
        match kind {
            Day::Ordinary => Some(usual),
            Day::Holiday => Some(self.holiday.clone().unwrap_or(usual)),
            Day::Workday => weekdays(),
            Day::Unsure => {
                let as_holiday = self.holiday.as_ref().is_none_or(|h| *h == usual);
                let as_workday = weekday < 5 || weekdays().as_ref() == Some(&usual);
                (as_holiday && as_workday).then_some(usual)
            }
        }
    }

    /// A weekday's part of the weekly intervals, in minutes from its midnight.
    fn clip(&self, weekday: u32) -> Vec<(u32, u32)> {
        let (start, end) = (weekday * DAY, weekday * DAY + DAY);
        self.intervals
            .iter()
            .filter(|&&(s, e)| s < end && e > start)
            .map(|&(s, e)| (s.max(start) - start, e.min(end) - start))
            .collect()
    }
}

/// Intervals sorted, overlapping and touching ones joined.
fn merge(mut intervals: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    sort_by(&mut intervals, Ord::cmp);
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(intervals.len());
    for (start, end) in intervals {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Weekdays (0 = Monday; [`PH`] for public holidays) and the minute ranges a rule gives them.
type Rule = (Vec<usize>, Vec<(u32, u32)>);

/// `Mo-Fr 08:00-12:00,14:00-17:30`, `Sa off`, `PH off`, or ranges alone (every day).
fn parse_rule(rule: &str) -> Option<Rule> {
    let (selector, times) = match rule.split_once(' ') {
        Some((first, rest)) if first.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) => {
            (first, rest.trim())
        }
        _ => ("Mo-Su", rule),
    };
    let days = parse_days(selector)?;
    if times == "off" || times == "closed" {
        return Some((days, Vec::new()));
    }
    let ranges = times.split(',').map(|r| parse_range(r.trim())).collect::<Option<Vec<_>>>()?;
    Some((days, ranges))
}

fn parse_days(selector: &str) -> Option<Vec<usize>> {
    let day = |s: &str| DAYS.iter().position(|d| *d == s);
    let mut out = Vec::new();
    for part in selector.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                let mut d = a;
                loop {
                    out.push(d);
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None if part == "PH" => out.push(PH),
            None => out.push(day(part)?),
        }
    }
    Some(out)
}

/// `08:00-17:30` → minutes from the day's start; an end before the start runs past midnight.
fn parse_range(range: &str) -> Option<(u32, u32)> {
    let (a, b) = range.split_once('-')?;
    let (start, end) = (parse_clock(a)?, parse_clock(b)?);
    if start >= DAY {
        return None;
    }
    Some(if end <= start { (start, end + DAY) } else { (start, end) })
}

fn parse_clock(clock: &str) -> Option<u32> {
    let (h, m) = clock.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 || h == 24 && m == 0).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn at(weekday: u8, hour: u8, minute: u8) -> LocalTime {
        LocalTime::new(weekday, hour, minute).unwrap()
    }

    #[test]
    fn a_typical_hospital_week() {
        let h = Hours::parse("Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00; Su off");
        assert_eq!(h.status_at(at(0, 9, 0)), Status::Open { closes_in_min: Some(180) });
        assert_eq!(h.status_at(at(0, 17, 0)), Status::Open { closes_in_min: Some(30) });
        assert_eq!(h.status_at(at(0, 12, 30)), Status::Closed { opens_at: Some(at(0, 14, 0)) });
        assert_eq!(h.status_at(at(4, 18, 0)), Status::Closed { opens_at: Some(at(5, 8, 0)) });
        // Sunday evening: next opening wraps to Monday morning.
        assert_eq!(h.status_at(at(6, 20, 0)), Status::Closed { opens_at: Some(at(0, 8, 0)) });
    }

    #[test]
    fn around_the_clock_and_past_midnight() {
        assert_eq!(
            Hours::parse("24/7").status_at(at(2, 3, 0)),
            Status::Open { closes_in_min: None }
        );
        assert!(Hours::parse("Mo-Su 00:00-24:00").is_open_at(at(6, 23, 59)));
        let night = Hours::parse("Mo-Su 20:00-02:00");
        assert_eq!(night.status_at(at(2, 1, 0)), Status::Open { closes_in_min: Some(60) });
        assert_eq!(night.status_at(at(0, 1, 0)), Status::Open { closes_in_min: Some(60) }); // from Sunday night
        assert_eq!(night.status_at(at(6, 23, 0)), Status::Open { closes_in_min: Some(180) }); // into Monday
        assert!(!night.is_open_at(at(3, 12, 0)));
    }

    #[test]
    fn later_rules_replace_earlier_ones_and_any_week_has_no_holidays() {
        let h = Hours::parse("Mo-Su 08:00-17:00; We off; PH off");
        assert!(h.is_open_at(at(1, 9, 0)));
        assert!(!h.is_open_at(at(2, 9, 0)));
        let weekend_wrap = Hours::parse("Sa-Mo 09:00-10:00");
        assert!(weekend_wrap.is_open_at(at(6, 9, 30)) && weekend_wrap.is_open_at(at(0, 9, 30)));
        assert!(!weekend_wrap.is_open_at(at(1, 9, 30)));
        let Hours::Weekly(week) = Hours::parse("Mo-Fr 08:00-17:00; Su,PH off; PH 09:00-12:00")
        else {
            panic!()
        };
        assert_eq!(week.holiday, Some(vec![(540, 720)]));
        assert_eq!(Hours::parse("Mo-Fr 08:00-17:00; SH off"), Hours::Unknown);
    }

    fn on(y: u32, m: u32, d: u32, hour: u16, minute: u16) -> LocalTime {
        LocalTime::on(calendar::date(y, m, d), hour * 60 + minute)
    }

    #[test]
    fn public_holidays_and_worked_weekends_on_chinas_calendar() {
        let clinic = Hours::parse("Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00; PH off");
        // 2025-10-01 (a Wednesday), 国庆: closed all eight days, reopening beyond a week.
        assert_eq!(clinic.status_at(on(2025, 10, 1, 9, 0)), Status::Closed { opens_at: None });
        assert_eq!(
            clinic.status_at(on(2025, 10, 8, 9, 0)),
            Status::Closed { opens_at: Some(on(2025, 10, 9, 8, 0)) }
        );
        // The same Wednesday in any week is an ordinary one.
        assert!(clinic.is_open_at(at(2, 9, 0)));
        // Sunday 2025-09-28 and Saturday 2025-10-11 were worked: weekday hours, lunch break included.
        assert_eq!(
            clinic.status_at(on(2025, 9, 28, 9, 0)),
            Status::Open { closes_in_min: Some(180) }
        );
        assert_eq!(
            clinic.status_at(on(2025, 10, 11, 13, 0)),
            Status::Closed { opens_at: Some(on(2025, 10, 11, 14, 0)) }
        );
        assert_eq!(
            clinic.status_at(on(2025, 10, 11, 17, 0)),
            Status::Open { closes_in_min: Some(30) }
        );
        // The Sunday after is ordinary: closed, opening on Monday.
        assert_eq!(
            clinic.status_at(on(2025, 10, 12, 9, 0)),
            Status::Closed { opens_at: Some(on(2025, 10, 13, 8, 0)) }
        );
        // Friday evening before the 2026 Spring Festival's worked Saturday (Feb 14): opens on Saturday at 8.
        assert_eq!(
            clinic.status_at(on(2026, 2, 13, 18, 0)),
            Status::Closed { opens_at: Some(on(2026, 2, 14, 8, 0)) }
        );
        // Without a PH rule a holiday keeps the weekday's hours, as in OSM.
        assert!(Hours::parse("Mo-Fr 08:00-17:00").is_open_at(on(2025, 10, 1, 9, 0)));
        // PH with hours of its own: 元旦 2026 (Thursday Jan 1 to Saturday Jan 3), worked Sunday Jan 4.
        let reduced = Hours::parse("Mo-Fr 08:00-17:30; PH 09:00-12:00");
        assert_eq!(
            reduced.status_at(on(2026, 1, 1, 10, 0)),
            Status::Open { closes_in_min: Some(120) }
        );
        assert_eq!(
            reduced.status_at(on(2026, 1, 1, 13, 0)),
            Status::Closed { opens_at: Some(on(2026, 1, 2, 9, 0)) }
        );
        assert_eq!(
            reduced.status_at(on(2026, 1, 3, 13, 0)),
            Status::Closed { opens_at: Some(on(2026, 1, 4, 8, 0)) }
        );
        // Around the clock stays so.
        assert_eq!(
            Hours::parse("24/7").status_at(on(2025, 10, 3, 3, 0)),
            Status::Open { closes_in_min: None }
        );
        // Worked weekend, but the weekdays differ: unknown which weekday's hours, so no promise.
        let uneven = Hours::parse("Mo-Th 08:00-17:00; Fr 08:00-12:00; Sa,Su off");
        assert_eq!(uneven.status_at(on(2025, 9, 28, 9, 0)), Status::HolidayUnknown);
    }

    #[test]
    fn on_ordinary_days_a_date_changes_nothing() {
        // Mid-March and mid-November 2025 hold no holiday or worked weekend.
        let texts = [
            "Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00; PH off",
            "Mo-Su 20:00-02:00",
            "24/7",
            "Tu,Th 09:00-11:00",
            "Sa-Mo 09:00-10:00; PH 10:00-11:00",
        ];
        for text in texts {
            let hours = Hours::parse(text);
            for first in [calendar::date(2025, 3, 10), calendar::date(2025, 11, 10)] {
                for minute in (0..7 * DAY).step_by(97) {
                    let date = first + minute / DAY;
                    let dated = LocalTime::on(date, (minute % DAY) as u16);
                    let undated = LocalTime { date: None, ..dated };
                    let strip = |s: Status| match s {
                        Status::Closed { opens_at } => Status::Closed {
                            opens_at: opens_at.map(|t| LocalTime { date: None, ..t }),
                        },
                        other => other,
                    };
                    assert_eq!(
                        strip(hours.status_at(dated)),
                        hours.status_at(undated),
                        "{text} at {dated:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn beyond_the_covered_years_holiday_hours_are_unknown_where_they_would_matter() {
        let (last, _, _) = calendar::civil(super::super::holidays_cn::LAST_DAY);
        let year = last + 1;
        let clinic = Hours::parse("Mo-Fr 08:00-17:00; Sa,Su off; PH off");
        // 10-01 could be 国庆; a weekend in October could be worked.
        assert_eq!(clinic.status_at(on(year, 10, 1, 9, 0)), Status::HolidayUnknown);
        let weekend = (1..=7)
            .map(|d| calendar::date(year, 10, d))
            .find(|&d| calendar::weekday(d) == 5)
            .unwrap();
        assert_eq!(clinic.status_at(LocalTime::on(weekend, 9 * 60)), Status::HolidayUnknown);
        // Hours that do not change on holidays or weekends need no calendar.
        let daily = Hours::parse("Mo-Su 08:00-17:00");
        assert_eq!(
            daily.status_at(on(year, 10, 1, 9, 0)),
            Status::Open { closes_in_min: Some(480) }
        );
        assert!(Hours::parse("Mo-Fr 08:00-17:00").is_open_at(on(year, 10, 1, 9, 0)));
        // Mid-November is no holiday season.
        let wednesday = (10..=16)
            .map(|d| calendar::date(year, 11, d))
            .find(|&d| calendar::weekday(d) == 2)
            .unwrap();
        assert_eq!(
            clinic.status_at(LocalTime::on(wednesday, 9 * 60)),
            Status::Open { closes_in_min: Some(480) }
        );
    }

    #[test]
    fn unknown_and_missing_hours_are_never_open() {
        for text in [
            "sunrise-sunset",
            "Mo-Fr 8:00-17:00",
            "Mo-Fr 08:00-25:00",
            "Monday 08:00-17:00",
            "Mo-Fr 08:00",
        ] {
            assert_eq!(Hours::parse(text), Hours::Unknown, "{text}");
            assert_eq!(Hours::parse(text).status_at(at(0, 9, 0)), Status::Unknown);
        }
        assert_eq!(Hours::parse("  ").status_at(at(0, 9, 0)), Status::NotListed);
        assert!(!Hours::parse("").is_open_at(at(0, 9, 0)));
    }
}
