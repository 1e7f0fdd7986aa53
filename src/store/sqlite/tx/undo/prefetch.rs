//! What undo and redo read of a big change in one pass (see
//! `undo_rules::Prefetch`): its items, the `before` of each item's next
//! history row (for its rows without states) and (redo) each item's
//! count of history rows. Each answers exactly what the one-item queries
//! beside it (`rows::get`, `next_before`, `history_count`) answer for
//! every key of the change that asks them.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, Row};

use super::super::super::rows::{self, ITEM_COLUMNS, item_from_row, key_at};
use super::super::super::shelf;
use crate::domain::key::KeyMap;
use crate::domain::{Item, Key, Kind};
use crate::store::backend::Direction;
use crate::store::error::StoreError;
use crate::store::undo_rules::Prefetch;

/// The row ids of the items the change's history rows name by key (the
/// key's kind and number, as `Key` writes them: `S-12`).
const ITEMS_OF_CHANGE: &str = "SELECT i.id FROM history h JOIN items i \
     ON i.kind = substr(h.item_key, 1, instr(h.item_key, '-') - 1) \
     AND i.num = CAST(substr(h.item_key, instr(h.item_key, '-') + 1) AS INTEGER) \
     WHERE h.change_id = ?1";

/// What the step read: the prefetch, the kind of each item read by row id,
/// and the row ids of the items read that have no child.
pub(super) type Read = (Prefetch, HashMap<i64, Kind>, HashSet<i64>);

/// What the step needs (see [`Read`]); inside, the error of a state that
/// is not an item's JSON, as reading it would give.
pub(super) fn read(
    conn: &Connection,
    change: i64,
    direction: Direction,
) -> rusqlite::Result<Result<Read, StoreError>> {
    let rows: i64 = conn
        .prepare_cached("SELECT count(*) FROM history WHERE change_id = ?1")?
        .query_row([change], |r| r.get(0))?;
    let rows = usize::try_from(rows).unwrap_or(0);
    let (items, kinds) = items(conn, change, rows)?;
    let childless = childless(conn, change, &kinds)?;
    let next_before = match next_before(conn, change)? {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    let mut out = Prefetch {
        items,
        next_before,
        history_counts: KeyMap::default(),
    };
    if direction == Direction::Redo {
        out.history_counts = history_counts(conn, change, rows)?;
    }
    Ok(Ok((out, kinds, childless)))
}

/// Of the items read (`kinds`), those no item has as its parent.
fn childless(
    conn: &Connection,
    change: i64,
    kinds: &HashMap<i64, Kind>,
) -> rusqlite::Result<HashSet<i64>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT DISTINCT parent_id FROM items WHERE parent_id IN ({ITEMS_OF_CHANGE})"
    ))?;
    let parents = stmt
        .query_map([change], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<HashSet<i64>>>()?;
    Ok(kinds
        .keys()
        .filter(|id| !parents.contains(id))
        .copied()
        .collect())
}

fn key_text(row: &Row, col: usize) -> rusqlite::Result<Option<Key>> {
    let s = rows::text(row, col)?;
    Ok(s.parse().ok())
}

/// The change's items that exist, as `rows::get` reads each.
fn items(
    conn: &Connection,
    change: i64,
    rows: usize,
) -> rusqlite::Result<(KeyMap<Item>, HashMap<i64, Kind>)> {
    let columns: Vec<String> = ITEM_COLUMNS.split(", ").map(|c| format!("i.{c}")).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT {}, p.kind, p.num FROM items i LEFT JOIN items p ON p.id = i.parent_id \
         WHERE i.id IN ({ITEMS_OF_CHANGE})",
        columns.join(", ")
    ))?;
    let mut items: KeyMap<Item> = KeyMap::with_capacity_and_hasher(rows, Default::default());
    let mut by_id: HashMap<i64, Key> = HashMap::with_capacity(rows);
    let mut rows = stmt.query([change])?;
    while let Some(row) = rows.next()? {
        let (id, _, mut item) = item_from_row(row)?;
        item.parent = key_at(row, 35)?;
        by_id.insert(id, item.key);
        items.insert(item.key, item);
    }
    drop(rows);
    let mut stmt = conn.prepare(&format!(
        "SELECT d.item_id, b.kind, b.num FROM dependencies d JOIN items b ON b.id = d.depends_on \
         WHERE d.item_id IN ({ITEMS_OF_CHANGE})"
    ))?;
    let mut rows = stmt.query([change])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if let (Some(k), Some(dep)) = (by_id.get(&id), key_at(row, 1)?)
            && let Some(item) = items.get_mut(k)
        {
            item.depends_on.push(dep);
        }
    }
    drop(rows);
    for item in items.values_mut() {
        item.depends_on.sort();
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT item_id, date, decision, rationale FROM decisions \
         WHERE item_id IN ({ITEMS_OF_CHANGE}) ORDER BY item_id, position"
    ))?;
    let mut rows = stmt.query([change])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if let Some(k) = by_id.get(&id)
            && let Some(item) = items.get_mut(k)
        {
            item.decisions.push(rows::decision_from_row(row, 1)?);
        }
    }
    Ok((
        items,
        by_id.into_iter().map(|(id, k)| (id, k.kind)).collect(),
    ))
}

/// Of each key of the change's rows without states (the only ones whose
/// state is read back), the `before` of its first history row after the
/// change, if it has one, read as an item straight from the row (the
/// record of an undo holds every item's state: 100 MB at 100,000
/// stories, not copied first). Each key's first row is found on the
/// index by key and change (no sort of those rows).
fn next_before(
    conn: &Connection,
    change: i64,
) -> rusqlite::Result<Result<KeyMap<Option<Item>>, StoreError>> {
    let mut stmt = conn.prepare(
        "SELECT h.item_key, n.before, n.id FROM history h JOIN history n ON n.id = \
         (SELECT m.id FROM history m WHERE m.item_key = h.item_key AND m.change_id > ?1 \
          ORDER BY m.change_id, m.id LIMIT 1) \
         WHERE h.change_id = ?1 AND h.before IS NULL AND h.after IS NULL",
    )?;
    let mut out: KeyMap<Option<Item>> = KeyMap::default();
    let mut rows = stmt.query([change])?;
    while let Some(row) = rows.next()? {
        let Some(key) = key_text(row, 0)? else {
            continue;
        };
        if out.contains_key(&key) {
            continue;
        }
        let before = match row.get_ref(1)?.as_str_or_null()? {
            Some(json) => match shelf::before(conn, row.get(2)?, json)? {
                Ok(item) => Some(item),
                Err(e) => return Ok(Err(e)),
            },
            None => None,
        };
        out.insert(key, before);
    }
    Ok(Ok(out))
}

/// How many history rows each key of the change has.
fn history_counts(conn: &Connection, change: i64, rows: usize) -> rusqlite::Result<KeyMap<i64>> {
    let mut stmt = conn.prepare(
        "SELECT item_key, count(*) FROM history \
         WHERE item_key IN (SELECT item_key FROM history WHERE change_id = ?1) GROUP BY item_key",
    )?;
    let mut out: KeyMap<i64> = KeyMap::with_capacity_and_hasher(rows, Default::default());
    let mut rows = stmt.query([change])?;
    while let Some(row) = rows.next()? {
        if let Some(key) = key_text(row, 0)? {
            *out.entry(key).or_insert(0) += row.get::<_, i64>(1)?;
        }
    }
    Ok(out)
}
