//! One item as `list --json` and `show --json` print it, with the field
//! names the README documents.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::{key, keys, optional_key, time};
use crate::domain::ready::missing_for_ready;
use crate::domain::{
    AcceptanceCriterion, Backlog, Decision, Item, Key, Kind, Lane, Metric, RiceInputs, WsjfInputs,
};

/// One item.
#[derive(Debug, Serialize)]
pub struct ItemJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    /// `initiative`, `epic` or `story`.
    pub kind: &'static str,
    pub title: &'a str,
    /// `draft`, `ready`, `in-progress`, `done` or `dropped`.
    pub status: &'static str,
    /// `now`, `next`, `later`, or `null`.
    pub lane: Option<&'static str>,
    /// The lane the item shows under: its own, else its parent's.
    pub effective_lane: Option<&'static str>,
    #[serde(serialize_with = "optional_key")]
    pub parent: Option<Key>,
    pub owner: Option<&'a str>,
    pub labels: &'a [String],
    pub description: &'a str,
    pub persona: Option<&'a str>,
    pub goal: Option<&'a str>,
    pub benefit: Option<&'a str>,
    pub points: Option<f64>,
    pub acceptance_criteria: Criteria<'a>,
    pub rice: Option<f64>,
    pub wsjf: Option<f64>,
    pub rice_inputs: RiceJson,
    pub wsjf_inputs: WsjfJson,
    #[serde(serialize_with = "keys")]
    pub depends_on: &'a [Key],
    pub rank: i64,
    pub archived: bool,
    pub outcome: Option<&'a str>,
    pub hypothesis: Option<&'a str>,
    pub metrics: Metrics<'a>,
    pub decisions: Decisions<'a>,
    /// Stories: what the Definition of Ready still misses (empty: ready to
    /// be marked ready). `null` for initiatives and epics.
    pub ready_missing: Option<Vec<String>>,
    pub created: String,
    pub updated: String,
    pub version: i64,
    /// The live insights linked to the item (customer evidence).
    #[serde(serialize_with = "keys")]
    pub evidence: Vec<Key>,
    /// The distinct customers behind the item, rolled up (an epic counts
    /// its stories', an initiative its epics').
    pub customers: usize,
    /// The key in the tool the item was imported from; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_key: Option<&'a str>,
    /// The tool the item was imported from; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    /// The place the PM pinned the card at in its roadmap lane (1 = first),
    /// over its score; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned: Option<u32>,
}

impl<'a> ItemJson<'a> {
    pub fn new(item: &'a Item, backlog: &Backlog) -> ItemJson<'a> {
        ItemJson {
            key: item.key,
            kind: item.kind().as_str(),
            title: &item.title,
            status: item.status.as_str(),
            lane: item.lane.map(Lane::as_str),
            effective_lane: backlog.effective_lane(item).map(Lane::as_str),
            parent: item.parent,
            owner: item.owner.as_deref(),
            labels: &item.labels,
            description: &item.description,
            persona: item.persona.as_deref(),
            goal: item.goal.as_deref(),
            benefit: item.benefit.as_deref(),
            points: item.points,
            acceptance_criteria: Criteria(&item.criteria),
            rice: item.rice_score(),
            wsjf: item.wsjf_score(),
            rice_inputs: RiceJson::from(item.rice),
            wsjf_inputs: WsjfJson::from(item.wsjf),
            depends_on: &item.depends_on,
            rank: item.rank,
            archived: item.archived,
            outcome: item.outcome.as_deref(),
            hypothesis: item.hypothesis.as_deref(),
            metrics: Metrics(&item.metrics),
            decisions: Decisions(&item.decisions),
            ready_missing: (item.kind() == Kind::Story)
                .then(|| missing_for_ready(item, |k| backlog.status_of(k))),
            created: time(item.created),
            updated: time(item.updated),
            version: item.version,
            evidence: backlog.evidence(item.key).to_vec(),
            customers: backlog.customers(item.key),
            external_key: item.external_key.as_deref(),
            source: item.source.as_deref(),
            pinned: item.pinned,
        }
    }
}

/// `{"text": …, "done": …}` each.
#[derive(Debug)]
pub struct Criteria<'a>(&'a [AcceptanceCriterion]);

#[derive(Serialize)]
struct CriterionJson<'a> {
    text: &'a str,
    done: bool,
}

impl Serialize for Criteria<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|c| CriterionJson {
            text: &c.text,
            done: c.done,
        }))
    }
}

/// `{"name": …, "baseline": …, "target": …, "checkins": […], "current": …,
/// "progress": …}` each (see [`super::metric`]).
#[derive(Debug)]
pub struct Metrics<'a>(&'a [Metric]);

impl Serialize for Metrics<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(super::metric::MetricJson::new))
    }
}

/// `{"date": "2026-11-23", "decision": …, "rationale": …}` each.
#[derive(Debug)]
pub struct Decisions<'a>(&'a [Decision]);

/// One decision.
#[derive(Debug, Serialize)]
pub struct DecisionJson<'a> {
    /// `2026-11-23`.
    #[serde(serialize_with = "day")]
    pub date: NaiveDate,
    pub decision: &'a str,
    pub rationale: &'a str,
}

impl<'a> DecisionJson<'a> {
    pub fn new(d: &'a Decision) -> DecisionJson<'a> {
        DecisionJson {
            date: d.date,
            decision: &d.decision,
            rationale: &d.rationale,
        }
    }
}

impl Serialize for Decisions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(DecisionJson::new))
    }
}

/// The RICE inputs, `null` where missing.
#[derive(Debug, Serialize)]
pub struct RiceJson {
    pub reach: Option<f64>,
    pub impact: Option<f64>,
    pub confidence: Option<f64>,
    pub effort: Option<f64>,
}

impl From<RiceInputs> for RiceJson {
    fn from(r: RiceInputs) -> RiceJson {
        RiceJson {
            reach: r.reach,
            impact: r.impact,
            confidence: r.confidence,
            effort: r.effort,
        }
    }
}

/// The WSJF inputs, `null` where missing.
#[derive(Debug, Serialize)]
pub struct WsjfJson {
    pub value: Option<f64>,
    pub time_criticality: Option<f64>,
    pub risk_reduction: Option<f64>,
    pub job_size: Option<f64>,
}

impl From<WsjfInputs> for WsjfJson {
    fn from(w: WsjfInputs) -> WsjfJson {
        WsjfJson {
            value: w.value,
            time_criticality: w.time_criticality,
            risk_reduction: w.risk_reduction,
            job_size: w.job_size,
        }
    }
}

/// A day as `2026-11-23`.
fn day<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}
