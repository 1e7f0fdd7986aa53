//! A success metric as `show --json`, `list --json` and `metric history
//! --json` print it: its figures, its check-ins (oldest first), the latest
//! value and the progress from baseline (0) toward target (1), `null` when
//! it cannot be computed.

use serde::Serialize;

use crate::domain::Metric;
use crate::domain::progress::standing;

#[derive(Debug, Serialize)]
pub struct MetricJson<'a> {
    pub name: &'a str,
    pub baseline: &'a str,
    pub target: &'a str,
    pub checkins: Vec<CheckInJson<'a>>,
    pub current: Option<&'a str>,
    pub progress: Option<f64>,
}

/// `{"date": "2026-11-23", "value": "33", "note": …}`.
#[derive(Debug, Serialize)]
pub struct CheckInJson<'a> {
    pub date: String,
    pub value: &'a str,
    pub note: &'a str,
}

impl<'a> MetricJson<'a> {
    pub fn new(m: &'a Metric) -> MetricJson<'a> {
        let now = standing(m);
        MetricJson {
            name: &m.name,
            baseline: &m.baseline,
            target: &m.target,
            checkins: m
                .checkins
                .iter()
                .map(|c| CheckInJson {
                    date: c.date.to_string(),
                    value: &c.value,
                    note: &c.note,
                })
                .collect(),
            current: now.latest.map(|c| c.value.as_str()),
            progress: now.progress,
        }
    }
}
