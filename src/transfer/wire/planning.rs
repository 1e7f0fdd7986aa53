//! The team's planning settings in a backlog document (version 1): what
//! the Now lane stands for in weeks and the team's capacity in points per
//! week (absent: measured). Written only when they differ from the
//! defaults, so a backlog that never set them exports as before.

use serde::{Deserialize, Serialize};

use crate::domain::error::DomainError;
use crate::domain::planning::PlanningSettings;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanningV1 {
    pub now_weeks: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_per_week: Option<f64>,
}

impl PlanningV1 {
    /// The settings a document carries; `None` for the defaults.
    pub fn of(s: &PlanningSettings) -> Option<PlanningV1> {
        (!s.is_default()).then_some(PlanningV1 {
            now_weeks: s.now_weeks,
            points_per_week: s.points_per_week,
        })
    }

    /// The settings, checked against their ranges.
    pub fn settings(&self) -> Result<PlanningSettings, DomainError> {
        PlanningSettings::new(self.now_weeks, self.points_per_week)
    }
}
