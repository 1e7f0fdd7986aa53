//! Version 1 of an item's stored state: a history row's `before` and
//! `after`, and (its parts) the item's JSON list columns.
//!
//! Field names, order and optionality are those of schema 4's files.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{
    AcceptanceCriterion, CheckIn, Decision, Item, Key, Metric, RiceInputs, WsjfInputs,
};
use crate::store::error::StoreError;

/// Written from an item, it borrows the item's description (which may be
/// hundreds of megabytes); read, it owns it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ItemV1<'a> {
    pub key: String,
    pub parent: Option<String>,
    pub title: String,
    pub description: Cow<'a, str>,
    pub status: String,
    pub lane: Option<String>,
    pub owner: Option<String>,
    pub labels: Vec<String>,
    pub rank: i64,
    pub archived: bool,
    pub outcome: Option<String>,
    pub hypothesis: Option<String>,
    pub metrics: Vec<MetricV1>,
    pub persona: Option<String>,
    pub goal: Option<String>,
    pub benefit: Option<String>,
    pub points: Option<f64>,
    pub acceptance_criteria: Vec<CriterionV1>,
    pub rice_inputs: RiceV1,
    pub wsjf_inputs: WsjfV1,
    pub depends_on: Vec<String>,
    pub decisions: Vec<DecisionV1>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub version: i64,
    /// Since schema 6 (SQLite; 2 on PostgreSQL); absent when the item has
    /// none, so rows without one read and write back as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_key: Option<String>,
    /// An insight's information (since SQLite schema 8, PostgreSQL 4);
    /// absent on every other item, so that their rows read and write as
    /// before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insight: Option<super::insight_v1::InsightV1>,
    /// Since schema 10 (SQLite; 6 on PostgreSQL): the tool the item was
    /// imported from; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Since schema 11 (SQLite; 7 on PostgreSQL): the place the PM pinned
    /// the card at in its roadmap lane; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MetricV1 {
    pub name: String,
    #[serde(default)]
    pub baseline: String,
    #[serde(default)]
    pub target: String,
    /// Absent when the metric has none, so states written before check-ins
    /// existed read and write back byte for byte.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkins: Vec<CheckInV1>,
}

/// Where a metric stood on a date.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckInV1 {
    pub date: NaiveDate,
    pub value: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CriterionV1 {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecisionV1 {
    pub date: NaiveDate,
    pub decision: String,
    #[serde(default)]
    pub rationale: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct RiceV1 {
    #[serde(default)]
    pub reach: Option<f64>,
    #[serde(default)]
    pub impact: Option<f64>,
    #[serde(default)]
    pub confidence: Option<f64>,
    #[serde(default)]
    pub effort: Option<f64>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct WsjfV1 {
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub time_criticality: Option<f64>,
    #[serde(default)]
    pub risk_reduction: Option<f64>,
    #[serde(default)]
    pub job_size: Option<f64>,
}

impl<'a> From<&'a Item> for ItemV1<'a> {
    fn from(i: &'a Item) -> ItemV1<'a> {
        ItemV1 {
            key: i.key.to_string(),
            parent: i.parent.map(|p| p.to_string()),
            title: i.title.clone(),
            description: Cow::Borrowed(&i.description),
            status: i.status.as_str().to_string(),
            lane: i.lane.map(|l| l.as_str().to_string()),
            owner: i.owner.clone(),
            labels: i.labels.clone(),
            rank: i.rank,
            archived: i.archived,
            outcome: i.outcome.clone(),
            hypothesis: i.hypothesis.clone(),
            metrics: i.metrics.iter().map(MetricV1::from).collect(),
            persona: i.persona.clone(),
            goal: i.goal.clone(),
            benefit: i.benefit.clone(),
            points: i.points,
            acceptance_criteria: i.criteria.iter().map(CriterionV1::from).collect(),
            rice_inputs: RiceV1::from(i.rice),
            wsjf_inputs: WsjfV1::from(i.wsjf),
            depends_on: i.depends_on.iter().map(Key::to_string).collect(),
            decisions: i.decisions.iter().map(DecisionV1::from).collect(),
            created: i.created,
            updated: i.updated,
            version: i.version,
            external_key: i.external_key.clone(),
            insight: i.insight.as_ref().map(super::insight_v1::InsightV1::from),
            source: i.source.clone(),
            pinned: i.pinned,
        }
    }
}

/// A stored value the domain refuses: the stored data is damaged.
fn bad<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::BadData(e.to_string())
}

fn key(s: &str) -> Result<Key, StoreError> {
    s.parse().map_err(bad)
}

impl TryFrom<ItemV1<'_>> for Item {
    type Error = StoreError;

    fn try_from(i: ItemV1<'_>) -> Result<Item, StoreError> {
        Ok(Item {
            key: key(&i.key)?,
            parent: i.parent.as_deref().map(key).transpose()?,
            title: i.title,
            description: i.description.into_owned(),
            status: i.status.parse().map_err(bad)?,
            lane: i.lane.map(|l| l.parse().map_err(bad)).transpose()?,
            owner: i.owner,
            labels: i.labels,
            rank: i.rank,
            archived: i.archived,
            outcome: i.outcome,
            hypothesis: i.hypothesis,
            metrics: i.metrics.into_iter().map(Metric::from).collect(),
            persona: i.persona,
            goal: i.goal,
            benefit: i.benefit,
            points: i.points,
            criteria: i
                .acceptance_criteria
                .into_iter()
                .map(AcceptanceCriterion::from)
                .collect(),
            rice: i.rice_inputs.into(),
            wsjf: i.wsjf_inputs.into(),
            depends_on: i
                .depends_on
                .iter()
                .map(|k| key(k))
                .collect::<Result<_, _>>()?,
            decisions: i.decisions.into_iter().map(Decision::from).collect(),
            created: i.created,
            updated: i.updated,
            version: i.version,
            external_key: i.external_key,
            insight: i.insight.map(Into::into),
            source: i.source,
            pinned: i.pinned,
        })
    }
}

impl From<&Metric> for MetricV1 {
    fn from(m: &Metric) -> MetricV1 {
        MetricV1 {
            name: m.name.clone(),
            baseline: m.baseline.clone(),
            target: m.target.clone(),
            checkins: m
                .checkins
                .iter()
                .map(|c| CheckInV1 {
                    date: c.date,
                    value: c.value.clone(),
                    note: c.note.clone(),
                })
                .collect(),
        }
    }
}

impl From<MetricV1> for Metric {
    fn from(m: MetricV1) -> Metric {
        Metric {
            name: m.name,
            baseline: m.baseline,
            target: m.target,
            checkins: m
                .checkins
                .into_iter()
                .map(|c| CheckIn {
                    date: c.date,
                    value: c.value,
                    note: c.note,
                })
                .collect(),
        }
    }
}

impl From<&AcceptanceCriterion> for CriterionV1 {
    fn from(c: &AcceptanceCriterion) -> CriterionV1 {
        CriterionV1 {
            text: c.text.clone(),
            done: c.done,
        }
    }
}

impl From<CriterionV1> for AcceptanceCriterion {
    fn from(c: CriterionV1) -> AcceptanceCriterion {
        AcceptanceCriterion {
            text: c.text,
            done: c.done,
        }
    }
}

impl From<&Decision> for DecisionV1 {
    fn from(d: &Decision) -> DecisionV1 {
        DecisionV1 {
            date: d.date,
            decision: d.decision.clone(),
            rationale: d.rationale.clone(),
        }
    }
}

impl From<DecisionV1> for Decision {
    fn from(d: DecisionV1) -> Decision {
        Decision {
            date: d.date,
            decision: d.decision,
            rationale: d.rationale,
        }
    }
}

impl From<RiceInputs> for RiceV1 {
    fn from(r: RiceInputs) -> RiceV1 {
        RiceV1 {
            reach: r.reach,
            impact: r.impact,
            confidence: r.confidence,
            effort: r.effort,
        }
    }
}

impl From<RiceV1> for RiceInputs {
    fn from(r: RiceV1) -> RiceInputs {
        RiceInputs {
            reach: r.reach,
            impact: r.impact,
            confidence: r.confidence,
            effort: r.effort,
        }
    }
}

impl From<WsjfInputs> for WsjfV1 {
    fn from(w: WsjfInputs) -> WsjfV1 {
        WsjfV1 {
            value: w.value,
            time_criticality: w.time_criticality,
            risk_reduction: w.risk_reduction,
            job_size: w.job_size,
        }
    }
}

impl From<WsjfV1> for WsjfInputs {
    fn from(w: WsjfV1) -> WsjfInputs {
        WsjfInputs {
            value: w.value,
            time_criticality: w.time_criticality,
            risk_reduction: w.risk_reduction,
            job_size: w.job_size,
        }
    }
}
