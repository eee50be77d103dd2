//! A table as a commission keeps it: a CSV saved by Excel (UTF-8 or GBK)
//! or an XLSX workbook, with its own headings. What `members import` and
//! `facts import` read: the headings, and each data row with where it is.

use std::path::Path;

/// One data row: its number (1 for the first row under the headings, as a
/// keeper counts them), the line or spreadsheet row it is on, and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub number: usize,
    /// The CSV line, or the spreadsheet's row number.
    pub line: u64,
    pub cells: Vec<String>,
}

impl Row {
    /// A cell by column, trimmed; empty when the row is short.
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", |c| c.trim())
    }
}

/// A table read: its headings and its data rows (wholly empty rows left out).
#[derive(Clone, Debug)]
pub struct Table {
    /// The file as named on the command line, for messages.
    pub file: String,
    /// "line" for a CSV, "row" for a spreadsheet, for messages.
    pub where_word: &'static str,
    pub headings: Vec<String>,
    pub rows: Vec<Row>,
}

/// Whether a file is a spreadsheet workbook (by its name's ending).
pub fn is_workbook(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// Reads a CSV (`encoding`: utf-8, gbk, gb18030 or auto) or a workbook
/// (`sheet`: its name; the first sheet when none is given, never a guess
/// among several by content).
pub fn read(path: &Path, encoding: Option<&str>, sheet: Option<&str>) -> Result<Table, String> {
    if is_workbook(path) {
        read_workbook(path, sheet)
    } else {
        if let Some(s) = sheet {
            return Err(format!(
                "{}: --sheet {s:?} given, but the file is not a workbook (.xlsx, .xls, .ods)",
                path.display()
            ));
        }
        read_csv(path, encoding.unwrap_or("auto"))
    }
}

fn read_csv(path: &Path, encoding: &str) -> Result<Table, String> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{file}: {e}"))?;
    // Plain line endings: the reader miscounts lines with CRLF.
    let text = crate::exchange::decode_text(&bytes, encoding, &file)?.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut headings: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut number = 0;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            format!("{file}:{line}: unreadable row: {e}")
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        let empty = cells.iter().all(|c| c.trim().is_empty());
        match &headings {
            None if empty => continue,
            None => headings = Some(cells),
            Some(_) => {
                number += 1;
                if !empty {
                    rows.push(Row { number, line, cells });
                }
            }
        }
    }
    let headings =
        headings.ok_or_else(|| format!("{file}: is empty; expected a heading row and rows"))?;
    Ok(Table { file, where_word: "line", headings, rows })
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    use calamine::{open_workbook_auto, Data, Reader};
    let file = path.display().to_string();
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| format!("{file}: not a workbook calamine can read: {e}"))?;
    let names = workbook.sheet_names().to_vec();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_string(),
        Some(s) => {
            return Err(format!(
                "{file}: has no sheet {s:?}; its sheets are {}",
                names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
            ))
        }
        None => names.first().cloned().ok_or_else(|| format!("{file}: has no sheet"))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| format!("{file}: sheet {name:?} cannot be read: {e}"))?;
    let first_row = range.start().map_or(0, |(r, _)| r);
    let text = |cell: &Data| -> String {
        match cell {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            // A whole number typed in a cell (an adcode, a phone) is written without ".0".
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Data::DateTime(d) => d.to_string(),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let mut headings: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut number = 0;
    for (i, cells) in range.rows().enumerate() {
        let cells: Vec<String> = cells.iter().map(text).collect();
        let empty = cells.iter().all(String::is_empty);
        let line = u64::from(first_row) + i as u64 + 1;
        match &headings {
            None if empty => continue,
            None => headings = Some(cells),
            Some(_) => {
                number += 1;
                if !empty {
                    rows.push(Row { number, line, cells });
                }
            }
        }
    }
    let headings = headings.ok_or_else(|| {
        format!("{file}: sheet {name:?} is empty; expected a heading row and rows")
    })?;
    Ok(Table { file: format!("{file} (sheet {name})"), where_word: "row", headings, rows })
}

/// Heading words for the column of names, best first, and words that make a heading something else.
pub const NAME_WORDS: [&str; 6] = ["名称", "机构", "单位", "医院", "name", "卫生院"];
const NOT_NAME_WORDS: [&str; 12] = [
    "类别", "类型", "代码", "地址", "电话", "级别", "等级", "性质", "角色", "编号", "序号", "区划",
];

impl Table {
    /// The column a heading names exactly (a `--column` flag), or, by heading
    /// words, the first whose heading holds the best word and none of `not`.
    pub fn column(
        &self,
        exact: Option<&str>,
        words: &[&str],
        not: &[&str],
        what: &str,
    ) -> Result<Option<usize>, String> {
        if let Some(h) = exact {
            return match self.headings.iter().position(|x| x.trim() == h) {
                Some(i) => Ok(Some(i)),
                None => Err(format!(
                    "{}: no column headed {h:?}; its headings are {}",
                    self.file,
                    self.headings.join(", ")
                )),
            };
        }
        for word in words {
            let found = self.headings.iter().position(|h| {
                let h = h.to_lowercase();
                h.contains(word) && !not.iter().any(|n| h.contains(n))
            });
            if found.is_some() {
                return Ok(found);
            }
        }
        let _ = what;
        Ok(None)
    }

    /// The column of names: `--column`, else by [`NAME_WORDS`]; an error lists the headings.
    pub fn name_column(&self, exact: Option<&str>) -> Result<usize, String> {
        self.column(exact, &NAME_WORDS, &NOT_NAME_WORDS, "names")?.ok_or_else(|| {
            format!(
                "{}: no heading says which column holds the names (expected one with {}); its headings are {}; give --column HEADING",
                self.file,
                NAME_WORDS.join(", "),
                self.headings.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gbk_csv_reads_with_its_row_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("members.csv");
        let text = "序号,单位名称,角色\r\n1,合成县人民医院,牵头\r\n,,\r\n3,合成镇卫生院,成员\r\n";
        std::fs::write(&path, encoding_rs::GBK.encode(text).0).unwrap();
        let t = read(&path, None, None).unwrap();
        assert_eq!(t.headings, ["序号", "单位名称", "角色"]);
        assert_eq!(t.name_column(None).unwrap(), 1);
        let numbers: Vec<(usize, u64)> = t.rows.iter().map(|r| (r.number, r.line)).collect();
        assert_eq!(numbers, [(1, 2), (3, 4)], "an empty row is counted, not listed");
        assert_eq!(t.rows[1].cell(1), "合成镇卫生院");
    }

    #[test]
    fn the_name_column_is_found_by_heading_words_or_named() {
        let t = Table {
            file: "f.csv".into(),
            where_word: "line",
            headings: vec!["机构类别".into(), "医疗机构名称".into(), "所在区县".into()],
            rows: Vec::new(),
        };
        assert_eq!(t.name_column(None).unwrap(), 1, "名称 before 机构, and 类别 is not a name");
        assert_eq!(t.name_column(Some("所在区县")).unwrap(), 2);
        let err = t.name_column(Some("名字")).unwrap_err();
        assert!(
            err.contains(
                "no column headed \"名字\"; its headings are 机构类别, 医疗机构名称, 所在区县"
            ),
            "{err}"
        );
        let none = Table { headings: vec!["甲".into(), "乙".into()], ..t };
        assert!(none.name_column(None).unwrap_err().contains("give --column HEADING"));
    }
}
