//! Which facilities to keep: the [`Filter`] a query carries, and the
//! [`Region`] it may be limited to. The vocabulary conditions compile into
//! a [`MaskTest`] the index prunes with; the rest (region, hours, text, one
//! network) the dataset decides per facility.

use crate::data::hours::{Hours, LocalTime};
use crate::data::model::{
    Designation, Facility, FacilityKind, Feature, Grade, NetworkKind, Role, Service,
};
use crate::index::mask::MaskTest;
use crate::index::text::{MatchQuality, TextQuery};

/// An administrative region by its 6-digit adcode: a province (`510000`,
/// Sichuan), a city (`510100`, Chengdu) or a county (`510107`, Wuhou).
///
/// ```
/// use engine::Region;
/// let sichuan = Region::new(510000).unwrap();
/// let chengdu = Region::new(510100).unwrap();
/// let wuhou = Region::new(510107).unwrap();
/// assert!(sichuan.contains(510107) && chengdu.contains(510107) && wuhou.contains(510107));
/// assert!(!chengdu.contains(510600) && !wuhou.contains(510104));
/// assert!(!sichuan.contains(0), "an unknown county is in no region");
/// assert!(Region::new(51).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    code: u32,
}

impl Region {
    /// `None` unless `code` has six digits.
    pub fn new(code: u32) -> Option<Self> {
        (100_000..=999_999).contains(&code).then_some(Self { code })
    }

    /// Its 6-digit adcode.
    pub fn code(self) -> u32 {
        self.code
    }

    /// The city that holds the county `code`: its prefecture (`510100` for
    /// 武侯区 `510107`), or for the four province-level cities the city
    /// itself (`500000` for 大足区 `500111`). The code of a
    /// record known only to be in its city (see `Facility::county_code`).
    ///
    /// ```
    /// use engine::Region;
    /// assert_eq!(Region::city_of(510107).map(Region::code), Some(510100));
    /// assert_eq!(Region::city_of(500111).map(Region::code), Some(500000));
    /// assert_eq!(Region::city_of(500235).map(Region::code), Some(500000));
    /// assert_eq!(Region::city_of(110105).map(Region::code), Some(110000));
    /// assert_eq!(Region::city_of(0), None);
    /// ```
    pub fn city_of(code: u32) -> Option<Region> {
        Region::new(code)?;
        let city = match Region::is_city_province(code) {
            true => code / 10_000 * 10_000,
            false => code / 100 * 100,
        };
        Some(Region { code: city })
    }

    /// Whether `code` is in one of the four province-level cities (北京,
    /// 天津, 上海, 重庆), which are their own city.
    pub fn is_city_province(code: u32) -> bool {
        matches!(code / 10_000, 11 | 12 | 31 | 50)
    }

    /// Whether a facility with this county code lies in the region (0, unknown, never does).
    pub fn contains(self, county_code: u32) -> bool {
        if county_code == 0 {
            false
        } else if self.code.is_multiple_of(10_000) {
            county_code / 10_000 == self.code / 10_000
        } else if self.code.is_multiple_of(100) {
            county_code / 100 == self.code / 100
        } else {
            county_code == self.code
        }
    }
}

/// Which facilities to keep: any of the kinds, any of the grades, all of the
/// services, all of the designations, inside the region, open at the time.
/// An empty list (or `None`) does not restrict. Facilities whose hours are not
/// listed or not understood are never "open".
///
/// ```
/// use engine::{Facility, FacilityKind, Filter, LatLon, Region, Service};
/// let mut f = Facility::new("synthetic-1", "合成中医院 synthetic", FacilityKind::Tcm, LatLon::new(29.7, 105.7).unwrap());
/// f.services = vec![Service::Acupuncture, Service::Tuina];
/// f.county_code = 500111;
/// let acupuncture_in_chongqing = Filter {
///     kinds: vec![FacilityKind::Tcm, FacilityKind::IntegratedTcm],
///     services: vec![Service::Acupuncture],
///     region: Region::new(500000),
///     ..Filter::all()
/// };
/// assert!(acupuncture_in_chongqing.matches(&f));
/// let in_sichuan = Filter { region: Region::new(510000), ..acupuncture_in_chongqing.clone() };
/// assert!(!in_sichuan.matches(&f));
/// assert!(Filter::all().is_empty() && Filter::all().matches(&f));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Any of these kinds.
    pub kinds: Vec<FacilityKind>,
    /// Any of these grades.
    pub grades: Vec<Grade>,
    /// All of these services.
    pub services: Vec<Service>,
    /// All of these designations.
    pub designations: Vec<Designation>,
    /// All of these features (insurance, access, booking).
    pub features: Vec<Feature>,
    /// Only facilities whose place is known (`Some(true)`), or only those
    /// whose place is not (`Some(false)`: a county's or city's seat stands in
    /// for it), by [`crate::LocationPrecision::is_placed`]. Answers with
    /// distances ask for the first; "in your county, place not listed" for the second.
    pub located: Option<bool>,
    /// Inside this province, city or county (by county code).
    pub region: Option<Region>,
    /// Open at this time, by the listed hours.
    pub open_at: Option<LocalTime>,
    /// Member of some network of any of these kinds ("accepts the e-health card").
    pub network_kinds: Vec<NetworkKind>,
    /// Member of this one network, optionally in this role ("in the 川渝 ophthalmology alliance").
    pub network: Option<InNetwork>,
    /// Free text that the name, an alias, the pinyin (full or initials) or
    /// the address must match as typed (see [`crate::index::text`]; no typo
    /// tolerance in a filter). Blank text is no condition.
    pub text: Option<String>,
}

/// Membership of one network, by its id, optionally in one role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InNetwork {
    /// The network's id.
    pub id: String,
    /// Only members in this role; any role when `None`.
    pub role: Option<Role>,
}

impl Filter {
    /// Everything.
    pub fn all() -> Self {
        Self::default()
    }

    /// Whether it keeps everything.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// Compiles the vocabulary conditions into the index's mask test.
    pub fn compile(&self) -> MaskTest {
        MaskTest::new(
            &self.kinds,
            &self.grades,
            &self.network_kinds,
            &self.services,
            &self.designations,
            &self.features,
            self.located,
        )
    }

    /// The plain, unindexed test of everything a facility record holds: the
    /// oracle the index must agree with. Network conditions are not part of a
    /// record; [`crate::Dataset`] applies them from its membership index.
    pub fn matches(&self, f: &Facility) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&f.kind))
            && (self.grades.is_empty() || self.grades.contains(&f.grade))
            && self.services.iter().all(|s| f.services.contains(s))
            && self.designations.iter().all(|d| f.designations.contains(d))
            && self.features.iter().all(|x| f.features.contains(x))
            && self.located.is_none_or(|placed| f.precision.is_placed() == placed)
            && self.region.is_none_or(|r| r.contains(f.county_code))
            && self.open_at.is_none_or(|t| Hours::parse(&f.opening_hours).is_open_at(t))
            && self.text_query().is_none_or(|q| {
                q.best_match(&f.name, f.aliases.iter().map(String::as_str), &f.address, &f.pinyin)
                    .is_some_and(MatchQuality::as_typed)
            })
    }

    /// The free-text condition, normalised; `None` when there is none.
    pub fn text_query(&self) -> Option<TextQuery> {
        self.text.as_deref().and_then(TextQuery::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::mask::attribute_mask;
    use crate::testing::synthetic::{random_filter, sample, Lcg};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn mask_test_agrees_with_plain_test() {
        let facilities = sample(500, 11);
        let mut rng = Lcg(5);
        for _ in 0..300 {
            // Regions, hours and text are not in the masks; the index asks about them separately.
            let filter =
                Filter { region: None, open_at: None, text: None, ..random_filter(&mut rng) };
            let test = filter.compile();
            for f in &facilities {
                assert_eq!(
                    test.may_match(attribute_mask(f)),
                    filter.matches(f),
                    "{filter:?} on {f:?}"
                );
            }
        }
    }

    #[test]
    fn text_condition_matches_names_aliases_pinyin_and_address_as_typed() {
        let f = &sample(4, 2)[3]; // 合成机构 synthetic 3, alias "合成别名 synthetic alias 3"
        let with = |text: &str| Filter { text: Some(text.into()), ..Filter::all() }.matches(f);
        for text in ["合成机构", "别名", "hcjg", "hechengjigou", "合成地址"] {
            assert!(with(text), "{text}");
        }
        assert!(!with("华西") && !with("hcjx"), "no typo tolerance in a filter");
        assert!(with("   "), "blank text is no condition");
    }

    #[test]
    fn regions_nest_by_adcode() {
        let sichuan = Region::new(510_000).unwrap();
        let chengdu = Region::new(510_100).unwrap();
        let wuhou = Region::new(510_107).unwrap();
        let chongqing = Region::new(500_000).unwrap();
        for (region, county, inside) in [
            (sichuan, 510_107, true),
            (chengdu, 510_107, true),
            (wuhou, 510_107, true),
            (wuhou, 510_104, false),
            (chengdu, 511_702, false),
            (chengdu, 510_302, false), // Zigong's 自流井区: same first three digits, another city
            (sichuan, 500_111, false),
            (chongqing, 500_111, true),
            (sichuan, 0, false),
        ] {
            assert_eq!(region.contains(county), inside, "{region:?} {county}");
        }
        assert_eq!(Region::new(5001), None);
        assert_eq!(Region::new(5_001_110), None);
    }

    #[test]
    fn node_mask_never_prunes_a_match() {
        let facilities = sample(64, 12);
        let node = facilities.iter().fold(0u128, |m, f| m | attribute_mask(f));
        let mut rng = Lcg(6);
        for _ in 0..300 {
            let filter = random_filter(&mut rng);
            if facilities.iter().any(|f| filter.matches(f)) {
                assert!(filter.compile().may_match(node), "{filter:?}");
            }
        }
    }
}
