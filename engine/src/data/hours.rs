//! Opening hours in the common subset of OpenStreetMap's `opening_hours`
//! syntax, and whether a facility is open at a given local time.
//!
//! Understood: `24/7`; rules separated by `;`, each an optional weekday
//! selector (`Mo`, `Mo-Fr`, `Mo,We,Fr`, `Sa-Mo`) and `off` or time ranges
//! (`08:00-12:00,14:00-17:30`; `20:00-02:00` runs past midnight; `24:00`
//! ends a day). A later rule for the same day replaces an earlier one, as in
//! OSM. Rules for public holidays (`PH`) are skipped: the holiday calendar is
//! not known here. Anything else makes the hours [`Hours::Unknown`], which a
//! care finder must never treat as open.

use crate::sorting::sort_by;

/// A local time in the facility's time zone (all of China keeps UTC+8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalTime {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// Minutes since midnight, 0..1440.
    pub minute: u16,
}

impl LocalTime {
    /// A checked time: weekday 0..7 (Monday first), hour 0..24, minute 0..60.
    pub fn new(weekday: u8, hour: u8, minute: u8) -> Option<Self> {
        (weekday < 7 && hour < 24 && minute < 60).then_some(Self { weekday, minute: hour as u16 * 60 + minute as u16 })
    }

    /// Reads `Mo,20:30`: a weekday as `opening_hours` writes it, then a 24-hour clock.
    pub fn parse(text: &str) -> Option<Self> {
        let (day, clock) = text.split_once(',')?;
        let weekday = DAYS.iter().position(|d| *d == day.trim())?;
        let (h, m) = clock.trim().split_once(':')?;
        Self::new(weekday as u8, h.parse().ok()?, m.parse().ok()?)
    }

    fn week_minute(self) -> u32 {
        self.weekday as u32 * DAY + self.minute as u32
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
    /// Open intervals in minutes of the week (Monday 00:00 = 0), sorted and merged.
    Weekly(Vec<(u32, u32)>),
}

/// What the hours say about one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing listed.
    NotListed,
    /// Listed, but not in a form this parser understands.
    Unknown,
    /// Open; `closes_in_min` is `None` when open around the clock.
    Open {
        /// Minutes until it closes; `None` when it does not close this week (24/7).
        closes_in_min: Option<u32>,
    },
    /// Closed; when it next opens, if ever.
    Closed {
        /// When it next opens; `None` when it never does.
        opens_at: Option<LocalTime>,
    },
}

impl Hours {
    /// Parses `opening_hours` text; never fails (see [`Hours::Unknown`]).
    pub fn parse(text: &str) -> Hours {
        let text = text.trim();
        if text.is_empty() {
            return Hours::NotListed;
        }
        if text == "24/7" {
            return Hours::Weekly(vec![(0, WEEK)]);
        }
        let mut days: [Option<Vec<(u32, u32)>>; 7] = Default::default();
        for rule in text.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            if rule.starts_with("PH") {
                continue;
            }
            let Some((selected, ranges)) = parse_rule(rule) else {
                return Hours::Unknown;
            };
            for day in selected {
                days[day] = Some(ranges.clone());
            }
        }
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
        sort_by(&mut intervals, Ord::cmp);
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(intervals.len());
        for (start, end) in intervals {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Hours::Weekly(merged)
    }

    /// Open or closed at a time, and until when.
    pub fn status_at(&self, at: LocalTime) -> Status {
        let intervals = match self {
            Hours::NotListed => return Status::NotListed,
            Hours::Unknown => return Status::Unknown,
            Hours::Weekly(intervals) => intervals,
        };
        if intervals == &[(0, WEEK)] {
            return Status::Open { closes_in_min: None };
        }
        let now = at.week_minute();
        if let Some(&(_, end)) = intervals.iter().find(|&&(s, e)| s <= now && now < e) {
            // An interval ending at the week's end may continue from Monday 00:00.
            let wraps = end == WEEK && intervals.first().is_some_and(|&(s, _)| s == 0);
            let close = if wraps { WEEK + intervals[0].1 } else { end };
            return Status::Open { closes_in_min: Some(close - now) };
        }
        let next =
            intervals.iter().find(|&&(s, _)| s > now).or(intervals.first()).map(|&(s, _)| LocalTime { weekday: (s / DAY) as u8, minute: (s % DAY) as u16 });
        Status::Closed { opens_at: next }
    }

    /// Whether the hours say open at that time (never for unlisted or unknown hours).
    pub fn is_open_at(&self, at: LocalTime) -> bool {
        matches!(self.status_at(at), Status::Open { .. })
    }
}

/// Weekdays (0 = Monday) and the minute ranges a rule gives them.
type Rule = (Vec<usize>, Vec<(u32, u32)>);

/// `Mo-Fr 08:00-12:00,14:00-17:30`, `Sa off`, or ranges alone (every day).
fn parse_rule(rule: &str) -> Option<Rule> {
    let (selector, times) = match rule.split_once(' ') {
        Some((first, rest)) if first.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) => (first, rest.trim()),
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
        assert_eq!(Hours::parse("24/7").status_at(at(2, 3, 0)), Status::Open { closes_in_min: None });
        assert!(Hours::parse("Mo-Su 00:00-24:00").is_open_at(at(6, 23, 59)));
        let night = Hours::parse("Mo-Su 20:00-02:00");
        assert_eq!(night.status_at(at(2, 1, 0)), Status::Open { closes_in_min: Some(60) });
        assert_eq!(night.status_at(at(0, 1, 0)), Status::Open { closes_in_min: Some(60) }); // from Sunday night
        assert_eq!(night.status_at(at(6, 23, 0)), Status::Open { closes_in_min: Some(180) }); // into Monday
        assert!(!night.is_open_at(at(3, 12, 0)));
    }

    #[test]
    fn later_rules_replace_earlier_ones_and_holidays_are_skipped() {
        let h = Hours::parse("Mo-Su 08:00-17:00; We off; PH off");
        assert!(h.is_open_at(at(1, 9, 0)));
        assert!(!h.is_open_at(at(2, 9, 0)));
        let weekend_wrap = Hours::parse("Sa-Mo 09:00-10:00");
        assert!(weekend_wrap.is_open_at(at(6, 9, 30)) && weekend_wrap.is_open_at(at(0, 9, 30)));
        assert!(!weekend_wrap.is_open_at(at(1, 9, 30)));
    }

    #[test]
    fn unknown_and_missing_hours_are_never_open() {
        for text in ["sunrise-sunset", "Mo-Fr 8:00-17:00", "Mo-Fr 08:00-25:00", "Monday 08:00-17:00", "Mo-Fr 08:00"] {
            assert_eq!(Hours::parse(text), Hours::Unknown, "{text}");
            assert_eq!(Hours::parse(text).status_at(at(0, 9, 0)), Status::Unknown);
        }
        assert_eq!(Hours::parse("  ").status_at(at(0, 9, 0)), Status::NotListed);
        assert!(!Hours::parse("").is_open_at(at(0, 9, 0)));
    }
}
