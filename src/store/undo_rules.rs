//! The rules of undo and redo, the same on every backend: which change a
//! step takes, what refuses it, what passes a change over for good, what
//! the step does to each item, and how all that is worded. A backend
//! gives its SQL through [`UndoSql`] (the change and its history rows,
//! one item read, written or deleted, the record of the step) and calls
//! [`step_change`], so that SQLite and PostgreSQL take and refuse the
//! same steps with the same messages.
//!
//! A step reads what the change did to each item (`before` and `after`)
//! and goes the other way round (redo: the same way again), each item
//! checked to be as the change left it (undo) or found it (redo); what the
//! step does to each item is recorded as a change of its own (the record
//! of the step, never undone itself).
//!
//! Without a change to take (`undo`, `redo` of the CLI), the latest one
//! that can still go that way is taken: a change that never can again (an
//! item it needs was deleted for good, or a newer change of one of its
//! items can never be taken back) is passed over and named, so it never
//! blocks the ones before it. A change whose effect is gone (a link to an
//! item deleted for good) is taken without changing anything and named as
//! passed over, and the step goes on to the change before it: it never
//! uses up an undo. Only a change asked for by id (the TUI's own) is taken
//! on its own without changing anything.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::domain::{Item, Key};
use crate::store::backend::Direction;
use crate::store::error::StoreError;
use crate::store::format;
use crate::store::history::Stepped;

/// A change to undo or redo, as stored.
pub struct Found {
    pub id: i64,
    pub summary: String,
    /// Recorded by a bulk insertion, without the items' states.
    pub bulk: bool,
}

/// One history row of a change, as stored.
pub struct HistoryRow {
    /// The history row's own id.
    pub row: i64,
    /// The item's row id (kept across delete and re-insert).
    pub id: i64,
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The state of a command's change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeState {
    Live,
    Undone,
    /// Undone, then superseded by a newer change: no longer redoable.
    Superseded,
}

/// What to do with the savepoint around one change's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Savepoint {
    Begin,
    /// The step is kept.
    Release,
    /// Everything since `Begin` is undone.
    RollBack,
}

/// Which change a step takes (of those in the state it moves from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The change with this id, whatever it did.
    Exactly(i64),
    /// Undo: the newest that recorded item rows, below this id if given.
    NewestBefore(Option<i64>),
    /// Redo: the oldest (undone changes form a stack), above this id if
    /// given.
    OldestAfter(Option<i64>),
}

/// How deleting an item went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    Done,
    /// Refused by the database: children or dependents point at it.
    Held,
}

/// The SQL of one backend, in the terms of the rules.
pub trait UndoSql {
    type Error: From<StoreError>;

    /// The command's change in state `from` that `pick` names.
    fn find_change(&mut self, from: ChangeState, pick: Pick) -> Result<Option<Found>, Self::Error>;

    /// The history rows of change `change`, in recorded order.
    fn history_rows(&mut self, change: i64) -> Result<Vec<HistoryRow>, Self::Error>;

    /// The `before` of the first history row of `key` after change
    /// `change` (`None`: there is none).
    fn next_before(&mut self, key: Key, change: i64)
    -> Result<Option<Option<String>>, Self::Error>;

    /// Writes `after` into history row `row`.
    fn write_after(&mut self, row: i64, after: &str) -> Result<(), Self::Error>;

    fn set_state(&mut self, change: i64, state: ChangeState) -> Result<(), Self::Error>;

    fn savepoint(&mut self, op: Savepoint) -> Result<(), Self::Error>;

    /// The item with key `key` now, if there is one.
    fn current(&mut self, key: Key) -> Result<Option<Item>, Self::Error>;

    fn present(&mut self, key: Key) -> Result<bool, Self::Error>;

    /// The keys of the children and dependents of row `id`.
    fn held_by(&mut self, id: i64) -> Result<Vec<Key>, Self::Error>;

    fn delete(&mut self, id: i64) -> Result<Deleted, Self::Error>;

    /// The time the step is taken at (the items' `updated`).
    fn moment(&self) -> DateTime<Utc>;

    /// Writes `target`'s parent and title over row `id` if it is still at
    /// `version`, with the next version and [`UndoSql::moment`] as its
    /// `updated`; whether it was.
    fn update_row(&mut self, id: i64, version: i64, target: &Item) -> Result<bool, Self::Error>;

    /// Writes every other field of `item` (and its dependencies and
    /// decisions) into row `id`.
    fn rewrite_fields(&mut self, id: i64, item: &Item) -> Result<(), Self::Error>;

    /// How many history rows item `key` has.
    fn history_count(&mut self, key: Key) -> Result<i64, Self::Error>;

    /// Inserts `item` whole under row id `id`.
    fn insert_at(&mut self, id: i64, item: &Item) -> Result<(), Self::Error>;

    /// Starts the change that records a step; returns its id.
    fn new_record(&mut self, summary: &str) -> Result<i64, Self::Error>;

    /// Records the step's effect on one item under change `record`.
    fn record_row(
        &mut self,
        record: i64,
        id: i64,
        key: Key,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<(), Self::Error>;
}

/// What stepping a change does to one item: it must be `expect` now (or
/// not exist), and becomes `target` (or goes).
struct ItemStep {
    /// The history row it comes from.
    row: i64,
    id: i64,
    key: Key,
    /// A bulk row without states: `expect` is read back before applying.
    lazy: bool,
    expect: Option<Item>,
    target: Option<Item>,
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
enum ItemOutcome {
    Changed,
    /// Already as the step would leave it: no new version.
    Unchanged,
    /// The change can never be taken that way again, because of this item.
    Blocked(String),
}

/// One change being taken: what the rules word and check against.
struct Taking<'a> {
    direction: Direction,
    found: &'a Found,
    /// Keys of changes passed over for good: a change under them cannot
    /// be taken either.
    blocked: &'a HashSet<Key>,
    /// The change recording this step, once the first item is written.
    record: Option<i64>,
}

impl Taking<'_> {
    /// "undone" or "redone".
    fn done(&self) -> String {
        format!("{}ne", self.direction.verb())
    }

    fn refused(&self, why: &str) -> StoreError {
        refused(self.direction, &self.found.summary, why)
    }
}

/// The refusal of taking the change summarised `summary`, for `why`.
fn refused(direction: Direction, summary: &str, why: &str) -> StoreError {
    StoreError::Refused(format!("cannot {} “{summary}”: {why}", direction.verb()))
}

/// The states a change moves between, by direction.
fn states(direction: Direction) -> (ChangeState, ChangeState) {
    match direction {
        Direction::Undo => (ChangeState::Live, ChangeState::Undone),
        Direction::Redo => (ChangeState::Undone, ChangeState::Live),
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

/// Undoes or redoes change `only`, or the latest change that can go that
/// way, passing over the ones that never can again.
pub fn step_change<B: UndoSql>(
    b: &mut B,
    direction: Direction,
    only: Option<i64>,
) -> Result<Stepped, B::Error> {
    let mut out = Stepped::default();
    let mut blocked: HashSet<Key> = HashSet::new();
    let mut cursor = None;
    loop {
        let (from, _) = states(direction);
        let pick = match (only, direction) {
            (Some(id), _) => Pick::Exactly(id),
            (None, Direction::Undo) => Pick::NewestBefore(cursor),
            (None, Direction::Redo) => Pick::OldestAfter(cursor),
        };
        let Some(found) = b.find_change(from, pick)? else {
            return Ok(out);
        };
        cursor = Some(found.id);
        b.savepoint(Savepoint::Begin)?;
        let mut taking = Taking {
            direction,
            found: &found,
            blocked: &blocked,
            record: None,
        };
        match take(b, &mut taking) {
            Ok(Outcome::Done { changed }) if changed || only.is_some() => {
                b.savepoint(Savepoint::Release)?;
                out.summary = Some(found.summary);
                return Ok(out);
            }
            Ok(Outcome::Done { .. }) => {
                // Its effect is gone (a link to an item deleted for good):
                // it is taken, changing nothing, and must not use up this
                // step, so the change before it is taken too. It is not
                // left to be met again (its items may change under the
                // changes taken after it, and it would then be refused).
                // Its items are as before it: nothing before it is blocked.
                b.savepoint(Savepoint::Release)?;
                out.skipped.push(format!(
                    "skipped “{}”: it would change nothing (what it changed was deleted for good)",
                    found.summary
                ));
            }
            Ok(Outcome::Skip { why, keys }) => {
                let done = taking.done();
                b.savepoint(Savepoint::RollBack)?;
                if only.is_some() {
                    return Err(refused(direction, &found.summary, &why).into());
                }
                if direction == Direction::Redo {
                    b.set_state(found.id, ChangeState::Superseded)?;
                }
                blocked.extend(keys);
                out.skipped.push(format!(
                    "skipped “{}”: it can no longer be {done} ({why})",
                    found.summary
                ));
            }
            Err(e) => {
                // The transaction goes with the error; leave it as it was
                // before this step all the same.
                let _ = b.savepoint(Savepoint::RollBack);
                return Err(e);
            }
        }
    }
}

/// Takes one change, or says why it never can be again.
fn take<B: UndoSql>(b: &mut B, taking: &mut Taking<'_>) -> Result<Outcome, B::Error> {
    let mut steps = read_steps(b, taking.found, taking.direction)?;
    let keys: Vec<Key> = steps.iter().map(|s| s.key).collect();
    fill_bulk_states(b, taking.found.id, &mut steps)?;
    if taking.direction == Direction::Undo {
        steps.reverse();
    }
    // Dependencies may point at items this change brings back later:
    // they are written once every item is in place.
    let mut links = Vec::new();
    let mut changed = false;
    for step in steps {
        match apply_step(b, taking, step, &mut links)? {
            ItemOutcome::Changed => changed = true,
            ItemOutcome::Unchanged => {}
            ItemOutcome::Blocked(why) => return Ok(Outcome::Skip { why, keys }),
        }
    }
    for (id, full) in links {
        changed |= write_links(b, taking, id, full)?;
    }
    let (_, to) = states(taking.direction);
    b.set_state(taking.found.id, to)?;
    Ok(Outcome::Done { changed })
}

fn parse(s: Option<String>) -> Result<Option<Item>, StoreError> {
    s.map(|s| format::item_from_json(&s)).transpose()
}

/// The change's history rows as item steps, in recorded order.
fn read_steps<B: UndoSql>(
    b: &mut B,
    found: &Found,
    direction: Direction,
) -> Result<Vec<ItemStep>, B::Error> {
    let rows = b.history_rows(found.id)?;
    let mut steps = Vec::with_capacity(rows.len());
    for r in rows {
        // A bulk row without states: its after-state is read back later,
        // from the item's next row or the item.
        let lazy = found.bulk && r.before.is_none() && r.after.is_none();
        if lazy && direction == Direction::Redo {
            // Undo writes the states of a bulk change into its rows
            // before it can be redone.
            return Err(StoreError::BadData(format!(
                "change {} cannot be redone: the state of {} after it was never recorded",
                found.id, r.key
            ))
            .into());
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

/// What a bulk change left (it did not record it), read before this undo
/// deletes anything (deleting an item drops links to it), and written into
/// its row so that redo finds it, as if recorded in full: the `before` of
/// the item's next history row (the change that next touched it saw it
/// so), else the item now (unchanged since).
fn fill_bulk_states<B: UndoSql>(
    b: &mut B,
    change: i64,
    steps: &mut [ItemStep],
) -> Result<(), B::Error> {
    for step in steps.iter_mut().filter(|s| s.lazy) {
        let current = b.current(step.key)?;
        step.expect = match b.next_before(step.key, change)? {
            Some(before) => parse(before)?,
            None => current,
        };
        if let Some(after) = &step.expect {
            let json = format::item_to_json(after)?;
            b.write_after(step.row, &json)?;
        }
    }
    Ok(())
}

/// Checks that the item is as the change expects, then moves it to the
/// target state. Links to items not (yet) there are kept in `links`, to be
/// written once every item of the change is in place.
fn apply_step<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    step: ItemStep,
    links: &mut Vec<(i64, Item)>,
) -> Result<ItemOutcome, B::Error> {
    let (key, id) = (step.key, step.id);
    if taking.blocked.contains(&key) {
        return Ok(ItemOutcome::Blocked(format!(
            "{key} was changed later by a change that can no longer be {}",
            taking.done()
        )));
    }
    let current = b.current(key)?;
    let mut expect = step.expect;
    // Links to items that are gone (purged, or deleted by an earlier step
    // of this change) went with them.
    if let Some(e) = &mut expect {
        retain_existing(b, &mut e.depends_on)?;
    }
    let unchanged = match (&current, &expect) {
        (None, None) => true,
        (Some(c), Some(e)) => same_content(c, e),
        _ => false,
    };
    if !unchanged {
        return Err(taking.refused(&format!("{key} has changed since")).into());
    }
    if let Some(p) = step.target.as_ref().and_then(|t| t.parent)
        && !b.present(p)?
    {
        return Ok(ItemOutcome::Blocked(format!(
            "{key} belonged to {p}, which was deleted for good"
        )));
    }
    let target = match step.target {
        Some(mut t) => {
            let all = t.depends_on.clone();
            retain_existing(b, &mut t.depends_on)?;
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
            let after = overwrite(b, id, &cur, &t)?;
            record(b, taking, id, key, Some(&cur), Some(&after))?;
        }
        (Some(cur), None) => {
            if !taking.blocked.is_empty()
                && let Some(k) = b
                    .held_by(id)?
                    .into_iter()
                    .find(|k| taking.blocked.contains(k))
            {
                return Ok(ItemOutcome::Blocked(format!(
                    "{key} still has {k}, which can no longer be {}",
                    taking.done()
                )));
            }
            if b.delete(id)? == Deleted::Held {
                return Err(taking
                    .refused(&format!("{key} has children or dependents now"))
                    .into());
            }
            record(b, taking, id, key, Some(&cur), None)?;
        }
        (None, Some(t)) => {
            let after = reinsert(b, id, &t)?;
            record(b, taking, id, key, None, Some(&after))?;
        }
        (None, None) => return Ok(ItemOutcome::Unchanged),
    }
    Ok(ItemOutcome::Changed)
}

/// Writes `target` over the item at `current`'s version, without recording
/// it as a command's change (undo and redo move a change's state; the
/// caller records the step). Returns it as stored.
fn overwrite<B: UndoSql>(
    b: &mut B,
    id: i64,
    current: &Item,
    target: &Item,
) -> Result<Item, B::Error> {
    if !b.update_row(id, current.version, target)? {
        return Err(StoreError::Stale {
            key: target.key,
            expected: current.version,
            found: current.version + 1,
        }
        .into());
    }
    let mut stored = target.clone();
    stored.version = current.version + 1;
    stored.updated = b.moment();
    stored.created = current.created;
    b.rewrite_fields(id, &stored)?;
    Ok(stored)
}

/// Puts a deleted item back under its old row id, at the version that
/// counts its history rows (the one about to be recorded included).
/// Returns it as stored.
fn reinsert<B: UndoSql>(b: &mut B, id: i64, target: &Item) -> Result<Item, B::Error> {
    let rows_so_far = b.history_count(target.key)?;
    let mut stored = target.clone();
    stored.version = rows_so_far + 1;
    stored.updated = b.moment();
    b.insert_at(id, &stored)?;
    Ok(stored)
}

/// Writes the dependencies of `full` that had to wait for items the change
/// brought back; whether the item changed.
fn write_links<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    id: i64,
    mut full: Item,
) -> Result<bool, B::Error> {
    retain_existing(b, &mut full.depends_on)?;
    let Some(cur) = b.current(full.key)? else {
        return Ok(false);
    };
    if same_content(&cur, &full) {
        return Ok(false);
    }
    let after = overwrite(b, id, &cur, &full)?;
    record(b, taking, id, full.key, Some(&cur), Some(&after))?;
    Ok(true)
}

/// Records what the step did to one item, under the change that records
/// the step (started with the first item).
fn record<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    id: i64,
    key: Key,
    before: Option<&Item>,
    after: Option<&Item>,
) -> Result<(), B::Error> {
    let change = match taking.record {
        Some(c) => c,
        None => {
            let c = b.new_record(&format!(
                "{}: {}",
                taking.direction.verb(),
                taking.found.summary
            ))?;
            taking.record = Some(c);
            c
        }
    };
    let before = before.map(format::item_to_json).transpose()?;
    let after = after.map(format::item_to_json).transpose()?;
    b.record_row(change, id, key, before.as_deref(), after.as_deref())
}

/// Drops keys of items that no longer exist.
fn retain_existing<B: UndoSql>(b: &mut B, keys: &mut Vec<Key>) -> Result<(), B::Error> {
    let mut kept = Vec::with_capacity(keys.len());
    for k in keys.iter() {
        if b.present(*k)? {
            kept.push(*k);
        }
    }
    *keys = kept;
    Ok(())
}
