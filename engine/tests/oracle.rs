//! Property tests: every query against the brute-force oracle, on random
//! synthetic data that includes the poles, the antimeridian, duplicate points
//! and filters that match nothing. Runs natively and under wasm32 in Chromium.

use engine::oracle::nearest_brute_force;
use engine::LatLonBox;
use engine::{
    Dataset, Designation, Facility, FacilityKind, Filter, Grade, LatLon, LocalTime, Region, Service,
};
use proptest::prelude::*;
use proptest::test_runner::Config;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Latitudes and longitudes with the awkward values over-represented.
fn lat() -> impl Strategy<Value = f64> {
    prop_oneof![4 => -90.0..=90.0, 1 => Just(90.0), 1 => Just(-90.0), 1 => Just(0.0), 2 => 29.0..31.0f64]
}

fn lon() -> impl Strategy<Value = f64> {
    prop_oneof![4 => -180.0..=180.0, 1 => Just(180.0), 1 => Just(-180.0), 1 => 179.9..=180.0, 1 => -180.0..=-179.9, 2 => 103.0..106.0f64]
}

fn point() -> impl Strategy<Value = LatLon> {
    (lat(), lon()).prop_map(|(la, lo)| LatLon::new(la, lo).expect("strategy stays in range"))
}

fn subset<T: Copy + Ord + std::fmt::Debug + 'static>(
    all: &'static [T],
    max: usize,
) -> impl Strategy<Value = Vec<T>> {
    proptest::collection::vec(proptest::sample::select(all), 0..=max).prop_map(|mut v| {
        v.sort();
        v.dedup();
        v
    })
}

fn facilities() -> impl Strategy<Value = Vec<Facility>> {
    let one = (
        point(),
        proptest::sample::select(FacilityKind::ALL),
        proptest::sample::select(Grade::ALL),
        subset(Service::ALL, 4),
        subset(Designation::ALL, 2),
        proptest::sample::select(COUNTIES),
        proptest::sample::select(engine::synthetic::SYNTHETIC_HOURS),
    );
    let duplicates = proptest::collection::vec(
        (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
        0..30,
    );
    (proptest::collection::vec(one, 0..300), duplicates).prop_map(|(rows, duplicates)| {
        let mut out: Vec<Facility> = rows
            .into_iter()
            .enumerate()
            .map(|(i, (point, kind, grade, services, designations, county_code, hours))| Facility {
                grade,
                county_code,
                opening_hours: hours.to_string(),
                services,
                designations,
                source: "synthetic property-test data".into(),
                last_checked: "2026-01-01".into(),
                aliases: if i % 3 == 0 { vec![format!("合成别名 alias {i}")] } else { vec![] },
                address: format!("合成地址 {i}"),
                pinyin: format!("he cheng ji gou synthetic {i}"),
                ..Facility::new(
                    format!("synthetic-{i:04}"),
                    format!("合成机构 synthetic {i}"),
                    kind,
                    point,
                )
            })
            .collect();
        // Move some facilities onto others' points: exact duplicates, ties by id.
        if !out.is_empty() {
            for (from, to) in duplicates {
                let p = out[from.index(out.len())].point;
                let to = to.index(out.len());
                out[to].point = p;
            }
        }
        out
    })
}

/// County codes to draw from (0: unknown), and regions at each level over them.
const COUNTIES: &[u32] = &[0, 510_104, 510_107, 510_112, 511_702, 500_111, 500_118];
const REGIONS: &[u32] = &[510_000, 510_100, 510_107, 511_700, 500_000, 500_111];

fn filter() -> impl Strategy<Value = Filter> {
    let region = proptest::option::of(
        proptest::sample::select(REGIONS).prop_map(|c| Region::new(c).expect("six digits")),
    );
    let open_at = proptest::option::of(
        (0u8..7, 0u8..24, 0u8..60).prop_map(|(d, h, m)| LocalTime::new(d, h, m).expect("in range")),
    );
    // Free text: Chinese, full pinyin, initials, digits; some match many names, some few, some none.
    let text = proptest::option::of(
        proptest::sample::select(
            &["合成", "synthetic 1", "hcjg", "jigou", "alias", "地址 9", "无此机构"][..],
        )
        .prop_map(String::from),
    );
    (
        subset(FacilityKind::ALL, 3),
        subset(Grade::ALL, 2),
        subset(Service::ALL, 2),
        subset(Designation::ALL, 1),
        region,
        open_at,
        text,
    )
        .prop_map(|(kinds, grades, services, designations, region, open_at, text)| Filter {
            kinds,
            grades,
            services,
            designations,
            region,
            open_at,
            text,
            ..Filter::all()
        })
}

fn config() -> Config {
    Config { cases: 96, failure_persistence: None, ..Config::default() }
}

fn ids<'a>(it: impl IntoIterator<Item = &'a Facility>) -> Vec<&'a str> {
    it.into_iter().map(|f| f.id.as_str()).collect()
}

fn hit_ids<'a>(hits: &[engine::Hit<'a>]) -> Vec<&'a str> {
    hits.iter().map(|h| h.facility.id()).collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn knn_equals_brute_force(data in facilities(), q in point(), k in 0usize..40, filter in filter()) {
        let dataset = Dataset::from_facilities(data.clone());
        let got = dataset.nearest(q, k, &filter);
        let want = nearest_brute_force(&data, q, k, &filter);
        prop_assert_eq!(hit_ids(&got), ids(want.iter().map(|(f, _)| *f)));
        for (g, (_, d)) in got.iter().zip(&want) {
            prop_assert_eq!(g.distance_m, *d);
        }
    }

    #[test]
    fn radius_equals_brute_force(data in facilities(), q in point(), radius_m in prop_oneof![Just(0.0), 0.0..5_000.0, 0.0..2.5e7], filter in filter()) {
        let dataset = Dataset::from_facilities(data.clone());
        let mut want = nearest_brute_force(&data, q, usize::MAX, &filter);
        want.retain(|(_, d)| *d <= radius_m);
        let got = dataset.within_radius(q, radius_m, &filter);
        prop_assert_eq!(hit_ids(&got), ids(want.iter().map(|(f, _)| *f)));
    }

    #[test]
    fn viewport_equals_brute_force(data in facilities(), a in lat(), b in lat(), west in lon(), east in lon(), filter in filter()) {
        let dataset = Dataset::from_facilities(data.clone());
        let area = LatLonBox { south: a.min(b), north: a.max(b), west, east };
        let mut want: Vec<&Facility> = data.iter().filter(|f| filter.matches(f) && area.contains(f.point)).collect();
        want.sort_by(|x, y| x.id.cmp(&y.id));
        let found: Vec<&str> = dataset.within_box(area, &filter).iter().map(|f| f.id()).collect();
        prop_assert_eq!(found, ids(want));
    }

    #[test]
    fn decoded_dataset_equals_brute_force(data in facilities(), q in point(), filter in filter()) {
        // Points are stored to 1e-7 degrees, so the oracle runs on what was decoded.
        let dataset = Dataset::from_bytes(&engine::codec::encode(&data, 0)).expect("own encoding decodes");
        let decoded: Vec<Facility> = dataset.facilities().map(|f| f.to_facility()).collect();
        let mut decoded_ids = ids(&decoded);
        decoded_ids.sort_unstable();
        prop_assert_eq!(decoded_ids, ids(&data));
        let want = nearest_brute_force(&decoded, q, 10, &filter);
        let got = dataset.nearest(q, 10, &filter);
        prop_assert_eq!(hit_ids(&got), ids(want.iter().map(|(f, _)| *f)));
    }
}
