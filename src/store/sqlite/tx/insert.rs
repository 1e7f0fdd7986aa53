//! Inserting items: one at a time (recorded in full), many at once (an
//! import, recorded as one bulk change without their states), or loaded
//! unrecorded into an empty file.

use std::collections::HashMap;

use rusqlite::{ToSql, params};

use super::super::error::SqlResult;
use super::super::rows::{self, fmt_time, kind_letter};
use super::super::uncopied;
use super::SqliteTx;
use super::fields::{INSERT_ITEM, INSERT_ITEM_AT, bind};
use crate::domain::deps::check_new_dependencies;
use crate::domain::{Item, Key, Kind};
use crate::store::backend::BackendTx;
use crate::store::error::{Result, StoreError};
use crate::store::fields::Fields;

impl SqliteTx<'_> {
    pub(super) fn insert_with_id(&mut self, item: &Item, id: Option<i64>) -> Result<Item> {
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
            .explained(self)?;
        self.reserve_keys(item.key.kind, item.key.num + 1)?;
        self.write_fields(id, &stored)?;
        self.record(id, item.key, None, Some(&stored))?;
        Ok(stored)
    }

    /// One prepared statement per table, one pass over the items, the
    /// dependency graph checked in memory: linear in the number of items.
    pub(super) fn insert_many(&mut self, items: &[Item], record: bool) -> Result<()> {
        // A big load: see `with_big_cache`.
        if items.len() > 1000 {
            self.with_big_cache(|tx| tx.insert_many_inner(items, record))
        } else {
            self.insert_many_inner(items, record)
        }
    }

    pub(super) fn insert_many_inner(&mut self, items: &[Item], record: bool) -> Result<()> {
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
                            .explained(self)?
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
            // Checked for cycles all at once (one check per dependency
            // walked the chain below it: cubic in a chain's length).
            let graph = self.dependency_graph()?;
            let edges: Vec<(Key, Key)> = sorted
                .iter()
                .flat_map(|i| i.depends_on.iter().map(|&d| (i.key, d)))
                .collect();
            check_new_dependencies(&graph, &edges)?;
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
                            .explained(self)?
                            .ok_or(StoreError::NoSuchItem(dep))?,
                    };
                    added.push(dep);
                    self.tx
                        .prepare_cached(
                            "INSERT OR IGNORE INTO dependencies (item_id, depends_on) VALUES (?1, ?2)",
                        )
                        .and_then(|mut s| s.execute([id, dep_id]))
                        .explained(self)?;
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
    /// change is read back when needed (see `bulk_after` in `undo.rs`): writing
    /// every item's JSON a second time doubled the size of an import.
    pub(super) fn record_bulk(&mut self, sorted: &[&Item], ids: &HashMap<Key, i64>) -> Result<()> {
        let change = self.ensure_change()?;
        self.tx
            .execute("UPDATE changes SET bulk = 1 WHERE id = ?1", [change])
            .explained(self)?;
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO history (change_id, item_id, item_key) VALUES (?1, ?2, ?3)",
            )
            .explained(self)?;
        let mut key = String::new();
        for item in sorted {
            use std::fmt::Write as _;
            key.clear();
            let _ = write!(key, "{}", item.key);
            stmt.execute(params![change, ids[&item.key], key])
                .explained(self)?;
        }
        Ok(())
    }

    /// Inserts one row with every column (no dependencies), at version 1,
    /// and its decisions. Returns its row id.
    ///
    /// The id is read with `last_insert_rowid`, not `RETURNING`: SQLite
    /// runs `RETURNING` as a trigger, so each such statement keeps a
    /// statement journal, a copy of every page it touches (a fifth of an
    /// import's time went into writing those copies to a temporary file).
    pub(super) fn insert_row(&mut self, item: &Item, parent_id: Option<i64>) -> Result<i64> {
        self.put_row(None, item, parent_id)?;
        let id = self.tx.last_insert_rowid();
        self.insert_decisions(id, item)?;
        Ok(id)
    }

    /// Inserts row `id` with every column of `item`, at its version and
    /// times (no dependencies, no decisions).
    pub(super) fn insert_row_at(
        &mut self,
        id: i64,
        item: &Item,
        parent_id: Option<i64>,
    ) -> Result<()> {
        self.put_row(Some(id), item, parent_id)
    }

    /// The row of `item`: a new row id and version 1 (`id` none), or row
    /// `id` at the item's version.
    fn put_row(&mut self, id: Option<i64>, item: &Item, parent_id: Option<i64>) -> Result<()> {
        let fields = Fields::of(item)?;
        let values = fields.values();
        let (kind, created, updated) = (
            kind_letter(item.key.kind),
            fmt_time(item.created),
            fmt_time(item.updated),
        );
        let mut head: Vec<&dyn ToSql> = Vec::with_capacity(5);
        if let Some(id) = &id {
            head.push(id);
        }
        head.extend([&kind as &dyn ToSql, &item.key.num, &parent_id, &item.title]);
        let mut tail: Vec<&dyn ToSql> = vec![&created, &updated];
        let sql: &str = match id {
            Some(_) => {
                tail.push(&item.version);
                &INSERT_ITEM_AT
            }
            None => &INSERT_ITEM,
        };
        let params: Vec<&dyn ToSql> = head.into_iter().chain(bind(&values)).chain(tail).collect();
        execute(&self.tx, sql, &params).explained(self)?;
        Ok(())
    }

    /// Adds `item`'s dependencies to row `id` (which has none yet).
    pub(super) fn insert_links(&mut self, id: i64, item: &Item) -> Result<()> {
        for dep in &item.depends_on {
            let dep_id = self.id_of(*dep)?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO dependencies (item_id, depends_on) VALUES (?1, ?2)",
                )
                .and_then(|mut s| s.execute([id, dep_id]))
                .explained(self)?;
        }
        Ok(())
    }

    /// Writes `item`'s decisions for row `id`, in order.
    pub(super) fn insert_decisions(&mut self, id: i64, item: &Item) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO decisions (item_id, position, date, decision, rationale) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .explained(self)?;
        for (n, d) in item.decisions.iter().enumerate() {
            stmt.execute(params![
                id,
                n as i64,
                d.date.format("%Y-%m-%d").to_string(),
                d.decision,
                d.rationale
            ])
            .explained(self)?;
        }
        Ok(())
    }
}

/// Runs `sql` with `params`: cached and bound as usual, or, with a big
/// text among them, bound where it is (see `uncopied`).
pub(super) fn execute(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn ToSql],
) -> rusqlite::Result<usize> {
    if uncopied::has_big_text(params) {
        uncopied::execute(conn, sql, params)
    } else {
        conn.prepare_cached(sql).and_then(|mut s| s.execute(params))
    }
}

/// A history row's insert: as [`execute`], and with a big state, without
/// the table's CHECKs, which only ask that its states be JSON (see
/// `uncopied::execute_unchecked`).
pub(super) fn execute_history(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn ToSql],
) -> rusqlite::Result<usize> {
    if uncopied::has_big_text(params) {
        uncopied::execute_unchecked(conn, sql, params)
    } else {
        conn.prepare_cached(sql).and_then(|mut s| s.execute(params))
    }
}
