//! `datakit report --region ADCODE`: how complete an area's listings are,
//! which institutions lack what, and how old their sources are. What a
//! health commission runs before it sends its tables in (`docs/KEEPERS.md`).
//!
//! The area's institutions are those whose county code lies in the county,
//! city or province (as `datakit query --region` keeps them); a record
//! without a county code is in no area.
//!
//! - **Completeness**, field by field ([`Gap`]): an exact place
//!   ([`engine::LocationPrecision::is_placed`]), a phone, hours, a service, a
//!   grade (not `unknown`), membership of any network, a feature. The counts
//!   of place, phone, hours, services and features are [`engine::Coverage`]'s;
//!   grade and networks are counted here, from the same pass as the to-do list
//!   (the coverage knows no networks: they are the dataset's).
//! - **The to-do list**: every institution that lacks one of these, with
//!   what it lacks. Hospitals first, then community, township and central
//!   township centres, then stations and clinics, then village clinics
//!   ([`tier`]): a hospital is where most patients go and what most people
//!   search for, so a gap there misleads the most people, and a commission
//!   holds its hospitals' details at hand. Within a tier the most gaps first
//!   (one table from the commission fills most of them), then by id, so the
//!   same data gives the same list. Each gap names the column of `datakit
//!   facts import` or the field of a correction that fills it.
//! - **How old the sources are**: an institution's newest source is the
//!   newest of its lists' dates and its facts' citation dates (a citation
//!   dated only `2024` or `2024-05` counts from the first day of it, so an age
//!   is never understated); counted in bands by calendar years before today:
//!   within 1 year, 1–3, 3–5, over 5, and none dated (a record kept by hand
//!   without dated facts).

use engine::{Coverage, Dataset, FacilityKind, FacilityRef, Filter, Grade, Scope};

use crate::report::{date_of_days, days_since_epoch};

/// A field the report counts, and an institution may lack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    Location,
    Phones,
    OpeningHours,
    Services,
    Grade,
    Networks,
    Features,
}

impl Gap {
    /// Every field, in the order the report lists them.
    pub const ALL: [Gap; 7] = [
        Gap::Location,
        Gap::Phones,
        Gap::OpeningHours,
        Gap::Services,
        Gap::Grade,
        Gap::Networks,
        Gap::Features,
    ];

    /// Its code: the column of `facts import` or the field of a correction that fills it.
    pub fn code(self) -> &'static str {
        match self {
            Gap::Location => "location",
            Gap::Phones => "phones",
            Gap::OpeningHours => "opening_hours",
            Gap::Services => "services",
            Gap::Grade => "grade",
            Gap::Networks => "networks",
            Gap::Features => "features",
        }
    }

    /// Its label, Chinese then English.
    pub fn label(self) -> &'static str {
        match self {
            Gap::Location => "确切位置 exact place",
            Gap::Phones => "电话 phone",
            Gap::OpeningHours => "开放时间 hours",
            Gap::Services => "服务 services",
            Gap::Grade => "等级 grade",
            Gap::Networks => "医联体与联盟 networks",
            Gap::Features => "医保、无障碍、预约 features",
        }
    }

    /// Whether the facility states this field.
    fn stated(self, dataset: &Dataset, f: &FacilityRef<'_>) -> bool {
        match self {
            Gap::Location => f.precision().is_placed(),
            Gap::Phones => f.phones().next().is_some(),
            Gap::OpeningHours => !f.opening_hours().is_empty(),
            Gap::Services => f.services().next().is_some(),
            Gap::Grade => f.grade() != Grade::NotListed,
            Gap::Networks => !dataset.networks_of(f.slot()).is_empty(),
            Gap::Features => f.features().next().is_some(),
        }
    }
}

/// How long ago an institution's newest source is dated (the discriminant
/// is its place in [`Age::ALL`] and [`RegionReport::ages`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Age {
    WithinOneYear = 0,
    OneToThreeYears = 1,
    ThreeToFiveYears = 2,
    OverFiveYears = 3,
    Undated = 4,
}

impl Age {
    /// Every band, newest first.
    pub const ALL: [Age; 5] = [
        Age::WithinOneYear,
        Age::OneToThreeYears,
        Age::ThreeToFiveYears,
        Age::OverFiveYears,
        Age::Undated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Age::WithinOneYear => "within_1_year",
            Age::OneToThreeYears => "1_to_3_years",
            Age::ThreeToFiveYears => "3_to_5_years",
            Age::OverFiveYears => "over_5_years",
            Age::Undated => "undated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Age::WithinOneYear => "一年内 within 1 year",
            Age::OneToThreeYears => "1–3 年 1–3 years",
            Age::ThreeToFiveYears => "3–5 年 3–5 years",
            Age::OverFiveYears => "5 年以上 over 5 years",
            Age::Undated => "无日期 no dated source",
        }
    }

    /// The band of a source dated `newest` (days since the epoch), by
    /// calendar years before `today`: exactly a year ago is within a year.
    pub fn of(newest: Option<i64>, today_days: i64) -> Age {
        let Some(newest) = newest else { return Age::Undated };
        if newest >= years_before(today_days, 1) {
            Age::WithinOneYear
        } else if newest >= years_before(today_days, 3) {
            Age::OneToThreeYears
        } else if newest >= years_before(today_days, 5) {
            Age::ThreeToFiveYears
        } else {
            Age::OverFiveYears
        }
    }
}

/// The same day `years` years before (29 February becomes the 28th).
fn years_before(days: i64, years: u32) -> i64 {
    let (y, m, d) = engine::calendar::civil(days.clamp(0, i64::from(u32::MAX / 2)) as u32);
    let d = if m == 2 && d == 29 { 28 } else { d };
    i64::from(engine::calendar::date(y.saturating_sub(years).max(1970), m, d))
}

/// Days since the epoch of a citation's date: `YYYY-MM-DD`, or `YYYY-MM`
/// or `YYYY` counted from their first day.
pub fn source_day(date: &str) -> Option<i64> {
    let date = date.trim();
    match date.len() {
        4 => days_since_epoch(&format!("{date}-01-01")),
        7 => days_since_epoch(&format!("{date}-01")),
        _ => days_since_epoch(date),
    }
}

/// The newest of a facility's lists' dates and its facts' citation dates.
pub fn newest_source(dataset: &Dataset, f: &FacilityRef<'_>) -> Option<i64> {
    let lists = f.lists().filter_map(|id| dataset.list(id)).filter_map(|l| source_day(&l.date));
    let facts = f.facts().filter_map(|fact| source_day(&fact.citation.date));
    lists.chain(facts).max()
}

/// The order of the to-do list by kind: hospitals (0), health centres (1),
/// stations and clinics (2), village clinics (3).
pub fn tier(kind: FacilityKind) -> u8 {
    use FacilityKind::*;
    match kind {
        General | Tcm | IntegratedTcm | EthnicMedicine | Specialty | MaternalChild => 0,
        CommunityCentre | TownshipCentre | CentralTownshipCentre => 1,
        CommunityStation | Clinic | TcmClinic => 2,
        VillageClinic => 3,
    }
}

/// The area a report is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    pub adcode: u32,
    /// Its full name, "重庆市 大足区".
    pub name: String,
    /// `province`, `city` or `county`.
    pub level: &'static str,
}

impl Area {
    /// The area of an adcode the bundled boundaries know; any other is refused, named.
    pub fn find(adcode: u32) -> Result<Area, String> {
        let boundaries = crate::query::known_region(adcode)?;
        let region = boundaries.get(adcode).ok_or_else(|| crate::query::unknown_region(adcode))?;
        Ok(Area {
            adcode,
            name: boundaries.full_name(adcode).unwrap_or_else(|| region.name.clone()),
            level: region.level.code(),
        })
    }

    fn level_label(&self) -> &'static str {
        match self.level {
            "province" => "省级 province",
            "city" => "市级 city",
            _ => "县级 county",
        }
    }
}

/// One line of the to-do list.
#[derive(Clone, Debug)]
pub struct Todo<'a> {
    pub facility: FacilityRef<'a>,
    pub lacks: Vec<Gap>,
    /// The newest source's date, days since the epoch.
    pub newest: Option<i64>,
}

/// The whole report.
#[derive(Clone, Debug)]
pub struct RegionReport<'a> {
    pub area: Area,
    pub today_days: i64,
    pub coverage: Coverage,
    /// Institutions with a grade other than `unknown`.
    pub graded: u32,
    /// Institutions in any network.
    pub in_networks: u32,
    /// Institutions per [`Age`] band, in [`Age::ALL`]'s order.
    pub ages: [u32; 5],
    /// What each institution lacks, in the order of the module doc.
    pub todo: Vec<Todo<'a>>,
}

impl RegionReport<'_> {
    /// How many state the field.
    pub fn with(&self, gap: Gap) -> u32 {
        let c = &self.coverage;
        match gap {
            Gap::Location => c.placed,
            Gap::Phones => c.with_phone,
            Gap::OpeningHours => c.with_hours,
            Gap::Services => c.with_services,
            Gap::Grade => self.graded,
            Gap::Networks => self.in_networks,
            Gap::Features => c.with_features,
        }
    }

    /// `with` as a percentage of the institutions, to one decimal; none for an empty area.
    pub fn percent(&self, with: u32) -> Option<f64> {
        let all = self.coverage.facilities;
        (all > 0).then(|| (f64::from(with) * 1_000.0 / f64::from(all)).round() / 10.0)
    }
}

/// The report on `area`'s institutions in `dataset`, as of `today_days`.
pub fn report(dataset: &Dataset, area: Area, today_days: i64) -> RegionReport<'_> {
    let filter = Filter { region: engine::Region::new(area.adcode), ..Filter::all() };
    let facilities = dataset.matching(&filter, Scope::Everywhere);
    let coverage = Coverage::of(facilities.iter().cloned());
    let (mut graded, mut in_networks, mut ages) = (0, 0, [0u32; 5]);
    let mut todo = Vec::new();
    for f in facilities {
        let lacks: Vec<Gap> = Gap::ALL.into_iter().filter(|g| !g.stated(dataset, &f)).collect();
        graded += u32::from(!lacks.contains(&Gap::Grade));
        in_networks += u32::from(!lacks.contains(&Gap::Networks));
        let newest = newest_source(dataset, &f);
        let age = Age::of(newest, today_days);
        ages[age as usize] += 1;
        if !lacks.is_empty() {
            todo.push(Todo { facility: f, lacks, newest });
        }
    }
    engine::sort_by(&mut todo, |a, b| {
        tier(a.facility.kind())
            .cmp(&tier(b.facility.kind()))
            .then(b.lacks.len().cmp(&a.lacks.len()))
            .then_with(|| a.facility.id().cmp(b.facility.id()))
    });
    RegionReport { area, today_days, coverage, graded, in_networks, ages, todo }
}

/// Who states services and features: the coverage's publishers, most used first.
fn stated_by(sources: &[(String, u32)]) -> serde_json::Value {
    sources.iter().map(|(s, n)| serde_json::json!({"source": s, "institutions": n})).collect()
}

/// The report as one JSON object: the area, the counts, the bands and the whole to-do list.
pub fn to_json(r: &RegionReport<'_>) -> serde_json::Value {
    let completeness: Vec<serde_json::Value> = Gap::ALL
        .iter()
        .map(|&g| {
            let with = r.with(g);
            serde_json::json!({
                "field": g.code(),
                "label": g.label(),
                "with": with,
                "without": r.coverage.facilities - with,
                "percent": r.percent(with),
            })
        })
        .collect();
    let ages: Vec<serde_json::Value> = Age::ALL
        .iter()
        .zip(r.ages)
        .map(|(a, n)| {
            serde_json::json!({"band": a.code(), "label": a.label(), "institutions": n, "percent": r.percent(n)})
        })
        .collect();
    let todo: Vec<serde_json::Value> = r
        .todo
        .iter()
        .map(|t| {
            let f = &t.facility;
            serde_json::json!({
                "id": f.id(),
                "name": f.name(),
                "kind": f.kind().code(),
                "county_code": f.county_code(),
                "lacks": t.lacks.iter().map(|g| g.code()).collect::<Vec<_>>(),
                "newest_source": t.newest.map(date_of_days),
            })
        })
        .collect();
    serde_json::json!({
        "area": {"adcode": r.area.adcode, "name": r.area.name, "level": r.area.level},
        "today": date_of_days(r.today_days),
        "institutions": r.coverage.facilities,
        "completeness": completeness,
        "stated_by": {
            "services": stated_by(&r.coverage.service_sources),
            "features": stated_by(&r.coverage.feature_sources),
        },
        "source_age": ages,
        "todo": todo,
    })
}

/// The report as text: tables, and the first `todo_rows` of the to-do list (0: all of it).
pub fn render(r: &RegionReport<'_>, todo_rows: usize) -> String {
    use std::fmt::Write;
    let percent = |n: u32| r.percent(n).map_or_else(|| "—".to_string(), |p| format!("{p:.1}%"));
    let mut out = String::new();
    let all = r.coverage.facilities;
    let _ = writeln!(
        out,
        "{} ({}), {} · {all} 家机构 institutions · {}\n",
        r.area.name,
        r.area.adcode,
        r.area.level_label(),
        date_of_days(r.today_days)
    );
    let _ = writeln!(out, "完整程度 Completeness\n");
    let _ = writeln!(out, "| 字段 field | code | 有 with | 缺 lacking | 有 % |");
    let _ = writeln!(out, "| --- | --- | ---: | ---: | ---: |");
    for g in Gap::ALL {
        let with = r.with(g);
        let _ = writeln!(
            out,
            "| {} | `{}` | {with} | {} | {} |",
            g.label(),
            g.code(),
            all - with,
            percent(with)
        );
    }
    for (gap, sources) in
        [(Gap::Services, &r.coverage.service_sources), (Gap::Features, &r.coverage.feature_sources)]
    {
        if !sources.is_empty() {
            let named: Vec<String> = sources.iter().map(|(s, n)| format!("{s} ({n})")).collect();
            let _ = writeln!(out, "\n{} 来源 stated by: {}", gap.label(), named.join("; "));
        }
    }
    let _ = writeln!(out, "\n最新来源 How old the newest source is\n");
    let _ = writeln!(out, "| 最新来源 newest source | 机构 institutions | % |");
    let _ = writeln!(out, "| --- | ---: | ---: |");
    for (a, n) in Age::ALL.iter().zip(r.ages) {
        let _ = writeln!(out, "| {} | {n} | {} |", a.label(), percent(n));
    }
    let _ = writeln!(
        out,
        "\n待办 To do: {} institutions lack something (hospitals first, then most lacking, then id)\n",
        r.todo.len()
    );
    if !r.todo.is_empty() {
        let _ =
            writeln!(out, "| # | id | 名称 name | 类别 kind | 缺 lacks | 最新来源 newest source |");
        let _ = writeln!(out, "| ---: | --- | --- | --- | --- | --- |");
    }
    let shown = if todo_rows == 0 { r.todo.len() } else { todo_rows.min(r.todo.len()) };
    for (i, t) in r.todo.iter().take(shown).enumerate() {
        let f = &t.facility;
        let lacks: Vec<&str> = t.lacks.iter().map(|g| g.code()).collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            i + 1,
            f.id(),
            f.name(),
            f.kind().zh(),
            lacks.join(", "),
            t.newest.map_or_else(|| "—".to_string(), date_of_days)
        );
    }
    if shown < r.todo.len() {
        let _ = writeln!(
            out,
            "\n… {} more: --todo 0 lists them all (--json always does)",
            r.todo.len() - shown
        );
    }
    let _ = writeln!(
        out,
        "\nphones, opening_hours, services, features: `datakit facts import`; networks: \
         `datakit members import`; location, grade: a correction (`datakit corrections apply`) or `data/curated.csv`."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{
        Citation, Facility, FactField, Feature, LatLon, LocationPrecision, Member, Network,
        NetworkKind, Role, Service, SourceList,
    };

    const TODAY: &str = "2026-11-30";

    fn today() -> i64 {
        days_since_epoch(TODAY).unwrap()
    }

    fn cite(date: &str) -> Citation {
        Citation {
            source: format!("合成卫健委 synthetic: 名单 {date}"),
            date: date.into(),
            url: String::new(),
        }
    }

    fn list(id: &str, date: &str) -> SourceList {
        SourceList {
            id: id.into(),
            name: format!("合成名单 synthetic list {id}"),
            publisher: "合成卫健委 synthetic".into(),
            date: date.into(),
            ..SourceList::default()
        }
    }

    /// Six synthetic institutions of 大足区 (500111), one of 武侯区, one without a county.
    fn dataset() -> Dataset {
        let at = LatLon::new(29.70, 105.72).unwrap();
        let place = |id: &str, name: &str, kind, county, precision| Facility {
            county_code: county,
            precision,
            source: "合成 synthetic test record".into(),
            last_checked: "2026-01-01".into(),
            ..Facility::new(id, name, kind, at)
        };
        use FacilityKind::*;
        use LocationPrecision::*;
        let mut ph = place("syn-ph", "合成大足区人民医院", General, 500111, AddressGeocoded);
        ph.grade = Grade::SecondaryA;
        ph.phones = vec!["023-00000001".into()];
        ph.opening_hours = "24/7".into();
        ph.services = vec![Service::Acupuncture];
        ph.facts = vec![engine::Fact {
            field: FactField::Service(Service::Acupuncture),
            value: String::new(),
            citation: cite("2026-03-01"),
        }];
        let mut tcm = place("syn-tcm", "合成大足区中医院", Tcm, 500111, CountySeat);
        tcm.lists = vec!["syn-list-2021".into()];
        let mut village_a =
            place("syn-village-a", "合成甲村卫生室", VillageClinic, 500111, TownshipSeat);
        village_a.lists = vec!["syn-list-2023".into()];
        let mut village_b =
            place("syn-village-b", "合成乙村卫生室", VillageClinic, 500111, CountyArea);
        village_b.features = vec![Feature::MedicalInsurance];
        village_b.facts = vec![engine::Fact {
            field: FactField::Feature(Feature::MedicalInsurance),
            value: String::new(),
            citation: cite("2022"),
        }];
        let mut township =
            place("syn-township", "合成镇中心卫生院", CentralTownshipCentre, 500111, Approximate);
        township.grade = Grade::Primary;
        township.phones = vec!["023-00000005".into()];
        let mut complete = place("syn-complete", "合成完整专科医院", Specialty, 500111, Surveyed);
        complete.grade = Grade::TertiaryA;
        complete.phones = vec!["023-00000006".into()];
        complete.opening_hours = "Mo-Fr 08:00-17:00".into();
        complete.services = vec![Service::Tuina];
        complete.features = vec![Feature::StepFree];
        complete.lists = vec!["syn-list-2025".into()];
        complete.facts = vec![
            engine::Fact {
                field: FactField::Service(Service::Tuina),
                value: String::new(),
                citation: cite("2020-05"),
            },
            engine::Fact {
                field: FactField::Feature(Feature::StepFree),
                value: String::new(),
                citation: cite("2020-05-04"),
            },
        ];
        let elsewhere = place("syn-elsewhere", "合成武侯区医院", General, 510107, Surveyed);
        let nowhere = place("syn-nowhere", "合成无县医院", General, 0, Surveyed);
        let network = Network {
            id: "syn-net".into(),
            name: "合成医共体 synthetic".into(),
            name_en: String::new(),
            kind: NetworkKind::CountyMedicalCommunity,
            specialty: None,
            region: "合成 synthetic".into(),
            source: "合成 synthetic".into(),
            last_checked: "2026-01-01".into(),
            members: ["syn-ph", "syn-complete", "syn-elsewhere"]
                .iter()
                .map(|id| Member {
                    facility_id: id.to_string(),
                    role: Role::Member,
                    citation: cite("2026-01-01"),
                })
                .collect(),
        };
        let lists = [
            list("syn-list-2021", "2021-06-07"),
            list("syn-list-2023", "2023-11-30"),
            list("syn-list-2025", "2025-11-30"),
        ];
        let facilities = [ph, tcm, village_a, village_b, township, complete, elsewhere, nowhere];
        let bytes = engine::codec::encode_dataset(&facilities, &[network], &lists, 0).unwrap();
        Dataset::from_bytes(&bytes).unwrap()
    }

    fn dazu() -> Area {
        Area { adcode: 500111, name: "重庆市 大足区".into(), level: "county" }
    }

    #[test]
    fn counts_each_field_over_the_areas_institutions_only() {
        let d = dataset();
        let r = report(&d, dazu(), today());
        assert_eq!(r.coverage.facilities, 6, "武侯区's and the one without a county are left out");
        let counts: Vec<(&str, u32)> = Gap::ALL.iter().map(|&g| (g.code(), r.with(g))).collect();
        assert_eq!(
            counts,
            [
                ("location", 4),
                ("phones", 3),
                ("opening_hours", 2),
                ("services", 2),
                ("grade", 3),
                ("networks", 2),
                ("features", 2),
            ]
        );
        assert_eq!(r.percent(4), Some(66.7));
        assert_eq!(r.coverage.service_sources, [("合成卫健委 synthetic".to_string(), 2)]);
        let chongqing = report(&d, Area { adcode: 500000, ..dazu() }, today());
        assert_eq!(chongqing.coverage.facilities, 6, "a province holds its counties");
        let wuhou = report(&d, Area { adcode: 510107, ..dazu() }, today());
        assert_eq!((wuhou.coverage.facilities, wuhou.in_networks, wuhou.todo.len()), (1, 1, 1));
        let empty = report(&d, Area { adcode: 510100 + 4, ..dazu() }, today());
        assert_eq!((empty.coverage.facilities, empty.percent(0)), (0, None));
    }

    #[test]
    fn the_todo_list_puts_hospitals_first_then_most_lacking_then_id() {
        let d = dataset();
        let r = report(&d, dazu(), today());
        let rows: Vec<(&str, Vec<&str>)> = r
            .todo
            .iter()
            .map(|t| (t.facility.id(), t.lacks.iter().map(|g| g.code()).collect()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "syn-tcm",
                    vec![
                        "location",
                        "phones",
                        "opening_hours",
                        "services",
                        "grade",
                        "networks",
                        "features"
                    ]
                ),
                ("syn-ph", vec!["features"]),
                ("syn-township", vec!["opening_hours", "services", "networks", "features"]),
                (
                    "syn-village-a",
                    vec!["phones", "opening_hours", "services", "grade", "networks", "features"]
                ),
                (
                    "syn-village-b",
                    vec!["location", "phones", "opening_hours", "services", "grade", "networks"]
                ),
            ],
            "syn-complete lacks nothing and is not listed"
        );
    }

    #[test]
    fn sources_are_aged_by_their_newest_date_in_calendar_years() {
        let d = dataset();
        let r = report(&d, dazu(), today());
        // within 1 year: syn-ph (a fact of 2026-03-01), syn-complete (its list
        // of 2025-11-30, exactly a year ago, newer than its facts of 2020);
        // 1–3: syn-village-a (2023-11-30, exactly three years); 3–5:
        // syn-village-b (a fact dated only 2022); over 5: syn-tcm (2021-06-07);
        // undated: syn-township.
        assert_eq!(r.ages, [2, 1, 1, 1, 1]);
        let newest = |id: &str| {
            let f = d.facilities().find(|f| f.id() == id).unwrap();
            newest_source(&d, &f).map(date_of_days)
        };
        assert_eq!(newest("syn-complete").as_deref(), Some("2025-11-30"));
        assert_eq!(newest("syn-village-b").as_deref(), Some("2022-01-01"));
        assert_eq!(newest("syn-township"), None);
        let day = |s| days_since_epoch(s).unwrap();
        assert_eq!(Age::of(Some(day("2025-11-29")), today()), Age::OneToThreeYears);
        assert_eq!(Age::of(Some(day("2021-11-30")), today()), Age::ThreeToFiveYears);
        assert_eq!(Age::of(Some(day("2021-11-29")), today()), Age::OverFiveYears);
        assert_eq!(Age::of(Some(day("2027-01-01")), today()), Age::WithinOneYear);
        assert_eq!(years_before(day("2028-02-29"), 1), day("2027-02-28"));
        assert_eq!(source_day("2024-05"), Some(day("2024-05-01")));
        assert_eq!(source_day("soon"), None);
    }

    #[test]
    fn an_adcode_the_boundaries_do_not_know_is_refused_by_name() {
        let err = Area::find(500199).unwrap_err();
        assert!(
            err.contains("--region 500199") && err.contains("not a province, city or county"),
            "{err}"
        );
        assert!(Area::find(5001).unwrap_err().contains("6-digit adcode"));
        let dazu = Area::find(500111).unwrap();
        assert_eq!((dazu.name.as_str(), dazu.level), ("重庆市 大足区", "county"));
        assert_eq!(Area::find(510000).unwrap().level, "province");
    }

    #[test]
    fn json_holds_the_area_the_counts_the_bands_and_the_whole_todo_list() {
        let d = dataset();
        let r = report(&d, dazu(), today());
        let json = to_json(&r);
        let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["area", "completeness", "institutions", "source_age", "stated_by", "today", "todo"]
        );
        assert_eq!(
            json["area"],
            serde_json::json!({"adcode": 500111, "name": "重庆市 大足区", "level": "county"})
        );
        assert_eq!((json["today"].as_str(), json["institutions"].as_u64()), (Some(TODAY), Some(6)));
        assert_eq!(
            json["completeness"][0],
            serde_json::json!({"field": "location", "label": "确切位置 exact place", "with": 4, "without": 2, "percent": 66.7})
        );
        assert_eq!(json["completeness"].as_array().unwrap().len(), 7);
        assert_eq!(json["source_age"][4]["band"], "undated");
        assert_eq!(json["source_age"][4]["institutions"], 1);
        assert_eq!(json["stated_by"]["features"][0]["institutions"], 2);
        assert_eq!(json["todo"].as_array().unwrap().len(), 5);
        assert_eq!(
            json["todo"][1],
            serde_json::json!({
                "id": "syn-ph",
                "name": "合成大足区人民医院",
                "kind": "general",
                "county_code": 500111,
                "lacks": ["features"],
                "newest_source": "2026-03-01",
            })
        );
        assert_eq!(json["todo"][2]["newest_source"], serde_json::Value::Null);
    }

    #[test]
    fn the_text_report_has_its_tables_and_cuts_the_todo_list() {
        let d = dataset();
        let r = report(&d, dazu(), today());
        let text = render(&r, 2);
        assert!(
            text.starts_with(
                "重庆市 大足区 (500111), 县级 county · 6 家机构 institutions · 2026-11-30\n"
            ),
            "{text}"
        );
        assert!(text.contains("| 确切位置 exact place | `location` | 4 | 2 | 66.7% |"), "{text}");
        assert!(text.contains("| 无日期 no dated source | 1 | 16.7% |"), "{text}");
        assert!(
            text.contains(
                "| 2 | `syn-ph` | 合成大足区人民医院 | 综合医院 | features | 2026-03-01 |"
            ),
            "{text}"
        );
        assert!(!text.contains("syn-township"), "{text}");
        assert!(text.contains("… 3 more: --todo 0 lists them all"), "{text}");
        assert!(render(&r, 0).contains("| 5 | `syn-village-b` |"));
    }
}
