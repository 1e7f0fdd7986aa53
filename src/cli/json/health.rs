//! `health --json`: the audit.

use serde::Serialize;

use super::{key, keys};
use crate::domain::Key;
use crate::domain::health::{
    Coverage, DependencyProblem, DependencyProblemKind, Duplicate, Health, NoOne, NotReady,
    OffScale, Stale,
};
use crate::domain::health_metrics::{StaleMetric, UnmeasurableMetric};

/// The whole audit.
#[derive(Debug, Serialize)]
pub struct HealthJson<'a> {
    pub open_stories: usize,
    pub coverage: Vec<CoverageJson<'a>>,
    pub outcome_coverage: CoverageJson<'a>,
    pub not_ready: Vec<NotReadyJson<'a>>,
    pub duplicates: Vec<DuplicateJson<'a>>,
    pub wsjf_off_scale: Vec<OffScaleJson<'a>>,
    pub wsjf_no_one: Vec<NoOneJson<'a>>,
    pub dependency_problems: Vec<DependencyProblemJson<'a>>,
    pub stale_days: i64,
    pub stale: Vec<StaleJson>,
    /// Initiatives and epics in Now or Next that no insight backs (only
    /// audited when the backlog holds insights).
    #[serde(serialize_with = "keys")]
    pub no_evidence: &'a [Key],
    /// Insights linked to nothing for over 90 days: `{"key", "days"}`.
    pub old_unlinked_insights: Vec<StaleJson>,
    /// Success metrics stale after this many days without a check-in.
    pub checkin_days: i64,
    /// `{"key", "index", "name", "last", "days"}`: metrics of open
    /// initiatives without a check-in for longer (`last` null: never).
    pub stale_metrics: &'a [StaleMetric],
    /// `{"key", "index", "name", "missing"}`: metrics of Now initiatives
    /// without a baseline or a target.
    pub unmeasurable_metrics: &'a [UnmeasurableMetric],
    /// Capacity against Now and the Now epics forecast to finish after Now
    /// ends; null when not computed.
    pub planning: Option<PlanningJson>,
}

/// The audit's planning findings.
#[derive(Debug, Serialize)]
pub struct PlanningJson {
    pub capacity_known: bool,
    pub over_committed: bool,
    pub headline: String,
    pub basis: String,
    pub forecast: String,
    pub has_forecast: bool,
    pub now_ends: chrono::NaiveDate,
    /// `{"key", "p85"}`: Now epics whose 85 % date falls after Now ends.
    pub late: Vec<LateJson>,
}

#[derive(Debug, Serialize)]
pub struct LateJson {
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub p85: chrono::NaiveDate,
}

impl<'a> HealthJson<'a> {
    pub fn new(h: &'a Health) -> HealthJson<'a> {
        HealthJson {
            open_stories: h.open_stories,
            coverage: h.coverage.iter().map(CoverageJson::new).collect(),
            outcome_coverage: CoverageJson::new(&h.outcome_coverage),
            not_ready: h.not_ready.iter().map(NotReadyJson::new).collect(),
            duplicates: h.duplicates.iter().map(DuplicateJson::new).collect(),
            wsjf_off_scale: h.wsjf_off_scale.iter().map(OffScaleJson::new).collect(),
            wsjf_no_one: h.wsjf_no_one.iter().map(NoOneJson::new).collect(),
            dependency_problems: h
                .dependency_problems
                .iter()
                .map(DependencyProblemJson::new)
                .collect(),
            stale_days: h.stale_days,
            stale: h.stale.iter().map(StaleJson::new).collect(),
            no_evidence: &h.evidence.no_evidence,
            old_unlinked_insights: h
                .evidence
                .old_unlinked
                .iter()
                .map(|o| {
                    StaleJson::new(&Stale {
                        key: o.key,
                        days: o.days,
                    })
                })
                .collect(),
            checkin_days: h.metrics.checkin_days,
            stale_metrics: &h.metrics.stale,
            unmeasurable_metrics: &h.metrics.unmeasurable,
            planning: h.planning.as_ref().map(|p| PlanningJson {
                capacity_known: p.capacity_known,
                over_committed: p.over_committed,
                headline: p.headline.clone(),
                basis: p.basis.clone(),
                forecast: p.forecast.clone(),
                has_forecast: p.has_forecast,
                now_ends: p.now_ends,
                late: p
                    .late
                    .iter()
                    .map(|l| LateJson {
                        key: l.key,
                        p85: l.p85,
                    })
                    .collect(),
            }),
        }
    }
}

/// A share: how many of `total` have something, and which lack it.
#[derive(Debug, Serialize)]
pub struct CoverageJson<'a> {
    pub name: &'a str,
    pub count: usize,
    pub total: usize,
    /// Percent (0–100), `null` when there is nothing to count.
    pub percent: Option<f64>,
    #[serde(serialize_with = "keys")]
    pub missing: &'a [Key],
}

impl<'a> CoverageJson<'a> {
    fn new(c: &'a Coverage) -> CoverageJson<'a> {
        CoverageJson {
            name: c.name,
            count: c.count,
            total: c.total,
            percent: c.percent,
            missing: &c.missing,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct NotReadyJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub missing: &'a [String],
}

impl<'a> NotReadyJson<'a> {
    fn new(n: &'a NotReady) -> NotReadyJson<'a> {
        NotReadyJson {
            key: n.key,
            missing: &n.missing,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DuplicateJson<'a> {
    #[serde(serialize_with = "key")]
    pub a: Key,
    #[serde(serialize_with = "key")]
    pub b: Key,
    /// 0–1.
    pub similarity: f64,
    /// `title` or `story`.
    pub basis: &'a str,
}

impl<'a> DuplicateJson<'a> {
    fn new(d: &'a Duplicate) -> DuplicateJson<'a> {
        DuplicateJson {
            a: d.a,
            b: d.b,
            similarity: d.similarity,
            basis: d.basis,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OffScaleJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub field: &'a str,
    pub value: f64,
}

impl<'a> OffScaleJson<'a> {
    fn new(o: &'a OffScale) -> OffScaleJson<'a> {
        OffScaleJson {
            key: o.key,
            field: o.field,
            value: o.value,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct NoOneJson<'a> {
    /// `initiative`, `epic` or `story`.
    pub kind: &'static str,
    pub field: &'a str,
    pub smallest: f64,
    #[serde(serialize_with = "keys")]
    pub items: &'a [Key],
}

impl<'a> NoOneJson<'a> {
    fn new(n: &'a NoOne) -> NoOneJson<'a> {
        NoOneJson {
            kind: n.kind.as_str(),
            field: n.field,
            smallest: n.smallest,
            items: &n.items,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DependencyProblemJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    #[serde(serialize_with = "key")]
    pub depends_on: Key,
    /// `earlier-lane`, `archived` or `dropped`.
    pub problem: &'static str,
    pub detail: &'a str,
}

impl<'a> DependencyProblemJson<'a> {
    fn new(d: &'a DependencyProblem) -> DependencyProblemJson<'a> {
        DependencyProblemJson {
            key: d.key,
            depends_on: d.depends_on,
            problem: match d.problem {
                DependencyProblemKind::EarlierLane => "earlier-lane",
                DependencyProblemKind::Archived => "archived",
                DependencyProblemKind::Dropped => "dropped",
            },
            detail: &d.detail,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StaleJson {
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub days: i64,
}

impl StaleJson {
    fn new(s: &Stale) -> StaleJson {
        StaleJson {
            key: s.key,
            days: s.days,
        }
    }
}
