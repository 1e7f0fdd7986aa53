//! The SQL a backend gives the undo rules ([`UndoSql`]), and what it
//! answers in.

use chrono::{DateTime, Utc};

use crate::domain::key::KeyMap;
use crate::domain::{Item, Key};
use crate::store::backend::Direction;
use crate::store::error::StoreError;

/// A change to undo or redo, as stored.
pub struct Found {
    pub id: i64,
    pub summary: String,
    /// Recorded by a bulk insertion, without the items' states.
    pub bulk: bool,
    /// An undo passed it over already and said so (its note, see
    /// [`passed_over`]): it is passed over again without a word.
    pub passed_over: bool,
}

/// The note an undo adds to a change it passes over for good, so that it
/// says so once (see `step_change`).
pub const PASSED_OVER: &str = "passed over by undo: ";

/// Whether a change's `note` says an undo passed it over for good.
pub fn passed_over(note: Option<&str>) -> bool {
    note.is_some_and(|n| n.contains(PASSED_OVER))
}

/// One history row of a change, as stored.
pub struct HistoryRow {
    /// The history row's own id.
    pub row: i64,
    /// The item's row id (kept across delete and re-insert).
    pub id: i64,
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The state of a command's change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeState {
    Live,
    Undone,
    /// Undone, then superseded by a newer change: no longer redoable.
    Superseded,
}

/// What to do with the savepoint around one change's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Savepoint {
    Begin,
    /// The step is kept.
    Release,
    /// Everything since `Begin` is undone.
    RollBack,
}

/// Which change a step takes (of those in the state it moves from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The change with this id, whatever it did.
    Exactly(i64),
    /// Undo: the newest that recorded item rows, below this id if given.
    NewestBefore(Option<i64>),
    /// Redo: the oldest (undone changes form a stack), above this id if
    /// given.
    OldestAfter(Option<i64>),
}

/// What a backend read in one pass for a big change, instead of asking
/// item by item (see [`UndoSql::prefetch`]).
#[derive(Default)]
pub struct Prefetch {
    /// The items of the change's keys that exist now, each with its
    /// parent, dependencies and decisions (a key left out has no item).
    pub items: KeyMap<Item>,
    /// Of each key of the change with a history row after it, the
    /// `before` of the first such row, read as an item (only needed, and
    /// only read, for the change's rows without states).
    pub next_before: KeyMap<Option<Item>>,
    /// Redo only: how many history rows each key of the change has.
    pub history_counts: KeyMap<i64>,
}

/// How deleting an item went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    Done,
    /// Refused by the database: children or dependents point at it.
    Held,
}

/// The SQL of one backend, in the terms of the rules.
pub trait UndoSql {
    type Error: From<StoreError>;

    /// The command's change in state `from` that `pick` names.
    fn find_change(&mut self, from: ChangeState, pick: Pick) -> Result<Option<Found>, Self::Error>;

    /// The history rows of change `change`, in recorded order.
    fn history_rows(&mut self, change: i64) -> Result<Vec<HistoryRow>, Self::Error>;

    /// The `before` of the first history row of `key` after change
    /// `change` (`None`: there is none).
    fn next_before(&mut self, key: Key, change: i64)
    -> Result<Option<Option<String>>, Self::Error>;

    /// Writes `after` into history row `row`.
    fn write_after(&mut self, row: i64, after: &str) -> Result<(), Self::Error>;

    fn set_state(&mut self, change: i64, state: ChangeState) -> Result<(), Self::Error>;

    /// Adds `note` to change `change`'s note (after what it holds).
    fn add_note(&mut self, change: i64, note: &str) -> Result<(), Self::Error>;

    fn savepoint(&mut self, op: Savepoint) -> Result<(), Self::Error>;

    /// The item with key `key` now, if there is one.
    fn current(&mut self, key: Key) -> Result<Option<Item>, Self::Error>;

    fn present(&mut self, key: Key) -> Result<bool, Self::Error>;

    /// The keys of the children and dependents of row `id`.
    fn held_by(&mut self, id: i64) -> Result<Vec<Key>, Self::Error>;

    fn delete(&mut self, id: i64) -> Result<Deleted, Self::Error>;

    /// The time the step is taken at (the items' `updated`).
    fn moment(&self) -> DateTime<Utc>;

    /// Writes `target`'s parent and title over row `id` if it is still at
    /// `version`, with the next version and [`UndoSql::moment`] as its
    /// `updated`; whether it was.
    fn update_row(&mut self, id: i64, version: i64, target: &Item) -> Result<bool, Self::Error>;

    /// Writes every other field of `item` (and its dependencies and
    /// decisions) into row `id`.
    fn rewrite_fields(&mut self, id: i64, item: &Item) -> Result<(), Self::Error>;

    /// How many history rows item `key` has.
    fn history_count(&mut self, key: Key) -> Result<i64, Self::Error>;

    /// Inserts `item` whole under row id `id`.
    fn insert_at(&mut self, id: i64, item: &Item) -> Result<(), Self::Error>;

    /// Starts the change that records a step of change `stepped`;
    /// returns its id.
    fn new_record(&mut self, summary: &str, stepped: i64) -> Result<i64, Self::Error>;

    /// Records the step's effect on one item under change `record`.
    fn record_row(
        &mut self,
        record: i64,
        id: i64,
        key: Key,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<(), Self::Error>;

    /// What [`UndoSql::current`],
    /// [`UndoSql::next_before`] and (redo) [`UndoSql::history_count`]
    /// would answer for each of its keys, read in one pass before
    /// anything is written. `None` (the default): the rules ask item by
    /// item.
    fn prefetch(
        &mut self,
        _change: i64,
        _direction: Direction,
    ) -> Result<Option<Prefetch>, Self::Error> {
        Ok(None)
    }

    /// Takes a bulk insertion `found` back (undo) or again (redo) whole,
    /// when it can tell in a few statements that the step by the rules
    /// would do exactly that (no item changed since but by taking this
    /// same change back and forth, none held by an item that stays, no
    /// parent or link missing): the same items, states, versions, record
    /// and history as the rules', written set by set. `Some(changed)`:
    /// taken; `None` (the default): the rules take it item by item.
    fn bulk_step(
        &mut self,
        _found: &Found,
        _direction: Direction,
    ) -> Result<Option<bool>, Self::Error> {
        Ok(None)
    }

    /// Marks change `record` (the record of a step) as a bulk change, so
    /// that the rows of the items it creates may hold no state: each is
    /// read back as a bulk insertion's is (the `before` of the item's next
    /// row, or the item). `false` (the default): every state is written.
    fn mark_bulk(&mut self, _record: i64) -> Result<bool, Self::Error> {
        Ok(false)
    }
}
