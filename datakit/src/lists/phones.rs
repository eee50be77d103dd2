//! Phone numbers from lists: only landlines are published, each written
//! with its area code (`023-43722123`). Mobile numbers (11 digits from 1)
//! may be a person's own phone and are never published, whatever the list.

/// What a list's phone cell held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phone {
    /// A landline, written `0AA-NNNNNNNN` or `0AAA-NNNNNNN`.
    Landline(String),
    /// An 11-digit mobile number: never published.
    Mobile,
    /// Not a number this can read (two numbers run together, too short).
    Unreadable,
}

/// Area codes of three digits: Beijing 010 and the 02x cities; every other is four.
fn area_code_len(digits: &str) -> usize {
    if digits.starts_with("010") || digits.starts_with("02") {
        3
    } else {
        4
    }
}

/// Reads one cell as a phone number; `area_code` goes before a local
/// number of 7 or 8 digits (a list from one city writes them so).
pub fn read(cell: &str, area_code: &str) -> Phone {
    let cell = cell.trim().trim_start_matches("+86").trim_start_matches("86-");
    // An extension after 转 or a dash beyond the local number is dropped: the switchboard is the number.
    let main = cell.split(['转', '#', 'x', 'X']).next().unwrap_or("");
    if main
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '（' | '）')))
    {
        return Phone::Unreadable;
    }
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 && digits.starts_with('1') {
        return Phone::Mobile;
    }
    let digits =
        if (7..=8).contains(&digits.len()) && !digits.starts_with('0') && !area_code.is_empty() {
            format!("{area_code}{digits}")
        } else {
            digits
        };
    if !digits.starts_with('0') {
        return Phone::Unreadable;
    }
    let area = area_code_len(&digits);
    let local = &digits[area.min(digits.len())..];
    // Local numbers are 7 or 8 digits and never start with 0 or 1.
    if !(7..=8).contains(&local.len()) || local.starts_with(['0', '1']) {
        return Phone::Unreadable;
    }
    Phone::Landline(format!("{}-{local}", &digits[..area]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landlines_get_their_area_code_and_a_dash() {
        assert_eq!(read("023-43722045", ""), Phone::Landline("023-43722045".into()));
        assert_eq!(read("43733678", "023"), Phone::Landline("023-43733678".into()));
        assert_eq!(read("02883972217", ""), Phone::Landline("028-83972217".into()));
        // Written with the dash in the wrong place, as one list does.
        assert_eq!(read("0237-8442729", ""), Phone::Landline("023-78442729".into()));
        assert_eq!(read("0816-2222222", ""), Phone::Landline("0816-2222222".into()));
        assert_eq!(read("010-69103020", ""), Phone::Landline("010-69103020".into()));
        assert_eq!(read("028-85422114转801", ""), Phone::Landline("028-85422114".into()));
    }

    #[test]
    fn mobiles_are_never_published_and_junk_is_not_read() {
        assert_eq!(read("18983052702", "023"), Phone::Mobile);
        assert_eq!(read("+86 13800000000", ""), Phone::Mobile);
        assert_eq!(
            read("023-6306612515186992626", ""),
            Phone::Unreadable,
            "two numbers run together"
        );
        assert_eq!(read("43733678", ""), Phone::Unreadable, "a local number with no area code");
        assert_eq!(read("120", ""), Phone::Unreadable);
        assert_eq!(read("见官网", ""), Phone::Unreadable);
    }
}
