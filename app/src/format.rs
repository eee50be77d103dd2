//! Formatting for people.

/// "850 米" under a kilometre, "1.2 公里" under 100 km, "266 公里" beyond.
pub fn distance_zh(distance_m: f64) -> String {
    if distance_m < 1_000.0 {
        format!("{} 米", (distance_m / 10.0).round() * 10.0)
    } else if distance_m < 100_000.0 {
        format!("{:.1} 公里", distance_m / 1_000.0)
    } else {
        format!("{:.0} 公里", distance_m / 1_000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_for_reading() {
        assert_eq!(distance_zh(0.0), "0 米");
        assert_eq!(distance_zh(847.0), "850 米");
        assert_eq!(distance_zh(1_249.0), "1.2 公里");
        assert_eq!(distance_zh(266_420.0), "266 公里");
    }
}
