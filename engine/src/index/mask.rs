//! The attribute masks that let the index skip whole subtrees holding
//! nothing that matches.
//!
//! Every facility has a 128-bit attribute mask: bit `kind.tag()` (0..16),
//! `16 + grade.tag()` (16..30), [`PLACED_BIT`] or [`UNPLACED_BIT`] (30, 31:
//! whether its place is known, [`LocationPrecision::is_placed`]),
//! `32 + service.tag()` (32..64),
//! `64 + feature.tag()` (64..80), `80 + network_kind.tag()` (80..96, the
//! kinds of network it belongs to) and `96 + designation.tag()` (96..128). A tree node's mask is the OR of the
//! masks beneath it, so a node whose mask fails [`MaskTest::may_match`] holds
//! no match and is never opened. For a single facility the same test is exact.

use crate::data::model::{
    Designation, FacilityKind, Feature, Grade, LocationPrecision, NetworkKind, Service,
};

const KIND_BIT: u32 = 0;
const GRADE_BIT: u32 = 16;
/// Set for a facility whose place is known: a node holds it when any facility beneath does.
const PLACED_BIT: u32 = 30;
/// Set for a facility whose place is not known (a county's or city's seat stands in for it).
const UNPLACED_BIT: u32 = 31;
const SERVICE_BIT: u32 = 32;
const FEATURE_BIT: u32 = 64;
const NETWORK_KIND_BIT: u32 = 80;
const DESIGNATION_BIT: u32 = 96;

/// The attribute mask of one facility record (networks aside): what the
/// tests hold the columns' masks to.
#[cfg(test)]
pub fn attribute_mask(f: &crate::data::model::Facility) -> u128 {
    let services = f.services.iter().fold(0u64, |m, s| m | 1 << s.tag());
    let designations = f.designations.iter().fold(0u32, |m, d| m | 1 << d.tag());
    let features = f.features.iter().fold(0u16, |m, x| m | 1 << x.tag());
    attribute_bits(f.kind, f.grade, f.precision, (services, designations, features))
}

/// The attribute mask from a kind, a grade and the service, designation and
/// feature bit sets (bit = tag).
pub fn attribute_bits(
    kind: FacilityKind,
    grade: Grade,
    precision: LocationPrecision,
    (services, designations, features): (u64, u32, u16),
) -> u128 {
    (1u128 << (KIND_BIT + kind.tag() as u32))
        | (1u128 << (GRADE_BIT + grade.tag() as u32))
        | (1u128 << if precision.is_placed() { PLACED_BIT } else { UNPLACED_BIT })
        | ((services as u128) << SERVICE_BIT)
        | ((features as u128) << FEATURE_BIT)
        | ((designations as u128) << DESIGNATION_BIT)
}

/// The mask bits for the kinds of network a facility belongs to (bit = tag).
pub fn network_kind_bits(kinds: u16) -> u128 {
    (kinds as u128) << NETWORK_KIND_BIT
}

/// A filter's vocabulary conditions as bit tests over attribute masks: any
/// of the kinds, any of the grades, any of the network kinds, all of the
/// services, designations and features, and whether the place is known.
/// Empty lists (and `None`) do not restrict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaskTest {
    kinds: u128,
    grades: u128,
    network_kinds: u128,
    required: u128,
}

impl MaskTest {
    /// The test for these conditions.
    pub fn new(
        kinds: &[FacilityKind],
        grades: &[Grade],
        network_kinds: &[NetworkKind],
        services: &[Service],
        designations: &[Designation],
        features: &[Feature],
        placed: Option<bool>,
    ) -> Self {
        let any = |bits: &mut dyn Iterator<Item = u32>| bits.fold(0u128, |m, b| m | (1u128 << b));
        MaskTest {
            kinds: any(&mut kinds.iter().map(|k| KIND_BIT + k.tag() as u32)),
            grades: any(&mut grades.iter().map(|g| GRADE_BIT + g.tag() as u32)),
            network_kinds: any(&mut network_kinds
                .iter()
                .map(|k| NETWORK_KIND_BIT + k.tag() as u32)),
            required: any(&mut services.iter().map(|s| SERVICE_BIT + s.tag() as u32))
                | any(&mut designations.iter().map(|d| DESIGNATION_BIT + d.tag() as u32))
                | any(&mut features.iter().map(|x| FEATURE_BIT + x.tag() as u32))
                | placed.map_or(0, |p| 1u128 << if p { PLACED_BIT } else { UNPLACED_BIT }),
        }
    }

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
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn vocabularies_fit_their_bit_ranges() {
        assert!(Service::ALL.len() <= (FEATURE_BIT - SERVICE_BIT) as usize);
        assert!(Feature::ALL.len() <= (NETWORK_KIND_BIT - FEATURE_BIT) as usize);
        assert!(NetworkKind::ALL.len() <= (DESIGNATION_BIT - NETWORK_KIND_BIT) as usize);
        assert!(Designation::ALL.len() <= (128 - DESIGNATION_BIT) as usize);
        assert!(
            FacilityKind::ALL.len() <= GRADE_BIT as usize
                && Grade::ALL.len() <= (PLACED_BIT - GRADE_BIT) as usize
        );
    }

    #[test]
    fn an_empty_test_passes_everything_and_each_group_tests_its_own_bits() {
        let all = MaskTest::new(&[], &[], &[], &[], &[], &[], None);
        assert!(all.may_match(0) && all.may_match(u128::MAX));
        let acupuncture = 1 << Service::Acupuncture.tag();
        let tcm = attribute_bits(
            FacilityKind::Tcm,
            Grade::TertiaryA,
            LocationPrecision::AddressGeocoded,
            (acupuncture, 0, 0),
        );
        let test = MaskTest::new(
            &[FacilityKind::Tcm, FacilityKind::General],
            &[],
            &[],
            &[Service::Acupuncture],
            &[],
            &[],
            None,
        );
        assert!(test.may_match(tcm));
        let no_acupuncture = attribute_bits(
            FacilityKind::Tcm,
            Grade::TertiaryA,
            LocationPrecision::AddressGeocoded,
            (0, 0, 0),
        );
        assert!(!test.may_match(no_acupuncture));
        let general_only = MaskTest::new(&[FacilityKind::General], &[], &[], &[], &[], &[], None);
        assert!(!general_only.may_match(tcm));
        let in_alliance =
            MaskTest::new(&[], &[], &[NetworkKind::SpecialtyAlliance], &[], &[], &[], None);
        assert!(!in_alliance.may_match(tcm));
        assert!(in_alliance
            .may_match(tcm | network_kind_bits(1 << NetworkKind::SpecialtyAlliance.tag())));
        let lift = MaskTest::new(&[], &[], &[], &[], &[], &[Feature::Lift], None);
        assert!(!lift.may_match(tcm));
        let with_lift = attribute_bits(
            FacilityKind::Tcm,
            Grade::TertiaryA,
            LocationPrecision::AddressGeocoded,
            (acupuncture, 0, 1 << 4),
        );
        assert!(lift.may_match(with_lift) && test.may_match(with_lift));
        let at_seat = attribute_bits(
            FacilityKind::Tcm,
            Grade::TertiaryA,
            LocationPrecision::CountySeat,
            (acupuncture, 0, 0),
        );
        let placed = MaskTest::new(&[], &[], &[], &[], &[], &[], Some(true));
        let unplaced = MaskTest::new(&[], &[], &[], &[], &[], &[], Some(false));
        assert!(placed.may_match(tcm) && !placed.may_match(at_seat));
        assert!(unplaced.may_match(at_seat) && !unplaced.may_match(tcm));
        assert!(
            placed.may_match(tcm | at_seat) && unplaced.may_match(tcm | at_seat),
            "a node with both"
        );
    }
}
