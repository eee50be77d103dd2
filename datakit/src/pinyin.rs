//! Pinyin for names, computed when the dataset is compiled so the browser
//! only compares strings (see `engine::text`).

use pinyin::ToPinyin;

/// Place names whose characters are read other than their commonest reading.
/// Longest first where one is a prefix of another.
const PHRASE_READINGS: &[(&str, &[&str])] = &[
    ("都江堰", &["du", "jiang", "yan"]),
    ("成都", &["cheng", "du"]),
    ("重庆", &["chong", "qing"]),
    ("重医", &["chong", "yi"]),
    ("长寿", &["chang", "shou"]),
    ("长宁", &["chang", "ning"]),
    ("阆中", &["lang", "zhong"]),
    ("乐山", &["le", "shan"]),
    ("乐至", &["le", "zhi"]),
];

/// Space-separated plain syllables for `text`; Latin letters and digits are
/// kept as lower-case words, everything else is dropped.
pub fn syllables(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    let mut latin = String::new();
    while let Some(c) = rest.chars().next() {
        if let Some((phrase, readings)) = PHRASE_READINGS.iter().find(|(p, _)| rest.starts_with(p))
        {
            flush(&mut latin, &mut out);
            out.extend(readings.iter().map(|r| r.to_string()));
            rest = &rest[phrase.len()..];
            continue;
        }
        if c.is_ascii_alphanumeric() {
            latin.push(c.to_ascii_lowercase());
        } else {
            flush(&mut latin, &mut out);
            if let Some(p) = c.to_pinyin() {
                out.push(p.plain().to_string());
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut latin, &mut out);
    out.join(" ")
}

fn flush(latin: &mut String, out: &mut Vec<String>) {
    if !latin.is_empty() {
        out.push(std::mem::take(latin));
    }
}

/// The `pinyin` field of a facility: one line for the name, one per alias.
pub fn for_names<'a>(name: &'a str, aliases: impl IntoIterator<Item = &'a String>) -> String {
    std::iter::once(name)
        .chain(aliases.into_iter().map(String::as_str))
        .map(syllables)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_brief() {
        assert_eq!(syllables("四川大学华西医院"), "si chuan da xue hua xi yi yuan");
        assert_eq!(
            syllables("重庆医科大学附属儿童医院"),
            "chong qing yi ke da xue fu shu er tong yi yuan"
        );
        assert_eq!(syllables("成都中医药大学"), "cheng du zhong yi yao da xue");
        assert_eq!(syllables("乐至县中医医院"), "le zhi xian zhong yi yi yuan");
        assert_eq!(syllables("大足区中医院"), "da zu qu zhong yi yuan");
        assert_eq!(syllables("华西医院眉山医院"), "hua xi yi yuan mei shan yi yuan");
    }

    #[test]
    fn latin_digits_and_punctuation() {
        assert_eq!(syllables("第2人民医院(东院区)"), "di 2 ren min yi yuan dong yuan qu");
        assert_eq!(syllables("West China Hospital"), "west china hospital");
        assert_eq!(syllables(""), "");
    }

    #[test]
    fn one_line_per_name() {
        assert_eq!(for_names("华西医院", &["华西".to_string()]), "hua xi yi yuan\nhua xi");
    }
}
