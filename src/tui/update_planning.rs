//! `App::update` for the planning figures: asking for them when the
//! Roadmap or Ranked tab shows a backlog (or sort model) they were not
//! computed for, and taking the answer.

use std::sync::Arc;

use super::app::{App, Tab};
use super::planning_state::{PlanFor, PlanJob};
use crate::domain::planning::{Planning, RoadmapPlanning};

impl App {
    /// Asks for the figures of the backlog as it is now, if a tab showing
    /// them is open and they have not been asked for it yet.
    pub(super) fn ensure_planning(&mut self) {
        if !matches!(self.tab, Tab::Roadmap | Tab::Ranked) || self.backlog.is_empty() {
            return;
        }
        let now = PlanFor {
            revision: self.backlog.revision(),
            model: self.model,
        };
        if self.planning.asked == Some(now) {
            return;
        }
        self.planning.asked = Some(now);
        self.planning.job = Some(PlanJob {
            backlog: Arc::clone(&self.backlog),
            model: self.model,
        });
    }

    /// The figures for `plan_for` are back: kept (and put on the roadmap)
    /// unless a newer request is out.
    pub(super) fn planned(&mut self, plan_for: PlanFor, result: Result<Planning, String>) {
        if self.planning.asked != Some(plan_for) {
            return;
        }
        match result {
            Ok(p) => {
                self.planning.shown = Some(RoadmapPlanning::of(&p));
                self.planning.planning = Some(p);
            }
            Err(msg) => self.error(format!("No capacity or forecasts: {msg}")),
        }
    }
}
