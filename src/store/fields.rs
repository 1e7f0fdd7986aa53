//! The item columns a write sets from an item's fields (everything but
//! key, parent, title, times and version), listed once for both backends:
//! SQLite's INSERT and UPDATE, PostgreSQL's INSERT, UPDATE and bulk
//! `COPY`; and an item's values for them, its JSON lists serialised once
//! through the store's formats. Each backend binds a [`FieldValue`] with
//! its own driver.

use crate::domain::Item;
use crate::store::error::Result;
use crate::store::format;

/// The columns, in [`Fields::values`] order.
pub const FIELD_COLUMNS: [&str; 27] = [
    "description",
    "status",
    "lane",
    "owner",
    "labels",
    "rank",
    "archived",
    "outcome",
    "hypothesis",
    "metrics",
    "persona",
    "goal",
    "benefit",
    "points",
    "criteria",
    "reach",
    "impact",
    "confidence",
    "effort",
    "wsjf_value",
    "wsjf_time",
    "wsjf_risk",
    "wsjf_size",
    "external_key",
    "insight",
    "source",
    "pinned",
];

/// The columns of [`FIELD_COLUMNS`] holding JSON (written from text).
pub const JSON_COLUMNS: [&str; 4] = ["labels", "metrics", "criteria", "insight"];

/// One column's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    Text(Option<&'a str>),
    Int(i64),
    OptInt(Option<i64>),
    Float(Option<f64>),
    Bool(bool),
}

/// An item's values for [`FIELD_COLUMNS`].
pub struct Fields<'a> {
    item: &'a Item,
    labels: String,
    metrics: String,
    criteria: String,
    insight: Option<String>,
}

impl<'a> Fields<'a> {
    /// Fails (and so fails the write) if a list cannot be serialised.
    pub fn of(item: &'a Item) -> Result<Fields<'a>> {
        Ok(Fields {
            item,
            labels: format::labels_to_json(&item.labels)?,
            metrics: format::metrics_to_json(&item.metrics)?,
            criteria: format::criteria_to_json(&item.criteria)?,
            insight: format::insight_to_json(item.insight.as_ref())?,
        })
    }

    /// The values, in [`FIELD_COLUMNS`] order.
    pub fn values(&self) -> [FieldValue<'_>; 27] {
        use FieldValue::{Bool, Float, Int, OptInt, Text};
        let i = self.item;
        [
            Text(Some(i.description.as_str())),
            Text(Some(i.status.as_str())),
            Text(i.lane.map(|l| l.as_str())),
            Text(i.owner.as_deref()),
            Text(Some(self.labels.as_str())),
            Int(i.rank),
            Bool(i.archived),
            Text(i.outcome.as_deref()),
            Text(i.hypothesis.as_deref()),
            Text(Some(self.metrics.as_str())),
            Text(i.persona.as_deref()),
            Text(i.goal.as_deref()),
            Text(i.benefit.as_deref()),
            Float(i.points),
            Text(Some(self.criteria.as_str())),
            Float(i.rice.reach),
            Float(i.rice.impact),
            Float(i.rice.confidence),
            Float(i.rice.effort),
            Float(i.wsjf.value),
            Float(i.wsjf.time_criticality),
            Float(i.wsjf.risk_reduction),
            Float(i.wsjf.job_size),
            Text(i.external_key.as_deref()),
            Text(self.insight.as_deref()),
            Text(i.source.as_deref()),
            OptInt(i.pinned.map(i64::from)),
        ]
    }
}
