//! Finishing a built site: the Content-Security-Policy in `index.html`.
//!
//! Trunk writes one inline module script (the loader) into `index.html`; the
//! policy allows it by its SHA-256 and allows nothing else inline. The tile
//! and dataset hosts come from the site's `config.json`, so a deployer who
//! changes them runs `datakit site DIR` again. Running it twice gives the
//! same file.

use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};
use siteconfig::{content_security_policy, Config};

const META_START: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";

/// What a deployer should know about a site's settings before it goes
/// public (not errors: the site works without them).
pub fn warnings(config: &Config) -> Vec<String> {
    let mut out = Vec::new();
    if config.correction_email.trim().is_empty() {
        out.push(
            "config.json gives no \"correction_email\": a hospital or resident who finds a listing wrong \
             can only copy the correction, with nowhere to send it. Set it to the address that \
             answers corrections (the health commission's or yours)."
                .to_string(),
        );
    }
    if let Some(layer) = config.tiles.as_ref().and_then(|t| t.layer().ok()) {
        if layer.review_number.is_empty() {
            out.push(
                "config.json's tile layer has no \"review_number\": a public map in China shows \
                 its 审图号 (docs/DEPLOY.md, \"Map review in China\")."
                    .to_string(),
            );
        }
    }
    out
}

/// Writes the policy into `dir/index.html` and returns it, with the
/// settings' [`warnings`].
pub fn finish(dir: &Path) -> Result<(String, Vec<String>), String> {
    let config = match std::fs::read_to_string(dir.join("config.json")) {
        Ok(text) => siteconfig::parse(&text)
            .map_err(|e| format!("{}: {e}", dir.join("config.json").display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(e) => return Err(format!("{}: {e}", dir.join("config.json").display())),
    };
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let (html, policy) = with_policy(&html, &config)?;
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))?;
    Ok((policy, warnings(&config)))
}

/// The page with its policy meta tag put in (or replaced) right after `<meta charset>`.
pub fn with_policy(html: &str, config: &Config) -> Result<(String, String), String> {
    let html = without_policy(html);
    let hashes: Vec<String> =
        inline_scripts(&html)?.iter().map(|s| format!("sha256-{}", sha256_base64(s))).collect();
    let policy = content_security_policy(config, &hashes);
    let charset = html
        .find("<meta charset")
        .ok_or("index.html has no <meta charset>: the policy must come first")?;
    let after =
        charset + html[charset..].find('>').ok_or("index.html: unterminated <meta charset>")? + 1;
    let out = format!("{}\n    {META_START}{policy}\" />{}", &html[..after], &html[after..]);
    Ok((out, policy))
}

fn without_policy(html: &str) -> String {
    let Some(start) = html.find(META_START) else { return html.to_string() };
    let end = start + html[start..].find("/>").map_or(html.len() - start, |e| e + 2);
    let line_start = html[..start].trim_end_matches([' ', '\n']).len();
    format!("{}{}", &html[..line_start], &html[end..])
}

/// The text of every `<script>` without a `src`, as the browser hashes it.
fn inline_scripts(html: &str) -> Result<Vec<&str>, String> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let open_end =
            start + rest[start..].find('>').ok_or("index.html: unterminated <script> tag")? + 1;
        let close = open_end
            + rest[open_end..].find("</script>").ok_or("index.html: <script> without </script>")?;
        if !rest[start..open_end].contains(" src=") {
            scripts.push(&rest[open_end..close]);
        }
        rest = &rest[close + "</script>".len()..];
    }
    Ok(scripts)
}

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html>\n<html>\n  <head>\n    <meta charset=\"utf-8\" />\n    <title>x</title>\n<script type=\"module\">\nimport init from '/app.js';\n</script>\n<script src=\"/other.js\"></script>\n  </head>\n</html>\n";

    #[test]
    fn the_inline_loader_is_allowed_by_its_hash_and_nothing_else() {
        let (html, policy) = with_policy(PAGE, &Config::default()).unwrap();
        // sha256 of "\nimport init from '/app.js';\n", as `openssl dgst -sha256 -binary | base64` gives it.
        let expected = sha256_base64("\nimport init from '/app.js';\n");
        assert_eq!(policy.matches("'sha256-").count(), 1, "{policy}");
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        let meta = html.find(META_START).unwrap();
        assert!(meta > html.find("<meta charset").unwrap() && meta < html.find("<script").unwrap());
    }

    #[test]
    fn running_twice_gives_the_same_page_and_a_changed_config_replaces_the_policy() {
        let (once, _) = with_policy(PAGE, &Config::default()).unwrap();
        let (twice, _) = with_policy(&once, &Config::default()).unwrap();
        assert_eq!(once, twice);
        let osm = siteconfig::parse(r#"{"tiles": {"preset": "osm"}}"#).unwrap();
        let (with_tiles, policy) = with_policy(&once, &osm).unwrap();
        assert_eq!(with_tiles.matches(META_START).count(), 1);
        assert!(
            policy.contains("img-src 'self' data: blob: https://tile.openstreetmap.org"),
            "{policy}"
        );
    }

    #[test]
    fn a_page_it_cannot_read_safely_is_refused() {
        assert!(with_policy("<html><script>x", &Config::default()).is_err());
        assert!(with_policy("<html><head></head></html>", &Config::default())
            .unwrap_err()
            .contains("charset"));
    }

    #[test]
    fn a_site_without_a_correction_address_is_warned_about() {
        let none = warnings(&Config::default());
        assert!(none.len() == 1 && none[0].contains("correction_email"), "{none:?}");
        let given = siteconfig::parse(r#"{"correction_email": "jiucuo@example.org"}"#).unwrap();
        assert!(warnings(&given).is_empty());
        let tiles = siteconfig::parse(
            r#"{"correction_email": "a@b.c", "tiles": {"preset": "tianditu", "key": "k"}}"#,
        )
        .unwrap();
        assert!(warnings(&tiles)[0].contains("review_number"));
    }

    #[test]
    fn the_hash_is_standard_sha256_base64() {
        assert_eq!(sha256_base64(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }
}
