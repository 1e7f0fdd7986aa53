//! The write transaction callers see: a [`BackendTx`] with the generic
//! conveniences on top.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::backend::{BackendTx, Direction};
use super::error::Result;
use super::history::Stepped;
use crate::domain::planning::PlanningSettings;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item, Key, Kind};

/// An open write transaction. Dropped without being committed, it rolls back.
pub struct Tx<'a> {
    inner: Box<dyn BackendTx + 'a>,
}

impl<'a> Tx<'a> {
    pub(super) fn new(inner: Box<dyn BackendTx + 'a>) -> Tx<'a> {
        Tx { inner }
    }

    /// Commits; returns the id of the change recorded, if any.
    pub(super) fn commit(self) -> Result<Option<i64>> {
        self.inner.commit()
    }

    /// The time this change is recorded at.
    pub fn now(&self) -> DateTime<Utc> {
        self.inner.now()
    }

    /// The team's planning settings, as of this transaction.
    pub fn planning_settings(&self) -> Result<PlanningSettings> {
        self.inner.planning_settings()
    }

    /// Replaces the team's planning settings (not undoable).
    pub fn set_planning_settings(&mut self, settings: &PlanningSettings) -> Result<()> {
        self.inner.set_planning_settings(settings)
    }

    /// Ends the change recorded so far and starts another, named
    /// `summary` and recorded at `at` (see [`BackendTx::start_change`]).
    pub fn start_change(&mut self, summary: &str, at: DateTime<Utc>) -> Result<()> {
        self.inner.start_change(summary, at)
    }

    /// Replaces the change's summary (shown in history and by undo).
    pub fn set_summary(&mut self, summary: impl Into<String>) {
        self.inner.set_summary(summary.into());
    }

    /// Attaches a note to the change, e.g. why a rule was overridden.
    pub fn set_note(&mut self, note: impl Into<String>) {
        self.inner.set_note(note.into());
    }

    pub fn get(&self, key: Key) -> Result<Item> {
        self.inner.get(key)
    }

    pub fn exists(&self, key: Key) -> Result<bool> {
        self.inner.exists(key)
    }

    /// Every item, as of this transaction.
    pub fn load(&self) -> Result<Backlog> {
        self.inner.load()
    }

    pub fn is_empty(&self) -> Result<bool> {
        self.inner.is_empty()
    }

    /// Every item's dependencies.
    pub fn dependency_graph(&self) -> Result<HashMap<Key, Vec<Key>>> {
        self.inner.dependency_graph()
    }

    /// Allocates the next key of `kind`; keys are never reused.
    pub fn next_key(&mut self, kind: Kind) -> Result<Key> {
        let key = self.inner.next_key(kind)?;
        if key.num > Key::MAX_NUM {
            // The transaction is dropped with this error: nothing written.
            return Err(super::StoreError::Refused(format!(
                "no {} key left: the last one, {}, is taken",
                kind.as_str(),
                Key::new(kind, Key::MAX_NUM)
            )));
        }
        Ok(key)
    }

    /// The next key numbers per kind (for export).
    pub fn key_sequence(&self) -> Result<HashMap<Kind, i64>> {
        self.inner.key_sequence()
    }

    /// Makes sure the next key of `kind` is at least `next`.
    pub fn reserve_keys(&mut self, kind: Kind, next: i64) -> Result<()> {
        self.inner.reserve_keys(kind, next)
    }

    /// Stores a snapshot as it was taken (an import of an export). A name
    /// in use is refused.
    pub fn insert_snapshot(&mut self, snapshot: &Snapshot) -> Result<()> {
        self.inner.insert_snapshot(snapshot)
    }

    /// A rank after every sibling under `parent` (top level when `None`).
    pub fn next_rank(&self, parent: Option<Key>) -> Result<i64> {
        self.inner.next_rank(parent)
    }

    /// Stores a new item under its key (allocated with [`Tx::next_key`] or
    /// given by an import). Returns it as stored, at version 1.
    pub fn insert(&mut self, item: &Item) -> Result<Item> {
        self.inner.insert(item)
    }

    /// Inserts many items at once, parents before children (key order),
    /// then their dependencies, which may point at any of them. Each item
    /// is recorded in this change's history as created (so undo can take
    /// the whole import back).
    pub fn insert_all(&mut self, items: &[Item]) -> Result<()> {
        self.inner.insert_all(items)
    }

    /// Loads many items into an empty backlog without recording them in
    /// the history (a generated benchmark backlog: undo does not take it
    /// back, and `show --history` starts after it). Refused unless the
    /// backlog holds no items.
    pub fn bulk_load(&mut self, items: &[Item]) -> Result<()> {
        self.inner.bulk_load(items)
    }

    /// Loads `key`, lets `f` change it, and stores the result, all inside
    /// this transaction.
    pub fn modify(&mut self, key: Key, f: impl FnOnce(&mut Item) -> Result<()>) -> Result<Item> {
        let mut item = self.get(key)?;
        f(&mut item)?;
        self.update_owned(item)
    }

    /// Stores `item` over the stored one, provided the stored one is still
    /// at `item.version`; otherwise fails with
    /// [`StoreError::Stale`](super::StoreError::Stale). Returns the item as
    /// stored, with its new version.
    pub fn update(&mut self, item: &Item) -> Result<Item> {
        self.inner.update(item)
    }

    /// [`update`](Self::update) of an item the caller no longer needs
    /// (the store may drop it once written).
    pub fn update_owned(&mut self, item: Item) -> Result<Item> {
        self.inner.update_owned(item)
    }

    /// Deletes an item for good, with its history. Refused while it has
    /// children.
    pub fn purge(&mut self, key: Key) -> Result<Item> {
        self.inner.purge(key)
    }

    /// Deletes every item, decision, dependency, history row and roadmap
    /// snapshot (they picture a backlog that is gone), and resets the key
    /// sequence: the backlog is as new. Planning settings stay.
    pub fn wipe(&mut self) -> Result<()> {
        self.inner.wipe()
    }

    /// Reverts the latest live change that can still be undone; `None`
    /// when there is none.
    pub fn undo(&mut self) -> Result<Option<String>> {
        Ok(self.step_latest(Direction::Undo)?.summary)
    }

    /// Undoes (or redoes) the latest change that can still go that way,
    /// naming the ones passed over.
    pub fn step_latest(&mut self, direction: Direction) -> Result<Stepped> {
        self.inner.step(direction, None)
    }

    /// Reverts change `id` if it is live (e.g. the TUI undoing its own
    /// last change while other processes write too).
    pub fn undo_change(&mut self, id: i64) -> Result<Option<String>> {
        Ok(self.inner.step(Direction::Undo, Some(id))?.summary)
    }

    /// Re-applies change `id` if it is undone and still redoable.
    pub fn redo_change(&mut self, id: i64) -> Result<Option<String>> {
        Ok(self.inner.step(Direction::Redo, Some(id))?.summary)
    }

    /// Re-applies the latest undone change that can still be redone;
    /// `None` when there is none.
    pub fn redo(&mut self) -> Result<Option<String>> {
        Ok(self.step_latest(Direction::Redo)?.summary)
    }

    /// When the snapshot named `name` was taken, if there is one.
    pub(super) fn snapshot_taken(&self, name: &str) -> Result<Option<DateTime<Utc>>> {
        self.inner.snapshot_taken(name)
    }

    /// Deletes the snapshot named `name`; whether there was one.
    pub(super) fn delete_snapshot(&mut self, name: &str) -> Result<bool> {
        self.inner.delete_snapshot(name)
    }
}
