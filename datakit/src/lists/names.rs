//! What a list's name says: whether the row is a place of care at all, the
//! institution it names (without a department's suffix, with a campus kept
//! and a second name taken as an alias), its kind, and the key two lists'
//! names of one institution share.
//!
//! Every rule here is a table, and `data/SCHEMA.md` prints the kind table.

use engine::FacilityKind;

/// Why a row is not a facility in Xunzhen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LeftOut {
    /// 疾病预防控制中心 and other disease-control and prevention bodies.
    Cdc,
    /// Independent laboratories (医学检验所, 检验实验室, companies).
    Lab,
    /// Blood centres and stations.
    Blood,
    /// Health supervision and administration offices.
    Supervision,
    /// Temporary and mobile sites.
    Temporary,
    /// No name that names an institution.
    NoName,
}

impl LeftOut {
    pub const ALL: [LeftOut; 6] = [
        LeftOut::Cdc,
        LeftOut::Lab,
        LeftOut::Blood,
        LeftOut::Supervision,
        LeftOut::Temporary,
        LeftOut::NoName,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            LeftOut::Cdc => "disease control and prevention (疾病预防控制中心 and the like)",
            LeftOut::Lab => "independent laboratory",
            LeftOut::Blood => "blood centre or station",
            LeftOut::Supervision => "health supervision or administration office",
            LeftOut::Temporary => "temporary or mobile site",
            LeftOut::NoName => "no name that names an institution",
        }
    }
}

/// Words that make a row something other than a place of care, by reason.
/// Checked in this order on the whole name.
pub const LEFT_OUT: &[(LeftOut, &[&str])] = &[
    (
        LeftOut::Temporary,
        &["临时", "流动", "移动接种", "方舱", "应急接种", "大规模接种", "集中接种"],
    ),
    (
        LeftOut::Cdc,
        &[
            "疾病预防控制",
            "疾预防控制",
            "疾病控制",
            "疾控",
            "防疫站",
            "卫生防疫",
            "预防保健所",
            "防保站",
            "防保所",
            "卫生防保",
        ],
    ),
    (LeftOut::Blood, &["血液中心", "血站", "采血", "献血", "血液管理"]),
    (
        LeftOut::Supervision,
        &[
            "卫生监督",
            "卫生执法",
            "卫生健康委",
            "卫生健康局",
            "卫健委",
            "卫健局",
            "卫生局",
            "卫生和计划生育委员会",
            "卫生计生委",
            "医疗保障局",
        ],
    ),
    (
        LeftOut::Lab,
        &[
            "医学检验",
            "检验所",
            "检验中心",
            "检验实验室",
            "检测中心",
            "检测技术",
            "检测有限",
            "基因",
            "生物科技",
            "生物技术",
            "海关技术中心",
            "检验检疫",
            "实验室",
            "临检中心",
            "检测站",
        ],
    ),
];

/// A row whose name has one of these is a company; it is a place of care
/// only if it also says it is a hospital, outpatient department or clinic.
const COMPANY: &[&str] = &["有限公司", "有限责任公司", "股份公司"];
const CARE_IN_COMPANY: &[&str] = &["医院", "门诊部", "诊所"];

/// Department suffixes: a row that names one of these is a department of
/// the institution before it (its vaccination clinic, its fever clinic).
/// Longest first.
const DEPARTMENTS: &[&str] = &[
    "新冠病毒疫苗接种点",
    "新冠疫苗接种点",
    "预防接种门诊部",
    "预防接种门诊",
    "疫苗接种门诊",
    "预防接种服务点",
    "预防接种点",
    "疫苗接种点",
    "预防接种科",
    "预防接种室",
    "二类苗门诊",
    "接种门诊",
    "门诊接种点",
    "产科接种点",
    "发热哨点诊室",
    "发热门诊",
    "核酸检测点",
    "核酸采样点",
    "接种点",
    "预防接种",
];

/// Bracketed words that make a name a campus: a different place with its own record.
const CAMPUS_ENDINGS: &[&str] = &[
    "院区", "分院", "校区", "分部", "院部", "园区", "新院", "老院", "东院", "西院", "南院", "北院",
    "中院", "东区", "西区", "南区", "北区", "新区",
];

/// A name as the pipeline uses it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The institution's name: trimmed, without a department's suffix or a second name in brackets.
    pub name: String,
    /// Second names given in brackets.
    pub aliases: Vec<String>,
    /// The row named a department of the institution (its numbers are the department's).
    pub department: bool,
}

fn fold_char(c: char) -> char {
    match c {
        '(' => '（',
        ')' => '）',
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        c => c,
    }
}

/// Whitespace out (Chinese names have none; lists add them), brackets full-width.
pub fn tidy(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace() && *c != '\u{200b}').map(fold_char).collect()
}

fn strip_separators(s: &str) -> &str {
    s.trim_end_matches(['-', '—', '－', '·', '_', '、', '，', ','])
}

/// Why a row is left out, if it is. A temporary site is told by its whole
/// name ("…（临时接种点）"); the rest by the institution's name, so a note in
/// brackets ("（卫健局1楼）") does not count.
pub fn left_out(raw: &str) -> Option<LeftOut> {
    let whole = tidy(raw);
    let cleaned = clean(raw);
    if cleaned.name.is_empty()
        || whole.chars().all(|c| c.is_ascii_punctuation() || c.is_ascii_digit())
    {
        return Some(LeftOut::NoName);
    }
    let name = &cleaned.name;
    for (reason, words) in LEFT_OUT {
        let text = if *reason == LeftOut::Temporary { &whole } else { name };
        if words.iter().any(|w| text.contains(w)) {
            return Some(*reason);
        }
    }
    if COMPANY.iter().any(|w| name.contains(w)) && !CARE_IN_COMPANY.iter().any(|w| name.contains(w))
    {
        return Some(LeftOut::Lab);
    }
    // A name names an institution when the kind table can tell its kind.
    if kind_from_name(&cleaned.name).is_none() {
        return Some(LeftOut::NoName);
    }
    None
}

/// Whether bracketed words name a campus (东院, 锦江院区) rather than a second name.
pub fn is_campus(words: &str) -> bool {
    words != "本部" && CAMPUS_ENDINGS.iter().any(|e| words.ends_with(e)) && !words.ends_with("医院")
}

/// The institution a row names: see [`Cleaned`].
pub fn clean(raw: &str) -> Cleaned {
    let mut name = tidy(raw);
    let mut department = false;
    loop {
        let before = name.len();
        // A department in brackets at the end: "…中心（临时接种点）" is handled by left_out; "（接种点）" here.
        if let Some(inner) = name
            .strip_suffix('）')
            .and_then(|s| s.rfind('（').map(|i| (i, &s[i + '（'.len_utf8()..])))
        {
            let (at, words) = inner;
            if DEPARTMENTS.contains(&words) {
                name.truncate(at);
                department = true;
            }
        }
        if let Some(d) = DEPARTMENTS.iter().find(|d| name.ends_with(*d) && name.len() > d.len()) {
            name.truncate(name.len() - d.len());
            department = true;
        }
        name = strip_separators(&name).to_string();
        if name.len() == before {
            break;
        }
    }
    // Trailing brackets: a campus stays in the name, a second name becomes an alias, 本部 goes.
    let mut aliases = Vec::new();
    while let Some(open) = name.strip_suffix('）').and_then(|s| s.rfind('（')) {
        let words = name[open + '（'.len_utf8()..name.len() - '）'.len_utf8()].to_string();
        if words.is_empty() || is_campus(&words) || open == 0 {
            break;
        }
        name.truncate(open);
        if words != "本部" && kind_from_name(&words).is_some() {
            aliases.push(words);
        }
    }
    Cleaned { name, aliases, department }
}

/// How the kind is told from a name: the first rule whose words the name
/// holds gives the kind. `data/SCHEMA.md` prints this table.
pub const KIND_RULES: &[(&[&str], FacilityKind)] = &[
    (&["中西医结合"], FacilityKind::IntegratedTcm),
    (
        &[
            "藏医",
            "蒙医",
            "维吾尔医",
            "维医",
            "彝医",
            "傣医",
            "苗医",
            "壮医",
            "哈萨克医",
            "朝医",
            "回医",
            "民族医医院",
        ],
        FacilityKind::EthnicMedicine,
    ),
    (&["中医诊所", "中医门诊", "国医馆", "中医馆"], FacilityKind::TcmClinic),
    (&["中医"], FacilityKind::Tcm),
    (
        &["妇幼保健", "妇女儿童医院", "妇儿医院", "妇保", "妇幼计生", "妇幼中心", "妇幼医院"],
        FacilityKind::MaternalChild,
    ),
    // A station (站) is a centre's outpost, not a centre: its own kind, tested first.
    (&["卫生服务站", "卫生计生服务站"], FacilityKind::CommunityStation),
    (
        &["社区卫生服务", "卫生服务中心", "卫生计生服务中心", "社区卫生计生"],
        FacilityKind::CommunityCentre,
    ),
    (&["中心卫生院"], FacilityKind::CentralTownshipCentre),
    (&["卫生院", "卫生计生院"], FacilityKind::TownshipCentre),
    (&["卫生室"], FacilityKind::VillageClinic),
    (&["诊所", "门诊部", "门诊", "卫生所", "医务室"], FacilityKind::Clinic),
    (
        &[
            "儿童医院",
            "儿科医院",
            "肿瘤",
            "口腔",
            "眼科",
            "眼视光",
            "眼病",
            "精神",
            "心理",
            "传染病",
            "感染病",
            "公共卫生",
            "胸科",
            "肺科",
            "结核",
            "骨科",
            "骨伤",
            "妇产",
            "产科",
            "皮肤",
            "性病",
            "康复",
            "老年病",
            "心血管病",
            "心脏病",
            "耳鼻喉",
            "脑科",
            "神经",
            "整形",
            "美容",
            "男科",
            "不孕",
            "血液病",
            "疗养院",
            "安宁",
            "防治",
            "职业病",
            "麻风",
            "肛肠",
            "烧伤",
            "手外科",
            "脑病",
            "肝病",
            "糖尿病",
            "康复中心",
            "精神卫生",
        ],
        FacilityKind::Specialty,
    ),
    (
        &[
            "医院",
            "医疗中心",
            "医学中心",
            "临床中心",
            "救治中心",
            "医疗集团",
            "医院集团",
            "保健院",
            "保健所",
            "保健站",
            "保健中心",
            "急诊抢救中心",
            "急救中心",
            "附一院",
            "附二院",
            "附三院",
            "附院",
        ],
        FacilityKind::General,
    ),
];

/// The kind a name says, by [`KIND_RULES`].
pub fn kind_from_name(name: &str) -> Option<FacilityKind> {
    KIND_RULES
        .iter()
        .find(|(words, _)| words.iter().any(|w| name.contains(w)))
        .map(|&(_, kind)| kind)
}

/// A grade as lists write it: 三级甲等, 三甲, 二级乙, 未定级.
pub fn grade_from_words(words: &str) -> Option<engine::Grade> {
    use engine::Grade::*;
    let w = words.trim().replace(['级', '等'], "");
    Some(match w.as_str() {
        "三甲" => TertiaryA,
        "三乙" => TertiaryB,
        "三" | "三丙" => Tertiary,
        "二甲" => SecondaryA,
        "二乙" => SecondaryB,
        "二" | "二综合" | "二丙" => Secondary,
        "一" | "一甲" | "一乙" | "一丙" => Primary,
        "未定" => Ungraded,
        _ => return engine::Grade::parse(words),
    })
}

/// The places a record's name may start with: its province, city and
/// county, each full and short (四川省, 四川; 大足区, 大足), deepest last.
#[derive(Clone, Debug, Default)]
pub struct Prefixes {
    /// (level 1 province, 2 city, 3 county; full name; short name).
    pub levels: Vec<(u8, String, String)>,
}

/// The key two names of one institution share in one county: the level of
/// the place the name starts with (0 none, 1 province, 2 city, 3 county)
/// and the rest, with spellings made one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NameKey {
    pub level: u8,
    pub rest: String,
}

/// Spellings of one thing made one, in the key only.
const SAME: &[(&str, &str)] = &[
    ("中医医院", "中医院"),
    ("卫生计生服务中心", "卫生服务中心"),
    ("社区卫生服务中心", "社区卫生服务中心"),
    ("卫生计生院", "卫生院"),
    ("经济技术开发区", "经开区"),
    ("街道办事处", "街道"),
    ("办事处", "街道"),
    ("（", ""),
    ("）", ""),
];

/// Township words dropped before these endings in the key: 龙水镇中心卫生院 = 龙水中心卫生院.
const TOWNSHIP_WORDS: [&str; 3] = ["街道", "镇", "乡"];
const TOWNSHIP_ENDINGS: [&str; 3] = ["中心卫生院", "卫生院", "社区卫生服务中心"];

/// Words a name may be made of and still say only what kind of place it
/// is (人民医院, 第二人民医院, 妇幼保健院): such a name needs its place's level
/// to tell a city's hospital from its district's. Longest first.
const GENERIC_WORDS: &[&str] = &[
    "妇幼保健计划生育服务中心",
    "社区卫生服务中心",
    "公共卫生医疗救治中心",
    "精神卫生中心",
    "中西医结合",
    "计划生育",
    "卫生服务",
    "妇幼保健",
    "中心卫生院",
    "急救中心",
    "医疗中心",
    "卫生院",
    "人民",
    "中医",
    "中心",
    "妇幼",
    "医院",
    "精神病",
    "传染病",
    "肿瘤",
    "儿童",
    "口腔",
    "眼科",
    "骨科",
    "妇产",
    "康复",
    "皮肤病",
    "结核病",
    "老年病",
    "胸科",
    "职业病",
    "保健",
    "第一",
    "第二",
    "第三",
    "第四",
    "第五",
    "第六",
    "第七",
    "第八",
    "第九",
    "第十",
    "院",
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "分",
];

/// Whether a key's name says nothing but what kind of place it is.
pub fn is_generic(rest: &str) -> bool {
    let mut s = rest;
    while !s.is_empty() {
        match GENERIC_WORDS.iter().find(|w| s.starts_with(*w)) {
            Some(w) => s = &s[w.len()..],
            None => return false,
        }
    }
    true
}

/// The key of `name` for a record whose places are `prefixes`.
pub fn key(name: &str, prefixes: &Prefixes) -> NameKey {
    let mut rest: String = tidy(name)
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '（' | '）'))
        .flat_map(char::to_lowercase)
        .collect();
    // Place names come off the front in any order (颍东区阜阳市第四人民医院); the
    // level is that of the last, the place the institution belongs to.
    let mut level = 0;
    'strip: loop {
        for (l, full, short) in &prefixes.levels {
            for p in [full, short] {
                if p.chars().count() >= 2 && rest.len() > p.len() && rest.starts_with(p.as_str()) {
                    rest = rest[p.len()..].to_string();
                    level = *l;
                    continue 'strip;
                }
            }
        }
        break;
    }
    // What is left of a province's name after its short form (新疆 + 自治区), or a
    // province's own list writing its hospitals short (自治区胸科医院, 省人民医院).
    if level <= 1 {
        if let Some(r) = ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .filter(|r| r.chars().count() >= 3)
        {
            rest = r.to_string();
            level = 1;
        }
    }
    // A district's own list writes its hospitals short: 区人民医院 is the district's.
    if level < 3 {
        if let Some(r) = ["区", "县", "旗"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .filter(|r| r.chars().count() >= 3)
        {
            if prefixes.levels.iter().any(|(l, _, _)| *l == 3) {
                rest = r.to_string();
                level = 3;
            }
        }
    } else if let Some(r) = ["区", "县", "市", "旗"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .filter(|r| r.chars().count() >= 3)
    {
        // 大足 + 县人民医院 (an old name written with the short prefix).
        rest = r.to_string();
    }
    for (from, to) in SAME {
        rest = rest.replace(from, to);
    }
    for ending in TOWNSHIP_ENDINGS {
        for word in TOWNSHIP_WORDS {
            let joined = format!("{word}{ending}");
            if let Some(stem) = rest.strip_suffix(&joined).filter(|s| s.chars().count() >= 2) {
                rest = format!("{stem}{ending}");
            }
        }
    }
    NameKey { level, rest }
}

/// The name a district list writes short (区人民医院) written whole (大足区人民医院).
pub fn expand_short(name: &str, county_name: &str) -> String {
    let words = match county_name.chars().last() {
        Some('区') => ["区"],
        Some('县') => ["县"],
        Some('旗') => ["旗"],
        _ => return name.to_string(),
    };
    match words.iter().find_map(|w| name.strip_prefix(w)).filter(|r| r.chars().count() >= 3) {
        Some(rest) => format!("{county_name}{rest}"),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dazu() -> Prefixes {
        Prefixes {
            levels: vec![
                (1, "重庆市".into(), "重庆".into()),
                (2, "重庆市".into(), "重庆".into()),
                (3, "大足区".into(), "大足".into()),
            ],
        }
    }

    #[test]
    fn rows_that_are_not_places_of_care_are_left_out_by_reason() {
        for (name, reason) in [
            ("重庆市大足区疾病预防控制中心", LeftOut::Cdc),
            ("重庆市黔江区疾预防控制中心", LeftOut::Cdc),
            ("重庆迪安医学检验中心有限公司", LeftOut::Lab),
            ("成都珀金埃尔默医学检验实验室", LeftOut::Lab),
            ("人和未来生物科技（长沙）有限公司", LeftOut::Lab),
            ("四川省血液中心", LeftOut::Blood),
            ("某县卫生监督所", LeftOut::Supervision),
            ("永川区人民医院临时接种点", LeftOut::Temporary),
            ("区中医院（移动接种点）", LeftOut::Temporary),
            ("", LeftOut::NoName),
            ("/", LeftOut::NoName),
            ("大房身镇预防接种门诊", LeftOut::NoName),
            ("王府井大街（接种点）", LeftOut::NoName),
            ("兰考县疾控中心接种门诊", LeftOut::Cdc),
        ] {
            assert_eq!(left_out(name), Some(reason), "{name}");
        }
        for name in [
            "大足区人民医院",
            "中敖镇中心卫生院",
            "成都青白江友爱医院有限公司",
            "丹东市结核病防治所",
            "下河乡卫生院预防接种门诊",
            "棠香街道城南社区卫生服务站",
            "秦皇岛市山海关人民医院",
            "赤城中心卫生院（卫健局1楼）",
            "重医附一院",
        ] {
            assert_eq!(left_out(name), None, "{name}");
        }
    }

    #[test]
    fn departments_go_campuses_stay_second_names_become_aliases() {
        let c = clean(" 下河乡卫生院预防接种门诊 ");
        assert_eq!((c.name.as_str(), c.department), ("下河乡卫生院", true));
        assert_eq!(clean("富邦医院-预防接种门诊").name, "富邦医院");
        assert_eq!(clean("东华门社区卫生服务中心（接种点）").name, "东华门社区卫生服务中心");
        let c = clean("北京市延庆区医院(北京大学第三医院延庆医院)");
        assert_eq!(
            (c.name.as_str(), c.aliases.as_slice(), c.department),
            ("北京市延庆区医院", &["北京大学第三医院延庆医院".to_string()][..], false)
        );
        assert_eq!(clean("四川省人民医院（东院）").name, "四川省人民医院（东院）");
        assert_eq!(
            clean("四川大学华西第二医院（锦江院区）").name,
            "四川大学华西第二医院（锦江院区）"
        );
        assert_eq!(clean("某某医院（本部）").name, "某某医院");
        assert_eq!(clean("百世诺（北京）医学检验实验室").name, "百世诺（北京）医学检验实验室");
    }

    #[test]
    fn kinds_come_from_the_name_by_the_table() {
        for (name, kind) in [
            ("大足区中医院", FacilityKind::Tcm),
            ("重庆市中西医结合医院", FacilityKind::IntegratedTcm),
            ("四川省藏医院", FacilityKind::EthnicMedicine),
            ("中敖镇中心卫生院", FacilityKind::CentralTownshipCentre),
            ("龙石镇卫生院", FacilityKind::TownshipCentre),
            ("龙滩子街道社区卫生服务中心", FacilityKind::CommunityCentre),
            ("棠香街道城南社区卫生服务站", FacilityKind::CommunityStation),
            ("某某社区卫生计生服务站", FacilityKind::CommunityStation),
            ("大足区妇幼保健院", FacilityKind::MaternalChild),
            ("重庆医科大学附属儿童医院", FacilityKind::Specialty),
            ("大足区人民医院", FacilityKind::General),
            ("某某中医诊所", FacilityKind::TcmClinic),
        ] {
            assert_eq!(kind_from_name(name), Some(kind), "{name}");
        }
        assert_eq!(kind_from_name("某某公司"), None);
    }

    #[test]
    fn keys_agree_across_prefixes_short_forms_and_township_words() {
        let k = |n| key(n, &dazu());
        assert_eq!(k("区人民医院"), k("重庆市大足区人民医院"));
        assert_eq!(k("大足区人民医院"), NameKey { level: 3, rest: "人民医院".into() });
        assert_eq!(k("大足县人民医院"), k("大足区人民医院"));
        assert_eq!(k("区中医院"), k("大足区中医医院"));
        assert_eq!(k("龙水中心卫生院"), k("龙水镇中心卫生院"));
        assert_ne!(
            k("重庆市人民医院"),
            k("大足区人民医院"),
            "a city's hospital is not the district's"
        );
        assert_ne!(k("大足区人民医院"), k("大足区人民医院（东院）"), "a campus is its own place");
        let xj = Prefixes {
            levels: vec![
                (1, "新疆维吾尔自治区".into(), "新疆".into()),
                (2, "乌鲁木齐市".into(), "乌鲁木齐".into()),
            ],
        };
        assert_eq!(key("新疆自治区胸科医院", &xj), key("自治区胸科医院", &xj));
        assert_ne!(key("乌鲁木齐市人民医院", &xj), key("新疆维吾尔自治区人民医院", &xj));
        assert_eq!(k("大足区钱湖医院"), NameKey { level: 3, rest: "钱湖医院".into() });
        assert_eq!(k("钱湖医院"), NameKey { level: 0, rest: "钱湖医院".into() });
        assert_eq!(k("区第二人民医院").level, 3);
        let fy = Prefixes {
            levels: vec![
                (1, "安徽省".into(), "安徽".into()),
                (2, "阜阳市".into(), "阜阳".into()),
                (3, "颍东区".into(), "颍东".into()),
            ],
        };
        assert_eq!(
            key("颍东区阜阳市第四人民医院", &fy),
            key("阜阳市第四人民医院", &fy),
            "the place nearest the name counts"
        );
        assert_eq!(expand_short("区第二人民医院", "大足区"), "大足区第二人民医院");
        assert_eq!(expand_short("区中医院", "乐至县"), "区中医院");
        assert_eq!(grade_from_words("三级甲等"), Some(engine::Grade::TertiaryA));
        assert_eq!(grade_from_words("二乙"), Some(engine::Grade::SecondaryB));
        assert_eq!(grade_from_words("市级"), None);
    }
}
