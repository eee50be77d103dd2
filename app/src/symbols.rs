//! How facilities look, on the map, in its legend and in the lists (one
//! vocabulary the map and the components both read, neither owning it): five
//! categories, each with its own colour and its own shape, so the map reads
//! without colour vision too.

use engine::FacilityKind;
use web_sys::CanvasRenderingContext2d;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
    Hexagon,
}

/// A category of facility on the map; its name in each language is the
/// language's `legend` at the same position.
#[derive(Debug, PartialEq)]
pub struct Category {
    /// Each has at least 4.5:1 contrast with white (the count and outline drawn on it).
    pub fill: &'static str,
    pub shape: Shape,
}

pub const CATEGORIES: [Category; 5] = [
    Category { fill: "#0b6e4f", shape: Shape::Circle },
    Category { fill: "#1f5fbf", shape: Shape::Square },
    Category { fill: "#7b3fa0", shape: Shape::Diamond },
    Category { fill: "#b0164f", shape: Shape::Triangle },
    Category { fill: "#9a4d00", shape: Shape::Hexagon },
];

pub fn category(kind: FacilityKind) -> &'static Category {
    use FacilityKind::*;
    &CATEGORIES[match kind {
        Tcm | IntegratedTcm | EthnicMedicine | TcmClinic => 0,
        General => 1,
        Specialty => 2,
        MaternalChild => 3,
        CommunityCentre
        | CommunityStation
        | TownshipCentre
        | CentralTownshipCentre
        | VillageClinic
        | Clinic => 4,
    }]
}

/// The shape's corners around (0, 0) at radius `r` (empty for a circle).
fn corners(shape: Shape, r: f64) -> Vec<(f64, f64)> {
    let polygon = |n: usize, start_deg: f64, scale: f64| {
        (0..n)
            .map(|i| {
                let a = (start_deg + 360.0 * i as f64 / n as f64).to_radians();
                (r * scale * a.cos(), r * scale * a.sin())
            })
            .collect()
    };
    match shape {
        Shape::Circle => Vec::new(),
        Shape::Square => polygon(4, 45.0, 1.2),
        Shape::Diamond => polygon(4, 0.0, 1.3),
        Shape::Triangle => polygon(3, -90.0, 1.4),
        Shape::Hexagon => polygon(6, 0.0, 1.1),
    }
}

/// The shape as an SVG path, for the legend and the list badges.
pub fn symbol_path(shape: Shape, r: f64) -> String {
    let points = corners(shape, r);
    if points.is_empty() {
        return format!("M {r} 0 A {r} {r} 0 1 0 {} 0 A {r} {r} 0 1 0 {r} 0 Z", -r);
    }
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        d.push_str(&format!("{} {x:.2} {y:.2} ", if i == 0 { "M" } else { "L" }));
    }
    d.push('Z');
    d
}

/// The shape as the canvas's current path, centred on (x, y).
pub fn trace(ctx: &CanvasRenderingContext2d, shape: Shape, x: f64, y: f64, r: f64) {
    ctx.begin_path();
    let points = corners(shape, r);
    if points.is_empty() {
        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        return;
    }
    for (i, (dx, dy)) in points.iter().enumerate() {
        if i == 0 {
            ctx.move_to(x + dx, y + dy);
        } else {
            ctx.line_to(x + dx, y + dy);
        }
    }
    ctx.close_path();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_category_and_shapes_differ() {
        for &kind in FacilityKind::ALL.iter() {
            assert!(CATEGORIES.contains(category(kind)));
        }
        let mut shapes: Vec<_> = CATEGORIES.iter().map(|c| c.shape).collect();
        shapes.dedup();
        assert_eq!(shapes.len(), CATEGORIES.len());
        assert!(
            symbol_path(Shape::Triangle, 6.0).starts_with("M ")
                && symbol_path(Shape::Triangle, 6.0).matches('L').count() == 2
        );
    }

    /// WCAG relative luminance contrast of each fill against white.
    #[test]
    fn fills_contrast_with_white() {
        let channel = |hex: &str| {
            let c = u8::from_str_radix(hex, 16).unwrap() as f64 / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        for c in &CATEGORIES {
            let (r, g, b) =
                (channel(&c.fill[1..3]), channel(&c.fill[3..5]), channel(&c.fill[5..7]));
            let l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            assert!(1.05 / (l + 0.05) >= 4.5, "{} {}", c.fill, 1.05 / (l + 0.05));
        }
    }
}
