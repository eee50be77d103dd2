//! "Suggest a correction": a message a resident or a hospital sends by mail
//! (to the deployment's address) or copies: readable lines for a person,
//! then the machine-readable `xunzhen-correction v1` block
//! (`engine::correction`) that `datakit corrections apply` reads back.

use crate::route::encode;

/// The parts of a listing a correction can be about, by code (the
/// engine's: what `datakit corrections apply` takes), with the name the
/// readable message uses (the interface names them in each language:
/// `Lang::correction_fields`, in this order).
pub const FIELDS: [(&str, &str); 15] = [
    ("name", "名称"),
    ("address", "地址"),
    ("phones", "电话"),
    ("opening_hours", "营业时间"),
    ("website", "网站"),
    ("booking_url", "预约挂号链接"),
    ("location", "地图位置"),
    ("kind", "类别"),
    ("grade", "等级"),
    ("services", "科室与服务"),
    ("designations", "认证与称号"),
    ("features", "医保与无障碍"),
    ("networks", "所属联盟或医联体"),
    ("closed", "已停业或搬迁"),
    ("other", "其他"),
];

/// One proposed correction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Correction {
    pub facility_id: String,
    pub facility_name: String,
    pub field: String,
    /// What the listing shows now (the block's `seen`).
    pub current: String,
    pub proposed: String,
    pub evidence: String,
    /// How to reach the reporter, if they give it: in the message, never published.
    pub contact: String,
    /// The listing's permanent link.
    pub link: String,
    /// Today, `YYYY-MM-DD` (China's calendar).
    pub date: String,
}

impl Correction {
    pub fn subject(&self) -> String {
        format!("寻诊更正 Correction: {} ({})", self.facility_name, self.facility_id)
    }

    /// The message: one labelled line per part, so a data keeper can read
    /// it, then the block a script reads.
    pub fn body(&self) -> String {
        let field = FIELDS
            .iter()
            .find(|(code, _)| *code == self.field)
            .map_or(self.field.as_str(), |(_, zh)| zh);
        let line = |label: &str, value: &str| {
            format!("{label}: {}\n", if value.trim().is_empty() { "—" } else { value.trim() })
        };
        let block = engine::correction::Correction {
            facility_id: self.facility_id.clone(),
            field: self.field.clone(),
            seen: self.current.trim().to_string(),
            proposed: self.proposed.trim().to_string(),
            evidence: self.evidence.trim().to_string(),
            date: self.date.clone(),
            contact: self.contact.trim().to_string(),
        };
        [
            line("机构 Facility", &format!("{} ({})", self.facility_name, self.facility_id)),
            line("链接 Link", &self.link),
            line("字段 Field", &format!("{field} [{}]", self.field)),
            line("当前值 Current value", &self.current),
            line("建议值 Proposed value", &self.proposed),
            line("依据 Evidence", &self.evidence),
            line("联系方式 Contact", &self.contact),
            "\n".to_string(),
            block.to_block(),
        ]
        .concat()
    }

    /// Whether the parts a data keeper needs are there.
    pub fn is_complete(&self) -> bool {
        !self.field.is_empty()
            && !self.proposed.trim().is_empty()
            && !self.evidence.trim().is_empty()
    }

    /// A `mailto:` link to `address` with the subject and body filled in.
    pub fn mailto(&self, address: &str) -> String {
        format!(
            "mailto:{}?subject={}&body={}",
            encode(address).replace("%40", "@"),
            encode(&self.subject()),
            encode(&self.body())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::decode;

    fn example() -> Correction {
        Correction {
            facility_id: "cq-dz-tcmh".into(),
            facility_name: "大足区中医院".into(),
            field: "phones".into(),
            current: "".into(),
            proposed: "023-0000 & more".into(),
            evidence: "医院官网 https://example.org/contact".into(),
            contact: String::new(),
            link: "https://xunzhen.example/#/f/cq-dz-tcmh".into(),
            date: "2026-12-07".into(),
        }
    }

    #[test]
    fn the_body_names_every_part() {
        let body = example().body();
        assert!(body.contains("字段 Field: 电话 [phones]\n"), "{body}");
        assert!(body.contains("当前值 Current value: —\n"), "{body}");
        assert!(body.contains("建议值 Proposed value: 023-0000 & more\n"), "{body}");
        assert!(body.contains("依据 Evidence: 医院官网 https://example.org/contact\n"));
        assert!(body.contains("链接 Link: https://xunzhen.example/#/f/cq-dz-tcmh\n"));
    }

    #[test]
    fn the_body_carries_the_block_datakit_reads_back() {
        let body = example().body();
        let found = engine::correction::find_blocks(&body);
        assert_eq!(found.len(), 1, "{body}");
        let c = found[0].correction.clone().unwrap();
        assert_eq!((c.facility_id.as_str(), c.field.as_str()), ("cq-dz-tcmh", "phones"));
        assert_eq!((c.proposed.as_str(), c.date.as_str()), ("023-0000 & more", "2026-12-07"));
        // Every field the form offers is one the block may carry.
        assert!(FIELDS.iter().all(|(code, _)| engine::correction::FIELDS.contains(code)));
    }

    #[test]
    fn the_mailto_link_carries_the_message_intact() {
        let c = example();
        let url = c.mailto("data@example.org");
        assert!(url.starts_with("mailto:data@example.org?subject="), "{url}");
        let body = url.split("&body=").nth(1).unwrap();
        assert!(!body.contains('&') && !body.contains(' '));
        assert_eq!(decode(body).as_deref(), Some(c.body().as_str()));
    }

    #[test]
    fn incomplete_without_proposal_or_evidence() {
        assert!(example().is_complete());
        assert!(!Correction { evidence: " ".into(), ..example() }.is_complete());
        assert!(!Correction { proposed: "".into(), ..example() }.is_complete());
    }
}
