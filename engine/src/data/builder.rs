//! The one way from records to a dataset: facilities (sorted into index
//! order), the networks joining them (each member resolved to its slot) and
//! the descriptions of the lists they came from, as [`Columns`]. The codec
//! writes what this builds; `Dataset` indexes it in memory, without a
//! round trip through bytes.

use std::collections::HashMap;

use crate::data::columns::Columns;
use crate::data::model::{Facility, Network, SourceList};
use crate::data::order::{check_kd_order, into_kd_order, stored_points};

/// A network with the slot of each member, aligned with `network.members`.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkRecord {
    /// The network as its source lists it.
    pub network: Network,
    /// Each member's slot in the dataset's index order.
    pub slots: Vec<u32>,
}

/// Facilities as columns in index order, and the networks joining them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Built {
    /// The facilities, in index order.
    pub columns: Columns,
    /// The networks, in the order given, members resolved.
    pub networks: Vec<NetworkRecord>,
}

/// Builds columns from records. Fails, naming it, on a network member that
/// is not one of the facilities.
pub fn build(
    facilities: &[Facility],
    networks: &[Network],
    lists: &[SourceList],
) -> Result<Built, String> {
    let ordered = into_kd_order(facilities.to_vec());
    // Checked once here, as every decode checks it: a file is only ever written in order.
    check_kd_order(&stored_points(&ordered)).map_err(|slot| {
        format!("the spatial index's order breaks at slot {slot}: a point that is not a number?")
    })?;
    let slot_of: HashMap<&str, u32> =
        ordered.iter().enumerate().map(|(i, f)| (f.id.as_str(), i as u32)).collect();
    let networks = networks
        .iter()
        .map(|n| {
            let slots = n
                .members
                .iter()
                .map(|m| {
                    slot_of.get(m.facility_id.as_str()).copied().ok_or_else(|| {
                        format!(
                            "network {}: member {:?} is not a facility in this dataset",
                            n.id, m.facility_id
                        )
                    })
                })
                .collect::<Result<Vec<u32>, String>>()?;
            Ok(NetworkRecord { network: n.clone(), slots })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Built { columns: Columns::with_lists(&ordered, lists), networks })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::{Member, NetworkKind, Role};
    use crate::testing::synthetic::sample;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn network(members: &[&str]) -> Network {
        Network {
            id: "n".into(),
            name: "合成网络".into(),
            name_en: String::new(),
            kind: NetworkKind::MedicalConsortium,
            specialty: None,
            region: "test".into(),
            source: "synthetic".into(),
            last_checked: "2026-12-01".into(),
            members: members
                .iter()
                .map(|id| Member {
                    facility_id: id.to_string(),
                    role: Role::Member,
                    citation: crate::testing::synthetic::synthetic_citation(),
                })
                .collect(),
        }
    }

    #[test]
    fn members_resolve_to_the_slots_of_their_facilities_in_index_order() {
        let facilities = sample(200, 8);
        let ids: Vec<&str> = facilities.iter().step_by(37).map(|f| f.id.as_str()).collect();
        let built = build(&facilities, &[network(&ids)], &[]).unwrap();
        let record = &built.networks[0];
        assert_eq!(record.slots.len(), ids.len());
        for (slot, member) in record.slots.iter().zip(&record.network.members) {
            assert_eq!(built.columns.id(*slot as usize), member.facility_id);
        }
        assert_eq!(built.columns.len(), 200);
    }

    #[test]
    fn a_member_that_is_not_a_facility_is_named() {
        let err = build(&sample(3, 1), &[network(&["nowhere"])], &[]).unwrap_err();
        assert!(err.contains("\"nowhere\""), "{err}");
    }
}
