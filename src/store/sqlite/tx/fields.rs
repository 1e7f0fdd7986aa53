//! The item columns written from an item's fields, listed once for the
//! INSERT of a new row and the UPDATE of an existing one.

use std::sync::LazyLock;

use rusqlite::ToSql;

use crate::domain::Item;
use crate::store::error::Result;
use crate::store::format;

/// The item columns that `write_fields` rewrites (everything but key,
/// parent, title, times and version), in [`Fields::params`] order: one
/// list for the INSERT of a new row and the UPDATE of an existing one.
pub(super) const FIELD_COLUMNS: [&str; 26] = [
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
];

/// `INSERT` of a whole row at version 1: kind, num, parent_id, title, the
/// field columns, created, updated.
pub(super) static INSERT_ITEM: LazyLock<String> = LazyLock::new(|| {
    let n = FIELD_COLUMNS.len();
    let marks: Vec<String> = (1..=n + 6).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO items (kind, num, parent_id, title, {}, created, updated, version) \
         VALUES ({}, 1)",
        FIELD_COLUMNS.join(", "),
        marks.join(", ")
    )
});

/// `UPDATE` of the field columns of row `?1`.
pub(super) static UPDATE_FIELDS: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = FIELD_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    format!("UPDATE items SET {} WHERE id = ?1", sets.join(", "))
});

/// An item's values for [`FIELD_COLUMNS`], with its JSON columns
/// serialised once.
pub(super) struct Fields<'a> {
    item: &'a Item,
    status: &'static str,
    lane: Option<&'static str>,
    labels: String,
    metrics: String,
    criteria: String,
    insight: Option<String>,
}

impl<'a> Fields<'a> {
    /// Fails (and so fails the write) if a list cannot be serialised.
    pub(super) fn of(item: &'a Item) -> Result<Fields<'a>> {
        Ok(Fields {
            item,
            status: item.status.as_str(),
            lane: item.lane.map(|l| l.as_str()),
            labels: format::labels_to_json(&item.labels)?,
            metrics: format::metrics_to_json(&item.metrics)?,
            criteria: format::criteria_to_json(&item.criteria)?,
            insight: format::insight_to_json(item.insight.as_ref())?,
        })
    }

    pub(super) fn params(&self) -> [&dyn ToSql; 26] {
        let i = self.item;
        [
            &i.description,
            &self.status,
            &self.lane,
            &i.owner,
            &self.labels,
            &i.rank,
            &i.archived,
            &i.outcome,
            &i.hypothesis,
            &self.metrics,
            &i.persona,
            &i.goal,
            &i.benefit,
            &i.points,
            &self.criteria,
            &i.rice.reach,
            &i.rice.impact,
            &i.rice.confidence,
            &i.rice.effort,
            &i.wsjf.value,
            &i.wsjf.time_criticality,
            &i.wsjf.risk_reduction,
            &i.wsjf.job_size,
            &i.external_key,
            &self.insight,
            &i.source,
        ]
    }
}
