//! Redo of a bulk insertion taken whole: the shelved rows moved back
//! (see `bulk.rs` for the step and its rules, `redo_checks.rs` for what
//! it asks first, `beside.rs` for where it asks).

use std::collections::HashMap;

use rusqlite::params;

use super::super::super::error::SqlResult;
use super::super::super::rows::{self, ITEM_COLUMNS, fmt_time};
use super::super::{COMMAND, LIVE, RECORD, SqliteTx};
use super::redo_checks::{Asked, in_undo, of_undo, verdict};
use crate::domain::{Item, Key};
use crate::store::error::Result;
use crate::store::format;
use crate::store::undo_rules::Found;

impl SqliteTx<'_> {
    /// Redoes bulk insertion `found` whole, if the rules would put every
    /// item of it back as its last undo shelved it (see
    /// `redo_checks::verdict`).
    pub(super) fn bulk_redo(&mut self, found: &Found) -> Result<Option<bool>> {
        let change = found.id;
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
        let asked = Asked {
            change,
            undo,
            undo_rows,
            lo,
            hi,
        };
        let asked = &asked;
        let Some((taken, record)) =
            self.asked_and_written(|at| verdict(at, asked), |tx| tx.copy_back(found, asked))?
        else {
            return Ok(None);
        };
        if !taken.versions_follow {
            // Some item was written since other than by this change's
            // undo and redo: each at the count of its history rows, the
            // redo's own now among them.
            self.tx
                .execute(
                    "UPDATE items SET version = (SELECT count(*) FROM history k \
                     WHERE k.item_key = items.kind || '-' || items.num) \
                     WHERE id IN (SELECT item_id FROM history WHERE change_id = ?1)",
                    [record],
                )
                .explained(self)?;
        }
        self.finish_redo(record, &taken.rows, &taken.late)?;
        self.tx
            .execute(
                "UPDATE changes SET state = ?2 WHERE id = ?1 AND kind = ?3",
                [change, LIVE, COMMAND],
            )
            .explained(self)?;
        self.check_keys()?;
        Ok(Some(true))
    }

    /// The shelved rows of the change's last undo put back in `items`,
    /// their links and decisions with them, under a new record of the
    /// step (returned).
    fn copy_back(&self, found: &Found, asked: &Asked) -> Result<i64> {
        let change = found.id;
        let undo = asked.undo;
        let record = self.start_record("redo", found)?;
        self.tx
            .execute("UPDATE changes SET bulk = 1 WHERE id = ?1", [record])
            .explained(self)?;
        // Each at the version that counts its history rows, the one about
        // to be recorded included: its version when shelved, plus the
        // undo's row and the redo's, when nothing else wrote it since
        // (the checks count the rows; else the versions are counted
        // after the copy). `updated` the step's time.
        let columns: Vec<String> = ITEM_COLUMNS
            .split(", ")
            .map(|c| match c {
                "updated" => "?2".to_string(),
                "version" => "s.version + 2".to_string(),
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
        // rows are copies of rows of `items` whose values the step's
        // checks test with the items' checks (see `shelf_check.rs`), but
        // for `updated` and `version`, written here: with foreign keys
        // off the checks are not run again (a value they refuse, copied
        // beside them, is rolled back with the copy).
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
                    in_undo("l", asked)
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
                    in_undo("d", asked)
                ),
                [],
            )
            .explained(self)?;
        Ok(record)
    }

    /// The links written at the end (`late`, see `Verdict::Go`): a second
    /// version of the item, under record `record`.
    fn finish_redo(
        &self,
        record: i64,
        rows: &[super::bulk::Row],
        late: &HashMap<String, Vec<Key>>,
    ) -> Result<()> {
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
        Ok(())
    }
}
