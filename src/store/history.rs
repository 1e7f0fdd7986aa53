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

/// What one change did to one item: its state before and after
/// (`None`: it did not exist).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub change: Change,
    pub before: Option<Item>,
    pub after: Option<Item>,
}
