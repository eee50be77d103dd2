//! OpenStreetMap tags for the vocabularies, so data can come from OSM and go
//! back to it.
//!
//! Only documented tags are used: `amenity=hospital|clinic|doctors`,
//! `healthcare=hospital|clinic|doctor|alternative` and the values of
//! `healthcare:speciality` on the OSM wiki. Where OSM has no tag for a term
//! (a county sub-centre, cupping, a model TCM hall), the mapping says so with
//! `None` instead of inventing one, and an import never yields that term.

use crate::data::model::{FacilityKind, Service};

/// `healthcare:speciality` value for traditional Chinese medicine.
pub const TCM_SPECIALITY: &str = "traditional_chinese_medicine";

/// The OSM tags that describe one facility kind: `amenity`, `healthcare`
/// and, where the kind itself is a speciality, `healthcare:speciality`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindTags {
    /// The `amenity` tag.
    pub amenity: &'static str,
    /// The `healthcare` tag.
    pub healthcare: &'static str,
    /// The `healthcare:speciality` tag, when the kind has one.
    pub speciality: Option<&'static str>,
}

impl FacilityKind {
    /// How this kind is tagged in OpenStreetMap. Kinds OSM does not
    /// distinguish (ethnic medicine, maternal-child, specialty hospitals;
    /// the levels of primary care) share their nearest OSM tag.
    pub fn osm_tags(self) -> KindTags {
        use FacilityKind::*;
        let (amenity, healthcare, speciality) = match self {
            General | EthnicMedicine | Specialty | MaternalChild => ("hospital", "hospital", None),
            Tcm => ("hospital", "hospital", Some(TCM_SPECIALITY)),
            IntegratedTcm => ("hospital", "hospital", Some("general;traditional_chinese_medicine")),
            CommunityCentre
            | CommunityStation
            | TownshipCentre
            | CentralTownshipCentre
            | Clinic => ("clinic", "clinic", None),
            TcmClinic => ("clinic", "clinic", Some(TCM_SPECIALITY)),
            VillageClinic => ("doctors", "doctor", None),
        };
        KindTags { amenity, healthcare, speciality }
    }

    /// The kind an OSM feature's tags describe, or `None` when they do not
    /// describe a medical institution. `tag` looks a key up. Hospitals whose
    /// specialities include TCM are TCM hospitals (integrated when `general`
    /// is listed too); clinics and doctors with TCM are TCM clinics, as is
    /// `healthcare=alternative` with TCM; other doctors are clinics.
    pub fn from_osm(tag: &dyn Fn(&str) -> Option<String>) -> Option<Self> {
        let amenity = tag("amenity").unwrap_or_default();
        let healthcare = tag("healthcare").unwrap_or_default();
        let specialities = tag("healthcare:speciality").unwrap_or_default();
        let has = |value: &str| specialities.split(';').any(|s| s.trim() == value);
        let tcm = has(TCM_SPECIALITY);
        if amenity == "hospital" || healthcare == "hospital" {
            return Some(match (tcm, has("general")) {
                (true, true) => FacilityKind::IntegratedTcm,
                (true, false) => FacilityKind::Tcm,
                (false, _) => FacilityKind::General,
            });
        }
        let clinic = matches!(amenity.as_str(), "clinic" | "doctors")
            || matches!(healthcare.as_str(), "clinic" | "doctor" | "centre");
        match (clinic, tcm, healthcare.as_str()) {
            (true, true, _) | (false, true, "alternative") => Some(FacilityKind::TcmClinic),
            (true, false, _) => Some(FacilityKind::Clinic),
            _ => None,
        }
    }
}

impl Service {
    /// The `healthcare:speciality` value for this service, where OSM documents one.
    pub fn osm_speciality(self) -> Option<&'static str> {
        use Service::*;
        match self {
            Acupuncture => Some("acupuncture"),
            Emergency => Some("emergency"),
            Ophthalmology => Some("ophthalmology"),
            Neurosurgery => Some("neurosurgery"),
            Paediatrics => Some("paediatrics"),
            Cardiology => Some("cardiology"),
            Obstetrics => Some("obstetrics"),
            Gynaecology => Some("gynaecology"),
            Geriatrics => Some("geriatrics"),
            Rehabilitation => Some("physiatry"),
            Stomatology => Some("stomatology"),
            Tuina | Cupping | Moxibustion | GuaSha | PreventiveTcm | TcmHall | ModelTcmHall
            | Pain | InternetHospital | ElderlyCare | Telemedicine => None,
        }
    }

    /// The services a `healthcare:speciality` value lists (`;`-separated);
    /// values with no service here are skipped.
    pub fn from_osm_specialities(value: &str) -> Vec<Service> {
        let mut out: Vec<Service> = value
            .split(';')
            .filter_map(|v| {
                Service::ALL.iter().copied().find(|s| s.osm_speciality() == Some(v.trim()))
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The `healthcare:speciality` value for a facility: its kind's speciality
/// (TCM) followed by its services', without repeats; `None` when empty.
pub fn speciality_tag(kind: FacilityKind, services: &[Service]) -> Option<String> {
    let mut values: Vec<&str> =
        kind.osm_tags().speciality.map(|s| s.split(';').collect()).unwrap_or_default();
    for value in services.iter().filter_map(|s| s.osm_speciality()) {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    (!values.is_empty()).then(|| values.join(";"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    fn kind_of(pairs: &[(&str, &str)]) -> Option<FacilityKind> {
        FacilityKind::from_osm(&lookup(pairs))
    }

    #[test]
    fn kinds_with_their_own_tags_round_trip() {
        // Kinds OSM distinguishes come back from their own tags.
        for kind in [
            FacilityKind::General,
            FacilityKind::Tcm,
            FacilityKind::IntegratedTcm,
            FacilityKind::Clinic,
            FacilityKind::TcmClinic,
        ] {
            let t = kind.osm_tags();
            let mut pairs = vec![("amenity", t.amenity), ("healthcare", t.healthcare)];
            if let Some(s) = t.speciality {
                pairs.push(("healthcare:speciality", s));
            }
            assert_eq!(kind_of(&pairs), Some(kind), "{kind:?}");
        }
        // The others fall back to the nearest kind OSM has, never to nothing.
        for kind in FacilityKind::ALL {
            let t = kind.osm_tags();
            assert!(
                kind_of(&[("amenity", t.amenity), ("healthcare", t.healthcare)]).is_some(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn kinds_from_real_tag_combinations() {
        assert_eq!(kind_of(&[("amenity", "hospital")]), Some(FacilityKind::General));
        assert_eq!(
            kind_of(&[
                ("healthcare", "hospital"),
                ("healthcare:speciality", "traditional_chinese_medicine")
            ]),
            Some(FacilityKind::Tcm)
        );
        assert_eq!(
            kind_of(&[
                ("healthcare", "alternative"),
                ("healthcare:speciality", "acupuncture;traditional_chinese_medicine")
            ]),
            Some(FacilityKind::TcmClinic)
        );
        assert_eq!(
            kind_of(&[("healthcare", "alternative"), ("healthcare:speciality", "chiropractic")]),
            None
        );
        assert_eq!(kind_of(&[("amenity", "doctors")]), Some(FacilityKind::Clinic));
        assert_eq!(kind_of(&[("amenity", "pharmacy"), ("healthcare", "pharmacy")]), None);
        assert_eq!(kind_of(&[]), None);
    }

    #[test]
    fn services_round_trip_where_osm_has_a_value() {
        let mapped: Vec<Service> =
            Service::ALL.iter().copied().filter(|s| s.osm_speciality().is_some()).collect();
        let tag = mapped.iter().filter_map(|s| s.osm_speciality()).collect::<Vec<_>>().join(";");
        assert_eq!(Service::from_osm_specialities(&tag), mapped);
        // Unknown values are skipped; repeats collapse; spaces are tolerated.
        assert_eq!(
            Service::from_osm_specialities("dermatology; acupuncture;acupuncture"),
            vec![Service::Acupuncture]
        );
        // Each OSM value belongs to one service only.
        let mut values: Vec<&str> = mapped.iter().filter_map(|s| s.osm_speciality()).collect();
        values.sort_unstable();
        values.dedup();
        assert_eq!(values.len(), mapped.len());
    }

    #[test]
    fn speciality_tag_joins_kind_and_services() {
        assert_eq!(
            speciality_tag(
                FacilityKind::Tcm,
                &[Service::Acupuncture, Service::Cupping, Service::Paediatrics]
            )
            .as_deref(),
            Some("traditional_chinese_medicine;acupuncture;paediatrics")
        );
        assert_eq!(speciality_tag(FacilityKind::General, &[Service::Cupping]), None);
    }
}
