//! "Navigate" links to the map apps people in China use, each given the
//! point in its own coordinate system: Amap and Tencent take GCJ-02, Baidu
//! BD-09, Apple Maps GCJ-02 inside China (its Chinese data is Amap's) and
//! WGS-84 elsewhere. The dataset holds WGS-84.

use engine::coords::{gcj02_to_bd09, in_china_rect, wgs84_to_gcj02};
use engine::LatLon;

use crate::i18n::table::Messages;
use crate::route::encode;

/// One map app's link.
#[derive(Clone, Debug)]
pub struct NavLink {
    /// The app's name, in each language.
    pub app: fn(&Messages) -> &'static str,
    pub url: String,
}

/// Links to Amap, Baidu, Tencent and Apple Maps for a place.
pub fn links(point: LatLon, name: &str) -> Vec<NavLink> {
    let gcj = wgs84_to_gcj02(point);
    let bd = gcj02_to_bd09(gcj);
    let apple = if in_china_rect(point) { gcj } else { point };
    let name = encode(name);
    vec![
        NavLink {
            app: |m| m.app_amap,
            url: format!("https://uri.amap.com/marker?position={:.6},{:.6}&name={name}&coordinate=gaode&callnative=1", gcj.lon(), gcj.lat()),
        },
        NavLink {
            app: |m| m.app_baidu,
            url: format!(
                "https://api.map.baidu.com/marker?location={:.6},{:.6}&title={name}&content={name}&coord_type=bd09ll&output=html&src=webapp.xunzhen",
                bd.lat(),
                bd.lon()
            ),
        },
        NavLink {
            app: |m| m.app_tencent,
            url: format!("https://apis.map.qq.com/uri/v1/marker?marker=coord:{:.6},{:.6};title:{name}&referer=xunzhen", gcj.lat(), gcj.lon()),
        },
        NavLink { app: |m| m.app_apple, url: format!("https://maps.apple.com/?ll={:.6},{:.6}&q={name}", apple.lat(), apple.lon()) },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads "a,b" after `key=` (or `coord:`) in a URL.
    fn pair(url: &str, key: &str) -> (f64, f64) {
        let rest = &url[url.find(key).unwrap() + key.len()..];
        let end = rest.find(['&', ';']).unwrap_or(rest.len());
        let (a, b) = rest[..end].split_once(',').unwrap();
        (a.parse().unwrap(), b.parse().unwrap())
    }

    #[test]
    fn each_app_gets_its_own_coordinates() {
        // 大足区, Chongqing: GCJ-02 is a few hundred metres from WGS-84, BD-09 further.
        let wgs = LatLon::new(29.7000, 105.7150).unwrap();
        let gcj = wgs84_to_gcj02(wgs);
        let bd = gcj02_to_bd09(gcj);
        assert!((gcj.lat() - wgs.lat()).abs() + (gcj.lon() - wgs.lon()).abs() > 0.002);
        let links = links(wgs, "大足区中医院");
        let [amap, baidu, tencent, apple] = links.as_slice() else { panic!("four apps") };
        let close =
            |(a, b): (f64, f64), (c, d): (f64, f64)| (a - c).abs() < 1e-6 && (b - d).abs() < 1e-6;
        assert!(close(pair(&amap.url, "position="), (gcj.lon(), gcj.lat())), "{}", amap.url);
        assert!(close(pair(&baidu.url, "location="), (bd.lat(), bd.lon())), "{}", baidu.url);
        assert!(close(pair(&tencent.url, "coord:"), (gcj.lat(), gcj.lon())), "{}", tencent.url);
        assert!(close(pair(&apple.url, "ll="), (gcj.lat(), gcj.lon())), "{}", apple.url);
        assert!(amap.url.contains("name=%E5%A4%A7%E8%B6%B3"), "{}", amap.url);
    }

    #[test]
    fn outside_china_apple_gets_wgs84_and_names_are_escaped() {
        let paris = LatLon::new(48.8566, 2.3522).unwrap();
        let links = links(paris, "A&B <x>");
        assert!(links[3].url.contains("ll=48.856600,2.352200"), "{}", links[3].url);
        assert!(links.iter().all(|l| l.url.contains("A%26B%20%3Cx%3E")));
    }
}
