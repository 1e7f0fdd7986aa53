//! An insight's information in a backlog document (version 1): where the
//! customer evidence came from. Every field may be left out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::InsightInfo;
use crate::domain::text::optional_text;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsightV1 {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::bounds::opt_text"
    )]
    pub customer: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::bounds::opt_text"
    )]
    pub segment: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::bounds::opt_text"
    )]
    pub source: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::bounds::opt_text"
    )]
    pub url: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_date"
    )]
    pub date: Option<NaiveDate>,
}

fn opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "super::bounds::date")] NaiveDate);
    Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
}

impl From<&InsightInfo> for InsightV1 {
    fn from(i: &InsightInfo) -> InsightV1 {
        InsightV1 {
            customer: i.customer.clone(),
            segment: i.segment.clone(),
            source: i.source.clone(),
            url: i.url.clone(),
            date: i.date,
        }
    }
}

impl From<InsightV1> for InsightInfo {
    fn from(i: InsightV1) -> InsightInfo {
        let clean = |t: Option<String>| t.as_deref().and_then(optional_text);
        InsightInfo {
            customer: clean(i.customer),
            segment: clean(i.segment),
            source: clean(i.source),
            url: clean(i.url),
            date: i.date,
        }
    }
}
