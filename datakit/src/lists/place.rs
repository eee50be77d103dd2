//! Where a list's row is: its county (from its point, the adcode it states,
//! or its province, city and county words, address and name), and, for a
//! row with no point of its own, the seat that stands in for it: its
//! township's (GeoNames), else its county's.

use std::collections::HashMap;
use std::path::Path;

use engine::boundaries::{short_name, Level};
use engine::{LatLon, LocationPrecision};

use crate::geocheck::Places;
use crate::townships::{self, Township};

use super::names::Prefixes;

/// One province, city or county by name.
#[derive(Clone, Debug)]
pub struct Admin {
    pub adcode: u32,
    /// A point inside it (where the map writes its name).
    pub label: LatLon,
    pub level: Level,
    pub parent: u32,
    pub name: String,
    pub short: String,
}

/// Each county of the boundaries with its seat. The seats file (cpca) is
/// older than the boundaries (cnmaps) in places: a county renamed or made a
/// city since (无为县 → 无为市) takes the seat of its old name in the same
/// province, else the one old seat that lies inside it.
fn seats_by_boundary_code(
    admins: &[Admin],
    seats: &[crate::places::Seat],
    places: &mut Places,
) -> HashMap<u32, LatLon> {
    // A seat counts only inside its own county: a county split since (余杭区 → 临平区) may have lost it.
    let mut out: HashMap<u32, LatLon> = seats
        .iter()
        .filter(|s| places.county_at(s.point) == Some(s.adcode))
        .map(|s| (s.adcode, s.point))
        .collect();
    let codes: std::collections::HashSet<u32> = admins.iter().map(|a| a.adcode).collect();
    let orphans: Vec<&crate::places::Seat> = seats
        .iter()
        .filter(|s| !codes.contains(&s.adcode) || !out.contains_key(&s.adcode))
        .collect();
    let mut inside: HashMap<u32, Vec<LatLon>> = HashMap::new();
    for s in &orphans {
        if let Some(county) = places.county_at(s.point) {
            inside.entry(county).or_default().push(s.point);
        }
    }
    let without: Vec<&Admin> = admins
        .iter()
        .filter(|a| a.level == Level::County && !out.contains_key(&a.adcode))
        .collect();
    for a in without {
        let by_name = orphans.iter().find(|s| {
            s.adcode / 10_000 == a.adcode / 10_000
                && short_name(&s.name) == a.short
                && places.county_at(s.point) == Some(a.adcode)
        });
        let seat = by_name
            .map(|s| s.point)
            .or_else(|| inside.get(&a.adcode).filter(|p| p.len() == 1).map(|p| p[0]));
        if let Some(point) = seat {
            out.insert(a.adcode, point);
        }
    }
    out
}

/// Names, seats and outlines: what placing a row needs.
pub struct Gazetteer {
    admins: Vec<Admin>,
    by_code: HashMap<u32, usize>,
    seats: HashMap<u32, LatLon>,
    city_seats: HashMap<u32, LatLon>,
    townships: HashMap<u32, Vec<Township>>,
    /// The official lists' township names (民政部, 统计局), by province: which
    /// counties have a township of each name. Names only, no points.
    official_townships: HashMap<u32, HashMap<String, Vec<u32>>>,
    pub places: Places,
}

/// A point standing in for a record, and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub point: LatLon,
    pub precision: LocationPrecision,
    /// The township or county whose seat it is.
    pub source: String,
}

impl Gazetteer {
    /// The boundaries in `boundaries_dir`, and the county seats, city seats
    /// and townships in `places_dir` (`county_seats.csv`, `city_seats.csv`, `townships.csv`).
    pub fn open(boundaries_dir: &Path, places_dir: &Path) -> Result<Gazetteer, String> {
        let overview = crate::boundaries::read_overview(boundaries_dir)?;
        let mut admins: Vec<Admin> = overview
            .regions
            .iter()
            .map(|r| Admin {
                adcode: r.adcode,
                label: r.label,
                level: r.level,
                parent: r.parent,
                name: r.name.clone(),
                short: short_name(&r.name).to_string(),
            })
            .collect();
        admins.sort_by_key(|a| (a.level, a.adcode));
        admins.dedup_by_key(|a| (a.level, a.adcode));
        // A code held at two levels (万宁市: a city and its own county; 重庆市: a
        // province and its own city) is found at the finer one.
        let by_code = admins.iter().enumerate().map(|(i, a)| (a.adcode, i)).collect();
        let county_seats = crate::places::read_seats(&places_dir.join("county_seats.csv"))?;
        let mut places = Places::open(boundaries_dir)?;
        let seats = seats_by_boundary_code(&admins, &county_seats, &mut places);
        let city_seats = crate::places::read_seats(&places_dir.join("city_seats.csv"))?
            .into_iter()
            .map(|s| (s.adcode, s.point))
            .collect();
        let mut by_county: HashMap<u32, Vec<Township>> = HashMap::new();
        for t in townships::read(&places_dir.join("townships.csv"))? {
            by_county.entry(t.adcode).or_default().push(t);
        }
        Ok(Gazetteer {
            admins,
            by_code,
            seats,
            city_seats,
            townships: by_county,
            official_townships: HashMap::new(),
            places,
        })
    }

    /// Adds township names from an official list, each with its county's
    /// code; a county the boundaries do not have (a unit created since, as
    /// 两江新区 500157) is passed over, so its townships are told only by a
    /// list that files them under a county the boundaries know.
    pub fn add_official_townships(&mut self, names: impl IntoIterator<Item = (u32, String)>) {
        for (county, name) in names {
            if !self.is_county(county) || townships::stem(&name) == name {
                continue;
            }
            let counties = self
                .official_townships
                .entry(county / 10_000 * 10_000)
                .or_default()
                .entry(name)
                .or_default();
            if !counties.contains(&county) {
                counties.push(county);
                counties.sort_unstable();
            }
        }
    }

    /// The bundled boundaries, seats and townships.
    pub fn bundled() -> Result<Gazetteer, String> {
        Gazetteer::open(&crate::boundaries::bundled_dir(), &crate::files::reference("places"))
    }

    /// A county's seat, where the seats file gives one inside it.
    pub fn county_seat(&self, county: u32) -> Option<LatLon> {
        self.seats.get(&county).copied()
    }

    pub fn admin(&self, adcode: u32) -> Option<&Admin> {
        self.by_code.get(&adcode).map(|&i| &self.admins[i])
    }

    /// The region a region belongs to; for one that is its own parent (万宁市
    /// the county of 万宁市 the city), the coarser region of the same code's parent.
    fn parent_of(&self, a: &Admin) -> Option<&Admin> {
        if a.parent != 0 && a.parent != a.adcode {
            return self.admin(a.parent);
        }
        let coarser = self
            .admins
            .iter()
            .filter(|b| b.adcode == a.adcode && b.level < a.level)
            .max_by_key(|b| b.level)?;
        match coarser.parent {
            p if p == 0 || p == coarser.adcode => Some(coarser),
            p => self.admin(p),
        }
    }

    /// Whether `adcode` is a county (or a city without counties, as 东莞市).
    pub fn is_county(&self, adcode: u32) -> bool {
        self.admin(adcode).is_some_and(|a| {
            a.level == Level::County
                || a.level == Level::City
                    && !self.admins.iter().any(|c| {
                        c.parent == adcode && c.level == Level::County && c.adcode != adcode
                    })
        })
    }

    /// Whether a province is one of the four province-level cities (北京, 天津, 上海, 重庆).
    pub fn is_municipality(&self, province: u32) -> bool {
        matches!(province, 110000 | 120000 | 310000 | 500000)
    }

    /// The names a record in `county` may start with, province first.
    pub fn prefixes(&self, county: u32) -> Prefixes {
        let mut levels = Vec::new();
        let mut at = self.admin(county);
        while let Some(a) = at {
            let level = match a.level {
                Level::Province => 1,
                Level::City => 2,
                Level::County => 3,
            };
            levels.push((level, a.name.clone(), a.short.clone()));
            if a.level == Level::Province || levels.len() > 3 {
                break;
            }
            at = self.parent_of(a);
        }
        levels.reverse();
        levels.dedup_by(|b, a| {
            a.1 == b.1 && a.0 < b.0 && {
                a.0 = a.0.min(b.0);
                true
            }
        });
        // A province-level city (重庆市) is its own city, and a county-level city
        // under its province (万宁市) its own county: one level each, the coarser.
        Prefixes { levels }
    }

    /// Whether a list's words name a region: its name, its short name, or
    /// its short name with one other ending (延边州 for 延边朝鲜族自治州).
    fn matches(text: &str, a: &Admin) -> bool {
        !text.is_empty()
            && (text == a.name
                || short_name(text) == a.short
                || text == a.short
                || a.short.chars().count() >= 2
                    && text
                        .strip_prefix(a.short.as_str())
                        .is_some_and(|e| matches!(e, "州" | "盟" | "地区")))
    }

    fn children(&self, parent: u32) -> impl Iterator<Item = &Admin> {
        self.admins.iter().filter(move |a| a.parent == parent && a.adcode != parent)
    }

    /// The region words name, read from the front ("成都市成华区", "广安市武胜县",
    /// "万州区", "四川"): each name (full or short) must lie inside the one
    /// before it, and each must name one region. `None` when a word names no
    /// region or several.
    pub fn region_named(&self, words: &str) -> Option<u32> {
        let mut scope: Option<u32> = None;
        let mut rest: &str = words.trim();
        while !rest.is_empty() {
            let chars: Vec<(usize, char)> = rest.char_indices().collect();
            let found = (2..=chars.len()).rev().find_map(|n| {
                let end = chars.get(n).map_or(rest.len(), |&(i, _)| i);
                let head = &rest[..end];
                // A full name (广安市) before a short one (广安, also 广安区's).
                let named = |exact: bool| {
                    let mut hits: Vec<u32> = self
                        .admins
                        .iter()
                        .filter(|a| if exact { a.name == head } else { Self::matches(head, a) })
                        .filter(|a| scope.is_none_or(|s| self.is_within(a.adcode, s)))
                        .map(|a| a.adcode)
                        .collect();
                    hits.sort_unstable();
                    hits.dedup();
                    hits
                };
                let (exact, loose) = (named(true), named(false));
                match (exact.as_slice(), loose.as_slice()) {
                    ([one], _) | ([], [one]) => Some((end, *one)),
                    _ => None,
                }
            });
            let (end, adcode) = found?;
            scope = Some(adcode);
            rest = &rest[end..];
        }
        scope
    }

    /// Whether region `inner` lies in region `outer` (or is it).
    pub fn is_within(&self, inner: u32, outer: u32) -> bool {
        let mut at = self.admin(inner);
        let mut steps = 0;
        while let Some(a) = at {
            if a.adcode == outer {
                return true;
            }
            steps += 1;
            if steps > 4 {
                break;
            }
            at = self.parent_of(a);
        }
        false
    }

    /// The province a list names ("四川", "四川省", "重庆市", "广西壮族自治区").
    pub fn province(&self, text: &str) -> Option<u32> {
        self.admins
            .iter()
            .find(|a| {
                a.level == Level::Province
                    && (Self::matches(text, a)
                        || text.starts_with(&a.short) && a.short.chars().count() >= 2)
            })
            .map(|a| a.adcode)
    }

    /// The city a list names inside a province (a province-level city is its own city).
    pub fn city(&self, province: u32, text: &str) -> Option<u32> {
        if text.is_empty() {
            return None;
        }
        if self.is_municipality(province)
            && self.admin(province).is_some_and(|p| Self::matches(text, p))
        {
            return Some(province);
        }
        self.children(province)
            .find(|a| a.level == Level::City && Self::matches(text, a))
            .map(|a| a.adcode)
            .or_else(|| {
                self.admin(province)
                    .filter(|p| Self::matches(text, p))
                    .and_then(|_| self.children(province).find(|a| a.level == Level::City))
                    .map(|a| a.adcode)
            })
    }

    /// The prefecture-level city a list's words name inside a province, by
    /// its own name only (阿坝 is 阿坝藏族羌族自治州, whatever county shares the word).
    pub fn prefecture(&self, province: u32, text: &str) -> Option<u32> {
        if text.is_empty() {
            return None;
        }
        self.children(province)
            .find(|a| a.level == Level::City && !self.is_county(a.adcode) && Self::matches(text, a))
            .map(|a| a.adcode)
    }

    /// Whether a text names a region: its full name, or its short name of two characters or more.
    pub fn names_region(&self, adcode: u32, text: &str) -> bool {
        self.admin(adcode).is_some_and(|a| {
            text.contains(&a.name) || a.short.chars().count() >= 2 && text.contains(&a.short)
        })
    }

    /// The county a list's county words name inside `scope`, when only one
    /// county there has that name (城区 is a county of 阳泉 and of 晋城).
    pub fn county_unique(&self, scope: u32, text: &str) -> Option<u32> {
        let named: Vec<u32> = self
            .counties_under(scope)
            .iter()
            .filter(|a| Self::matches(text, a))
            .map(|a| a.adcode)
            .collect();
        match named[..] {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Counties under `scope` (a city, or a province: its cities' counties).
    fn counties_under(&self, scope: u32) -> Vec<&Admin> {
        let Some(s) = self.admin(scope) else { return Vec::new() };
        let cities: Vec<u32> = match s.level {
            Level::Province => self
                .children(scope)
                .filter(|a| a.level == Level::City)
                .map(|a| a.adcode)
                .chain([scope])
                .collect(),
            _ => vec![scope],
        };
        self.admins
            .iter()
            .filter(|a| {
                (a.level == Level::County || a.level == Level::City && self.is_county(a.adcode))
                    && cities.contains(&a.parent)
            })
            .collect()
    }

    /// The county a list's county words name inside `scope`.
    pub fn county(&self, scope: u32, text: &str) -> Option<u32> {
        let counties = self.counties_under(scope);
        counties.iter().find(|a| Self::matches(text, a)).map(|a| a.adcode)
    }

    /// The county a text (an address, a name) names inside `scope`: its full
    /// name, or its short name followed by 区, 县, 市 or 旗, or for a name its
    /// short name first (新蔡同安医院); the earliest in the text.
    pub fn county_in_text(&self, scope: u32, text: &str, is_name: bool) -> Option<u32> {
        let mut best: Option<(usize, usize, u32)> = None;
        let city_words: Vec<&str> =
            self.admin(scope).map(|a| vec![a.name.as_str(), a.short.as_str()]).unwrap_or_default();
        let bare = city_words
            .iter()
            .filter(|w| w.chars().count() >= 2)
            .find_map(|w| text.strip_prefix(*w))
            .unwrap_or(text);
        for a in self.counties_under(scope) {
            let mut found = text.find(&a.name).map(|i| (i, a.name.len()));
            if found.is_none()
                && is_name
                && a.short.chars().count() >= 2
                && bare.starts_with(&a.short)
            {
                found = Some((text.len() - bare.len(), a.short.len()));
            }
            if found.is_none() && a.short.chars().count() >= 2 && a.short != a.name {
                for suffix in ["区", "县", "市", "旗"] {
                    let word = format!("{}{suffix}", a.short);
                    // 乌鲁木齐市 is the city, not 乌鲁木齐县 written with another ending.
                    if self.admins.iter().any(|c| c.level != Level::County && c.name == word) {
                        continue;
                    }
                    if let Some(i) = text.find(&word) {
                        found = Some((i, a.short.len() + suffix.len()));
                        break;
                    }
                }
            }
            if let Some((at, len)) = found {
                if best.is_none_or(|(b_at, b_len, _)| at < b_at || at == b_at && len > b_len) {
                    best = Some((at, len, a.adcode));
                }
            }
        }
        best.map(|(_, _, code)| code)
    }

    /// The county a name begins with, after its province's and city's names
    /// (岱山县人民医院, 浙江省舟山市岱山县中医院, 荣县正紫镇卫生院): its full name, in
    /// `province`, and in the city the name names before it, if it names one
    /// (成都西区医院 is not 攀枝花's 西区). A two-character name counts only as a
    /// 县 or 旗 (茂县, 荣县); a two-character 区 (西区, 城区) is too often a street's word.
    pub fn county_named_first(&self, province: u32, name: &str) -> Option<u32> {
        let mut rest = name;
        let mut city_named: Option<u32> = None;
        let cities: Vec<&Admin> = self
            .admins
            .iter()
            .filter(|a| a.adcode / 10_000 == province / 10_000 && a.level != Level::County)
            .collect();
        while let Some((stripped, code)) = cities.iter().find_map(|a| {
            [a.name.as_str(), a.short.as_str()]
                .into_iter()
                .filter(|w| w.chars().count() >= 2)
                .find_map(|w| rest.strip_prefix(w))
                .map(|r| (r, a.adcode))
        }) {
            rest = stripped;
            if code != province {
                city_named = Some(code);
            }
        }
        let scope = city_named.unwrap_or(province);
        let named: Vec<u32> = self
            .counties_under(scope)
            .iter()
            .filter(|a| {
                let chars = a.name.chars().count();
                (chars >= 3 || chars == 2 && (a.name.ends_with('县') || a.name.ends_with('旗')))
                    && rest.starts_with(&a.name)
                    && rest.len() > a.name.len()
            })
            .map(|a| a.adcode)
            .collect();
        match named[..] {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The county whose township the text names (走马镇; or 礼嘉街道 for
    /// 礼嘉镇, a township since made a 街道), when every township it names
    /// inside `scope` is in that one county.
    pub fn county_by_township(&self, scope: u32, text: &str) -> Option<u32> {
        let mut found: Option<u32> = None;
        let scoped = self.counties_under(scope);
        let counties: Vec<&Admin> =
            if scoped.is_empty() { self.admin(scope).into_iter().collect() } else { scoped };
        for county in counties {
            let Some(towns) = self.townships.get(&county.adcode) else { continue };
            let named = |t: &Township| {
                t.stem() != t.name
                    && townships::ENDINGS.iter().any(|e| text.contains(&format!("{}{e}", t.stem())))
            };
            if towns.iter().any(named) {
                if found.is_some_and(|f| f != county.adcode) {
                    return None;
                }
                found = Some(county.adcode);
            }
        }
        found
    }

    /// The county whose township the text names by the official lists'
    /// names (含谷镇, 翠云街道; or its stem with another ending, 礼嘉镇 for
    /// 礼嘉街道), when every township it names inside `scope` is in one county
    /// and no other county of `scope` has a township of that name.
    pub fn county_by_official_township(&self, scope: u32, text: &str) -> Option<u32> {
        let names = self.official_townships.get(&(scope / 10_000 * 10_000))?;
        let inside = |county: u32| match scope % 10_000 {
            0 => true,
            r if r % 100 == 0 => county / 100 == scope / 100,
            _ => county == scope,
        };
        let mut found: Option<u32> = None;
        for (name, counties) in names {
            let stem = townships::stem(name);
            let named = townships::ENDINGS.iter().any(|e| text.contains(&format!("{stem}{e}")));
            if !named {
                continue;
            }
            let here: Vec<u32> = counties.iter().copied().filter(|&c| inside(c)).collect();
            match here[..] {
                [] => {}
                [one] if found.is_none_or(|f| f == one) => found = Some(one),
                _ => return None,
            }
        }
        found
    }

    /// The seat of a city (a prefecture-level city, or 重庆 and the other province-level cities).
    pub fn city_seat(&self, city: u32) -> Option<Placed> {
        let point = *self.city_seats.get(&city)?;
        let name = self.admin(city).map_or_else(String::new, |a| a.name.clone());
        Some(Placed { point, precision: LocationPrecision::CitySeat, source: name })
    }

    /// The county holding `point`, by the detailed outlines.
    pub fn county_at(&mut self, point: LatLon) -> Option<u32> {
        self.places.county_at(point)
    }

    /// The seat that stands in for a record with no point of its own: the
    /// township its address or name names (earliest mention first), else its county's.
    pub fn seat(&self, county: u32, address: &str, name: &str) -> Option<Placed> {
        if let Some(t) = self.township(county, address, name) {
            return Some(Placed {
                point: t.point,
                precision: LocationPrecision::TownshipSeat,
                source: t.name.clone(),
            });
        }
        let admin = self.admin(county)?;
        if let Some(&point) = self.seats.get(&county) {
            return Some(Placed {
                point,
                precision: LocationPrecision::CountySeat,
                source: admin.name.clone(),
            });
        }
        // A city without counties (东莞市) has its city's seat; a county whose
        // seat no source gives, a point inside it, said to be no more than that.
        self.city_seat(county).or_else(|| {
            Some(Placed {
                point: admin.label,
                precision: LocationPrecision::CountyArea,
                source: format!("{}范围内", admin.name),
            })
        })
    }

    /// The township of `county` that `address`, else `name`, names.
    pub fn township(&self, county: u32, address: &str, name: &str) -> Option<&Township> {
        let towns = self.townships.get(&county)?;
        let county_name = self.admin(county).map_or("", |a| a.name.as_str());
        // The county's own name ends the text's place words: look after it.
        fn after<'t>(text: &'t str, county_name: &str) -> &'t str {
            text.find(county_name)
                .filter(|_| !county_name.is_empty())
                .map_or(text, |i| &text[i + county_name.len()..])
        }
        fn earliest<'t>(towns: &'t [Township], text: &str, in_name: bool) -> Option<&'t Township> {
            let mut best: Option<(usize, usize, &Township)> = None;
            for t in towns {
                let stem = t.stem();
                let mut hits: Vec<(usize, usize)> = Vec::new();
                for ending in townships::ENDINGS {
                    let word = format!("{stem}{ending}");
                    if let Some(i) = text.find(&word) {
                        hits.push((i, word.len()));
                    }
                }
                if in_name && stem != t.name {
                    // 龙水中心卫生院, 智凤卫生院: the township's stem right before the institution word.
                    for ending in ["中心卫生院", "卫生院", "社区卫生服务中心"] {
                        if text.ends_with(&format!("{stem}{ending}")) {
                            hits.push((text.len() - stem.len() - ending.len(), stem.len()));
                        }
                    }
                }
                if let Some(&(at, len)) = hits.iter().min() {
                    if best.is_none_or(|(b_at, b_len, _)| at < b_at || at == b_at && len > b_len) {
                        best = Some((at, len, t));
                    }
                }
            }
            best.map(|(_, _, t)| t)
        }
        earliest(towns, after(address, county_name), false)
            .or_else(|| earliest(towns, after(name, county_name), true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_found_by_the_words_lists_use() {
        let g = Gazetteer::bundled().unwrap();
        let cq = g.province("重庆市").unwrap();
        assert_eq!(cq, 500000);
        assert_eq!(g.province("四川"), Some(510000));
        assert_eq!(g.province("广西壮族自治区"), Some(450000));
        let cd = g.city(510000, "成都").unwrap();
        assert_eq!(cd, 510100);
        assert_eq!(g.county(cd, "新都区"), Some(510114));
        assert_eq!(g.county(cq, "彭水自治县"), Some(500243));
        assert_eq!(g.county(cq, "酉阳县"), Some(500242));
        assert_eq!(g.county(cq, "大足区"), Some(500111));
        assert_eq!(g.county_in_text(cq, "重庆市大足区棠香街道二环南路1073号", false), Some(500111));
        assert_eq!(g.county_in_text(510000, "四川省成都市武侯区国学巷37号", false), Some(510107));
        assert_eq!(g.county_in_text(cq, "萱花路439号", false), None);
        assert_eq!(g.county(cq, "石柱县"), Some(500240));
        // A name that starts with its county's short name.
        let zy = g.city(510000, "资阳市").unwrap();
        assert_eq!(g.county_in_text(zy, "乐至县中医医院", true), Some(512022));
        assert_eq!(g.county_in_text(zy, "乐至中医医院", true), Some(512022));
        assert_eq!(
            g.county_in_text(zy, "乐至中医医院", false),
            None,
            "an address names a county with its ending"
        );
        // A township names its county.
        assert_eq!(g.county_by_township(cq, "鸳鸯街道金开大道1239号"), Some(500112));
        assert_eq!(
            g.county_by_township(cq, "走马镇走新街35号"),
            None,
            "two counties of 重庆 have a 走马镇"
        );
        assert_eq!(g.city_seat(cq).map(|s| s.precision), Some(LocationPrecision::CitySeat));
        // A county-level city under its province is its own county and city; its name's level is the county's.
        let names = |code| {
            g.prefixes(code).levels.iter().map(|(l, n, _)| (*l, n.clone())).collect::<Vec<_>>()
        };
        assert_eq!(names(469006), [(1, "海南省".to_string()), (3, "万宁市".to_string())]);
        assert_eq!(
            names(500111),
            [(1, "重庆市".to_string()), (3, "大足区".to_string())],
            "a province-level city is named once, at the coarser level"
        );
        assert_eq!(
            names(512022),
            [(1, "四川省".to_string()), (2, "资阳市".to_string()), (3, "乐至县".to_string())]
        );
    }

    #[test]
    fn a_row_without_a_point_sits_at_its_township_else_its_county_seat() {
        let g = Gazetteer::bundled().unwrap();
        let at = g.seat(500111, "龙水镇永益路498号（导航俊宏口腔）", "区第二人民医院").unwrap();
        assert_eq!((at.precision, at.source.as_str()), (LocationPrecision::TownshipSeat, "龙水镇"));
        let at = g.seat(500111, "", "邮亭镇中心卫生院").unwrap();
        assert_eq!(at.source, "邮亭镇");
        let at = g.seat(500111, "", "龙水中心卫生院").unwrap();
        assert_eq!(at.source, "龙水镇", "the township's name without 镇 before 中心卫生院");
        let at = g.seat(500111, "北环二路东段249号", "区中医院").unwrap();
        assert_eq!((at.precision, at.source.as_str()), (LocationPrecision::CountySeat, "大足区"));
        // A township of another county is not this one's.
        assert_eq!(g.township(510114, "龙水镇", "").map(|t| t.adcode), None);
    }
}
