//! The Insights tab's state: the live customer insights, the inbox (linked
//! to nothing) first, then the linked ones, newest first in each; what its
//! pickers choose and the writes its triage keys ask for.

use super::form::Pin;
use super::tab_state::ListState;
use crate::domain::{Backlog, Key};

/// The Insights tab: its rows (insight keys) and selection.
#[derive(Debug, Clone, Default)]
pub struct InsightsView {
    /// Live insights, in the order `backlog insight list` prints them.
    pub rows: Vec<Key>,
    /// How many of `rows` (from the top) wait in the inbox.
    pub inbox: usize,
    pub state: ListState,
}

impl InsightsView {
    /// The key of the selected insight.
    pub fn selected_key(&self) -> Option<Key> {
        self.rows.get(self.state.selected).copied()
    }

    /// The rows for `backlog`, keeping the selection on the same insight
    /// if it is still there, except that an inbox insight just linked (or
    /// archived) leaves its place to the next one: triage goes on down the
    /// inbox.
    pub fn rebuild(&mut self, backlog: &Backlog, height: usize) {
        let selected = self.selected_key();
        let was_in_inbox = self.state.selected < self.inbox;
        let live = crate::ops::insights::list(backlog, &Default::default());
        self.inbox = live.iter().filter(|i| i.depends_on.is_empty()).count();
        self.rows = live.iter().map(|i| i.key).collect();
        if let Some(k) = selected
            && let Some(n) = self.rows.iter().position(|r| *r == k)
            && !(was_in_inbox && n >= self.inbox)
        {
            self.state.selected = n;
        }
        self.state.clamp(self.rows.len(), height);
    }
}

/// What a picker opened on the Insights tab chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsightPick {
    /// An item to link the insight to.
    Link(Pin),
    /// One of the insight's links to remove.
    Unlink(Pin),
    /// One of the insight's linked items to go to.
    Jump,
}

/// A write the Insights tab asks for, run through `ops::insights` (as the
/// `backlog insight` commands do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsightWrite {
    Link { insight: Key, target: Key },
    Unlink { insight: Key, target: Key },
    Archive { insight: Key },
}
