//! What a step writes: an item overwritten or put back, links written
//! once their targets are back, and the record of each.

use super::known::Known;
use super::{Taking, UndoSql, retain_existing, same_content};
use crate::domain::{Item, Key};
use crate::store::error::StoreError;
use crate::store::{format, memory};

/// Writes `target` over the item at `current`'s version, without recording
/// it as a command's change (undo and redo move a change's state; the
/// caller records the step). Returns it as stored.
pub(super) fn overwrite<B: UndoSql>(
    b: &mut B,
    id: i64,
    current: &Item,
    target: Item,
) -> Result<Item, B::Error> {
    if !b.update_row(id, current.version, &target)? {
        return Err(StoreError::Stale {
            key: target.key,
            expected: current.version,
            found: current.version + 1,
        }
        .into());
    }
    let mut stored = target;
    stored.version = current.version + 1;
    stored.updated = b.moment();
    stored.created = current.created;
    b.rewrite_fields(id, &stored)?;
    Ok(stored)
}

/// Puts a deleted item back under its old row id, at the version that
/// counts its history rows (the one about to be recorded included).
/// Returns it as stored.
pub(super) fn reinsert<B: UndoSql>(
    b: &mut B,
    known: &mut Known,
    id: i64,
    target: &Item,
) -> Result<Item, B::Error> {
    let rows_so_far = known.history_count(b, target.key)?;
    let mut stored = target.clone();
    stored.version = rows_so_far + 1;
    stored.updated = b.moment();
    b.insert_at(id, &stored)?;
    Ok(stored)
}

/// Writes the dependencies of `full` that had to wait for items the change
/// brought back; whether the item changed.
pub(super) fn write_links<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    id: i64,
    mut full: Item,
) -> Result<bool, B::Error> {
    retain_existing(b, &mut taking.known, &mut full.depends_on)?;
    let Some(cur) = taking.known.current(b, full.key)? else {
        return Ok(false);
    };
    if same_content(&cur, &mut full) {
        return Ok(false);
    }
    let key = full.key;
    let after = overwrite(b, id, &cur, full)?;
    record_owned(b, taking, id, key, cur, after)?;
    Ok(true)
}

/// Records what the step did to one item, under the change that records
/// the step (started with the first item).
pub(super) fn record<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    id: i64,
    key: Key,
    before: Option<&Item>,
    after: Option<&Item>,
) -> Result<(), B::Error> {
    let change = record_change(b, taking, key)?;
    // An item put back by the redo of a bulk insertion is recorded as the
    // insertion was: without its state, which is the item's next row's
    // `before` or the item itself.
    if taking.lazy_record && before.is_none() {
        return b.record_row(change, id, key, None, None);
    }
    let before = before.map(format::item_to_json).transpose()?;
    let after = after.map(format::item_to_json).transpose()?;
    b.record_row(change, id, key, before.as_deref(), after.as_deref())
}

/// [`record`] of an item overwritten, each state dropped once written as
/// JSON: the history row holds both (an item's big text twice), and the
/// backend's record of the row as much again beside them.
pub(super) fn record_owned<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    id: i64,
    key: Key,
    before: Item,
    after: Item,
) -> Result<(), B::Error> {
    let change = record_change(b, taking, key)?;
    let before_json = format::item_to_json(&before)?;
    memory::drop_item(before);
    let after_json = format::item_to_json(&after)?;
    memory::drop_item(after);
    b.record_row(change, id, key, Some(&before_json), Some(&after_json))
}

/// The change that records the step (started with its first item), with
/// `key` noted as recorded.
fn record_change<B: UndoSql>(
    b: &mut B,
    taking: &mut Taking<'_>,
    key: Key,
) -> Result<i64, B::Error> {
    let change = match taking.record {
        Some(c) => c,
        None => {
            let c = b.new_record(
                &format!("{}: {}", taking.direction.verb(), taking.found.summary),
                taking.found.id,
            )?;
            taking.record = Some(c);
            if taking.lazy_record {
                taking.lazy_record = b.mark_bulk(c)?;
            }
            c
        }
    };
    taking.known.recorded(key);
    Ok(change)
}
