//! What redo of a bulk insertion taken whole asks of the file before it
//! may be taken (see `bulk_redo.rs`): only reads, of the state the step
//! began on, so they may be asked on a reader beside the step's own
//! connection (`beside_writer.rs`) while that one copies the rows back.

use std::collections::HashMap;

use rusqlite::params;

use super::super::super::error::{At, SqlResult};
use super::super::super::rows;
use super::super::super::shelf::SHELVED;
use super::super::RECORD;
use super::bulk::{Row, any, changed_otherwise, created_rows, of_change};
use super::shelf_check;
use crate::domain::Key;
use crate::store::error::Result;

/// The step asked about: change `change` and `undo`, its last undo, of
/// `undo_rows` history rows from `lo` to `hi`.
pub(super) struct Asked {
    pub change: i64,
    pub undo: i64,
    pub undo_rows: i64,
    pub lo: Option<i64>,
    pub hi: Option<i64>,
}

/// What a step taken whole needs to finish.
pub(super) struct Taken {
    /// The change's rows, in order.
    pub rows: Vec<Row>,
    /// Of each item, the links the rules write at the end (to an item of
    /// the change put back after it).
    pub late: HashMap<String, Vec<Key>>,
    /// Every shelved row's `version` is two less than the version the
    /// rules give it back (one more than its history rows, the redo's
    /// own included), as when nothing but this change's undo wrote the
    /// item since (see `bulk_redo.rs`).
    pub versions_follow: bool,
}

/// Table `table`'s rows (alias `alias`) of the undo's history rows, each
/// beside its row (`u`).
pub(super) fn of_undo(table: &str, alias: &str) -> String {
    format!("{table} {alias} CROSS JOIN history u ON u.id = {alias}.history_id")
}

/// The condition on [`of_undo`] that keeps the rows of undo `undo` (its
/// history rows are the rows of one statement, so read by range of their
/// ids, not looked up from each of them: a row of them holds one in
/// thirteen links, one in a hundred decisions at 100,000 stories).
pub(super) fn in_undo(alias: &str, asked: &Asked) -> String {
    format!(
        "{alias}.history_id BETWEEN {} AND {} AND u.change_id = {}",
        asked.lo.unwrap_or(0),
        asked.hi.unwrap_or(-1),
        asked.undo
    )
}

/// Whether query `sql`, of [`of_change`], finds a row, with `change` as
/// `?1` if it names it.
fn any_on(at: &At<'_>, sql: &str, change: i64) -> Result<bool> {
    if sql.contains("?1") {
        any(at, sql, [change])
    } else {
        any(at, sql, [])
    }
}

/// Whether an item holds a key of change `change` (of `n` rows): looked
/// up from the smaller side.
fn key_taken(at: &At<'_>, change: i64, n: i64) -> Result<bool> {
    let items: i64 = at
        .conn
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .explained(at)?;
    let sql = if items < n {
        "SELECT 1 FROM items i CROSS JOIN history h \
         ON h.item_key = i.kind || '-' || i.num AND h.change_id = ?1"
    } else {
        "SELECT 1 FROM history h JOIN items i \
         ON i.kind = substr(h.item_key, 1, instr(h.item_key, '-') - 1) \
         AND i.num = CAST(substr(h.item_key, instr(h.item_key, '-') + 1) AS INTEGER) \
         WHERE h.change_id = ?1"
    };
    any(at, sql, [change])
}

/// Whether the rules would put every item of the change back as its last
/// undo shelved it: none exists, none was changed since but by taking
/// this change back and forth, the last undo (the item's last row)
/// shelved each, and every parent and link target is back with it or
/// there (`None` when not). A damaged shelf is found first: a shelved row
/// holding a value no item may hold (see `shelf_check.rs`) is an error.
pub(super) fn verdict(at: &At<'_>, asked: &Asked) -> Result<Option<Taken>> {
    let Asked {
        change,
        undo,
        undo_rows,
        ..
    } = *asked;
    let Some(rows) = created_rows(at, change)? else {
        return Ok(None);
    };
    shelf_check::register(at.conn).explained(at)?;
    // The shelved rows of the last undo, those of them holding a value
    // no item may hold, and those whose version is not one less than
    // the count of the item's history rows (a NULL counts).
    let (shelved, refused, off_count): (i64, i64, i64) = at
        .conn
        .query_row(
            &format!(
                "SELECT count(*), coalesce(sum({}), 0), \
                 coalesce(sum(coalesce(s.version + 1 <> \
                 (SELECT count(*) FROM history k WHERE k.item_key = u.item_key), 1)), 0) \
                 FROM history u \
                 JOIN shelf s ON s.history_id = u.id \
                 JOIN history c ON c.change_id = ?2 AND c.item_key = u.item_key \
                 AND c.item_id = u.item_id AND s.id = u.item_id \
                 WHERE u.change_id = ?1 AND u.before = ?3",
                shelf_check::refused("s")
            ),
            params![undo, change, SHELVED],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .explained(at)?;
    if refused > 0 {
        return Err(shelf_check::damaged(at.path));
    }
    let n = i64::try_from(rows.len()).unwrap_or(-1);
    if shelved != n
        || undo_rows != n
        // Changed otherwise (as for undo), or since the last undo.
        || any(
            at,
            &changed_otherwise(" OR l.change_id > ?3"),
            [change, RECORD, undo],
        )?
        || any_on(
            at,
            &format!("SELECT 1 FROM items WHERE {}", of_change(&rows, "id")),
            change,
        )?
        || key_taken(at, change, n)?
        || any(
            at,
            &format!(
                "SELECT 1 FROM history u JOIN shelf s ON s.history_id = u.id \
                 WHERE u.change_id = ?1 AND s.parent_id IS NOT NULL AND NOT ({}) \
                 AND NOT EXISTS (SELECT 1 FROM items p WHERE p.id = s.parent_id \
                 AND p.kind || '-' || p.num = s.parent_key)",
                of_change(&rows, "s.parent_id")
            ),
            [undo],
        )?
    {
        return Ok(None);
    }
    // Every link's target is an item of the change or there.
    let keys: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(n, r)| (r.key.as_str(), n))
        .collect();
    let mut stmt = at
        .conn
        .prepare(&format!(
            "SELECT u.item_key, l.depends_on FROM {} WHERE {}",
            of_undo("shelf_links", "l"),
            in_undo("l", asked)
        ))
        .explained(at)?;
    let links = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .explained(at)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .explained(at)?;
    drop(stmt);
    let mut late: HashMap<String, Vec<Key>> = HashMap::new();
    for (from, to) in links {
        match (keys.get(from.as_str()), keys.get(to.as_str())) {
            (Some(a), Some(b)) => {
                if b > a {
                    let to: Key = to.parse().map_err(crate::store::StoreError::Domain)?;
                    late.entry(from).or_default().push(to);
                }
            }
            _ => {
                let to: Key = to.parse().map_err(crate::store::StoreError::Domain)?;
                if rows::id_of(at.conn, to).explained(at)?.is_none() {
                    return Ok(None);
                }
            }
        }
    }
    drop(keys);
    Ok(Some(Taken {
        rows,
        late,
        versions_follow: off_count == 0,
    }))
}
