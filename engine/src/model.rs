//! The facility model and its controlled vocabularies.
//!
//! Every vocabulary term has a stable code (what data files and URLs carry),
//! a Chinese and an English label, and a one-byte tag (what the compiled
//! dataset carries). Tags are part of the dataset format: append new terms,
//! never renumber.

use crate::geo::LatLon;

/// Declares a vocabulary enum with its byte tag, code and labels.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $tag:literal, $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

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

            pub fn from_tag(tag: u8) -> Option<Self> {
                match tag { $($tag => Some($name::$variant),)+ _ => None }
            }

            /// Looks a term up by its code, or by either label.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|t| t.code() == text || t.zh() == text || t.en().eq_ignore_ascii_case(text))
            }

            /// All codes, for messages that say what was expected.
            pub fn codes() -> String {
                Self::ALL.iter().map(|t| t.code()).collect::<Vec<_>>().join(", ")
            }
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
    /// How much to trust a facility's point.
    LocationPrecision {
        Surveyed = 0, "surveyed", "实测", "Surveyed";
        AddressGeocoded = 1, "address", "地址定位", "Geocoded from address";
        Approximate = 2, "approximate", "大致位置", "Approximate";
    }
}

/// One medical institution as the public sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Facility {
    /// Stable identifier, unique in a dataset (e.g. `sc-cd-huaxi`).
    pub id: String,
    /// Name in Chinese, as the institution writes it.
    pub name: String,
    pub kind: FacilityKind,
    pub grade: Grade,
    /// WGS-84 position.
    pub point: LatLon,
    pub precision: LocationPrecision,
    /// Where the record comes from (report, official site, register).
    pub source: String,
    /// When the record was last checked against its source (YYYY-MM-DD).
    pub last_checked: String,
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
    fn parse_accepts_code_and_labels() {
        assert_eq!(FacilityKind::parse("tcm"), Some(FacilityKind::Tcm));
        assert_eq!(FacilityKind::parse("中医医院"), Some(FacilityKind::Tcm));
        assert_eq!(Grade::parse(" 3a "), Some(Grade::TertiaryA));
        assert_eq!(Grade::parse("tertiary a"), Some(Grade::TertiaryA));
        assert_eq!(Grade::parse("4a"), None);
    }
}
