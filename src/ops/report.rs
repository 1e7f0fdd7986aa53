//! `backlog report`: gathers the stakeholder report since a date or a
//! snapshot from the store (outcomes, stories done, roadmap changes,
//! decisions, risks); `transfer::report` renders it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveTime};

use super::snapshots::compare;
use crate::domain::health::audit;
use crate::domain::health_metrics::DEFAULT_CHECKIN_DAYS;
use crate::domain::insight::{customer_of, insight_date};
use crate::domain::progress::{checkins_since, series, standing};
use crate::domain::roadmap::Level;
use crate::domain::{Backlog, Item, Key, Kind, Lane, Model};
use crate::store::{Result, Store};
use crate::transfer::report::{
    Changes, DecisionTaken, Evidence, MetricReport, Named, NewInsight, Outcome, Report, Requested,
    Risk, Shipped, Since,
};

/// Where the report starts.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportStart {
    /// A date: compared with the newest snapshot taken on or before it.
    Date(NaiveDate),
    /// A snapshot by name: from when it was taken.
    Snapshot(String),
}

/// Work in progress unchanged this many days is a risk.
const STALE_DAYS: i64 = 14;

/// Builds the report from `start` to now.
pub fn build_report(store: &Store, start: ReportStart) -> Result<Report> {
    let backlog = store.load()?;
    let now = store.now();
    let snapshot = match &start {
        ReportStart::Snapshot(name) => Some(store.snapshot(name)?),
        ReportStart::Date(d) => {
            let newest = store
                .snapshots()?
                .into_iter()
                .filter(|s| s.taken.date_naive() <= *d)
                .max_by_key(|s| s.taken);
            match newest {
                Some(info) => Some(store.snapshot(&info.name)?),
                None => None,
            }
        }
    };
    let since_at = match &start {
        ReportStart::Date(d) => d.and_time(NaiveTime::MIN).and_utc(),
        ReportStart::Snapshot(_) => snapshot.as_ref().map_or(now, |s| s.taken),
    };
    let since = since_at.date_naive();
    let changes = match &snapshot {
        Some(s) => {
            let c = compare(store, &s.name, None, Model::Rice, Level::Epic)?;
            Some(Changes::from_diff(&s.name, &c.diff))
        }
        None => None,
    };
    // From a snapshot, what was done when it was taken is in it already.
    let after_snapshot = matches!(start, ReportStart::Snapshot(_));
    let done: Vec<Key> = store
        .completions(since_at)?
        .into_iter()
        .filter(|c| !after_snapshot || c.at > since_at)
        .map(|c| c.key)
        .collect();
    Ok(Report {
        generated: now,
        since: Since {
            date: since,
            snapshot: snapshot.map(|s| s.name),
        },
        outcomes: outcomes(&backlog, since),
        shipped: shipped(&backlog, &done),
        changes,
        decisions: decisions(&backlog, since),
        evidence: evidence(&backlog, since),
        risks: risks(&backlog, now),
    })
}

fn named(i: &Item) -> Named {
    Named {
        key: i.key,
        title: i.title.clone(),
    }
}

/// Live items of `kind`, Now first, then Next, Later and unplanned, by rank.
fn by_lane(backlog: &Backlog, kind: Kind) -> Vec<&Item> {
    let order = |l: Option<Lane>| l.map_or(3, |l| l as usize);
    let mut items: Vec<&Item> = backlog
        .items_of(kind)
        .iter()
        .filter(|i| !backlog.is_hidden(i))
        .collect();
    items.sort_by_key(|i| (order(backlog.effective_lane(i)), i.rank, i.key));
    items
}

fn outcomes(backlog: &Backlog, since: NaiveDate) -> Vec<Outcome> {
    by_lane(backlog, Kind::Initiative)
        .into_iter()
        .filter(|i| !i.metrics.is_empty() && !i.status.is_closed())
        .map(|i| Outcome {
            key: i.key,
            title: i.title.clone(),
            lane: i.lane,
            outcome: i.outcome.clone(),
            metrics: i
                .metrics
                .iter()
                .map(|m| {
                    let now = standing(m);
                    MetricReport {
                        name: m.name.clone(),
                        baseline: m.baseline.clone(),
                        target: m.target.clone(),
                        current: now.latest.map(|c| c.value.clone()),
                        progress: now.progress,
                        series: series(m),
                        checkins_since: checkins_since(m, Some(since))
                            .into_iter()
                            .cloned()
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The stories in `done` that are done now, grouped by epic in roadmap
/// order.
fn shipped(backlog: &Backlog, done: &[Key]) -> Vec<Shipped> {
    let finished = |s: &&Item| done.contains(&s.key) && s.status == crate::domain::Status::Done;
    let mut groups: Vec<Shipped> = Vec::new();
    for epic in by_lane(backlog, Kind::Epic) {
        let stories: Vec<Named> = backlog
            .children(epic.key)
            .filter(|s| !s.archived)
            .filter(finished)
            .map(named)
            .collect();
        if !stories.is_empty() {
            groups.push(Shipped {
                initiative: backlog.initiative_of(epic).map(named),
                epic: Some(named(epic)),
                stories,
            });
        }
    }
    groups
}

fn decisions(backlog: &Backlog, since: NaiveDate) -> Vec<DecisionTaken> {
    let mut out: Vec<DecisionTaken> = backlog
        .items()
        .iter()
        .filter(|i| !backlog.is_hidden(i))
        .flat_map(|i| {
            i.decisions
                .iter()
                .filter(|d| d.date >= since)
                .map(move |d| DecisionTaken {
                    key: i.key,
                    title: i.title.clone(),
                    date: d.date,
                    decision: d.decision.clone(),
                    rationale: d.rationale.clone(),
                })
        })
        .collect();
    out.sort_by_key(|d| (d.date, d.key));
    out
}

/// How many items the report names as most requested.
const MOST_REQUESTED: usize = 5;

/// The live insights dated on or after `since`, and the items they argue
/// for, most customers (in all) first.
fn evidence(backlog: &Backlog, since: NaiveDate) -> Evidence {
    let new: Vec<&Item> = backlog
        .insights()
        .iter()
        .filter(|i| !i.archived && insight_date(i) >= since)
        .collect();
    let customers = new
        .iter()
        .filter_map(|i| customer_of(i))
        .collect::<BTreeSet<_>>()
        .len();
    let mut insights: Vec<NewInsight> = new
        .iter()
        .map(|i| NewInsight {
            key: i.key,
            text: i.title.clone(),
            customer: i.insight.as_ref().and_then(|x| x.customer.clone()),
            date: insight_date(i),
            linked: i
                .depends_on
                .iter()
                .copied()
                .filter(|k| backlog.get(*k).is_some_and(|t| !backlog.is_hidden(t)))
                .collect(),
        })
        .collect();
    insights.sort_by_key(|i| (i.date, i.key));
    let mut new_per_item: BTreeMap<Key, usize> = BTreeMap::new();
    for k in insights.iter().flat_map(|i| &i.linked) {
        *new_per_item.entry(*k).or_default() += 1;
    }
    let mut most_requested: Vec<Requested> = new_per_item
        .into_iter()
        .filter_map(|(key, new_insights)| {
            backlog.get(key).map(|item| Requested {
                key,
                title: item.title.clone(),
                customers: backlog.customers(key),
                new_insights,
            })
        })
        .collect();
    most_requested.sort_by(|a, b| {
        (b.customers, b.new_insights)
            .cmp(&(a.customers, a.new_insights))
            .then(a.key.cmp(&b.key))
    });
    most_requested.truncate(MOST_REQUESTED);
    Evidence {
        insights,
        customers,
        most_requested,
    }
}

fn risks(backlog: &Backlog, now: chrono::DateTime<chrono::Utc>) -> Vec<Risk> {
    let health = audit(backlog, now, STALE_DAYS, DEFAULT_CHECKIN_DAYS);
    let title = |k: Key| backlog.get(k).map_or(String::new(), |i| i.title.clone());
    let mut out = Vec::new();
    for p in &health.dependency_problems {
        out.push(Risk {
            kind: "dependency",
            key: p.key,
            title: title(p.key),
            detail: p.detail.clone(),
        });
    }
    for s in &health.stale {
        out.push(Risk {
            kind: "stale",
            key: s.key,
            title: title(s.key),
            detail: format!("in progress, unchanged for {} days", s.days),
        });
    }
    for n in &health.not_ready {
        let in_now = backlog
            .get(n.key)
            .is_some_and(|i| backlog.effective_lane(i) == Some(Lane::Now));
        if in_now {
            out.push(Risk {
                kind: "not ready",
                key: n.key,
                title: title(n.key),
                detail: format!("in Now but missing {}", n.missing.join("; ")),
            });
        }
    }
    out
}
