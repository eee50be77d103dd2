//! `datakit report`: what the public sees for one listing, what is missing,
//! and which networks it appears in. What a hospital checking its own entry runs.

use engine::{Dataset, FacilityRef, Filter, Grade, Ownership};

/// Days after which a record counts as stale.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Finds one facility by exact id, else by the best text-search match.
/// Several equally good matches are an error that lists them.
pub fn find<'a>(dataset: &'a Dataset, query: &str) -> Result<FacilityRef<'a>, String> {
    if let Some(f) = dataset.facilities().find(|f| f.id() == query) {
        return Ok(f);
    }
    let hits = dataset.search(query, None, 10, &Filter::all());
    match hits.as_slice() {
        [] => Err(format!("no facility matches {query:?}")),
        [only] => Ok(only.facility),
        [first, second, ..] if first.quality < second.quality => Ok(first.facility),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|h| format!("  {}  {}", h.facility.id(), h.facility.name()))
                .collect();
            Err(format!("{query:?} matches several facilities; give an id:\n{}", names.join("\n")))
        }
    }
}

/// What a listing lacks, in the words the app uses.
pub fn missing(f: &FacilityRef<'_>, today_days: i64) -> Vec<String> {
    let mut out = Vec::new();
    let mut lacks = |absent: bool, what: &str| {
        if absent {
            out.push(what.to_string());
        }
    };
    lacks(f.phones().next().is_none(), "phone not listed");
    lacks(f.address().is_empty(), "address not listed");
    lacks(f.opening_hours().is_empty(), "opening hours not listed");
    lacks(f.website().is_empty(), "website not listed");
    lacks(f.grade() == Grade::NotListed, "grade not listed");
    lacks(f.ownership() == Ownership::NotListed, "public or private not listed");
    lacks(f.county_code() == 0, "county code not listed");
    lacks(f.kind_inferred(), "kind told from the name, not stated by a source");
    if f.precision().is_approximate() {
        let at = if f.location_source().is_empty() {
            String::new()
        } else {
            format!(" ({})", f.location_source())
        };
        out.push(format!("location is approximate: {}{at}", f.precision().en().to_lowercase()));
    }
    match days_since_epoch(f.last_checked()) {
        Some(checked) if today_days - checked > STALE_AFTER_DAYS => out.push(format!(
            "not checked for {} days (last {})",
            today_days - checked,
            f.last_checked()
        )),
        Some(_) => {}
        None => out.push("last-checked date unreadable".into()),
    }
    out
}

/// The report as text; `county` names the county code's region (e.g.
/// "重庆市 大足区 (500111)") when the boundaries are at hand.
pub fn render(
    dataset: &Dataset,
    f: &FacilityRef<'_>,
    today_days: i64,
    county: Option<&str>,
) -> String {
    let or_not_listed =
        |s: &str| if s.is_empty() { "not listed".to_string() } else { s.to_string() };
    let phones: Vec<&str> = f.phones().collect();
    let record = f.to_facility();
    let terms = |codes: Vec<&str>| {
        if codes.is_empty() {
            "none listed".to_string()
        } else {
            codes.join(", ")
        }
    };
    let mut lines = vec![
        format!("{} ({})", f.name(), f.id()),
        format!("  kind: {} · grade: {} · {}", f.kind().zh(), f.grade().zh(), f.ownership().zh()),
        format!(
            "  location: {:.6}, {:.6} (WGS-84), {}{}",
            f.point().lat(),
            f.point().lon(),
            f.precision().en().to_lowercase(),
            if f.location_source().is_empty() {
                String::new()
            } else {
                format!(" ({})", f.location_source())
            }
        ),
        format!(
            "  county: {}",
            match (f.county_code(), county) {
                (0, _) => "not listed".to_string(),
                (_, Some(name)) => name.to_string(),
                (code, None) => code.to_string(),
            }
        ),
        format!("  address: {}", or_not_listed(f.address())),
        format!("  phones: {}", or_not_listed(&phones.join(", "))),
        format!("  website: {}", or_not_listed(f.website())),
        format!("  opening hours: {}", or_not_listed(f.opening_hours())),
        format!("  services: {}", terms(record.services.iter().map(|s| s.zh()).collect())),
        format!("  designations: {}", terms(record.designations.iter().map(|d| d.zh()).collect())),
    ];
    let networks = dataset.networks_of(f.slot());
    if networks.is_empty() {
        lines.push("  networks: none listed".into());
    }
    for (n, role) in networks {
        lines.push(format!("  network: {} ({}, {}) — {}", n.name, n.kind.zh(), n.id, role.zh()));
    }
    lines.push(format!("  source: {}", f.source()));
    for id in f.lists() {
        let list = dataset.list(id);
        lines.push(format!(
            "  listed by: {} ({id}), {}",
            list.map_or("an undescribed list", |l| l.publisher.as_str()),
            list.map_or("", |l| l.date.as_str())
        ));
    }
    lines.push(format!("  last checked: {}", f.last_checked()));
    let missing = missing(f, today_days);
    lines.push(if missing.is_empty() {
        "Complete: nothing missing.".into()
    } else {
        format!("Missing: {}", missing.join("; "))
    });
    lines.join("\n")
}

/// Days since 1970-01-01 for a `YYYY-MM-DD` date from 1970 on (proleptic Gregorian).
pub fn days_since_epoch(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if y < 1970 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(i64::from(engine::calendar::date(y, m, d)))
}

/// Today, as days since the epoch, from the system clock (UTC).
/// Today in China (UTC+8, the calendar the data's dates are in), as days since 1970-01-01.
pub fn today_days() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    china_day(seconds)
}

/// The day in China (UTC+8) at a Unix time, as days since 1970-01-01.
pub fn china_day(unix_seconds: i64) -> i64 {
    (unix_seconds + 8 * 3_600).div_euclid(86_400)
}

/// Today in China as YYYY-MM-DD.
pub fn today() -> String {
    date_of_days(today_days())
}

/// A day since the epoch (1970 on) as YYYY-MM-DD.
pub fn date_of_days(days: i64) -> String {
    let (y, m, d) = engine::calendar::civil(days.clamp(0, i64::from(u32::MAX / 2)) as u32);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for date in ["1970-01-01", "2000-02-29", "2000-03-01", "2026-11-23", "2024-12-31"] {
            assert_eq!(date_of_days(days_since_epoch(date).unwrap()), date);
        }
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2000-03-01"), Some(11_017));
        assert_eq!(days_since_epoch("2026-11-23"), Some(20_780));
        assert_eq!(days_since_epoch("2026-13-01"), None);
        assert_eq!(days_since_epoch("soon"), None);
    }

    #[test]
    fn today_is_chinas_date() {
        // 2026-11-23T17:30Z is already the 24th in Beijing; 15:59Z is still the 23rd.
        assert_eq!(date_of_days(china_day(1_795_455_000)), "2026-11-24");
        assert_eq!(date_of_days(china_day(1_795_420_740)), "2026-11-23");
    }

    #[test]
    fn finds_by_id_name_or_pinyin_and_lists_ambiguity() {
        let d = crate::build::curated_dataset();
        assert_eq!(find(&d, "sc-cd-spph").unwrap().name(), "四川省人民医院");
        assert_eq!(find(&d, "省人民医院").unwrap().id(), "sc-cd-spph");
        assert_eq!(find(&d, "dzqzyy").unwrap().id(), "cq-dz-tcmh");
        let err = find(&d, "大足区").unwrap_err();
        assert!(err.contains("matches several facilities") && err.contains("cq-dz-ph"), "{err}");
        assert!(find(&d, "beijing").is_err());
    }

    #[test]
    fn every_bundled_listing_reports_by_id_and_by_name() {
        let d = crate::build::curated_dataset();
        let mut places = crate::geocheck::Places::open(&crate::boundaries::bundled_dir()).unwrap();
        for f in d.facilities() {
            assert_eq!(find(&d, f.id()).unwrap().id(), f.id());
            assert_eq!(find(&d, f.name()).unwrap().id(), f.id(), "{}", f.name());
            let county = places.describe(f.county_code());
            assert!(!county.starts_with("an unknown region"), "{}: {county}", f.id());
            let text = render(&d, &f, today_days(), Some(&county));
            assert!(
                text.starts_with(&format!("{} ({})", f.name(), f.id()))
                    && text.contains(&format!("  source: {}\n", f.source()))
            );
        }
    }

    #[test]
    fn a_listing_shows_its_networks_and_what_is_missing() {
        let d = crate::build::curated_dataset();
        let spph = find(&d, "sc-cd-spph").unwrap();
        let today = days_since_epoch("2026-11-30").unwrap();
        let county = crate::geocheck::Places::open(&crate::boundaries::bundled_dir())
            .unwrap()
            .describe(spph.county_code());
        let text = render(&d, &spph, today, Some(&county));
        assert!(text.contains("  county: 四川省 成都市 青羊区 (510105)\n"), "{text}");
        assert!(
            text.contains(
                "network: 四川省人民医院托管德阳市第二人民医院 (托管, trust-spph-dy2) — 牵头单位"
            ),
            "{text}"
        );
        assert!(text.contains("network: 四川省人民医院与青神县人民医院结对帮扶 (结对帮扶, pair-spph-qs) — 帮扶单位"), "{text}");
        assert!(text.contains("Missing: phone not listed; address not listed;"), "{text}");
        assert!(text.contains("location is approximate"), "{text}");
        assert!(!text.contains("not checked for"), "{text}");
        let a_year_later = days_since_epoch("2027-12-01").unwrap();
        assert!(missing(&spph, a_year_later)
            .iter()
            .any(|m| m.starts_with("not checked for 373 days")));
    }
}
