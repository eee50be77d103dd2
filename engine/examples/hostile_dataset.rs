//! Writes a hostile, synthetic dataset for the browser tests: names,
//! addresses, phones, hours, sources and websites holding HTML, script,
//! `javascript:` links, right-to-left overrides and 10 kB strings, none of
//! which `datakit` would accept. The app must show every one as inert text.
//!
//!     cargo run --release -p engine --example hostile_dataset -- target/hostile
//!
//! writes `DIR/facilities.xzd` and `DIR/manifest.json`. Every record is
//! labelled synthetic.

use engine::shards::{Manifest, ShardInfo};
use engine::{Facility, FacilityKind, LatLon, Service};
use engine::{Member, Network, NetworkKind, Role};

/// Set by any script the page runs from the data; the tests check it stays unset.
const SCRIPT: &str =
    "<script>window.__xz_pwned=1</script><img src=x onerror=\"window.__xz_pwned=1\">";

fn main() -> Result<(), String> {
    let dir =
        std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: hostile_dataset DIR")?);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let long = "长".repeat(3_400) + &"x".repeat(200); // about 10 kB of UTF-8
    let at = |lat: f64, lon: f64| LatLon::new(lat, lon).expect("in range");
    let hostile = |id: &str, name: String, point| Facility {
        name_en: format!("Synthetic {id} {SCRIPT}"),
        aliases: vec![format!("{SCRIPT}alias")],
        county_code: 500111,
        address: format!("（合成）<b>地址</b>\u{202E}txt.exe\u{202C} {SCRIPT}"),
        phones: vec!["javascript:window.__xz_pwned=1".into(), "023-0000-0009\u{202E}1".into()],
        website: "javascript:window.__xz_pwned=1".into(),
        opening_hours: format!("Mo-Fr 08:00-17:00 {SCRIPT}"),
        services: vec![Service::Acupuncture],
        source: format!("synthetic hostile test data {SCRIPT}"),
        last_checked: "2026-11-24".into(),
        ..Facility::new(id, name, FacilityKind::Tcm, point)
    };
    let facilities = vec![
        hostile(
            "synthetic-hostile-script",
            format!("（合成）{SCRIPT}中医院"),
            at(29.7050, 105.7150),
        ),
        hostile(
            "synthetic-hostile-rtl",
            "（合成）\u{202E}院医中\u{202C}测试 \u{2066}<i>x</i>\u{2069}".into(),
            at(29.7080, 105.7190),
        ),
        hostile("synthetic-hostile-long", format!("（合成）{long}"), at(29.7100, 105.7230)),
        Facility {
            website: format!("https://example.org/\"><script>window.__xz_pwned=1</script>{long}"),
            ..hostile(
                "synthetic-hostile-url",
                "（合成）<a href=\"javascript:window.__xz_pwned=1\">点我</a>".into(),
                at(29.7120, 105.7100),
            )
        },
        // A name a spreadsheet would run, and a website that is only a scheme.
        Facility {
            website: "https://".into(),
            ..hostile(
                "synthetic-hostile-formula",
                "=HYPERLINK(\"http://example.org/x\",\"（合成）公式\")".into(),
                at(29.7140, 105.7170),
            )
        },
    ];
    let network = Network {
        id: "synthetic-hostile-net".into(),
        name: format!("（合成）联盟 {SCRIPT}"),
        name_en: long.clone(),
        kind: NetworkKind::SpecialtyAlliance,
        specialty: Some(Service::Acupuncture),
        region: format!("\u{202E}{SCRIPT}"),
        source: "synthetic hostile test data".into(),
        last_checked: "2026-11-24".into(),
        members: facilities
            .iter()
            .map(|f| Member {
                facility_id: f.id.clone(),
                role: Role::Member,
                citation: engine::Citation {
                    source: format!("（合成）{SCRIPT}"),
                    date: "2026".into(),
                    url: "javascript:alert(1)".into(),
                },
            })
            .collect(),
    };
    let bytes = engine::codec::encode_with_networks(&facilities, &[network], 0)?;
    let manifest = Manifest {
        whole: Some(ShardInfo::describe(0, "facilities.xzd".into(), &bytes)?),
        ..Manifest::new(0, true)
    };
    let write = |name: &str, data: &[u8]| {
        std::fs::write(dir.join(name), data).map_err(|e| format!("{name}: {e}"))
    };
    write("facilities.xzd", &bytes)?;
    write("manifest.json", manifest.to_json().as_bytes())?;
    eprintln!("wrote {} hostile synthetic facilities to {}", facilities.len(), dir.display());
    Ok(())
}
