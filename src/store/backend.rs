//! What a storage engine implements to hold backlogs: [`Backend`] for an
//! open backlog, [`BackendTx`] for one write transaction in it.
//!
//! Both traits are object-safe: a [`Store`](super::Store) holds a
//! `Box<dyn Backend>`, and its [`Tx`](super::Tx) a `Box<dyn BackendTx>`.
//! The generic conveniences callers use (`Store::write<T>`, `Tx::modify`)
//! live on those wrappers, written once over these methods.
//!
//! Every method keeps the promises that `tests/store_contract.rs` checks;
//! a new backend runs that suite. The ones easiest to miss:
//!
//! - **One transaction per write.** [`Backend::begin`] starts it and takes
//!   whatever lock makes it the only writer (SQLite: `BEGIN IMMEDIATE`),
//!   so the caller's closure runs exactly once and never sees a
//!   serialization failure half-way; dropping the [`BackendTx`] without
//!   [`BackendTx::commit`] rolls everything back. A read-only backlog
//!   refuses `begin` with [`StoreError::ReadOnly`](super::StoreError).
//! - **Version checks.** [`BackendTx::update`] writes only over the version
//!   the item carries, else fails with `StoreError::Stale`, nothing
//!   written; every stored change moves the version up by one.
//! - **History.** Each write transaction that changes items records one
//!   change (its summary, note and time) with each item's state before and
//!   after, through the stored formats of [`super::format`]; undo and redo
//!   take changes back and forth, also from other handles and processes,
//!   and refuse when an item changed since.
//! - **Keys** are allocated under the write lock and never reused.
//! - **Change token.** [`Backend::change_token`] moves when another handle
//!   commits (it may stay for this handle's own writes): SQLite reads
//!   `PRAGMA data_version`; a server backend may count notifications.
//!   A server backend may also push other clients' commits as they happen
//!   ([`Backend::listen`]).
//! - **Errors** are [`StoreError`](super::StoreError)s a user can act on:
//!   engine errors are converted inside the backend's module.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::error::{Result, StoreError};
use super::feed::ChangeFeed;
use super::history::{HistoryEntry, Stepped};
use super::snapshots::SnapshotInfo;
use crate::domain::forecast::Completion;
use crate::domain::planning::PlanningSettings;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item, Key, Kind};

/// An opaque mark of the backlog's state as seen by other handles: equal
/// tokens mean nothing was committed elsewhere in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeToken(pub i64);

/// Which way a change is stepped: taken back or applied again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Undo,
    Redo,
}

impl Direction {
    /// The word used in messages ("cannot undo …").
    pub fn verb(self) -> &'static str {
        match self {
            Direction::Undo => "undo",
            Direction::Redo => "redo",
        }
    }
}

/// An open backlog in one storage engine.
pub trait Backend: Send {
    /// Where the backlog lives, for messages (never with a secret in it).
    fn path(&self) -> &Path;

    /// Whether every write is refused.
    fn is_read_only(&self) -> bool;

    /// The refusal of a write to a read-only backlog, naming why it is
    /// read-only and what to do.
    fn read_only_error(&self) -> StoreError {
        StoreError::ReadOnly(self.path().to_path_buf())
    }

    /// When opening upgraded the schema: the version it had, and the copy
    /// of the backlog as it was.
    fn upgraded_from(&self) -> Option<(i64, &Path)> {
        None
    }

    /// Every item, archived ones included, as of one commit.
    fn load(&self) -> Result<Backlog>;

    /// The outline of [`Store::load_outline`](super::Store::load_outline).
    fn load_outline(&self) -> Result<Backlog>;

    /// What [`Store::load_for_roadmap`](super::Store::load_for_roadmap)
    /// promises.
    fn load_for_roadmap(&self) -> Result<Backlog>;

    /// What [`Store::load_for_list`](super::Store::load_for_list)
    /// promises; a backend without a leaner read gives the full load.
    fn load_for_list(&self) -> Result<Backlog> {
        self.load()
    }

    /// What [`Store::load_for_health`](super::Store::load_for_health)
    /// promises; a backend without a leaner read gives the full load.
    fn load_for_health(&self) -> Result<Backlog> {
        self.load()
    }

    /// Every item and the next key number of each kind, as of one commit.
    fn load_with_key_sequence(&self) -> Result<(Backlog, HashMap<Kind, i64>)>;

    /// One item by key (`StoreError::NoSuchItem` when there is none).
    fn get(&self, key: Key) -> Result<Item>;

    /// Whether the backlog holds no items at all.
    fn is_empty(&self) -> Result<bool>;

    /// See [`ChangeToken`].
    fn change_token(&self) -> Result<ChangeToken>;

    /// Whether the backlog is on a server (messages say "the database"
    /// rather than "the file").
    fn on_server(&self) -> bool {
        false
    }

    /// A feed of other clients' commits pushed by the server, `None` when
    /// the backend has none (then [`Backend::change_token`] is polled).
    fn listen(&self) -> Result<Option<ChangeFeed>> {
        Ok(None)
    }

    /// The recorded changes of one item, oldest first.
    fn history(&self, key: Key) -> Result<Vec<HistoryEntry>>;

    /// Every item changed since `since` (changes not undone, bulk loads
    /// left out): its state before the first such change, and now.
    fn changed_since(&self, since: DateTime<Utc>) -> Result<Vec<(Option<Item>, Item)>>;

    /// Every story whose status became `done` in a change not undone at or
    /// after `since` (a story created as done is not counted), oldest
    /// first, with its points after the change.
    fn completions(&self, since: DateTime<Utc>) -> Result<Vec<Completion>>;

    /// When the first change was recorded; `None` for no history.
    fn history_start(&self) -> Result<Option<DateTime<Utc>>>;

    /// Who made the changes [`Backend::changed_since`] counts, per item:
    /// each author once, in the order of their first such change (changes
    /// without a recorded author left out).
    fn authors_since(&self, since: DateTime<Utc>) -> Result<HashMap<Key, Vec<String>>>;

    /// Starts the one write transaction of a command, recorded (if it
    /// changes items) as a change named `summary` at `now`.
    fn begin(&mut self, summary: &str, now: DateTime<Utc>) -> Result<Box<dyn BackendTx + '_>>;

    /// Writes a consistent copy to `dest` (refused if it exists unless
    /// `overwrite`); returns its size in bytes.
    fn backup_to(&self, dest: &Path, overwrite: bool) -> Result<u64>;

    /// Every snapshot's name and time, oldest first.
    fn snapshots(&self) -> Result<Vec<SnapshotInfo>>;

    /// The snapshot named `name` exactly as stored, `None` if there is none.
    fn snapshot(&self, name: &str) -> Result<Option<Snapshot>>;

    /// Every snapshot, oldest first, exactly as stored.
    fn all_snapshots(&self) -> Result<Vec<Snapshot>>;

    /// The team's planning settings (defaults when never set).
    fn planning_settings(&self) -> Result<PlanningSettings>;
}

/// One open write transaction of a [`Backend`].
pub trait BackendTx {
    /// The time this change is recorded at.
    fn now(&self) -> DateTime<Utc>;

    /// Replaces the change's summary.
    fn set_summary(&mut self, summary: String);

    /// Attaches a note to the change.
    fn set_note(&mut self, note: String);

    fn get(&self, key: Key) -> Result<Item>;

    fn exists(&self, key: Key) -> Result<bool>;

    /// Every item, as of this transaction.
    fn load(&self) -> Result<Backlog>;

    fn is_empty(&self) -> Result<bool>;

    /// Every item's dependencies.
    fn dependency_graph(&self) -> Result<HashMap<Key, Vec<Key>>>;

    /// Allocates the next key of `kind`; keys are never reused.
    fn next_key(&mut self, kind: Kind) -> Result<Key>;

    /// The next key numbers per kind.
    fn key_sequence(&self) -> Result<HashMap<Kind, i64>>;

    /// Makes sure the next key of `kind` is at least `next`.
    fn reserve_keys(&mut self, kind: Kind, next: i64) -> Result<()>;

    /// A rank after every sibling under `parent` (top level when `None`).
    fn next_rank(&self, parent: Option<Key>) -> Result<i64>;

    /// Stores a new item at version 1, recorded as created.
    fn insert(&mut self, item: &Item) -> Result<Item>;

    /// Inserts many items (dependencies may point at any of them), each
    /// recorded as created by this change.
    fn insert_all(&mut self, items: &[Item]) -> Result<()>;

    /// Loads many items into an empty backlog without recording them.
    fn bulk_load(&mut self, items: &[Item]) -> Result<()>;

    /// Stores `item` over the stored one if that is still at
    /// `item.version` (else `StoreError::Stale`); returns it as stored.
    fn update(&mut self, item: &Item) -> Result<Item>;

    /// [`update`](Self::update) of an item the caller no longer needs: a
    /// backend may drop it once written, rather than hold it beside the
    /// history's copies of it (an item with a big text).
    fn update_owned(&mut self, item: Item) -> Result<Item> {
        self.update(&item)
    }

    /// Deletes an item for good, with its history.
    fn purge(&mut self, key: Key) -> Result<Item>;

    /// Deletes every item, the history and the snapshots, and resets the
    /// key sequence.
    fn wipe(&mut self) -> Result<()>;

    /// Undoes or redoes change `only`, or else the latest change that can
    /// go that way, passing over (and naming) the ones that never can
    /// again. Records what it did to each item as a change of its own
    /// (never undone itself), so that every version an item goes through
    /// has its history row; an item the step would leave as it is keeps
    /// its version.
    fn step(&mut self, direction: Direction, only: Option<i64>) -> Result<Stepped>;

    /// When the snapshot named `name` was taken, if there is one.
    fn snapshot_taken(&self, name: &str) -> Result<Option<DateTime<Utc>>>;

    /// Stores a snapshot; a name in use is refused.
    fn insert_snapshot(&mut self, snapshot: &Snapshot) -> Result<()>;

    /// Deletes the snapshot named `name`; whether there was one.
    fn delete_snapshot(&mut self, name: &str) -> Result<bool>;

    /// The team's planning settings, as of this transaction.
    fn planning_settings(&self) -> Result<PlanningSettings>;

    /// Replaces the team's planning settings (not part of any change:
    /// settings are not undone).
    fn set_planning_settings(&mut self, settings: &PlanningSettings) -> Result<()>;

    /// Ends the change recorded so far and starts another in the same
    /// transaction, named `summary` and recorded at `at`; the items written
    /// next belong to it. For a history written in one go (the demo's
    /// finished weeks): each change still undoes on its own.
    fn start_change(&mut self, summary: &str, at: DateTime<Utc>) -> Result<()>;

    /// Commits; returns the id of the change recorded, if any.
    fn commit(self: Box<Self>) -> Result<Option<i64>>;
}
