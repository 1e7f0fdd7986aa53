//! The change history as callers see it.

use chrono::{DateTime, Utc};

use crate::domain::Item;

/// One recorded command.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub summary: String,
    pub note: Option<String>,
    /// Reverted by undo (and not redone).
    pub undone: bool,
}

/// What an undo or redo did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stepped {
    /// The summary of the change taken back or applied again; `None` when
    /// there was none to take.
    pub summary: Option<String>,
    /// The change was taken but changed no item: what it changed is gone
    /// (a link to an item deleted for good). Nothing got a new version.
    pub unchanged: bool,
    /// Changes passed over because they can never be taken that way again
    /// (an item they need was deleted for good, or a newer change of one
    /// of their items can never be), one line each, in the order met.
    pub skipped: Vec<String>,
}

/// What one change did to one item: its state before and after
/// (`None`: it did not exist).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub change: Change,
    pub before: Option<Item>,
    pub after: Option<Item>,
}
