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

use std::collections::{HashMap, HashSet};

use rusqlite::{Params, params};

use super::super::super::error::SqlResult;
use super::super::super::rows::{self, ITEM_COLUMNS, fmt_time};
use super::super::super::shelf::SHELVED;
use super::super::{COMMAND, LIVE, RECORD, SqliteTx, UNDONE};
use super::shelf_check;
use crate::domain::{Item, Key};
use crate::store::error::Result;
use crate::store::format;
use crate::store::undo_rules::Found;

/// One history row of the change: its id, the item's row id, its key.
struct Row {
    row: i64,
    id: i64,
    key: String,
}

/// The change's rows, in order, if every one created a distinct item
/// (no state before it) and the change has no other.
fn created_rows(tx: &SqliteTx<'_>, change: i64) -> Result<Option<Vec<Row>>> {
    let mut stmt = tx
        .tx
        .prepare_cached(
            "SELECT id, item_id, item_key, before IS NULL FROM history \
             WHERE change_id = ?1 ORDER BY id",
        )
        .explained(tx)?;
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
        .explained(tx)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .explained(tx)?;
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
fn of_change(rows: &[Row], col: &str) -> String {
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
fn any(tx: &SqliteTx<'_>, sql: &str, p: impl Params) -> Result<bool> {
    tx.tx
        .prepare_cached(&format!("SELECT EXISTS ({sql})"))
        .and_then(|mut s| s.query_row(p, |r| r.get(0)))
        .explained(tx)
}

/// A key of the change has a history row, after it, of a change other
/// than a record of taking this one back or forth.
const CHANGED_OTHERWISE: &str = "SELECT 1 FROM history h JOIN history l \
     ON l.item_key = h.item_key AND l.change_id > ?1 \
     JOIN changes lc ON lc.id = l.change_id \
     WHERE h.change_id = ?1 AND (lc.kind <> ?2 OR lc.stepped IS NOT ?1)";

impl SqliteTx<'_> {
    /// The change's items' links, as (item row id, target row id, target
    /// key), those that are cut (see the module) marked.
    fn links_of(
        &self,
        change: i64,
        order: &HashMap<i64, usize>,
    ) -> Result<Vec<(i64, String, bool)>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT d.item_id, d.depends_on, b.kind || '-' || b.num FROM history h \
                 JOIN dependencies d ON d.item_id = h.item_id JOIN items b ON b.id = d.depends_on \
                 WHERE h.change_id = ?1",
            )
            .explained(self)?;
        let links = stmt
            .query_map([change], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get(2)?))
            })
            .explained(self)?
            .collect::<rusqlite::Result<Vec<(i64, i64, String)>>>()
            .explained(self)?;
        Ok(links
            .into_iter()
            .map(|(from, to, key)| {
                let cut = matches!((order.get(&from), order.get(&to)), (Some(a), Some(b)) if b > a);
                (from, key, cut)
            })
            .collect())
    }

    /// Starts the record of taking change `found`.
    fn start_record(&self, verb: &str, found: &Found) -> Result<i64> {
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
        let Some(rows) = created_rows(self, change)? else {
            return Ok(None);
        };
        let present: i64 = self
            .tx
            .prepare_cached(
                "SELECT count(*) FROM history h JOIN items i ON i.id = h.item_id \
                 WHERE h.change_id = ?1 AND i.kind || '-' || i.num = h.item_key",
            )
            .and_then(|mut s| s.query_row([change], |r| r.get(0)))
            .explained(self)?;
        if usize::try_from(present).ok() != Some(rows.len())
            || any(
                self,
                &format!(
                    "SELECT 1 FROM history h JOIN items c ON c.parent_id = h.item_id \
                     WHERE h.change_id = ?1 AND NOT ({})",
                    of_change(&rows, "c.id")
                ),
                [change],
            )?
            || any(self, CHANGED_OTHERWISE, [change, RECORD])?
        {
            return Ok(None);
        }
        let order: HashMap<i64, usize> = rows.iter().enumerate().map(|(n, r)| (r.id, n)).collect();
        let links = self.links_of(change, &order)?;
        // Where the rules read an item's state back from the item itself
        // (no later row) and its record lacks cut links, the change's row
        // gets the state in full, for redo.
        let cut_ids: HashSet<i64> = links.iter().filter(|l| l.2).map(|l| l.0).collect();
        for r in rows.iter().filter(|r| cut_ids.contains(&r.id)) {
            let later = any(
                self,
                "SELECT 1 FROM history WHERE item_key = (SELECT item_key FROM history WHERE id = ?2) \
                 AND change_id > ?1",
                [change, r.row],
            )?;
            let written: bool = self
                .tx
                .query_row(
                    "SELECT after IS NOT NULL FROM history WHERE id = ?1",
                    [r.row],
                    |x| x.get(0),
                )
                .explained(self)?;
            if later || written {
                continue;
            }
            let key: Key = r.key.parse().map_err(crate::store::StoreError::Domain)?;
            let Some(item) = rows::get(&self.tx, key).explained(self)? else {
                continue;
            };
            self.write_after_json(r.row, &format::item_to_json(&item)?)?;
        }
        let record = self.start_record("undo", found)?;
        self.tx
            .execute(
                "INSERT INTO history (change_id, item_id, item_key, before, after) \
                 SELECT ?1, item_id, item_key, ?3, NULL FROM history WHERE change_id = ?2 \
                 ORDER BY id DESC",
                params![record, change, SHELVED],
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
        self.tx
            .execute(
                "INSERT INTO shelf_decisions (history_id, position, date, decision, rationale) \
                 SELECT r.id, d.position, d.date, d.decision, d.rationale FROM history r \
                 JOIN decisions d ON d.item_id = r.item_id WHERE r.change_id = ?1",
                [record],
            )
            .explained(self)?;
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
                    self,
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

    /// Whether an item holds a key of change `change` (of `n` rows):
    /// looked up from the smaller side.
    fn key_taken(&self, change: i64, n: i64) -> Result<bool> {
        let items: i64 = self
            .tx
            .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
            .explained(self)?;
        let sql = if items < n {
            "SELECT 1 FROM items i CROSS JOIN history h \
             ON h.item_key = i.kind || '-' || i.num AND h.change_id = ?1"
        } else {
            "SELECT 1 FROM history h JOIN items i \
             ON i.kind = substr(h.item_key, 1, instr(h.item_key, '-') - 1) \
             AND i.num = CAST(substr(h.item_key, instr(h.item_key, '-') + 1) AS INTEGER) \
             WHERE h.change_id = ?1"
        };
        any(self, sql, [change])
    }

    /// Whether query `sql`, of [`of_change`], finds a row, with `change`
    /// as `?1` if it names it.
    fn any_on(&self, sql: &str, change: i64) -> Result<bool> {
        let sql = format!("SELECT EXISTS ({sql})");
        if sql.contains("?1") {
            self.tx.query_row(&sql, [change], |r| r.get(0))
        } else {
            self.tx.query_row(&sql, [], |r| r.get(0))
        }
        .explained(self)
    }

    /// Runs `sql`, of [`of_change`], with `change` as `?1` if it names it.
    fn execute_on(&self, sql: &str, change: i64) -> Result<usize> {
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

    /// Redoes bulk insertion `found` whole, if the rules would put every
    /// item of it back as its last undo shelved it: none exists, none was
    /// changed since but by taking this change back and forth, the last
    /// undo (the item's last row) shelved each, and every parent and link
    /// target is back with it or there.
    pub(super) fn bulk_redo(&mut self, found: &Found) -> Result<Option<bool>> {
        let change = found.id;
        let Some(rows) = created_rows(self, change)? else {
            return Ok(None);
        };
        let undo: Option<i64> = self
            .tx
            .query_row(
                "SELECT max(id) FROM changes WHERE kind = ?1 AND stepped = ?2",
                [RECORD, change],
                |r| r.get(0),
            )
            .explained(self)?;
        let Some(undo) = undo else {
            return Ok(None);
        };
        // The shelved rows of the last undo, and those of them holding a
        // value no item may hold (damage: see `shelf_check.rs`).
        let (shelved, refused): (i64, i64) = self
            .tx
            .query_row(
                &format!(
                    "SELECT count(*), coalesce(sum({}), 0) FROM history u \
                     JOIN shelf s ON s.history_id = u.id \
                     JOIN history c ON c.change_id = ?2 AND c.item_key = u.item_key \
                     AND c.item_id = u.item_id AND s.id = u.item_id \
                     WHERE u.change_id = ?1 AND u.before = ?3",
                    shelf_check::refused("s")
                ),
                params![undo, change, SHELVED],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .explained(self)?;
        if refused > 0 {
            return Err(shelf_check::damaged(self.path));
        }
        let undo_rows: i64 = self
            .tx
            .query_row(
                "SELECT count(*) FROM history WHERE change_id = ?1",
                [undo],
                |r| r.get(0),
            )
            .explained(self)?;
        let n = i64::try_from(rows.len()).unwrap_or(-1);
        if shelved != n
            || undo_rows != n
            || any(self, CHANGED_OTHERWISE, [change, RECORD])?
            || any(
                self,
                "SELECT 1 FROM history h JOIN history l ON l.item_key = h.item_key \
                 AND l.change_id > ?2 WHERE h.change_id = ?1",
                [change, undo],
            )?
            || self.any_on(
                &format!("SELECT 1 FROM items WHERE {}", of_change(&rows, "id")),
                change,
            )?
            || self.key_taken(change, n)?
            || any(
                self,
                &format!(
                    "SELECT 1 FROM history u JOIN shelf s ON s.history_id = u.id \
                     WHERE u.change_id = ?1 AND s.parent_id IS NOT NULL AND NOT ({}) \
                     AND NOT EXISTS (SELECT 1 FROM items p WHERE p.id = s.parent_id \
                     AND p.kind || '-' || p.num = s.parent_key)",
                    of_change(&rows, "s.parent_id")
                ),
                [undo],
            )?
        {
            return Ok(None);
        }
        // Every link's target is an item of the change or there.
        let keys: HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(n, r)| (r.key.as_str(), n))
            .collect();
        let mut stmt = self
            .tx
            .prepare(
                "SELECT u.item_key, l.depends_on FROM history u \
                 JOIN shelf_links l ON l.history_id = u.id WHERE u.change_id = ?1",
            )
            .explained(self)?;
        let links = stmt
            .query_map([undo], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .explained(self)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .explained(self)?;
        drop(stmt);
        // Of each item, the links the rules write at the end (to an item
        // of the change put back after it).
        let mut late: HashMap<String, Vec<Key>> = HashMap::new();
        for (from, to) in links {
            match (keys.get(from.as_str()), keys.get(to.as_str())) {
                (Some(a), Some(b)) => {
                    if b > a {
                        let to: Key = to.parse().map_err(crate::store::StoreError::Domain)?;
                        late.entry(from).or_default().push(to);
                    }
                }
                _ => {
                    let to: Key = to.parse().map_err(crate::store::StoreError::Domain)?;
                    if rows::id_of(&self.tx, to).explained(self)?.is_none() {
                        return Ok(None);
                    }
                }
            }
        }
        let record = self.start_record("redo", found)?;
        self.tx
            .execute("UPDATE changes SET bulk = 1 WHERE id = ?1", [record])
            .explained(self)?;
        // Each at the version that counts its history rows, the one about
        // to be recorded included; `updated` the step's time.
        let columns: Vec<String> = ITEM_COLUMNS
            .split(", ")
            .map(|c| match c {
                "updated" => "?2".to_string(),
                "version" => {
                    "(SELECT count(*) FROM history k WHERE k.item_key = u.item_key) + 1".to_string()
                }
                c => format!("s.{c}"),
            })
            .collect();
        // In the order the change inserted them: the undo's rows copy its
        // rows in reverse, so read backwards from the `history_change`
        // index, without sorting (sorted by row id, every row, its texts
        // whole, went through a sorter: 100 MB at 100,000 stories, a
        // 200 MB description held seven times), and an import's row ids
        // ascending, appended to the table. Foreign keys (when on) are
        // checked at the end of the statement, whatever the order. The
        // rows are copies of rows of `items` whose values were checked
        // above with the items' checks (see `shelf_check.rs`) but for
        // `updated` and `version`, written here: with foreign keys off
        // the checks are not run again.
        let insert = format!(
            "INSERT INTO items ({ITEM_COLUMNS}) SELECT {} FROM history u \
             JOIN shelf s ON s.history_id = u.id WHERE u.change_id = ?1 ORDER BY u.id DESC",
            columns.join(", ")
        );
        self.unchecked(|tx| tx.execute(&insert, params![undo, fmt_time(self.now)]))
            // A shelved value the items table refuses is damage.
            .map_err(|e| super::super::super::error::from_moved(e, self.path))?;
        self.tx
            .execute(
                "INSERT INTO history (change_id, item_id, item_key, before, after) \
                 SELECT ?1, item_id, item_key, NULL, NULL FROM history WHERE change_id = ?2 \
                 ORDER BY id",
                [record, change],
            )
            .explained(self)?;
        self.tx
            .execute(
                "INSERT INTO dependencies (item_id, depends_on) SELECT s.id, b.id FROM history u \
                 JOIN shelf s ON s.history_id = u.id JOIN shelf_links l ON l.history_id = u.id \
                 JOIN items b ON b.kind = substr(l.depends_on, 1, instr(l.depends_on, '-') - 1) \
                 AND b.num = CAST(substr(l.depends_on, instr(l.depends_on, '-') + 1) AS INTEGER) \
                 WHERE u.change_id = ?1",
                [undo],
            )
            .explained(self)?;
        self.tx
            .execute(
                "INSERT INTO decisions (item_id, position, date, decision, rationale) \
                 SELECT s.id, row_number() OVER (PARTITION BY d.history_id ORDER BY d.position) - 1, \
                 d.date, d.decision, d.rationale FROM history u \
                 JOIN shelf s ON s.history_id = u.id JOIN shelf_decisions d ON d.history_id = u.id \
                 WHERE u.change_id = ?1",
                [undo],
            )
            .explained(self)?;
        // The links written at the end: a second version of the item.
        for r in rows.iter().filter(|r| late.contains_key(&r.key)) {
            let key: Key = r.key.parse().map_err(crate::store::StoreError::Domain)?;
            let Some(full) = rows::get(&self.tx, key).explained(self)? else {
                continue;
            };
            let late_links = &late[&r.key];
            let mut before: Item = full.clone();
            before.depends_on.retain(|k| !late_links.contains(k));
            let mut after = full;
            after.version += 1;
            self.tx
                .prepare_cached("UPDATE items SET version = version + 1 WHERE id = ?1")
                .and_then(|mut s| s.execute([r.id]))
                .explained(self)?;
            let (before, after) = (
                format::item_to_json(&before)?,
                format::item_to_json(&after)?,
            );
            self.tx
                .prepare_cached(
                    "INSERT INTO history (change_id, item_id, item_key, before, after) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .and_then(|mut s| s.execute(params![record, r.id, r.key, before, after]))
                .explained(self)?;
        }
        self.tx
            .execute(
                "UPDATE changes SET state = ?2 WHERE id = ?1 AND kind = ?3",
                [change, LIVE, COMMAND],
            )
            .explained(self)?;
        self.check_keys()?;
        Ok(Some(true))
    }
}
