//! A small JSON reader for the files the app reads as text: the manifest,
//! the cluster summaries and the deployment's `config.json`. They are
//! written with serde (datakit, a deployer's editor); reading them through
//! serde's generic deserialisers would compile a copy of them per type into
//! the app's wasm (about 13 KB gzip, measured in docs/PERFORMANCE.md), so
//! they are read here into a [`Json`] tree, and each type picks its fields
//! with [`Fields`], whose messages name the field and what was wrong.

/// A JSON value. Objects keep their members in order (and duplicates, which
/// [`Fields`] refuses).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in order.
    Object(Vec<(String, Json)>),
}

/// How deeply arrays and objects may nest: the files read here nest three
/// levels; a hostile file cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

/// A string as a JSON string literal: quoted, with `"`, `\\` and control
/// characters escaped (what the app writes, the GeoJSON export, needs no
/// more, and so no serialiser is compiled into it).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads a JSON text (RFC 8259); an error names the byte where it went wrong.
/// A byte order mark at the start is not part of it: Windows editors save
/// one before UTF-8 (`config.json` from Notepad), and RFC 8259 §8.1 lets a
/// reader ignore it.
pub fn parse(text: &str) -> Result<Json, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader { bytes: text.as_bytes(), at: 0 };
    let value = reader.value(0)?;
    reader.space();
    if reader.at < reader.bytes.len() {
        return Err(reader.error("trailing characters"));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn error(&self, what: &str) -> String {
        if self.at >= self.bytes.len() {
            format!("EOF while parsing: {what}")
        } else {
            format!("{what} at byte {}", self.at)
        }
    }

    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.space();
        match self.peek() {
            None => Err(self.error("a value")),
            Some(b'n') => self.word("null", Json::Null),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Ok(Json::Array(items));
                    }
                    if !self.eat(b',') {
                        return Err(self.error("expected `,` or `]`"));
                    }
                }
            }
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Ok(Json::Object(members));
                }
                loop {
                    self.space();
                    if self.peek() != Some(b'"') {
                        return Err(self.error("expected a member name"));
                    }
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return Err(self.error("expected `:`"));
                    }
                    members.push((key, self.value(depth + 1)?));
                    if self.eat(b'}') {
                        return Ok(Json::Object(members));
                    }
                    if !self.eat(b',') {
                        return Err(self.error("expected `,` or `}`"));
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.at += 1;
            }
            r.at > from
        };
        self.at += usize::from(self.peek() == Some(b'-'));
        let leading_zero = self.peek() == Some(b'0');
        if !digits(self)
            || (leading_zero && self.at - start > 1 + usize::from(self.bytes[start] == b'-'))
        {
            return Err(self.error("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        // The slice is ASCII digits and signs, so it is UTF-8 and parses.
        let text = std::str::from_utf8(&self.bytes[start..self.at])
            .map_err(|_| self.error("invalid number"))?;
        text.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Json::Number)
            .ok_or_else(|| self.error("number out of range"))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits =
            self.bytes.get(self.at..self.at + 4).ok_or_else(|| self.error("a \\u escape"))?;
        let text =
            std::str::from_utf8(digits).ok().filter(|t| t.bytes().all(|b| b.is_ascii_hexdigit()));
        let code = text
            .and_then(|t| u32::from_str_radix(t, 16).ok())
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(code)
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.at;
            while self.peek().is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The text came as &str and the run stops only at ASCII bytes, so it is whole characters.
            out.push_str(
                std::str::from_utf8(&self.bytes[start..self.at])
                    .map_err(|_| self.error("invalid UTF-8"))?,
            );
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = self.peek().ok_or_else(|| self.error("an escape"))?;
                    self.at += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high)
                                && self.bytes[self.at..].starts_with(b"\\u")
                            {
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.error("invalid surrogate pair"));
                                }
                                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                high
                            };
                            char::from_u32(code).ok_or_else(|| self.error("lone surrogate"))?
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    out.push(c);
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("a string")),
            }
        }
    }
}

/// The members of an object, read as a struct's fields: each getter says
/// which field is missing or of the wrong type.
#[derive(Debug)]
pub struct Fields<'a> {
    members: &'a [(String, Json)],
}

impl<'a> Fields<'a> {
    /// The members of `value`, an object (`what` names it in the error);
    /// a member named twice is refused.
    pub fn of(value: &'a Json, what: &str) -> Result<Self, String> {
        let Json::Object(members) = value else {
            return Err(format!("invalid type: {what} must be an object"));
        };
        if let Some(key) = duplicate_key(members, |a, b| a.cmp(b)) {
            return Err(format!("duplicate field `{key}`"));
        }
        Ok(Fields { members })
    }

    /// Refuses any member not in `known`.
    pub fn only(&self, known: &[&str]) -> Result<(), String> {
        match self.members.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            Some((key, _)) => {
                Err(format!("unknown field `{key}`, expected one of {}", known.join(", ")))
            }
            None => Ok(()),
        }
    }

    /// A member, if present and not `null` (an absent optional field).
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| **v != Json::Null)
    }

    fn need(&self, key: &str) -> Result<&'a Json, String> {
        self.get(key).ok_or_else(|| format!("missing field `{key}`"))
    }

    /// A required string.
    pub fn string(&self, key: &str) -> Result<String, String> {
        as_string(self.need(key)?, key)
    }

    /// An optional string.
    pub fn opt_string(&self, key: &str) -> Result<Option<String>, String> {
        self.get(key).map(|v| as_string(v, key)).transpose()
    }

    /// A required whole number from `min` to `max`.
    pub fn integer(&self, key: &str, min: f64, max: f64) -> Result<f64, String> {
        as_integer(self.need(key)?, key, min, max)
    }

    /// An optional whole number from `min` to `max`.
    pub fn opt_integer(&self, key: &str, min: f64, max: f64) -> Result<Option<f64>, String> {
        self.get(key).map(|v| as_integer(v, key, min, max)).transpose()
    }

    /// A required number.
    pub fn number(&self, key: &str) -> Result<f64, String> {
        match self.need(key)? {
            Json::Number(n) => Ok(*n),
            _ => Err(format!("invalid type: `{key}` must be a number")),
        }
    }

    /// A required boolean.
    pub fn boolean(&self, key: &str) -> Result<bool, String> {
        match self.need(key)? {
            Json::Bool(b) => Ok(*b),
            _ => Err(format!("invalid type: `{key}` must be true or false")),
        }
    }

    /// An array (empty when absent).
    pub fn array(&self, key: &str) -> Result<&'a [Json], String> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Json::Array(items)) => Ok(items),
            Some(_) => Err(format!("invalid type: `{key}` must be an array")),
        }
    }

    /// An array of strings (empty when absent).
    pub fn strings(&self, key: &str) -> Result<Vec<String>, String> {
        self.array(key)?.iter().map(|v| as_string(v, key)).collect()
    }
}

/// A key that `members` holds twice, if any. Sorted, so that an object of
/// many keys (a hostile `config.json` of 60,000) costs n log n comparisons,
/// not n²; `compare` is the key order (a parameter, so a test can count).
fn duplicate_key(
    members: &[(String, Json)],
    compare: impl Fn(&str, &str) -> std::cmp::Ordering,
) -> Option<&str> {
    let mut keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    crate::sorting::sort_by(&mut keys, |a, b| compare(a, b));
    keys.windows(2).find(|pair| pair[0] == pair[1]).map(|pair| pair[0])
}

/// A string value (`what` names it in the error).
pub fn as_string(value: &Json, what: &str) -> Result<String, String> {
    match value {
        Json::String(s) => Ok(s.clone()),
        _ => Err(format!("invalid type: `{what}` must be a string")),
    }
}

/// A whole number from `min` to `max` (`what` names it in the error).
pub fn as_integer(value: &Json, what: &str, min: f64, max: f64) -> Result<f64, String> {
    match value {
        Json::Number(n) if n.fract() == 0.0 && (min..=max).contains(n) => Ok(*n),
        _ => Err(format!("invalid value: `{what}` must be a whole number from {min} to {max}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_what_serde_json_writes() {
        let text = r#" {"a": [1, -2.5e3, 0, true, false, null], "s": "é\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00 大足", "o": {}, "e": []} "#;
        let value = parse(text).unwrap();
        let serde: serde_json::Value = serde_json::from_str(text).unwrap();
        let Json::Object(members) = &value else { panic!("an object") };
        assert_eq!(members.len(), 4);
        assert_eq!(
            members[0].1,
            Json::Array(vec![
                Json::Number(1.0),
                Json::Number(-2500.0),
                Json::Number(0.0),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ])
        );
        assert_eq!(members[1].1, Json::String(serde["s"].as_str().unwrap().to_string()));
        assert_eq!(members[2].1, Json::Object(Vec::new()));
        // Round trip: whatever serde_json writes, this reads to the same strings and numbers.
        let written = serde_json::to_string(
            &serde_json::json!({"x": "\u{1}\u{7f}\u{2028}𝄞", "n": 12345678901234u64, "f": 0.1}),
        )
        .unwrap();
        let back = parse(&written).unwrap();
        let fields = Fields::of(&back, "test").unwrap();
        assert_eq!(fields.string("x").unwrap(), "\u{1}\u{7f}\u{2028}𝄞");
        assert_eq!(fields.integer("n", 0.0, 9e15).unwrap(), 12345678901234.0);
        assert_eq!(fields.number("f").unwrap(), 0.1);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "01",
            "-",
            "1.",
            "1e",
            "\"\\x\"",
            "\"a",
            "\"\u{1}\"",
            "tru",
            "{} x",
            "\"\\ud800\\u0041\"",
            "1e999",
            "{a:1}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "{bad:?}: serde_json reads it, so this reader should"
            );
        }
        assert!(parse("{").unwrap_err().contains("EOF"));
        assert!(parse("\u{feff}\u{feff}{}").is_err(), "one byte order mark, at the start, only");
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&deep).unwrap_err().contains("nested too deeply"));
    }

    #[test]
    fn fields_say_what_is_wrong() {
        let v = parse(r#"{"a": "x", "n": 70000, "b": 1, "a2": null}"#).unwrap();
        let f = Fields::of(&v, "it").unwrap();
        assert_eq!(f.opt_string("a2").unwrap(), None, "null is absent");
        assert!(f.string("missing").unwrap_err().contains("missing field `missing`"));
        assert!(f.integer("n", 0.0, 65535.0).unwrap_err().contains("`n`"));
        assert!(f.boolean("b").unwrap_err().contains("invalid type"));
        assert!(f.only(&["a", "n", "b"]).unwrap_err().contains("unknown field `a2`"));
        assert!(Fields::of(&parse(r#"{"a":1,"a":2}"#).unwrap(), "it")
            .unwrap_err()
            .contains("duplicate field"));
        assert!(Fields::of(&parse("[]").unwrap(), "it").is_err());
    }

    /// An object of `n` distinct keys, then `extra` (a hostile config.json or manifest).
    fn many_keys(n: usize, extra: &str) -> String {
        let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\": {i}")).collect();
        format!("{{{}{extra}}}", keys.join(", "))
    }

    #[test]
    fn duplicate_keys_are_found_in_n_log_n_comparisons() {
        let n = 60_000;
        let value = parse(&many_keys(n, r#", "k17": 0"#)).unwrap();
        let Json::Object(members) = &value else { panic!("an object") };
        let comparisons = std::cell::Cell::new(0usize);
        let counting = |a: &str, b: &str| {
            comparisons.set(comparisons.get() + 1);
            a.cmp(b)
        };
        assert_eq!(duplicate_key(members, counting), Some("k17"));
        // n log2 n is about a million; comparing each key with those before it, 1.8 billion.
        let bound = 2 * n * (n.ilog2() as usize + 1);
        assert!(comparisons.get() <= bound, "{} comparisons for {n} keys", comparisons.get());
        assert!(Fields::of(&value, "it").unwrap_err().contains("duplicate field `k17`"));
        assert!(Fields::of(&parse(&many_keys(n, "")).unwrap(), "it").is_ok());
    }
}
