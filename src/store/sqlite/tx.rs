//! One write transaction: insert, update (version-checked) and purge of
//! whole items, each recorded in the change history.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, ToSql, Transaction, params, params_from_iter};

use super::error::{At, from_sqlite_on};
use super::rows::{self, fmt_time, kind_letter};
use super::snapshots;
use crate::domain::deps::check_new_dependency;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item, Key, Kind};
use crate::store::backend::{BackendTx, Direction};
use crate::store::error::{Result, StoreError};
use crate::store::format;

/// An open write transaction. Dropped without being committed, it rolls back.
pub(super) struct SqliteTx<'c> {
    tx: Transaction<'c>,
    summary: String,
    note: Option<String>,
    change_id: Option<i64>,
    now: DateTime<Utc>,
    path: &'c Path,
}

impl<'c> SqliteTx<'c> {
    pub(super) fn begin(
        tx: Transaction<'c>,
        summary: &str,
        now: DateTime<Utc>,
        path: &'c Path,
    ) -> SqliteTx<'c> {
        SqliteTx {
            tx,
            summary: summary.to_string(),
            note: None,
            change_id: None,
            now,
            path,
        }
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        from_sqlite_on(&self.tx, e, self.path)
    }

    fn at(&self) -> At<'_> {
        At {
            conn: &self.tx,
            path: self.path,
        }
    }

    fn id_of(&self, key: Key) -> Result<i64> {
        rows::id_of(&self.tx, key)
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::NoSuchItem(key))
    }

    /// One prepared statement per table, one pass over the items, the
    /// dependency graph checked in memory: linear in the number of items.
    fn insert_many(&mut self, items: &[Item], record: bool) -> Result<()> {
        // A big load rewrites the same index pages many times: with the
        // default 2 MB page cache they spill to the WAL again and again.
        // 32 MB holds the indexes of 100,000 stories; table pages are
        // written once, in order, and may spill (a bigger cache made no
        // measurable difference, and fresh memory costs time).
        let big = items.len() > 1000;
        let cache: i64 = if big {
            let old = self
                .tx
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .map_err(|e| self.err(e))?;
            self.tx
                .pragma_update(None, "cache_size", -32_768i64)
                .map_err(|e| self.err(e))?;
            old
        } else {
            0
        };
        let result = self.insert_many_inner(items, record);
        if big {
            self.tx
                .pragma_update(None, "cache_size", cache)
                .map_err(|e| self.err(e))?;
        }
        result
    }

    fn insert_many_inner(&mut self, items: &[Item], record: bool) -> Result<()> {
        let mut sorted: Vec<&Item> = items.iter().collect();
        sorted.sort_by_key(|i| i.key);
        let mut ids: HashMap<Key, i64> = HashMap::with_capacity(sorted.len());
        let mut next: HashMap<Kind, i64> = HashMap::new();
        // Into an empty file (an import of a document), only the items
        // themselves can clash.
        let empty = self.is_empty()?;
        for item in &sorted {
            if ids.contains_key(&item.key) || (!empty && self.exists(item.key)?) {
                return Err(StoreError::Refused(format!("{} already exists", item.key)));
            }
            item.key.kind.check_parent(item.parent)?;
            let parent_id = match item.parent {
                None => None,
                Some(p) => match ids.get(&p) {
                    Some(&id) => Some(id),
                    None => Some(
                        rows::id_of(&self.tx, p)
                            .map_err(|e| self.err(e))?
                            .ok_or(StoreError::NoSuchItem(p))?,
                    ),
                },
            };
            let id = self.insert_row(item, parent_id)?;
            ids.insert(item.key, id);
            let n = next.entry(item.key.kind).or_insert(1);
            *n = (*n).max(item.key.num + 1);
        }
        for (kind, n) in next {
            self.reserve_keys(kind, n)?;
        }
        // Dependencies once every item is in place, checked against one
        // in-memory copy of the graph.
        if sorted.iter().any(|i| !i.depends_on.is_empty()) {
            let mut graph = self.dependency_graph()?;
            for item in sorted.iter().filter(|i| !i.depends_on.is_empty()) {
                let id = ids[&item.key];
                let mut added: Vec<Key> = Vec::new();
                for &dep in &item.depends_on {
                    if added.contains(&dep) {
                        continue;
                    }
                    let dep_id = match ids.get(&dep) {
                        Some(&d) => d,
                        None => rows::id_of(&self.tx, dep)
                            .map_err(|e| self.err(e))?
                            .ok_or(StoreError::NoSuchItem(dep))?,
                    };
                    check_new_dependency(&graph, item.key, dep)?;
                    graph.entry(item.key).or_default().push(dep);
                    added.push(dep);
                    self.tx
                        .prepare_cached(
                            "INSERT OR IGNORE INTO dependencies (item_id, depends_on) VALUES (?1, ?2)",
                        )
                        .and_then(|mut s| s.execute([id, dep_id]))
                        .map_err(|e| self.err(e))?;
                }
            }
        }
        if record {
            self.record_bulk(&sorted, &ids)?;
        }
        Ok(())
    }

    /// Records items just inserted as created by this change, without
    /// their state (schema V4): each history row has `before` and `after`
    /// NULL and the change is marked bulk. What the item was after this
    /// change is read back when needed (see [`Tx::bulk_after`]): writing
    /// every item's JSON a second time doubled the size of an import.
    fn record_bulk(&mut self, sorted: &[&Item], ids: &HashMap<Key, i64>) -> Result<()> {
        let change = self.ensure_change()?;
        self.tx
            .execute("UPDATE changes SET bulk = 1 WHERE id = ?1", [change])
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO history (change_id, item_id, item_key) VALUES (?1, ?2, ?3)",
            )
            .map_err(|e| self.err(e))?;
        let mut key = String::new();
        for item in sorted {
            use std::fmt::Write as _;
            key.clear();
            let _ = write!(key, "{}", item.key);
            stmt.execute(params![change, ids[&item.key], key])
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// The state of `key` right after bulk change `change` recorded it
    /// without its state: the `before` of its next history row (the change
    /// that next touched it saw it so), else `current` (unchanged since).
    fn bulk_after(&self, change: i64, key: &str, current: Option<&Item>) -> Result<Option<Item>> {
        let next: Option<Option<String>> = self
            .tx
            .prepare_cached(
                "SELECT before FROM history WHERE item_key = ?1 AND change_id > ?2 \
                 ORDER BY change_id, id LIMIT 1",
            )
            .and_then(|mut s| s.query_row(params![key, change], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        match next {
            Some(before) => before.map(|s| format::item_from_json(&s)).transpose(),
            None => Ok(current.cloned()),
        }
    }

    /// Inserts one row with every column (no dependencies), at version 1,
    /// and its decisions. Returns its row id.
    ///
    /// The id is read with `last_insert_rowid`, not `RETURNING`: SQLite
    /// runs `RETURNING` as a trigger, so each such statement keeps a
    /// statement journal, a copy of every page it touches (a fifth of an
    /// import's time went into writing those copies to a temporary file).
    fn insert_row(&mut self, item: &Item, parent_id: Option<i64>) -> Result<i64> {
        let fields = Fields::of(item)?;
        let (kind, created, updated) = (
            kind_letter(item.key.kind),
            fmt_time(item.created),
            fmt_time(item.updated),
        );
        let head: [&dyn ToSql; 4] = [&kind, &item.key.num, &parent_id, &item.title];
        let tail: [&dyn ToSql; 2] = [&created, &updated];
        self.tx
            .prepare_cached(&INSERT_ITEM)
            .and_then(|mut s| {
                s.execute(params_from_iter(
                    head.into_iter().chain(fields.params()).chain(tail),
                ))
            })
            .map_err(|e| self.err(e))?;
        let id = self.tx.last_insert_rowid();
        self.insert_decisions(id, item)?;
        Ok(id)
    }

    /// Writes `item`'s decisions for row `id`, in order.
    fn insert_decisions(&mut self, id: i64, item: &Item) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO decisions (item_id, position, date, decision, rationale) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(|e| self.err(e))?;
        for (n, d) in item.decisions.iter().enumerate() {
            stmt.execute(params![
                id,
                n as i64,
                d.date.format("%Y-%m-%d").to_string(),
                d.decision,
                d.rationale
            ])
            .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    fn insert_with_id(&mut self, item: &Item, id: Option<i64>) -> Result<Item> {
        if self.exists(item.key)? {
            return Err(StoreError::Refused(format!("{} already exists", item.key)));
        }
        self.check_links(item, None)?;
        let parent_id = item.parent.map(|p| self.id_of(p)).transpose()?;
        let mut stored = item.clone();
        stored.version = 1;
        stored.created = item.created;
        stored.updated = item.updated;
        let id: i64 = self
            .tx
            .query_row(
                "INSERT INTO items (id, kind, num, parent_id, title, created, updated, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1) RETURNING id",
                params![
                    id,
                    kind_letter(item.key.kind),
                    item.key.num,
                    parent_id,
                    item.title,
                    fmt_time(item.created),
                    fmt_time(item.updated)
                ],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        self.reserve_keys(item.key.kind, item.key.num + 1)?;
        self.write_fields(id, &stored)?;
        self.record(id, item.key, None, Some(&stored))?;
        Ok(stored)
    }

    /// Writes `item`'s content over `before` (whose version is current),
    /// bumping the version. No-op changes are not recorded.
    fn overwrite(&mut self, before: &Item, item: &Item) -> Result<Item> {
        let mut after = item.clone();
        after.version = before.version;
        after.updated = before.updated;
        after.created = before.created;
        if after == *before {
            return Ok(before.clone());
        }
        let id = self.id_of(item.key)?;
        let parent_id = item.parent.map(|p| self.id_of(p)).transpose()?;
        let version: Option<i64> = self
            .tx
            .query_row(
                "UPDATE items SET parent_id = ?1, title = ?2, updated = ?3, version = version + 1 \
                 WHERE id = ?4 AND version = ?5 RETURNING version",
                params![
                    parent_id,
                    item.title,
                    fmt_time(self.now),
                    id,
                    before.version
                ],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(version) = version else {
            return Err(StoreError::Stale {
                key: item.key,
                expected: before.version,
                found: self.get(item.key)?.version,
            });
        };
        after.version = version;
        after.updated = self.now;
        self.write_fields(id, &after)?;
        self.record(id, item.key, Some(before), Some(&after))?;
        Ok(after)
    }

    /// Parent of the right kind and existing; dependencies existing and
    /// acyclic.
    fn check_links(&self, item: &Item, before: Option<&Item>) -> Result<()> {
        item.key.kind.check_parent(item.parent)?;
        if let Some(p) = item.parent
            && !self.exists(p)?
        {
            return Err(StoreError::NoSuchItem(p));
        }
        let old: &[Key] = before.map_or(&[], |b| &b.depends_on);
        let added: Vec<Key> = item
            .depends_on
            .iter()
            .filter(|d| !old.contains(d))
            .copied()
            .collect();
        if !added.is_empty() {
            let mut graph = self.dependency_graph()?;
            graph.insert(item.key, old.to_vec());
            for dep in added {
                if !self.exists(dep)? {
                    return Err(StoreError::NoSuchItem(dep));
                }
                check_new_dependency(&graph, item.key, dep)?;
                graph.entry(item.key).or_default().push(dep);
            }
        }
        Ok(())
    }

    /// Writes every field but key, parent, title and version of row `id`,
    /// and replaces its dependencies and decisions.
    fn write_fields(&mut self, id: i64, item: &Item) -> Result<()> {
        let fields = Fields::of(item)?;
        let head: [&dyn ToSql; 1] = [&id];
        self.tx
            .prepare_cached(&UPDATE_FIELDS)
            .and_then(|mut s| s.execute(params_from_iter(head.into_iter().chain(fields.params()))))
            .map_err(|e| self.err(e))?;
        self.tx
            .execute("DELETE FROM dependencies WHERE item_id = ?1", [id])
            .map_err(|e| self.err(e))?;
        for dep in &item.depends_on {
            let dep_id = self.id_of(*dep)?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO dependencies (item_id, depends_on) VALUES (?1, ?2)",
                )
                .and_then(|mut s| s.execute([id, dep_id]))
                .map_err(|e| self.err(e))?;
        }
        self.tx
            .execute("DELETE FROM decisions WHERE item_id = ?1", [id])
            .map_err(|e| self.err(e))?;
        self.insert_decisions(id, item)?;
        Ok(())
    }

    fn load_dependents(&self, id: i64) -> Result<Vec<Key>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT a.kind, a.num FROM dependencies d JOIN items a ON a.id = d.item_id \
                 WHERE d.depends_on = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            let (k, n) = r.map_err(|e| self.err(e))?;
            if let Some(kind) = k.chars().next().and_then(Kind::from_letter) {
                out.push(Key::new(kind, n));
            }
        }
        Ok(out)
    }

    fn ensure_change(&mut self) -> Result<i64> {
        if let Some(id) = self.change_id {
            return Ok(id);
        }
        // A new change makes undone changes no longer redoable.
        self.tx
            .execute("UPDATE changes SET state = 2 WHERE state = 1", [])
            .map_err(|e| self.err(e))?;
        let id: i64 = self
            .tx
            .query_row(
                "INSERT INTO changes (at, summary, note) VALUES (?1, ?2, ?3) RETURNING id",
                params![fmt_time(self.now), self.summary, self.note],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        self.change_id = Some(id);
        Ok(id)
    }

    fn record(
        &mut self,
        id: i64,
        key: Key,
        before: Option<&Item>,
        after: Option<&Item>,
    ) -> Result<()> {
        let change = self.ensure_change()?;
        let before = before.map(format::item_to_json).transpose()?;
        let after = after.map(format::item_to_json).transpose()?;
        self.tx
            .prepare_cached(
                "INSERT INTO history (change_id, item_id, item_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut s| {
                s.execute(params![change, id, key.to_string(), before, after])
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Commits; returns the id of the change recorded, if any.
    fn commit_change(self) -> Result<Option<i64>> {
        if let (Some(id), Some(note)) = (self.change_id, &self.note) {
            self.tx
                .execute(
                    "UPDATE changes SET note = ?2, summary = ?3 WHERE id = ?1",
                    params![id, note, self.summary],
                )
                .map_err(|e| self.err(e))?;
        } else if let Some(id) = self.change_id {
            self.tx
                .execute(
                    "UPDATE changes SET summary = ?2 WHERE id = ?1",
                    params![id, self.summary],
                )
                .map_err(|e| self.err(e))?;
        }
        // COMMIT by hand rather than `Transaction::commit`, so that a
        // failure (a full disk) can be explained from the connection;
        // dropping the committed transaction then does nothing, and a
        // failed one is rolled back.
        let change = self.change_id;
        self.tx.execute_batch("COMMIT").map_err(|e| self.err(e))?;
        Ok(change)
    }

    fn step_change(&mut self, direction: Direction, only: Option<i64>) -> Result<Option<String>> {
        let (from_state, to_state, backwards) = match direction {
            Direction::Undo => (0, 1, true),
            Direction::Redo => (1, 0, false),
        };
        // Undo takes the newest live change; redo the oldest undone one
        // after it (undone changes form a stack) — or exactly `only`.
        let sql = match (only, backwards) {
            (Some(_), _) => "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND id = ?2",
            (None, true) => {
                "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND ?2 IS NULL \
                 AND EXISTS (SELECT 1 FROM history h WHERE h.change_id = changes.id) ORDER BY id DESC LIMIT 1"
            }
            (None, false) => {
                "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND ?2 IS NULL ORDER BY id ASC LIMIT 1"
            }
        };
        let found: Option<(i64, String, bool)> = self
            .tx
            .query_row(sql, params![from_state, only], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((change, summary, bulk)) = found else {
            return Ok(None);
        };
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT id, item_id, item_key, before, after FROM history WHERE change_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<Row> = stmt
            .query_map([change], |r| {
                Ok(Row {
                    row: r.get(0)?,
                    id: r.get(1)?,
                    key: r.get(2)?,
                    before: r.get(3)?,
                    after: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        drop(stmt);
        let parse = |s: Option<String>| -> Result<Option<Item>> {
            s.map(|s| format::item_from_json(&s)).transpose()
        };
        let mut steps = Vec::new();
        for r in rows {
            // A bulk row without states (schema V4): its after-state is
            // read back below, from the item's next row or the item.
            let lazy = bulk && r.before.is_none() && r.after.is_none();
            if lazy && !backwards {
                // Undo writes the states of a bulk change into its rows
                // before it can be redone.
                return Err(StoreError::BadData(format!(
                    "change {change} cannot be redone: the state of {} after it was never recorded",
                    r.key
                )));
            }
            let (expect, target) = if backwards {
                (parse(r.after)?, parse(r.before)?)
            } else {
                (parse(r.before)?, parse(r.after)?)
            };
            steps.push((r.row, r.id, r.key, lazy, expect, target));
        }
        // What a bulk change left (it did not record it), read before this
        // undo deletes anything (deleting an item drops links to it), and
        // written into its row so that redo finds it, as if recorded in full.
        for (row, _, key_text, lazy, expect, _) in &mut steps {
            if !*lazy {
                continue;
            }
            let key: Key = key_text.parse().map_err(StoreError::Domain)?;
            let current = rows::get(&self.tx, key).map_err(|e| self.err(e))?;
            *expect = self.bulk_after(change, key_text, current.as_ref())?;
            if let Some(after) = expect {
                let json = format::item_to_json(after)?;
                self.tx
                    .prepare_cached("UPDATE history SET after = ?2 WHERE id = ?1")
                    .and_then(|mut s| s.execute(params![*row, json]))
                    .map_err(|e| self.err(e))?;
            }
        }
        if backwards {
            steps.reverse();
        }
        let what = if backwards { "undo" } else { "redo" };
        // Dependencies may point at items this change brings back later:
        // they are written once every item is in place.
        let mut links = Vec::new();
        for (_, id, key_text, _, mut expect, target) in steps {
            let key: Key = key_text.parse().map_err(StoreError::Domain)?;
            let current = rows::get(&self.tx, key).map_err(|e| self.err(e))?;
            // Links to items that are gone (purged, or deleted by an
            // earlier step of this change) went with them.
            if let Some(e) = &mut expect {
                self.retain_existing(&mut e.depends_on)?;
            }
            let unchanged = match (&current, &expect) {
                (None, None) => true,
                (Some(c), Some(e)) => same_content(c, e),
                _ => false,
            };
            if !unchanged {
                return Err(StoreError::Refused(format!(
                    "cannot {what} “{summary}”: {key} has changed since"
                )));
            }
            if let Some(p) = target.as_ref().and_then(|t| t.parent)
                && !self.exists(p)?
            {
                return Err(StoreError::Refused(format!(
                    "cannot {what} “{summary}”: {key} belonged to {p}, which was deleted for good"
                )));
            }
            let target = match target {
                Some(mut t) => {
                    let all = t.depends_on.clone();
                    self.retain_existing(&mut t.depends_on)?;
                    if t.depends_on.len() < all.len() {
                        let mut full = t.clone();
                        full.depends_on = all;
                        links.push((id, full));
                    }
                    Some(t)
                }
                None => None,
            };
            match (current, target) {
                (Some(cur), Some(mut t)) => {
                    t.version = cur.version;
                    self.overwrite_unrecorded(id, &cur, &t)?;
                }
                (Some(_), None) => {
                    self.tx
                        .execute("DELETE FROM items WHERE id = ?1", [id])
                        .map_err(|e| match e.sqlite_error_code() {
                            Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Refused(format!(
                                "cannot {what} “{summary}”: {key} has children or dependents now"
                            )),
                            _ => self.err(e),
                        })?;
                }
                (None, Some(t)) => {
                    let parent_id = t.parent.map(|p| self.id_of(p)).transpose()?;
                    self.tx
                        .execute(
                            "INSERT INTO items (id, kind, num, parent_id, title, created, updated, version) \
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            params![
                                id,
                                kind_letter(t.key.kind),
                                t.key.num,
                                parent_id,
                                t.title,
                                fmt_time(t.created),
                                fmt_time(self.now),
                                t.version + 1
                            ],
                        )
                        .map_err(|e| self.err(e))?;
                    self.write_fields(id, &t)?;
                }
                (None, None) => {}
            }
        }
        for (id, mut t) in links {
            self.retain_existing(&mut t.depends_on)?;
            self.write_fields(id, &t)?;
        }
        self.tx
            .execute(
                "UPDATE changes SET state = ?2 WHERE id = ?1",
                [change, to_state],
            )
            .map_err(|e| self.err(e))?;
        Ok(Some(summary))
    }

    /// Drops keys of items that no longer exist.
    fn retain_existing(&self, keys: &mut Vec<Key>) -> Result<()> {
        let mut kept = Vec::with_capacity(keys.len());
        for k in keys.iter() {
            if self.exists(*k)? {
                kept.push(*k);
            }
        }
        *keys = kept;
        Ok(())
    }

    fn overwrite_unrecorded(&mut self, id: i64, current: &Item, target: &Item) -> Result<()> {
        let parent_id = target.parent.map(|p| self.id_of(p)).transpose()?;
        let n = self
            .tx
            .execute(
                "UPDATE items SET parent_id = ?1, title = ?2, updated = ?3, version = version + 1 \
                 WHERE id = ?4 AND version = ?5",
                params![
                    parent_id,
                    target.title,
                    fmt_time(self.now),
                    id,
                    current.version
                ],
            )
            .map_err(|e| self.err(e))?;
        if n != 1 {
            return Err(StoreError::Stale {
                key: target.key,
                expected: current.version,
                found: current.version + 1,
            });
        }
        self.write_fields(id, target)
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
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::NoSuchItem(key))
    }

    fn exists(&self, key: Key) -> Result<bool> {
        Ok(rows::id_of(&self.tx, key)
            .map_err(|e| self.err(e))?
            .is_some())
    }

    /// Every item, as of this transaction.
    fn load(&self) -> Result<Backlog> {
        Ok(Backlog::new(
            rows::load_all(&self.tx).map_err(|e| self.err(e))?,
        ))
    }

    fn is_empty(&self) -> Result<bool> {
        Ok(rows::count(&self.tx).map_err(|e| self.err(e))? == 0)
    }

    /// Every item's dependencies.
    fn dependency_graph(&self) -> Result<HashMap<Key, Vec<Key>>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT a.kind, a.num, b.kind, b.num FROM dependencies d \
                 JOIN items a ON a.id = d.item_id JOIN items b ON b.id = d.depends_on",
            )
            .map_err(|e| self.err(e))?;
        let pairs = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut graph: HashMap<Key, Vec<Key>> = HashMap::new();
        for p in pairs {
            let (ak, an, bk, bn) = p.map_err(|e| self.err(e))?;
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
            .map_err(|e| self.err(e))?;
        Ok(Key::new(kind, num))
    }

    /// The next key numbers per kind (for export).
    fn key_sequence(&self) -> Result<HashMap<Kind, i64>> {
        rows::key_sequence(&self.tx).map_err(|e| self.err(e))
    }

    /// Makes sure the next key of `kind` is at least `next`.
    fn reserve_keys(&mut self, kind: Kind, next: i64) -> Result<()> {
        self.tx
            .execute(
                "UPDATE key_seq SET next = max(next, ?2) WHERE kind = ?1",
                params![kind_letter(kind), next],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Stores a snapshot as it was taken (an import of an export). A name
    /// in use is refused.
    fn insert_snapshot(&mut self, snapshot: &Snapshot) -> Result<()> {
        snapshots::insert(&self.tx, snapshot, &self.at())
    }

    fn snapshot_taken(&self, name: &str) -> Result<Option<DateTime<Utc>>> {
        snapshots::taken_at(&self.tx, name).map_err(|e| self.err(e))
    }

    fn delete_snapshot(&mut self, name: &str) -> Result<bool> {
        snapshots::delete(&self.tx, name).map_err(|e| self.err(e))
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
        .map_err(|e| self.err(e))?;
        Ok(max.map_or(1, |m| m + 1))
    }

    /// Stores a new item under its key (allocated with [`Tx::next_key`] or
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

    /// Stores `item` over the stored one, provided the stored one is still
    /// at `item.version`; otherwise fails with [`StoreError::Stale`].
    /// Returns the item as stored, with its new version.
    fn update(&mut self, item: &Item) -> Result<Item> {
        let before = self.get(item.key)?;
        if before.version != item.version {
            return Err(StoreError::Stale {
                key: item.key,
                expected: item.version,
                found: before.version,
            });
        }
        self.check_links(item, Some(&before))?;
        self.overwrite(&before, item)
    }

    /// Deletes an item for good, with its history. Refused while it has
    /// children.
    fn purge(&mut self, key: Key) -> Result<Item> {
        let item = self.get(key)?;
        let id = self.id_of(key)?;
        let children: i64 = self
            .tx
            .query_row(
                "SELECT count(*) FROM items WHERE parent_id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        if children > 0 {
            let what = match key.kind.child_kind() {
                Some(Kind::Epic) => "epics",
                _ => "stories",
            };
            return Err(StoreError::Refused(format!(
                "{key} still has {children} {what}: purge or move them first"
            )));
        }
        // Items that depended on it lose that dependency (and a version).
        let dependents: Vec<Key> = self.load_dependents(id)?;
        for d in dependents {
            let mut dep_item = self.get(d)?;
            dep_item.depends_on.retain(|k| *k != key);
            let before = self.get(d)?;
            self.overwrite(&before, &dep_item)?;
        }
        self.tx
            .execute("DELETE FROM history WHERE item_key = ?1", [key.to_string()])
            .map_err(|e| self.err(e))?;
        self.tx
            .execute("DELETE FROM items WHERE id = ?1", [id])
            .map_err(|e| self.err(e))?;
        // Not undoable: the change keeps no rows for undo to replay, so
        // undo goes on to the changes before it.
        let change = self.ensure_change()?;
        self.tx
            .execute("DELETE FROM history WHERE change_id = ?1", [change])
            .map_err(|e| self.err(e))?;
        Ok(item)
    }

    /// Deletes every item, decision, dependency and history row, and resets
    /// the key sequence: the file is as new.
    fn wipe(&mut self) -> Result<()> {
        self.tx
            .execute_batch(
                "DELETE FROM history; DELETE FROM changes; DELETE FROM dependencies; \
                 DELETE FROM decisions; DELETE FROM items WHERE kind = 'S'; \
                 DELETE FROM items WHERE kind = 'E'; DELETE FROM items; \
                 UPDATE key_seq SET next = 1;",
            )
            .map_err(|e| self.err(e))?;
        self.change_id = None;
        Ok(())
    }

    fn step(&mut self, direction: Direction, only: Option<i64>) -> Result<Option<String>> {
        self.step_change(direction, only)
    }

    fn commit(self: Box<Self>) -> Result<Option<i64>> {
        self.commit_change()
    }
}

/// One history row of a change being undone or redone.
struct Row {
    /// The history row's own id.
    row: i64,
    /// The item's row id.
    id: i64,
    key: String,
    before: Option<String>,
    after: Option<String>,
}

/// Equal but for version and timestamps.
fn same_content(a: &Item, b: &Item) -> bool {
    let mut b = b.clone();
    b.version = a.version;
    b.updated = a.updated;
    b.created = a.created;
    *a == b
}

/// The item columns that `write_fields` rewrites (everything but key,
/// parent, title, times and version), in [`Fields::params`] order: one
/// list for the INSERT of a new row and the UPDATE of an existing one.
const FIELD_COLUMNS: [&str; 23] = [
    "description",
    "status",
    "lane",
    "owner",
    "labels",
    "rank",
    "archived",
    "outcome",
    "hypothesis",
    "metrics",
    "persona",
    "goal",
    "benefit",
    "points",
    "criteria",
    "reach",
    "impact",
    "confidence",
    "effort",
    "wsjf_value",
    "wsjf_time",
    "wsjf_risk",
    "wsjf_size",
];

/// `INSERT` of a whole row at version 1: kind, num, parent_id, title, the
/// field columns, created, updated.
static INSERT_ITEM: LazyLock<String> = LazyLock::new(|| {
    let n = FIELD_COLUMNS.len();
    let marks: Vec<String> = (1..=n + 6).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO items (kind, num, parent_id, title, {}, created, updated, version) \
         VALUES ({}, 1)",
        FIELD_COLUMNS.join(", "),
        marks.join(", ")
    )
});

/// `UPDATE` of the field columns of row `?1`.
static UPDATE_FIELDS: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = FIELD_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    format!("UPDATE items SET {} WHERE id = ?1", sets.join(", "))
});

/// An item's values for [`FIELD_COLUMNS`], with its JSON columns
/// serialised once.
struct Fields<'a> {
    item: &'a Item,
    status: &'static str,
    lane: Option<&'static str>,
    labels: String,
    metrics: String,
    criteria: String,
}

impl<'a> Fields<'a> {
    /// Fails (and so fails the write) if a list cannot be serialised.
    fn of(item: &'a Item) -> Result<Fields<'a>> {
        Ok(Fields {
            item,
            status: item.status.as_str(),
            lane: item.lane.map(|l| l.as_str()),
            labels: format::labels_to_json(&item.labels)?,
            metrics: format::metrics_to_json(&item.metrics)?,
            criteria: format::criteria_to_json(&item.criteria)?,
        })
    }

    fn params(&self) -> [&dyn ToSql; 23] {
        let i = self.item;
        [
            &i.description,
            &self.status,
            &self.lane,
            &i.owner,
            &self.labels,
            &i.rank,
            &i.archived,
            &i.outcome,
            &i.hypothesis,
            &self.metrics,
            &i.persona,
            &i.goal,
            &i.benefit,
            &i.points,
            &self.criteria,
            &i.rice.reach,
            &i.rice.impact,
            &i.rice.confidence,
            &i.rice.effort,
            &i.wsjf.value,
            &i.wsjf.time_criticality,
            &i.wsjf.risk_reduction,
            &i.wsjf.job_size,
        ]
    }
}
