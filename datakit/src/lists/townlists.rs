//! The official township lists (民政部's divisions, 统计局's codes): which
//! county each township name belongs to, so a row that names only its
//! township (含谷镇卫生院, an address in 翠云街道) finds its county. Names only:
//! they place nothing on a map.
//!
//! Each list is described by `data/imports/gazetteers/<id>.toml` (what it is,
//! its date and licence, where its file sits under the sources folder, and
//! its layout); its file is third-party material read at import time, never
//! committed, like the facility lists'.
//!
//! A list of `role = "former"` (the 2018 list, before 四川's 2019–2020
//! 乡镇撤并) tells which townships no longer exist: a township health centre
//! whose name gives a township of its county that the former list knows and
//! no current list does is marked (`former_township`), and its listing says
//! its name or place may have changed.

use std::path::{Path, PathBuf};

/// What `[gazetteer]` says.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TownList {
    pub id: String,
    pub name: String,
    pub publisher: String,
    pub date: String,
    pub licence: String,
    pub url: String,
    /// The file, relative to the sources folder.
    pub file: PathBuf,
    pub format: TownFormat,
    /// `current` (the default: today's townships) or `former` (an older list).
    #[serde(default)]
    pub role: Role,
}

/// Whether a list gives today's townships or an older set of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Today's townships: they tell a row's county, and a township still there.
    #[default]
    Current,
    /// Today's townships as another source spells them (a map's list, with
    /// rare characters replaced): they only tell a township still there.
    CurrentSpelling,
    /// An older list: a township it knows and no current list does is gone.
    Former,
}

/// How a township list's file is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TownFormat {
    /// `{"divisions": [[level, code, parent code, name], …]}`, townships at level 4
    /// with nine-digit codes whose first six are the county's.
    McaDivisionsJson,
    /// `code,name,areaCode,provinceCode,cityCode`, `areaCode` the county's code.
    NbsStreetsCsv,
    /// AreaCity's `id,pid,deep,name,pinyin_prefix,pinyin,ext_id,ext_name`:
    /// townships at `deep` 3, `ext_id` the statistics code (its first six
    /// digits the county's), `ext_name` the name as published (街道办事处 for 街道).
    AreacityLevel4Csv,
}

#[derive(serde::Deserialize)]
struct File {
    gazetteer: TownList,
}

/// Every township list described in `dir` (`*.toml`), in file-name order; none when `dir` is absent.
pub fn specs(dir: &Path) -> Result<Vec<TownList>, String> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            toml::from_str::<File>(&text)
                .map(|f| f.gazetteer)
                .map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect()
}

/// The (county code, township name) pairs of one list's file.
pub fn read(list: &TownList, sources: &Path) -> Result<Vec<(u32, String)>, String> {
    let path = sources.join(&list.file);
    let name = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| format!("{name}: {e}"))?;
    let county = |code: &str| code.get(..6).and_then(|c| c.parse::<u32>().ok());
    let mut out = Vec::new();
    match list.format {
        TownFormat::McaDivisionsJson => {
            let v: serde_json::Value =
                serde_json::from_slice(&bytes).map_err(|e| format!("{name}: not JSON: {e}"))?;
            let rows = v
                .get("divisions")
                .and_then(|d| d.as_array())
                .ok_or_else(|| format!("{name}: no \"divisions\" array"))?;
            for (i, r) in rows.iter().enumerate() {
                let field = |n: usize| r.get(n);
                let level = field(0).and_then(serde_json::Value::as_u64);
                let code = field(1).and_then(|c| c.as_str());
                let town = field(3).and_then(|c| c.as_str());
                match (level, code, town) {
                    (Some(4), Some(code), Some(town)) => {
                        let c = county(code)
                            .ok_or_else(|| format!("{name}: division {i}: code {code:?}"))?;
                        out.push((c, town.to_string()));
                    }
                    (Some(_), Some(_), Some(_)) => {}
                    _ => {
                        return Err(format!(
                            "{name}: division {i}: expected [level, code, parent, name]"
                        ))
                    }
                }
            }
        }
        TownFormat::NbsStreetsCsv => {
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            for (i, row) in reader.records().enumerate() {
                let row = row.map_err(|e| format!("{name}:{}: {e}", i + 2))?;
                let (Some(town), Some(code)) = (row.get(1), row.get(2).and_then(county)) else {
                    return Err(format!("{name}:{}: expected code,name,areaCode", i + 2));
                };
                out.push((code, town.to_string()));
            }
        }
        TownFormat::AreacityLevel4Csv => {
            let text = String::from_utf8_lossy(&bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            for (i, row) in reader.records().enumerate() {
                let row = row.map_err(|e| format!("{name}:{}: {e}", i + 2))?;
                let (Some(parent), Some(deep), Some(town)) = (row.get(1), row.get(2), row.get(7))
                else {
                    return Err(format!(
                        "{name}:{}: expected id,pid,deep,…,ext_id,ext_name",
                        i + 2
                    ));
                };
                // The parent is the county (ids of a map's own townships differ; parents do not).
                if deep == "3" && parent.len() == 6 {
                    if let Ok(c) = parent.parse::<u32>() {
                        out.push((c, normal(town)));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// A township's name as today's lists write it: 街道办事处 and 街道办 are 街道.
pub fn normal(name: &str) -> String {
    let name = name.trim();
    for long in ["街道办事处", "街道办"] {
        if let Some(stem) = name.strip_suffix(long) {
            return format!("{stem}街道");
        }
    }
    name.to_string()
}

/// A township's name without what it is (镇, 乡, 街道, 民族乡's 乡).
fn stem(name: &str) -> &str {
    ["街道", "镇", "乡"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(name)
}

/// The townships of a county that a former list knows and no current one does.
#[derive(Debug, Default)]
pub struct Former {
    gone: std::collections::HashMap<u32, Vec<String>>,
    /// Today's townships by county: one that holds a gone one's name (大岗李乡 holds 岗李乡) is what a name means.
    now: std::collections::HashMap<u32, Vec<String>>,
}

impl Former {
    /// From the (county, name) pairs of the current lists and of the former ones.
    pub fn new(current: &[(u32, String)], former: &[(u32, String)]) -> Former {
        // By stem: a 镇 made a 街道 (安德镇 → 安德街道) is renamed, not merged away.
        let now: std::collections::HashSet<(u32, String)> =
            current.iter().map(|(c, n)| (*c, stem(&normal(n)).to_string())).collect();
        let mut gone: std::collections::HashMap<u32, Vec<String>> = Default::default();
        for (county, name) in former {
            let name = normal(name);
            // A one-character stem (城关镇's 城 aside) is too short to tell apart in a name.
            let there = now.contains(&(*county, stem(&name).to_string()));
            if name.chars().count() >= 3 && !there {
                let names = gone.entry(*county).or_default();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        for names in gone.values_mut() {
            // Longest first, so 大石乡 is not found inside 大石桥乡's centre.
            names.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        }
        let mut now: std::collections::HashMap<u32, Vec<String>> = Default::default();
        for (county, name) in current {
            now.entry(*county).or_default().push(normal(name));
        }
        Former { gone, now }
    }

    /// The township no longer in the lists that a primary-care centre's name gives, if any.
    pub fn in_name(&self, county: u32, name: &str) -> Option<&str> {
        let now = self.now.get(&county).map(Vec::as_slice).unwrap_or_default();
        self.gone
            .get(&county)?
            .iter()
            .filter(|t| name.contains(t.as_str()))
            .find(|t| !now.iter().any(|n| n.contains(t.as_str()) && name.contains(n.as_str())))
            .map(String::as_str)
    }

    /// How many (county, township) pairs are gone.
    pub fn len(&self) -> usize {
        self.gone.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.gone.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts_give_county_and_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("d.json"),
            r#"{"metadata":{},"divisions":[[3,"500107","500100","九龙坡区"],[4,"500107104","500107","含谷镇"]]}"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("s.csv"),
            "code,name,areaCode,provinceCode,cityCode\n500112005,\"翠云街道\",500112,50,5001\n",
        )
        .unwrap();
        let list = |file: &str, format| TownList {
            id: "t".into(),
            name: "t".into(),
            publisher: "t".into(),
            date: "2025-12-31".into(),
            licence: "t".into(),
            url: "t".into(),
            file: file.into(),
            format,
            role: Role::Current,
        };
        let mca = read(&list("d.json", TownFormat::McaDivisionsJson), dir.path()).unwrap();
        assert_eq!(mca, [(500107, "含谷镇".to_string())]);
        let nbs = read(&list("s.csv", TownFormat::NbsStreetsCsv), dir.path()).unwrap();
        assert_eq!(nbs, [(500112, "翠云街道".to_string())]);
        assert!(read(&list("none.csv", TownFormat::NbsStreetsCsv), dir.path()).is_err());
        std::fs::write(
            dir.path().join("a.csv"),
            "\u{feff}id,pid,deep,name,pinyin_prefix,pinyin,ext_id,ext_name\n\
             5132,51,1,\"阿坝\",\"ab\",\"a ba\",\"513200000000\",\"阿坝藏族羌族自治州\"\n\
             513221106,513221,3,\"龙溪\",\"lx\",\"long xi\",\"513221206000\",\"龙溪乡\"\n\
             500111001,500111,3,\"龙岗\",\"lg\",\"long gang\",\"500111001000\",\"龙岗街道办事处\"\n",
        )
        .unwrap();
        let old = read(&list("a.csv", TownFormat::AreacityLevel4Csv), dir.path()).unwrap();
        assert_eq!(old, [(513221, "龙溪乡".to_string()), (500111, "龙岗街道".to_string())]);
    }

    #[test]
    fn a_centre_named_after_a_township_no_current_list_knows_is_found() {
        let current = [
            (513221, "威州镇".to_string()),
            (500111, "龙岗街道".to_string()),
            (510117, "安德街道".to_string()),
            (513221, "大岗李乡".to_string()),
        ];
        let former = [
            (513221, "龙溪乡".to_string()),
            (513221, "威州镇".to_string()),
            (500111, "龙岗街道办事处".to_string()),
            (513221, "大石乡".to_string()),
            (513221, "大石桥乡".to_string()),
            (510117, "安德镇".to_string()),
            (513221, "岗李乡".to_string()),
        ];
        let f = Former::new(&current, &former);
        assert_eq!(f.in_name(513221, "汶川县龙溪乡卫生院"), Some("龙溪乡"));
        assert_eq!(f.in_name(513221, "威州镇卫生院"), None, "still a township");
        assert_eq!(f.in_name(500111, "龙岗街道社区卫生服务中心"), None, "办事处 is the same 街道");
        assert_eq!(f.in_name(513221, "大石桥乡卫生院"), Some("大石桥乡"), "the longest name");
        assert_eq!(f.in_name(510107, "龙溪乡卫生院"), None, "another county's");
        assert_eq!(f.in_name(510117, "安德镇卫生院"), None, "a 镇 made a 街道 is still there");
        assert_eq!(
            f.in_name(513221, "大岗李乡卫生院"),
            None,
            "today's 大岗李乡, not the gone 岗李乡"
        );
        assert_eq!(f.len(), 4);
    }
}
