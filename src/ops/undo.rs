//! Undo and redo: of the latest change (the CLI), or of one given change
//! that this session made (the TUI).

use crate::store::{self, Result, Stepped, Store};

/// Reverts the most recent change not undone yet that can still be undone:
/// its summary (`None` when there is nothing to undo), and the newer ones
/// passed over because they never can be again.
pub fn undo_latest(store: &mut Store) -> Result<Stepped> {
    store.step_latest(store::Direction::Undo)
}

/// Re-applies the most recently undone change that can still be redone:
/// its summary or `None`, and the ones passed over.
pub fn redo_latest(store: &mut Store) -> Result<Stepped> {
    store.step_latest(store::Direction::Redo)
}

/// Which way to take a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Undo,
    Redo,
}

/// Undoes or redoes change `id`: its summary, or `None` when something
/// newer came first and it can no longer be taken back (or re-applied).
pub fn take(store: &mut Store, id: i64, direction: Direction) -> Result<Option<String>> {
    match direction {
        Direction::Undo => store.undo_change(id),
        Direction::Redo => store.redo_change(id),
    }
}
