//! The change history as callers see it.

use chrono::{DateTime, Utc};

use std::collections::HashMap;

use crate::domain::{Item, Key};

/// One recorded command.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub summary: String,
    pub note: Option<String>,
    /// Reverted by undo (and not redone).
    pub undone: bool,
    /// Who made it: on a server the database role, with the application
    /// name when one was set (`alice (sprint-bot)`); on a file the
    /// operating-system user. `None` for changes recorded before authors
    /// were.
    pub author: Option<String>,
}

/// The query behind `authors_since` on both backends (`$1`: the time, in
/// the backend's own form): the author of each history row of
/// the changes `changed_since` counts, oldest first.
pub const AUTHORS_SINCE_SQL: &str = "SELECT h.item_key, c.author FROM history h \
     JOIN changes c ON c.id = h.change_id \
     WHERE c.at >= $1 AND c.state = 0 AND c.author IS NOT NULL \
     AND (SELECT count(*) FROM history b WHERE b.change_id = c.id AND b.before IS NULL) <= 1 \
     ORDER BY c.id, h.id";

/// One item's key and one author of a change to it, as read.
pub struct Authored {
    pub key: String,
    pub author: String,
}

/// Each item's authors, each once, in the order read.
pub fn authors_by_key(rows: Vec<Authored>) -> HashMap<Key, Vec<String>> {
    let mut out: HashMap<Key, Vec<String>> = HashMap::new();
    for r in rows {
        let Ok(key) = r.key.parse::<Key>() else {
            continue;
        };
        let authors = out.entry(key).or_default();
        if !authors.contains(&r.author) {
            authors.push(r.author);
        }
    }
    out
}

/// What an undo or redo did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stepped {
    /// The summary of the change taken back or applied again; `None` when
    /// there was none to take.
    pub summary: Option<String>,
    /// Changes passed over because they can never be taken that way again
    /// (an item they need was deleted for good, a newer change of one of
    /// their items can never be, or what they changed is gone so that
    /// taking them would change nothing), one line each, in the order met.
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
