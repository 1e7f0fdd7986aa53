//! Version 1 of an insight's information (customer, segment, source, URL,
//! date): the `insight` column of an insight's row, and the `insight`
//! field of its stored state in a history row (absent on every other
//! item, so that their rows read and write as before).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::InsightInfo;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InsightV1 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
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
        InsightInfo {
            customer: i.customer,
            segment: i.segment,
            source: i.source,
            url: i.url,
            date: i.date,
        }
    }
}
