//! Matching Wikidata's English labels to Chinese names.
//!
//! Wikidata labels China's hospitals mostly in English ("First Affiliated
//! Hospital of Chongqing Medical University"). A label matches a record
//! when the record's name, rendered word by word into English (a table of
//! the words hospital names are made of, pinyin for the rest: 大坪 →
//! daping), covers the label's words; the import also asks that the item's
//! point be near the record. An item that matches nothing adds nothing:
//! no record is made from an English label alone.

use std::collections::BTreeSet;

/// Chinese words of hospital names and their English words, longest first
/// where one starts another.
const TERMS: &[(&str, &[&str])] = &[
    ("中西医结合", &["integrated", "traditional", "chinese", "western", "medicine"]),
    ("中医药大学", &["university", "traditional", "chinese", "medicine"]),
    ("中医医院", &["traditional", "chinese", "medicine", "tcm"]),
    ("中医院", &["traditional", "chinese", "medicine", "tcm"]),
    ("中医", &["traditional", "chinese", "medicine", "tcm"]),
    ("医学科学院", &["academy", "medical", "sciences"]),
    ("医科大学", &["medical", "university"]),
    ("医学院", &["medical", "college", "school"]),
    ("大学", &["university"]),
    ("学院", &["college"]),
    ("附属", &["affiliated"]),
    ("人民医院", &["peoples"]),
    ("中心医院", &["central", "center", "centre"]),
    ("总医院", &["general"]),
    ("妇幼保健院", &["maternal", "child", "health", "care", "maternity", "children"]),
    ("妇女儿童", &["women", "children", "womens", "childrens"]),
    ("儿童医院", &["childrens", "children"]),
    ("肿瘤医院", &["cancer", "tumor", "oncology"]),
    ("肿瘤", &["cancer", "tumor", "oncology"]),
    ("口腔医院", &["stomatological", "stomatology", "dental"]),
    ("口腔", &["stomatological", "stomatology", "dental"]),
    ("眼科", &["eye", "ophthalmic", "ophthalmology"]),
    ("精神卫生中心", &["mental", "health", "center", "centre"]),
    ("传染病", &["infectious", "diseases"]),
    ("胸科", &["chest"]),
    ("骨科", &["orthopaedic", "orthopedic"]),
    ("康复", &["rehabilitation"]),
    ("医院", &[]),
    ("第一", &["first", "1st", "no1"]),
    ("第二", &["second", "2nd", "no2"]),
    ("第三", &["third", "3rd", "no3"]),
    ("第四", &["fourth", "4th"]),
    ("第五", &["fifth", "5th"]),
    ("第六", &["sixth", "6th"]),
    ("第七", &["seventh", "7th"]),
    ("第八", &["eighth", "8th"]),
    ("第九", &["ninth", "9th"]),
    ("第十", &["tenth", "10th"]),
    ("华西", &["west", "china"]),
    ("西南", &["southwest"]),
    ("西北", &["northwest"]),
    ("东南", &["southeast"]),
    ("东北", &["northeast"]),
    ("解放军", &["pla", "peoples", "liberation", "army"]),
    ("省", &["provincial", "province"]),
    ("市", &["municipal", "city"]),
    ("区", &["district"]),
    ("县", &["county"]),
];

/// Words of a label that say nothing about which hospital it is.
const STOP_WORDS: &[&str] = &[
    "hospital",
    "of",
    "the",
    "and",
    "at",
    "in",
    "a",
    "co",
    "ltd",
    "district",
    "county",
    "city",
    "municipal",
    "province",
    "provincial",
];

/// The English words a label is made of, lower-case, apostrophes and punctuation gone.
pub fn label_words(label: &str) -> BTreeSet<String> {
    label
        .split(|c: char| c.is_whitespace() || c == '-' || c == '&' || c == ',' || c == '/')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .flat_map(|c| c.to_lowercase())
                .collect::<String>()
        })
        .map(|w| if w == "people" { "peoples".to_string() } else { w })
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// A Chinese name rendered into English words: table words where they stand, pinyin (joined) for the rest.
pub fn name_words(name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = name;
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut BTreeSet<String>| {
        if !run.is_empty() {
            out.insert(crate::pinyin::syllables(run).replace(' ', ""));
            run.clear();
        }
    };
    while let Some(c) = rest.chars().next() {
        if let Some((term, words)) = TERMS.iter().find(|(t, _)| rest.starts_with(t)) {
            flush(&mut run, &mut out);
            out.extend(words.iter().map(|w| w.to_string()));
            rest = &rest[term.len()..];
            continue;
        }
        if c.is_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut run, &mut out);
    out
}

/// Whether a label fits a record: every word of the label is one of the
/// record's name words or place words (a label of one word needs the name to hold it). The answer is
/// how many of the name's words the label leaves out (fewer is a closer
/// fit: "West China Hospital" fits 华西医院 closer than 华西第二医院).
pub fn fit(
    label: &BTreeSet<String>,
    name: &BTreeSet<String>,
    places: &BTreeSet<String>,
) -> Option<usize> {
    let covered = label.iter().filter(|w| name.contains(*w) || places.contains(*w)).count();
    (covered == label.len() && covered >= label.len().min(2))
        .then(|| name.iter().filter(|w| !label.contains(*w) && !places.contains(*w)).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(names: &[&str]) -> BTreeSet<String> {
        names.iter().flat_map(|n| name_words(n)).collect()
    }

    fn fits(label: &str, names: &[&str]) -> Option<usize> {
        fit(&label_words(label), &words(&names[..1]), &words(&names[1..]))
    }

    #[test]
    fn labels_match_the_names_they_translate() {
        let cases = [
            ("West China Hospital", &["四川大学华西医院", "四川", "成都", "武侯"][..]),
            (
                "First Affiliated Hospital of Chongqing Medical University",
                &["重庆医科大学附属第一医院", "重庆", "渝中"],
            ),
            ("Chongqing Dazu District People's Hospital", &["大足区人民医院", "重庆", "大足"]),
            ("Second People’s Hospital of Yibin", &["宜宾市第二人民医院", "四川", "宜宾", "翠屏"]),
            ("Daping Hospital", &["大坪医院", "重庆", "渝中"]),
            (
                "Children's Hospital of Chongqing Medical University",
                &["重庆医科大学附属儿童医院", "重庆"],
            ),
        ];
        for (label, names) in cases {
            assert!(fits(label, names).is_some(), "{label}");
        }
        // The closer fit is the one with fewer words left out.
        let huaxi = fits("West China Hospital", &["四川大学华西医院", "四川"]).unwrap();
        let second = fits("West China Hospital", &["四川大学华西第二医院", "四川"]).unwrap();
        assert!(huaxi < second, "{huaxi} {second}");
    }

    #[test]
    fn labels_do_not_match_other_hospitals() {
        let cases = [
            (
                "First Affiliated Hospital of Chongqing Medical University",
                &["重庆医科大学附属第二医院", "重庆"][..],
            ),
            ("Chongqing Dazu District People's Hospital", &["大足区中医院", "重庆", "大足"]),
            ("Mianyang Third People's Hospital", &["绵阳市中心医院", "四川", "绵阳"]),
            (
                "West China Second University Hospital of Sichuan University",
                &["四川大学华西医院", "四川"],
            ),
        ];
        for (label, names) in cases {
            assert_eq!(fits(label, names), None, "{label}");
        }
    }
}
