//! `datakit holidays`: compiles China's public holidays and shifted working
//! days (调休) from the PyPI wheel `chinesecalendar` (MIT; the State
//! Council's yearly notices) into the engine's table,
//! `engine/src/data/holidays_cn.rs`.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use engine::calendar::{civil, date, Date};

const CONSTANTS: &str = "chinese_calendar/constants.py";
/// Days before and after every covered holiday or shifted day that are
/// still unsure in a year the table does not cover: the lunar holidays
/// move by weeks, and the notices by a few days.
const UNSURE_PAD_DAYS: u32 = 3;

/// The dates read from the package.
#[derive(Debug, PartialEq)]
pub struct Calendar {
    pub holidays: BTreeSet<Date>,
    pub workdays: BTreeSet<Date>,
}

/// Reads `constants.py` from the wheel, or the file itself when given one.
pub fn read(path: &Path) -> Result<(Calendar, String), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (text, version) = match path.extension().is_some_and(|e| e == "whl") {
        true => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
                .map_err(|e| format!("{}: not a wheel: {e}", path.display()))?;
            let mut text = String::new();
            zip.by_name(CONSTANTS)
                .map_err(|e| format!("{}: {CONSTANTS}: {e}", path.display()))?
                .read_to_string(&mut text)
                .map_err(|e| format!("{}: {CONSTANTS}: {e}", path.display()))?;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            (text, name.split('-').nth(1).unwrap_or("unknown").to_string())
        }
        false => (
            String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))?,
            "unknown".into(),
        ),
    };
    Ok((parse(&text).map_err(|e| format!("{}: {e}", path.display()))?, version))
}

/// The `holidays` and `workdays` dictionaries of chinesecalendar's constants.py.
pub fn parse(text: &str) -> Result<Calendar, String> {
    let mut calendar = Calendar { holidays: BTreeSet::new(), workdays: BTreeSet::new() };
    let mut section: Option<&str> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(name) = line.strip_suffix(" = {") {
            section = Some(name);
            continue;
        }
        if line == "}" {
            section = None;
            continue;
        }
        let into = match section {
            Some("holidays") => &mut calendar.holidays,
            Some("workdays") => &mut calendar.workdays,
            _ => continue,
        };
        let field = |key: &str| -> Result<u32, String> {
            let rest = line
                .split(&format!("{key}="))
                .nth(1)
                .ok_or_else(|| format!("line {}: no {key}= in {line:?}", n + 1))?;
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .map_err(|_| format!("line {}: {key} is not a number", n + 1))
        };
        let (y, m, d) = (field("year")?, field("month")?, field("day")?);
        if !(1970..2100).contains(&y)
            || !(1..=12).contains(&m)
            || !(1..=31).contains(&d)
            || civil(date(y, m, d)) != (y, m, d)
        {
            return Err(format!("line {}: {y}-{m}-{d} is not a date", n + 1));
        }
        into.insert(date(y, m, d));
    }
    if calendar.holidays.is_empty() {
        return Err("no holidays dictionary".into());
    }
    if let Some(both) = calendar.holidays.intersection(&calendar.workdays).next() {
        let (y, m, d) = civil(*both);
        return Err(format!("{y}-{m:02}-{d:02} is both a holiday and a working day"));
    }
    Ok(calendar)
}

/// The engine's table as Rust source: the years from `from_year` on (the
/// app asks about today and the week ahead, and every year kept is bytes in
/// every download); the unsure seasons beyond come from every year read.
pub fn render(calendar: &Calendar, source: &str, from_year: u32) -> String {
    let years = |set: &BTreeSet<Date>| set.iter().map(|&d| civil(d).0).collect::<BTreeSet<_>>();
    let covered = years(&calendar.holidays);
    let (first, last) =
        ((*covered.first().unwrap_or(&1970)).max(from_year), *covered.last().unwrap_or(&1970));
    let kept = |d: &&Date| civil(**d).0 >= first;
    let mut periods: Vec<(Date, u32)> = Vec::new();
    for &d in calendar.holidays.iter().filter(kept) {
        match periods.last_mut() {
            Some((start, days)) if *start + *days == d => *days += 1,
            _ => periods.push((d, 1)),
        }
    }
    let list = |items: Vec<String>| {
        items.chunks(10).map(|c| format!("    {},\n", c.join(", "))).collect::<String>()
    };
    let mut out = format!(
        "//! China's public holidays and shifted working days, {first}–{last}: generated by\n\
         //! `datakit holidays` from {source} (MIT), which carries the State Council's\n\
         //! yearly notices. Do not edit; regenerate.\n\n\
         /// The first and last dates the table covers, as days since 1970-01-01.\n\
         pub const FIRST_DAY: u32 = {};\npub const LAST_DAY: u32 = {};\n\n\
         /// Holiday periods (weekends inside them included): first date (days since 1970), days.\n\
         pub const HOLIDAYS: &[(u16, u8)] = &[\n{}];\n\n\
         /// Saturdays and Sundays worked in place of a holiday's day off.\n\
         pub const WORKDAYS: &[u16] = &[\n{}];\n\n",
        date(first, 1, 1),
        date(last, 12, 31),
        list(periods.iter().map(|(d, n)| format!("({d}, {n})")).collect()),
        list(calendar.workdays.iter().filter(kept).map(|d| d.to_string()).collect()),
    );
    let unsure = unsure_ranges(calendar);
    out.push_str(&format!(
        "/// Outside the covered years: month × 32 + day ranges that fell within {UNSURE_PAD_DAYS} days\n\
         /// of a holiday or shifted working day in some covered year.\n\
         pub const UNSURE: &[(u16, u16)] = &[\n{}];\n",
        list(unsure.iter().map(|(a, b)| format!("({a}, {b})")).collect())
    ));
    out
}

/// Month × 32 + day ranges within [`UNSURE_PAD_DAYS`] of any holiday or shifted day.
fn unsure_ranges(calendar: &Calendar) -> Vec<(u32, u32)> {
    let mut days = BTreeSet::new();
    for &d in calendar.holidays.iter().chain(&calendar.workdays) {
        for near in d.saturating_sub(UNSURE_PAD_DAYS)..=d + UNSURE_PAD_DAYS {
            let (_, m, day) = civil(near);
            days.insert(m * 32 + day);
        }
    }
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for md in days {
        match ranges.last_mut() {
            // Within a month, or from a month's last day to the next month's first.
            Some((_, end))
                if md <= *end + 1
                    || (md % 32 == 1 && md / 32 == *end / 32 + 1 && *end % 32 >= 28) =>
            {
                *end = md
            }
            _ => ranges.push((md, md)),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "holidays = {\n    datetime.date(year=2025, month=10, day=1): Holiday.national_day.value,\n    datetime.date(year=2025, month=10, day=2): Holiday.national_day.value,\n    datetime.date(year=2025, month=10, day=3): Holiday.national_day.value,\n    datetime.date(year=2025, month=1, day=1): Holiday.new_years_day.value,\n}\n\nworkdays = {\n    datetime.date(year=2025, month=9, day=28): Holiday.national_day.value,\n}\n\nin_lieu_days = {\n    datetime.date(year=2025, month=10, day=2): Holiday.national_day.value,\n}\n";

    #[test]
    fn reads_the_dictionaries_and_writes_periods() {
        let calendar = parse(FIXTURE).unwrap();
        assert_eq!(calendar.holidays.len(), 4);
        assert_eq!(calendar.workdays.iter().copied().collect::<Vec<_>>(), vec![date(2025, 9, 28)]);
        let rust = render(&calendar, "a fixture", 2000);
        assert!(rust.contains(&format!("({}, 3)", date(2025, 10, 1))), "{rust}");
        assert!(rust.contains(&format!("({}, 1)", date(2025, 1, 1))), "{rust}");
        assert!(rust.contains(&format!("pub const FIRST_DAY: u32 = {};", date(2025, 1, 1))));
        assert!(rust.contains(&format!("pub const LAST_DAY: u32 = {};", date(2025, 12, 31))));
        // Sep 25 (three days before the worked Sunday) to Oct 6 (three after the holiday), one range.
        assert!(rust.contains(&format!("({}, {})", 9 * 32 + 25, 10 * 32 + 6)), "{rust}");
        assert!(rust.contains(&format!("({}, {})", 12 * 32 + 29, 12 * 32 + 31)), "{rust}");
        // Years before `from_year` leave the table but still shape the unsure seasons.
        let later = render(&calendar, "a fixture", 2026);
        assert!(!later.contains(&format!("({}, 3)", date(2025, 10, 1))), "{later}");
        assert!(
            later.contains(&format!("pub const FIRST_DAY: u32 = {};", date(2026, 1, 1))),
            "{later}"
        );
        assert!(later.contains(&format!("({}, {})", 9 * 32 + 25, 10 * 32 + 6)), "{later}");
    }

    #[test]
    fn refuses_what_is_not_a_calendar() {
        assert!(parse("x = 1\n").unwrap_err().contains("no holidays"));
        let bad = FIXTURE.replace("month=10, day=3", "month=2, day=30");
        assert!(
            parse(&bad).unwrap_err().contains("line 4: 2025-2-30 is not a date"),
            "{:?}",
            parse(&bad)
        );
        let both = FIXTURE.replace("month=9, day=28", "month=10, day=1");
        assert!(parse(&both).unwrap_err().contains("both"));
    }
}
