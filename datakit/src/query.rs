//! `datakit query`: what a resident at a point would see.

use std::path::Path;

use engine::fields::{self, FIELDS};
use engine::{Dataset, Filter, InNetwork, LatLon};

/// Parses `LAT,LON` in WGS-84 degrees.
pub fn parse_point(text: &str) -> Result<LatLon, String> {
    let (lat, lon) = text.split_once(',').ok_or_else(|| format!("{text:?}: expected LAT,LON"))?;
    let parse = |s: &str| {
        s.trim().parse::<f64>().map_err(|_| format!("{s:?} is not a number; expected LAT,LON"))
    };
    LatLon::new(parse(lat)?, parse(lon)?).map_err(|e| e.to_string())
}

/// The filter flags, one per field of [`engine::fields::FIELDS`] that has a
/// flag, each value as typed (codes or labels, comma-separated or repeated).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterArgs {
    /// Each flag given (without its dashes) with its values joined by commas, in field order.
    values: Vec<(&'static str, String)>,
}

impl FilterArgs {
    /// Flags and values as typed, e.g. `[("kind", "tcm,general")]` (for tests and callers without clap).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Result<Self, String> {
        let mut values = Vec::new();
        for (flag, value) in pairs {
            let field =
                fields::by_flag(flag).ok_or_else(|| format!("--{flag}: not a filter flag"))?;
            values.push((field.flag.unwrap_or_default(), value.to_string()));
        }
        Ok(Self { values })
    }

    /// The filter the flags ask for; the first bad value is named with its flag.
    pub fn to_filter(&self) -> Result<Filter, String> {
        let mut filter = Filter::all();
        for field in FIELDS {
            let Some(flag) = field.flag else { continue };
            for (_, value) in self.values.iter().filter(|(f, _)| *f == flag) {
                field
                    .read(&mut filter, value)
                    .map_err(|e| format!("--{flag} {}", with_value(value, &e)))?;
            }
        }
        Ok(filter)
    }
}

/// `"x": unknown …` as the field said it, or `x: expected …` with the value in front.
fn with_value(value: &str, error: &str) -> String {
    if error.starts_with('"') {
        error.to_string()
    } else {
        format!("{value}: {error}")
    }
}

impl clap::FromArgMatches for FilterArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let values = FIELDS
            .iter()
            .filter_map(|f| f.flag)
            .filter_map(|flag| {
                matches
                    .get_many::<String>(flag)
                    .map(|v| (flag, v.cloned().collect::<Vec<_>>().join(",")))
            })
            .collect();
        Ok(Self { values })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Args for FilterArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        FIELDS.iter().fold(cmd, |cmd, field| match field.flag {
            Some(flag) => cmd.arg(
                clap::Arg::new(flag)
                    .long(flag)
                    .value_name(field.value_name)
                    .help(field.help)
                    .action(clap::ArgAction::Append),
            ),
            None => cmd,
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// What `datakit query --near` answers, by the rule every answer follows: a
/// distance only where the place is known. The `k` nearest matching
/// facilities whose place is known, nearest first; then those of the point's
/// county whose place is not (its seat stands in for it), and those of its
/// city known only to be in the city, each by name, with no distance.
pub struct Answer<'a> {
    pub ranked: Vec<engine::Hit<'a>>,
    pub unplaced: Vec<engine::FacilityRef<'a>>,
}

/// The answer at `point`; `county` is the county it is in, when known.
pub fn answer<'a>(
    dataset: &'a Dataset,
    point: LatLon,
    k: usize,
    filter: &Filter,
    county: Option<u32>,
) -> Answer<'a> {
    // A --place flag asks for one side only: it is kept as asked.
    let ranked = match filter.located {
        Some(false) => Vec::new(),
        _ => dataset.nearest(point, k, &Filter { located: Some(true), ..filter.clone() }),
    };
    // The county's, then the city's known only to be in the city.
    let city = county.and_then(engine::Region::city_of).map(engine::Region::code);
    let areas = county.into_iter().chain(city.filter(|&c| Some(c) != county));
    let unplaced = match filter.located {
        Some(true) => Vec::new(),
        _ => areas.flat_map(|area| dataset.unplaced_in(filter, area)).collect(),
    };
    Answer { ranked, unplaced }
}

/// The answer as JSON objects: the ranked first (with `distance_m`), then
/// the county's and the city's with no known place (`distance_m` null); each
/// says its `precision`, whether its place is known (`placed`) and its `county_code`.
pub fn answer_json(answer: &Answer<'_>) -> serde_json::Value {
    let object = |f: &engine::FacilityRef<'_>, distance_m: Option<f64>| {
        let f = f.to_facility();
        serde_json::json!({
            "id": f.id,
            "name": f.name,
            "kind": f.kind.code(),
            "grade": f.grade.code(),
            "services": f.services.iter().map(|s| s.code()).collect::<Vec<_>>(),
            "designations": f.designations.iter().map(|d| d.code()).collect::<Vec<_>>(),
            "lat": f.point.lat(),
            "lon": f.point.lon(),
            "precision": f.precision.code(),
            "placed": f.precision.is_placed(),
            "location_source": f.location_source,
            // Its county's code; a city's for one known only to be in its city.
            "county_code": f.county_code,
            "distance_m": distance_m.map(|d| (d * 10.0).round() / 10.0),
        })
    };
    let ranked = answer.ranked.iter().map(|h| object(&h.facility, Some(h.distance_m)));
    let unplaced = answer.unplaced.iter().map(|f| object(f, None));
    serde_json::Value::Array(ranked.chain(unplaced).collect())
}

/// The nearest `k` matching facilities whose place is known, as JSON objects, nearest first.
pub fn nearest_json(
    dataset: &Dataset,
    point: LatLon,
    k: usize,
    filter: &Filter,
) -> serde_json::Value {
    answer_json(&answer(dataset, point, k, filter, None))
}

/// Text-search results as JSON objects, best match first.
pub fn search_json(
    dataset: &Dataset,
    text: &str,
    near: Option<LatLon>,
    k: usize,
    filter: &Filter,
) -> serde_json::Value {
    serde_json::Value::Array(
        dataset
            .search(text, near, k, filter)
            .iter()
            .map(|h| {
                // A facility known only at a county's or city's seat has no distance.
                let placed = h.facility.precision().is_placed();
                serde_json::json!({
                    "id": h.facility.id(),
                    "name": h.facility.name(),
                    "match": h.quality.describe(),
                    "distance_m": h.distance_m.filter(|_| placed).map(|d| (d * 10.0).round() / 10.0),
                    "precision": h.facility.precision().code(),
                    "placed": placed,
                })
            })
            .collect(),
    )
}

/// A network the dataset does not hold, or a region the boundaries do not,
/// is a typing mistake to name (as an unknown kind is), not an empty answer.
fn check_names(filter: &Filter, dataset: &Dataset) -> Result<(), String> {
    if let Some(InNetwork { id, .. }) = &filter.network {
        if dataset.network(id).is_none() {
            let known: Vec<&str> =
                dataset.networks().iter().map(|n| n.id.as_str()).take(12).collect();
            return Err(format!(
                "--network {id:?}: no network with this id in the dataset; expected one of {}",
                known.join(", ")
            ));
        }
    }
    if let Some(region) = filter.region {
        known_region(region.code())?;
    }
    Ok(())
}

/// The bundled boundaries (their overview), when they know `code` as a
/// province, city or county; else the error naming it.
pub fn known_region(code: u32) -> Result<engine::boundaries::Boundaries, String> {
    if engine::Region::new(code).is_none() {
        return Err(format!("--region {code}: expected a 6-digit adcode such as 510100"));
    }
    let boundaries = crate::boundaries::read_overview(&crate::boundaries::bundled_dir())?;
    match boundaries.get(code) {
        Some(_) => Ok(boundaries),
        None => Err(unknown_region(code)),
    }
}

/// What `--region` says of an adcode the boundaries do not know.
pub fn unknown_region(code: u32) -> String {
    format!("--region {code}: not a province, city or county in the boundaries; expected an adcode such as 510000, 510100 or 500111")
}
/// A compiled dataset: a `.xzd` file, or a published `manifest.json` (the
/// whole file it names, checked against it).
pub fn load(dataset_path: &Path) -> Result<Dataset, String> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|e| {
            format!("{}: cannot read ({e}); run `datakit build` first", path.display())
        })
    };
    // `datakit build --out X/facilities.xzd` publishes X/facilities.<hash>.xzd: the name given reaches it through X/manifest.json.
    let beside = dataset_path.with_file_name("manifest.json");
    if !dataset_path.exists()
        && dataset_path.extension().is_some_and(|e| e == "xzd")
        && beside.exists()
    {
        return load(&beside);
    }
    let bytes = read(dataset_path)?;
    if !bytes.starts_with(&engine::codec::MAGIC)
        && dataset_path.extension().is_some_and(|e| e == "json")
    {
        let text = String::from_utf8_lossy(&bytes);
        let manifest = engine::Manifest::parse(&text)
            .map_err(|e| format!("{}: {e}", dataset_path.display()))?;
        let whole = manifest
            .whole
            .as_ref()
            .ok_or_else(|| format!("{}: names no whole dataset", dataset_path.display()))?;
        let path = dataset_path.parent().unwrap_or(Path::new(".")).join(&whole.path);
        return engine::shards::open(whole, &read(&path)?)
            .map_err(|e| format!("{}: {e}", path.display()));
    }
    Dataset::from_bytes(&bytes).map_err(|e| format!("{}: {e}", dataset_path.display()))
}

pub fn run(
    near: Option<&str>,
    text: Option<&str>,
    k: usize,
    filter: &FilterArgs,
    json: bool,
    dataset_path: &Path,
) -> Result<(), String> {
    let near = near.map(parse_point).transpose()?;
    let filter = filter.to_filter()?;
    let dataset = load(dataset_path)?;
    check_names(&filter, &dataset)?;
    if let Some(text) = text {
        let found = search_json(&dataset, text, near, k, &filter);
        if json {
            println!("{found}");
        } else {
            for hit in found.as_array().into_iter().flatten() {
                let precision = hit["precision"].as_str().unwrap_or_default();
                let about =
                    if precision == "address" || precision == "surveyed" { " " } else { "~" };
                let distance = hit["distance_m"].as_f64().map_or_else(
                    || format!("— ({precision})"),
                    |m| format!("{about}{m:.0} m ({precision})"),
                );
                println!(
                    "{:>22}  {distance:>10}  {}  {}",
                    hit["match"].as_str().unwrap_or_default(),
                    hit["id"].as_str().unwrap_or_default(),
                    hit["name"].as_str().unwrap_or_default()
                );
            }
        }
        return Ok(());
    }
    let Some(point) = near else {
        return Err("--near LAT,LON is required without --text".into());
    };
    let county = crate::geocheck::Places::open(&crate::boundaries::bundled_dir())
        .ok()
        .and_then(|mut places| places.county_at(point));
    let found = answer(&dataset, point, k, &filter, county);
    if json {
        println!("{}", answer_json(&found));
        return Ok(());
    }
    for hit in &found.ranked {
        let f = &hit.facility;
        // "约" and what the point is, as the app says it, for anything not at the door.
        let about = if f.precision().is_approximate() { "~" } else { " " };
        println!(
            "{about}{:>9.0} m  {:<13}  {}  {}",
            hit.distance_m,
            f.precision().code(),
            f.id(),
            f.name()
        );
    }
    let mut area = None;
    for f in &found.unplaced {
        if area != Some(f.county_code()) {
            area = Some(f.county_code());
            let what = if Some(f.county_code()) == county { "county" } else { "city" };
            println!("in {what} {}, exact place not listed (no distance):", f.county_code());
        }
        println!("{:>11}  {:<13}  {}  {}", "—", f.precision().code(), f.id(), f.name());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_points_and_refuses_nonsense() {
        let p = parse_point("30.5, 104.1").unwrap();
        assert_eq!((p.lat(), p.lon()), (30.5, 104.1));
        assert!(parse_point("30.5").is_err());
        assert!(parse_point("abc,104").is_err());
        assert!(parse_point("100,104").is_err());
    }

    #[test]
    fn a_seat_is_never_a_distance_the_county_lists_them_apart() {
        use engine::{Facility, FacilityKind, LocationPrecision};
        let at = |lat, lon| LatLon::new(lat, lon).unwrap();
        let f = |id: &str, point, precision| Facility {
            precision,
            county_code: 500111,
            source: "synthetic test record".into(),
            ..Facility::new(id, format!("合成{id}"), FacilityKind::TownshipCentre, point)
        };
        let dataset = Dataset::from_facilities(vec![
            f("seat", at(29.706, 105.721), LocationPrecision::CountySeat),
            f("door", at(29.72, 105.73), LocationPrecision::AddressGeocoded),
            f("town", at(29.83, 105.80), LocationPrecision::TownshipSeat),
            // Known only to be in 重庆 (the build gives it the city's code).
            Facility {
                county_code: 500000,
                ..f("city", at(29.565689, 106.547918), LocationPrecision::CitySeat)
            },
        ]);
        let here = at(29.7010, 105.7210);
        let json = answer_json(&answer(&dataset, here, 10, &Filter::all(), Some(500111)));
        let rows: Vec<(String, Option<f64>, bool, String)> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let id = o["id"].as_str().unwrap().to_string();
                (
                    id,
                    o["distance_m"].as_f64(),
                    o["placed"].as_bool().unwrap(),
                    o["precision"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(rows[0].0, "door");
        assert_eq!((rows[1].0.as_str(), rows[1].3.as_str()), ("town", "township_seat"));
        assert_eq!(rows[2], ("seat".to_string(), None, false, "county_seat".to_string()));
        assert_eq!(rows[3], ("city".to_string(), None, false, "city_seat".to_string()));
        assert_eq!(rows.len(), 4, "the city's seat is never a distance either");
        let elsewhere = answer(&dataset, here, 10, &Filter::all(), Some(510107));
        assert!(elsewhere.unplaced.is_empty() && elsewhere.ranked.len() == 2);
        let only_unknown = Filter { located: Some(false), ..Filter::all() };
        let asked = answer(&dataset, here, 10, &only_unknown, Some(500111));
        assert!(
            asked.ranked.is_empty() && asked.unplaced.len() == 2,
            "--place unknown lists only them"
        );
        // A name search near a point says no distance to the seat, and each hit's precision.
        let found = search_json(&dataset, "合成seat", Some(here), 5, &Filter::all());
        assert_eq!(found[0]["id"], "seat");
        assert!(found[0]["distance_m"].is_null() && found[0]["placed"] == false, "{found}");
        assert_eq!(found[0]["precision"], "county_seat");
        let town = search_json(&dataset, "合成town", Some(here), 5, &Filter::all());
        assert!(
            town[0]["distance_m"].as_f64().is_some() && town[0]["precision"] == "township_seat"
        );
    }

    #[test]
    fn a_hospital_finds_itself_by_pinyin_initials_and_by_name() {
        let dataset = crate::build::curated_dataset();
        let chengdu = parse_point("30.6574,104.0658").ok();
        let first =
            |text: &str| search_json(&dataset, text, chengdu, 5, &Filter::all())[0]["name"].clone();
        assert_eq!(first("hxyy"), "四川大学华西医院");
        assert_eq!(first("华西医院"), "四川大学华西医院");
        // Both Chongqing hospitals match equally; 附一院 lies west of the children's hospital, nearer Chengdu.
        assert_eq!(first("chongqing"), "重庆医科大学附属第一医院");
        assert_eq!(first("dzqzyy"), "大足区中医院");
        assert_eq!(first("lezhi"), "乐至县中医医院");
        assert!(search_json(&dataset, "beijing", chengdu, 5, &Filter::all())
            .as_array()
            .unwrap()
            .is_empty());
    }

    #[test]
    fn networks_and_designations_from_the_brief() {
        let dataset = crate::build::curated_dataset();
        let here = parse_point("30.6574,104.0658").unwrap();
        let ids = |args: FilterArgs| -> Vec<String> {
            let hits = nearest_json(&dataset, here, 20, &args.to_filter().unwrap());
            let mut ids: Vec<String> = hits
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_string())
                .collect();
            ids.sort_unstable();
            ids
        };
        let args = |pairs: &[(&str, &str)]| FilterArgs::from_pairs(pairs).unwrap();
        let trust = args(&[("network", "trust-spph-dy2")]);
        assert_eq!(ids(trust), ["sc-cd-spph", "sc-dy-2nd-ph"]);
        let managed = args(&[("network", "trust-spph-dy2"), ("role", "managed_by")]);
        assert_eq!(ids(managed), ["sc-dy-2nd-ph"]);
        let pairing = args(&[("network-kind", "pairing")]);
        assert_eq!(ids(pairing), ["sc-cd-spph", "sc-ms-qs-ph"]);
        let children = args(&[("designation", "national_regional_centre")]);
        assert_eq!(ids(children), ["cq-yz-chcmu", "sc-cd-wcsuh"]);
        let spph = dataset.facilities().find(|f| f.id() == "sc-cd-spph").unwrap();
        let roles: Vec<(String, engine::Role)> =
            dataset.networks_of(spph.slot()).iter().map(|(n, r)| (n.id.clone(), *r)).collect();
        assert_eq!(
            roles,
            [
                ("trust-spph-dy2".to_string(), engine::Role::Lead),
                ("pair-spph-qs".to_string(), engine::Role::Supporter),
                ("tr-cdmz-3a".to_string(), engine::Role::Member)
            ]
        );
        let crc = args(&[("network", "crc-geriatrics"), ("role", "branch")]);
        assert_eq!(ids(crc), ["cq-yz-fahcmu"]);
    }

    #[test]
    fn match_keeps_the_nearest_whose_names_match() {
        let dataset = crate::build::curated_dataset();
        let dazu = parse_point("29.70,105.72").unwrap();
        let names = |text: &str| -> Vec<String> {
            let filter = FilterArgs::from_pairs(&[("match", text)]).unwrap().to_filter().unwrap();
            nearest_json(&dataset, dazu, 3, &filter)
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["name"].as_str().unwrap().to_string())
                .collect()
        };
        // Nearest first among the TCM hospitals, whether asked in Chinese, pinyin or initials.
        assert_eq!(names("中医")[0], "大足区中医院");
        assert_eq!(names("zhongyi"), names("中医"));
        assert!(names("中医").iter().all(|n| n.contains("中医")));
        assert!(names("北京").is_empty());
    }

    #[test]
    fn region_keeps_only_that_county() {
        let dataset = crate::build::curated_dataset();
        let dazu = FilterArgs::from_pairs(&[("region", "500111")]).unwrap().to_filter().unwrap();
        let hits = nearest_json(&dataset, parse_point("30.6574,104.0658").unwrap(), 20, &dazu);
        let mut ids: Vec<&str> =
            hits.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            ["cq-dz-longshui-cthc", "cq-dz-mchh", "cq-dz-ph", "cq-dz-sq-ph", "cq-dz-tcmh"]
        );
    }

    #[test]
    fn filter_flags_accept_codes_and_labels_and_name_bad_ones() {
        use clap::Parser;
        use engine::{FacilityKind, LocalTime, Region, Service};
        #[derive(Parser)]
        struct Flags {
            #[command(flatten)]
            filter: FilterArgs,
        }
        let parse = |args: &[&str]| {
            Flags::try_parse_from(std::iter::once("query").chain(args.iter().copied()))
                .map(|f| f.filter.to_filter())
        };
        let filter =
            parse(&["--kind", "tcm,综合医院", "--service", "针灸", "--open-at", "Su, 07:05"])
                .unwrap()
                .unwrap();
        assert_eq!(filter.kinds, [FacilityKind::Tcm, FacilityKind::General]);
        assert_eq!(filter.services, [Service::Acupuncture]);
        assert_eq!(filter.open_at, LocalTime::new(6, 7, 5));
        assert_eq!(
            parse(&["--kind", "tcm", "--kind", "general"]).unwrap().unwrap().kinds.len(),
            2,
            "a flag may repeat"
        );
        assert_eq!(parse(&["--region", "500111"]).unwrap().unwrap().region, Region::new(500_111));
        assert_eq!(
            parse(&["--region", "5001"]).unwrap().unwrap_err(),
            "--region 5001: expected a 6-digit adcode such as 510100"
        );
        assert!(parse(&["--open-at", "Monday,20:30"]).unwrap().is_err());
        assert!(parse(&["--open-at", "Mo,24:30"]).unwrap().is_err());
        assert!(parse(&["--role", "lead"]).unwrap().unwrap_err().contains("only with --network"));
        assert!(parse(&["--designation", "chest"])
            .unwrap()
            .unwrap_err()
            .starts_with("--designation \"chest\": unknown; expected one of chest_pain_centre"));
        assert!(parse(&["--colour", "red"]).is_err(), "only the fields' flags exist");
    }
}
