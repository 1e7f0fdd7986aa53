//! Undo and redo on a file: the SQL the shared rules
//! (`store/undo_rules.rs`) ask for: the change and its history rows, its
//! state; an item overwritten with a new version, deleted, or put back
//! under its old row id; and each recorded in the item's history under
//! the change that records the step.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::super::error::SqlResult;
use super::super::rows::{self, fmt_time};
use super::super::shelf;
use super::{COMMAND, LIVE, RECORD, SUPERSEDED, SqliteTx, UNDONE};
use crate::domain::{Item, Key, Kind};
use crate::store::backend::Direction;
use crate::store::error::{Result, StoreError};
use crate::store::format;
use crate::store::history::Stepped;
use crate::store::undo_rules::{
    self, ChangeState, Deleted, Found, HistoryRow, Pick, Prefetch, Savepoint, UndoSql,
};

mod beside;
mod bulk;
mod bulk_redo;
mod plain_row;
mod prefetch;
mod redo_checks;
mod shelf_check;
mod unchecked;
mod undo_checks;

#[cfg(test)]
pub(in crate::store::sqlite) use beside::ask_beside;

#[cfg(test)]
thread_local! {
    /// Whether a bulk insertion may be taken whole (tests compare it with
    /// the rules' item-by-item step).
    static WHOLE: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Lets a bulk insertion be taken whole on this thread, or not.
#[cfg(test)]
pub(in crate::store::sqlite) fn bulk_whole(whole: bool) {
    WHOLE.with(|w| w.set(whole));
}

fn state_code(state: ChangeState) -> i64 {
    match state {
        ChangeState::Live => LIVE,
        ChangeState::Undone => UNDONE,
        ChangeState::Superseded => SUPERSEDED,
    }
}

/// The items a step deletes, deleted together: each `DELETE` of an item
/// (its dependencies and decisions go with it, by the schema's cascades)
/// is a statement that may write several rows, so SQLite keeps a
/// statement journal for it, a copy of every page it touches; one
/// statement for many items copies each page once. Deleting an item is
/// refused (`Deleted::Held`) at once when it has a child that is not
/// deleted too; the deletes are run before anything else reads or writes
/// items, in the order asked, one statement per run of items of one kind
/// (an item's parent is of another kind, so a statement never deletes a
/// parent before its children).
#[derive(Default)]
pub(in crate::store::sqlite) struct Doomed {
    /// Row ids and kinds, in the order the deletes were asked for.
    order: Vec<(i64, Kind)>,
    ids: std::collections::HashSet<i64>,
    /// The kinds of the rows the step's prefetch read (row ids do not
    /// change), so that asking for a delete need not read the row.
    kinds: std::collections::HashMap<i64, Kind>,
    /// Of those rows, the ones that had no child when the prefetch read
    /// them and have gained none since (the step puts an item under a
    /// parent with `insert_at` and `update_row`, which take the parent
    /// out): deleting one needs no look for children.
    childless: std::collections::HashSet<i64>,
}

impl Doomed {
    /// Row `parent` may have a child now.
    fn parent_of_one(&mut self, parent: Option<i64>) {
        if let Some(p) = parent {
            self.childless.remove(&p);
        }
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
        // A bulk insertion first: without foreign keys if it is taken
        // whole, else again with them (see `unchecked.rs`).
        if self.may_go_unchecked(direction, only)? {
            self.begin_again(false)?;
            let stepped = self.step_rules(direction, only);
            if !self.needs_keys {
                return stepped;
            }
            self.needs_keys = false;
            self.begin_again(true)?;
        }
        self.step_rules(direction, only)
    }

    fn step_rules(&mut self, direction: Direction, only: Option<i64>) -> Result<Stepped> {
        // A big step rewrites the same index pages many times, as an
        // import does (see `with_big_cache`).
        self.with_big_cache(|tx| {
            let stepped = undo_rules::step_change(tx, direction, only)
                .and_then(|s| tx.delete_doomed().map(|()| s));
            tx.doomed = Doomed::default();
            stepped
        })
    }

    /// Runs the deletes asked for so far (see [`Doomed`]).
    fn delete_doomed(&mut self) -> Result<()> {
        if self.doomed.order.is_empty() {
            return Ok(());
        }
        let order = std::mem::take(&mut self.doomed.order);
        self.doomed.ids.clear();
        let mut start = 0;
        while start < order.len() {
            let kind = order[start].1;
            let end = order[start..]
                .iter()
                .position(|(_, k)| *k != kind)
                .map_or(order.len(), |n| start + n);
            let ids: Vec<String> = order[start..end]
                .iter()
                .map(|(id, _)| id.to_string())
                .collect();
            self.tx
                .prepare_cached("DELETE FROM items WHERE id IN (SELECT value FROM json_each(?1))")
                .and_then(|mut s| s.execute([format!("[{}]", ids.join(","))]))
                .explained(self)?;
            start = end;
        }
        Ok(())
    }
}

impl UndoSql for SqliteTx<'_> {
    type Error = StoreError;

    fn find_change(&mut self, from: ChangeState, pick: Pick) -> Result<Option<Found>> {
        self.delete_doomed()?;
        let select = "SELECT id, summary, bulk, note FROM changes WHERE state = ?1 AND kind = ?2";
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
                    passed_over: undo_rules::passed_over(r.get::<_, Option<String>>(3)?.as_deref()),
                })
            })
            .optional()
            .explained(self)
    }

    fn history_rows(&mut self, change: i64) -> Result<Vec<HistoryRow>> {
        self.refuse_unchecked()?;
        self.delete_doomed()?;
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
        self.delete_doomed()?;
        let found: Option<(i64, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT id, before FROM history WHERE item_key = ?1 AND change_id > ?2 \
                 ORDER BY change_id, id LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row(params![key.to_string(), change], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
            })
            .explained(self)?;
        match found {
            // On the shelf: the rules take the state as JSON.
            Some((row, Some(json))) if json == shelf::SHELVED => {
                let item = shelf::before(&self.tx, row, &json).explained(self)??;
                Ok(Some(Some(format::item_to_json(&item)?)))
            }
            Some((_, before)) => Ok(Some(before)),
            None => Ok(None),
        }
    }

    fn write_after(&mut self, row: i64, after: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE history SET after = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![row, after]))
            .explained(self)?;
        Ok(())
    }

    fn set_state(&mut self, change: i64, state: ChangeState) -> Result<()> {
        self.delete_doomed()?;
        self.tx
            .execute(
                "UPDATE changes SET state = ?2 WHERE id = ?1",
                [change, state_code(state)],
            )
            .explained(self)?;
        Ok(())
    }

    fn add_note(&mut self, change: i64, note: &str) -> Result<()> {
        self.tx
            .execute(
                "UPDATE changes SET note = coalesce(nullif(note, '') || '; ', '') || ?2 WHERE id = ?1",
                params![change, note],
            )
            .explained(self)?;
        Ok(())
    }

    fn savepoint(&mut self, op: Savepoint) -> Result<()> {
        self.delete_doomed()?;
        let sql = match op {
            Savepoint::Begin => "SAVEPOINT step",
            Savepoint::Release => "RELEASE step",
            Savepoint::RollBack => "ROLLBACK TO step; RELEASE step",
        };
        self.tx.execute_batch(sql).explained(self)
    }

    fn current(&mut self, key: Key) -> Result<Option<Item>> {
        self.delete_doomed()?;
        rows::get(&self.tx, key).explained(self)
    }

    fn present(&mut self, key: Key) -> Result<bool> {
        self.delete_doomed()?;
        Ok(rows::id_of(&self.tx, key).explained(self)?.is_some())
    }

    fn held_by(&mut self, id: i64) -> Result<Vec<Key>> {
        self.delete_doomed()?;
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

    /// Asks for the delete (see [`Doomed`]): refused now if the item has
    /// a child that stays (the schema's `ON DELETE RESTRICT`).
    fn delete(&mut self, id: i64) -> Result<Deleted> {
        let kind = match self.doomed.kinds.get(&id) {
            Some(&k) => k,
            None => {
                let kind: Option<String> = self
                    .tx
                    .prepare_cached("SELECT kind FROM items WHERE id = ?1")
                    .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
                    .explained(self)?;
                match kind
                    .as_deref()
                    .and_then(|k| k.chars().next())
                    .and_then(Kind::from_letter)
                {
                    Some(k) => k,
                    None => return Ok(Deleted::Done),
                }
            }
        };
        if !self.doomed.childless.contains(&id) {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT id FROM items WHERE parent_id = ?1")
                .explained(self)?;
            let children = stmt
                .query_map([id], |r| r.get::<_, i64>(0))
                .explained(self)?;
            for child in children {
                if !self.doomed.ids.contains(&child.explained(self)?) {
                    return Ok(Deleted::Held);
                }
            }
        }
        if self.doomed.ids.insert(id) {
            self.doomed.order.push((id, kind));
        }
        Ok(Deleted::Done)
    }

    fn moment(&self) -> DateTime<Utc> {
        self.now
    }

    fn update_row(&mut self, id: i64, version: i64, target: &Item) -> Result<bool> {
        self.delete_doomed()?;
        let parent_id = target.parent.map(|p| self.id_of(p)).transpose()?;
        self.doomed.parent_of_one(parent_id);
        let n = self
            .tx
            .prepare_cached(
                "UPDATE items SET parent_id = ?1, title = ?2, updated = ?3, version = version + 1 \
                 WHERE id = ?4 AND version = ?5",
            )
            .and_then(|mut s| {
                s.execute(params![
                    parent_id,
                    target.title,
                    fmt_time(self.now),
                    id,
                    version
                ])
            })
            .explained(self)?;
        Ok(n == 1)
    }

    fn rewrite_fields(&mut self, id: i64, item: &Item) -> Result<()> {
        self.delete_doomed()?;
        self.write_fields(id, item)
    }

    fn history_count(&mut self, key: Key) -> Result<i64> {
        self.tx
            .prepare_cached("SELECT count(*) FROM history WHERE item_key = ?1")
            .and_then(|mut s| s.query_row([key.to_string()], |r| r.get(0)))
            .explained(self)
    }

    fn insert_at(&mut self, id: i64, item: &Item) -> Result<()> {
        self.delete_doomed()?;
        let parent_id = item.parent.map(|p| self.id_of(p)).transpose()?;
        self.doomed.parent_of_one(parent_id);
        // One row with every column; the row is new, so its dependencies
        // and decisions are only added.
        self.insert_row_at(id, item, parent_id)?;
        self.insert_links(id, item)?;
        self.insert_decisions(id, item)
    }

    fn new_record(&mut self, summary: &str, stepped: i64) -> Result<i64> {
        self.tx
            .query_row(
                "INSERT INTO changes (at, summary, kind, author, stepped) \
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                params![fmt_time(self.now), summary, RECORD, self.author, stepped],
                |r| r.get(0),
            )
            .explained(self)
    }

    fn prefetch(&mut self, change: i64, direction: Direction) -> Result<Option<Prefetch>> {
        self.delete_doomed()?;
        let (read, kinds, childless) =
            prefetch::read(&self.tx, change, direction).explained(self)??;
        self.doomed.kinds = kinds;
        self.doomed.childless = childless;
        Ok(Some(read))
    }

    fn bulk_step(&mut self, found: &Found, direction: Direction) -> Result<Option<bool>> {
        self.delete_doomed()?;
        #[cfg(test)]
        if !WHOLE.with(std::cell::Cell::get) {
            return Ok(None);
        }
        match direction {
            Direction::Undo => self.bulk_undo(found),
            Direction::Redo => self.bulk_redo(found),
        }
    }

    fn mark_bulk(&mut self, record: i64) -> Result<bool> {
        self.tx
            .execute("UPDATE changes SET bulk = 1 WHERE id = ?1", [record])
            .explained(self)?;
        Ok(true)
    }

    fn record_row(
        &mut self,
        record: i64,
        id: i64,
        key: Key,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<()> {
        // A big state bound where it is (see `insert::execute_history`).
        super::insert::execute_history(
            &self.tx,
            "INSERT INTO history (change_id, item_id, item_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![record, id, key.to_string(), before, after],
        )
        .explained(self)?;
        Ok(())
    }
}
