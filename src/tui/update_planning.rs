//! `App::update` for the planning figures: asking for them when the
//! Roadmap, Ranked or Health tab shows a backlog (or sort model) they were
//! not computed for, and taking the answer (onto the roadmap cards, and
//! after the audit's rows on the Health tab).

use std::sync::Arc;

use super::app::{App, Tab};
use super::health_planning::planning_rows;
use super::planning_state::{PlanFor, PlanJob};
use crate::domain::planning::{Planning, RoadmapPlanning};

impl App {
    /// Asks for the figures of the backlog as it is now, if a tab showing
    /// them is open and they have not been asked for it yet.
    pub(super) fn ensure_planning(&mut self) {
        if !matches!(self.tab, Tab::Roadmap | Tab::Ranked | Tab::Health) || self.backlog.is_empty()
        {
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
                if self.add_health_planning() {
                    self.apply_health_filter();
                }
            }
            Err(msg) => self.error(format!("No capacity or forecasts: {msg}")),
        }
    }

    /// Puts the planning findings after the audit's rows on the Health
    /// tab (replacing older ones), once both are in. False when one of
    /// them is not.
    pub(super) fn add_health_planning(&mut self) -> bool {
        let (Some(health), Some(p)) = (self.health.health.as_mut(), &self.planning.planning) else {
            return false;
        };
        let findings = p.findings();
        let at = self.health.planning_at.min(self.health.all_rows.len());
        self.health.all_rows.truncate(at);
        let first = self
            .health
            .all_rows
            .iter()
            .filter_map(|r| r.section)
            .max()
            .map_or(0, |s| s + 1);
        let rows = planning_rows(&findings, &self.backlog, first);
        health.planning = Some(findings);
        self.health.all_rows.extend(rows);
        true
    }
}
