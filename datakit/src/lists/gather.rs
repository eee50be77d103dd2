//! Reading every list and judging each row (is it a place of care, which
//! institution, which county, which point), then merging them with the
//! records kept by hand: the [`Outcome`] an import writes and reports.

use std::collections::BTreeMap;
use std::path::Path;

use engine::coords::in_china_rect;
use engine::{Facility, LocationPrecision};

use crate::lists::merge::{self, Entry, Merging};
use crate::lists::names::{self, LeftOut};
use crate::lists::phones;
use crate::lists::place::Gazetteer;
use crate::lists::read;
use crate::lists::spec::{Phones, Spec};
use crate::source::SourcePoint;

/// How far outside the county its name names a list's own point may lie
/// before the name is believed over the point.
pub const NAMED_COUNTY_SLACK_M: f64 = 20_000.0;

/// What one list gave.
#[derive(Debug, Default)]
pub struct ListStats {
    /// Rows read (continuation lines joined to the row above).
    pub read: usize,
    /// Rows the reader could not read, with why.
    pub unreadable: Vec<String>,
    /// Rows left out, by reason, each as "row: name".
    pub left_out: BTreeMap<LeftOut, Vec<String>>,
    /// Rows whose county could not be told, each as "row: name (words)".
    pub unplaced: Vec<String>,
    /// Rows kept as entries.
    pub imported: usize,
    /// Points the list gave that were not usable (outside China, 0,0).
    pub bad_points: Vec<String>,
    /// Rows whose name begins with a county other than the one their point or words put them in.
    pub named_elsewhere: Vec<String>,
    /// Mobile numbers withheld, and numbers that could not be read.
    pub mobiles_withheld: usize,
    pub phones_unreadable: usize,
    /// Numbers not published because the list gives them for a department or site.
    pub phones_not_institutions: usize,
}

/// Everything one import made.
#[derive(Debug)]
pub struct Outcome {
    pub specs: Vec<Spec>,
    pub stats: Vec<ListStats>,
    pub merging: Merging,
}

/// Reads every list and merges them with the records kept by hand.
pub fn run(
    sources: &Path,
    specs: Vec<Spec>,
    curated: Vec<Facility>,
    gazetteer: &mut Gazetteer,
) -> Result<Outcome, String> {
    let mut stats = Vec::with_capacity(specs.len());
    let mut entries = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let path = sources.join(&spec.list.file);
        let read = read::read(spec, &path)?;
        let mut s = ListStats {
            read: read.rows.len(),
            unreadable: read.unreadable,
            ..ListStats::default()
        };
        for row in read.rows {
            if let Some(entry) = judge(i, spec, row, gazetteer, &mut s) {
                entries.push(entry);
            }
        }
        s.imported = entries.iter().filter(|e| e.list == i).count();
        stats.push(s);
    }
    let merging = merge::merge(curated, entries, &specs, gazetteer);
    Ok(Outcome { specs, stats, merging })
}

/// A row made an entry, or counted in `stats` as why not.
fn judge(
    list: usize,
    spec: &Spec,
    row: read::Row,
    gazetteer: &mut Gazetteer,
    stats: &mut ListStats,
) -> Option<Entry> {
    let match_only = spec.list.match_only;
    let shown = if row.name.is_empty() { row.name_en.clone() } else { row.name.clone() };
    if !match_only {
        if let Some(reason) = names::left_out(&row.name) {
            stats.left_out.entry(reason).or_default().push(format!("{}: {}", row.at, shown));
            return None;
        }
    }
    let cleaned = names::clean(&row.name);
    let point = row.point.and_then(|p| {
        let sp = SourcePoint { list: spec.list.id.clone(), crs: spec.crs(), point: p };
        let usable = in_china_rect(sp.wgs84()) && !(p.lat() == 0.0 && p.lon() == 0.0);
        if !usable {
            stats.bad_points.push(format!("{}: {} ({}, {})", row.at, shown, p.lat(), p.lon()));
        }
        usable.then_some(sp)
    });
    let Some(Located { county, city }) =
        county_of(spec, &row, point.as_ref(), &cleaned.name, gazetteer)
    else {
        if match_only {
            return None;
        }
        stats.unplaced.push(
            format!(
                "{}: {} ({} {} {} {})",
                row.at, shown, row.province, row.city, row.county, row.address
            )
            .trim_end()
            .to_string(),
        );
        return None;
    };
    // A name that begins with its county (岱山县人民医院) says where it is better
    // than a geocode or an address that puts it in another county of the province.
    // A point of the institution's own outweighs its name unless it is far
    // outside the county the name names (a hospital often stands just over a
    // district line; not [`NAMED_COUNTY_SLACK_M`] away).
    let far = |named: u32, g: &mut Gazetteer| {
        point.as_ref().is_none_or(|p| {
            g.places
                .region(named)
                .is_none_or(|r| r.distance_to_edge_m(p.wgs84()) > NAMED_COUNTY_SLACK_M)
        })
    };
    let (county, city, point) =
        match gazetteer.county_named_first(county / 10_000 * 10_000, &cleaned.name) {
            Some(named) if named != county && far(named, gazetteer) => {
                let said = if point.is_some() { "its point" } else { "its words" };
                let name_of = |code: u32| {
                    gazetteer
                        .admin(code)
                        .map_or_else(|| code.to_string(), |a| format!("{} ({code})", a.name))
                };
                stats.named_elsewhere.push(format!(
                    "{}: {} — {said} {}, its name {}",
                    row.at,
                    shown,
                    name_of(county),
                    name_of(named)
                ));
                (named, None, None)
            }
            _ => (county, city, point),
        };
    let county_name = if city.is_some() {
        String::new()
    } else {
        gazetteer.admin(county).map_or_else(String::new, |a| a.name.clone())
    };
    let name = names::expand_short(&cleaned.name, &county_name);
    let mut phones = Vec::new();
    if spec.list.phones == Phones::Institution && !cleaned.department {
        for cell in &row.phones {
            match phones::read(cell, &spec.list.area_code) {
                phones::Phone::Landline(p) if !phones.contains(&p) => phones.push(p),
                phones::Phone::Landline(_) => {}
                phones::Phone::Mobile => stats.mobiles_withheld += 1,
                phones::Phone::Unreadable => stats.phones_unreadable += 1,
            }
        }
    } else {
        stats.mobiles_withheld +=
            row.phones.iter().filter(|c| phones::read(c, "") == phones::Phone::Mobile).count();
        stats.phones_not_institutions += row
            .phones
            .iter()
            .filter(|c| matches!(phones::read(c, &spec.list.area_code), phones::Phone::Landline(_)))
            .count();
    }
    // What the list's point is: its words mapped through [values.precision]; an address geocode unless it says less.
    let point_precision = row
        .precision
        .as_deref()
        .map(|words| {
            spec.values.get("precision").and_then(|m| m.get(words)).map_or(words, String::as_str)
        })
        .and_then(LocationPrecision::parse)
        .unwrap_or(LocationPrecision::AddressGeocoded);
    let point_note = match point_precision {
        LocationPrecision::AddressGeocoded | LocationPrecision::Surveyed => String::new(),
        _ => row.precision.clone().unwrap_or_default(),
    };
    let grade = if spec.list.grade.is_empty() {
        row.grade.as_deref().and_then(names::grade_from_words)
    } else {
        engine::Grade::parse(&spec.list.grade)
    };
    let (date, upstream) = match row.upstream {
        Some((who, date)) => (date.clone(), Some(format!("{who} {date}"))),
        None => (spec.list.date.clone(), None),
    };
    let mut aliases = cleaned.aliases;
    aliases.extend(row.aliases);
    Some(Entry {
        list,
        at: row.at,
        name,
        aliases,
        name_en: row.name_en,
        address: row.address,
        phones,
        county,
        city,
        point,
        point_precision,
        point_note,
        grade,
        date,
        upstream,
    })
}

/// Where a row is: its county, or, when only its city is known, the
/// county of its city's seat and the city.
struct Located {
    county: u32,
    city: Option<u32>,
}

/// A row's county: where its own point lies; else the adcode it states; else
/// its province, city and county words, then its address, its name and the
/// townships they name. Failing those, a row whose city is known stands at
/// the city's seat.
fn county_of(
    spec: &Spec,
    row: &read::Row,
    point: Option<&SourcePoint>,
    name: &str,
    g: &mut Gazetteer,
) -> Option<Located> {
    let county = |county| Some(Located { county, city: None });
    if let Some(p) = point {
        return county(g.county_at(p.wgs84())?);
    }
    if let Some(code) = row.adcode.filter(|&c| g.is_county(c)) {
        return county(code);
    }
    if let Some(zone) = spec.zones.get(&row.county) {
        match zone.counties() {
            [one] => return county(*one),
            several => {
                if let Some(code) = several.iter().copied().find(|&c| {
                    g.county_in_text(c, &row.address, false) == Some(c)
                        || g.county_by_township(c, &row.address) == Some(c)
                }) {
                    return county(code);
                }
            }
        }
    }
    let province = g
        .province(&row.province)
        .or_else(|| g.province(&row.address))
        .or_else(|| g.province(name))?;
    // A county-level city under its province (仙桃市) is written where a city goes.
    if let Some(code) = g.county(province, &row.city) {
        return county(code);
    }
    let city = g
        .city(province, &row.city)
        .or_else(|| row.adcode.filter(|c| g.admin(*c).is_some_and(|a| a.parent == province)));
    let scope = city.unwrap_or(province);
    let found = g
        .county(scope, &row.county)
        .or_else(|| g.county_in_text(scope, &row.address, false))
        .or_else(|| g.county_in_text(scope, name, true))
        .or_else(|| g.county_by_township(scope, &row.address))
        .or_else(|| g.county_by_township(scope, name))
        // A list that files a row under the wrong city (惠民县人民医院 under 烟台): the county its words name in the province.
        .or_else(|| {
            city.and_then(|_| {
                g.county(province, &row.county)
                    .or_else(|| g.county_in_text(province, &row.address, false))
                    .or_else(|| g.county_in_text(province, name, false))
            })
        });
    if let Some(code) = found {
        return county(code);
    }
    // A province-level city (重庆) is its own city, whatever the row's words.
    let city = city.or_else(|| g.is_municipality(province).then_some(province))?;
    let seat = g.city_seat(city)?;
    Some(Located { county: g.county_at(seat.point)?, city: Some(city) })
}
