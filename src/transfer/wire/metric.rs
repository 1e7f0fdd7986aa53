//! A success metric as a roadmap shows it: its figures, its check-ins, and
//! where it stands (the latest value and the progress toward the target).
//! The check-ins and the standing are absent when the metric has none, so a
//! roadmap written before check-ins existed reads and writes back the same.

use serde::{Deserialize, Serialize};

use super::item::CheckInV1;
use crate::domain::Metric;
use crate::domain::progress::standing;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadmapMetricV1 {
    pub name: String,
    #[serde(default)]
    pub baseline: String,
    #[serde(default)]
    pub target: String,
    /// Oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkins: Vec<CheckInV1>,
    /// The latest check-in's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// From baseline (0) toward target (1); absent when it cannot be
    /// computed (figures missing, not numbers, or in different units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
}

impl From<&Metric> for RoadmapMetricV1 {
    fn from(m: &Metric) -> Self {
        let now = standing(m);
        RoadmapMetricV1 {
            name: m.name.clone(),
            baseline: m.baseline.clone(),
            target: m.target.clone(),
            checkins: m.checkins.iter().map(CheckInV1::from).collect(),
            current: now.latest.map(|c| c.value.clone()),
            progress: now.progress,
        }
    }
}

/// The standing is worked out again from the check-ins, not read back.
impl From<RoadmapMetricV1> for Metric {
    fn from(m: RoadmapMetricV1) -> Self {
        Metric {
            name: m.name,
            baseline: m.baseline,
            target: m.target,
            checkins: m.checkins.into_iter().map(Into::into).collect(),
        }
    }
}
