//! `App::update` for the Health tab: a one-screen summary (one line per
//! finding with its count); `Enter` / `l` opens a finding into its items,
//! `Enter` on an item jumps to it, `Esc` comes back (a back-stack). And
//! its own filter: `/` there narrows the audit's rows (a figure stays
//! while one of its items matches) and leaves the other tabs alone.

use super::app::{App, Focus, Tab};
use super::tab_state::{BackTo, HealthRow};

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

    /// `Enter` / `l` on the Health tab: opens the selected finding, or
    /// jumps to the selected item (`Esc` comes back).
    pub(super) fn health_open(&mut self) {
        let Some(row) = self.health.rows.get(self.health.state.selected).cloned() else {
            return;
        };
        if let Some(k) = row.key {
            self.back.push(BackTo {
                tab: Tab::Health,
                health_open: self.health.open,
                health_selected: self.health.state.selected,
            });
            self.tab = Tab::Backlog;
            self.focus = Focus::List;
            self.select_tree_key(k);
            self.clamp_lists();
            return;
        }
        if let Some(s) = row.section
            && self.health.open != Some(s)
            && self.health.filter.trim().is_empty()
        {
            self.health.open = Some(s);
            self.health.state = Default::default();
            self.apply_health_filter();
            // On the first item, when there is one.
            if self.health.rows.len() > 1 {
                self.health.state.selected = 1;
            }
        }
    }

    /// `Esc` / `h` on an opened finding: back to the summary, on its line.
    /// False when no finding is open.
    pub(super) fn health_close(&mut self) -> bool {
        let Some(s) = self.health.open.take() else {
            return false;
        };
        self.apply_health_filter();
        if let Some(i) = self.health.rows.iter().position(|r| r.section == Some(s)) {
            self.health.state.selected = i;
        }
        let h = self.list_height();
        self.health.state.clamp(self.health.rows.len(), h);
        true
    }

    /// `Esc` with nothing else to undo: back to where the last jump came
    /// from. False when the back-stack is empty.
    pub(super) fn go_back(&mut self) -> bool {
        let Some(b) = self.back.pop() else {
            return false;
        };
        if b.tab == Tab::Health {
            self.health.open = b.health_open;
            self.health.state.selected = b.health_selected;
        }
        self.switch_tab(b.tab);
        true
    }

    /// Narrows the audit's rows to those matching the Health filter: an
    /// item's row when its text or title matches, a figure's heading when
    /// it or one of its items does.
    pub(super) fn apply_health_filter(&mut self) {
        let q = self.health.filter.trim().to_lowercase();
        if q.is_empty() {
            // The one-screen summary, or the finding opened from it.
            let open = self.health.open;
            self.health.rows = self
                .health
                .all_rows
                .iter()
                .filter(|r| match open {
                    None => r.summary,
                    Some(s) => r.section == Some(s),
                })
                .cloned()
                .collect();
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
