//! An item's history in a popup (`v`): each recorded change with its
//! time, its author (on a server the database role, plus the application
//! name; on a file the operating-system user) and its summary, newest
//! first, as `backlog show --history` records them. Read from the store
//! when opened; scrolled with the help's keys (`update_popups.rs`).

use chrono::{DateTime, Utc};

use super::action::Effect;
use super::app::{App, Mode};
use crate::domain::Key;
use crate::store::HistoryEntry;

/// One recorded change of the item.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryLine {
    pub at: DateTime<Utc>,
    /// `None` for changes recorded before authors were.
    pub author: Option<String>,
    pub summary: String,
    pub note: Option<String>,
    pub undone: bool,
    /// The change created the item.
    pub created: bool,
}

/// The popup's state: whose history, its changes newest first, and how
/// far it is scrolled.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemHistory {
    pub key: Key,
    pub lines: Vec<HistoryLine>,
    pub scroll: u16,
}

impl ItemHistory {
    /// The popup for `key` from the store's entries (oldest first).
    pub fn new(key: Key, entries: &[HistoryEntry]) -> ItemHistory {
        let lines = entries
            .iter()
            .rev()
            .map(|e| HistoryLine {
                at: e.change.at,
                author: e.change.author.clone(),
                summary: e.change.summary.clone(),
                note: e.change.note.clone(),
                undone: e.change.undone,
                created: e.before.is_none(),
            })
            .collect();
        ItemHistory {
            key,
            lines,
            scroll: 0,
        }
    }
}

impl App {
    /// `v`: asks the store for the selected item's history.
    pub(super) fn open_history(&mut self) -> Vec<Effect> {
        match self.selected_key() {
            Some(key) => vec![Effect::LoadHistory { key }],
            None => {
                self.info("Select an item to see its history");
                vec![]
            }
        }
    }

    /// The history read from the store: shown unless the user has moved
    /// on to a dialog meanwhile.
    pub(super) fn history_loaded(&mut self, history: ItemHistory) -> Vec<Effect> {
        if matches!(self.mode, Mode::Normal | Mode::Help { .. }) {
            self.mode = Mode::History(history);
        }
        vec![]
    }
}
