//! Health findings about outcomes: success metrics nobody has checked in
//! on for a while (so "is it working?" has no answer), and initiatives in
//! Now whose metrics cannot show progress (no baseline or no target).
//! Staleness is audited only in a backlog that records check-ins at all:
//! one that never did is not told that every metric is stale.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Backlog, Item, Key, Kind, Lane};

/// A metric counts as stale after this many days without a check-in,
/// unless configured otherwise (`health --checkin-days`, the TUI's
/// `checkin_days`).
pub const DEFAULT_CHECKIN_DAYS: i64 = 30;

/// The outcome findings of an audit.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MetricFindings {
    /// The threshold used, in days.
    pub checkin_days: i64,
    /// Metrics of open initiatives whose latest check-in (or, never
    /// checked in, the initiative's creation) is older than the threshold.
    pub stale: Vec<StaleMetric>,
    /// Metrics of open initiatives in Now without a baseline or a target.
    pub unmeasurable: Vec<UnmeasurableMetric>,
}

/// A metric waiting for a check-in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleMetric {
    pub key: Key,
    /// The metric's number on its initiative, from 1 (as `show` numbers).
    pub index: usize,
    pub name: String,
    /// The latest check-in's date; `None`: never checked in.
    pub last: Option<NaiveDate>,
    /// Days since the latest check-in (or since the initiative was made).
    pub days: i64,
}

impl StaleMetric {
    /// `metric 1 Calls per day: last 2026-10-01, 50 days` (or `never
    /// checked in`), as the CLI and the TUI list it.
    pub fn line(&self) -> String {
        let last = self
            .last
            .map_or("never checked in".to_string(), |d| format!("last {d}"));
        format!(
            "metric {} {}: {last}, {} days",
            self.index, self.name, self.days
        )
    }
}

/// A metric of a Now initiative that cannot show progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmeasurableMetric {
    pub key: Key,
    pub index: usize,
    pub name: String,
    /// `baseline`, `target`, or `baseline and target`.
    pub missing: &'static str,
}

impl UnmeasurableMetric {
    /// `metric 2 Calls per day: no baseline`.
    pub fn line(&self) -> String {
        format!("metric {} {}: no {}", self.index, self.name, self.missing)
    }
}

/// The findings among `visible` items (not hidden) as of `now`, a metric
/// stale after `checkin_days` days.
pub fn metric_findings(
    backlog: &Backlog,
    visible: &[&Item],
    now: DateTime<Utc>,
    checkin_days: i64,
) -> MetricFindings {
    let initiatives: Vec<&Item> = visible
        .iter()
        .copied()
        .filter(|i| i.kind() == Kind::Initiative && !i.status.is_closed())
        .collect();
    let today = now.date_naive();
    let records_checkins = backlog
        .items_of(Kind::Initiative)
        .iter()
        .any(|i| i.metrics.iter().any(|m| !m.checkins.is_empty()));
    let mut stale = Vec::new();
    if records_checkins {
        for i in &initiatives {
            for (n, m) in i.metrics.iter().enumerate() {
                let last = m.checkins.last().map(|c| c.date);
                let since = last.unwrap_or_else(|| i.created.date_naive());
                let days = (today - since).num_days();
                if days > checkin_days {
                    stale.push(StaleMetric {
                        key: i.key,
                        index: n + 1,
                        name: m.name.clone(),
                        last,
                        days,
                    });
                }
            }
        }
    }
    let mut unmeasurable = Vec::new();
    for i in initiatives
        .iter()
        .filter(|i| backlog.effective_lane(i) == Some(Lane::Now))
    {
        for (n, m) in i.metrics.iter().enumerate() {
            let missing = match (m.baseline.trim().is_empty(), m.target.trim().is_empty()) {
                (true, true) => "baseline and target",
                (true, false) => "baseline",
                (false, true) => "target",
                (false, false) => continue,
            };
            unmeasurable.push(UnmeasurableMetric {
                key: i.key,
                index: n + 1,
                name: m.name.clone(),
                missing,
            });
        }
    }
    MetricFindings {
        checkin_days,
        stale,
        unmeasurable,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::{CheckIn, Metric};

    fn initiative(num: i64, lane: Option<Lane>, metrics: Vec<Metric>) -> Item {
        let created = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
        let mut i = Item::new(Key::new(Kind::Initiative, num), "Goal", None, created).unwrap();
        i.lane = lane;
        i.metrics = metrics;
        i
    }

    fn metric(name: &str, baseline: &str, target: &str, checked: &[(u32, u32)]) -> Metric {
        Metric {
            name: name.into(),
            baseline: baseline.into(),
            target: target.into(),
            checkins: checked
                .iter()
                .map(|(m, d)| CheckIn {
                    date: NaiveDate::from_ymd_opt(2026, *m, *d).unwrap(),
                    value: "1".into(),
                    note: String::new(),
                })
                .collect(),
        }
    }

    fn findings(items: Vec<Item>, days: i64) -> MetricFindings {
        let backlog = Backlog::new(items);
        let visible: Vec<&Item> = backlog.items().iter().collect();
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
        metric_findings(&backlog, &visible, now, days)
    }

    #[test]
    fn a_metric_unchecked_past_the_threshold_is_stale_with_its_days() {
        let f = findings(
            vec![initiative(
                1,
                Some(Lane::Now),
                vec![
                    metric("Calls", "46", "20", &[(9, 1), (10, 1)]),
                    metric("Fresh", "1", "2", &[(11, 10)]),
                    metric("Never", "1", "2", &[]),
                ],
            )],
            30,
        );
        let shown: Vec<(usize, Option<NaiveDate>, i64)> =
            f.stale.iter().map(|s| (s.index, s.last, s.days)).collect();
        assert_eq!(
            shown,
            vec![
                (1, NaiveDate::from_ymd_opt(2026, 10, 1), 50),
                (3, None, 172)
            ]
        );
        assert_eq!(
            findings(f_items(), 60).stale.len(),
            1,
            "the threshold is configurable"
        );
    }

    fn f_items() -> Vec<Item> {
        vec![initiative(
            1,
            Some(Lane::Now),
            vec![
                metric("Calls", "46", "20", &[(9, 1), (10, 1)]),
                metric("Never", "1", "2", &[]),
            ],
        )]
    }

    #[test]
    fn a_backlog_that_never_checks_in_is_not_told_every_metric_is_stale() {
        let f = findings(
            vec![initiative(
                1,
                Some(Lane::Now),
                vec![metric("Calls", "46", "20", &[])],
            )],
            30,
        );
        assert!(f.stale.is_empty());
    }

    #[test]
    fn now_initiatives_whose_metrics_lack_a_baseline_or_target_are_named() {
        let f = findings(
            vec![
                initiative(
                    1,
                    Some(Lane::Now),
                    vec![
                        metric("No base", "", "20", &[]),
                        metric("Fine", "1", "2", &[]),
                        metric("Neither", " ", "", &[]),
                    ],
                ),
                initiative(2, Some(Lane::Next), vec![metric("Later", "", "", &[])]),
            ],
            30,
        );
        let shown: Vec<(i64, usize, &str)> = f
            .unmeasurable
            .iter()
            .map(|u| (u.key.num, u.index, u.missing))
            .collect();
        assert_eq!(
            shown,
            vec![(1, 1, "baseline"), (1, 3, "baseline and target")]
        );
    }
}
