//! Panels drawn over the current tab's body, for what the lists cannot
//! show or fix: an initiative's success metrics (`O`) and the archived
//! items (`A`). One is open at a time; its keys are its own scope's
//! (see `keymap`), other commands close it and run as usual.

use super::action::Effect;
use super::app::{App, Mode, Tab};
use super::keymap::{Cmd, Scope};
use super::layout;
use super::tab_state::ListState;
use crate::domain::Key;

/// An open panel.
pub enum Panel {
    /// The success metrics of an initiative.
    Metrics(MetricsPanel),
    /// Every archived item.
    Archive(ArchivePanel),
}

pub struct MetricsPanel {
    /// The initiative.
    pub key: Key,
    /// The selected metric (from 0).
    pub selected: usize,
}

pub struct ArchivePanel {
    /// The items archived themselves (not those only under one), newest
    /// change first.
    pub rows: Vec<Key>,
    pub state: ListState,
}

impl Panel {
    /// The keymap scope of the panel's own keys.
    pub fn scope(&self) -> Scope {
        match self {
            Panel::Metrics(_) => Scope::Metrics,
            Panel::Archive(_) => Scope::Archive,
        }
    }
}

impl App {
    /// The keymap scopes while a panel is open: its own, then the tab's.
    pub(super) fn panel_scopes(&self) -> Option<Vec<Scope>> {
        let panel = self.panel.as_ref()?;
        let mut scopes = vec![panel.scope()];
        match self.tab {
            Tab::Refine => scopes.push(Scope::Refine),
            Tab::Roadmap => scopes.push(Scope::Roadmap),
            _ => {}
        }
        scopes.push(Scope::Global);
        Some(scopes)
    }

    /// Rows a panel's list has on screen.
    pub(super) fn panel_height(&self) -> usize {
        layout::list_rows(self.size, Tab::Backlog)
    }

    /// A command while a panel is open: `Some` when the panel handled it.
    /// Undo, redo, a check-in, help, the palette, the theme and quitting
    /// work over the panel; any other command closes it and runs as usual (`None`).
    pub(super) fn panel_command(&mut self, cmd: Cmd) -> Option<Vec<Effect>> {
        if !matches!(self.mode, Mode::Normal) {
            return None;
        }
        let panel = self.panel.as_ref()?;
        if cmd.scope() == panel.scope() {
            return Some(match panel {
                Panel::Metrics(_) => self.metrics_command(cmd),
                Panel::Archive(_) => self.archive_command(cmd),
            });
        }
        match cmd {
            Cmd::Undo
            | Cmd::Redo
            | Cmd::CheckIn
            | Cmd::Help
            | Cmd::Palette
            | Cmd::Theme
            | Cmd::SwitchModel
            | Cmd::Quit => None,
            c if c.scope().is_modal() => None,
            _ => {
                self.panel = None;
                None
            }
        }
    }

    /// The panel again after the backlog changed.
    pub(super) fn refresh_panel(&mut self) {
        match &self.panel {
            Some(Panel::Metrics(_)) => self.refresh_metrics(),
            Some(Panel::Archive(_)) => self.refresh_archive(),
            None => {}
        }
    }

    /// Moves the panel's selection (the mouse wheel).
    pub(super) fn panel_move(&mut self, d: isize) {
        let height = self.panel_height();
        match &mut self.panel {
            Some(Panel::Metrics(m)) => {
                let n = self
                    .backlog
                    .get(m.key)
                    .map_or(0, |i| i.metrics.len())
                    .max(1);
                m.selected = (m.selected as isize + d).clamp(0, n as isize - 1) as usize;
            }
            Some(Panel::Archive(a)) => a.state.move_by(d, a.rows.len(), height),
            None => {}
        }
    }
}
