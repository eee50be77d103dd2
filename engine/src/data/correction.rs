//! The machine-readable block a "suggest a correction" message carries,
//! `xunzhen-correction v1`: written by the app beside its readable text,
//! read back by `datakit corrections apply` from files or whole mail bodies.
//!
//! ````text
//! ```xunzhen-correction v1
//! {
//!  "facility_id": "cq-dz-tcmh",
//!  "field": "phones",
//!  "seen": "023-43722123",
//!  "proposed": ["023-43722123; 023-4", "3700000"],
//!  "evidence": "医院官网 https://example.org/contact",
//!  "date": "2026-11-20",
//!  "contact": "",
//!  "check": "5f0e2c1b9a7d3e48"
//! }
//! ```
//! ````
//!
//! One JSON object (RFC 8259). A string value may be given as an array of
//! strings, joined without a separator: the writer cuts long values into
//! pieces of at most [`PIECE_CHARS`] characters, one a line, because mail
//! clients wrap long lines (a wrap between two tokens is harmless JSON). `check`
//! is the xxh3-64 of the values (see [`Correction::check`]): with it the
//! reader can tell which way a line wrapped inside a value was meant (with a
//! space or without), and that nothing was lost. The reader takes the block
//! quoted (`> `, any depth), without its closing fence, with CRLF and
//! non-breaking spaces, and says exactly what it could not read.

use super::json::{self, Json};

/// The block's name, the word after the opening fence.
pub const BLOCK_NAME: &str = "xunzhen-correction";
/// The version this code writes and reads.
pub const VERSION: u32 = 1;
/// The longest piece a written value is cut into.
pub const PIECE_CHARS: usize = 24;

/// The parts of a listing a correction may be about: the data's columns
/// (`location` is "lat, lon" in WGS-84; lists are `;`-separated), and
/// `networks`, `closed`, `other`, which a person reads and acts on.
pub const FIELDS: [&str; 15] = [
    "name",
    "address",
    "phones",
    "opening_hours",
    "website",
    "booking_url",
    "location",
    "kind",
    "grade",
    "services",
    "designations",
    "features",
    "networks",
    "closed",
    "other",
];

/// One proposed correction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Correction {
    /// The listing's id.
    pub facility_id: String,
    /// One of [`FIELDS`].
    pub field: String,
    /// The value the user saw on the listing (empty when it showed none).
    pub seen: String,
    /// The value proposed.
    pub proposed: String,
    /// Why: a page, a document, "I work there".
    pub evidence: String,
    /// When the correction was written, `YYYY-MM-DD`.
    pub date: String,
    /// How to reach the reporter, if they gave it (never published).
    pub contact: String,
}

impl Correction {
    /// The values in order, as the check covers them.
    fn values(&self) -> [&str; 7] {
        [
            &self.facility_id,
            &self.field,
            &self.seen,
            &self.proposed,
            &self.evidence,
            &self.date,
            &self.contact,
        ]
    }

    /// xxh3-64 of `v1`, then each value, separated by U+001F, in hex.
    pub fn check(&self) -> String {
        let mut text = format!("v{VERSION}");
        for v in self.values() {
            text.push('\u{1f}');
            text.push_str(v);
        }
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
    }

    /// The block, fences included, one member a line and long values in pieces.
    pub fn to_block(&self) -> String {
        let names = ["facility_id", "field", "seen", "proposed", "evidence", "date", "contact"];
        let mut out = format!("```{BLOCK_NAME} v{VERSION}\n{{\n");
        for (name, value) in names.iter().zip(self.values()) {
            let chars: Vec<char> = value.chars().collect();
            let written = if chars.len() <= PIECE_CHARS {
                json::quote(value)
            } else {
                let pieces: Vec<String> = chars
                    .chunks(PIECE_CHARS)
                    .map(|c| format!("  {}", json::quote(&c.iter().collect::<String>())))
                    .collect();
                format!("[\n{}\n ]", pieces.join(",\n"))
            };
            out.push_str(&format!(" \"{name}\": {written},\n"));
        }
        out.push_str(&format!(" \"check\": \"{}\"\n}}\n```\n", self.check()));
        out
    }
}

/// A block found in a text: the line its fence is on (1-based), and the
/// correction, or what could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The line its opening fence is on (1-based).
    pub line: usize,
    /// The correction, or what could not be read.
    pub correction: Result<Correction, String>,
}

/// A line without its mail quoting (`> `, `>> `, `> > `).
fn unquote(line: &str) -> &str {
    let mut s = line.trim_end_matches('\r');
    loop {
        let t = s.trim_start_matches([' ', '\t']);
        match t.strip_prefix('>') {
            Some(rest) => s = rest.strip_prefix(' ').unwrap_or(rest),
            None => return if t.len() == s.len() { s } else { t },
        }
    }
}

/// Every block in `text`, in order.
pub fn find_blocks(text: &str) -> Vec<Found> {
    let lines: Vec<&str> = text.lines().map(unquote).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let head = lines[i].trim().trim_start_matches('`').trim();
        let Some(version) = head.strip_prefix(BLOCK_NAME) else {
            i += 1;
            continue;
        };
        let start = i + 1;
        let version = version.trim();
        if version != format!("v{VERSION}") {
            found.push(Found {
                line: start,
                correction: Err(format!(
                    "the block is {BLOCK_NAME} {version:?}; this reader reads v{VERSION} only"
                )),
            });
            i += 1;
            continue;
        }
        // The body runs to the closing fence, or, where a mail client ate it, to the next block or the end.
        let mut end = start;
        while end < lines.len()
            && lines[end].trim() != "```"
            && !lines[end].trim().trim_start_matches('`').starts_with(BLOCK_NAME)
        {
            end += 1;
        }
        let body: Vec<&str> = lines[start..end].to_vec();
        found.push(Found { line: start, correction: read_body(&body) });
        i = end.max(start);
    }
    found
}

/// The object a block holds, tolerating lines wrapped inside a value.
fn read_body(lines: &[&str]) -> Result<Correction, String> {
    let lines: Vec<String> = lines.iter().map(|l| l.replace('\u{a0}', " ")).collect();
    // Mail clients wrap a long line at a space (taking it) or keep it at the line's end.
    let joins = ["\n", "", " "];
    let mut readings: Vec<(Correction, Option<String>)> = Vec::new();
    let mut first_error = None;
    for join in joins {
        let text = lines.join(join);
        match json::parse(text.trim()).and_then(|v| from_json(&v)) {
            Ok(reading) => {
                if !readings.iter().any(|(c, _)| *c == reading.0) {
                    readings.push(reading);
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let checked: Vec<&(Correction, Option<String>)> = readings
        .iter()
        .filter(|(c, check)| check.as_deref().is_none_or(|k| k == c.check()))
        .collect();
    match (readings.len(), checked.as_slice()) {
        (0, _) => Err(format!("not a JSON object: {}", first_error.unwrap_or_default())),
        (_, [one]) => Ok(one.0.clone()),
        (_, []) => Err("its check does not match its values: a value was changed or lost on the way (ask for the block again, or check each value by hand)".into()),
        _ => Err("a line is wrapped inside a value and the block has no check, so whether a space was lost there cannot be told; join the line by hand".into()),
    }
}

/// A string, or an array of string pieces joined.
fn text_of(value: Option<&Json>, key: &str, required: bool) -> Result<String, String> {
    match value {
        None if required => Err(format!("missing field `{key}`")),
        None => Ok(String::new()),
        Some(Json::String(s)) => Ok(s.clone()),
        Some(Json::Array(items)) => items
            .iter()
            .map(|i| json::as_string(i, key))
            .collect::<Result<Vec<_>, _>>()
            .map(|p| p.concat()),
        Some(_) => Err(format!("invalid type: `{key}` must be a string or an array of strings")),
    }
}

fn from_json(value: &Json) -> Result<(Correction, Option<String>), String> {
    let fields = json::Fields::of(value, "the block")?;
    fields.only(&[
        "facility_id",
        "field",
        "seen",
        "proposed",
        "evidence",
        "date",
        "contact",
        "check",
        "facility_name",
    ])?;
    let get = |key: &str, required: bool| text_of(fields.get(key), key, required);
    let correction = Correction {
        facility_id: get("facility_id", true)?.trim().to_string(),
        field: get("field", true)?.trim().to_string(),
        seen: get("seen", true)?,
        proposed: get("proposed", true)?,
        evidence: get("evidence", true)?,
        date: get("date", true)?.trim().to_string(),
        contact: get("contact", false)?,
    };
    let check = fields.opt_string("check")?;
    Ok((correction, check))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn example() -> Correction {
        Correction {
            facility_id: "cq-dz-synthetic".into(),
            field: "phones".into(),
            seen: "023-00000000".into(),
            proposed: "023-00000000; 023-00000001".into(),
            evidence: "合成医院官网（合成） https://example.org/contact 联系我们页面".into(),
            date: "2026-11-20".into(),
            contact: String::new(),
        }
    }

    #[test]
    fn a_written_block_reads_back() {
        let block = example().to_block();
        assert!(block.lines().all(|l| l.chars().count() <= 40), "{block}");
        let found = find_blocks(&format!("Hello,\n\n{block}\nthanks"));
        assert_eq!(found, [Found { line: 3, correction: Ok(example()) }]);
    }

    #[test]
    fn quoted_and_wrapped_by_a_mail_client_it_still_reads() {
        let block = example().to_block().replace(" \"check\"", "\"check\"");
        let quoted: String = block.lines().map(|l| format!("> > {l}\r\n")).collect();
        // A client that wraps inside a value, taking the space it broke at.
        let wrapped = quoted.replace("contact 联系", "contact\r\n> > 联系");
        assert_ne!(wrapped, quoted);
        let found = find_blocks(&wrapped.replace("```\r\n", ""));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].correction, Ok(example()));
    }

    #[test]
    fn what_cannot_be_read_is_said() {
        let changed = example().to_block().replace("\"phones\"", "\"address\"");
        let err = find_blocks(&changed)[0].correction.clone().unwrap_err();
        assert!(err.starts_with("its check does not match"), "{err}");
        let err =
            find_blocks("```xunzhen-correction v2\n{}\n```")[0].correction.clone().unwrap_err();
        assert!(err.contains("reads v1 only"), "{err}");
        let err = find_blocks("```xunzhen-correction v1\n{\"field\": \"name\"}\n```")[0]
            .correction
            .clone()
            .unwrap_err();
        assert!(err.contains("missing field `facility_id`"), "{err}");
        assert!(find_blocks("no block here").is_empty());
    }
}
