//! What `list` prints of every item, read without the rest: no
//! description or other text, no JSON columns (labels, criteria, metrics)
//! to parse, no dependencies or decisions. At 10,000 stories that is most
//! of a short command's time.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row};

use super::halves::{Ids, SPLIT_FROM, SecondHalf, cut, mapped, second_half};
use super::rows::{conversion, count, lane_at, status_at, text};
use crate::domain::{Item, Key, Kind, RiceInputs, WsjfInputs};

/// The columns [`list_item`] reads, in its order.
const LIST_COLUMNS: &str = "id, kind, num, parent_id, title, status, lane, rank, archived, \
     points, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, wsjf_size";

/// An item from a row of [`LIST_COLUMNS`], with its row id and its
/// parent's; every field the columns do not hold is blank.
fn list_item(row: &Row) -> rusqlite::Result<(i64, Option<i64>, Item)> {
    let kind = text(row, 1)?;
    let kind = kind
        .chars()
        .next()
        .and_then(Kind::from_letter)
        .ok_or_else(|| conversion(1, crate::domain::DomainError::BadKey(kind.to_string())))?;
    let mut item = Item::blank(
        Key::new(kind, row.get(2)?),
        None,
        DateTime::<Utc>::UNIX_EPOCH,
    );
    item.title = row.get(4)?;
    item.status = status_at(row, 5)?;
    item.lane = lane_at(row, 6)?;
    item.rank = row.get(7)?;
    item.archived = row.get(8)?;
    item.points = row.get(9)?;
    item.rice = RiceInputs {
        reach: row.get(10)?,
        impact: row.get(11)?,
        confidence: row.get(12)?,
        effort: row.get(13)?,
    };
    item.wsjf = WsjfInputs {
        value: row.get(14)?,
        time_criticality: row.get(15)?,
        risk_reduction: row.get(16)?,
        job_size: row.get(17)?,
    };
    Ok((row.get(0)?, row.get(3)?, item))
}

/// Rows of [`LIST_COLUMNS`]: each item, its row id and its parent's.
#[derive(Default)]
struct ListRows {
    ids: Vec<i64>,
    parents: Vec<Option<i64>>,
    items: Vec<Item>,
}

impl ListRows {
    fn with_capacity(n: usize) -> ListRows {
        ListRows {
            ids: Vec::with_capacity(n),
            parents: Vec::with_capacity(n),
            items: Vec::with_capacity(n),
        }
    }

    fn append(&mut self, mut other: ListRows) {
        self.ids.append(&mut other.ids);
        self.parents.append(&mut other.parents);
        self.items.append(&mut other.items);
    }
}

/// Every item as [`crate::store::Store::load_for_list`] promises, in key
/// order. `conn` is in a read transaction; a long read is cut in two at
/// an id, the second half read on another thread (see `halves.rs`).
pub(super) fn load_for_list(conn: &Connection, path: &Path) -> rusqlite::Result<Vec<Item>> {
    mapped(conn, || load_mapped(conn, path))
}

fn load_mapped(conn: &Connection, path: &Path) -> rusqlite::Result<Vec<Item>> {
    // The first read starts the transaction's snapshot.
    let n = count(conn)?;
    let mut rows = ListRows::with_capacity(usize::try_from(n).unwrap_or(0));
    if n >= SPLIT_FROM {
        let cut = cut(conn)?;
        let half = usize::try_from(n / 2 + 1).unwrap_or(0);
        let later = second_half(conn, path, cut, move |other, ids| {
            let mut rows = ListRows::with_capacity(half);
            read(other, ids, &mut rows).map(|()| rows)
        });
        read(conn, Ids::Before(cut), &mut rows)?;
        match later.and_then(SecondHalf::take) {
            Some(later) => rows.append(later),
            None => read(conn, Ids::From(cut), &mut rows)?,
        }
    } else {
        read(conn, Ids::All, &mut rows)?;
    }
    let ListRows {
        ids,
        parents,
        mut items,
    } = rows;
    // The rows are in id order: a parent is found by halving.
    debug_assert!(ids.is_sorted());
    for (n, parent) in parents.into_iter().enumerate() {
        if let Some(p) = parent {
            items[n].parent = ids.binary_search(&p).ok().map(|i| items[i].key);
        }
    }
    // Key order as the domain defines it (I < E < S), not the letters' order.
    if !items.is_sorted_by_key(|i| i.key) {
        items.sort_by_key(|i| i.key);
    }
    Ok(items)
}

/// The rows of `ids`, in id order, appended to `rows`.
fn read(conn: &Connection, ids: Ids, rows: &mut ListRows) -> rusqlite::Result<()> {
    let condition = ids.condition();
    let filter = condition.map_or(String::new(), |(c, _)| format!("WHERE {c}"));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {LIST_COLUMNS} FROM items {filter} ORDER BY id"
    ))?;
    let mut found = match condition {
        Some((_, id)) => stmt.query([id])?,
        None => stmt.query([])?,
    };
    while let Some(row) = found.next()? {
        let (id, parent, item) = list_item(row)?;
        rows.ids.push(id);
        rows.parents.push(parent);
        rows.items.push(item);
    }
    Ok(())
}
