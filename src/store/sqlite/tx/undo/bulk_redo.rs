//! Redo of a bulk insertion taken whole: the shelved rows moved back
//! (see `bulk.rs` for the step and its rules).

use std::collections::HashMap;

use rusqlite::params;

use super::super::super::error::SqlResult;
use super::super::super::rows::{self, ITEM_COLUMNS, fmt_time};
use super::super::super::shelf::SHELVED;
use super::super::{COMMAND, LIVE, RECORD, SqliteTx};
use super::bulk::{any, changed_otherwise, created_rows, of_change};
use super::shelf_check;
use crate::domain::{Item, Key};
use crate::store::error::Result;
use crate::store::format;
use crate::store::undo_rules::Found;

impl SqliteTx<'_> {
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
        // The undo's rows: their count, and the first and last row id
        // (the rows of one statement, so every id between in practice).
        let (undo_rows, lo, hi): (i64, Option<i64>, Option<i64>) = self
            .tx
            .query_row(
                "SELECT count(*), min(id), max(id) FROM history WHERE change_id = ?1",
                [undo],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .explained(self)?;
        // The shelved links and decisions of the undo's rows (keyed by
        // row id), read by range of the shelf's key, not looked up from
        // each of the undo's rows (a row of them holds one in thirteen
        // links, one in a hundred decisions at 100,000 stories).
        let of_undo = |table: &str, alias: &str| {
            format!("{table} {alias} CROSS JOIN history u ON u.id = {alias}.history_id")
        };
        let in_undo = |table: &str| {
            format!(
                "{table}.history_id BETWEEN {} AND {} AND u.change_id = {undo}",
                lo.unwrap_or(0),
                hi.unwrap_or(-1)
            )
        };
        let n = i64::try_from(rows.len()).unwrap_or(-1);
        if shelved != n
            || undo_rows != n
            // Changed otherwise (as for undo), or since the last undo.
            || any(
                self,
                &changed_otherwise(" OR l.change_id > ?3"),
                [change, RECORD, undo],
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
            .prepare(&format!(
                "SELECT u.item_key, l.depends_on FROM {} WHERE {}",
                of_undo("shelf_links", "l"),
                in_undo("l")
            ))
            .explained(self)?;
        let links = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
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
        // Each item back under its row id, the shelf's `id` (the undo's
        // row's `item_id`, as counted above).
        self.tx
            .execute(
                &format!(
                    "INSERT INTO dependencies (item_id, depends_on) SELECT u.item_id, b.id \
                     FROM {} JOIN items b \
                     ON b.kind = substr(l.depends_on, 1, instr(l.depends_on, '-') - 1) \
                     AND b.num = CAST(substr(l.depends_on, instr(l.depends_on, '-') + 1) AS INTEGER) \
                     WHERE {}",
                    of_undo("shelf_links", "l"),
                    in_undo("l")
                ),
                [],
            )
            .explained(self)?;
        self.tx
            .execute(
                &format!(
                    "INSERT INTO decisions (item_id, position, date, decision, rationale) \
                     SELECT u.item_id, \
                     row_number() OVER (PARTITION BY d.history_id ORDER BY d.position) - 1, \
                     d.date, d.decision, d.rationale FROM {} WHERE {}",
                    of_undo("shelf_decisions", "d"),
                    in_undo("d")
                ),
                [],
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
