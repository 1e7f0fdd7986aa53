//! `App::update` for acceptance criteria (focus, toggle, delete, reorder)
//! and for moving an item up or down among its siblings.

use super::action::Effect;
use super::app::{App, Focus, Mode, Tab};
use super::form::Confirm;
use super::keymap::Cmd;
use crate::domain::{Item, Kind};

impl App {
    /// `Tab` / `Enter` on a story: the focus between the list and the
    /// story's criteria.
    pub(super) fn toggle_focus(&mut self) {
        match self.focus {
            Focus::Criteria => self.focus = Focus::List,
            Focus::List => {
                let story = self
                    .selected_item()
                    .filter(|i| i.kind() == Kind::Story)
                    .map(|i| i.criteria.len());
                match story {
                    Some(n) if n > 0 => {
                        self.focus = Focus::Criteria;
                        self.criterion = self.criterion.min(n - 1);
                    }
                    Some(_) => self.info(format!(
                        "No acceptance criteria yet: press {} to add one",
                        self.keymap.hint(Cmd::AddCriterion)
                    )),
                    None => {}
                }
            }
        }
    }

    pub(super) fn toggle_criterion(&mut self) -> Vec<Effect> {
        if self.refine_needs_selection(Cmd::ToggleCriterion) {
            return vec![];
        }
        let Some(mut item) = self.target(Some(Kind::Story), "Acceptance criteria") else {
            return vec![];
        };
        if item.criteria.is_empty() {
            self.info(format!(
                "No acceptance criteria yet: press {} to add one",
                self.keymap.hint(Cmd::AddCriterion)
            ));
            return vec![];
        }
        let n = self.criterion.min(item.criteria.len() - 1) + 1;
        match item.toggle_criterion(n) {
            Ok(done) => {
                let summary = format!(
                    "{} criterion {n} {}",
                    item.key,
                    if done { "met" } else { "not met" }
                );
                vec![Effect::Save {
                    items: vec![item],
                    summary,
                }]
            }
            Err(e) => {
                self.error(e.to_string());
                vec![]
            }
        }
    }

    pub(super) fn delete_criterion(&mut self) {
        if self.focus != Focus::Criteria {
            self.info(format!(
                "{} to the criteria, then {} deletes the selected one",
                self.keymap.hint(Cmd::Focus),
                self.keymap.hint(Cmd::DeleteCriterion)
            ));
            return;
        }
        let Some(mut item) = self.target(Some(Kind::Story), "Acceptance criteria") else {
            return;
        };
        let n = self.criterion + 1;
        if let Ok(text) = item.remove_criterion(n) {
            let summary = format!("remove criterion {n} of {}", item.key);
            self.mode = Mode::Confirm(Confirm {
                message: format!("Delete criterion {n} of {}: “{}”?", item.key, text),
                effect: Effect::Save {
                    items: vec![item],
                    summary,
                },
            });
        }
    }

    /// In the Refine tab a criterion is acted on only once one is
    /// selected (the criteria have the focus); else a hint says how.
    fn refine_needs_selection(&mut self, cmd: Cmd) -> bool {
        if self.tab != Tab::Refine || self.focus == Focus::Criteria {
            return false;
        }
        let has = self.selected_item().is_some_and(|i| !i.criteria.is_empty());
        if has {
            self.info(format!(
                "{} selects a criterion ({} / {} move), then press {} again",
                self.keymap.hint(Cmd::Focus),
                self.keymap.hint(Cmd::Down),
                self.keymap.hint(Cmd::Up),
                self.keymap.hint(cmd),
            ));
            return true;
        }
        false
    }

    pub(super) fn reorder(&mut self, d: isize) -> Vec<Effect> {
        if self.refine_needs_selection(if d > 0 { Cmd::MoveDown } else { Cmd::MoveUp }) {
            return vec![];
        }
        if self.focus == Focus::Criteria {
            let Some(mut item) = self.target(Some(Kind::Story), "Acceptance criteria") else {
                return vec![];
            };
            let n = self.criterion + 1;
            let to = n as isize + d;
            if to < 1 || to as usize > item.criteria.len() {
                return vec![];
            }
            if item.move_criterion(n, to as usize).is_ok() {
                self.criterion = to as usize - 1;
                self.refine_follow_criterion();
                let summary = format!("reorder criteria of {}", item.key);
                return vec![Effect::Save {
                    items: vec![item],
                    summary,
                }];
            }
            return vec![];
        }
        if self.tab != Tab::Backlog {
            return vec![];
        }
        // Swap manual rank with the neighbouring sibling.
        let Some(item) = self.target(None, "reorder") else {
            return vec![];
        };
        let siblings: Vec<&Item> = match item.parent {
            Some(p) => self.backlog.children(p).filter(|c| !c.archived).collect(),
            None => self.backlog.roots().filter(|c| !c.archived).collect(),
        };
        let Some(pos) = siblings.iter().position(|s| s.key == item.key) else {
            return vec![];
        };
        let other = pos as isize + d;
        if other < 0 || other as usize >= siblings.len() {
            return vec![];
        }
        let mut a = item.clone();
        let mut b = siblings[other as usize].clone();
        if a.rank == b.rank {
            // Equal ranks: renumber the siblings so the swap is visible.
            let mut all: Vec<Item> = siblings.iter().map(|s| (*s).clone()).collect();
            for (i, s) in all.iter_mut().enumerate() {
                s.rank = i as i64 + 1;
            }
            all.swap(pos, other as usize);
            for (i, s) in all.iter_mut().enumerate() {
                s.rank = i as i64 + 1;
            }
            return vec![Effect::Save {
                items: all,
                summary: format!("move {} {}", item.key, if d > 0 { "down" } else { "up" }),
            }];
        }
        std::mem::swap(&mut a.rank, &mut b.rank);
        vec![Effect::Save {
            items: vec![a, b],
            summary: format!("move {} {}", item.key, if d > 0 { "down" } else { "up" }),
        }]
    }
}
