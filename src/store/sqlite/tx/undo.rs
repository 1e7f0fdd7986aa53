//! Undo and redo of a recorded change, in three steps: [`find`] the
//! change, [`read`] what it did to each item (`before` and `after`), and
//! [`apply`] the other way round, each item checked to be as the change
//! left it (undo) or found it (redo).
//!
//! [`find`]: SqliteTx::find_change
//! [`read`]: SqliteTx::read_steps
//! [`apply`]: SqliteTx::apply_step

use rusqlite::{OptionalExtension, params};

use super::super::error::{Explain, SqlResult, is_constraint};
use super::super::rows::{self, fmt_time, kind_letter};
use super::{LIVE, SqliteTx, UNDONE};
use crate::domain::{Item, Key};
use crate::store::backend::{BackendTx, Direction};
use crate::store::error::{Result, StoreError};
use crate::store::format;

/// A change to undo or redo.
struct Found {
    id: i64,
    summary: String,
    /// Recorded by a bulk insertion, without the items' states.
    bulk: bool,
}

/// One history row of a change being undone or redone, as stored.
struct Row {
    /// The history row's own id.
    row: i64,
    /// The item's row id.
    id: i64,
    key: String,
    before: Option<String>,
    after: Option<String>,
}

/// What stepping a change does to one item: it must be `expect` now (or
/// not exist), and becomes `target` (or goes).
struct ItemStep {
    /// The history row it comes from.
    row: i64,
    /// The item's row id (kept across delete and re-insert).
    id: i64,
    key: Key,
    /// A bulk row without states: `expect` is read back before applying.
    lazy: bool,
    expect: Option<Item>,
    target: Option<Item>,
}

/// The states a change moves between, by direction.
fn states(direction: Direction) -> (i64, i64) {
    match direction {
        Direction::Undo => (LIVE, UNDONE),
        Direction::Redo => (UNDONE, LIVE),
    }
}

impl SqliteTx<'_> {
    /// Undoes or redoes change `only`, or the latest change that can go
    /// that way; its summary, `None` when there is none.
    pub(super) fn step_change(
        &mut self,
        direction: Direction,
        only: Option<i64>,
    ) -> Result<Option<String>> {
        let Some(found) = self.find_change(direction, only)? else {
            return Ok(None);
        };
        let mut steps = self.read_steps(&found, direction)?;
        self.fill_bulk_states(found.id, &mut steps)?;
        if direction == Direction::Undo {
            steps.reverse();
        }
        // Dependencies may point at items this change brings back later:
        // they are written once every item is in place.
        let mut links = Vec::new();
        for step in steps {
            self.apply_step(&found, direction, step, &mut links)?;
        }
        for (id, mut t) in links {
            self.retain_existing(&mut t.depends_on)?;
            self.write_fields(id, &t)?;
        }
        let (_, to_state) = states(direction);
        self.tx
            .execute(
                "UPDATE changes SET state = ?2 WHERE id = ?1",
                [found.id, to_state],
            )
            .explained(self)?;
        Ok(Some(found.summary))
    }

    /// Undo takes the newest live change that recorded item rows; redo the
    /// oldest undone one (undone changes form a stack) — or exactly `only`.
    fn find_change(&self, direction: Direction, only: Option<i64>) -> Result<Option<Found>> {
        let sql = match (only, direction) {
            (Some(_), _) => "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND id = ?2",
            (None, Direction::Undo) => {
                "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND ?2 IS NULL \
                 AND EXISTS (SELECT 1 FROM history h WHERE h.change_id = changes.id) ORDER BY id DESC LIMIT 1"
            }
            (None, Direction::Redo) => {
                "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND ?2 IS NULL ORDER BY id ASC LIMIT 1"
            }
        };
        let (from_state, _) = states(direction);
        self.tx
            .query_row(sql, params![from_state, only], |r| {
                Ok(Found {
                    id: r.get(0)?,
                    summary: r.get(1)?,
                    bulk: r.get(2)?,
                })
            })
            .optional()
            .explained(self)
    }

    /// The change's history rows as item steps, in recorded order.
    fn read_steps(&self, found: &Found, direction: Direction) -> Result<Vec<ItemStep>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT id, item_id, item_key, before, after FROM history WHERE change_id = ?1 ORDER BY id",
            )
            .explained(self)?;
        let rows: Vec<Row> = stmt
            .query_map([found.id], |r| {
                Ok(Row {
                    row: r.get(0)?,
                    id: r.get(1)?,
                    key: r.get(2)?,
                    before: r.get(3)?,
                    after: r.get(4)?,
                })
            })
            .explained(self)?
            .collect::<rusqlite::Result<_>>()
            .explained(self)?;
        let parse = |s: Option<String>| -> Result<Option<Item>> {
            s.map(|s| format::item_from_json(&s)).transpose()
        };
        let mut steps = Vec::with_capacity(rows.len());
        for r in rows {
            // A bulk row without states (schema V4): its after-state is
            // read back later, from the item's next row or the item.
            let lazy = found.bulk && r.before.is_none() && r.after.is_none();
            if lazy && direction == Direction::Redo {
                // Undo writes the states of a bulk change into its rows
                // before it can be redone.
                return Err(StoreError::BadData(format!(
                    "change {} cannot be redone: the state of {} after it was never recorded",
                    found.id, r.key
                )));
            }
            let (expect, target) = match direction {
                Direction::Undo => (parse(r.after)?, parse(r.before)?),
                Direction::Redo => (parse(r.before)?, parse(r.after)?),
            };
            steps.push(ItemStep {
                row: r.row,
                id: r.id,
                key: r.key.parse().map_err(StoreError::Domain)?,
                lazy,
                expect,
                target,
            });
        }
        Ok(steps)
    }

    /// What a bulk change left (it did not record it), read before this
    /// undo deletes anything (deleting an item drops links to it), and
    /// written into its row so that redo finds it, as if recorded in full.
    fn fill_bulk_states(&mut self, change: i64, steps: &mut [ItemStep]) -> Result<()> {
        for step in steps.iter_mut().filter(|s| s.lazy) {
            let current = rows::get(&self.tx, step.key).explained(self)?;
            step.expect = self.bulk_after(change, step.key, current.as_ref())?;
            if let Some(after) = &step.expect {
                let json = format::item_to_json(after)?;
                self.tx
                    .prepare_cached("UPDATE history SET after = ?2 WHERE id = ?1")
                    .and_then(|mut s| s.execute(params![step.row, json]))
                    .explained(self)?;
            }
        }
        Ok(())
    }

    /// The state of `key` right after bulk change `change` recorded it
    /// without its state: the `before` of its next history row (the change
    /// that next touched it saw it so), else `current` (unchanged since).
    fn bulk_after(&self, change: i64, key: Key, current: Option<&Item>) -> Result<Option<Item>> {
        let next: Option<Option<String>> = self
            .tx
            .prepare_cached(
                "SELECT before FROM history WHERE item_key = ?1 AND change_id > ?2 \
                 ORDER BY change_id, id LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row(params![key.to_string(), change], |r| r.get(0))
                    .optional()
            })
            .explained(self)?;
        match next {
            Some(before) => before.map(|s| format::item_from_json(&s)).transpose(),
            None => Ok(current.cloned()),
        }
    }

    /// Checks that the item is as the change expects, then moves it to the
    /// target state. Links to items not (yet) there are kept in `links`,
    /// to be written once every item of the change is in place.
    fn apply_step(
        &mut self,
        found: &Found,
        direction: Direction,
        step: ItemStep,
        links: &mut Vec<(i64, Item)>,
    ) -> Result<()> {
        let (what, summary, key, id) = (direction.verb(), &found.summary, step.key, step.id);
        let current = rows::get(&self.tx, key).explained(self)?;
        let mut expect = step.expect;
        // Links to items that are gone (purged, or deleted by an earlier
        // step of this change) went with them.
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
        if let Some(p) = step.target.as_ref().and_then(|t| t.parent)
            && !self.exists(p)?
        {
            return Err(StoreError::Refused(format!(
                "cannot {what} “{summary}”: {key} belonged to {p}, which was deleted for good"
            )));
        }
        let target = match step.target {
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
                self.overwrite_unrecorded(id, &cur, &t)
            }
            (Some(_), None) => {
                self.tx
                    .execute("DELETE FROM items WHERE id = ?1", [id])
                    .map_err(|e| {
                        if is_constraint(&e) {
                            StoreError::Refused(format!(
                                "cannot {what} “{summary}”: {key} has children or dependents now"
                            ))
                        } else {
                            self.explain(e)
                        }
                    })?;
                Ok(())
            }
            (None, Some(t)) => self.reinsert(id, &t),
            (None, None) => Ok(()),
        }
    }

    /// Puts a deleted item back under its old row id.
    fn reinsert(&mut self, id: i64, t: &Item) -> Result<()> {
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
            .explained(self)?;
        self.write_fields(id, t)
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

    /// Writes `target` over the item at `current`'s version, without
    /// recording it (undo and redo move a change's state, not a new one).
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
            .explained(self)?;
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

/// Equal but for version and timestamps.
fn same_content(a: &Item, b: &Item) -> bool {
    let mut b = b.clone();
    b.version = a.version;
    b.updated = a.updated;
    b.created = a.created;
    *a == b
}
