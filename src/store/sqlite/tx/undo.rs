//! Undo and redo on a file: the SQL the shared rules
//! (`store/undo_rules.rs`) ask for: the change and its history rows, its
//! state; an item overwritten with a new version, deleted, or put back
//! under its old row id; and each recorded in the item's history under
//! the change that records the step.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::super::error::{Explain, SqlResult, is_constraint};
use super::super::rows::{self, fmt_time, kind_letter};
use super::{COMMAND, LIVE, RECORD, SUPERSEDED, SqliteTx, UNDONE};
use crate::domain::{Item, Key, Kind};
use crate::store::backend::Direction;
use crate::store::error::{Result, StoreError};
use crate::store::history::Stepped;
use crate::store::undo_rules::{
    self, ChangeState, Deleted, Found, HistoryRow, Pick, Savepoint, UndoSql,
};

fn state_code(state: ChangeState) -> i64 {
    match state {
        ChangeState::Live => LIVE,
        ChangeState::Undone => UNDONE,
        ChangeState::Superseded => SUPERSEDED,
    }
}

impl SqliteTx<'_> {
    /// Undoes or redoes change `only`, or the latest change that can go
    /// that way (see `undo_rules`).
    pub(super) fn step_change(
        &mut self,
        direction: Direction,
        only: Option<i64>,
    ) -> Result<Stepped> {
        undo_rules::step_change(self, direction, only)
    }
}

impl UndoSql for SqliteTx<'_> {
    type Error = StoreError;

    fn find_change(&mut self, from: ChangeState, pick: Pick) -> Result<Option<Found>> {
        let select = "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND kind = ?2";
        let (sql, id) = match pick {
            Pick::Exactly(id) => (format!("{select} AND id = ?3"), Some(id)),
            Pick::NewestBefore(below) => (
                format!(
                    "{select} AND id < coalesce(?3, 9223372036854775807) \
                     AND EXISTS (SELECT 1 FROM history h WHERE h.change_id = changes.id) \
                     ORDER BY id DESC LIMIT 1"
                ),
                below,
            ),
            Pick::OldestAfter(above) => (
                format!("{select} AND id > coalesce(?3, 0) ORDER BY id ASC LIMIT 1"),
                above,
            ),
        };
        self.tx
            .query_row(&sql, params![state_code(from), COMMAND, id], |r| {
                Ok(Found {
                    id: r.get(0)?,
                    summary: r.get(1)?,
                    bulk: r.get(2)?,
                })
            })
            .optional()
            .explained(self)
    }

    fn history_rows(&mut self, change: i64) -> Result<Vec<HistoryRow>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT id, item_id, item_key, before, after FROM history WHERE change_id = ?1 ORDER BY id",
            )
            .explained(self)?;
        stmt.query_map([change], |r| {
            Ok(HistoryRow {
                row: r.get(0)?,
                id: r.get(1)?,
                key: r.get(2)?,
                before: r.get(3)?,
                after: r.get(4)?,
            })
        })
        .explained(self)?
        .collect::<rusqlite::Result<_>>()
        .explained(self)
    }

    fn next_before(&mut self, key: Key, change: i64) -> Result<Option<Option<String>>> {
        self.tx
            .prepare_cached(
                "SELECT before FROM history WHERE item_key = ?1 AND change_id > ?2 \
                 ORDER BY change_id, id LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row(params![key.to_string(), change], |r| r.get(0))
                    .optional()
            })
            .explained(self)
    }

    fn write_after(&mut self, row: i64, after: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE history SET after = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![row, after]))
            .explained(self)?;
        Ok(())
    }

    fn set_state(&mut self, change: i64, state: ChangeState) -> Result<()> {
        self.tx
            .execute(
                "UPDATE changes SET state = ?2 WHERE id = ?1",
                [change, state_code(state)],
            )
            .explained(self)?;
        Ok(())
    }

    fn savepoint(&mut self, op: Savepoint) -> Result<()> {
        let sql = match op {
            Savepoint::Begin => "SAVEPOINT step",
            Savepoint::Release => "RELEASE step",
            Savepoint::RollBack => "ROLLBACK TO step; RELEASE step",
        };
        self.tx.execute_batch(sql).explained(self)
    }

    fn current(&mut self, key: Key) -> Result<Option<Item>> {
        rows::get(&self.tx, key).explained(self)
    }

    fn present(&mut self, key: Key) -> Result<bool> {
        Ok(rows::id_of(&self.tx, key).explained(self)?.is_some())
    }

    fn held_by(&mut self, id: i64) -> Result<Vec<Key>> {
        let mut held = self.load_dependents(id)?;
        let mut stmt = self
            .tx
            .prepare_cached("SELECT kind, num FROM items WHERE parent_id = ?1")
            .explained(self)?;
        let children = stmt
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .explained(self)?;
        for c in children {
            let (k, n) = c.explained(self)?;
            if let Some(kind) = k.chars().next().and_then(Kind::from_letter) {
                held.push(Key::new(kind, n));
            }
        }
        Ok(held)
    }

    fn delete(&mut self, id: i64) -> Result<Deleted> {
        match self.tx.execute("DELETE FROM items WHERE id = ?1", [id]) {
            Ok(_) => Ok(Deleted::Done),
            Err(e) if is_constraint(&e) => Ok(Deleted::Held),
            Err(e) => Err(self.explain(e)),
        }
    }

    fn moment(&self) -> DateTime<Utc> {
        self.now
    }

    fn update_row(&mut self, id: i64, version: i64, target: &Item) -> Result<bool> {
        let parent_id = target.parent.map(|p| self.id_of(p)).transpose()?;
        let n = self
            .tx
            .execute(
                "UPDATE items SET parent_id = ?1, title = ?2, updated = ?3, version = version + 1 \
                 WHERE id = ?4 AND version = ?5",
                params![parent_id, target.title, fmt_time(self.now), id, version],
            )
            .explained(self)?;
        Ok(n == 1)
    }

    fn rewrite_fields(&mut self, id: i64, item: &Item) -> Result<()> {
        self.write_fields(id, item)
    }

    fn history_count(&mut self, key: Key) -> Result<i64> {
        self.tx
            .prepare_cached("SELECT count(*) FROM history WHERE item_key = ?1")
            .and_then(|mut s| s.query_row([key.to_string()], |r| r.get(0)))
            .explained(self)
    }

    fn insert_at(&mut self, id: i64, item: &Item) -> Result<()> {
        let parent_id = item.parent.map(|p| self.id_of(p)).transpose()?;
        self.tx
            .execute(
                "INSERT INTO items (id, kind, num, parent_id, title, created, updated, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    kind_letter(item.key.kind),
                    item.key.num,
                    parent_id,
                    item.title,
                    fmt_time(item.created),
                    fmt_time(item.updated),
                    item.version
                ],
            )
            .explained(self)?;
        self.write_fields(id, item)
    }

    fn new_record(&mut self, summary: &str) -> Result<i64> {
        self.tx
            .query_row(
                "INSERT INTO changes (at, summary, kind, author) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                params![fmt_time(self.now), summary, RECORD, self.author],
                |r| r.get(0),
            )
            .explained(self)
    }

    fn record_row(
        &mut self,
        record: i64,
        id: i64,
        key: Key,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO history (change_id, item_id, item_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut s| s.execute(params![record, id, key.to_string(), before, after]))
            .explained(self)?;
        Ok(())
    }
}
