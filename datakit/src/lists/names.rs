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
    /// Port health and international travel health centres (海关国际旅行卫生保健中心).
    TravelHealth,
    /// A name that says only its kind and a 县 or 区 the list does not name.
    PlaceNotTold,
    /// A site named after two institutions (回兴社区卫生服务中心区妇幼保健院).
    TwoInstitutions,
    /// No name that names an institution.
    NoName,
}

impl LeftOut {
    pub const ALL: [LeftOut; 9] = [
        LeftOut::Cdc,
        LeftOut::Lab,
        LeftOut::Blood,
        LeftOut::Supervision,
        LeftOut::Temporary,
        LeftOut::TravelHealth,
        LeftOut::PlaceNotTold,
        LeftOut::TwoInstitutions,
        LeftOut::NoName,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            LeftOut::Cdc => "disease control and prevention (疾病预防控制中心 and the like)",
            LeftOut::Lab => "independent laboratory",
            LeftOut::Blood => "blood centre or station",
            LeftOut::Supervision => "health supervision or administration office",
            LeftOut::Temporary => "temporary or mobile site",
            LeftOut::TravelHealth => "port or travel health centre (国际旅行卫生保健中心)",
            LeftOut::PlaceNotTold => "a 县's or 区's institution, the list not saying which",
            LeftOut::TwoInstitutions => "a site named after two institutions",
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
            "疾病防控制",
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
    // The customs' health-quarantine centres vaccinate travellers and certify
    // their health: like a CDC, not a place a resident goes for care.
    (LeftOut::TravelHealth, &["国际旅行卫生保健", "旅行卫生保健中心", "国际旅行保健"]),
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
    "预防接种和犬伤门诊",
    "新冠病毒疫苗接种点",
    "新冠疫苗接种门诊",
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
    "计免门诊",
    "成人门诊",
    "接种门诊",
    "门诊接种点",
    "产科接种点",
    "发热哨点诊室",
    "狂犬病暴露处置门诊",
    "犬伤处置门诊",
    "犬伤门诊",
    "犬伤诊",
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
    /// The department or site words cut from the name (产科, 一门诊, 红光 before
    /// 接种门诊): the row is a part of the institution, its address the part's.
    pub sub_unit: Option<String>,
    /// Brackets that held several names joined (、), split into one alias each.
    pub split_cells: usize,
    /// Bracketed words that looked like a second name and are not one (骨科专科).
    pub not_names: Vec<String>,
}

/// The words an institution's own name ends with, longest first: what comes
/// after the last of them in a row's name is a part of it or a site.
const INSTITUTION_ENDINGS: &[&str] = &[
    "社区卫生服务中心",
    "卫生服务中心",
    "中心卫生院",
    "卫生院",
    "妇幼保健院",
    "保健院",
    "医院",
    "卫生服务站",
];

/// Endings of words that name a part of an institution, not an institution:
/// 产科, 一门诊 … 六门诊, 西彭门诊, 生殖健康中心, 医养中心.
const SUB_UNIT_ENDINGS: &[&str] = &["门诊", "产科", "生殖健康中心", "医养中心", "院长"];

/// The institution's name and the part words after it, when a name goes on
/// past its institution's ending: ("垫江县人民医院", "产科"). `any_words`: a row
/// already known to name a department may have any words there (红光, 机场);
/// otherwise only words that name a part (门诊, 产科).
pub fn split_sub_unit(name: &str, any_words: bool) -> Option<(String, String)> {
    let (at, ending) = INSTITUTION_ENDINGS
        .iter()
        .filter_map(|e| name.rfind(e).map(|i| (i, *e)))
        .max_by_key(|&(i, e)| (i + e.len(), e.len()))?;
    let cut = at + ending.len();
    let tail = &name[cut..];
    if tail.is_empty() || tail.starts_with('（') || is_campus(tail) {
        return None;
    }
    let part = SUB_UNIT_ENDINGS.iter().any(|e| tail.ends_with(e));
    let institution = kind_from_name(tail).is_some() && !tail.ends_with("门诊");
    if part || any_words && !institution {
        Some((name[..cut].to_string(), tail.to_string()))
    } else {
        None
    }
}

/// Whether a name's words after its institution name a second institution of
/// a place the name does not say (回兴社区卫生服务中心 + 区妇幼保健院).
fn names_two_institutions(name: &str) -> bool {
    split_at_institution(name).is_some_and(|tail| {
        ["区", "县", "市"].iter().any(|w| tail.strip_prefix(w).is_some_and(is_generic))
    })
}

fn split_at_institution(name: &str) -> Option<&str> {
    let (at, ending) = INSTITUTION_ENDINGS
        .iter()
        .filter_map(|e| name.find(e).map(|i| (i, *e)))
        .min_by_key(|&(i, e)| (i, std::cmp::Reverse(e.len())))?;
    Some(&name[at + ending.len()..]).filter(|t| !t.is_empty())
}

/// Whether a record's own name says only its kind, with no place before it
/// or only a 市/县/区/旗 (人民医院, 县医院, 市中医院): which institution it is
/// cannot be told from it (rule place-less-name).
pub fn lacks_its_place(name: &str) -> bool {
    let name = tidy(name);
    let Some(first) = name.chars().next() else { return false };
    let rest = &name[first.len_utf8()..];
    // A centre's name is its community's or township's (人民社区卫生服务中心):
    // only the ending with nothing before it says no place.
    if let Some(ending) = CENTRE_ENDINGS.iter().find(|e| name.ends_with(*e)) {
        let stem = &name[..name.len() - ending.len()];
        return ["", "社区", "市", "县", "区", "旗"].contains(&stem);
    }
    let bare = says_only_kind(&name);
    let place_word = matches!(first, '市' | '县' | '区' | '旗')
        && rest.chars().count() >= 2
        && is_generic(rest)
        && (rest.ends_with('院') || rest.chars().count() >= 3);
    bare || place_word
}

/// Endings of a community's or township's centre, whose stem is its place.
const CENTRE_ENDINGS: [&str; 6] =
    ["社区卫生服务中心", "卫生服务中心", "中心卫生院", "卫生院", "社区卫生服务站", "卫生服务站"];

/// Whether a whole name says only what kind of institution it is (人民医院,
/// 妇幼保健院). A name that starts with a number is a name of its own, as
/// military and numbered hospitals are called (三六三医院, 八一儿童医院).
fn says_only_kind(name: &str) -> bool {
    let numbered = name.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']);
    name.chars().count() >= 3 && is_generic(name) && !numbered
}

/// Whether a record's own name joins two institutions' names (大庆市人民医院、
/// 大庆市妇幼保健院): each part a name of its own (rule two-institutions).
pub fn joins_two_names(name: &str) -> bool {
    let parts: Vec<&str> =
        name.split(NAME_SEPARATORS).map(str::trim).filter(|p| !p.is_empty()).collect();
    parts.len() >= 2 && parts.iter().all(|p| is_a_name(p) && kind_from_name(p).is_some())
}

/// Separators a list writes between several names in one cell.
const NAME_SEPARATORS: [char; 6] = ['、', '，', ',', '；', ';', '／'];

/// Endings a name of an institution has (医院, 卫生院, 研究所, 中心 …): words
/// without one (骨科专科, a specialty) are not a name.
const NAME_ENDINGS: &[&str] = &["院", "所", "中心", "站", "室", "部", "馆", "集团"];

/// Whether words are a name of an institution (not a note, not a specialty);
/// a campus's name (…通州院区, …（北院）) is one.
pub fn is_a_name(words: &str) -> bool {
    let bare = words
        .strip_suffix('）')
        .and_then(|s| s.rfind('（').map(|i| (&s[..i], &s[i + '（'.len_utf8()..])))
        .filter(|(_, inner)| is_campus(inner))
        .map_or(words, |(before, _)| before);
    words.chars().count() >= 3
        && !words.contains(NAME_SEPARATORS)
        && (NAME_ENDINGS.iter().any(|e| bare.ends_with(e)) || is_campus(bare))
}

/// The names in a cell of other names: split where a list joins several
/// (、，;), only those that are names.
pub fn names_in(cell: &str) -> Vec<String> {
    cell.split(NAME_SEPARATORS)
        .map(|w| w.trim().trim_end_matches([':', '：', '.', '。']))
        .filter(|w| is_a_name(w))
        .map(str::to_string)
        .collect()
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
    s.trim_end_matches(['-', '—', '－', '·', '_', '、', '，', ',', ':', '：'])
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
    if names_two_institutions(&cleaned.name) || joins_two_names(&cleaned.name) {
        return Some(LeftOut::TwoInstitutions);
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
        // A department in brackets at the end: "…中心（临时接种点）" is handled by left_out; "（接种点）",
        // "（专用接种点）" here.
        if let Some(inner) = name
            .strip_suffix('）')
            .and_then(|s| s.rfind('（').map(|i| (i, &s[i + '（'.len_utf8()..])))
        {
            let (at, words) = inner;
            if DEPARTMENTS.iter().any(|d| words.ends_with(d)) {
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
    // A department before a note in brackets (海城二院预防接种门诊（牛庄）): the note goes, then the department.
    if let Some(open) = name.strip_suffix('）').and_then(|s| s.rfind('（')) {
        let inner = &name[open + '（'.len_utf8()..name.len() - '）'.len_utf8()];
        let before = &name[..open];
        if !is_campus(inner) && kind_from_name(inner).is_none() {
            if let Some(d) =
                DEPARTMENTS.iter().find(|d| before.ends_with(*d) && before.len() > d.len())
            {
                name = strip_separators(&before[..before.len() - d.len()]).to_string();
                department = true;
            }
        }
    }
    // Words after the institution's own name are a part of it or a site (产科,
    // 一门诊; 红光 before 接种门诊): the row is that institution's.
    let mut sub_unit = None;
    if let Some((institution, part)) = split_sub_unit(&name, department) {
        name = institution;
        sub_unit = Some(part);
        department = true;
    }
    // Trailing brackets: a campus stays in the name, second names become aliases, 本部 goes.
    let mut aliases = Vec::new();
    let (mut split_cells, mut not_names) = (0, Vec::new());
    while let Some(open) = name.strip_suffix('）').and_then(|s| s.rfind('（')) {
        let words = name[open + '（'.len_utf8()..name.len() - '）'.len_utf8()].to_string();
        if words.is_empty() || is_campus(&words) || open == 0 {
            break;
        }
        name.truncate(open);
        if words != "本部" {
            if words.contains(NAME_SEPARATORS) {
                split_cells += 1;
            }
            for w in words.split(NAME_SEPARATORS).map(str::trim).filter(|w| !w.is_empty()) {
                let kind = kind_from_name(w).is_some()
                    || ["学院", "研究所"].iter().any(|e| w.ends_with(e));
                if kind && (is_a_name(w) || is_generic(w)) {
                    aliases.push(w.to_string());
                } else if kind {
                    not_names.push(w.to_string());
                }
            }
        }
    }
    Cleaned { name, aliases, department, sub_unit, split_cells, not_names }
}

/// How the kind is told from a name: the first rule whose words the name
/// holds gives the kind. `data/SCHEMA.md` prints this table.
pub const KIND_RULES: &[(&[&str], FacilityKind)] = &[
    // A station (站) is a centre's outpost, not a centre, whoever runs it
    // (忠县中医医院白桥社区卫生服务站 is a station, not a TCM hospital): tested first.
    (&["卫生服务站", "卫生计生服务站"], FacilityKind::CommunityStation),
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
            "安宁疗护",
            "安宁病房",
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
    // A maternal and child health hospital renamed with the family-planning
    // service it absorbed (2013–2019), and back: one institution.
    ("妇幼保健和计划生育服务中心", "妇幼保健院"),
    ("妇幼保健计划生育服务中心", "妇幼保健院"),
    ("妇幼计划生育服务中心", "妇幼保健院"),
    ("妇幼保健计生服务中心", "妇幼保健院"),
    ("妇幼计生服务中心", "妇幼保健院"),
    ("中医医院", "中医院"),
    // 中西结合 is 中西医结合 with a character dropped (达州市中西结合医院).
    ("中西结合", "中西医结合"),
    // 附院 is how people write 附属医院 (甘孜州卫校附院 = 甘孜卫校附属医院).
    ("附院", "附属医院"),
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
    "服务站",
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
                    // 凉山州 is 凉山彝族自治州 written short: its 州 goes with it.
                    if p == short && p != full {
                        if let Some(r) = ["州", "盟", "地区"]
                            .iter()
                            .filter(|w| full.ends_with(*w))
                            .find_map(|w| rest.strip_prefix(w))
                            .filter(|r| r.chars().count() >= 3)
                        {
                            rest = r.to_string();
                        }
                    }
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
    // A 县 (or 旗) has one people's hospital: its 第一人民医院 is its 人民医院,
    // numbered once a second opened. A district or city may have both.
    let county_has_one = prefixes
        .levels
        .iter()
        .any(|(l, full, _)| *l == 3 && (full.ends_with('县') || full.ends_with('旗')));
    if level == 3 && county_has_one && rest == "第一人民医院" {
        rest = "人民医院".to_string();
    }
    NameKey { level, rest }
}

/// A name written without its place (区人民医院, 市中医院) written whole from
/// the list's own columns: its county's name for 区, 县 and 旗 (and for 市 in a
/// county-level city), its city's for 市. `None` for a 县's or 区's name that
/// says only its kind when the list names no county (县妇幼保健计划生育服务中心
/// in a city's list): which institution it is cannot be told.
pub fn expand_place(name: &str, county_name: &str, city_name: &str) -> Option<String> {
    if !county_name.is_empty() && name.starts_with(county_name) {
        return Some(name.to_string());
    }
    // No place at all (人民医院, 妇幼保健院 in a county's row): a 县's, a 旗's or a
    // county-level 市's institution of that kind when the list names the county.
    // In a district's row it may be the district's or its city's: left as it is,
    // for the merge to find the county's institution of that name, and left out
    // after merging when none is found ([`lacks_its_place`]).
    // A district of 北京, 天津, 上海 or 重庆 is county-level: its bare 妇幼保健院 is its own.
    if says_only_kind(name) {
        let centre = CENTRE_ENDINGS.iter().any(|e| name.ends_with(e));
        let municipal = ["北京市", "天津市", "上海市", "重庆市"].contains(&city_name);
        let county_level = match county_name.chars().last() {
            Some('县' | '旗' | '市') => true,
            Some('区') => municipal,
            _ => false,
        };
        return Some(match county_level && !centre {
            true => format!("{county_name}{name}"),
            false => name.to_string(),
        });
    }
    let Some(first) = name.chars().next() else { return Some(String::new()) };
    let rest = &name[first.len_utf8()..];
    // 县医院: two characters are enough after a place word when they say only the kind.
    let short_kind = rest.chars().count() == 2 && is_generic(rest) && rest.ends_with('院');
    if rest.chars().count() < 3 && !short_kind {
        return Some(name.to_string());
    }
    let says_only_kind = is_generic(rest) || rest.starts_with("急救");
    match first {
        '区' | '县' | '旗' if county_name.ends_with(first) => {
            Some(format!("{county_name}{rest}"))
        }
        '区' | '县' | '旗' if county_name.is_empty() && says_only_kind => None,
        '市' if says_only_kind && county_name.ends_with('市') => {
            Some(format!("{county_name}{rest}"))
        }
        '市' if says_only_kind && !city_name.is_empty() => Some(format!("{city_name}{rest}")),
        _ => Some(name.to_string()),
    }
}

/// The places a name begins with (涪陵区 of 涪陵区儿童医院), by the full names of
/// `prefixes`: what a second name written bare (人民医院) is missing.
pub fn place_part<'n>(name: &'n str, prefixes: &Prefixes) -> &'n str {
    let mut at = 0;
    'strip: loop {
        for (_, full, _) in &prefixes.levels {
            if full.chars().count() >= 2 && name[at..].starts_with(full.as_str()) {
                at += full.len();
                continue 'strip;
            }
        }
        break;
    }
    &name[..at]
}

/// The kinds an alias may give an institution whose name says less: what it
/// treats (中西医结合, 中医, 民族医, 妇幼, a specialty) over a name that says
/// only that it is a hospital or a health centre.
const ALIAS_KINDS: [FacilityKind; 5] = [
    FacilityKind::IntegratedTcm,
    FacilityKind::EthnicMedicine,
    FacilityKind::Tcm,
    FacilityKind::MaternalChild,
    FacilityKind::Specialty,
];

/// An institution's kind from its name and its other names: the name's,
/// unless it says only that it is a hospital or a health centre and an alias
/// says more (成都市第一人民医院 is also 成都市中西医结合医院: integrated;
/// 成都市第四人民医院 is 成都市精神卫生中心: specialty); and a children's
/// hospital that is also its place's unnumbered people's hospital (涪陵区儿童医院,
/// 涪陵区人民医院) is a general hospital too. Specialty from an alias only where the alias is
/// the institution's own kind (精神卫生中心), not a centre it also hosts.
pub fn kind_of(name: &str, aliases: &[String]) -> Option<FacilityKind> {
    let main = kind_from_name(name)?;
    let alias_kinds: Vec<(FacilityKind, &str)> =
        aliases.iter().filter_map(|a| kind_from_name(a).map(|k| (k, a.as_str()))).collect();
    let says_little = matches!(
        main,
        FacilityKind::General
            | FacilityKind::CommunityCentre
            | FacilityKind::TownshipCentre
            | FacilityKind::CentralTownshipCentre
    );
    if says_little {
        for wanted in ALIAS_KINDS {
            let found = alias_kinds.iter().any(|&(k, a)| {
                k == wanted
                    && (k != FacilityKind::Specialty
                        || ["精神卫生中心", "精神病医院", "精神病院"]
                            .iter()
                            .any(|w| a.ends_with(w)))
            });
            if found {
                return Some(wanted);
            }
        }
    }
    // A district's children's hospital that is its (unnumbered) people's hospital too.
    if main == FacilityKind::Specialty
        && name.contains("儿童医院")
        && alias_kinds.iter().any(|&(k, a)| {
            k == FacilityKind::General && a.ends_with("人民医院") && !a.contains('第')
        })
    {
        return Some(FacilityKind::General);
    }
    Some(main)
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
            ("江陵县疾病防控制中心预防种门诊", LeftOut::Cdc),
            // A department named without its institution names none.
            ("蚌医计免门诊", LeftOut::NoName),
            ("长龙街道成人门诊", LeftOut::NoName),
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
            ("忠县中医医院白桥社区卫生服务站", FacilityKind::CommunityStation),
            ("中医院雨花台花园社区卫生服务站", FacilityKind::CommunityStation),
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
        let whole = |n, county, city| expand_place(n, county, city);
        assert_eq!(whole("区第二人民医院", "大足区", "重庆市").unwrap(), "大足区第二人民医院");
        assert_eq!(whole("区中医院", "乐至县", "资阳市").unwrap(), "区中医院");
        assert_eq!(grade_from_words("三级甲等"), Some(engine::Grade::TertiaryA));
        assert_eq!(grade_from_words("二乙"), Some(engine::Grade::SecondaryB));
        assert_eq!(grade_from_words("市级"), None);
    }

    #[test]
    fn a_name_that_says_only_its_kind_or_joins_two_is_found() {
        for name in ["人民医院", "县医院", "市中医院", "妇幼保健院", "区第二人民医院"]
        {
            assert!(lacks_its_place(name), "{name}");
        }
        for name in [
            "大足区人民医院",
            "钱湖医院",
            "市中区人民医院",
            "市府社区卫生服务中心",
            "三六三医院",
            "八一儿童医院",
            "人民社区卫生服务中心",
            "三院社区卫生服务中心",
        ] {
            assert!(!lacks_its_place(name), "{name}");
        }
        assert!(joins_two_names("大庆市人民医院、大庆市妇幼保健院"));
        assert!(joins_two_names("淮安市第三人民医院、淮安市精神病医院"));
        assert!(!joins_two_names("大足区人民医院"));
        assert!(!joins_two_names("某某医院、"));
        // Such a row is a site of two institutions, each listed on its own.
        assert_eq!(left_out("大庆市人民医院、大庆市妇幼保健院"), Some(LeftOut::TwoInstitutions));
    }

    #[test]
    fn names_without_their_place_are_written_whole_from_the_lists_columns() {
        assert_eq!(expand_place("市人民医院", "渝中区", "重庆市").unwrap(), "重庆市人民医院");
        assert_eq!(expand_place("市中医院", "船山区", "遂宁市").unwrap(), "遂宁市中医院");
        assert_eq!(
            expand_place("市急救医疗中心", "渝中区", "重庆市").unwrap(),
            "重庆市急救医疗中心"
        );
        assert_eq!(expand_place("市人民医院", "韩城市", "渭南市").unwrap(), "韩城市人民医院");
        assert_eq!(
            expand_place("区妇幼保健计划生育服务中心", "渝中区", "重庆市").unwrap(),
            "渝中区妇幼保健计划生育服务中心"
        );
        // A city's list that names no county: which county's centre it is cannot be told.
        assert_eq!(expand_place("县妇幼保健计划生育服务中心", "", "重庆市"), None);
        // Not a place left out: a name of its own, or a county whose name starts with 市.
        assert_eq!(
            expand_place("市府社区卫生服务中心", "南明区", "贵阳市").unwrap(),
            "市府社区卫生服务中心"
        );
        assert_eq!(expand_place("市中区人民医院", "市中区", "济南市").unwrap(), "市中区人民医院");
        // No place at all: a county's (县, 旗, county-level 市) is written out; a
        // district's row may mean its city's, so it is left out, as with no county.
        assert_eq!(expand_place("人民医院", "鹿邑县", "周口市").unwrap(), "鹿邑县人民医院");
        assert_eq!(expand_place("妇幼保健院", "简阳市", "成都市").unwrap(), "简阳市妇幼保健院");
        assert_eq!(expand_place("妇幼保健院", "船山区", "遂宁市").unwrap(), "妇幼保健院");
        assert_eq!(expand_place("人民医院", "", "泰州市").unwrap(), "人民医院");
        assert_eq!(expand_place("县医院", "涟水县", "淮安市").unwrap(), "涟水县医院");
        assert_eq!(expand_place("县医院", "", "淮安市"), None);
        assert_eq!(expand_place("钱湖医院", "鄞州区", "宁波市").unwrap(), "钱湖医院");
        assert_eq!(expand_place("中心卫生院", "鹿邑县", "周口市").unwrap(), "中心卫生院");
        assert_eq!(
            expand_place("妇幼保健计划生育服务中心", "屏山县", "宜宾市").unwrap(),
            "屏山县妇幼保健计划生育服务中心"
        );
        assert_eq!(
            expand_place("妇幼保健计划生育服务中心", "北碚区", "重庆市").unwrap(),
            "北碚区妇幼保健计划生育服务中心"
        );
    }

    #[test]
    fn renamed_and_shortened_names_of_one_institution_share_a_key() {
        let place = |county: &str, short: &str, city: &str, city_short: &str| Prefixes {
            levels: vec![
                (1, "四川省".into(), "四川".into()),
                (2, city.into(), city_short.into()),
                (3, county.into(), short.into()),
            ],
        };
        let changshou = Prefixes {
            levels: vec![(1, "重庆市".into(), "重庆".into()), (3, "长寿区".into(), "长寿".into())],
        };
        let k = |n: &str| key(n, &changshou);
        assert_eq!(k("长寿区妇幼计生服务中心"), k("长寿区妇幼保健院"));
        assert_eq!(k("长寿区妇幼保健计生服务中心"), k("长寿区妇幼保健院"));
        assert_eq!(k("江北区妇幼保健和计划生育服务中心"), k("江北区妇幼保健计划生育服务中心"));
        let xichang = place("西昌市", "西昌", "凉山彝族自治州", "凉山");
        assert_eq!(
            key("凉山州第一人民医院", &xichang),
            key("凉山彝族自治州第一人民医院", &xichang)
        );
        let qingchuan = place("青川县", "青川", "广元市", "广元");
        assert_eq!(key("青川县第一人民医院", &qingchuan), key("青川县人民医院", &qingchuan));
        // A district may have both (万州区人民医院, 万州区第一人民医院); a city too.
        let wanzhou = Prefixes {
            levels: vec![(1, "重庆市".into(), "重庆".into()), (3, "万州区".into(), "万州".into())],
        };
        assert_ne!(key("万州区第一人民医院", &wanzhou), key("万州区人民医院", &wanzhou));
        assert_ne!(key("广元市第一人民医院", &qingchuan), key("广元市人民医院", &qingchuan));
        // A campus stays its own record.
        assert_ne!(k("长寿区妇幼保健院（新院区）"), k("长寿区妇幼保健院"));
        // A dropped character and a short form people write.
        let dazhou = place("通川区", "通川", "达州市", "达州");
        assert_eq!(key("达州市中西结合医院", &dazhou), key("达州市中西医结合医院", &dazhou));
        let kangding = place("康定市", "康定", "甘孜藏族自治州", "甘孜");
        assert_eq!(key("甘孜州卫校附院", &kangding), key("甘孜卫校附属医院", &kangding));
        assert_ne!(key("甘孜州卫校附院", &kangding), key("甘孜州人民医院", &kangding));
    }

    #[test]
    fn departments_and_sites_fold_into_their_institution() {
        for (raw, name, part) in [
            ("县人民医院产科（专用接种点）", "县人民医院", "产科"),
            ("高唐街道社区卫生服务中心一门诊", "高唐街道社区卫生服务中心", "一门诊"),
            ("江津区妇幼保健院生殖健康中心", "江津区妇幼保健院", "生殖健康中心"),
            ("桂阳社区卫生服务中心南阳接种门诊（专用接种点）", "桂阳社区卫生服务中心", "南阳"),
            ("重庆佑佑宝贝妇儿医院新冠接种门诊", "重庆佑佑宝贝妇儿医院", "新冠"),
            ("万州区妇幼保健院特需预防接种门诊", "万州区妇幼保健院", "特需"),
            ("西彭镇卫生院西彭门诊", "西彭镇卫生院", "西彭门诊"),
        ] {
            let c = clean(raw);
            assert_eq!(
                (c.name.as_str(), c.sub_unit.as_deref(), c.department),
                (name, Some(part), true),
                "{raw}"
            );
        }
        for raw in ["四〇四医院预防接种和犬伤门诊", "本溪县人民医院犬伤门诊"]
        {
            let c = clean(raw);
            assert!(c.department && c.name.ends_with("医院"), "{raw}: {c:?}");
        }
        // Institutions of their own, campuses and legal names stay.
        for raw in [
            "忠县中医医院白桥社区卫生服务站",
            "合川花滩医院有限公司",
            "重庆三峡中心医院百安分院",
            "永川区妇幼保健院新院区",
            "四川省人民医院东篱医院",
        ] {
            let c = clean(raw);
            assert_eq!((c.name.as_str(), c.department), (raw, false), "{raw}");
        }
        assert_eq!(
            left_out("回兴社区卫生服务中心区妇幼保健院-预防接种门诊"),
            Some(LeftOut::TwoInstitutions)
        );
        assert_eq!(left_out("黑龙江国际旅行卫生保健中心"), Some(LeftOut::TravelHealth));
    }

    #[test]
    fn aliases_are_names_one_each() {
        let c = clean("合肥市第一人民医院（合肥红十字会博恩医院、安徽医科大学第三附属学院）");
        assert_eq!(c.aliases, ["合肥红十字会博恩医院", "安徽医科大学第三附属学院"]);
        assert_eq!(
            names_in("解放军301医院、三零一医院、301医院"),
            ["解放军301医院", "三零一医院", "301医院"]
        );
        assert!(names_in("骨科专科").is_empty(), "a specialty is not a name");
        assert!(!is_a_name("北大四院、积水潭医院"));
        assert!(is_a_name("成都运动创伤研究所"));
        assert!(is_a_name("北京市积水潭医院回龙观院区") && is_a_name("铜川市人民医院（南院）"));
        assert_eq!(names_in("若羌县人民医院:"), ["若羌县人民医院"]);
        let c = clean("海城二院预防接种门诊（牛庄）");
        assert_eq!((c.name.as_str(), c.department), ("海城二院", true));
    }

    #[test]
    fn an_alias_that_says_what_an_institution_is_decides_its_kind() {
        let of = |name: &str, alias: &str| kind_of(name, &[alias.to_string()]);
        use FacilityKind::*;
        assert_eq!(of("成都市第一人民医院", "成都市中西医结合医院"), Some(IntegratedTcm));
        assert_eq!(of("重庆市第一人民医院", "重庆市中西医结合医院"), Some(IntegratedTcm));
        assert_eq!(of("郫都区犀浦镇社区卫生服务中心", "郫都区中西医结合医院"), Some(IntegratedTcm));
        assert_eq!(of("成都市第四人民医院", "成都市精神卫生中心"), Some(Specialty));
        assert_eq!(of("绵阳市第三人民医院", "四川省精神卫生中心"), Some(Specialty));
        assert_eq!(of("成都市妇女儿童中心医院", "成都市妇幼保健院"), Some(MaternalChild));
        assert_eq!(of("涪陵区儿童医院", "涪陵区人民医院"), Some(General));
        // A general hospital that also hosts a city's cancer hospital stays general; a
        // specialty hospital that is also a numbered people's hospital stays a specialty one.
        assert_eq!(of("湘潭市第一人民医院", "湘潭市肿瘤医院"), Some(General));
        assert_eq!(of("四川省肿瘤医院", "四川省第二人民医院"), Some(Specialty));
        assert_eq!(of("南通市精神卫生中心", "南通市第四人民医院"), Some(Specialty));
        // A name that says what it is keeps its kind.
        assert_eq!(of("烟台市中医院", "烟台市中西医结合医院"), Some(Tcm));
        // 安宁 as a place is not a hospice.
        assert_eq!(kind_from_name("兰州市安宁区人民医院"), Some(General));
        assert_eq!(kind_from_name("某某安宁疗护中心"), Some(Specialty));
    }
}
