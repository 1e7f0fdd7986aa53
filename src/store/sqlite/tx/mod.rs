//! One write transaction of the SQLite backend ([`SqliteTx`]): what it
//! reads, the key sequence, and the change it records. Inserting, updating
//! and undoing live beside it (`insert.rs`, `write.rs`, `undo.rs`); the
//! item columns in `fields.rs`.

mod fields;
mod insert;
mod undo;
mod write;

#[cfg(test)]
pub(super) use undo::{ask_beside, bulk_whole};

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use super::error::{Explain, SqlResult, from_sqlite_on};
use super::rows::{self, fmt_time, kind_letter};
use super::snapshots;
use crate::domain::planning::PlanningSettings;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item, Key, Kind};
use crate::store::backend::{BackendTx, Direction};
use crate::store::error::{Result, StoreError};
use crate::store::format;
use crate::store::history::Stepped;

/// An open write transaction (`BEGIN IMMEDIATE`). Dropped without being
/// committed, it rolls back.
pub(in crate::store::sqlite) struct SqliteTx<'c> {
    tx: Transaction<'c>,
    summary: String,
    note: Option<String>,
    change_id: Option<i64>,
    now: DateTime<Utc>,
    path: &'c Path,
    /// Who runs this command (see [`super::author`]).
    author: Option<String>,
    /// Items an undo or redo step deletes, not deleted yet (see
    /// `undo::Doomed`).
    doomed: undo::Doomed,
    /// Foreign keys are off on the connection for this transaction (a
    /// bulk step taken whole, see `undo/unchecked.rs`); put back on when
    /// it ends.
    keys_off: bool,
    /// The bulk step declined with foreign keys off: the step is run
    /// again, from a fresh transaction, with them on.
    needs_keys: bool,
    /// The connection's count of rows written, when the transaction
    /// began (nothing written since: it may be begun again).
    begun_at: u64,
}

impl Drop for SqliteTx<'_> {
    /// Foreign keys back on for the connection's next transaction (a
    /// transaction still open is rolled back first: the pragma does
    /// nothing inside one).
    fn drop(&mut self) {
        if self.keys_off {
            if !self.tx.is_autocommit() {
                let _ = self.tx.execute_batch("ROLLBACK");
            }
            let _ = self.tx.pragma_update(None, "foreign_keys", "ON");
        }
    }
}

/// A change's `state`: live, undone, or undone and then superseded by a
/// newer change (no longer redoable).
const LIVE: i64 = 0;
const UNDONE: i64 = 1;
const SUPERSEDED: i64 = 2;

/// A change's `kind`: a command's change (undoable), final (a purge:
/// recorded, never undone), or the record of an undo or redo.
const COMMAND: i64 = 0;
const FINAL: i64 = 1;
const RECORD: i64 = 2;

impl Explain for SqliteTx<'_> {
    fn explain(&self, e: rusqlite::Error) -> StoreError {
        from_sqlite_on(&self.tx, e, self.path)
    }
}

impl<'c> SqliteTx<'c> {
    /// Runs `f` with a 32 MB page cache, then puts the cache back. A big
    /// load or undo rewrites the same index pages many times: with the
    /// default 2 MB cache they spill to the WAL again and again. 32 MB
    /// holds the indexes of 100,000 stories; table pages are written once,
    /// in order, and may spill (a bigger cache made no measurable
    /// difference, and fresh memory costs time).
    pub(super) fn with_big_cache<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let old: i64 = self
            .tx
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .explained(self)?;
        self.tx
            .pragma_update(None, "cache_size", -32_768i64)
            .explained(self)?;
        let result = f(self);
        self.tx
            .pragma_update(None, "cache_size", old)
            .explained(self)?;
        result
    }

    pub(super) fn begin(
        tx: Transaction<'c>,
        summary: &str,
        now: DateTime<Utc>,
        path: &'c Path,
    ) -> SqliteTx<'c> {
        let begun_at = tx.total_changes();
        SqliteTx {
            tx,
            summary: summary.to_string(),
            note: None,
            change_id: None,
            now,
            path,
            author: crate::store::os_user(),
            doomed: undo::Doomed::default(),
            keys_off: false,
            needs_keys: false,
            begun_at,
        }
    }

    pub(super) fn id_of(&self, key: Key) -> Result<i64> {
        rows::id_of(&self.tx, key)
            .explained(self)?
            .ok_or(StoreError::NoSuchItem(key))
    }

    pub(super) fn ensure_change(&mut self) -> Result<i64> {
        if let Some(id) = self.change_id {
            return Ok(id);
        }
        // A new change makes undone changes no longer redoable.
        self.tx
            .execute(
                "UPDATE changes SET state = ?1 WHERE state = ?2",
                [SUPERSEDED, UNDONE],
            )
            .explained(self)?;
        let id: i64 = self
            .tx
            .query_row(
                "INSERT INTO changes (at, summary, note, author) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                params![fmt_time(self.now), self.summary, self.note, self.author],
                |r| r.get(0),
            )
            .explained(self)?;
        self.change_id = Some(id);
        Ok(id)
    }

    pub(super) fn record(
        &mut self,
        id: i64,
        key: Key,
        before: Option<&Item>,
        after: Option<&Item>,
    ) -> Result<()> {
        let before = before.map(format::item_to_json).transpose()?;
        let after = after.map(format::item_to_json).transpose()?;
        self.record_json(id, key, before, after)
    }

    /// Records states already written as JSON (see [`Self::record`]).
    pub(super) fn record_json(
        &mut self,
        id: i64,
        key: Key,
        before: Option<String>,
        after: Option<String>,
    ) -> Result<()> {
        let change = self.ensure_change()?;
        // An item with a big text: its JSON is bound where it is, and not
        // parsed again by the table's check.
        insert::execute_history(
            &self.tx,
            "INSERT INTO history (change_id, item_id, item_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![change, id, key.to_string(), before, after],
        )
        .explained(self)?;
        Ok(())
    }

    /// Writes the summary and note of the change recorded so far, if any.
    fn finish_change(&self) -> Result<()> {
        if let Some(id) = self.change_id {
            self.tx
                .execute(
                    "UPDATE changes SET note = ?2, summary = ?3 WHERE id = ?1",
                    params![id, self.note, self.summary],
                )
                .explained(self)?;
        }
        Ok(())
    }

    /// Commits; returns the id of the change recorded, if any.
    fn commit_change(self) -> Result<Option<i64>> {
        self.finish_change()?;
        // COMMIT by hand rather than `Transaction::commit`, so that a
        // failure (a full disk) can be explained from the connection;
        // dropping the committed transaction then does nothing, and a
        // failed one is rolled back.
        let change = self.change_id;
        self.tx.execute_batch("COMMIT").explained(&self)?;
        Ok(change)
    }
}

impl BackendTx for SqliteTx<'_> {
    /// The time this change is recorded at.
    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Replaces the change's summary (shown in history and by undo).
    fn set_summary(&mut self, summary: String) {
        self.summary = summary;
    }

    /// Attaches a note to the change, e.g. why a rule was overridden.
    fn set_note(&mut self, note: String) {
        self.note = Some(note);
    }

    fn get(&self, key: Key) -> Result<Item> {
        rows::get(&self.tx, key)
            .explained(self)?
            .ok_or(StoreError::NoSuchItem(key))
    }

    fn exists(&self, key: Key) -> Result<bool> {
        Ok(rows::id_of(&self.tx, key).explained(self)?.is_some())
    }

    /// Every item, as of this transaction.
    fn load(&self) -> Result<Backlog> {
        Ok(Backlog::new(rows::load_all(&self.tx).explained(self)?))
    }

    fn is_empty(&self) -> Result<bool> {
        Ok(rows::count(&self.tx).explained(self)? == 0)
    }

    /// Every item's dependencies.
    fn dependency_graph(&self) -> Result<HashMap<Key, Vec<Key>>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT a.kind, a.num, b.kind, b.num FROM dependencies d \
                 JOIN items a ON a.id = d.item_id JOIN items b ON b.id = d.depends_on",
            )
            .explained(self)?;
        let pairs = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .explained(self)?;
        let mut graph: HashMap<Key, Vec<Key>> = HashMap::new();
        for p in pairs {
            let (ak, an, bk, bn) = p.explained(self)?;
            let to_key = |k: &str, n| {
                k.chars()
                    .next()
                    .and_then(Kind::from_letter)
                    .map(|kind| Key::new(kind, n))
                    .ok_or_else(|| StoreError::BadData(format!("unknown kind {k}")))
            };
            graph
                .entry(to_key(&ak, an)?)
                .or_default()
                .push(to_key(&bk, bn)?);
        }
        Ok(graph)
    }

    /// Allocates the next key of `kind`; keys are never reused.
    fn next_key(&mut self, kind: Kind) -> Result<Key> {
        let letter = kind_letter(kind);
        let num: i64 = self
            .tx
            .query_row(
                "UPDATE key_seq SET next = next + 1 WHERE kind = ?1 RETURNING next - 1",
                [letter],
                |r| r.get(0),
            )
            .explained(self)?;
        Ok(Key::new(kind, num))
    }

    /// The next key numbers per kind (for export).
    fn key_sequence(&self) -> Result<HashMap<Kind, i64>> {
        rows::key_sequence(&self.tx).explained(self)
    }

    /// Makes sure the next key of `kind` is at least `next`.
    fn reserve_keys(&mut self, kind: Kind, next: i64) -> Result<()> {
        self.tx
            .execute(
                "UPDATE key_seq SET next = max(next, ?2) WHERE kind = ?1",
                params![kind_letter(kind), next],
            )
            .explained(self)?;
        Ok(())
    }

    /// Stores a snapshot as it was taken (an import of an export). A name
    /// in use is refused.
    fn insert_snapshot(&mut self, snapshot: &Snapshot) -> Result<()> {
        snapshots::insert(&self.tx, snapshot, self)
    }

    fn snapshot_taken(&self, name: &str) -> Result<Option<DateTime<Utc>>> {
        snapshots::taken_at(&self.tx, name).explained(self)
    }

    fn delete_snapshot(&mut self, name: &str) -> Result<bool> {
        snapshots::delete(&self.tx, name).explained(self)
    }

    /// A rank after every sibling under `parent` (top level when `None`).
    fn next_rank(&self, parent: Option<Key>) -> Result<i64> {
        let max: Option<i64> = match parent {
            None => self.tx.query_row(
                "SELECT max(rank) FROM items WHERE parent_id IS NULL",
                [],
                |r| r.get(0),
            ),
            Some(p) => self.tx.query_row(
                "SELECT max(i.rank) FROM items i JOIN items p ON p.id = i.parent_id \
                 WHERE p.kind = ?1 AND p.num = ?2",
                params![kind_letter(p.kind), p.num],
                |r| r.get(0),
            ),
        }
        .explained(self)?;
        Ok(max.map_or(1, |m| m.saturating_add(1)))
    }

    /// Stores a new item under its key (allocated with [`BackendTx::next_key`] or
    /// given by an import). Returns it as stored, at version 1.
    fn insert(&mut self, item: &Item) -> Result<Item> {
        self.insert_with_id(item, None)
    }

    /// Inserts many items at once, parents before children (key order),
    /// then their dependencies, which may point at any of them. Each item
    /// is recorded in this change's history as created (one row each, so
    /// undo can take the whole import back).
    fn insert_all(&mut self, items: &[Item]) -> Result<()> {
        self.insert_many(items, true)
    }

    /// Loads many items into an empty file without recording them in the
    /// history (a generated benchmark backlog: undo does not take it back,
    /// and `show --history` starts after it). Refused unless the file holds
    /// no items.
    fn bulk_load(&mut self, items: &[Item]) -> Result<()> {
        if !self.is_empty()? {
            return Err(StoreError::Refused(
                "a bulk load needs an empty file".to_string(),
            ));
        }
        self.insert_many(items, false)
    }

    fn update(&mut self, item: &Item) -> Result<Item> {
        self.update_item(item.clone())
    }

    fn update_owned(&mut self, item: Item) -> Result<Item> {
        self.update_item(item)
    }

    fn purge(&mut self, key: Key) -> Result<Item> {
        self.purge_item(key)
    }

    /// Deletes every item, decision, dependency and history row, and resets
    /// the key sequence: the file is as new.
    fn wipe(&mut self) -> Result<()> {
        self.tx
            .execute_batch(
                "DELETE FROM history; DELETE FROM changes; DELETE FROM dependencies; DELETE FROM snapshots; \
                 DELETE FROM decisions; DELETE FROM items WHERE kind = 'S'; \
                 DELETE FROM items WHERE kind = 'E'; DELETE FROM items; \
                 UPDATE key_seq SET next = 1;",
            )
            .explained(self)?;
        self.change_id = None;
        Ok(())
    }

    fn step(&mut self, direction: Direction, only: Option<i64>) -> Result<Stepped> {
        self.step_change(direction, only)
    }

    fn planning_settings(&self) -> Result<PlanningSettings> {
        super::settings::read(&self.tx).explained(self)?
    }

    fn set_planning_settings(&mut self, settings: &PlanningSettings) -> Result<()> {
        super::settings::write(&self.tx, settings).explained(self)
    }

    fn start_change(&mut self, summary: &str, at: DateTime<Utc>) -> Result<()> {
        self.finish_change()?;
        self.change_id = None;
        self.note = None;
        self.summary = summary.to_string();
        self.now = at;
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<Option<i64>> {
        self.commit_change()
    }
}
