//! Undo and redo on a server: the SQL the shared rules
//! (`store/undo_rules.rs`) ask for, the same steps and messages as on a
//! file. Each history row's state is checked against the item now, the
//! other state written back with a new version and recorded under a
//! change of kind 2 (the record of the step).

use chrono::{DateTime, Utc};

use super::fail::{Fail, Pg};
use super::rows::seconds;
use super::tx::PgTx;
use crate::domain::{Item, Key, Kind};
use crate::store::backend::Direction;
use crate::store::history::Stepped;
use crate::store::undo_rules::{
    self, ChangeState, Deleted, Found, HistoryRow, Pick, Savepoint, UndoSql,
};

/// A change's `state` as stored.
fn state_code(state: ChangeState) -> i16 {
    match state {
        ChangeState::Live => 0,
        ChangeState::Undone => 1,
        ChangeState::Superseded => 2,
    }
}

impl PgTx<'_> {
    /// Undoes or redoes change `only`, or the latest change that can go
    /// that way (see `undo_rules`).
    pub(super) fn step_change(&mut self, direction: Direction, only: Option<i64>) -> Pg<Stepped> {
        undo_rules::step_change(self, direction, only)
    }
}

impl UndoSql for PgTx<'_> {
    type Error = Fail;

    fn find_change(&mut self, from: ChangeState, pick: Pick) -> Pg<Option<Found>> {
        let select = "SELECT id, summary, bulk, note FROM changes WHERE state = $1 AND kind = 0";
        let (sql, id) = match pick {
            Pick::Exactly(id) => (format!("{select} AND id = $2"), Some(id)),
            Pick::NewestBefore(below) => (
                format!(
                    "{select} AND id < coalesce($2::bigint, 9223372036854775807) \
                     AND EXISTS (SELECT 1 FROM history h WHERE h.change_id = changes.id) \
                     ORDER BY id DESC LIMIT 1"
                ),
                below,
            ),
            Pick::OldestAfter(above) => (
                format!("{select} AND id > coalesce($2::bigint, 0) ORDER BY id ASC LIMIT 1"),
                above,
            ),
        };
        let Some(found) = self.c().query_opt(&sql, &[&state_code(from), &id])? else {
            return Ok(None);
        };
        Ok(Some(Found {
            id: found.try_get(0)?,
            summary: found.try_get(1)?,
            bulk: found.try_get(2)?,
            passed_over: crate::store::undo_rules::passed_over(
                found.try_get::<_, Option<String>>(3)?.as_deref(),
            ),
        }))
    }

    fn history_rows(&mut self, change: i64) -> Pg<Vec<HistoryRow>> {
        let rows = self.c().query(
            "SELECT id, item_id, item_key, before::text, after::text FROM history \
             WHERE change_id = $1 ORDER BY id",
            &[&change],
        )?;
        rows.iter()
            .map(|r| {
                Ok(HistoryRow {
                    row: r.try_get(0)?,
                    id: r.try_get(1)?,
                    key: r.try_get(2)?,
                    before: r.try_get(3)?,
                    after: r.try_get(4)?,
                })
            })
            .collect()
    }

    fn next_before(&mut self, key: Key, change: i64) -> Pg<Option<Option<String>>> {
        Ok(self
            .c()
            .query_opt(
                "SELECT before::text FROM history WHERE item_key = $1 AND change_id > $2 \
                 ORDER BY change_id, id LIMIT 1",
                &[&key.to_string(), &change],
            )?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn write_after(&mut self, row: i64, after: &str) -> Pg<()> {
        self.c().execute(
            "UPDATE history SET after = $2::text::json WHERE id = $1",
            &[&row, &after],
        )?;
        Ok(())
    }

    fn set_state(&mut self, change: i64, state: ChangeState) -> Pg<()> {
        self.c().execute(
            "UPDATE changes SET state = $2 WHERE id = $1",
            &[&change, &state_code(state)],
        )?;
        Ok(())
    }

    fn add_note(&mut self, change: i64, note: &str) -> Pg<()> {
        self.c().execute(
            "UPDATE changes SET note = coalesce(nullif(note, '') || '; ', '') || $2 WHERE id = $1",
            &[&change, &note],
        )?;
        Ok(())
    }

    fn savepoint(&mut self, op: Savepoint) -> Pg<()> {
        let sql = match op {
            Savepoint::Begin => "SAVEPOINT step",
            Savepoint::Release => "RELEASE SAVEPOINT step",
            Savepoint::RollBack => "ROLLBACK TO SAVEPOINT step; RELEASE SAVEPOINT step",
        };
        Ok(self.c().batch_execute(sql)?)
    }

    fn current(&mut self, key: Key) -> Pg<Option<Item>> {
        self.get_item(key)
    }

    fn present(&mut self, key: Key) -> Pg<bool> {
        self.exists_(key)
    }

    fn held_by(&mut self, id: i64) -> Pg<Vec<Key>> {
        let held = self.c().query(
            "SELECT kind, num FROM items WHERE parent_id = $1 UNION ALL \
             SELECT a.kind, a.num FROM dependencies d JOIN items a ON a.id = d.item_id \
             WHERE d.depends_on = $1",
            &[&id],
        )?;
        let mut keys = Vec::with_capacity(held.len());
        for r in held {
            let k: String = r.try_get(0)?;
            let n: i64 = r.try_get(1)?;
            if let Some(kind) = k.chars().next().and_then(Kind::from_letter) {
                keys.push(Key::new(kind, n));
            }
        }
        Ok(keys)
    }

    fn delete(&mut self, id: i64) -> Pg<Deleted> {
        match self.c().execute("DELETE FROM items WHERE id = $1", &[&id]) {
            Ok(_) => Ok(Deleted::Done),
            Err(e) if e.code().map(|c| c.code()) == Some("23503") => Ok(Deleted::Held),
            Err(e) => Err(e.into()),
        }
    }

    fn moment(&self) -> DateTime<Utc> {
        self.now
    }

    fn update_row(&mut self, id: i64, version: i64, target: &Item) -> Pg<bool> {
        let parent_id = target.parent.map(|p| self.id_of(p)).transpose()?;
        let now = seconds(self.now);
        let n = self.c().execute(
            "UPDATE items SET parent_id = $1, title = $2, updated = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
            &[&parent_id, &target.title, &now, &id, &version],
        )?;
        Ok(n == 1)
    }

    fn rewrite_fields(&mut self, id: i64, item: &Item) -> Pg<()> {
        self.write_fields(id, item)
    }

    fn history_count(&mut self, key: Key) -> Pg<i64> {
        Ok(self
            .c()
            .query_one(
                "SELECT count(*) FROM history WHERE item_key = $1",
                &[&key.to_string()],
            )?
            .try_get(0)?)
    }

    fn insert_at(&mut self, id: i64, item: &Item) -> Pg<()> {
        let parent_id = item.parent.map(|p| self.id_of(p)).transpose()?;
        self.insert_row(item, parent_id, Some(id), item.version)?;
        self.write_fields(id, item)
    }

    fn new_record(&mut self, summary: &str, _stepped: i64) -> Pg<i64> {
        let at = seconds(self.now);
        Ok(self
            .c()
            .query_one(
                "INSERT INTO changes (at, summary, author, kind) VALUES ($1, $2, $3, 2) RETURNING id",
                &[&at, &summary, &self.author],
            )?
            .try_get(0)?)
    }

    fn record_row(
        &mut self,
        record: i64,
        id: i64,
        key: Key,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Pg<()> {
        self.insert_history(record, id, key, before, after)
    }
}
