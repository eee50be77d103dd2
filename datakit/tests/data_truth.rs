//! Issue 27 end to end: a small list written for the test (synthetic
//! institutions, 合成, in real counties) holding each kind of error the
//! audit found, imported; what the records say, what the report counts, and
//! that `datakit check` passes on what the import made.

use std::path::Path;

const SPEC: &str = r#"
[list]
id = "synthetic-truth"
name = "合成测试名单（数据真实性）"
publisher = "合成"
date = "2021-06-07"
licence = "synthetic"
url = "synthetic"
file = "truth.csv"
format = "csv"
phones = "institution"

[columns]
name = "名称"
address = "地址"
phones = "电话"
province = "省"
city = "市"
county = "区县"
"#;

/// Each row one of the audit's findings, in the list's own words.
const ROWS: &str = "名称,地址,电话,省,市,区县
茂县合成人民医院,四川省阿坝藏族羌族自治州茂县凤仪镇北大街1号,,四川,阿坝,
市第九十九人民医院,中山一路1号,,重庆市,重庆市,渝中区
县妇幼保健计划生育服务中心,,,重庆市,重庆市,
巫溪县合成妇幼保健院,,,重庆市,重庆市,巫溪县
巫溪县合成妇幼保健计划生育服务中心,,,重庆市,重庆市,巫溪县
高唐街道合成社区卫生服务中心一门诊,高唐街道平湖西路1号,023-99990101,重庆市,重庆市,巫山县
合成甲医院（合成乙医院、合成丙研究所）,,,重庆市,重庆市,大足区
合成丁医院（骨科专科）,,,重庆市,重庆市,大足区
宜宾合成一医院,,0831-9999001,四川,宜宾,江安县
宜宾合成二医院,,0831-9999002,四川,宜宾,江安县
宜宾合成三医院,,0831-9999003,四川,宜宾,江安县
江安县合成人民医院,,0381-9999004,四川,宜宾,江安县
合成市第一人民医院（合成市中西医结合医院）,,,四川,成都,青羊区
第九十九人民医院,,,四川,宜宾,江安县
第九十八人民医院,,,四川,成都,青羊区
忠县合成中医院白桥社区卫生服务站,,,重庆市,重庆市,忠县
甘孜州合成卫校附院,,,四川,甘孜,康定市
甘孜合成卫校附属医院,,,四川,甘孜,康定市
合成甲县人民医院、合成乙县妇幼保健院,,,重庆市,重庆市,大足区
合成成大附院,,,重庆市,重庆市,大足区
合成成都大学附属医院,,,重庆市,重庆市,大足区
合成北部妇产医院,翠渝路1号,,重庆市,重庆市,渝北区
";

/// A newer list that knows only the city (as 两江新区 or a list with no county column does).
const CITY_ONLY_SPEC: &str = r#"
[list]
id = "synthetic-truth-city"
name = "合成测试名单（只写城市）"
publisher = "合成"
date = "2021-09-01"
licence = "synthetic"
url = "synthetic"
file = "truth_city.csv"
format = "csv"
phones = "institution"

[columns]
name = "名称"
province = "省"
city = "市"
"#;

const CITY_ONLY_ROWS: &str = "名称,省,市
合成北部妇产医院,重庆市,重庆市
";

/// Names a keeper found to be one institution's.
const SAME: &str = "county,name,same_as,reason
500111,合成成大附院,合成成都大学附属医院,synthetic: the same address in both rows
500111,合成不在名单上的医院,合成别的医院,synthetic: no row names it
";

fn cell(data: &Path, name: &str, column: &str) -> String {
    let mut reader = csv::Reader::from_path(data.join("facilities.csv")).unwrap();
    let at = reader.headers().unwrap().iter().position(|h| h == column).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[1] == name)
        .unwrap_or_else(|| panic!("no record {name}"));
    row[at].to_string()
}

#[test]
fn each_kind_of_error_the_audit_found_is_corrected_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let (data, sources) = (dir.path().join("data"), dir.path().join("sources"));
    std::fs::create_dir_all(data.join("imports")).unwrap();
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::write(data.join("imports/synthetic-truth.toml"), SPEC).unwrap();
    std::fs::write(
        data.join("curated.csv"),
        "id,name,kind,grade,lat,lon,location_precision,source,last_checked\n",
    )
    .unwrap();
    std::fs::write(sources.join("truth.csv"), ROWS).unwrap();
    std::fs::write(data.join("imports/synthetic-truth-city.toml"), CITY_ONLY_SPEC).unwrap();
    std::fs::write(sources.join("truth_city.csv"), CITY_ONLY_ROWS).unwrap();
    std::fs::write(data.join("imports/same_institutions.csv"), SAME).unwrap();
    datakit::lists::import(&sources, &data).unwrap();
    // A prefecture's word is not its namesake county: 茂县, not 阿坝县.
    assert_eq!(cell(&data, "茂县合成人民医院", "county_code"), "513223");
    // A name without its place, written from the list's columns (no such hospital: a
    // name that says only its kind, as 市人民医院 does).
    assert_eq!(cell(&data, "重庆市第九十九人民医院", "county_code"), "500103");
    // A renamed maternal and child health hospital is one record.
    assert_eq!(
        cell(&data, "巫溪县合成妇幼保健院", "aliases"),
        "巫溪县合成妇幼保健计划生育服务中心"
    );
    // A clinic of a community health centre is the centre, without its number.
    assert_eq!(cell(&data, "高唐街道合成社区卫生服务中心", "phones"), "");
    // Aliases are names, one each.
    assert_eq!(cell(&data, "合成甲医院", "aliases"), "合成乙医院; 合成丙研究所");
    assert_eq!(cell(&data, "合成丁医院", "aliases"), "");
    // A number whose area code is not its city's is not published.
    assert_eq!(cell(&data, "江安县合成人民医院", "phones"), "");
    assert_eq!(cell(&data, "宜宾合成一医院", "phones"), "0831-9999001");
    // The alias that says what it is decides the kind.
    assert_eq!(cell(&data, "合成市第一人民医院", "kind"), "integrated");
    // A bare name in a 县's row is the 县's; in a city's district's row it cannot be told.
    assert_eq!(cell(&data, "江安县第九十九人民医院", "county_code"), "511523");
    // A station is a station, whoever runs it.
    assert_eq!(cell(&data, "忠县合成中医院白桥社区卫生服务站", "kind"), "community_station");
    // 附院 is 附属医院: one record.
    let names: Vec<String> = csv::Reader::from_path(data.join("facilities.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert_eq!(names.iter().filter(|n| n.contains("合成卫校附")).count(), 1, "{names:?}");
    // A site named after two institutions is neither.
    assert!(!names.iter().any(|n| n.contains("合成甲县人民医院")), "{names:?}");
    // A keeper's reviewed name: one record, the other name an alias.
    assert_eq!(cell(&data, "合成成都大学附属医院", "aliases"), "合成成大附院");
    assert!(!names.iter().any(|n| n == "合成成大附院"));
    // A newer row that knows only the city does not overrule the county an older row names.
    assert_eq!(cell(&data, "合成北部妇产医院", "county_code"), "500112");
    let report = std::fs::read_to_string(data.join("IMPORT_REPORT.md")).unwrap();
    for counted in [
        "a 县's or 区's institution, the list not saying which: **1**",
        "records named only by their kind (妇幼保健院 in a district's row, 社区卫生服务中心) that no institution of their county took in: left out, which institution it is cannot be told: **1**",
        "a site named after two institutions: **1**",
        "rows a keeper reviewed as another name of an institution no rule can tell (`data/imports/same_institutions.csv`: 成大附院 is 成都大学附属医院), merged into it with their name kept as an alias: **1**",
        "reviewed names no list row names any more (look again at `data/imports/same_institutions.csv`): **1**: 500111 合成不在名单上的医院 = 合成别的医院",
        "names written without their place (市人民医院, 县医院, a county's bare 人民医院), written whole from the list's own columns: **2**",
        "rows whose name went on past the institution's (the part cut, its address not the institution's): **1**",
        "cells of other names that joined several names (、), split into one alias each: **1**",
        "words given as other names that are not a name (骨科专科), not kept: **1**",
        "records whose kind another of their names decides (成都市第一人民医院 is 成都市中西医结合医院): **1**",
        "numbers not published: their area code is neither their city's nor their county's",
    ] {
        assert!(report.contains(counted), "{counted}\n{report}");
    }
    let checked = datakit::build::check(&data.join("facilities.csv")).unwrap();
    assert_eq!(checked.warnings, Vec::<String>::new());
}
