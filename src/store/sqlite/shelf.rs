//! Reading an item's state from the shelf (schema V12): the undo of a
//! bulk insertion moves its items' rows there instead of writing each
//! state as JSON into the undo's record; that record's row of an item
//! holds [`SHELVED`] as its `before`, and every reader of a `before`
//! reads the state here instead (see `tx/undo/shelf.rs`).

use rusqlite::{Connection, OptionalExtension};

use super::rows::{self, ITEM_COLUMNS, conversion, item_from_row};
use crate::domain::{Item, Key};
use crate::store::error::StoreError;
use crate::store::format;

/// The `before` of a history row whose state is on the shelf (a JSON
/// string, so that the column's `json_valid` check holds and `before IS
/// NULL` still means "did not exist").
pub(super) const SHELVED: &str = "\"shelf\"";

/// The column after [`ITEM_COLUMNS`] in [`read`]'s query: the parent's key.
const PARENT_KEY: usize = 35;

/// The state shelved under history row `row`, as the record's `before`
/// (its links to items the same step deleted before it left out).
pub(super) fn read(conn: &Connection, row: i64) -> rusqlite::Result<Option<Item>> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS}, parent_key FROM shelf WHERE history_id = ?1"
        ))?
        .query_row([row], |r| {
            let (_, _, item) = item_from_row(r)?;
            let parent: Option<String> = r.get(PARENT_KEY)?;
            Ok((parent, item))
        })
        .optional()?;
    let Some((parent, mut item)) = found else {
        return Ok(None);
    };
    item.parent = parent
        .map(|p| p.parse::<Key>().map_err(|e| conversion(PARENT_KEY, e)))
        .transpose()?;
    let mut stmt = conn
        .prepare_cached("SELECT depends_on FROM shelf_links WHERE history_id = ?1 AND cut = 0")?;
    let mut links = stmt.query([row])?;
    while let Some(l) = links.next()? {
        let key = rows::text(l, 0)?;
        item.depends_on
            .push(key.parse::<Key>().map_err(|e| conversion(0, e))?);
    }
    item.depends_on.sort();
    let mut stmt = conn.prepare_cached(
        "SELECT date, decision, rationale FROM shelf_decisions WHERE history_id = ?1 \
         ORDER BY position",
    )?;
    let mut decisions = stmt.query([row])?;
    while let Some(d) = decisions.next()? {
        item.decisions.push(rows::decision_from_row(d, 0)?);
    }
    Ok(Some(item))
}

/// A history row's `before` (`json`, of row `row`) as an item: parsed,
/// or read from the shelf when it is [`SHELVED`]. Inside, the error of a
/// state that is neither.
pub(super) fn before(
    conn: &Connection,
    row: i64,
    json: &str,
) -> rusqlite::Result<Result<Item, StoreError>> {
    if json != SHELVED {
        return Ok(format::item_from_json(json));
    }
    Ok(read(conn, row)?.ok_or_else(|| {
        StoreError::BadData(format!(
            "history row {row} names a state on the shelf that is not there"
        ))
    }))
}
