//! `data/IMPORT_REPORT.md`: what an import read, kept, merged and left
//! out, list by list; the records by region, kind and precision; and the
//! points two lists disagree on.
//!
//! The part about the records is made from `facilities.csv` alone, so a test
//! can remake it from the committed file and know the report is current.

use std::collections::BTreeMap;
use std::fmt::Write;

use engine::{Facility, FacilityKind, LocationPrecision};

use crate::lists::gather::Outcome;
use crate::lists::names::LeftOut;

/// Regions the report counts on their own, then the whole country.
pub const REGIONS: [(u32, &str); 5] = [
    (510000, "四川省"),
    (500000, "重庆市"),
    (610500, "陕西省渭南市"),
    (500111, "重庆市大足区"),
    (500118, "重庆市永川区"),
];

fn in_region(county: u32, region: u32) -> bool {
    match region % 10_000 {
        0 => county / 10_000 == region / 10_000,
        r if r % 100 == 0 => county / 100 == region / 100,
        _ => county == region,
    }
}

/// Examples shown per reason a row was left out.
const EXAMPLES: usize = 3;

/// The whole report.
pub fn render(outcome: &Outcome, facilities_csv: &[u8], facilities: &[Facility]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Import report\n");
    let _ = writeln!(
        out,
        "Made by `datakit import` from the lists described in `data/imports/` and the records kept by hand in \
         `data/curated.csv`; do not edit it, rerun the import. It belongs to the `data/facilities.csv` of \
         {} bytes whose xxh3-64 is `{:016x}`.\n",
        facilities_csv.len(),
        xxhash_rust::xxh3::xxh3_64(facilities_csv)
    );
    lists_section(&mut out, outcome);
    corrections_section(&mut out, outcome);
    out.push_str(&records_section(facilities));
    conflicts_section(&mut out, outcome);
    named_elsewhere_section(&mut out, outcome);
    unplaced_section(&mut out, outcome);
    out
}

fn lists_section(out: &mut String, o: &Outcome) {
    let _ = writeln!(out, "## Lists\n");
    let _ = writeln!(out, "| list | date | rows read | unreadable | left out | county unknown | imported | merged with another source |");
    let _ = writeln!(out, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let merged = merged_by_list(o);
    for (spec, s) in o.specs.iter().zip(&o.stats) {
        let left: usize = s.left_out.values().map(Vec::len).sum();
        let imported = if spec.list.match_only {
            o.merging.matched.get(&index(o, &spec.list.id)).copied().unwrap_or(0)
        } else {
            s.imported
        };
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} | {} | {} | {} | {} |",
            spec.list.id,
            spec.list.name,
            spec.list.date,
            s.read,
            s.unreadable.len(),
            left,
            s.unplaced.len(),
            imported,
            merged.get(&spec.list.id).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(
        out,
        "\n\"Merged with another source\" counts a list's rows that share their record with a row of another list \
         or with a record kept by hand. A list marked match-only (Wikidata, whose labels are English) only adds \
         to records the other lists made: its \"imported\" column counts the items matched.\n"
    );
    let _ = writeln!(out, "### Left out, by reason\n");
    let _ = write!(out, "| list |");
    for r in LeftOut::ALL {
        let _ = write!(out, " {} |", r.describe());
    }
    let _ = writeln!(out, "\n| --- |{}", " ---: |".repeat(LeftOut::ALL.len()));
    for (spec, s) in o.specs.iter().zip(&o.stats) {
        let _ = write!(out, "| `{}` |", spec.list.id);
        for r in LeftOut::ALL {
            let _ = write!(out, " {} |", s.left_out.get(&r).map_or(0, Vec::len));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "\nExamples (the first {EXAMPLES} of each list and reason):\n");
    for (spec, s) in o.specs.iter().zip(&o.stats) {
        for (reason, rows) in &s.left_out {
            let shown: Vec<&str> = rows.iter().take(EXAMPLES).map(String::as_str).collect();
            let _ =
                writeln!(out, "- `{}`, {}: {}", spec.list.id, reason.describe(), shown.join("; "));
        }
    }
    let _ = writeln!(out, "\n### Phones and points\n");
    let _ = writeln!(
        out,
        "| list | mobile numbers withheld | numbers not the institution's (not published) | numbers unreadable | points set aside | rows unreadable |"
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: |");
    for (spec, s) in o.specs.iter().zip(&o.stats) {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            spec.list.id,
            s.mobiles_withheld,
            s.phones_not_institutions,
            s.phones_unreadable,
            s.bad_points.len(),
            s.unreadable.len()
        );
    }
    let bad: Vec<String> = o
        .specs
        .iter()
        .zip(&o.stats)
        .flat_map(|(spec, s)| {
            s.bad_points
                .iter()
                .chain(&s.unreadable)
                .map(move |b| format!("- `{}` {b}", spec.list.id))
        })
        .collect();
    if !bad.is_empty() {
        let _ = writeln!(out, "\nPoints set aside and rows not read:\n\n{}", bad.join("\n"));
    }
    for (l, unmatched) in &o.merging.unmatched {
        let _ = writeln!(
            out,
            "\n`{}`: {} items matched no record of the other lists and add nothing (no record is made from an English label alone).",
            o.specs[*l].list.id,
            unmatched.len()
        );
    }
    let _ = writeln!(out);
}

fn index(o: &Outcome, id: &str) -> usize {
    o.specs.iter().position(|s| s.list.id == id).unwrap_or(usize::MAX)
}

fn merged_by_list(o: &Outcome) -> BTreeMap<String, usize> {
    let mut merged = BTreeMap::new();
    for r in &o.merging.records {
        let lists: std::collections::BTreeSet<usize> = r.rows.iter().map(|(l, _)| *l).collect();
        if lists.len() + usize::from(r.curated) < 2 {
            continue;
        }
        for (l, _) in &r.rows {
            *merged.entry(o.specs[*l].list.id.clone()).or_default() += 1;
        }
    }
    merged
}

/// Records by region, kind and precision: made from the records alone.
pub fn records_section(facilities: &[Facility]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Records by region\n");
    // A record only its city places has no county (its city's seat is not in
    // its county): it counts in no region but the whole country, as the app's
    // region filter finds it in none; its own row says how many.
    let regions: Vec<(Option<u32>, &str)> = REGIONS
        .iter()
        .map(|&(c, n)| (Some(c), n))
        .chain([(Some(0), "county not known (at its city's seat)"), (None, "全国 all of China")])
        .collect();
    let _ = write!(out, "| region | records |");
    for k in FacilityKind::ALL {
        let _ = write!(out, " {} |", k.zh());
    }
    let _ = writeln!(out, "\n| --- | ---: |{}", " ---: |".repeat(FacilityKind::ALL.len()));
    let chosen =
        |region: Option<u32>| {
            facilities.iter().filter(move |f| {
                region.is_none_or(|r| {
                    if r == 0 {
                        f.county_code == 0
                    } else {
                        in_region(f.county_code, r)
                    }
                })
            })
        };
    for &(region, name) in &regions {
        let _ = write!(out, "| {name} | {} |", chosen(region).count());
        for &k in FacilityKind::ALL {
            let _ = write!(out, " {} |", chosen(region).filter(|f| f.kind == k).count());
        }
        let _ = writeln!(out);
    }
    let _ = write!(out, "\n| region | from a list of sources |");
    for p in LocationPrecision::ALL {
        let _ = write!(out, " {} |", p.zh());
    }
    let _ = writeln!(out, " kind told from the name | with a phone |");
    let _ = writeln!(
        out,
        "| --- | ---: |{} ---: | ---: |",
        " ---: |".repeat(LocationPrecision::ALL.len())
    );
    for &(region, name) in &regions {
        let _ =
            write!(out, "| {name} | {} |", chosen(region).filter(|f| !f.lists.is_empty()).count());
        for &p in LocationPrecision::ALL {
            let _ = write!(out, " {} |", chosen(region).filter(|f| f.precision == p).count());
        }
        let _ = writeln!(
            out,
            " {} | {} |",
            chosen(region).filter(|f| f.kind_inferred).count(),
            chosen(region).filter(|f| !f.phones.is_empty()).count()
        );
    }
    let _ = writeln!(out);
    out
}

fn conflicts_section(out: &mut String, o: &Outcome) {
    let c = &o.merging.conflicts;
    let _ = writeln!(
        out,
        "## Points that disagree by more than {:.0} m\n",
        crate::lists::merge::CONFLICT_M
    );
    let _ = writeln!(
        out,
        "The point kept is the best by the rule in `data/imports/README.md` (the lists' ranks, door-level before \
         township-level, newest first); the other is kept in the record's `source_points`. {} conflicts.\n",
        c.len()
    );
    if c.is_empty() {
        return;
    }
    let offset = c.iter().filter(|x| x.looks_like.is_some()).count();
    let _ = writeln!(
        out,
        "{offset} of them are a WGS-84 point that, read as GCJ-02 or BD-09 (the offsets of Chinese maps), lands within 150 m \
         of the point kept: most likely copied from such a map (\"looks like\" below).\n"
    );
    let _ = writeln!(out, "| id | name | point kept from | other point | apart | looks like |");
    let _ = writeln!(out, "| --- | --- | --- | --- | ---: | --- |");
    for x in c {
        let looks = x.looks_like.map_or("", |s| s.code());
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` | `{}` | {:.1} km | {looks} |",
            x.id,
            x.name,
            x.kept,
            x.other,
            x.distance_m / 1_000.0
        );
    }
    let _ = writeln!(out);
}

fn named_elsewhere_section(out: &mut String, o: &Outcome) {
    let total: usize = o.stats.iter().map(|s| s.named_elsewhere.len()).sum();
    let _ = writeln!(out, "## Rows whose name or address names another county ({total})\n");
    let _ = writeln!(
        out,
        "A name that begins with its county (岱山县人民医院), or else an address that begins with it after the province \
         and city (河南省安阳市文峰区…), says where the institution is better than a geocode or a list's district words \
         that put it more than 20 km outside that county: these rows were placed in the county their words name, at its seat, and their own point set aside (it stays in `source_points` only when another row \
         of the record gives it).\n"
    );
    for (spec, s) in o.specs.iter().zip(&o.stats) {
        for row in &s.named_elsewhere {
            let _ = writeln!(out, "- `{}` {row}", spec.list.id);
        }
    }
    let _ = writeln!(out);
}

fn unplaced_section(out: &mut String, o: &Outcome) {
    let total: usize = o.stats.iter().map(|s| s.unplaced.len()).sum();
    let _ = writeln!(out, "## Rows whose county could not be told ({total})\n");
    let _ = writeln!(
        out,
        "Neither a point, an adcode, nor the province, city and county words, the address or the name named a \
         county of the boundaries. A list's `[zones]` can name the county a district word stands for.\n"
    );
    for (spec, s) in o.specs.iter().zip(&o.stats) {
        for row in &s.unplaced {
            let _ = writeln!(out, "- `{}` {row}", spec.list.id);
        }
    }
}

/// Examples shown per kind of correction.
const CORRECTION_EXAMPLES: usize = 5;

fn corrections_section(out: &mut String, o: &Outcome) {
    let records = &o.merging.records;
    let _ = writeln!(out, "## Corrections, by kind\n");
    let _ = writeln!(
        out,
        "What the import corrected in the lists' words (issue 27), counted here and made again on every run. \
         `datakit check` refuses each kind of error from the records themselves (rules named-county, department, \
         alias-not-a-name, phone-area-code, kind-from-names, place-less-name, two-institutions; a record at its \
         city's seat with a county; likely duplicates warn), unless `data/reviewed_exceptions.csv` \
         says why a record is right.\n"
    );
    let mut line = |what: &str, count: usize, examples: Vec<String>| {
        let shown: Vec<String> = examples.into_iter().take(CORRECTION_EXAMPLES).collect();
        let tail = if shown.is_empty() { String::new() } else { format!(": {}", shown.join("; ")) };
        let _ = writeln!(out, "- {what}: **{count}**{tail}");
    };
    let named: Vec<String> = o
        .specs
        .iter()
        .zip(&o.stats)
        .flat_map(|(spec, s)| {
            s.named_elsewhere.iter().map(move |r| format!("`{}` {r}", spec.list.id))
        })
        .collect();
    line(
        "rows placed in the county their name or address names, not where a point or a district word put them (listed below)",
        named.len(),
        named.clone(),
    );
    let per_list = |pick: fn(&super::gather::ListStats) -> &Vec<String>| -> Vec<String> {
        o.specs
            .iter()
            .zip(&o.stats)
            .flat_map(|(spec, s)| pick(s).iter().map(move |r| format!("`{}` {r}", spec.list.id)))
            .collect()
    };
    let prefecture = per_list(|s| &s.prefecture_words);
    line(
        "rows placed by their words whose city word is a prefecture's that a county shares (阿坝 is 阿坝藏族羌族自治州, not 阿坝县; 通化市, not 通化县): each placed in the county its other words name, never in that county by the city word (茂县人民医院 was put in 阿坝县, 243 km away)",
        prefecture.len(),
        prefecture,
    );
    let written = per_list(|s| &s.written_out);
    line(
        "names written without their place (市人民医院, 县医院, a county's bare 人民医院), written whole from the list's own columns",
        written.len(),
        written,
    );
    line(
        "rows a keeper reviewed as another name of an institution no rule can tell (`data/imports/same_institutions.csv`: 成大附院 is 成都大学附属医院), merged into it with their name kept as an alias",
        o.same.renamed.len(),
        o.same.renamed.clone(),
    );
    if !o.same.unused.is_empty() {
        line(
            "reviewed names no list row names any more (look again at `data/imports/same_institutions.csv`)",
            o.same.unused.len(),
            o.same.unused.clone(),
        );
    }
    line(
        "records whose name the import now reads otherwise (附院 = 附属医院), keeping the id the previous `facilities.csv` gave their county and name, so links to them still open",
        o.ids_kept.len(),
        o.ids_kept.clone(),
    );
    let far: Vec<&crate::lists::merge::Merged> =
        records.iter().filter(|m| m.far_points > 0).collect();
    line(
        "records whose list point lay more than 25 km from the seat of the county their name or address names (the point set aside, kept in `source_points`)",
        far.len(),
        far.iter().map(|m| format!("`{}` {}", m.facility.id, m.facility.name)).collect(),
    );
    let unknown: Vec<&crate::lists::merge::Merged> = records
        .iter()
        .filter(|m| {
            m.facility.county_code == 0
                && m.facility.precision == engine::LocationPrecision::CitySeat
        })
        .collect();
    line(
        "records only their city places: at the city's seat with an empty `county_code` (never the seat's district)",
        unknown.len(),
        unknown.iter().map(|m| format!("`{}` {} ({})", m.facility.id, m.facility.name, m.facility.location_source)).collect(),
    );
    let former: Vec<&crate::lists::merge::Merged> =
        records.iter().filter(|m| !m.facility.former_township.is_empty()).collect();
    line(
        "township centres named after a township their county's list of 2018 has and no current list does (民政部 2025, 统计局 2023, Tencent 2024): `former_township` set, the listing says the name or place may have changed",
        former.len(),
        former
            .iter()
            .map(|m| format!("`{}` {} ({})", m.facility.id, m.facility.name, m.facility.former_township))
            .collect(),
    );
    let renamed: Vec<&crate::lists::merge::Merged> =
        records.iter().filter(|m| !m.corrections.renamed_forms.is_empty()).collect();
    line(
        "records merged from a renamed or shortened name (妇幼保健院 / 妇幼保健计划生育服务中心, 凉山州 / 凉山彝族自治州, a 县's 第一人民医院 / 人民医院)",
        renamed.len(),
        renamed
            .iter()
            .map(|m| format!("`{}` {} = {}", m.facility.id, m.facility.name, m.corrections.renamed_forms.join(" = ")))
            .collect(),
    );
    let departments: usize = o.stats.iter().map(|s| s.departments).sum();
    let parts: Vec<String> = o
        .specs
        .iter()
        .zip(&o.stats)
        .flat_map(|(spec, s)| s.sub_units.iter().map(move |r| format!("`{}` {r}", spec.list.id)))
        .collect();
    line(
        "rows naming a department or a site of an institution (…预防接种门诊, 产科, 一门诊), folded into the institution without their numbers",
        departments,
        Vec::new(),
    );
    line(
        "of them, rows whose name went on past the institution's (the part cut, its address not the institution's)",
        parts.len(),
        parts,
    );
    for reason in [LeftOut::PlaceNotTold, LeftOut::TwoInstitutions, LeftOut::TravelHealth] {
        let rows: Vec<String> = o
            .specs
            .iter()
            .zip(&o.stats)
            .flat_map(|(spec, s)| {
                s.left_out
                    .get(&reason)
                    .into_iter()
                    .flatten()
                    .map(move |r| format!("`{}` {r}", spec.list.id))
            })
            .collect();
        line(&format!("rows left out: {}", reason.describe()), rows.len(), rows);
    }
    let split: usize = records.iter().map(|m| m.corrections.aliases_split).sum::<usize>()
        + o.stats.iter().map(|s| s.aliases_split).sum::<usize>();
    line(
        "cells of other names that joined several names (、), split into one alias each",
        split,
        per_list(|s| &s.aliases_split_rows),
    );
    let dropped: Vec<String> = o
        .specs
        .iter()
        .zip(&o.stats)
        .flat_map(|(spec, s)| {
            s.aliases_dropped.iter().map(move |r| format!("`{}` {r}", spec.list.id))
        })
        .chain(records.iter().flat_map(|m| {
            m.corrections.aliases_dropped.iter().map(move |a| format!("`{}` {a}", m.facility.id))
        }))
        .collect();
    line(
        "words given as other names that are not a name (骨科专科), not kept",
        dropped.len(),
        dropped,
    );
    let kinds: Vec<String> = records
        .iter()
        .filter_map(|m| {
            let (alias, by_name) = m.corrections.kind_from_alias.as_ref()?;
            Some(format!(
                "`{}` {} ({}): `{}` by its name, `{}` by {}",
                m.facility.id,
                m.facility.name,
                alias,
                by_name.code(),
                m.facility.kind.code(),
                if alias.is_empty() { "its other names" } else { "that name" }
            ))
        })
        .collect();
    line("records whose kind another of their names decides (成都市第一人民医院 is 成都市中西医结合医院)", kinds.len(), kinds);
    let stations: Vec<String> = records
        .iter()
        .filter(|m| m.facility.kind == engine::FacilityKind::CommunityStation)
        .map(|m| format!("`{}` {}", m.facility.id, m.facility.name))
        .collect();
    line(
        "community health stations (社区卫生服务站), a centre's outpost: their own kind, never a centre or the hospital that runs them",
        stations.len(),
        stations,
    );
    let anning: Vec<String> = records
        .iter()
        .filter(|m| {
            let n = &m.facility.name;
            n.contains("安宁") && !n.contains("安宁疗护") && !n.contains("安宁病房")
        })
        .map(|m| format!("`{}` {} ({})", m.facility.id, m.facility.name, m.facility.kind.code()))
        .collect();
    line(
        "records whose name holds 安宁 as a place (兰州市安宁区人民医院), kind by the rest of the name, not taken for a hospice (安宁疗护, a specialty)",
        anning.len(),
        anning,
    );
    let withheld: Vec<String> = o
        .merging
        .phones_withheld
        .iter()
        .map(|(l, r)| format!("`{}` {r}", o.specs[*l].list.id))
        .collect();
    line(
        "numbers not published: their area code is neither their city's nor their county's (each city's code is the one most of its numbers in the lists carry, with at least 3 numbers and 60%; a county's own code counts with 3 numbers and two thirds)",
        withheld.len(),
        withheld,
    );
    // Every one, for a keeper to look at: each may be an institution a list named badly.
    let _ = writeln!(
        out,
        "- records named only by their kind (妇幼保健院 in a district's row, 社区卫生服务中心) that no institution of their county took in: left out, which institution it is cannot be told: **{}**{}",
        o.placeless.len(),
        if o.placeless.is_empty() { String::new() } else { format!(": {}", o.placeless.join("; ")) }
    );
    let _ = writeln!(out);
}
