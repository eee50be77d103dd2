//! One sort for the whole engine. Every `sort_by` with its own element type
//! and comparator compiles to its own copy of the standard library's sort,
//! several kilobytes of WebAssembly each, which the app downloads; the
//! sorts here share one compiled sort of indices, at the cost of an
//! indirect call per comparison (a millisecond on ten thousand items).
//! The bottom layer: it imports nothing from the engine.

use std::cmp::Ordering;

/// Sorts `items` by `compare` (unstable: equal items may trade places).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..items.len() as u32).collect();
    sort_indices(&mut order, &|a, b| compare(&items[a as usize], &items[b as usize]));
    let mut taken: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&i| taken[i as usize].take()));
}

#[inline(never)]
fn sort_indices(order: &mut [u32], compare: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_unstable_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sorts_like_the_standard_sort() {
        let mut state = 7u64;
        let mut next = || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (state >> 40) as u32 % 1000
        };
        for n in [0, 1, 2, 3, 31, 1000] {
            let mut items: Vec<(u32, String)> =
                (0..n).map(|i| (next(), format!("id{i}"))).collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            sort_by(&mut items, |a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            assert_eq!(items, expected);
        }
    }
}
