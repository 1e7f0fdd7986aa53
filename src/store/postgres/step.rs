//! Undo and redo of a recorded change, as the SQLite backend does them
//! (`sqlite/tx/undo.rs`): each history row's state is checked against the
//! item now (refused if something else changed it since), the other state
//! written back with a new version and recorded under a change of kind 2
//! (the record of the step); without a given change, the latest one that
//! can still go that way is taken, passing over (and naming) the ones that
//! never can again.

use std::collections::HashSet;

use super::fail::{Fail, Pg};
use super::rows::seconds;
use super::tx::PgTx;
use crate::domain::{Item, Key};
use crate::store::backend::Direction;
use crate::store::error::StoreError;
use crate::store::format;
use crate::store::history::Stepped;

/// One history row of the change being stepped.
struct Step {
    row: i64,
    id: i64,
    key: Key,
    /// A bulk row without states: its after-state is read back.
    lazy: bool,
    expect: Option<Item>,
    target: Option<Item>,
}

/// The change being stepped.
struct Found {
    id: i64,
    summary: String,
    bulk: bool,
}

/// How taking one change went: taken, or never again (why, and the keys
/// of its items).
enum Outcome {
    Done { changed: bool },
    Skip { why: String, keys: Vec<Key> },
}

/// How taking one item went.
enum ItemOutcome {
    Changed,
    Unchanged,
    Blocked(String),
}

fn parse(s: Option<String>) -> Pg<Option<Item>> {
    Ok(s.map(|s| format::item_from_json(&s)).transpose()?)
}

/// Equal but for version and timestamps.
fn same_content(a: &Item, b: &Item) -> bool {
    let mut b = b.clone();
    b.version = a.version;
    b.updated = a.updated;
    b.created = a.created;
    *a == b
}

/// The states a change moves between, by direction.
fn states(direction: Direction) -> (i16, i16) {
    match direction {
        Direction::Undo => (0, 1),
        Direction::Redo => (1, 0),
    }
}

impl PgTx<'_> {
    pub(super) fn step_change(&mut self, direction: Direction, only: Option<i64>) -> Pg<Stepped> {
        let mut out = Stepped::default();
        let mut blocked: HashSet<Key> = HashSet::new();
        let mut cursor: Option<i64> = None;
        loop {
            let Some(found) = self.find_change(direction, only, cursor)? else {
                return Ok(out);
            };
            cursor = Some(found.id);
            self.c().batch_execute("SAVEPOINT step")?;
            let mut record = None;
            let outcome = self.try_step(&found, direction, &blocked, &mut record);
            match outcome {
                Ok(Outcome::Done { changed }) => {
                    self.c().batch_execute("RELEASE SAVEPOINT step")?;
                    out.summary = Some(found.summary);
                    out.unchanged = !changed;
                    return Ok(out);
                }
                Ok(Outcome::Skip { why, keys }) => {
                    self.c()
                        .batch_execute("ROLLBACK TO SAVEPOINT step; RELEASE SAVEPOINT step")?;
                    if only.is_some() {
                        return Err(Fail::Store(StoreError::Refused(format!(
                            "cannot {} “{}”: {why}",
                            direction.verb(),
                            found.summary
                        ))));
                    }
                    if direction == Direction::Redo {
                        self.c()
                            .execute("UPDATE changes SET state = 2 WHERE id = $1", &[&found.id])?;
                    }
                    blocked.extend(keys);
                    out.skipped.push(format!(
                        "skipped “{}”: it can no longer be {}ne ({why})",
                        found.summary,
                        direction.verb()
                    ));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Undo takes the newest live command's change with item rows; redo
    /// the oldest undone one — or exactly `only`. A walk goes on from
    /// `after`, the change it passed.
    fn find_change(
        &self,
        direction: Direction,
        only: Option<i64>,
        after: Option<i64>,
    ) -> Pg<Option<Found>> {
        let sql = match (only, direction) {
            (Some(_), _) => {
                "SELECT id, summary, bulk FROM changes WHERE state = $1 AND id = $2 AND kind = 0 \
                 AND $3::bigint IS NULL"
            }
            (None, Direction::Undo) => {
                "SELECT id, summary, bulk FROM changes WHERE state = $1 AND $2::bigint IS NULL AND kind = 0 \
                 AND id < coalesce($3::bigint, 9223372036854775807) \
                 AND EXISTS (SELECT 1 FROM history h WHERE h.change_id = changes.id) ORDER BY id DESC LIMIT 1"
            }
            (None, Direction::Redo) => {
                "SELECT id, summary, bulk FROM changes WHERE state = $1 AND $2::bigint IS NULL AND kind = 0 \
                 AND id > coalesce($3::bigint, 0) ORDER BY id ASC LIMIT 1"
            }
        };
        let (from_state, _) = states(direction);
        let Some(found) = self.c().query_opt(sql, &[&from_state, &only, &after])? else {
            return Ok(None);
        };
        Ok(Some(Found {
            id: found.try_get(0)?,
            summary: found.try_get(1)?,
            bulk: found.try_get(2)?,
        }))
    }

    fn try_step(
        &mut self,
        found: &Found,
        direction: Direction,
        blocked: &HashSet<Key>,
        record: &mut Option<i64>,
    ) -> Pg<Outcome> {
        let backwards = direction == Direction::Undo;
        let (change, bulk) = (found.id, found.bulk);
        let rows = self.c().query(
            "SELECT id, item_id, item_key, before::text, after::text FROM history \
             WHERE change_id = $1 ORDER BY id",
            &[&change],
        )?;
        let mut steps = Vec::with_capacity(rows.len());
        for r in rows {
            let before: Option<String> = r.try_get(3)?;
            let after: Option<String> = r.try_get(4)?;
            let key_text: String = r.try_get(2)?;
            let lazy = bulk && before.is_none() && after.is_none();
            if lazy && !backwards {
                return Err(Fail::bad(format!(
                    "change {change} cannot be redone: the state of {key_text} after it was never recorded"
                )));
            }
            let (expect, target) = if backwards {
                (parse(after)?, parse(before)?)
            } else {
                (parse(before)?, parse(after)?)
            };
            steps.push(Step {
                row: r.try_get(0)?,
                id: r.try_get(1)?,
                key: key_text.parse().map_err(StoreError::Domain)?,
                lazy,
                expect,
                target,
            });
        }
        // What a bulk change left (it did not record it), read before this
        // undo deletes anything, and written into its row for redo.
        for s in steps.iter_mut().filter(|s| s.lazy) {
            let current = self.get_item(s.key)?;
            let next: Option<Option<String>> = self
                .c()
                .query_opt(
                    "SELECT before::text FROM history WHERE item_key = $1 AND change_id > $2 \
                     ORDER BY change_id, id LIMIT 1",
                    &[&s.key.to_string(), &change],
                )?
                .map(|r| r.try_get(0))
                .transpose()?;
            s.expect = match next {
                Some(before) => parse(before)?,
                None => current,
            };
            if let Some(after) = &s.expect {
                let json = format::item_to_json(after)?;
                self.c().execute(
                    "UPDATE history SET after = $2::text::json WHERE id = $1",
                    &[&s.row, &json],
                )?;
            }
        }
        if backwards {
            steps.reverse();
        }
        let keys: Vec<Key> = steps.iter().map(|s| s.key).collect();
        let mut links = Vec::new();
        let mut changed = false;
        for s in steps {
            match self.apply_one(found, direction, s, &mut links, blocked, record)? {
                ItemOutcome::Changed => changed = true,
                ItemOutcome::Unchanged => {}
                ItemOutcome::Blocked(why) => return Ok(Outcome::Skip { why, keys }),
            }
        }
        for (id, mut full) in links {
            self.retain_existing(&mut full.depends_on)?;
            let Some(cur) = self.get_item(full.key)? else {
                continue;
            };
            if !same_content(&cur, &full) {
                let after = self.overwrite_unrecorded(id, &cur, &full)?;
                self.record_step(
                    found,
                    direction,
                    record,
                    id,
                    full.key,
                    Some(&cur),
                    Some(&after),
                )?;
                changed = true;
            }
        }
        let (_, to_state) = states(direction);
        self.c().execute(
            "UPDATE changes SET state = $2 WHERE id = $1",
            &[&change, &to_state],
        )?;
        Ok(Outcome::Done { changed })
    }

    fn apply_one(
        &mut self,
        found: &Found,
        direction: Direction,
        s: Step,
        links: &mut Vec<(i64, Item)>,
        blocked: &HashSet<Key>,
        record: &mut Option<i64>,
    ) -> Pg<ItemOutcome> {
        let (what, summary, key) = (direction.verb(), &found.summary, s.key);
        if blocked.contains(&key) {
            return Ok(ItemOutcome::Blocked(format!(
                "{key} was changed later by a change that can no longer be {what}ne"
            )));
        }
        let current = self.get_item(key)?;
        let mut expect = s.expect;
        if let Some(e) = &mut expect {
            self.retain_existing(&mut e.depends_on)?;
        }
        let unchanged = match (&current, &expect) {
            (None, None) => true,
            (Some(c), Some(e)) => same_content(c, e),
            _ => false,
        };
        if !unchanged {
            return Err(Fail::Store(StoreError::Refused(format!(
                "cannot {what} “{summary}”: {key} has changed since"
            ))));
        }
        if let Some(p) = s.target.as_ref().and_then(|t| t.parent)
            && !self.exists_(p)?
        {
            return Ok(ItemOutcome::Blocked(format!(
                "{key} belonged to {p}, which was deleted for good"
            )));
        }
        let target = match s.target {
            Some(mut t) => {
                let all = t.depends_on.clone();
                self.retain_existing(&mut t.depends_on)?;
                if t.depends_on.len() < all.len() {
                    let mut full = t.clone();
                    full.depends_on = all;
                    links.push((s.id, full));
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
                let after = self.overwrite_unrecorded(s.id, &cur, &t)?;
                self.record_step(
                    found,
                    direction,
                    record,
                    s.id,
                    key,
                    Some(&cur),
                    Some(&after),
                )?;
            }
            (Some(cur), None) => {
                if !blocked.is_empty() {
                    let held = self.c().query(
                        "SELECT kind, num FROM items WHERE parent_id = $1 UNION ALL \
                         SELECT a.kind, a.num FROM dependencies d JOIN items a ON a.id = d.item_id \
                         WHERE d.depends_on = $1",
                        &[&s.id],
                    )?;
                    for r in held {
                        let k: String = r.try_get(0)?;
                        let n: i64 = r.try_get(1)?;
                        if let Some(kind) =
                            k.chars().next().and_then(crate::domain::Kind::from_letter)
                            && blocked.contains(&Key::new(kind, n))
                        {
                            return Ok(ItemOutcome::Blocked(format!(
                                "{key} still has {}, which can no longer be {what}ne",
                                Key::new(kind, n)
                            )));
                        }
                    }
                }
                let deleted = self
                    .c()
                    .execute("DELETE FROM items WHERE id = $1", &[&s.id]);
                if let Err(e) = deleted {
                    if e.code().map(|c| c.code()) == Some("23503") {
                        return Err(Fail::Store(StoreError::Refused(format!(
                            "cannot {what} “{summary}”: {key} has children or dependents now"
                        ))));
                    }
                    return Err(e.into());
                }
                self.record_step(found, direction, record, s.id, key, Some(&cur), None)?;
            }
            (None, Some(t)) => {
                // The version counts the item's history rows, the one
                // about to be recorded included.
                let rows_so_far: i64 = self
                    .c()
                    .query_one(
                        "SELECT count(*) FROM history WHERE item_key = $1",
                        &[&key.to_string()],
                    )?
                    .try_get(0)?;
                let parent_id = t.parent.map(|p| self.id_of(p)).transpose()?;
                let mut stored = t.clone();
                stored.updated = self.now;
                stored.version = rows_so_far + 1;
                self.insert_row(&stored, parent_id, Some(s.id), stored.version)?;
                self.write_fields(s.id, &stored)?;
                self.record_step(found, direction, record, s.id, key, None, Some(&stored))?;
            }
            (None, None) => return Ok(ItemOutcome::Unchanged),
        }
        Ok(ItemOutcome::Changed)
    }

    /// Records what the step did to one item under the change recording
    /// the step (created with the first item).
    #[allow(clippy::too_many_arguments)]
    fn record_step(
        &mut self,
        found: &Found,
        direction: Direction,
        record: &mut Option<i64>,
        id: i64,
        key: Key,
        before: Option<&Item>,
        after: Option<&Item>,
    ) -> Pg<()> {
        let change = match *record {
            Some(c) => c,
            None => {
                let at = seconds(self.now);
                let c: i64 = self
                    .c()
                    .query_one(
                        "INSERT INTO changes (at, summary, author, kind) VALUES ($1, $2, $3, 2) RETURNING id",
                        &[
                            &at,
                            &format!("{}: {}", direction.verb(), found.summary),
                            &self.author,
                        ],
                    )?
                    .try_get(0)?;
                *record = Some(c);
                c
            }
        };
        let before = before.map(format::item_to_json).transpose()?;
        let after = after.map(format::item_to_json).transpose()?;
        self.c().execute(
            "INSERT INTO history (change_id, item_id, item_key, before, after) \
             VALUES ($1, $2, $3, $4::text::json, $5::text::json)",
            &[&change, &id, &key.to_string(), &before, &after],
        )?;
        Ok(())
    }

    /// Drops keys of items that no longer exist.
    fn retain_existing(&self, keys: &mut Vec<Key>) -> Pg<()> {
        let mut kept = Vec::with_capacity(keys.len());
        for k in keys.iter() {
            if self.exists_(*k)? {
                kept.push(*k);
            }
        }
        *keys = kept;
        Ok(())
    }

    /// Writes `target` over the item at `current`'s version; returns it as
    /// stored.
    fn overwrite_unrecorded(&mut self, id: i64, current: &Item, target: &Item) -> Pg<Item> {
        let parent_id = target.parent.map(|p| self.id_of(p)).transpose()?;
        let now = seconds(self.now);
        let n = self.c().execute(
            "UPDATE items SET parent_id = $1, title = $2, updated = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
            &[&parent_id, &target.title, &now, &id, &current.version],
        )?;
        if n != 1 {
            return Err(Fail::Store(StoreError::Stale {
                key: target.key,
                expected: current.version,
                found: current.version + 1,
            }));
        }
        let mut stored = target.clone();
        stored.version = current.version + 1;
        stored.updated = self.now;
        stored.created = current.created;
        self.write_fields(id, &stored)?;
        Ok(stored)
    }
}
