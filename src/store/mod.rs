//! The SQLite file: open, pragmas, migrations, queries, transactions and
//! change history. The only module with SQL in it.
//!
//! The rest of the program talks to a [`Store`] through a narrow set of
//! functions: [`Store::load`], [`Store::get`], [`Store::history`] and
//! [`Store::write`], whose [`Tx`] offers `insert`, `update` and `purge` of
//! whole items. Every write is one `BEGIN IMMEDIATE` transaction, and every
//! update is version-checked (`UPDATE … WHERE version = ? RETURNING …`).

mod backup;
#[cfg(test)]
mod bulk_tests;
mod error;
mod history;
mod open;
pub mod postgres;
mod rows;
pub mod schema;
mod snapshots;
mod tx;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use error::{Result, StoreError};
pub use history::{Change, HistoryEntry};
pub use open::{OpenMode, default_path};
pub use snapshots::SnapshotInfo;
pub use tx::Tx;

use crate::domain::{Backlog, Item, Key, Kind};

/// Reads the time; tests and scripts may pin it.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

/// An open backlog file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    upgraded: Option<(i64, PathBuf)>,
    clock: Clock,
    /// The change recorded by the last successful [`Store::write`].
    last_change: Option<i64>,
}

impl Store {
    /// Opens (or, with [`OpenMode::Create`], creates) the backlog file at
    /// `path`. Files that are not backlogs, corrupt, or from a newer version
    /// are refused without being modified. A read-only file opens read-only.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        let opened = open::open(path, mode)?;
        Ok(Store {
            conn: opened.conn,
            path: path.to_path_buf(),
            read_only: opened.read_only,
            upgraded: opened.upgraded,
            clock: Box::new(Utc::now),
            last_change: None,
        })
    }

    /// When opening upgraded the file's schema: the version it had, and the
    /// copy of the file as it was, kept beside it (`backlog.db.v1.bak`).
    pub fn upgraded_from(&self) -> Option<(i64, &Path)> {
        self.upgraded.as_ref().map(|(v, p)| (*v, p.as_path()))
    }

    /// Writes a consistent copy of the file to `dest` with SQLite's online
    /// backup API (safe while other processes use the file). Refuses an
    /// existing `dest` unless `overwrite`. Returns the copy's size in bytes.
    pub fn backup_to(&self, dest: &Path, overwrite: bool) -> Result<u64> {
        backup::copy(&self.conn, &self.path, dest, overwrite)
    }

    /// Replaces the clock (for deterministic tests and `BACKLOG_NOW`).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite_on(&self.conn, e, &self.path)
    }

    /// Every item, archived ones included.
    pub fn load(&self) -> Result<Backlog> {
        // One read transaction: items, dependencies and decisions as of
        // one commit, never half of another process's change.
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let items = rows::load_all(&tx).map_err(|e| self.err(e))?;
        Ok(Backlog::new(items))
    }

    /// A quick outline for a first frame: initiatives and epics in full;
    /// of the stories, one stub per epic that has any (key, parent,
    /// archived; no text, criteria or scores) and stubs of those with
    /// dependencies; the counts as [`Backlog::counts`] gives them for the
    /// whole file. Read from indexes, so it costs little at any size.
    /// Never a basis for writes: [`Store::load`] gives the items.
    pub fn load_outline(&self) -> Result<Backlog> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let (items, stories) = rows::load_outline(&tx).map_err(|e| self.err(e))?;
        Ok(Backlog::outline(items, stories))
    }

    /// What a roadmap reads, and no more: initiatives and epics in full;
    /// of the stories what the roadmap counts (status, estimate, archived
    /// flag, criteria done) and stubs of those in dependencies; no title,
    /// text or scores. `Roadmap::build` on it equals `Roadmap::build` on
    /// [`Store::load`]; anything else needs the full load.
    pub fn load_for_roadmap(&self) -> Result<Backlog> {
        // One read transaction, as in `load`.
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let (items, stories) = rows::load_for_roadmap(&tx).map_err(|e| self.err(e))?;
        Ok(Backlog::for_roadmap(items, stories))
    }

    /// Every item and the next key number of each kind, read in one
    /// transaction (for a consistent export).
    pub fn load_with_key_sequence(&self) -> Result<(Backlog, HashMap<Kind, i64>)> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let items = rows::load_all(&tx).map_err(|e| self.err(e))?;
        let mut next = HashMap::new();
        for kind in Kind::ALL {
            let n: i64 = tx
                .query_row(
                    "SELECT next FROM key_seq WHERE kind = ?1",
                    [rows::kind_letter(kind)],
                    |r| r.get(0),
                )
                .map_err(|e| self.err(e))?;
            next.insert(kind, n);
        }
        Ok((Backlog::new(items), next))
    }

    /// One item by key.
    pub fn get(&self, key: Key) -> Result<Item> {
        // One read transaction, as in `load`.
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        rows::get(&tx, key)
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::NoSuchItem(key))
    }

    /// Whether the file holds no items at all.
    pub fn is_empty(&self) -> Result<bool> {
        rows::count(&self.conn)
            .map(|n| n == 0)
            .map_err(|e| self.err(e))
    }

    /// SQLite's `data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The recorded changes of one item, oldest first.
    pub fn history(&self, key: Key) -> Result<Vec<HistoryEntry>> {
        history::for_item(&self.conn, key).map_err(|e| self.err(e))
    }

    /// Every item changed since `since`: its state before and now.
    pub fn changed_since(&self, since: DateTime<Utc>) -> Result<Vec<(Option<Item>, Item)>> {
        history::net_since(&self.conn, since).map_err(|e| self.err(e))
    }

    /// Runs `f` as one write transaction, recorded as one change named
    /// `summary`. Nothing is written unless `f` succeeds.
    pub fn write<T>(&mut self, summary: &str, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let now = self.now();
        let path = self.path.clone();
        // `&mut self` rules out nesting; the shared borrow lets a failure
        // be explained from the connection (a full disk).
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite_on(&self.conn, e, &path))?;
        let mut t = Tx::begin(tx, summary, now, path.clone())?;
        let out = f(&mut t)?;
        self.last_change = t.commit()?;
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
        let summary = self.write("undo", |tx| tx.undo())?;
        Ok(summary)
    }

    /// Re-applies the most recently undone change.
    pub fn redo(&mut self) -> Result<Option<String>> {
        let summary = self.write("redo", |tx| tx.redo())?;
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Model;
    use crate::domain::roadmap::{Level, Roadmap};
    use crate::generate::{Spec, write};
    use chrono::TimeZone;

    /// The partial loads give what their users read, as the full load does.
    #[test]
    fn partial_loads_agree_with_the_full_load() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
        write(&mut store, Spec::new(3000, 5), now, false).unwrap();
        // Dependencies across levels, which the generator does not make: a
        // story (archived, too) on an epic and on an initiative, an epic on
        // a story, an initiative on an epic.
        store
            .write("links", |tx| {
                let all = tx.load()?;
                let first = |k: Kind| all.items_of(k)[0].key;
                let (i1, e1, e2) = (
                    first(Kind::Initiative),
                    first(Kind::Epic),
                    all.items_of(Kind::Epic)[7].key,
                );
                let stories = all.items_of(Kind::Story);
                let (s1, s2, s3) = (stories[10].key, stories[20].key, stories[30].key);
                tx.modify(s1, |i| {
                    i.depends_on = vec![i1, e2];
                    Ok(())
                })?;
                tx.modify(s2, |i| {
                    i.depends_on = vec![e1];
                    i.archived = true;
                    Ok(())
                })?;
                tx.modify(e1, |i| {
                    i.depends_on = vec![s3];
                    Ok(())
                })?;

                tx.modify(i1, |i| {
                    i.depends_on = vec![e2];
                    Ok(())
                })?;
                Ok(())
            })
            .unwrap();
        let full = store.load().unwrap();
        let roadmap = store.load_for_roadmap().unwrap();
        for level in Level::ALL {
            for model in [Model::Rice, Model::Wsjf] {
                assert_eq!(
                    Roadmap::build(&roadmap, model, level, now),
                    Roadmap::build(&full, model, level, now),
                    "{level} {model}"
                );
            }
        }
        let outline = store.load_outline().unwrap();
        assert_eq!(outline.counts(), full.counts());
        for i in full.items().iter().filter(|i| i.kind() != Kind::Story) {
            assert_eq!(outline.get(i.key), Some(i));
            assert_eq!(outline.dependents(i.key), full.dependents(i.key));
            assert_eq!(
                outline.children(i.key).any(|c| !c.archived),
                full.children(i.key).any(|c| !c.archived),
                "{}",
                i.key
            );
        }
    }
}
