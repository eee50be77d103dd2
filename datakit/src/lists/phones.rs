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

/// Each city's area code, and each county's where it has one of its own (格尔木
/// 0979 in 海西's 0977), as the numbers themselves show: the code most of a
/// city's (or county's) numbers carry. No registry of area codes ships in a
/// package this project can cite whole and current (PyPI's
/// py-cn-phone-area-code 1.0.5 lacks 眉山 and 资阳, which joined 028 in 2014),
/// and the lists hold thousands of numbers: a number whose code is neither
/// its city's nor its county's is misfiled or mistyped (江安县人民医院 listed
/// with 0381; 宜宾 is 0831), and is not published.
#[derive(Clone, Debug, Default)]
pub struct AreaCodes {
    by_city: std::collections::BTreeMap<u32, String>,
    by_county: std::collections::BTreeMap<u32, String>,
}

/// The least numbers a city or county needs for its majority to count, and the share the code must hold.
const MIN_NUMBERS: usize = 3;
const CITY_SHARE: f64 = 0.6;
const COUNTY_SHARE: f64 = 2.0 / 3.0;

/// A landline's area code, as `read` writes it (`0831-2622871` → `0831`).
pub fn area_code(phone: &str) -> Option<&str> {
    phone.split_once('-').map(|(code, _)| code).filter(|c| c.starts_with('0'))
}

impl AreaCodes {
    /// From (county code, number) pairs; county 0 (unknown) is passed over.
    pub fn from_numbers<'a>(numbers: impl IntoIterator<Item = (u32, &'a str)>) -> AreaCodes {
        use std::collections::BTreeMap;
        let mut cities: BTreeMap<u32, BTreeMap<String, usize>> = BTreeMap::new();
        let mut counties: BTreeMap<u32, BTreeMap<String, usize>> = BTreeMap::new();
        for (county, phone) in numbers {
            let Some(code) = area_code(phone).filter(|_| county != 0) else { continue };
            *cities.entry(county / 100).or_default().entry(code.to_string()).or_default() += 1;
            *counties.entry(county).or_default().entry(code.to_string()).or_default() += 1;
        }
        let majority = |counts: &BTreeMap<String, usize>, share: f64| {
            let total: usize = counts.values().sum();
            let (code, &top) =
                counts.iter().max_by_key(|(code, n)| (**n, std::cmp::Reverse(*code)))?;
            (total >= MIN_NUMBERS && top as f64 >= share * total as f64).then(|| code.clone())
        };
        AreaCodes {
            by_city: cities
                .iter()
                .filter_map(|(c, n)| Some((*c, majority(n, CITY_SHARE)?)))
                .collect(),
            by_county: counties
                .iter()
                .filter_map(|(c, n)| Some((*c, majority(n, COUNTY_SHARE)?)))
                .collect(),
        }
    }

    /// The code a number in `county` should carry: its city's (and its county's, where that differs).
    pub fn expected(&self, county: u32) -> Vec<&str> {
        let mut codes: Vec<&str> =
            self.by_city.get(&(county / 100)).map(String::as_str).into_iter().collect();
        if let Some(own) = self.by_county.get(&county) {
            if !codes.contains(&own.as_str()) {
                codes.push(own);
            }
        }
        codes
    }

    /// Whether a number may be published for a record in `county`: its code is
    /// its city's or its county's, or neither has enough numbers to tell.
    pub fn accepts(&self, county: u32, phone: &str) -> bool {
        let expected = self.expected(county);
        county == 0
            || expected.is_empty()
            || area_code(phone).is_none_or(|code| expected.contains(&code))
    }
}

#[cfg(test)]
mod area_code_tests {
    use super::*;

    #[test]
    fn a_number_whose_code_is_not_its_citys_is_refused() {
        // 宜宾 (5115): 0831 five times, and 江安县人民医院 listed with 0381.
        let mut numbers: Vec<(u32, &str)> = vec![
            (511502, "0831-8222222"),
            (511502, "0831-8333333"),
            (511503, "0831-8444444"),
            (511524, "0831-5555555"),
            (511523, "0831-2622870"),
            (511523, "0381-2622871"),
        ];
        // 海西 (6328): 0977, and 格尔木 (632801) its own 0979.
        numbers.extend([
            (632802, "0977-8222222"),
            (632802, "0977-8222223"),
            (632802, "0977-8222224"),
            (632801, "0979-8222222"),
            (632801, "0979-8222223"),
            (632801, "0979-8222224"),
            (632821, "0977-8222225"),
        ]);
        let codes = AreaCodes::from_numbers(numbers.iter().copied());
        assert!(!codes.accepts(511523, "0381-2622871"));
        assert!(codes.accepts(511523, "0831-2622870"));
        assert_eq!(codes.expected(511523), ["0831"]);
        assert!(codes.accepts(632801, "0979-8222222"), "a county's own code");
        assert!(!codes.accepts(632802, "0979-8222222"), "not another county's");
        assert!(codes.accepts(110101, "010-12345678"), "too few numbers to tell");
    }
}
