//! Undo and redo of a recorded change, in three steps: [`find`] the
//! change, [`read`] what it did to each item (`before` and `after`), and
//! [`apply`] the other way round, each item checked to be as the change
//! left it (undo) or found it (redo). What the step does to each item is
//! recorded as a change of its own (kind `RECORD`, never undone itself).
//!
//! Without a change to take (`undo`, `redo` of the CLI), the latest one
//! that can still go that way is taken: a change that never can again (an
//! item it needs was deleted for good, or a newer change of one of its
//! items can never be taken back) is passed over and named, so it never
//! blocks the ones before it. A change whose effect is gone (a link to an
//! item deleted for good) is taken without changing anything, and says so.
//!
//! [`find`]: SqliteTx::find_change
//! [`read`]: SqliteTx::read_steps
//! [`apply`]: SqliteTx::apply_step

use std::collections::HashSet;

use rusqlite::{OptionalExtension, params};

use super::super::error::SqlResult;
use super::super::rows;
use super::{COMMAND, LIVE, SUPERSEDED, SqliteTx, UNDONE};
use crate::domain::{Item, Key};
use crate::store::backend::Direction;
use crate::store::error::{Result, StoreError};
use crate::store::format;
use crate::store::history::Stepped;

/// A change to undo or redo.
pub(super) struct Found {
    pub(super) id: i64,
    pub(super) summary: String,
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
pub(super) struct ItemStep {
    /// The history row it comes from.
    row: i64,
    /// The item's row id (kept across delete and re-insert).
    pub(super) id: i64,
    pub(super) key: Key,
    /// A bulk row without states: `expect` is read back before applying.
    lazy: bool,
    pub(super) expect: Option<Item>,
    pub(super) target: Option<Item>,
}

/// How taking one change went.
enum Outcome {
    /// Taken; whether any item changed.
    Done { changed: bool },
    /// It can never be taken that way again: why, and the keys of its
    /// items (a change before it that touched them is blocked too).
    Skip { why: String, keys: Vec<Key> },
}

/// How taking one item of a change went.
pub(super) enum ItemOutcome {
    Changed,
    /// Already as the step would leave it: no new version.
    Unchanged,
    /// The change can never be taken that way again, because of this item.
    Blocked(String),
}

/// The states a change moves between, by direction.
fn states(direction: Direction) -> (i64, i64) {
    match direction {
        Direction::Undo => (LIVE, UNDONE),
        Direction::Redo => (UNDONE, LIVE),
    }
}

/// "undone" or "redone".
fn done(direction: Direction) -> String {
    format!("{}ne", direction.verb())
}

impl SqliteTx<'_> {
    /// Undoes or redoes change `only`, or the latest change that can go
    /// that way, passing over the ones that never can again.
    pub(super) fn step_change(
        &mut self,
        direction: Direction,
        only: Option<i64>,
    ) -> Result<Stepped> {
        let mut out = Stepped::default();
        let mut blocked: HashSet<Key> = HashSet::new();
        let mut cursor = None;
        loop {
            let Some(found) = self.find_change(direction, only, cursor)? else {
                return Ok(out);
            };
            cursor = Some(found.id);
            self.tx.execute_batch("SAVEPOINT step").explained(self)?;
            let outcome = self.try_step(&found, direction, &blocked);
            self.record = None;
            match outcome {
                Ok(Outcome::Done { changed }) => {
                    self.tx.execute_batch("RELEASE step").explained(self)?;
                    out.summary = Some(found.summary);
                    out.unchanged = !changed;
                    return Ok(out);
                }
                Ok(Outcome::Skip { why, keys }) => {
                    self.tx
                        .execute_batch("ROLLBACK TO step; RELEASE step")
                        .explained(self)?;
                    if only.is_some() {
                        return Err(StoreError::Refused(format!(
                            "cannot {} “{}”: {why}",
                            direction.verb(),
                            found.summary
                        )));
                    }
                    if direction == Direction::Redo {
                        self.tx
                            .execute(
                                "UPDATE changes SET state = ?2 WHERE id = ?1",
                                [found.id, SUPERSEDED],
                            )
                            .explained(self)?;
                    }
                    blocked.extend(keys);
                    out.skipped.push(format!(
                        "skipped “{}”: it can no longer be {} ({why})",
                        found.summary,
                        done(direction)
                    ));
                }
                Err(e) => {
                    // The transaction is dropped with the error; leave it
                    // as it was before this step all the same.
                    let _ = self.tx.execute_batch("ROLLBACK TO step; RELEASE step");
                    return Err(e);
                }
            }
        }
    }

    /// Takes one change, or says why it never can be again.
    fn try_step(
        &mut self,
        found: &Found,
        direction: Direction,
        blocked: &HashSet<Key>,
    ) -> Result<Outcome> {
        let mut steps = self.read_steps(found, direction)?;
        let keys: Vec<Key> = steps.iter().map(|s| s.key).collect();
        self.fill_bulk_states(found.id, &mut steps)?;
        if direction == Direction::Undo {
            steps.reverse();
        }
        // Dependencies may point at items this change brings back later:
        // they are written once every item is in place.
        let mut links = Vec::new();
        let mut changed = false;
        for step in steps {
            match self.apply_step(found, direction, step, &mut links, blocked)? {
                ItemOutcome::Changed => changed = true,
                ItemOutcome::Unchanged => {}
                ItemOutcome::Blocked(why) => return Ok(Outcome::Skip { why, keys }),
            }
        }
        for (id, t) in links {
            changed |= self.write_links(found, direction, id, t)?;
        }
        let (_, to_state) = states(direction);
        self.tx
            .execute(
                "UPDATE changes SET state = ?2 WHERE id = ?1",
                [found.id, to_state],
            )
            .explained(self)?;
        Ok(Outcome::Done { changed })
    }

    /// Undo takes the newest live change of a command that recorded item
    /// rows; redo the oldest undone one (undone changes form a stack) — or
    /// exactly `only`. A walk goes on from `after`, the change it passed.
    fn find_change(
        &self,
        direction: Direction,
        only: Option<i64>,
        after: Option<i64>,
    ) -> Result<Option<Found>> {
        let sql = match (only, direction) {
            (Some(_), _) => {
                "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND id = ?2 AND kind = ?3 \
                 AND ?4 IS NULL"
            }
            (None, Direction::Undo) => {
                "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND ?2 IS NULL AND kind = ?3 \
                 AND id < coalesce(?4, 9223372036854775807) \
                 AND EXISTS (SELECT 1 FROM history h WHERE h.change_id = changes.id) ORDER BY id DESC LIMIT 1"
            }
            (None, Direction::Redo) => {
                "SELECT id, summary, bulk FROM changes WHERE state = ?1 AND ?2 IS NULL AND kind = ?3 \
                 AND id > coalesce(?4, 0) ORDER BY id ASC LIMIT 1"
            }
        };
        let (from_state, _) = states(direction);
        self.tx
            .query_row(sql, params![from_state, only, COMMAND, after], |r| {
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
}
