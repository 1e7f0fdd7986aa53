//! Commands while a popup that only scrolls shows: the `?` help and an
//! item's history. The help's scroll keys scroll it, quitting quits, any
//! other command closes it.

use super::action::Effect;
use super::app::{App, Mode};
use super::keymap::Cmd;
use super::layout;

impl App {
    /// `None` when no such popup shows (the command is the lists').
    pub(super) fn popup_command(&mut self, cmd: Cmd) -> Option<Vec<Effect>> {
        let lines = match &self.mode {
            Mode::Help { .. } => super::help::line_count(),
            Mode::History(h) => h.lines.len(),
            _ => return None,
        };
        let max = layout::help_max_scroll(self.size, lines);
        let page = layout::help_visible(self.size).saturating_sub(1).max(1) as u16;
        let scroll = match &mut self.mode {
            Mode::Help { scroll } => scroll,
            Mode::History(h) => &mut h.scroll,
            _ => return None,
        };
        match cmd {
            Cmd::HelpDown => *scroll = scroll.saturating_add(1).min(max),
            Cmd::HelpUp => *scroll = scroll.saturating_sub(1),
            Cmd::HelpPageDown => *scroll = scroll.saturating_add(page).min(max),
            Cmd::HelpPageUp => *scroll = scroll.saturating_sub(page),
            Cmd::Quit => return Some(self.quit()),
            _ => self.mode = Mode::Normal,
        }
        Some(vec![])
    }
}
