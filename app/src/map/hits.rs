//! What a tap on the map lands on: the areas the last frame drew, and the
//! nearest of them within reach.

use engine::LatLon;

/// What a tap can land on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    Facility(usize),
    Cluster {
        point: LatLon,
        count: usize,
    },
    /// A county's facilities with no known place, by its adcode.
    County(u32),
}

/// Something drawn that a tap can hit: screen position, radius, target.
#[derive(Clone, Copy, Debug)]
pub struct HitArea {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub target: Target,
}

/// The target under a tap, nearest first among those within reach.
pub fn hit(hits: &[HitArea], x: f64, y: f64) -> Option<Target> {
    hits.iter()
        .map(|h| (h, (h.x - x).hypot(h.y - y)))
        .filter(|(h, d)| *d <= h.r)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(h, _)| h.target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taps_find_the_nearest_target_within_reach() {
        let hits = [
            HitArea { x: 10.0, y: 10.0, r: 22.0, target: Target::Facility(1) },
            HitArea { x: 30.0, y: 10.0, r: 22.0, target: Target::Facility(2) },
        ];
        assert_eq!(hit(&hits, 25.0, 10.0), Some(Target::Facility(2)));
        assert_eq!(hit(&hits, 12.0, 12.0), Some(Target::Facility(1)));
        assert_eq!(hit(&hits, 100.0, 100.0), None);
    }
}
