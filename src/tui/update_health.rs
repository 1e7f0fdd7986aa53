//! `App::update` for the Health tab's own filter: `/` there narrows the
//! audit's rows (a figure stays while one of its items matches) and leaves
//! the other tabs alone.

use super::app::{App, Tab};
use super::tab_state::HealthRow;

impl App {
    /// The filter of the tab showing: the Health tab has its own.
    pub fn shown_filter(&self) -> &str {
        if self.tab == Tab::Health {
            &self.health.filter
        } else {
            &self.filter
        }
    }

    /// The filter of the tab showing, to type into.
    pub(super) fn filter_mut(&mut self) -> &mut String {
        if self.tab == Tab::Health {
            &mut self.health.filter
        } else {
            &mut self.filter
        }
    }

    /// The filter changed: the rows of the tab showing follow.
    pub(super) fn filter_changed(&mut self) {
        if self.tab == Tab::Health {
            self.health.state = Default::default();
            self.apply_health_filter();
        } else {
            self.tree.state = Default::default();
            self.ranked.reset_selection();
            self.refresh_rows();
        }
    }

    /// Narrows the audit's rows to those matching the Health filter: an
    /// item's row when its text or title matches, a figure's heading when
    /// it or one of its items does.
    pub(super) fn apply_health_filter(&mut self) {
        let q = self.health.filter.trim().to_lowercase();
        if q.is_empty() {
            self.health.rows = self.health.all_rows.clone();
        } else {
            let backlog = &self.backlog;
            let hit = |r: &HealthRow| {
                r.text.to_lowercase().contains(&q)
                    || r.key
                        .and_then(|k| backlog.get(k))
                        .is_some_and(|i| i.title.to_lowercase().contains(&q))
            };
            let mut rows = Vec::new();
            let mut group: Vec<HealthRow> = Vec::new();
            let mut group_hit = false;
            let flush = |rows: &mut Vec<HealthRow>, group: &mut Vec<HealthRow>, hit: bool| {
                if hit {
                    rows.append(group);
                }
                group.clear();
            };
            for r in &self.health.all_rows {
                if r.heading {
                    flush(&mut rows, &mut group, group_hit);
                    group_hit = hit(r);
                    group.push(r.clone());
                } else if hit(r) {
                    group_hit = true;
                    group.push(r.clone());
                }
            }
            flush(&mut rows, &mut group, group_hit);
            self.health.rows = rows;
        }
        let h = self.list_height();
        self.health.state.clamp(self.health.rows.len(), h);
    }
}
