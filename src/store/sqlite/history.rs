//! Reading the change history of an item from the file.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::rows::time;
use super::shelf;
use crate::domain::forecast::Completion;
use crate::domain::{Item, Key};
use crate::store::history::{Change, HistoryEntry};
use crate::store::{format, memory};

/// From this many bytes on, a state is parsed with its copies handed back.
const BIG_STATE: usize = 1 << 20;

pub(super) fn for_item(conn: &Connection, key: Key) -> rusqlite::Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.at, c.summary, c.note, c.state, h.before, h.after, \
         c.bulk AND h.before IS NULL AND h.after IS NULL, c.author, h.id \
         FROM history h JOIN changes c ON c.id = h.change_id \
         WHERE h.item_key = ?1 ORDER BY c.id, h.id",
    )?;
    let rows = stmt.query_map([key.to_string()], |r| {
        let row: i64 = r.get(9)?;
        // A `before` may be on the shelf (see `shelf`).
        // Parsed where SQLite holds the text (a state can be hundreds of
        // megabytes), not from a copy of it.
        let parse = |col: usize| -> rusqlite::Result<Option<Item>> {
            let s: Option<&str> = r
                .get_ref(col)?
                .as_str_or_null()
                .map_err(|e| super::rows::conversion(col, e))?;
            s.map(|s| {
                // serde_json's copy of a big text it unescapes is handed
                // back as it is freed (see `store::memory`).
                let read = || {
                    if col == 5 {
                        shelf::before(conn, row, s)
                    } else {
                        Ok(format::item_from_json(s))
                    }
                };
                let item = if s.len() >= BIG_STATE {
                    memory::purging(read)?
                } else {
                    read()?
                };
                item.map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        col,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })
            })
            .transpose()
        };
        let state: i64 = r.get(4)?;
        let lazy: bool = r.get(7)?;
        Ok((
            lazy,
            HistoryEntry {
                change: Change {
                    id: r.get(0)?,
                    at: time(r, 1)?,
                    summary: r.get(2)?,
                    note: r.get(3)?,
                    undone: state != 0,
                    author: r.get(8)?,
                },
                before: parse(5)?,
                after: parse(6)?,
            },
        ))
    })?;
    let rows: Vec<(bool, HistoryEntry)> = rows.collect::<rusqlite::Result<_>>()?;
    // A bulk insertion did not record the state it created (schema V4):
    // it is what the next change found, or the item now.
    let mut out: Vec<HistoryEntry> = Vec::with_capacity(rows.len());
    let mut lazy_at = Vec::new();
    for (n, (lazy, e)) in rows.into_iter().enumerate() {
        if lazy {
            lazy_at.push(n);
        }
        out.push(e);
    }
    for n in lazy_at {
        out[n].after = match out.get(n + 1) {
            Some(next) => next.before.clone(),
            None => super::rows::get(conn, key)?,
        };
    }
    Ok(out)
}

/// The net change of every item changed since `since` (changes not
/// undone): its state before the first such change (`None`: created) and
/// now. Items deleted since are left out, and so are bulk loads (a demo
/// load or an import creating many items at once).
pub(super) fn net_since(
    conn: &Connection,
    since: DateTime<Utc>,
) -> rusqlite::Result<Vec<(Option<Item>, Item)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.item_key, h.before, h.id FROM history h JOIN changes c ON c.id = h.change_id \
         WHERE c.at >= ?1 AND c.state = 0 AND c.kind <> 2 \
         AND (SELECT count(*) FROM history b WHERE b.change_id = c.id AND b.before IS NULL) <= 1 \
         ORDER BY c.id, h.id",
    )?;
    let rows = stmt.query_map([super::rows::fmt_time(since)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut order: Vec<String> = Vec::new();
    let mut first: std::collections::HashMap<String, Option<(String, i64)>> = Default::default();
    for r in rows {
        let (key, before, row) = r?;
        if let std::collections::hash_map::Entry::Vacant(e) = first.entry(key.clone()) {
            order.push(key);
            e.insert(before.map(|b| (b, row)));
        }
    }
    let mut out = Vec::new();
    for key in order {
        let Ok(k) = key.parse::<Key>() else { continue };
        let Some(now) = super::rows::get(conn, k)? else {
            continue;
        };
        let before = match first.remove(&key).flatten() {
            Some((s, row)) => Some(shelf::before(conn, row, &s)?.map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?),
            None => None,
        };
        out.push((before, now));
    }
    Ok(out)
}

/// Stories whose status became `done` in a change not undone since
/// `since` (see `Backend::completions`).
pub(super) fn completions(
    conn: &Connection,
    since: DateTime<Utc>,
) -> rusqlite::Result<Vec<Completion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.item_key, c.at, json_extract(h.after, '$.points') \
         FROM changes c JOIN history h ON h.change_id = c.id \
         WHERE c.at >= ?1 AND c.state = 0 AND h.item_key LIKE 'S-%' \
         AND h.before IS NOT NULL AND h.after IS NOT NULL \
         AND json_extract(h.after, '$.status') = 'done' \
         AND json_extract(h.before, '$.status') <> 'done' \
         ORDER BY c.id, h.id",
    )?;
    let rows = stmt.query_map([super::rows::fmt_time(since)], |r| {
        let key: String = r.get(0)?;
        let key = key.parse::<Key>().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?;
        Ok(Completion {
            key,
            at: time(r, 1)?,
            points: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// When the first change was recorded.
pub(super) fn first_change(conn: &Connection) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let mut stmt = conn.prepare_cached("SELECT at FROM changes ORDER BY id LIMIT 1")?;
    let mut rows = stmt.query([])?;
    match rows.next()? {
        Some(r) => Ok(Some(time(r, 0)?)),
        None => Ok(None),
    }
}
