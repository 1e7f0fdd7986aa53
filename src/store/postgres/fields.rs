//! The item columns a write sets, and an item's values for them (its JSON
//! lists serialised once, through the store's formats).

use postgres::types::ToSql;

use crate::domain::Item;
use crate::store::error::Result;
use crate::store::format;

/// The columns `write_fields` rewrites, in [`Fields::params`] order.
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

/// Columns holding JSON, written from text.
pub(super) const JSON_COLUMNS: [&str; 4] = ["labels", "metrics", "criteria", "insight"];

pub(super) fn update_fields_sql() -> String {
    let sets: Vec<String> = FIELD_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cast = if JSON_COLUMNS.contains(c) {
                "::text::json"
            } else {
                ""
            };
            format!("{c} = ${}{cast}", i + 2)
        })
        .collect();
    format!("UPDATE items SET {} WHERE id = $1", sets.join(", "))
}

/// An item's values for [`FIELD_COLUMNS`].
pub(super) struct Fields<'a> {
    item: &'a Item,
    pub(super) status: &'static str,
    pub(super) lane: Option<&'static str>,
    pub(super) labels: String,
    pub(super) metrics: String,
    pub(super) criteria: String,
    pub(super) insight: Option<String>,
}

impl<'a> Fields<'a> {
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

    pub(super) fn params(&self) -> [&(dyn ToSql + Sync); 26] {
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
