//! One export per evaluator, so a wasm module built with one feature carries
//! just that evaluator: is `hours` open at minute `minute` of day `date`
//! (days since 1970-01-01, China time)?

/// The engine's hours, with China's holiday calendar.
#[cfg(feature = "ours")]
#[no_mangle]
pub extern "C" fn ours_open(hours: *const u8, len: usize, date: u32, minute: u32) -> u32 {
    // SAFETY: the caller passes a UTF-8 string it owns.
    let text = unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(hours, len)) };
    ours(text, date, minute).map_or(2, u32::from)
}

/// The engine: `None` when the hours cannot be read.
pub fn ours(text: &str, date: u32, minute: u32) -> Option<bool> {
    let hours = engine::Hours::parse(text);
    match hours.status_at(engine::LocalTime::on(date, minute as u16)) {
        engine::Status::Open { .. } => Some(true),
        engine::Status::Closed { .. } => Some(false),
        _ => None,
    }
}

/// The opening-hours crate with its embedded CN public holidays.
#[cfg(feature = "theirs")]
#[no_mangle]
pub extern "C" fn theirs_open(hours: *const u8, len: usize, date: u32, minute: u32) -> u32 {
    // SAFETY: as above.
    let text = unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(hours, len)) };
    theirs(text, date, minute).map_or(2, u32::from)
}

/// The crate: `None` when it cannot parse the hours.
#[cfg(feature = "theirs")]
pub fn theirs(text: &str, date: u32, minute: u32) -> Option<bool> {
    use opening_hours::localization::Country;
    use opening_hours::{Context, OpeningHours};
    let (y, m, d) = engine::calendar::civil(date);
    let at = chrono::NaiveDate::from_ymd_opt(y as i32, m, d)?.and_hms_opt(minute / 60, minute % 60, 0)?;
    let hours = text.parse::<OpeningHours>().ok()?.with_context(Context::default().with_holidays(Country::CN.holidays()));
    Some(hours.is_open(at))
}
