//! `refine summary --format json`: what a refinement session changed.
//!
//! Fields are in alphabetical order at every level, as this output has
//! always had them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::item::DecisionJson;
use super::metric::CheckInJson;
use super::{key, keys, time};
use crate::domain::Key;
use crate::domain::session::{
    CheckedIn, Criteria, Decided, Estimate, EvidenceLinked, SessionSummary, Touched,
};

/// `{"since": …, "summary": {…}}`.
#[derive(Debug, Serialize)]
pub struct RefineSummaryJson<'a> {
    pub since: String,
    pub summary: SessionJson<'a>,
}

impl<'a> RefineSummaryJson<'a> {
    pub fn new(since: DateTime<Utc>, s: &'a SessionSummary) -> RefineSummaryJson<'a> {
        RefineSummaryJson {
            since: time(since),
            summary: SessionJson {
                made_ready: s.made_ready.iter().map(TouchedJson::new).collect(),
                estimates: s.estimates.iter().map(EstimateJson::new).collect(),
                criteria_added: s.criteria_added.iter().map(CriteriaJson::new).collect(),
                decisions: s.decisions.iter().map(DecidedJson::new).collect(),
                parked: s.parked.iter().map(TouchedJson::new).collect(),
                evidence: s.evidence.iter().map(EvidenceJson::new).collect(),
                checkins: s.checkins.iter().map(CheckedInJson::new).collect(),
            },
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SessionJson<'a> {
    pub checkins: Vec<CheckedInJson<'a>>,
    pub criteria_added: Vec<CriteriaJson<'a>>,
    pub decisions: Vec<DecidedJson<'a>>,
    pub estimates: Vec<EstimateJson<'a>>,
    pub evidence: Vec<EvidenceJson<'a>>,
    pub made_ready: Vec<TouchedJson<'a>>,
    pub parked: Vec<TouchedJson<'a>>,
}

/// An insight whose links changed: `{"key": "F-3", "linked": ["S-5"], …}`.
#[derive(Debug, Serialize)]
pub struct EvidenceJson<'a> {
    /// Who changed the insight; left out when no change has an author.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub authors: &'a [String],
    pub customer: Option<&'a str>,
    #[serde(serialize_with = "key")]
    pub key: Key,
    #[serde(serialize_with = "keys")]
    pub linked: &'a [Key],
    pub title: &'a str,
    #[serde(serialize_with = "keys")]
    pub unlinked: &'a [Key],
}

impl<'a> EvidenceJson<'a> {
    fn new(e: &'a EvidenceLinked) -> EvidenceJson<'a> {
        EvidenceJson {
            authors: &e.authors,
            customer: e.customer.as_deref(),
            key: e.key,
            linked: &e.linked,
            title: &e.title,
            unlinked: &e.unlinked,
        }
    }
}

/// A metric check-in: `{"key": "I-1", "metric": "…", "checkin": {…}}`.
#[derive(Debug, Serialize)]
pub struct CheckedInJson<'a> {
    /// Who recorded it; left out when no change has an author.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub authors: &'a [String],
    pub checkin: CheckInJson<'a>,
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub metric: &'a str,
    pub title: &'a str,
}

impl<'a> CheckedInJson<'a> {
    fn new(c: &'a CheckedIn) -> CheckedInJson<'a> {
        CheckedInJson {
            authors: &c.authors,
            checkin: CheckInJson {
                date: c.checkin.date.to_string(),
                value: &c.checkin.value,
                note: &c.checkin.note,
            },
            key: c.key,
            metric: &c.metric,
            title: &c.title,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TouchedJson<'a> {
    /// Who changed the item (on a file the OS user, on a server the role);
    /// left out when no change to it has a recorded author.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub authors: &'a [String],
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub title: &'a str,
}

impl<'a> TouchedJson<'a> {
    fn new(t: &'a Touched) -> TouchedJson<'a> {
        TouchedJson {
            authors: &t.authors,
            key: t.key,
            title: &t.title,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EstimateJson<'a> {
    /// Who changed the item (on a file the OS user, on a server the role);
    /// left out when no change to it has a recorded author.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub authors: &'a [String],
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub new: Option<f64>,
    pub old: Option<f64>,
    pub title: &'a str,
}

impl<'a> EstimateJson<'a> {
    fn new(e: &'a Estimate) -> EstimateJson<'a> {
        EstimateJson {
            authors: &e.authors,
            key: e.key,
            title: &e.title,
            old: e.old,
            new: e.new,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CriteriaJson<'a> {
    /// Who changed the item (on a file the OS user, on a server the role);
    /// left out when no change to it has a recorded author.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub authors: &'a [String],
    pub added: &'a [String],
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub title: &'a str,
}

impl<'a> CriteriaJson<'a> {
    fn new(c: &'a Criteria) -> CriteriaJson<'a> {
        CriteriaJson {
            authors: &c.authors,
            key: c.key,
            title: &c.title,
            added: &c.added,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DecidedJson<'a> {
    /// Who changed the item (on a file the OS user, on a server the role);
    /// left out when no change to it has a recorded author.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub authors: &'a [String],
    pub decision: DecisionJson<'a>,
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub title: &'a str,
}

impl<'a> DecidedJson<'a> {
    fn new(d: &'a Decided) -> DecidedJson<'a> {
        DecidedJson {
            authors: &d.authors,
            key: d.key,
            title: &d.title,
            decision: DecisionJson::new(&d.decision),
        }
    }
}
