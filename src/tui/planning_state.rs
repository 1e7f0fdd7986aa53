//! The planning figures the Roadmap and Ranked tabs show (Now's load
//! against capacity, the Now and Next epics' 85 % dates): computed by the
//! runtime from the store's history for one backlog revision and sort
//! model, asked for only when a tab showing them is open and the backlog
//! or the model changed since, never per key.

use std::sync::Arc;

use crate::domain::planning::{Planning, RoadmapPlanning};
use crate::domain::{Backlog, Model};

/// Which backlog and order the figures are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanFor {
    pub revision: u64,
    pub model: Model,
}

/// The figures to compute for one backlog as it was when asked for.
#[derive(Debug, Clone)]
pub struct PlanJob {
    pub backlog: Arc<Backlog>,
    pub model: Model,
}

impl PartialEq for PlanJob {
    fn eq(&self, other: &PlanJob) -> bool {
        Arc::ptr_eq(&self.backlog, &other.backlog) && self.model == other.model
    }
}

impl PlanJob {
    pub fn plan_for(&self) -> PlanFor {
        PlanFor {
            revision: self.backlog.revision(),
            model: self.model,
        }
    }
}

#[derive(Default)]
pub struct PlanningView {
    /// The latest figures (kept while newer ones are computed).
    pub planning: Option<Planning>,
    /// What the roadmap cards and the Ranked tab show of them.
    pub shown: Option<RoadmapPlanning>,
    /// What the latest request was for: asked once per revision and model.
    pub(super) asked: Option<PlanFor>,
    /// A request for update to hand to the runtime.
    pub(super) job: Option<PlanJob>,
}
