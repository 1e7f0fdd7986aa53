//! The structured fields of an item in a backlog document (version 1):
//! metrics, acceptance criteria, decisions and score inputs. A field with a
//! default may be left out when read.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{AcceptanceCriterion, CheckIn, Decision, Metric, RiceInputs, WsjfInputs};

/// A success metric of an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricV1 {
    pub name: String,
    #[serde(default)]
    pub baseline: String,
    #[serde(default)]
    pub target: String,
    /// Oldest first; absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkins: Vec<CheckInV1>,
}

/// Where a metric stood on a date: the value as typed and a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInV1 {
    #[serde(deserialize_with = "super::bounds::date")]
    pub date: NaiveDate,
    #[serde(deserialize_with = "super::bounds::text")]
    pub value: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "super::bounds::text"
    )]
    pub note: String,
}

impl From<&CheckIn> for CheckInV1 {
    fn from(c: &CheckIn) -> Self {
        CheckInV1 {
            date: c.date,
            value: c.value.clone(),
            note: c.note.clone(),
        }
    }
}

impl From<CheckInV1> for CheckIn {
    fn from(c: CheckInV1) -> Self {
        CheckIn {
            date: c.date,
            value: c.value,
            note: c.note,
        }
    }
}

/// One acceptance criterion of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionV1 {
    #[serde(deserialize_with = "super::bounds::text")]
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

/// A dated entry of a decision log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionV1 {
    #[serde(deserialize_with = "super::bounds::date")]
    pub date: NaiveDate,
    #[serde(deserialize_with = "super::bounds::text")]
    pub decision: String,
    #[serde(default, deserialize_with = "super::bounds::text")]
    pub rationale: String,
}

/// RICE inputs; each may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RiceInputsV1 {
    #[serde(default)]
    pub reach: Option<f64>,
    #[serde(default)]
    pub impact: Option<f64>,
    #[serde(default)]
    pub confidence: Option<f64>,
    #[serde(default)]
    pub effort: Option<f64>,
}

/// WSJF inputs; each may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WsjfInputsV1 {
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub time_criticality: Option<f64>,
    #[serde(default)]
    pub risk_reduction: Option<f64>,
    #[serde(default)]
    pub job_size: Option<f64>,
}

impl From<&Metric> for MetricV1 {
    fn from(m: &Metric) -> Self {
        MetricV1 {
            name: m.name.clone(),
            baseline: m.baseline.clone(),
            target: m.target.clone(),
            checkins: m.checkins.iter().map(CheckInV1::from).collect(),
        }
    }
}

impl From<MetricV1> for Metric {
    fn from(m: MetricV1) -> Self {
        Metric {
            name: m.name,
            baseline: m.baseline,
            target: m.target,
            checkins: m.checkins.into_iter().map(CheckIn::from).collect(),
        }
    }
}

impl From<&AcceptanceCriterion> for CriterionV1 {
    fn from(c: &AcceptanceCriterion) -> Self {
        CriterionV1 {
            text: c.text.clone(),
            done: c.done,
        }
    }
}

impl From<CriterionV1> for AcceptanceCriterion {
    fn from(c: CriterionV1) -> Self {
        AcceptanceCriterion {
            text: c.text,
            done: c.done,
        }
    }
}

impl From<&Decision> for DecisionV1 {
    fn from(d: &Decision) -> Self {
        DecisionV1 {
            date: d.date,
            decision: d.decision.clone(),
            rationale: d.rationale.clone(),
        }
    }
}

impl From<DecisionV1> for Decision {
    fn from(d: DecisionV1) -> Self {
        Decision {
            date: d.date,
            decision: d.decision,
            rationale: d.rationale,
        }
    }
}

impl From<&RiceInputs> for RiceInputsV1 {
    fn from(r: &RiceInputs) -> Self {
        RiceInputsV1 {
            reach: r.reach,
            impact: r.impact,
            confidence: r.confidence,
            effort: r.effort,
        }
    }
}

impl From<RiceInputsV1> for RiceInputs {
    fn from(r: RiceInputsV1) -> Self {
        RiceInputs {
            reach: r.reach,
            impact: r.impact,
            confidence: r.confidence,
            effort: r.effort,
        }
    }
}

impl From<&WsjfInputs> for WsjfInputsV1 {
    fn from(w: &WsjfInputs) -> Self {
        WsjfInputsV1 {
            value: w.value,
            time_criticality: w.time_criticality,
            risk_reduction: w.risk_reduction,
            job_size: w.job_size,
        }
    }
}

impl From<WsjfInputsV1> for WsjfInputs {
    fn from(w: WsjfInputsV1) -> Self {
        WsjfInputs {
            value: w.value,
            time_criticality: w.time_criticality,
            risk_reduction: w.risk_reduction,
            job_size: w.job_size,
        }
    }
}
