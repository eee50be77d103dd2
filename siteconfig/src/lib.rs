//! The deployment's settings, read from `config.json` beside `index.html`:
//! by the app at start-up, so a deployer changes them without rebuilding (a
//! missing or broken file leaves the defaults: offline basemap, no correction
//! address), and by `datakit site`, which writes the Content-Security-Policy
//! that allows exactly the hosts these settings name.

use engine::json::{self, Fields};
use engine::CoordSystem;

/// Where the dataset's manifest lives, relative to the page. A URL ending
/// in `.xzd` names a dataset file directly (no manifest check).
pub const DEFAULT_DATASET_URL: &str = "data/manifest.json";

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// An optional raster tile layer under the facilities.
    pub tiles: Option<TileSettings>,
    /// Where "suggest a correction" mails go; empty: copy only.
    pub correction_email: String,
    pub dataset_url: String,
    /// Whether the app downloads the whole dataset or only the tiles a question needs.
    pub loading: Loading,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tiles: None,
            correction_email: String::new(),
            dataset_url: default_dataset_url(),
            loading: Loading::Auto,
        }
    }
}

/// How the app loads a dataset whose manifest offers both the whole file and tiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Loading {
    /// The whole file when it is at most [`Loading::WHOLE_AT_MOST`] bytes, tiles otherwise.
    #[default]
    Auto,
    /// Always the whole file (every answer works offline once it is in).
    Whole,
    /// Always the tiles a question needs.
    Tiles,
}

impl Loading {
    /// The largest whole file `auto` downloads before the first answer: about
    /// 60,000 facilities, some 2.5 MB gzip, half a minute on a slow 4G line.
    pub const WHOLE_AT_MOST: u64 = 8 * 1024 * 1024;

    /// Whether to load tiles, given the whole file's size and whether the manifest has tiles.
    pub fn tiles(self, whole_bytes: Option<u64>, has_tiles: bool) -> bool {
        has_tiles
            && match self {
                Loading::Tiles => true,
                Loading::Whole => whole_bytes.is_none(),
                Loading::Auto => whole_bytes.is_none_or(|b| b > Self::WHOLE_AT_MOST),
            }
    }
}

fn default_dataset_url() -> String {
    DEFAULT_DATASET_URL.into()
}

/// A tile layer as the deployer writes it: a preset, or a URL of their own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TileSettings {
    /// `osm`, `tianditu` or `amap`.
    pub preset: Option<String>,
    /// Tianditu's key (天地图 token), which its terms require.
    pub key: Option<String>,
    /// `{z}`, `{x}`, `{y}` and optional `{s}` (a subdomain) are filled in.
    pub url: Option<String>,
    pub subdomains: Option<Vec<String>>,
    pub attribution: Option<String>,
    /// `wgs84` (also right for Tianditu's CGCS2000) or `gcj02`.
    pub crs: Option<String>,
    pub max_zoom: Option<u8>,
}

/// A tile layer ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct TileLayer {
    /// One or more templates drawn in order (Tianditu's roads, then its labels).
    pub templates: Vec<String>,
    pub subdomains: Vec<String>,
    pub attribution: String,
    pub crs: CoordSystem,
    pub max_zoom: u8,
}

impl TileLayer {
    /// The URL of one tile from template `layer`.
    pub fn url(&self, layer: usize, z: u8, x: u32, y: u32) -> String {
        let sub = if self.subdomains.is_empty() {
            ""
        } else {
            &self.subdomains[(x as usize + y as usize) % self.subdomains.len()]
        };
        self.templates[layer]
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string())
            .replace("{s}", sub)
    }

    /// Every origin (`https://host`) a tile can come from, each subdomain filled in.
    pub fn origins(&self) -> Vec<String> {
        let subdomains: Vec<&str> = if self.subdomains.is_empty() {
            vec![""]
        } else {
            self.subdomains.iter().map(String::as_str).collect()
        };
        let mut origins: Vec<String> = self
            .templates
            .iter()
            .flat_map(|t| subdomains.iter().filter_map(move |s| origin(&t.replace("{s}", s))))
            .collect();
        origins.sort_unstable();
        origins.dedup();
        origins
    }
}

/// The origin of an absolute `https://` or `http://` URL, if it is one and
/// its host is plain (letters, digits, `.`, `-`, a port).
pub fn origin(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .map(|r| ("https", r))
        .or_else(|| url.strip_prefix("http://").map(|r| ("http", r)))?;
    let host = rest.1.split(['/', '?', '#']).next()?;
    let plain = !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    plain.then(|| format!("{}://{}", rest.0, host.to_ascii_lowercase()))
}

/// The Content-Security-Policy for a build: scripts only from the site and
/// the listed inline-script hashes (`sha256-…`, base64), WebAssembly
/// compilation, images from the site and the tile hosts, fetches from the
/// site and a dataset on another host, and nothing else.
pub fn content_security_policy(config: &Config, inline_script_hashes: &[String]) -> String {
    let mut script = vec!["'self'".to_string(), "'wasm-unsafe-eval'".into()];
    script.extend(inline_script_hashes.iter().map(|h| format!("'{h}'")));
    let mut img = vec!["'self'".to_string(), "data:".into(), "blob:".into()];
    if let Some(layer) = config.tiles.as_ref().and_then(|t| t.layer().ok()) {
        img.extend(layer.origins());
    }
    let mut connect = vec!["'self'".to_string()];
    connect.extend(origin(&config.dataset_url));
    [
        "default-src 'none'".to_string(),
        format!("script-src {}", script.join(" ")),
        "style-src 'self'".into(),
        format!("img-src {}", img.join(" ")),
        format!("connect-src {}", connect.join(" ")),
        "worker-src 'self'".into(),
        "manifest-src 'self'".into(),
        "base-uri 'self'".into(),
        "form-action 'none'".into(),
        "object-src 'none'".into(),
    ]
    .join("; ")
}

impl TileSettings {
    /// Resolves presets; an error says what is wrong with the settings.
    pub fn layer(&self) -> Result<TileLayer, String> {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut layer = match self.preset.as_deref() {
            Some("osm") => TileLayer {
                templates: strings(&["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]),
                subdomains: vec![],
                attribution: "© OpenStreetMap contributors".into(),
                crs: CoordSystem::Wgs84,
                max_zoom: 19,
            },
            Some("tianditu") => {
                let key = self.key.as_deref().filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric()));
                let key = key.ok_or("the tianditu preset needs \"key\": your Tianditu token")?;
                let wmts = |layer: &str| {
                    format!("https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}")
                };
                TileLayer {
                    templates: vec![wmts("vec"), wmts("cva")],
                    subdomains: strings(&["0", "1", "2", "3", "4", "5", "6", "7"]),
                    attribution: "© 天地图 Tianditu".into(),
                    crs: CoordSystem::Wgs84,
                    max_zoom: 18,
                }
            }
            Some("amap") => TileLayer {
                templates: strings(&["https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"]),
                subdomains: strings(&["1", "2", "3", "4"]),
                attribution: "© 高德地图 AutoNavi".into(),
                crs: CoordSystem::Gcj02,
                max_zoom: 18,
            },
            Some(other) => return Err(format!("unknown tile preset {other:?} (use osm, tianditu or amap)")),
            None => {
                let url = self.url.clone().ok_or("tiles need a \"preset\" or a \"url\"")?;
                if !url.starts_with("https://") || !url.contains("{z}") || !url.contains("{x}") || !url.contains("{y}") {
                    return Err("a tile url must start with https:// and hold {z}, {x} and {y}".into());
                }
                if origin(&url.replace("{s}", "a")).is_none() {
                    return Err("a tile url's host may hold only letters, digits, '.', '-' and a port".into());
                }
                TileLayer { templates: vec![url], subdomains: vec![], attribution: String::new(), crs: CoordSystem::Wgs84, max_zoom: 18 }
            }
        };
        if let Some(subdomains) = &self.subdomains {
            layer.subdomains = subdomains.clone();
        }
        if let Some(attribution) = &self.attribution {
            layer.attribution = attribution.clone();
        }
        if layer.attribution.trim().is_empty() {
            return Err("a tile layer needs an \"attribution\"".into());
        }
        if let Some(crs) = &self.crs {
            layer.crs = match crs.as_str() {
                "wgs84" => CoordSystem::Wgs84,
                "gcj02" => CoordSystem::Gcj02,
                other => {
                    return Err(format!("tile crs {other:?} is not supported (use wgs84 or gcj02)"))
                }
            };
        }
        if let Some(max_zoom) = self.max_zoom {
            layer.max_zoom = max_zoom.min(engine::camera::MAX_ZOOM as u8);
        }
        Ok(layer)
    }
}

/// Reads `config.json`'s text (with the engine's small JSON reader, which
/// keeps serde's generic deserialisers out of the app's wasm). Every field
/// is optional; an unknown one is refused, so a misspelt setting is not
/// silently ignored.
pub fn parse(text: &str) -> Result<Config, String> {
    let value = json::parse(text)?;
    let f = Fields::of(&value, "config.json")?;
    f.only(&["tiles", "correction_email", "dataset_url", "loading"])?;
    let loading = match f.opt_string("loading")?.as_deref() {
        None | Some("auto") => Loading::Auto,
        Some("whole") => Loading::Whole,
        Some("tiles") => Loading::Tiles,
        Some(other) => {
            return Err(format!(
                "unknown variant `{other}` of `loading`, expected one of auto, whole, tiles"
            ))
        }
    };
    let tiles = match f.get("tiles") {
        Some(value) => {
            let t = Fields::of(value, "tiles")?;
            t.only(&["preset", "key", "url", "subdomains", "attribution", "crs", "max_zoom"])?;
            let subdomains = t.get("subdomains").map(|_| t.strings("subdomains")).transpose()?;
            Some(TileSettings {
                preset: t.opt_string("preset")?,
                key: t.opt_string("key")?,
                url: t.opt_string("url")?,
                subdomains,
                attribution: t.opt_string("attribution")?,
                crs: t.opt_string("crs")?,
                max_zoom: t.opt_integer("max_zoom", 0.0, 255.0)?.map(|z| z as u8),
            })
        }
        None => None,
    };
    let config = Config {
        tiles,
        correction_email: f.opt_string("correction_email")?.unwrap_or_default(),
        dataset_url: f.opt_string("dataset_url")?.unwrap_or_else(default_dataset_url),
        loading,
    };
    if let Some(tiles) = &config.tiles {
        tiles.layer()?;
    }
    if config.dataset_url.trim().is_empty() {
        return Err("dataset_url is empty".into());
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_resolve_with_their_coordinate_systems() {
        let amap =
            parse(r#"{"tiles": {"preset": "amap"}}"#).unwrap().tiles.unwrap().layer().unwrap();
        assert_eq!(amap.crs, CoordSystem::Gcj02);
        assert_eq!(amap.url(0, 12, 3, 2), "https://webrd02.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x=3&y=2&z=12");
        let osm = parse(r#"{"tiles": {"preset": "osm"}}"#).unwrap().tiles.unwrap().layer().unwrap();
        assert_eq!(osm.url(0, 3, 6, 3), "https://tile.openstreetmap.org/3/6/3.png");
        assert!(osm.attribution.contains("OpenStreetMap"));
        let tdt = parse(r#"{"tiles": {"preset": "tianditu", "key": "abc123"}}"#)
            .unwrap()
            .tiles
            .unwrap()
            .layer()
            .unwrap();
        assert_eq!(tdt.templates.len(), 2);
        assert!(
            tdt.url(1, 5, 1, 2).contains("LAYER=cva")
                && tdt.url(1, 5, 1, 2).ends_with("TILEROW=2&TILECOL=1&tk=abc123")
        );
    }

    #[test]
    fn tiles_are_loaded_when_the_whole_file_is_large_or_absent_or_asked_for() {
        let big = Some(Loading::WHOLE_AT_MOST + 1);
        let small = Some(1_000_000);
        assert!(Loading::Auto.tiles(big, true) && !Loading::Auto.tiles(small, true));
        assert!(Loading::Auto.tiles(None, true) && Loading::Whole.tiles(None, true));
        assert!(!Loading::Whole.tiles(big, true) && Loading::Tiles.tiles(small, true));
        assert!(
            !Loading::Tiles.tiles(small, false) && !Loading::Auto.tiles(big, false),
            "no tiles to load"
        );
        assert_eq!(parse(r#"{"loading": "tiles"}"#).unwrap().loading, Loading::Tiles);
        assert!(parse(r#"{"loading": "some"}"#).unwrap_err().contains("unknown variant"));
    }

    #[test]
    fn the_defaults_are_offline_with_no_mail_address() {
        let config = parse("{}").unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.dataset_url, "data/manifest.json");
    }

    #[test]
    fn a_config_saved_with_a_byte_order_mark_is_read() {
        // Notepad and other Windows editors begin a UTF-8 file with U+FEFF.
        let config =
            parse("\u{feff}{\"loading\": \"tiles\", \"correction_email\": \"a@b.cn\"}\r\n");
        let config = config.expect("a byte order mark is not part of the settings");
        assert_eq!((config.loading, config.correction_email.as_str()), (Loading::Tiles, "a@b.cn"));
        // Only at the very beginning: one inside the text is still an error.
        assert!(parse("{\"loading\": \u{feff}\"tiles\"}").is_err());
    }

    #[test]
    fn the_policy_names_only_the_configured_hosts() {
        let offline = content_security_policy(&Config::default(), &["sha256-abc=".into()]);
        assert!(
            offline.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='"),
            "{offline}"
        );
        assert!(offline.contains("img-src 'self' data: blob:;"), "{offline}");
        assert!(offline.contains("connect-src 'self';"), "{offline}");
        assert!(!offline.contains("unsafe-inline") && !offline.contains("https://"), "{offline}");
        let amap = parse(r#"{"tiles": {"preset": "amap"}, "dataset_url": "https://cdn.example.org/xz/manifest.json"}"#).unwrap();
        let policy = content_security_policy(&amap, &[]);
        for host in 1..=4 {
            assert!(policy.contains(&format!("https://webrd0{host}.is.autonavi.com")), "{policy}");
        }
        assert!(policy.contains("connect-src 'self' https://cdn.example.org;"), "{policy}");
        let tdt = parse(r#"{"tiles": {"preset": "tianditu", "key": "k"}}"#)
            .unwrap()
            .tiles
            .unwrap()
            .layer()
            .unwrap();
        assert_eq!(tdt.origins().len(), 8, "two layers share eight hosts");
    }

    #[test]
    fn origins_refuse_what_is_not_a_plain_host() {
        assert_eq!(
            origin("https://Tile.Example.org:8443/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.example.org:8443")
        );
        assert_eq!(origin("data/manifest.json"), None);
        assert_eq!(origin("https://a.b/x\"; img-src *").as_deref(), Some("https://a.b"));
        assert_eq!(origin("https://\"evil\"/"), None);
        assert_eq!(origin("javascript:alert(1)"), None);
    }

    #[test]
    fn mistakes_are_explained() {
        for (text, expected) in [
            (r#"{"tiles": {"preset": "tianditu"}}"#, "needs \"key\""),
            (r#"{"tiles": {"preset": "google"}}"#, "unknown tile preset"),
            (r#"{"tiles": {"url": "http://x/{z}/{x}/{y}.png", "attribution": "x"}}"#, "https://"),
            (r#"{"tiles": {"url": "https://x/{z}/{x}/{y}.png"}}"#, "attribution"),
            (r#"{"tiles": {"preset": "osm", "crs": "bd09"}}"#, "not supported"),
            (
                r#"{"tiles": {"url": "https://a\"b/{z}/{x}/{y}.png", "attribution": "x"}}"#,
                "host may hold",
            ),
            (r#"{"tile": {}}"#, "unknown field"),
            ("{", "EOF"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
