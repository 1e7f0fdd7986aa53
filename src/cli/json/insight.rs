//! One insight as `insight list --json` and `insight show --json` print
//! it, with the field names the README documents.

use serde::Serialize;

use super::{key, keys, time};
use crate::domain::{Item, Key};

#[derive(Debug, Serialize)]
pub struct InsightJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    /// What the customer said.
    pub text: &'a str,
    pub customer: Option<&'a str>,
    pub segment: Option<&'a str>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    /// `YYYY-MM-DD`, or `null`.
    pub date: Option<String>,
    /// The items it is evidence for.
    #[serde(serialize_with = "keys")]
    pub links: &'a [Key],
    pub archived: bool,
    pub created: String,
    pub updated: String,
    pub version: i64,
}

impl<'a> InsightJson<'a> {
    pub fn new(item: &'a Item) -> InsightJson<'a> {
        let info = item.insight.as_ref();
        let text = |f: fn(&crate::domain::InsightInfo) -> &Option<String>| {
            info.and_then(|i| f(i).as_deref())
        };
        InsightJson {
            key: item.key,
            text: &item.title,
            customer: text(|i| &i.customer),
            segment: text(|i| &i.segment),
            source: text(|i| &i.source),
            url: text(|i| &i.url),
            date: info.and_then(|i| i.date).map(|d| d.to_string()),
            links: &item.depends_on,
            archived: item.archived,
            created: time(item.created),
            updated: time(item.updated),
            version: item.version,
        }
    }
}
