//! The app's model: which screen is open, what the user is looking for, and
//! where the map looks. The link codec ([`crate::route`]) reads and writes
//! it; nothing here knows about URLs.

use engine::{Filter, LatLon, LocalTime};

/// Which screen is open.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Page {
    #[default]
    Results,
    Facility(String),
    Network(String),
    /// Where the data comes from: the lists, their dates and licences, how to correct it.
    About,
}

/// What the user is looking for: the engine's filter (its fields declared
/// once, in `engine::fields`), whether it must be open now, and how far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Every condition but the time: "open now" is [`Query::open_now`].
    pub filter: Filter,
    pub open_now: bool,
    pub radius_km: Option<f64>,
}

impl Query {
    /// The search text, or "" when there is none.
    pub fn text(&self) -> &str {
        self.filter.text.as_deref().unwrap_or_default()
    }

    /// Sets the search text (blank is none).
    pub fn set_text(&mut self, text: &str) {
        let text = text.trim();
        self.filter.text = (!text.is_empty()).then(|| text.to_string());
    }

    /// The engine filter at China time `now`.
    pub fn filter_at(&self, now: LocalTime) -> Filter {
        Filter { open_at: self.open_now.then_some(now), ..self.filter.clone() }
    }

    /// Whether anything but the text and the radius narrows it.
    pub fn has_filters(&self) -> bool {
        self.open_now || Filter { text: None, ..self.filter.clone() } != Filter::all()
    }

    /// The same text and radius with every filter cleared.
    pub fn without_filters(&self) -> Query {
        Query {
            filter: Filter { text: self.filter.text.clone(), ..Filter::all() },
            open_now: false,
            radius_km: self.radius_km,
        }
    }
}

/// The map's view: zoom and centre.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f64,
    pub center: LatLon,
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{FacilityKind, LocalTime};

    #[test]
    fn text_radius_and_filters_are_told_apart() {
        let mut q = Query { radius_km: Some(5.0), ..Query::default() };
        q.set_text("  中医 ");
        assert_eq!(q.text(), "中医");
        assert!(!q.has_filters());
        q.filter.kinds.push(FacilityKind::Tcm);
        q.open_now = true;
        assert!(q.has_filters());
        let cleared = q.without_filters();
        assert_eq!(
            (cleared.text(), cleared.radius_km, cleared.has_filters()),
            ("中医", Some(5.0), false)
        );
        q.set_text(" ");
        assert_eq!(q.filter.text, None);
        let now = LocalTime::new(0, 9, 0).unwrap();
        assert_eq!(q.filter_at(now).open_at, Some(now));
    }
}
