//! Prints, one JSON line each: every case with the State Council's answer,
//! the engine's and the crate's; then the time to parse and evaluate.

use engine::calendar::date;
use opening_hours_eval::{ours, theirs};

/// Hours, a moment (year, month, day, hour, minute, China time), whether it
/// is open by the hours and the State Council's notices, and why.
const CASES: &[(&str, (u32, u32, u32, u32, u32), bool, &str)] = &[
    ("Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00", (2025, 10, 13, 9, 0), true, "Monday morning"),
    ("Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00", (2025, 10, 13, 12, 30), false, "lunch break"),
    ("Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00", (2025, 10, 13, 14, 30), true, "afternoon"),
    ("Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00", (2025, 10, 18, 13, 0), false, "Saturday afternoon"),
    ("Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00", (2025, 10, 19, 9, 0), false, "Sunday"),
    ("Mo-Fr 08:00-17:30; PH off", (2025, 10, 1, 9, 0), false, "国庆 day 1"),
    ("Mo-Fr 08:00-17:30; PH off", (2025, 10, 3, 9, 0), false, "国庆 day 3 (a Friday)"),
    ("Mo-Fr 08:00-17:30; PH off", (2025, 10, 8, 9, 0), false, "国庆 day 8 (a Wednesday)"),
    ("Mo-Fr 08:00-17:30; PH off", (2025, 9, 28, 9, 0), true, "Sunday worked for 国庆 (调休)"),
    ("Mo-Fr 08:00-17:30; PH off", (2025, 10, 11, 9, 0), true, "Saturday worked for 国庆 (调休)"),
    ("Mo-Fr 08:00-17:30; PH off", (2026, 2, 17, 9, 0), false, "春节 (the day itself)"),
    ("Mo-Fr 08:00-17:30; PH off", (2026, 2, 20, 9, 0), false, "春节 holiday, a Friday"),
    ("Mo-Fr 08:00-17:30; PH off", (2026, 2, 14, 9, 0), true, "Saturday worked for 春节 (调休)"),
    ("Mo-Fr 08:00-17:30; PH 09:00-12:00", (2026, 1, 2, 10, 0), true, "元旦 holiday, short hours"),
    ("Mo-Fr 08:00-17:30; PH 09:00-12:00", (2026, 1, 2, 13, 0), false, "元旦 holiday, afternoon"),
    ("Mo-Fr 08:00-17:30; Su,PH off", (2024, 5, 3, 9, 0), false, "劳动节 holiday, a Friday"),
    ("24/7", (2025, 10, 1, 3, 0), true, "around the clock on 国庆"),
    ("Mo-Su 20:00-02:00", (2025, 10, 14, 1, 0), true, "past midnight"),
];

fn main() {
    let (mut ours_right, mut theirs_right) = (0, 0);
    for &(hours, (y, m, d, h, min), open, why) in CASES {
        let (day, minute) = (date(y, m, d), h * 60 + min);
        let (a, b) = (ours(hours, day, minute), theirs(hours, day, minute));
        ours_right += usize::from(a == Some(open));
        theirs_right += usize::from(b == Some(open));
        println!(
            "{{\"hours\":\"{hours}\",\"at\":\"{y}-{m:02}-{d:02} {h:02}:{min:02}\",\"why\":\"{why}\",\"open\":{open},\"engine\":{a:?},\"opening_hours\":{b:?}}}"
        );
    }
    println!("{{\"cases\":{},\"engine_right\":{ours_right},\"opening_hours_right\":{theirs_right}}}", CASES.len());
    // Parse and evaluate each case's hours, as a results list does for each facility.
    const ROUNDS: usize = 20_000;
    for (name, evaluate) in [("engine", ours as fn(&str, u32, u32) -> Option<bool>), ("opening_hours", theirs)] {
        let start = std::time::Instant::now();
        let mut open = 0;
        for _ in 0..ROUNDS {
            for &(hours, (y, m, d, h, min), _, _) in CASES {
                open += usize::from(evaluate(std::hint::black_box(hours), date(y, m, d), h * 60 + min) == Some(true));
            }
        }
        let ns = start.elapsed().as_nanos() as f64 / (ROUNDS * CASES.len()) as f64;
        println!("{{\"figure\":\"parse_and_evaluate_{name}\",\"ns_per_iter\":{ns:.0},\"open\":{open}}}");
    }
}
