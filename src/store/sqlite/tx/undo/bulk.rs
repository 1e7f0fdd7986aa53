//! A bulk insertion (an import) undone and redone whole, set by set
//! (`UndoSql::bulk_step`): undo moves the items' rows to the shelf
//! (schema V12) and deletes them with a few statements, redo moves them
//! back. Taken only where the rules' item-by-item step would do exactly
//! the same (see [`SqliteTx::bulk_undo`] and [`SqliteTx::bulk_redo`]),
//! and leaving the same items, versions, record and history (a record's
//! `before` on the shelf reads as the JSON the rules would have written).
//!
//! The rules' step deletes the items in reverse order of the change's
//! rows, and an item's recorded state then lacks its links to items of
//! the change deleted before it (the cascade took them); redo puts the
//! items back in order, each without its links to items not back yet,
//! and writes those links at the end as a second version. Such a link
//! is *cut*: from an item of the change to one whose row comes after.
//!
//! Redo is in `bulk_redo.rs`; the check of the shelved values it copies
//! back in `shelf_check.rs`.

use std::collections::{HashMap, HashSet};

use rusqlite::{Params, params};

use super::super::super::error::{At, SqlResult};
use super::super::super::rows::{self, ITEM_COLUMNS, fmt_time};
use super::super::super::shelf::SHELVED;
use super::super::{RECORD, SqliteTx, UNDONE};
use super::undo_checks;
use crate::domain::Key;
use crate::store::error::Result;
use crate::store::format;
use crate::store::undo_rules::Found;

/// One history row of the change: its id, the item's row id, its key.
pub(super) struct Row {
    pub(super) row: i64,
    pub(super) id: i64,
    pub(super) key: String,
}

/// The change's rows, in order, if every one created a distinct item
/// (no state before it) and the change has no other.
pub(super) fn created_rows(at: &At<'_>, change: i64) -> Result<Option<Vec<Row>>> {
    let mut stmt = at
        .conn
        .prepare_cached(
            "SELECT id, item_id, item_key, before IS NULL FROM history \
             WHERE change_id = ?1 ORDER BY id",
        )
        .explained(at)?;
    let read = stmt
        .query_map([change], |r| {
            Ok((
                Row {
                    row: r.get(0)?,
                    id: r.get(1)?,
                    key: r.get(2)?,
                },
                r.get::<_, bool>(3)?,
            ))
        })
        .explained(at)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .explained(at)?;
    let (mut keys, mut ids) = (HashSet::new(), HashSet::new());
    let mut out = Vec::with_capacity(read.len());
    for (row, created) in read {
        if !created || !keys.insert(row.key.clone()) || !ids.insert(row.id) {
            return Ok(None);
        }
        out.push(row);
    }
    Ok((!out.is_empty()).then_some(out))
}

/// The items of the change, as an SQL condition on column `col`: the
/// row ids from the first to the last when they are every id between
/// (an import's rows are), else the set of the change's rows (`?1` the
/// change, or its record).
pub(super) fn of_change(rows: &[Row], col: &str) -> String {
    match span(rows) {
        Some((lo, hi)) => format!("{col} BETWEEN {lo} AND {hi}"),
        None => format!("{col} IN (SELECT item_id FROM history WHERE change_id = ?1)"),
    }
}

/// The first and last row id of the change's items, if they are every
/// id between.
fn span(rows: &[Row]) -> Option<(i64, i64)> {
    let (lo, hi) = rows.iter().fold((i64::MAX, i64::MIN), |(lo, hi), r| {
        (lo.min(r.id), hi.max(r.id))
    });
    // The ids are distinct (see `created_rows`): as many as the span
    // holds means every id of it.
    (usize::try_from(hi.saturating_sub(lo)).ok() == Some(rows.len().saturating_sub(1)))
        .then_some((lo, hi))
}

/// Whether query `sql` finds a row.
pub(super) fn any(at: &At<'_>, sql: &str, p: impl Params) -> Result<bool> {
    at.conn
        .prepare_cached(&format!("SELECT EXISTS ({sql})"))
        .and_then(|mut s| s.query_row(p, |r| r.get(0)))
        .explained(at)
}

/// A key of the change (`?1`) has a history row, after it, of a change
/// other than a record (`?2`) of taking this one back or forth, or one
/// that meets condition `or` (on that row `l`).
pub(super) fn changed_otherwise(or: &str) -> String {
    format!(
        "SELECT 1 FROM history h JOIN history l \
         ON l.item_key = h.item_key AND l.change_id > ?1 \
         JOIN changes lc ON lc.id = l.change_id \
         WHERE h.change_id = ?1 AND (lc.kind <> ?2 OR lc.stepped IS NOT ?1{or})"
    )
}

impl SqliteTx<'_> {
    /// This transaction's connection and file, to ask on.
    pub(super) fn at(&self) -> At<'_> {
        At {
            conn: &self.tx,
            path: self.path,
        }
    }

    /// Starts the record of taking change `found`.
    pub(super) fn start_record(&self, verb: &str, found: &Found) -> Result<i64> {
        self.tx
            .query_row(
                "INSERT INTO changes (at, summary, kind, author, stepped) \
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                params![
                    fmt_time(self.now),
                    format!("{verb}: {}", found.summary),
                    RECORD,
                    self.author,
                    found.id
                ],
                |r| r.get(0),
            )
            .explained(self)
    }

    /// Undoes bulk insertion `found` whole, if the rules would delete
    /// every item of it and nothing else: each item exists, no item that
    /// stays has one as its parent, and none was changed since but by
    /// taking this change back and forth (so each is as the change, or
    /// its last redo, left it).
    pub(super) fn bulk_undo(&mut self, found: &Found) -> Result<Option<bool>> {
        let change = found.id;
        let Some((taken, record)) =
            self.asked_and_written(|at| undo_checks::verdict(at, change), |tx| tx.shelve(found))?
        else {
            return Ok(None);
        };
        let undo_checks::Taken { rows, links, fill } = taken;
        // Where the rules read an item's state back from the item itself
        // (no later row) and its record lacks cut links, the change's row
        // gets the state in full, for redo.
        for (row, key) in &fill {
            let key: Key = key.parse().map_err(crate::store::StoreError::Domain)?;
            let Some(item) = rows::get(&self.tx, key).explained(self)? else {
                continue;
            };
            self.write_after_json(*row, &format::item_to_json(&item)?)?;
        }
        let shelved: HashMap<i64, i64> = self
            .tx
            .prepare("SELECT item_id, id FROM history WHERE change_id = ?1")
            .and_then(|mut s| {
                s.query_map([record], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .explained(self)?;
        let mut put = self
            .tx
            .prepare("INSERT INTO shelf_links (history_id, depends_on, cut) VALUES (?1, ?2, ?3)")
            .explained(self)?;
        for (from, key, cut) in &links {
            put.execute(params![shelved.get(from), key, cut])
                .explained(self)?;
        }
        drop(put);
        // The items' links, both ways, and their decisions, by set (with
        // foreign keys off no cascade takes them); then the items.
        for sql in [
            format!(
                "DELETE FROM dependencies WHERE {}",
                of_change(&rows, "item_id")
            ),
            format!(
                "DELETE FROM dependencies WHERE {}",
                of_change(&rows, "depends_on")
            ),
            format!(
                "DELETE FROM decisions WHERE {}",
                of_change(&rows, "item_id")
            ),
        ] {
            self.execute_on(&sql, record)?;
        }
        if self.keys_off {
            // Nothing restricts the order: one statement; without a
            // condition (SQLite then drops the table's pages whole, not
            // row by row) when the change's items are every item.
            let every = match span(&rows) {
                Some((lo, hi)) => !any(
                    &self.at(),
                    "SELECT 1 FROM items WHERE id < ?1 UNION ALL SELECT 1 FROM items WHERE id > ?2",
                    [lo, hi],
                )?,
                None => false,
            };
            let sql = if every {
                "DELETE FROM items".to_string()
            } else {
                format!("DELETE FROM items WHERE {}", of_change(&rows, "id"))
            };
            self.execute_on(&sql, record)?;
        } else {
            // Children before parents (a parent link restricts deletes).
            for kind in ["S", "E", "I", "F"] {
                self.tx
                    .prepare_cached(
                        "DELETE FROM items WHERE kind = ?2 \
                         AND id IN (SELECT item_id FROM history WHERE change_id = ?1)",
                    )
                    .and_then(|mut s| s.execute(params![record, kind]))
                    .explained(self)?;
            }
        }
        self.tx
            .execute(
                "UPDATE changes SET state = ?2 WHERE id = ?1",
                [change, UNDONE],
            )
            .explained(self)?;
        self.check_keys()?;
        Ok(Some(true))
    }

    /// The record of undoing change `found` (returned), its history
    /// rows, and the change's items and their decisions copied to the
    /// shelf under them.
    fn shelve(&self, found: &Found) -> Result<i64> {
        let record = self.start_record("undo", found)?;
        self.tx
            .execute(
                "INSERT INTO history (change_id, item_id, item_key, before, after) \
                 SELECT ?1, item_id, item_key, ?3, NULL FROM history WHERE change_id = ?2 \
                 ORDER BY id DESC",
                params![record, found.id, SHELVED],
            )
            .explained(self)?;
        let columns: Vec<String> = ITEM_COLUMNS.split(", ").map(|c| format!("i.{c}")).collect();
        self.tx
            .execute(
                &format!(
                    "INSERT INTO shelf (history_id, parent_key, {ITEM_COLUMNS}) \
                     SELECT r.id, p.kind || '-' || p.num, {} FROM history r \
                     JOIN items i ON i.id = r.item_id LEFT JOIN items p ON p.id = i.parent_id \
                     WHERE r.change_id = ?1",
                    columns.join(", ")
                ),
                [record],
            )
            .explained(self)?;
        self.tx
            .execute(
                "INSERT INTO shelf_decisions (history_id, position, date, decision, rationale) \
                 SELECT r.id, d.position, d.date, d.decision, d.rationale FROM history r \
                 JOIN decisions d ON d.item_id = r.item_id WHERE r.change_id = ?1",
                [record],
            )
            .explained(self)?;
        Ok(record)
    }

    /// Runs `sql`, of [`of_change`], with `change` as `?1` if it names it.
    pub(super) fn execute_on(&self, sql: &str, change: i64) -> Result<usize> {
        if sql.contains("?1") {
            self.tx.execute(sql, [change])
        } else {
            self.tx.execute(sql, [])
        }
        .explained(self)
    }

    fn write_after_json(&self, row: i64, after: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE history SET after = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![row, after]))
            .explained(self)?;
        Ok(())
    }
}
