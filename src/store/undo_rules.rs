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

use crate::domain::key::KeyMap;
use crate::domain::{Item, Key};
use crate::store::backend::Direction;
use crate::store::error::StoreError;
use crate::store::format;
use crate::store::history::Stepped;

mod known;
mod sql;
mod write;

use known::Known;
pub use sql::{
    ChangeState, Deleted, Found, HistoryRow, PASSED_OVER, Pick, Prefetch, Savepoint, UndoSql,
    passed_over,
};
use write::{overwrite, record, record_owned, reinsert, write_links};

/// What stepping a change does to one item: it must be `expect` now (or
/// not exist), and becomes `target` (or goes).
struct ItemStep {
    /// The history row it comes from.
    row: i64,
    id: i64,
    key: Key,
    /// A bulk row without states: `expect` is read back before applying.
    lazy: bool,
    /// `expect` was read back from the item itself (no later history row
    /// holds it).
    from_item: bool,
    /// `expect` is the item as the step's prefetch read it (so not kept
    /// apart: it is the item `Known::current` hands out, with the links
    /// to items deleted since cut); these were its dependencies.
    as_read: Option<Vec<Key>>,
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
    /// One given change (not the latest that can go): a change that can
    /// never be taken is refused, not passed over.
    only: bool,
    /// The change recording this step, once the first item is written.
    record: Option<i64>,
    /// Whether the record's rows that create an item hold no state (the
    /// redo of a bulk change, on a backend that reads such rows back).
    lazy_record: bool,
    /// Whether a savepoint was set before the first write.
    savepoint: bool,
    known: Known,
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

/// Equal but for version and timestamps (`b`'s are put back as they were).
fn same_content(a: &Item, b: &mut Item) -> bool {
    let own = (b.version, b.updated, b.created);
    (b.version, b.updated, b.created) = (a.version, a.updated, a.created);
    let same = a == b;
    (b.version, b.updated, b.created) = own;
    same
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
        let mut taking = Taking {
            direction,
            found: &found,
            blocked: &blocked,
            only: only.is_some(),
            record: None,
            lazy_record: false,
            savepoint: false,
            known: Known::default(),
        };
        let taken = take(b, &mut taking);
        let saved = taking.savepoint;
        match taken {
            Ok(Outcome::Done { changed }) if changed || only.is_some() => {
                if saved {
                    b.savepoint(Savepoint::Release)?;
                }
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
                if saved {
                    b.savepoint(Savepoint::Release)?;
                }
                out.skipped.push(format!(
                    "skipped “{}”: it would change nothing (what it changed was deleted for good)",
                    found.summary
                ));
            }
            Ok(Outcome::Skip { why, keys }) => {
                let done = taking.done();
                // Without a savepoint (see `needs_savepoint`) the error
                // ends the transaction, which takes back what was written.
                if !saved || only.is_some() {
                    return Err(refused(direction, &found.summary, &why).into());
                }
                b.savepoint(Savepoint::RollBack)?;
                blocked.extend(keys);
                // Said once: a redo leaves it undone for good; an undo
                // leaves it live (the changes before it still meet its
                // items as it left them), noted as passed over, and
                // passes it over again without a word.
                let why = format!("it can no longer be {done} ({why})");
                match direction {
                    Direction::Redo => b.set_state(found.id, ChangeState::Superseded)?,
                    Direction::Undo if found.passed_over => continue,
                    Direction::Undo => b.add_note(found.id, &format!("{PASSED_OVER}{why}"))?,
                }
                out.skipped
                    .push(format!("skipped “{}”: {why}", found.summary));
            }
            Err(e) => {
                // The transaction goes with the error; leave it as it was
                // before this step all the same.
                if saved {
                    let _ = b.savepoint(Savepoint::RollBack);
                }
                return Err(e);
            }
        }
    }
}

/// Takes one change, or says why it never can be again.
fn take<B: UndoSql>(b: &mut B, taking: &mut Taking<'_>) -> Result<Outcome, B::Error> {
    // With nothing passed over (no key blocked), a bulk insertion may be
    // taken whole (see `UndoSql::bulk_step`).
    if taking.found.bulk
        && taking.blocked.is_empty()
        && let Some(changed) = b.bulk_step(taking.found, taking.direction)?
    {
        return Ok(Outcome::Done { changed });
    }
    let rows = b.history_rows(taking.found.id)?;
    if let Some(p) = b.prefetch(taking.found.id, taking.direction)? {
        let keys: Vec<Key> = rows.iter().filter_map(|r| r.key.parse().ok()).collect();
        taking.known = Known::from(p, &keys);
    }
    let mut steps = read_steps(b, taking, rows)?;
    let keys: Vec<Key> = steps.iter().map(|s| s.key).collect();
    fill_bulk_states(b, taking, &mut steps)?;
    if taking.direction == Direction::Undo {
        steps.reverse();
    }
    // Everything so far only read. A savepoint lets a change that can
    // never be taken be passed over (its writes taken back) for the one
    // before it; where that cannot happen, none is set (it makes SQLite
    // copy every page the step touches).
    if needs_savepoint(b, taking, &steps)? {
        b.savepoint(Savepoint::Begin)?;
        taking.savepoint = true;
    }
    if taking.direction == Direction::Redo && taking.found.bulk {
        taking.lazy_record = true;
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
    s.map(crate::store::memory::parse_state).transpose()
}

/// The change's history rows as item steps, in recorded order.
fn read_steps<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    rows: Vec<HistoryRow>,
) -> Result<Vec<ItemStep>, B::Error> {
    let (found, direction) = (taking.found, taking.direction);
    let mut steps = Vec::with_capacity(rows.len());
    for r in rows {
        let key: Key = r.key.parse().map_err(StoreError::Domain)?;
        // A bulk row without states: its after-state is read back, from
        // the item's next row or the item (undo: in `fill_bulk_states`).
        let lazy = found.bulk && r.before.is_none() && r.after.is_none();
        let (expect, target) = match direction {
            Direction::Undo => (parse(r.after)?, parse(r.before)?),
            Direction::Redo if lazy => {
                // Undone, so the undo's record holds the state in the
                // item's next row.
                let Some(after) = taking.known.next_before(b, key, found.id)? else {
                    return Err(StoreError::BadData(format!(
                        "change {} cannot be redone: the state of {} after it was never recorded",
                        found.id, r.key
                    ))
                    .into());
                };
                (None, after)
            }
            Direction::Redo => (parse(r.before)?, parse(r.after)?),
        };
        steps.push(ItemStep {
            row: r.row,
            id: r.id,
            key,
            lazy: lazy && direction == Direction::Undo,
            from_item: false,
            as_read: None,
            expect,
            target,
        });
    }
    Ok(steps)
}

/// Whether a change could turn out, midway, never to be takeable (and
/// be passed over, its writes taken back). Not for one given change (it
/// is refused, with an error that ends the transaction) nor, when no
/// change was passed over yet (no key blocked), unless a step would put
/// an item back under a parent that is missing at that point: the steps'
/// effect on which items exist is followed in order.
fn needs_savepoint<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    steps: &[ItemStep],
) -> Result<bool, B::Error> {
    if taking.only {
        return Ok(false);
    }
    if !taking.blocked.is_empty() {
        return Ok(true);
    }
    let mut exists: KeyMap<bool> = KeyMap::default();
    for s in steps {
        if let Some(p) = s.target.as_ref().and_then(|t| t.parent) {
            let here = match exists.get(&p) {
                Some(&e) => e,
                None => taking.known.present(b, p)?,
            };
            if !here {
                return Ok(true);
            }
        }
        exists.insert(s.key, s.target.is_some());
    }
    Ok(false)
}

/// What a bulk change left (it did not record it), read before this undo
/// deletes anything (deleting an item drops links to it): the `before` of
/// the item's next history row (the change that next touched it saw it
/// so), else the item now (unchanged since). It is written into the
/// change's row only where the undo's record of the item (the item's next
/// row, which redo and `show --history` read it back from) will not hold
/// it: see `apply_step`.
fn fill_bulk_states<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    steps: &mut [ItemStep],
) -> Result<(), B::Error> {
    let change = taking.found.id;
    for step in steps.iter_mut().filter(|s| s.lazy) {
        step.expect = match taking.known.next_before(b, step.key, change)? {
            Some(before) => before,
            None => {
                step.from_item = true;
                // Read by the prefetch: the item handed out later is
                // this one (a bulk change names each item once).
                if let Some(deps) = taking.known.read_links(step.key) {
                    step.as_read = Some(deps);
                    continue;
                }
                taking.known.before_writes(b, step.key)?
            }
        };
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
    let current = taking.known.current(b, key)?;
    let mut expect = step.expect;
    // Links to items that are gone (purged, or deleted by an earlier step
    // of this change) went with them.
    let mut links_left = Vec::new();
    if let Some(e) = &mut expect {
        if step.lazy {
            links_left = e.depends_on.clone();
        }
        retain_existing(b, &mut taking.known, &mut e.depends_on)?;
    }
    let unchanged = match (&current, &mut expect, step.as_read) {
        // The item as read, its links to items gone since cut: as
        // expected (`expect` with those links cut is the same item).
        (Some(_), _, Some(deps)) => {
            links_left = deps;
            true
        }
        (None, None, None) => true,
        (Some(c), Some(e), None) => same_content(c, e),
        _ => false,
    };
    if !unchanged {
        return Err(taking.refused(&format!("{key} has changed since")).into());
    }
    if let Some(p) = step.target.as_ref().and_then(|t| t.parent)
        && !taking.known.present(b, p)?
    {
        return Ok(ItemOutcome::Blocked(format!(
            "{key} belonged to {p}, which was deleted for good"
        )));
    }
    let target = match step.target {
        Some(mut t) => {
            let all = t.depends_on.clone();
            retain_existing(b, &mut taking.known, &mut t.depends_on)?;
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
            if same_content(&cur, &mut t) {
                return Ok(ItemOutcome::Unchanged);
            }
            // Checked: not kept beside the writes (a big text).
            if let Some(e) = expect {
                crate::store::memory::drop_item(e);
            }
            let after = overwrite(b, id, &cur, t)?;
            record_owned(b, taking, id, key, cur, after)?;
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
            taking.known.present.insert(key, false);
            record(b, taking, id, key, Some(&cur), None)?;
            // Read back from the item, the state the bulk change left is
            // the record's `before` (now the item's next row), but for
            // links to items deleted earlier in this step, which went
            // first: then that state is written into the change's row,
            // as it would have been recorded in full.
            if step.lazy && step.from_item {
                // Read back as the prefetch read it, the state is `cur`
                // with every link it had.
                let left = match expect {
                    Some(left) => Some(left),
                    None if links_left != cur.depends_on => Some(cur.clone()),
                    None => None,
                };
                if let Some(mut left) = left {
                    left.depends_on = links_left;
                    if left != cur {
                        b.write_after(step.row, &format::item_to_json(&left)?)?;
                    }
                }
            }
        }
        (None, Some(t)) => {
            let after = reinsert(b, &mut taking.known, id, &t)?;
            taking.known.present.insert(key, true);
            record(b, taking, id, key, None, Some(&after))?;
        }
        (None, None) => return Ok(ItemOutcome::Unchanged),
    }
    Ok(ItemOutcome::Changed)
}

/// Drops keys of items that no longer exist.
fn retain_existing<B: UndoSql>(
    b: &mut B,
    known: &mut Known,
    keys: &mut Vec<Key>,
) -> Result<(), B::Error> {
    let mut kept = Vec::with_capacity(keys.len());
    for k in keys.iter() {
        if known.present(b, *k)? {
            kept.push(*k);
        }
    }
    *keys = kept;
    Ok(())
}
