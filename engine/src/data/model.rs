//! The facility model and its controlled vocabularies.
//!
//! Every vocabulary term has a stable code (what data files and URLs carry),
//! a Chinese and an English label, and a one-byte tag (what the compiled
//! dataset carries). Tags are part of the dataset format: append new terms,
//! never renumber.

use crate::geo::point::LatLon;

/// A term of a controlled vocabulary, for code that works with any of them.
pub trait Term: Copy + PartialEq + 'static {
    /// Every term, in tag order.
    const ALL: &'static [Self];
    /// Stable code used in source data and URLs.
    fn code(self) -> &'static str;
    /// Label in Simplified Chinese, as the dataset gives it.
    fn zh(self) -> &'static str;
    /// Label in English, as the dataset gives it.
    fn en(self) -> &'static str;
    /// Every term's code, Simplified Chinese label and English label, in tag order.
    const NAMES: &'static [[&'static str; 3]];
    /// Looks a term up by its code, or by either label.
    fn parse(text: &str) -> Option<Self>;
}

/// The position in `names` of the term `text` names: by its code, its
/// Chinese label, or its English label in any case. Compiled once for
/// every vocabulary (wasm bytes).
pub fn position_of(text: &str, names: &[[&str; 3]]) -> Option<usize> {
    let text = text.trim();
    names
        .iter()
        .position(|[code, zh, en]| *code == text || *zh == text || en.eq_ignore_ascii_case(text))
}

/// Every code in `names`, comma-separated, for messages that say what was expected.
pub fn codes_of(names: &[[&str; 3]]) -> String {
    names.iter().map(|[code, ..]| *code).collect::<Vec<_>>().join(", ")
}

/// Declares a vocabulary enum with its byte tag, code and labels.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $tag:literal, $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $(#[doc = $en] $variant),+ }

        impl $name {
            /// Every term, in tag order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Stable code used in source data and URLs.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Label in Simplified Chinese.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// Label in English.
            pub fn en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// Tag in the compiled dataset.
            pub fn tag(self) -> u8 {
                match self { $($name::$variant => $tag),+ }
            }

            /// The term a stored tag stands for.
            pub fn from_tag(tag: u8) -> Option<Self> {
                match tag { $($tag => Some($name::$variant),)+ _ => None }
            }

            /// Every term's code and labels, in tag order.
            pub const NAMES: &'static [[&'static str; 3]] = &[$([$code, $zh, $en]),+];

            /// Looks a term up by its code, or by either label.
            pub fn parse(text: &str) -> Option<Self> {
                position_of(text, Self::NAMES).map(|i| Self::ALL[i])
            }

            /// All codes, for messages that say what was expected.
            pub fn codes() -> String {
                codes_of(Self::NAMES)
            }
        }

        impl Term for $name {
            const ALL: &'static [Self] = $name::ALL;
            const NAMES: &'static [[&'static str; 3]] = $name::NAMES;
            fn code(self) -> &'static str { $name::code(self) }
            fn zh(self) -> &'static str { $name::zh(self) }
            fn en(self) -> &'static str { $name::en(self) }
            fn parse(text: &str) -> Option<Self> { $name::parse(text) }
        }
    };
}

vocabulary! {
    /// What kind of institution a facility is.
    FacilityKind {
        General = 0, "general", "综合医院", "General hospital";
        Tcm = 1, "tcm", "中医医院", "TCM hospital";
        IntegratedTcm = 2, "integrated", "中西医结合医院", "Integrated Chinese-Western hospital";
        EthnicMedicine = 3, "ethnic", "民族医医院", "Ethnic-medicine hospital";
        Specialty = 4, "specialty", "专科医院", "Specialty hospital";
        MaternalChild = 5, "maternal_child", "妇幼保健院", "Maternal and child health hospital";
        CommunityCentre = 6, "community", "社区卫生服务中心", "Community health centre";
        TownshipCentre = 7, "township", "乡镇卫生院", "Township health centre";
        CentralTownshipCentre = 8, "central_township", "中心卫生院", "Central township health centre";
        VillageClinic = 9, "village", "村卫生室", "Village clinic";
        Clinic = 10, "clinic", "诊所", "Clinic";
        TcmClinic = 11, "tcm_clinic", "中医诊所", "TCM clinic";
        CommunityStation = 12, "community_station", "社区卫生服务站", "Community health station";
    }
}

vocabulary! {
    /// Hospital grade under the national grading scheme.
    Grade {
        TertiaryA = 0, "3a", "三级甲等", "Tertiary A";
        TertiaryB = 1, "3b", "三级乙等", "Tertiary B";
        Tertiary = 2, "3", "三级", "Tertiary";
        SecondaryA = 3, "2a", "二级甲等", "Secondary A";
        SecondaryB = 4, "2b", "二级乙等", "Secondary B";
        Secondary = 5, "2", "二级", "Secondary";
        Primary = 6, "1", "一级", "Primary";
        Ungraded = 7, "ungraded", "未定级", "Ungraded";
        NotListed = 8, "unknown", "等级未列出", "Grade not listed";
    }
}

vocabulary! {
    /// Who runs a facility.
    Ownership {
        Public = 0, "public", "公立", "Public";
        Private = 1, "private", "民营", "Private";
        NotListed = 2, "unknown", "性质未列出", "Ownership not listed";
    }
}

vocabulary! {
    /// How much to trust a facility's point.
    LocationPrecision {
        Surveyed = 0, "surveyed", "实测", "Surveyed";
        AddressGeocoded = 1, "address", "地址定位", "Geocoded from address";
        Approximate = 2, "approximate", "大致位置", "Approximate";
        TownshipSeat = 3, "township_seat", "乡镇驻地", "Township seat";
        CountySeat = 4, "county_seat", "区县驻地", "County seat";
        CitySeat = 5, "city_seat", "市驻地", "City seat";
        CountyArea = 6, "county_area", "区县范围内", "Somewhere in the county";
    }
}

impl LocationPrecision {
    /// Whether the point stands for an area (a county or township seat, an
    /// estimate) rather than the institution's own door: distances to it are
    /// "about", and the map draws it so it reads as approximate.
    pub fn is_approximate(self) -> bool {
        !matches!(self, LocationPrecision::Surveyed | LocationPrecision::AddressGeocoded)
    }

    /// Whether the point says where the institution is: its door, a point
    /// near it, or its township's seat (a kilometre or two off). A county's
    /// or city's seat, or a point only known to be in the county, says
    /// nothing of where in it the institution stands: no distance is
    /// measured to it, and nothing is ranked by one.
    ///
    /// ```
    /// use engine::LocationPrecision::*;
    /// assert!(AddressGeocoded.is_placed() && TownshipSeat.is_placed());
    /// assert!(!CountySeat.is_placed() && !CitySeat.is_placed() && !CountyArea.is_placed());
    /// ```
    pub fn is_placed(self) -> bool {
        use LocationPrecision::*;
        !matches!(self, CountySeat | CitySeat | CountyArea)
    }
}

vocabulary! {
    /// Departments and services, TCM and Western, from one controlled vocabulary.
    Service {
        Acupuncture = 0, "acupuncture", "针灸", "Acupuncture";
        Tuina = 1, "tuina", "推拿", "Tuina";
        Cupping = 2, "cupping", "拔罐", "Cupping";
        Moxibustion = 3, "moxibustion", "艾灸", "Moxibustion";
        GuaSha = 4, "gua_sha", "刮痧", "Gua sha";
        PreventiveTcm = 5, "preventive_tcm", "治未病", "Preventive TCM";
        TcmHall = 6, "tcm_hall", "中医馆", "TCM hall";
        ModelTcmHall = 7, "model_tcm_hall", "精品中医馆", "Model TCM hall";
        Emergency = 8, "emergency", "急诊", "Emergency department";
        Ophthalmology = 9, "ophthalmology", "眼科", "Ophthalmology";
        Neurosurgery = 10, "neurosurgery", "神经外科", "Neurosurgery";
        Pain = 11, "pain", "疼痛科", "Pain medicine";
        Paediatrics = 12, "paediatrics", "儿科", "Paediatrics";
        Cardiology = 13, "cardiology", "心血管内科", "Cardiology";
        Obstetrics = 14, "obstetrics", "产科", "Obstetrics";
        Gynaecology = 15, "gynaecology", "妇科", "Gynaecology";
        Geriatrics = 16, "geriatrics", "老年医学科", "Geriatrics";
        Rehabilitation = 17, "rehabilitation", "康复医学科", "Rehabilitation";
        Stomatology = 18, "stomatology", "口腔科", "Stomatology";
        InternetHospital = 19, "internet_hospital", "互联网医院", "Internet hospital";
        ElderlyCare = 20, "elderly_care", "医养结合", "Combined medical and elderly care";
        Telemedicine = 21, "telemedicine", "远程医疗", "Telemedicine";
    }
}

vocabulary! {
    /// Official designations: the five emergency centres, sub-centres, national centres, pilots.
    Designation {
        ChestPainCentre = 0, "chest_pain_centre", "胸痛中心", "Chest pain centre";
        StrokeCentre = 1, "stroke_centre", "卒中中心", "Stroke centre";
        TraumaCentre = 2, "trauma_centre", "创伤中心", "Trauma centre";
        CriticalMaternalCentre = 3, "critical_maternal_centre", "危重孕产妇救治中心", "Critical maternal care centre";
        CriticalChildCentre = 4, "critical_child_centre", "危重儿童和新生儿救治中心", "Critical child and newborn care centre";
        RegionalSubCentre = 5, "regional_sub_centre", "区域医疗卫生次中心", "Regional medical sub-centre";
        CountySubCentre = 6, "county_sub_centre", "县域医疗副中心", "County medical sub-centre";
        NationalRegionalCentre = 7, "national_regional_centre", "国家区域医疗中心", "National regional medical centre";
        ClinicalResearchCentre = 8, "clinical_research_centre", "国家临床医学研究中心", "National clinical research centre";
        ClinicalResearchSubCentre = 9, "clinical_research_sub_centre", "国家临床医学研究分中心", "National clinical research sub-centre";
        PainManagementPilot = 10, "pain_management_pilot", "疼痛综合管理试点医院", "Pain management pilot hospital";
        ProvincialMedicalCentre = 11, "provincial_medical_centre", "省级医学中心", "Provincial medical centre";
        ProvincialRegionalCentre = 12, "provincial_regional_centre", "省级区域医疗中心", "Provincial regional medical centre";
    }
}

vocabulary! {
    /// What a facility offers a patient beyond its care: medical insurance,
    /// access for disabled people, booking online. Each is a fact with its
    /// own source (`facts.csv`); none is ever assumed.
    Feature {
        MedicalInsurance = 0, "medical_insurance", "医保定点", "Designated for medical insurance";
        CrossProvinceSettlement = 1, "cross_province_settlement", "异地就医直接结算", "Direct settlement for other provinces' insurance";
        StepFree = 2, "step_free", "无障碍通道", "Step-free access";
        AccessibleToilet = 3, "accessible_toilet", "无障碍卫生间", "Accessible toilet";
        Lift = 4, "lift", "电梯", "Lift";
        SignLanguage = 5, "sign_language", "手语服务", "Sign language";
        OnlineBooking = 6, "online_booking", "网上预约挂号", "Online booking";
    }
}

impl Feature {
    /// Whether it is about paying (medical insurance) rather than access.
    pub fn is_insurance(self) -> bool {
        matches!(self, Feature::MedicalInsurance | Feature::CrossProvinceSettlement)
    }
}

vocabulary! {
    /// What being named on a public list says about an institution, as of
    /// the list's date (never as today's truth).
    ListFact {
        Listed = 0, "listed", "在名单中", "Named on the list";
        FeverClinic = 1, "fever_clinic", "设有发热门诊", "Ran a fever clinic";
        VaccinationSite = 2, "vaccination_site", "新冠疫苗接种点", "Was a COVID-19 vaccination site";
        TestingSite = 3, "testing_site", "核酸检测机构", "Did nucleic-acid testing";
        TertiaryA = 4, "tertiary_a", "列为三级甲等医院", "Listed as a tertiary-A hospital";
        FeverOrTreatment = 5, "fever_or_treatment", "设有发热门诊或为新冠定点救治医院", "Ran a fever clinic or treated COVID-19 patients";
    }
}

vocabulary! {
    /// What joins facilities together.
    NetworkKind {
        SpecialtyAlliance = 0, "specialty_alliance", "专科联盟", "Specialty alliance";
        MedicalConsortium = 1, "medical_consortium", "医联体", "Medical consortium";
        UrbanMedicalGroup = 2, "urban_medical_group", "紧密型城市医疗集团", "Close-knit urban medical group";
        CountyMedicalCommunity = 3, "county_medical_community", "紧密型县域医共体", "Close-knit county medical community";
        Telemedicine = 4, "telemedicine", "远程医疗协作网", "Telemedicine network";
        TestRecognition = 5, "test_recognition", "检查检验结果互认", "Mutual recognition of test results";
        EHealthCard = 6, "e_health_card", "电子健康卡扫码就医", "E-health card accepted";
        Trusteeship = 7, "trusteeship", "托管", "Trusteeship";
        Pairing = 8, "pairing", "结对帮扶", "Paired assistance";
        RegionalMedicalCentre = 9, "regional_medical_centre", "国家区域医疗中心", "National regional medical centre";
        ClinicalResearchNetwork = 10, "clinical_research_network", "国家临床医学研究中心网络", "National clinical research centre network";
    }
}

vocabulary! {
    /// A facility's part in a network.
    Role {
        Lead = 0, "lead", "牵头单位", "Lead";
        Member = 1, "member", "成员单位", "Member";
        Branch = 2, "branch", "分院/分中心", "Branch or sub-centre";
        ManagedBy = 3, "managed_by", "受托管单位", "Managed by the lead";
        Supporter = 4, "supporter", "帮扶单位", "Supporter";
    }
}

impl FacilityKind {
    /// Primary care: community, township and village centres and clinics,
    /// whose names are their place's (龙水镇卫生院), not unique beyond it.
    pub fn is_primary_care(self) -> bool {
        use FacilityKind::*;
        matches!(
            self,
            CommunityCentre
                | TownshipCentre
                | CentralTownshipCentre
                | VillageClinic
                | Clinic
                | TcmClinic
        )
    }
}

impl Role {
    /// Whether a network of `kind` can give this role: scopes have only
    /// members, a trusteeship a lead and the hospital it runs, a pairing a
    /// supporter and the member it helps, a consortium may have branches.
    pub fn allowed_in(self, kind: NetworkKind) -> bool {
        use NetworkKind::*;
        match kind {
            SpecialtyAlliance | Telemedicine | RegionalMedicalCentre => {
                matches!(self, Role::Lead | Role::Member)
            }
            ClinicalResearchNetwork => matches!(self, Role::Lead | Role::Branch),
            MedicalConsortium | UrbanMedicalGroup | CountyMedicalCommunity => {
                matches!(self, Role::Lead | Role::Member | Role::Branch)
            }
            TestRecognition | EHealthCard => self == Role::Member,
            Trusteeship => matches!(self, Role::Lead | Role::ManagedBy),
            Pairing => matches!(self, Role::Supporter | Role::Member),
        }
    }
}

/// A network joining facilities: an alliance, a consortium, a scope, a trusteeship.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// Stable identifier, unique among networks (e.g. `trust-spph-dy2`).
    pub id: String,
    /// Its name, as its source gives it.
    pub name: String,
    /// Official English name; empty when none is known.
    pub name_en: String,
    /// What kind of network it is.
    pub kind: NetworkKind,
    /// The specialty of a specialty alliance.
    pub specialty: Option<Service>,
    /// Where it operates, as its source says (e.g. 川渝, 成德眉资, 大足区).
    pub region: String,
    /// Where the membership list comes from.
    pub source: String,
    /// When it was last checked, `YYYY-MM-DD`.
    pub last_checked: String,
    /// Its members, each with a role.
    pub members: Vec<Member>,
}

/// One facility's membership of a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The member facility's id.
    pub facility_id: String,
    /// Its role in the network.
    pub role: Role,
    /// Where the membership is stated, and when.
    pub citation: Citation,
}

/// Where one fact comes from: the list, page or keeper's file that states
/// it, and when it stated it. A fact is true as of its date, not today.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Citation {
    /// Who states it, in words ("中国胸痛中心认证（第六批），据自贡市第一人民医院官网").
    pub source: String,
    /// When: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// The page or file, when there is one; empty otherwise.
    pub url: String,
}

impl Citation {
    /// Who states it, without what: the source up to its first colon
    /// ("大足区卫生健康委 大足卫函〔2024〕56号: …" → "大足区卫生健康委 大足卫函〔2024〕56号").
    pub fn publisher(&self) -> &str {
        self.source.split([':', '：']).next().unwrap_or_default().trim()
    }
}

/// What one cited fact is about: a term a facility holds, or one of its
/// text fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactField {
    /// It offers this service.
    Service(Service),
    /// It holds this designation.
    Designation(Designation),
    /// It offers this (insurance, access, booking).
    Feature(Feature),
    /// Its booking link.
    BookingUrl,
    /// Its opening hours.
    OpeningHours,
    /// One of its phone numbers (the fact's value says which).
    Phone,
    /// Its website.
    Website,
}

impl FactField {
    /// The `facts.csv` column name: `services`, `designations`, `features`,
    /// `booking_url`, `opening_hours`, `phones`, `website`.
    pub fn column(self) -> &'static str {
        match self {
            FactField::Service(_) => "services",
            FactField::Designation(_) => "designations",
            FactField::Feature(_) => "features",
            FactField::BookingUrl => "booking_url",
            FactField::OpeningHours => "opening_hours",
            FactField::Phone => "phones",
            FactField::Website => "website",
        }
    }

    /// Every column a fact may be about.
    pub const COLUMNS: [&'static str; 7] = [
        "services",
        "designations",
        "features",
        "booking_url",
        "opening_hours",
        "phones",
        "website",
    ];

    /// The field a column and a value name: for a vocabulary column, the
    /// term the value names (by code or label); for a text column, the column.
    pub fn parse(column: &str, value: &str) -> Option<FactField> {
        match column {
            "services" => Service::parse(value).map(FactField::Service),
            "designations" => Designation::parse(value).map(FactField::Designation),
            "features" => Feature::parse(value).map(FactField::Feature),
            "booking_url" => Some(FactField::BookingUrl),
            "opening_hours" => Some(FactField::OpeningHours),
            "phones" => Some(FactField::Phone),
            "website" => Some(FactField::Website),
            _ => None,
        }
    }

    /// The term's code for a vocabulary field; `None` for a text field.
    pub fn code(self) -> Option<&'static str> {
        match self {
            FactField::Service(s) => Some(s.code()),
            FactField::Designation(d) => Some(d.code()),
            FactField::Feature(f) => Some(f.code()),
            _ => None,
        }
    }
}

/// One fact about a facility and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fact {
    /// What it is about.
    pub field: FactField,
    /// For a text field, the value stated (the phone number, the hours);
    /// empty for a term, which the field names.
    pub value: String,
    /// Who states it, and when.
    pub citation: Citation,
}

/// One medical institution as the public sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Facility {
    /// Stable identifier, unique in a dataset (e.g. `sc-cd-huaxi`).
    pub id: String,
    /// Name in Chinese, as the institution writes it.
    pub name: String,
    /// Official English name; empty when none is known.
    pub name_en: String,
    /// Other names people search by (former names, short names).
    pub aliases: Vec<String>,
    /// Pinyin of the name and each alias, one line of space-separated
    /// syllables each. Computed by `datakit` when compiling, never typed in.
    pub pinyin: String,
    /// What kind of institution it is.
    pub kind: FacilityKind,
    /// Its grade (三级甲等 …), `Ungraded` when none.
    pub grade: Grade,
    /// Who owns it, when known.
    pub ownership: Ownership,
    /// County-level administrative code (6-digit adcode); 0 when not known.
    /// In a compiled dataset, a record placed at its city's seat with no
    /// county known carries the city's code (`510100`, or `500000` for
    /// 重庆): the smallest area known to hold it (`datakit build` fills it in).
    pub county_code: u32,
    /// Street address in Chinese; empty when not listed.
    pub address: String,
    /// Phone numbers as published (e.g. `028-85422114`); empty when not listed.
    pub phones: Vec<String>,
    /// Official website; empty when not listed.
    pub website: String,
    /// Opening hours in OpenStreetMap `opening_hours` syntax; empty when not listed.
    pub opening_hours: String,
    /// WGS-84 position.
    pub point: LatLon,
    /// What the point is: see [`LocationPrecision`].
    pub precision: LocationPrecision,
    /// Who or what placed the point: the geocoder that placed a list's
    /// address (腾讯地图), or the township (龙水镇) or county (大足区) whose
    /// seat stands in for it. Empty when the record does not say.
    pub location_source: String,
    /// The kind was told from the name by the rule table in `data/SCHEMA.md`,
    /// not stated by a source.
    pub kind_inferred: bool,
    /// Departments and services offered (empty: none listed).
    pub services: Vec<Service>,
    /// Official designations held (empty: none listed).
    pub designations: Vec<Designation>,
    /// Insurance, access and booking it offers (empty: none listed).
    pub features: Vec<Feature>,
    /// Where patients book an appointment online; empty when not listed.
    pub booking_url: String,
    /// The township its name or address gives, when no current official list
    /// knows it (merged away since the list was made); empty otherwise.
    pub former_township: String,
    /// Where each of its services, designations, features and (where a
    /// keeper gave them) text fields comes from, and when.
    pub facts: Vec<Fact>,
    /// Where the record comes from (report, official site, register).
    pub source: String,
    /// The public lists that name it, by [`SourceList::id`] (empty for a
    /// record kept by hand from reports and official pages).
    pub lists: Vec<String>,
    /// When the record was last checked against its source (YYYY-MM-DD).
    pub last_checked: String,
}

/// A published list of institutions that records were imported from: what
/// the app's "about the data" page and each listing's provenance cite.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceList {
    /// Stable identifier, e.g. `tencent-testing-2021`.
    pub id: String,
    /// The list's name in Chinese, as cited.
    pub name: String,
    /// Its name in English, when the publisher gives one.
    pub name_en: String,
    /// Who published it ("as listed by 腾讯新闻").
    pub publisher: String,
    /// The publisher's name in English, when known.
    pub publisher_en: String,
    /// The list's own date (YYYY-MM-DD): its records were true then.
    pub date: String,
    /// Its licence or terms, or what is known of them.
    pub licence: String,
    /// Where it was published or copied from.
    pub url: String,
    /// Who placed its points (a geocoder, the list's author); empty for a list without points.
    pub geocoder: String,
    /// What being on it says about an institution, as of its date.
    pub states: ListFact,
}

// The vocabulary macro cannot mark a default variant.
#[allow(clippy::derivable_impls)]
impl Default for ListFact {
    fn default() -> Self {
        ListFact::Listed
    }
}

impl Facility {
    /// A facility with only the essentials; every optional field empty or "not listed".
    /// Fill the rest with struct update syntax: `Facility { grade, ..Facility::new(...) }`.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        kind: FacilityKind,
        point: LatLon,
    ) -> Self {
        Facility {
            id: id.into(),
            name: name.into(),
            name_en: String::new(),
            aliases: Vec::new(),
            pinyin: String::new(),
            kind,
            grade: Grade::NotListed,
            ownership: Ownership::NotListed,
            county_code: 0,
            address: String::new(),
            phones: Vec::new(),
            website: String::new(),
            opening_hours: String::new(),
            point,
            precision: LocationPrecision::Approximate,
            location_source: String::new(),
            kind_inferred: false,
            services: Vec::new(),
            designations: Vec::new(),
            features: Vec::new(),
            booking_url: String::new(),
            former_township: String::new(),
            facts: Vec::new(),
            source: String::new(),
            lists: Vec::new(),
            last_checked: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn tags_round_trip_and_are_unique() {
        for kind in FacilityKind::ALL {
            assert_eq!(FacilityKind::from_tag(kind.tag()), Some(*kind));
        }
        for grade in Grade::ALL {
            assert_eq!(Grade::from_tag(grade.tag()), Some(*grade));
        }
        assert_eq!(FacilityKind::from_tag(200), None);
    }

    #[test]
    fn every_network_kind_allows_some_role_and_scopes_have_no_lead() {
        for &kind in NetworkKind::ALL {
            assert!(Role::ALL.iter().any(|r| r.allowed_in(kind)), "{kind:?}");
        }
        assert!(!Role::Lead.allowed_in(NetworkKind::EHealthCard));
        assert!(Role::ManagedBy.allowed_in(NetworkKind::Trusteeship));
        assert!(!Role::ManagedBy.allowed_in(NetworkKind::SpecialtyAlliance));
        assert!(!Role::Branch.allowed_in(NetworkKind::Pairing));
    }

    #[test]
    fn parse_accepts_code_and_labels() {
        assert_eq!(FacilityKind::parse("tcm"), Some(FacilityKind::Tcm));
        assert_eq!(FacilityKind::parse("中医医院"), Some(FacilityKind::Tcm));
        assert_eq!(Grade::parse(" 3a "), Some(Grade::TertiaryA));
        assert_eq!(Grade::parse("tertiary a"), Some(Grade::TertiaryA));
        assert_eq!(Grade::parse("4a"), None);
    }
}
