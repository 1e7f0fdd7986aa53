//! A read of every row in two halves, each on its own core, through a
//! memory map: how `list` (`list_rows.rs`) and the health audit
//! (`health_rows.rs`) read a long backlog.
//!
//! The rows are cut in two at an id ([`cut`]); the second half is read
//! on another thread by a connection reading the same commit
//! ([`SecondReader`]) and comes back by a channel, not by joining the
//! thread: the thread then closes its connection (about a millisecond:
//! its page cache freed, its locks let go) while the first goes on.

use std::path::Path;
use std::sync::mpsc::Receiver;

use rusqlite::Connection;

use super::same_snapshot::SecondReader;

/// From how many rows a read is cut in two: below it a second connection
/// costs more than it saves.
pub(super) const SPLIT_FROM: i64 = 4_000;

/// Which rows a half reads: all, or those before or from an id.
#[derive(Clone, Copy)]
pub(super) enum Ids {
    All,
    Before(i64),
    From(i64),
}

impl Ids {
    /// The condition on `id` (with `?1` its bound), or none.
    pub(super) fn condition(self) -> Option<(&'static str, i64)> {
        match self {
            Ids::All => None,
            Ids::Before(id) => Some(("id < ?1", id)),
            Ids::From(id) => Some(("id >= ?1", id)),
        }
    }
}

/// How much of the file a reader of every row maps ([`mapped`]): more
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

/// `read` with `conn` reading the file through a memory map, and back
/// to reads through the page cache after, whatever the read gave.
pub(super) fn mapped<T>(
    conn: &Connection,
    read: impl FnOnce() -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    map_file(conn, true)?;
    let read = read();
    let unmapped = map_file(conn, false);
    let read = read?;
    unmapped.map(|()| read)
}

/// The id the rows are cut at: the middle of the first and the last
/// (each found down one side of the table's tree). An import's ids are
/// dense, so each half is about half the rows; counting to the middle
/// row read half the table once more, before either half began.
pub(super) fn cut(conn: &Connection) -> rusqlite::Result<i64> {
    let (lo, hi): (i64, i64) = conn.query_row(
        "SELECT (SELECT min(id) FROM items), (SELECT max(id) FROM items)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(lo.midpoint(hi).saturating_add(1))
}

/// The second half of a read, on its way from another thread.
pub(super) struct SecondHalf<T>(Receiver<rusqlite::Result<T>>);

/// Starts reading the rows from `cut` (`read` of [`Ids::From`]) on
/// another thread, by a connection to `path` reading what `conn` reads
/// (called on `conn`'s thread, in its read transaction, before it steps
/// again). `None` if no thread could be started.
pub(super) fn second_half<T: Send + 'static>(
    conn: &Connection,
    path: &Path,
    cut: i64,
    read: impl FnOnce(&Connection, Ids) -> rusqlite::Result<T> + Send + 'static,
) -> Option<SecondHalf<T>> {
    let second = SecondReader::of(conn);
    let (give, take) = std::sync::mpsc::sync_channel(1);
    let own_path = path.to_path_buf();
    std::thread::Builder::new()
        .spawn(move || {
            let Some(other) = second.open(&own_path) else {
                return;
            };
            if map_file(&other, true).is_err() {
                return;
            }
            // The receiver gone (its own read failed) is no matter.
            let _ = give.send(read(&other, Ids::From(cut)));
            drop(other);
        })
        .ok()
        .map(|_| SecondHalf(take))
}

impl<T> SecondHalf<T> {
    /// The rows, or `None` when the thread had no second reader, its read
    /// failed, or it panicked: the caller then reads that half itself (an
    /// error of the file is then its own connection's).
    pub(super) fn take(self) -> Option<T> {
        self.0.recv().ok().and_then(Result::ok)
    }
}
