//! Applying one item's step of an undo or redo (see `undo.rs`): checked
//! against what the change left (or found), written with a new version,
//! and recorded in the item's history under the change that records the
//! step.

use std::collections::HashSet;

use rusqlite::params;

use super::super::error::{Explain, SqlResult, is_constraint};
use super::super::rows::{self, fmt_time, kind_letter};
use super::undo::{Found, ItemOutcome, ItemStep};
use super::{RECORD, SqliteTx};
use crate::domain::{Item, Key};
use crate::store::backend::{BackendTx, Direction};
use crate::store::error::{Result, StoreError};
use crate::store::format;

impl SqliteTx<'_> {
    /// Checks that the item is as the change expects, then moves it to the
    /// target state. Links to items not (yet) there are kept in `links`,
    /// to be written once every item of the change is in place.
    pub(super) fn apply_step(
        &mut self,
        found: &Found,
        direction: Direction,
        step: ItemStep,
        links: &mut Vec<(i64, Item)>,
        blocked: &HashSet<Key>,
    ) -> Result<ItemOutcome> {
        let (what, summary, key, id) = (direction.verb(), &found.summary, step.key, step.id);
        if blocked.contains(&key) {
            return Ok(ItemOutcome::Blocked(format!(
                "{key} was changed later by a change that can no longer be {what}ne"
            )));
        }
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
            return Ok(ItemOutcome::Blocked(format!(
                "{key} belonged to {p}, which was deleted for good"
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
            (Some(cur), Some(t)) => {
                if same_content(&cur, &t) {
                    return Ok(ItemOutcome::Unchanged);
                }
                let after = self.overwrite_unrecorded(id, &cur, &t)?;
                self.record_step(found, direction, id, key, Some(&cur), Some(&after))?;
            }
            (Some(cur), None) => {
                if let Some(k) = self.held_by_blocked(id, blocked)? {
                    return Ok(ItemOutcome::Blocked(format!(
                        "{key} still has {k}, which can no longer be {what}ne"
                    )));
                }
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
                self.record_step(found, direction, id, key, Some(&cur), None)?;
            }
            (None, Some(t)) => {
                let after = self.reinsert(id, &t)?;
                self.record_step(found, direction, id, key, None, Some(&after))?;
            }
            (None, None) => return Ok(ItemOutcome::Unchanged),
        }
        Ok(ItemOutcome::Changed)
    }

    /// A child or dependent of row `id` that a change passed over keeps
    /// there for good (so `id` cannot be deleted), if any.
    fn held_by_blocked(&self, id: i64, blocked: &HashSet<Key>) -> Result<Option<Key>> {
        if blocked.is_empty() {
            return Ok(None);
        }
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
            if let Some(kind) = k.chars().next().and_then(crate::domain::Kind::from_letter) {
                held.push(Key::new(kind, n));
            }
        }
        Ok(held.into_iter().find(|k| blocked.contains(k)))
    }

    /// Writes the dependencies of `full` that had to wait for items the
    /// change brought back; whether the item changed.
    pub(super) fn write_links(
        &mut self,
        found: &Found,
        direction: Direction,
        id: i64,
        mut full: Item,
    ) -> Result<bool> {
        self.retain_existing(&mut full.depends_on)?;
        let Some(cur) = rows::get(&self.tx, full.key).explained(self)? else {
            return Ok(false);
        };
        if same_content(&cur, &full) {
            return Ok(false);
        }
        let after = self.overwrite_unrecorded(id, &cur, &full)?;
        self.record_step(found, direction, id, full.key, Some(&cur), Some(&after))?;
        Ok(true)
    }

    /// Records what this step did to one item, under the change that
    /// records the step (created with the first item).
    fn record_step(
        &mut self,
        found: &Found,
        direction: Direction,
        id: i64,
        key: Key,
        before: Option<&Item>,
        after: Option<&Item>,
    ) -> Result<()> {
        let change = match self.record {
            Some(c) => c,
            None => {
                let c: i64 = self
                    .tx
                    .query_row(
                        "INSERT INTO changes (at, summary, kind, author) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                        params![
                            fmt_time(self.now),
                            format!("{}: {}", direction.verb(), found.summary),
                            RECORD,
                            self.author
                        ],
                        |r| r.get(0),
                    )
                    .explained(self)?;
                self.record = Some(c);
                c
            }
        };
        let before = before.map(format::item_to_json).transpose()?;
        let after = after.map(format::item_to_json).transpose()?;
        self.tx
            .prepare_cached(
                "INSERT INTO history (change_id, item_id, item_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut s| s.execute(params![change, id, key.to_string(), before, after]))
            .explained(self)?;
        Ok(())
    }

    /// Puts a deleted item back under its old row id, at the version that
    /// counts its history rows (the one about to be recorded included).
    /// Returns it as stored.
    fn reinsert(&mut self, id: i64, t: &Item) -> Result<Item> {
        let rows_so_far: i64 = self
            .tx
            .prepare_cached("SELECT count(*) FROM history WHERE item_key = ?1")
            .and_then(|mut s| s.query_row([t.key.to_string()], |r| r.get(0)))
            .explained(self)?;
        let mut stored = t.clone();
        stored.version = rows_so_far + 1;
        stored.updated = self.now;
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
                    stored.version
                ],
            )
            .explained(self)?;
        self.write_fields(id, &stored)?;
        Ok(stored)
    }

    /// Drops keys of items that no longer exist.
    pub(super) fn retain_existing(&self, keys: &mut Vec<Key>) -> Result<()> {
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
    /// recording it as a command's change (undo and redo move a change's
    /// state; the caller records the step). Returns it as stored.
    fn overwrite_unrecorded(&mut self, id: i64, current: &Item, target: &Item) -> Result<Item> {
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
        let mut stored = target.clone();
        stored.version = current.version + 1;
        stored.updated = self.now;
        stored.created = current.created;
        self.write_fields(id, &stored)?;
        Ok(stored)
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
