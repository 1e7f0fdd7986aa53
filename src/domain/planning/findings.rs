//! What the health audit says about planning.

use chrono::NaiveDate;
use serde::Serialize;

use super::Planning;
use crate::domain::key::Key;

/// What the health audit says about planning: an over-committed Now, and
/// the Now epics forecast to finish after Now ends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanningFindings {
    /// Whether there is a capacity to compare with (set, or measured).
    pub capacity_known: bool,
    pub over_committed: bool,
    /// `Now 142 / 120 pts — over by 18%`.
    pub headline: String,
    /// What the capacity was computed from.
    pub basis: String,
    /// What the dates were computed from, or why there are none.
    pub forecast: String,
    pub has_forecast: bool,
    pub now_ends: NaiveDate,
    pub late: Vec<LateEpic>,
}

/// A Now epic whose 85 % date falls after Now ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LateEpic {
    pub key: Key,
    pub p85: NaiveDate,
}

impl PlanningFindings {
    /// `fits`, `over-committed`, or `unknown` (no capacity to compare with).
    pub fn verdict(&self) -> &'static str {
        match (self.capacity_known, self.over_committed) {
            (false, _) => "unknown",
            (true, true) => "over-committed",
            (true, false) => "fits",
        }
    }
}

impl Planning {
    /// The audit's planning findings.
    pub fn findings(&self) -> PlanningFindings {
        PlanningFindings {
            capacity_known: self.capacity.available().is_some(),
            over_committed: self.capacity.is_over(),
            headline: self.capacity.headline(),
            basis: self.capacity.basis(),
            forecast: self.basis.line(),
            has_forecast: self.basis.is_forecast(),
            now_ends: self.horizon,
            late: self
                .late_in_now()
                .filter_map(|e| e.p85.map(|p85| LateEpic { key: e.key, p85 }))
                .collect(),
        }
    }
}
