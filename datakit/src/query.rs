//! `datakit query`: what a resident at a point would see.

use std::path::Path;

use engine::{Dataset, Designation, FacilityKind, Filter, Grade, InNetwork, LatLon, LocalTime, NetworkKind, Region, Role, Service};

/// Parses `LAT,LON` in WGS-84 degrees.
pub fn parse_point(text: &str) -> Result<LatLon, String> {
    let (lat, lon) = text.split_once(',').ok_or_else(|| format!("{text:?}: expected LAT,LON"))?;
    let parse = |s: &str| s.trim().parse::<f64>().map_err(|_| format!("{s:?} is not a number; expected LAT,LON"));
    LatLon::new(parse(lat)?, parse(lon)?).map_err(|e| e.to_string())
}

/// Filter flags as typed: comma-separated codes or labels per flag.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct FilterArgs {
    /// Facility kinds, any of (e.g. tcm,general).
    #[arg(long = "kind", value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Grades, any of (e.g. 3a,2a).
    #[arg(long = "grade", value_delimiter = ',')]
    pub grades: Vec<String>,
    /// Services, all of (e.g. acupuncture,tuina).
    #[arg(long = "service", value_delimiter = ',')]
    pub services: Vec<String>,
    /// Designations, all of (e.g. chest_pain_centre).
    #[arg(long = "designation", value_delimiter = ',')]
    pub designations: Vec<String>,
    /// A province, city or county by 6-digit adcode (e.g. 510000, 510100, 500111).
    #[arg(long)]
    pub region: Option<u32>,
    /// Only facilities whose listed hours say they are open then, as DAY,HH:MM local time (e.g. Mo,20:30).
    #[arg(long, value_name = "DAY,HH:MM")]
    pub open_at: Option<String>,
    /// Members of some network of any of these kinds (e.g. e_health_card).
    #[arg(long = "network-kind", value_delimiter = ',')]
    pub network_kinds: Vec<String>,
    /// Members of this network (by id).
    #[arg(long)]
    pub network: Option<String>,
    /// With --network: only members in this role (e.g. lead).
    #[arg(long, requires = "network")]
    pub role: Option<String>,
    /// Only facilities whose name, alias, pinyin (full or initials) or address contains this, as typed (e.g. 中医, zhongyi, zy).
    #[arg(long = "match", id = "match_text", value_name = "TEXT")]
    pub text: Option<String>,
}

/// Parses `Mo,20:30` (a weekday as in opening_hours, then a 24-hour clock).
pub fn parse_local_time(text: &str) -> Result<LocalTime, String> {
    let expected = || format!("--open-at {text:?}: expected DAY,HH:MM such as Mo,20:30");
    let (day, clock) = text.split_once(',').ok_or_else(expected)?;
    let weekday = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].iter().position(|d| *d == day.trim()).ok_or_else(expected)?;
    let (h, m) = clock.trim().split_once(':').ok_or_else(expected)?;
    let (h, m) = (h.parse::<u8>().map_err(|_| expected())?, m.parse::<u8>().map_err(|_| expected())?);
    LocalTime::new(weekday as u8, h, m).ok_or_else(expected)
}

impl FilterArgs {
    pub fn to_filter(&self) -> Result<Filter, String> {
        fn terms<T>(flag: &str, values: &[String], parse: fn(&str) -> Option<T>, codes: fn() -> String) -> Result<Vec<T>, String> {
            values
                .iter()
                .map(|v| parse(v).ok_or_else(|| format!("--{flag} {v:?}: unknown; expected one of {}", codes())))
                .collect()
        }
        Ok(Filter {
            kinds: terms("kind", &self.kinds, FacilityKind::parse, FacilityKind::codes)?,
            grades: terms("grade", &self.grades, Grade::parse, Grade::codes)?,
            services: terms("service", &self.services, Service::parse, Service::codes)?,
            designations: terms("designation", &self.designations, Designation::parse, Designation::codes)?,
            region: self
                .region
                .map(|code| Region::new(code).ok_or_else(|| format!("--region {code}: expected a 6-digit adcode such as 510100")))
                .transpose()?,
            open_at: self.open_at.as_deref().map(parse_local_time).transpose()?,
            network_kinds: terms("network-kind", &self.network_kinds, NetworkKind::parse, NetworkKind::codes)?,
            network: match &self.network {
                None => None,
                Some(id) => Some(InNetwork {
                    id: id.clone(),
                    role: self
                        .role
                        .as_deref()
                        .map(|r| Role::parse(r).ok_or_else(|| format!("--role {r:?}: unknown; expected one of {}", Role::codes())))
                        .transpose()?,
                }),
            },
            text: self.text.clone(),
        })
    }
}

/// The nearest `k` matching facilities as JSON objects, nearest first.
pub fn nearest_json(dataset: &Dataset, point: LatLon, k: usize, filter: &Filter) -> serde_json::Value {
    let hits = dataset.nearest(point, k, filter);
    serde_json::Value::Array(
        hits.iter()
            .map(|h| {
                let f = h.facility.to_facility();
                serde_json::json!({
                    "id": f.id,
                    "name": f.name,
                    "kind": f.kind.code(),
                    "grade": f.grade.code(),
                    "services": f.services.iter().map(|s| s.code()).collect::<Vec<_>>(),
                    "designations": f.designations.iter().map(|d| d.code()).collect::<Vec<_>>(),
                    "lat": f.point.lat(),
                    "lon": f.point.lon(),
                    "distance_m": (h.distance_m * 10.0).round() / 10.0,
                })
            })
            .collect(),
    )
}

/// Text-search results as JSON objects, best match first.
pub fn search_json(dataset: &Dataset, text: &str, near: Option<LatLon>, k: usize, filter: &Filter) -> serde_json::Value {
    serde_json::Value::Array(
        dataset
            .search(text, near, k, filter)
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.facility.id(),
                    "name": h.facility.name(),
                    "match": h.quality.describe(),
                    "distance_m": h.distance_m.map(|d| (d * 10.0).round() / 10.0),
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
            let known: Vec<&str> = dataset.networks().iter().map(|n| n.id.as_str()).take(12).collect();
            return Err(format!("--network {id:?}: no network with this id in the dataset; expected one of {}", known.join(", ")));
        }
    }
    if let Some(region) = filter.region {
        let code = region.code();
        let boundaries = crate::boundaries::read_overview(&crate::boundaries::bundled_dir())?;
        if boundaries.get(code).is_none() {
            return Err(format!("--region {code}: not a province, city or county in the boundaries; expected an adcode such as 510000, 510100 or 500111"));
        }
    }
    Ok(())
}
/// A compiled dataset: a `.xzd` file, or a published `manifest.json` (the
/// whole file it names, checked against it).
pub fn load(dataset_path: &Path) -> Result<Dataset, String> {
    let read = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: cannot read ({e}); run `datakit build` first", path.display()));
    // `datakit build --out X/facilities.xzd` publishes X/facilities.<hash>.xzd: the name given reaches it through X/manifest.json.
    let beside = dataset_path.with_file_name("manifest.json");
    if !dataset_path.exists() && dataset_path.extension().is_some_and(|e| e == "xzd") && beside.exists() {
        return load(&beside);
    }
    let bytes = read(dataset_path)?;
    if !bytes.starts_with(&engine::codec::MAGIC) && dataset_path.extension().is_some_and(|e| e == "json") {
        let text = String::from_utf8_lossy(&bytes);
        let manifest = engine::Manifest::parse(&text).map_err(|e| format!("{}: {e}", dataset_path.display()))?;
        let whole = manifest.whole.as_ref().ok_or_else(|| format!("{}: names no whole dataset", dataset_path.display()))?;
        let path = dataset_path.parent().unwrap_or(Path::new(".")).join(&whole.path);
        return whole.verify(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()));
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
                let distance = hit["distance_m"].as_f64().map_or_else(|| "—".to_string(), |m| format!("{m:.0} m"));
                println!("{:>22}  {distance:>10}  {}  {}", hit["match"].as_str().unwrap_or_default(), hit["id"].as_str().unwrap_or_default(), hit["name"].as_str().unwrap_or_default());
            }
        }
        return Ok(());
    }
    let Some(point) = near else {
        return Err("--near LAT,LON is required without --text".into());
    };
    if json {
        println!("{}", nearest_json(&dataset, point, k, &filter));
    } else {
        for hit in dataset.nearest(point, k, &filter) {
            println!("{:>10.0} m  {}  {}", hit.distance_m, hit.facility.id(), hit.facility.name());
        }
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
    fn a_hospital_finds_itself_by_pinyin_initials_and_by_name() {
        let dataset = crate::build::curated_dataset();
        let chengdu = parse_point("30.6574,104.0658").ok();
        let first = |text: &str| search_json(&dataset, text, chengdu, 5, &Filter::all())[0]["name"].clone();
        assert_eq!(first("hxyy"), "四川大学华西医院");
        assert_eq!(first("华西医院"), "四川大学华西医院");
        // Both Chongqing hospitals match equally; 附一院 lies west of the children's hospital, nearer Chengdu.
        assert_eq!(first("chongqing"), "重庆医科大学附属第一医院");
        assert_eq!(first("dzqzyy"), "大足区中医院");
        assert_eq!(first("lezhi"), "乐至县中医医院");
        assert!(search_json(&dataset, "beijing", chengdu, 5, &Filter::all()).as_array().unwrap().is_empty());
    }

    #[test]
    fn networks_and_designations_from_the_brief() {
        let dataset = crate::build::curated_dataset();
        let here = parse_point("30.6574,104.0658").unwrap();
        let ids = |args: FilterArgs| -> Vec<String> {
            let hits = nearest_json(&dataset, here, 20, &args.to_filter().unwrap());
            let mut ids: Vec<String> = hits.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect();
            ids.sort_unstable();
            ids
        };
        let trust = FilterArgs { network: Some("trust-spph-dy2".into()), ..Default::default() };
        assert_eq!(ids(trust), ["sc-cd-spph", "sc-dy-2nd-ph"]);
        let managed = FilterArgs { network: Some("trust-spph-dy2".into()), role: Some("managed_by".into()), ..Default::default() };
        assert_eq!(ids(managed), ["sc-dy-2nd-ph"]);
        let pairing = FilterArgs { network_kinds: vec!["pairing".into()], ..Default::default() };
        assert_eq!(ids(pairing), ["sc-cd-spph", "sc-ms-qs-ph"]);
        let children = FilterArgs { designations: vec!["national_regional_centre".into()], ..Default::default() };
        assert_eq!(ids(children), ["cq-yz-chcmu", "sc-cd-wcsuh"]);
        let spph = dataset.facilities().find(|f| f.id() == "sc-cd-spph").unwrap();
        let roles: Vec<(String, engine::Role)> = dataset.networks_of(spph.slot()).iter().map(|(n, r)| (n.id.clone(), *r)).collect();
        assert_eq!(
            roles,
            [
                ("trust-spph-dy2".to_string(), engine::Role::Lead),
                ("pair-spph-qs".to_string(), engine::Role::Supporter),
                ("tr-cdmz-3a".to_string(), engine::Role::Member)
            ]
        );
        let crc = FilterArgs { network: Some("crc-geriatrics".into()), role: Some("branch".into()), ..Default::default() };
        assert_eq!(ids(crc), ["cq-yz-fahcmu"]);
    }

    #[test]
    fn match_keeps_the_nearest_whose_names_match() {
        let dataset = crate::build::curated_dataset();
        let dazu = parse_point("29.70,105.72").unwrap();
        let names = |text: &str| -> Vec<String> {
            let filter = FilterArgs { text: Some(text.into()), ..Default::default() }.to_filter().unwrap();
            nearest_json(&dataset, dazu, 3, &filter).as_array().unwrap().iter().map(|h| h["name"].as_str().unwrap().to_string()).collect()
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
        let dazu = FilterArgs { region: Some(500_111), ..Default::default() }.to_filter().unwrap();
        let hits = nearest_json(&dataset, parse_point("30.6574,104.0658").unwrap(), 20, &dazu);
        let mut ids: Vec<&str> = hits.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["cq-dz-longshui-cthc", "cq-dz-mchh", "cq-dz-ph", "cq-dz-sq-ph", "cq-dz-tcmh"]);
    }

    #[test]
    fn filter_flags_accept_codes_and_labels_and_name_bad_ones() {
        let args = FilterArgs { kinds: vec!["tcm".into(), "综合医院".into()], services: vec!["针灸".into()], ..Default::default() };
        let filter = args.to_filter().unwrap();
        assert_eq!(filter.kinds, [FacilityKind::Tcm, FacilityKind::General]);
        assert_eq!(filter.services, [Service::Acupuncture]);
        assert_eq!(FilterArgs { region: Some(500_111), ..Default::default() }.to_filter().unwrap().region, Region::new(500_111));
        assert!(FilterArgs { region: Some(5001), ..Default::default() }.to_filter().is_err());
        assert_eq!(parse_local_time("Mo,20:30"), Ok(LocalTime::new(0, 20, 30).unwrap()));
        assert_eq!(parse_local_time("Su, 07:05"), Ok(LocalTime::new(6, 7, 5).unwrap()));
        assert!(parse_local_time("Monday,20:30").is_err());
        assert!(parse_local_time("Mo,24:30").is_err());
        let bad = FilterArgs { designations: vec!["chest".into()], ..Default::default() };
        assert!(bad.to_filter().unwrap_err().starts_with("--designation \"chest\": unknown; expected one of chest_pain_centre"));
    }
}
