//! What `list` prints of every item, read without the rest: no
//! description or other text, no JSON columns (labels, criteria, metrics)
//! to parse, no dependencies or decisions. At 10,000 stories that is most
//! of a short command's time.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row};

use super::rows::{conversion, count, lane_at, status_at, text};
use super::same_snapshot::SecondReader;
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

/// From how many rows the read is cut in two, each half read on its own
/// core: below it a second connection costs more than it saves.
const SPLIT_FROM: i64 = 4_000;

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
/// order. `conn` is in a read transaction; a long read is cut in
/// two at an id, the second half read on another thread by a
/// connection to `path` reading the same commit ([`SecondReader`]).
pub(super) fn load_for_list(conn: &Connection, path: &Path) -> rusqlite::Result<Vec<Item>> {
    map_file(conn, true)?;
    let items = load_mapped(conn, path);
    // Back to reads through the page cache, whatever the read gave.
    let unmapped = map_file(conn, false);
    let items = items?;
    unmapped.map(|()| items)
}

/// How much of the file a reader of every row maps ([`map_file`]): more
/// than a 100,000-story backlog (about 110 MB); SQLite reads past it as
/// usual.
const MAP_SIZE: i64 = 1 << 30;

/// Has `conn` read the database file through a memory map (`PRAGMA
/// mmap_size`), or not. A read of every row otherwise makes one `pread`
/// system call per page and copies each page into the connection's
/// cache: 2,700 calls at 10,000 stories, a third of `list`'s system time.
/// Pages of the WAL are still read from it. SQLite maps the file read-only
/// and only as far as its size; the map is dropped when the read is done.
pub(super) fn map_file(conn: &Connection, on: bool) -> rusqlite::Result<()> {
    conn.pragma_update(None, "mmap_size", if on { MAP_SIZE } else { 0 })
}

fn load_mapped(conn: &Connection, path: &Path) -> rusqlite::Result<Vec<Item>> {
    // The first read starts the transaction's snapshot.
    let n = count(conn)?;
    let mut rows = ListRows::with_capacity(usize::try_from(n).unwrap_or(0));
    if n >= SPLIT_FROM {
        // The middle of the ids, from the first and the last (each found
        // down one side of the table's tree): an import's ids are dense,
        // so each half is about half the rows. Counting to the middle row
        // read half the table once more, before either half began.
        let (lo, hi): (i64, i64) = conn.query_row(
            "SELECT (SELECT min(id) FROM items), (SELECT max(id) FROM items)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let cut = lo.midpoint(hi).saturating_add(1);
        let second = SecondReader::of(conn);
        // The second half comes back by a channel, not by joining the
        // thread: the thread then closes its connection (about a
        // millisecond: its page cache freed, its locks let go) while
        // this one goes on with the rows.
        let (give, take) = std::sync::mpsc::sync_channel(1);
        let own_path = path.to_path_buf();
        let spawned = std::thread::Builder::new().spawn(move || {
            let Some(other) = second.open(&own_path) else {
                return;
            };
            if map_file(&other, true).is_err() {
                return;
            }
            let mut rows = ListRows::with_capacity(usize::try_from(n / 2 + 1).unwrap_or(0));
            let read = read(&other, Ids::From(cut), &mut rows).map(|()| rows);
            // The receiver gone (its own read failed) is no matter.
            let _ = give.send(read);
            drop(other);
        });
        read(conn, Ids::Before(cut), &mut rows)?;
        // No thread, or it had no second reader, or it panicked: the
        // channel is closed without a value.
        let later = spawned.ok().and_then(|_| take.recv().ok());
        match later {
            Some(Ok(later)) => rows.append(later),
            // No second reader, or it failed: the second half read here
            // (an error of the file is then this connection's).
            _ => read(conn, Ids::From(cut), &mut rows)?,
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

/// Which rows [`read`] reads: all, or those before or from an id.
#[derive(Clone, Copy)]
enum Ids {
    All,
    Before(i64),
    From(i64),
}

/// The rows of `ids`, in id order, appended to `rows`.
fn read(conn: &Connection, ids: Ids, rows: &mut ListRows) -> rusqlite::Result<()> {
    let (filter, cut) = match ids {
        Ids::All => ("", None),
        Ids::Before(id) => ("WHERE id < ?1", Some(id)),
        Ids::From(id) => ("WHERE id >= ?1", Some(id)),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {LIST_COLUMNS} FROM items {filter} ORDER BY id"
    ))?;
    let mut found = match cut {
        Some(id) => stmt.query([id])?,
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
