//! Attribute filters, and the bit masks that let the index skip whole
//! subtrees holding nothing that matches.
//!
//! Every facility has a 128-bit attribute mask: bit `kind.tag()` (0..16),
//! `16 + grade.tag()` (16..32), `32 + service.tag()` (32..80),
//! `80 + network_kind.tag()` (80..96, the kinds of network it belongs to) and
//! `96 + designation.tag()` (96..128). A tree node's mask is the OR of the
//! masks beneath it, so a node whose mask fails [`Filter::may_match`] holds no
//! match and is never opened. For a single facility the same test is exact.

use crate::text::{MatchQuality, TextQuery};
use crate::hours::{Hours, LocalTime};
use crate::model::{Designation, Facility, FacilityKind, Grade, NetworkKind, Role, Service};

const KIND_BIT: u32 = 0;
const GRADE_BIT: u32 = 16;
const SERVICE_BIT: u32 = 32;
const NETWORK_KIND_BIT: u32 = 80;
const DESIGNATION_BIT: u32 = 96;

/// The attribute mask of one facility.
pub fn attribute_mask(f: &Facility) -> u128 {
    let services = f.services.iter().fold(0u64, |m, s| m | 1 << s.tag());
    let designations = f.designations.iter().fold(0u32, |m, d| m | 1 << d.tag());
    attribute_bits(f.kind, f.grade, services, designations)
}

/// The attribute mask from a kind, a grade and the service and designation bit sets (bit = tag).
pub fn attribute_bits(kind: FacilityKind, grade: Grade, services: u64, designations: u32) -> u128 {
    (1u128 << (KIND_BIT + kind.tag() as u32))
        | (1u128 << (GRADE_BIT + grade.tag() as u32))
        | ((services as u128) << SERVICE_BIT)
        | ((designations as u128) << DESIGNATION_BIT)
}

/// The mask bits for the kinds of network a facility belongs to (bit = tag).
pub fn network_kind_bits(kinds: u16) -> u128 {
    (kinds as u128) << NETWORK_KIND_BIT
}

/// An administrative region by its 6-digit adcode: a province (`510000`,
/// Sichuan), a city (`510100`, Chengdu) or a county (`510107`, Wuhou).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    code: u32,
}

impl Region {
    /// `None` unless `code` has six digits.
    pub fn new(code: u32) -> Option<Self> {
        (100_000..=999_999).contains(&code).then_some(Self { code })
    }

    pub fn code(self) -> u32 {
        self.code
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub kinds: Vec<FacilityKind>,
    pub grades: Vec<Grade>,
    pub services: Vec<Service>,
    pub designations: Vec<Designation>,
    pub region: Option<Region>,
    pub open_at: Option<LocalTime>,
    /// Member of some network of any of these kinds ("accepts the e-health card").
    pub network_kinds: Vec<NetworkKind>,
    /// Member of this one network, optionally in this role ("in the 川渝 ophthalmology alliance").
    pub network: Option<InNetwork>,
    /// Free text that the name, an alias, the pinyin (full or initials) or
    /// the address must match as typed (see [`crate::text`]; no typo
    /// tolerance in a filter). Blank text is no condition.
    pub text: Option<String>,
}

/// Membership of one network, by its id, optionally in one role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InNetwork {
    pub id: String,
    pub role: Option<Role>,
}

impl Filter {
    /// Everything.
    pub fn all() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// Compiles the filter into mask tests.
    pub fn compile(&self) -> MaskTest {
        let any = |bits: &mut dyn Iterator<Item = u32>| bits.fold(0u128, |m, b| m | (1u128 << b));
        MaskTest {
            kinds: any(&mut self.kinds.iter().map(|k| KIND_BIT + k.tag() as u32)),
            grades: any(&mut self.grades.iter().map(|g| GRADE_BIT + g.tag() as u32)),
            network_kinds: any(&mut self.network_kinds.iter().map(|k| NETWORK_KIND_BIT + k.tag() as u32)),
            required: any(&mut self.services.iter().map(|s| SERVICE_BIT + s.tag() as u32))
                | any(&mut self.designations.iter().map(|d| DESIGNATION_BIT + d.tag() as u32)),
        }
    }

    /// The plain, unindexed test of everything a facility record holds: the
    /// oracle the index must agree with. Network conditions are not part of a
    /// record; [`crate::Dataset`] applies them from its membership index.
    pub fn matches(&self, f: &Facility) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&f.kind))
            && (self.grades.is_empty() || self.grades.contains(&f.grade))
            && self.services.iter().all(|s| f.services.contains(s))
            && self.designations.iter().all(|d| f.designations.contains(d))
            && self.region.is_none_or(|r| r.contains(f.county_code))
            && self.open_at.is_none_or(|t| Hours::parse(&f.opening_hours).is_open_at(t))
            && self.text_query().is_none_or(|q| {
                q.best_match(&f.name, f.aliases.iter().map(String::as_str), &f.address, &f.pinyin).is_some_and(MatchQuality::as_typed)
            })
    }

    /// The free-text condition, normalised; `None` when there is none.
    pub fn text_query(&self) -> Option<TextQuery> {
        self.text.as_deref().and_then(TextQuery::new)
    }
}

/// A filter as bit tests over attribute masks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaskTest {
    kinds: u128,
    grades: u128,
    network_kinds: u128,
    required: u128,
}

impl MaskTest {
    /// For a node: could anything beneath match? For one facility: does it match?
    #[inline]
    pub fn may_match(&self, mask: u128) -> bool {
        (self.kinds == 0 || mask & self.kinds != 0)
            && (self.grades == 0 || mask & self.grades != 0)
            && (self.network_kinds == 0 || mask & self.network_kinds != 0)
            && mask & self.required == self.required
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{random_filter, sample, Lcg};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn mask_test_agrees_with_plain_test() {
        let facilities = sample(500, 11);
        let mut rng = Lcg(5);
        for _ in 0..300 {
            // Regions, hours and text are not in the masks; the index asks about them separately.
            let filter = Filter { region: None, open_at: None, text: None, ..random_filter(&mut rng) };
            let test = filter.compile();
            for f in &facilities {
                assert_eq!(test.may_match(attribute_mask(f)), filter.matches(f), "{filter:?} on {f:?}");
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
    fn vocabularies_fit_their_bit_ranges() {
        assert!(Service::ALL.len() <= (NETWORK_KIND_BIT - SERVICE_BIT) as usize);
        assert!(NetworkKind::ALL.len() <= (DESIGNATION_BIT - NETWORK_KIND_BIT) as usize);
        assert!(Designation::ALL.len() <= (128 - DESIGNATION_BIT) as usize);
        assert!(FacilityKind::ALL.len() <= GRADE_BIT as usize && Grade::ALL.len() <= (SERVICE_BIT - GRADE_BIT) as usize);
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
