//! Reading the change history from the server (as the SQLite backend's
//! `history`: bulk rows without states read back from the next row or
//! the item now).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use postgres::GenericClient;

use super::fail::Pg;
use super::rows;
use crate::domain::forecast::Completion;
use crate::domain::{Item, Key};
use crate::store::format;
use crate::store::history::{AUTHORS_SINCE_SQL, Authored, Change, HistoryEntry, authors_by_key};

fn parse(s: Option<String>) -> Pg<Option<Item>> {
    Ok(s.map(|s| format::item_from_json(&s)).transpose()?)
}

pub fn for_item(c: &mut impl GenericClient, key: Key) -> Pg<Vec<HistoryEntry>> {
    let rows = c.query(
        "SELECT c.id, c.at, c.summary, c.note, c.state, h.before::text, h.after::text, \
         c.bulk AND h.before IS NULL AND h.after IS NULL, c.author \
         FROM history h JOIN changes c ON c.id = h.change_id \
         WHERE h.item_key = $1 ORDER BY c.id, h.id",
        &[&key.to_string()],
    )?;
    let mut out: Vec<HistoryEntry> = Vec::with_capacity(rows.len());
    let mut lazy_at = Vec::new();
    for r in rows {
        let state: i16 = r.try_get(4)?;
        if r.try_get::<_, bool>(7)? {
            lazy_at.push(out.len());
        }
        out.push(HistoryEntry {
            change: Change {
                id: r.try_get(0)?,
                at: r.try_get(1)?,
                summary: r.try_get(2)?,
                note: r.try_get(3)?,
                undone: state != 0,
                author: r.try_get(8)?,
            },
            before: parse(r.try_get(5)?)?,
            after: parse(r.try_get(6)?)?,
        });
    }
    for n in lazy_at {
        out[n].after = match out.get(n + 1) {
            Some(next) => next.before.clone(),
            None => rows::get(c, key)?,
        };
    }
    Ok(out)
}

/// Each item's authors since `since` (see the trait).
pub fn authors_since(
    c: &mut impl GenericClient,
    since: DateTime<Utc>,
) -> Pg<HashMap<Key, Vec<String>>> {
    let mut read = Vec::new();
    for r in c.query(AUTHORS_SINCE_SQL, &[&rows::seconds(since)])? {
        read.push(Authored {
            key: r.try_get(0)?,
            author: r.try_get(1)?,
        });
    }
    Ok(authors_by_key(read))
}

/// The net change of every item changed since `since` (see the trait).
pub fn net_since(
    c: &mut impl GenericClient,
    since: DateTime<Utc>,
) -> Pg<Vec<(Option<Item>, Item)>> {
    let rows = c.query(
        "SELECT h.item_key, h.before::text FROM history h JOIN changes c ON c.id = h.change_id \
         WHERE c.at >= $1 AND c.state = 0 AND c.kind <> 2 \
         AND (SELECT count(*) FROM history b WHERE b.change_id = c.id AND b.before IS NULL) <= 1 \
         ORDER BY c.id, h.id",
        &[&rows::seconds(since)],
    )?;
    let mut order: Vec<String> = Vec::new();
    let mut first: HashMap<String, Option<String>> = HashMap::new();
    for r in rows {
        let key: String = r.try_get(0)?;
        if let std::collections::hash_map::Entry::Vacant(e) = first.entry(key.clone()) {
            order.push(key);
            e.insert(r.try_get(1)?);
        }
    }
    let mut out = Vec::new();
    for key in order {
        let Ok(k) = key.parse::<Key>() else { continue };
        let Some(now) = rows::get(c, k)? else {
            continue;
        };
        out.push((parse(first.remove(&key).flatten())?, now));
    }
    Ok(out)
}

/// The query of [`completions`] (`$1`: since when). Its conditions on
/// `history` are the predicate of the index `history_completions`
/// (schema V8), word for word: change one, change the other.
pub const COMPLETIONS_SQL: &str = "SELECT h.item_key, c.at, (h.after->>'points')::float8 \
     FROM changes c JOIN history h ON h.change_id = c.id \
     WHERE c.at >= $1 AND c.state = 0 AND h.item_key LIKE 'S-%' \
     AND h.before IS NOT NULL AND h.after IS NOT NULL \
     AND h.after->>'status' = 'done' AND h.before->>'status' <> 'done' \
     ORDER BY c.id, h.id";

/// Stories whose status became `done` in a change not undone since
/// `since` (see `Backend::completions`).
pub fn completions(c: &mut impl GenericClient, since: DateTime<Utc>) -> Pg<Vec<Completion>> {
    let rows = c.query(COMPLETIONS_SQL, &[&rows::seconds(since)])?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let key: String = r.try_get(0)?;
        let Ok(key) = key.parse::<Key>() else {
            continue;
        };
        out.push(Completion {
            key,
            at: r.try_get(1)?,
            points: r.try_get(2)?,
        });
    }
    Ok(out)
}

/// When the first change was recorded.
pub fn first_change(c: &mut impl GenericClient) -> Pg<Option<DateTime<Utc>>> {
    let row = c.query_opt("SELECT at FROM changes ORDER BY id LIMIT 1", &[])?;
    Ok(match row {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}
