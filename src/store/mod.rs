//! The backlog's storage: the only module with SQL in it, behind one
//! backend-neutral interface.
//!
//! The rest of the program talks to a [`Store`]: [`Store::load`] (and its
//! partial forms), [`Store::get`], [`Store::history`], snapshots, backup,
//! undo / redo, [`Store::change_token`], and [`Store::write`], whose [`Tx`]
//! offers `insert`, `update`, `modify` and `purge` of whole items, key
//! allocation and the like. Every write is one transaction, every update
//! is version-checked, and every change is recorded for history and undo.
//! No caller sees SQL, a connection or an engine's error type.
//!
//! # Backends
//!
//! A `Store` wraps a `Box<dyn` [`Backend`]`>`; a write transaction wraps a
//! `Box<dyn` [`BackendTx`]`>`. Traits rather than an enum of engines, so
//! that each engine lives in its own module (`sqlite/`, a server engine
//! beside it) and adding one touches nothing but its module and the place
//! that opens it; the traits are object-safe so the choice is made at run
//! time, from what the user named. What is generic (`write<T>`, `modify`
//! with a closure) or the same for every engine (the read-only refusal of
//! a snapshot, choosing a snapshot's name, the clock, remembering the last
//! change) is written once here, on the wrappers.
//!
//! To add a backend: implement [`Backend`] and [`BackendTx`] in
//! `src/store/NAME/`, converting the engine's errors to [`StoreError`]
//! there; store items' history states and snapshots through
//! the `format` module so that every engine writes the same documents;
//! implement undo and redo as `undo_rules::UndoSql` (the engine's SQL
//! only: the rules and their messages are shared); hand the
//! opened backend to [`Store::from_backend`]; and add one line to
//! `tests/store_contract.rs` that runs the contract suite on it. The
//! promises are listed on [`Backend`].
//!
//! SQLite ([`sqlite`]) is the first backend: one file, `BEGIN IMMEDIATE`
//! write transactions, `UPDATE … WHERE version = ?` updates.

mod backend;
mod error;
mod feed;
pub(crate) mod fields;
mod format;
mod history;
pub mod memory;
mod os_user;
pub use os_user::os_user;
pub mod postgres;
pub mod settings;
mod snapshots;
pub mod sqlite;
#[cfg(test)]
mod tests;
mod tx;
mod undo_rules;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

pub use backend::{Backend, BackendTx, ChangeToken, Direction};
pub use error::{Result, StoreError};
pub(crate) use error::{io_reason, os_text};
pub use feed::{ChangeFeed, FeedEvent};
pub use history::{Change, HistoryEntry, Stepped};
pub use snapshots::SnapshotInfo;
pub use sqlite::check::{Checked, Lost, check as check_file};
pub use sqlite::schema;
pub use sqlite::{
    Leftovers, OpenMode, companion_of_database, damage_note_path, default_path, pseudo_file_system,
    remove_stale_backups, remove_stale_named,
};
pub use tx::Tx;

use crate::domain::forecast::Completion;
use crate::domain::planning::PlanningSettings;
use crate::domain::{Backlog, Item, Key, Kind};

/// Reads the time; tests and scripts may pin it.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

/// An open backlog.
pub struct Store {
    backend: Box<dyn Backend>,
    clock: Clock,
    /// The change recorded by the last successful [`Store::write`].
    last_change: Option<i64>,
}

impl Store {
    /// Opens (or, with [`OpenMode::Create`], creates) the backlog file at
    /// `path`. Files that are not backlogs, corrupt, or from a newer version
    /// are refused without being modified. A read-only file opens read-only.
    /// A `postgres://` or `postgresql://` URL opens the backlog on that
    /// server instead ([`postgres`]).
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        if let Some(url) = path.to_str().filter(|p| postgres::is_url(p)) {
            return Ok(Store::from_backend(Box::new(postgres::Postgres::open(
                url, mode,
            )?)));
        }
        Ok(Store::from_backend(Box::new(sqlite::Sqlite::open(
            path, mode,
        )?)))
    }

    /// A store over an opened backend, on the system clock.
    pub fn from_backend(backend: Box<dyn Backend>) -> Store {
        Store {
            backend,
            clock: Box::new(Utc::now),
            last_change: None,
        }
    }

    /// When opening upgraded the schema: the version it had, and the copy
    /// of the backlog as it was, kept beside it (`backlog.db.v1.bak`).
    pub fn upgraded_from(&self) -> Option<(i64, &Path)> {
        self.backend.upgraded_from()
    }

    /// Writes a consistent copy of the backlog to `dest` (safe while other
    /// processes use it). Refuses an existing `dest` unless `overwrite`.
    /// Returns the copy's size in bytes.
    pub fn backup_to(&self, dest: &Path, overwrite: bool) -> Result<u64> {
        self.backend.backup_to(dest, overwrite)
    }

    /// Replaces the clock (for deterministic tests and `BACKLOG_NOW`).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Where the backlog lives, for messages.
    pub fn path(&self) -> &Path {
        self.backend.path()
    }

    pub fn is_read_only(&self) -> bool {
        self.backend.is_read_only()
    }

    /// The refusal of a write to a read-only backlog: why, and what to do.
    pub fn read_only_error(&self) -> StoreError {
        self.backend.read_only_error()
    }

    /// Every item, archived ones included.
    pub fn load(&self) -> Result<Backlog> {
        self.backend.load()
    }

    /// A quick outline for a first frame: initiatives and epics in full;
    /// of the stories, one stub per epic that has any (key, parent,
    /// archived; no text, criteria or scores) and stubs of those with
    /// dependencies; the counts as [`Backlog::counts`] gives them for the
    /// whole backlog. Cheap at any size.
    /// Never a basis for writes: [`Store::load`] gives the items.
    pub fn load_outline(&self) -> Result<Backlog> {
        self.backend.load_outline()
    }

    /// What a roadmap reads, and no more: initiatives and epics in full;
    /// of the stories what the roadmap counts (status, estimate, archived
    /// flag, criteria done) and stubs of those in dependencies; no title,
    /// text or scores. `Roadmap::build` on it equals `Roadmap::build` on
    /// [`Store::load`]; anything else needs the full load.
    pub fn load_for_roadmap(&self) -> Result<Backlog> {
        self.backend.load_for_roadmap()
    }

    /// What the `list` table prints, and no more: every item with its key,
    /// parent, title, status, lane, rank, archived flag, estimate and
    /// score inputs; no other text, labels, criteria, metrics,
    /// dependencies or decisions. For a table of items and nothing else;
    /// [`Store::load`] gives the items.
    pub fn load_for_list(&self) -> Result<Backlog> {
        self.backend.load_for_list()
    }

    /// What the health audit reads, and no more: initiatives, epics and
    /// insights in full; of the stories everything but their description,
    /// owner, labels, outcome, hypothesis, metrics, external key, source
    /// and decisions, with their criteria as done flags (no text). The
    /// audit and its planning findings on it equal those on
    /// [`Store::load`]; [`Store::load`] gives the items.
    pub fn load_for_health(&self) -> Result<Backlog> {
        self.backend.load_for_health()
    }

    /// Every item and the next key number of each kind, read in one
    /// transaction (for a consistent export).
    pub fn load_with_key_sequence(&self) -> Result<(Backlog, HashMap<Kind, i64>)> {
        self.backend.load_with_key_sequence()
    }

    /// One item by key.
    pub fn get(&self, key: Key) -> Result<Item> {
        self.backend.get(key)
    }

    /// Whether the backlog holds no items at all.
    pub fn is_empty(&self) -> Result<bool> {
        self.backend.is_empty()
    }

    /// Has anything changed since I last looked: the token moves when
    /// another handle or process commits a change (not necessarily for
    /// this handle's own writes).
    pub fn change_token(&self) -> Result<ChangeToken> {
        self.backend.change_token()
    }

    /// Whether the backlog is on a server rather than in a file.
    pub fn on_server(&self) -> bool {
        self.backend.on_server()
    }

    /// Other clients' commits as the server pushes them (and the
    /// connection lost and back), or `None` when the backend has no such
    /// feed and [`Store::change_token`] must be polled instead.
    pub fn listen(&self) -> Result<Option<ChangeFeed>> {
        self.backend.listen()
    }

    /// The recorded changes of one item, oldest first.
    pub fn history(&self, key: Key) -> Result<Vec<HistoryEntry>> {
        self.backend.history(key)
    }

    /// Every item changed since `since`: its state before and now.
    pub fn changed_since(&self, since: DateTime<Utc>) -> Result<Vec<(Option<Item>, Item)>> {
        self.backend.changed_since(since)
    }

    /// Stories that became done since `since` (see [`Backend::completions`]).
    pub fn completions(&self, since: DateTime<Utc>) -> Result<Vec<Completion>> {
        self.backend.completions(since)
    }

    /// When the first change was recorded; `None` for no history.
    pub fn history_start(&self) -> Result<Option<DateTime<Utc>>> {
        self.backend.history_start()
    }

    /// The team's planning settings (defaults when never set).
    pub fn planning_settings(&self) -> Result<PlanningSettings> {
        self.backend.planning_settings()
    }

    /// Who changed each of those items (see [`Backend::authors_since`]).
    pub fn authors_since(&self, since: DateTime<Utc>) -> Result<HashMap<Key, Vec<String>>> {
        self.backend.authors_since(since)
    }

    /// Runs `f` as one write transaction, recorded as one change named
    /// `summary`. Nothing is written unless `f` succeeds.
    pub fn write<T>(&mut self, summary: &str, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<T> {
        let now = self.now();
        let mut tx = Tx::new(self.backend.begin(summary, now)?);
        let out = f(&mut tx)?;
        self.last_change = tx.commit()?;
        Ok(out)
    }

    /// The id of the change the last successful write recorded (`None`
    /// when it changed nothing), for undoing exactly that change later.
    pub fn last_change(&self) -> Option<i64> {
        self.last_change
    }

    /// Reverts change `id` (if it is live and nothing it touched changed
    /// since): `None` when it is not live.
    pub fn undo_change(&mut self, id: i64) -> Result<Option<String>> {
        self.write("undo", |tx| tx.undo_change(id))
    }

    /// Re-applies change `id` if it is undone and still redoable.
    pub fn redo_change(&mut self, id: i64) -> Result<Option<String>> {
        self.write("redo", |tx| tx.redo_change(id))
    }

    /// Reverts the most recent change that is not undone. Returns its
    /// summary, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.write("undo", |tx| tx.undo())
    }

    /// Re-applies the most recently undone change.
    pub fn redo(&mut self) -> Result<Option<String>> {
        self.write("redo", |tx| tx.redo())
    }

    /// Undoes (or redoes) the latest change that can still go that way,
    /// passing over and naming the ones that never can again.
    pub fn step_latest(&mut self, direction: Direction) -> Result<Stepped> {
        self.write(direction.verb(), |tx| tx.step_latest(direction))
    }
}
