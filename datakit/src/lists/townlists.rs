//! The official township lists (民政部's divisions, 统计局's codes): which
//! county each township name belongs to, so a row that names only its
//! township (含谷镇卫生院, an address in 翠云街道) finds its county. Names only:
//! they place nothing on a map.
//!
//! Each list is described by `data/imports/gazetteers/<id>.toml` (what it is,
//! its date and licence, where its file sits under the sources folder, and
//! its layout); its file is third-party material read at import time, never
//! committed, like the facility lists'.

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
    }
    Ok(out)
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
        };
        let mca = read(&list("d.json", TownFormat::McaDivisionsJson), dir.path()).unwrap();
        assert_eq!(mca, [(500107, "含谷镇".to_string())]);
        let nbs = read(&list("s.csv", TownFormat::NbsStreetsCsv), dir.path()).unwrap();
        assert_eq!(nbs, [(500112, "翠云街道".to_string())]);
        assert!(read(&list("none.csv", TownFormat::NbsStreetsCsv), dir.path()).is_err());
    }
}
