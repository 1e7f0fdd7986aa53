//! A second connection that reads what the first one reads: the same
//! commit of a WAL file, whatever other processes commit meanwhile.
//!
//! A long read (every row of a 10,000-story backlog for `list`) can then
//! be cut in two, each half stepped on its own core. SQLite connections
//! cannot be shared between threads while they step, so the second half
//! needs its own connection, and SQLite's snapshot API (built with
//! `SQLITE_ENABLE_SNAPSHOT`, see `.cargo/config.toml`) makes that
//! connection's read transaction start at the first one's: both halves
//! are of one commit, as a single read would be.
//!
//! Only a WAL file has snapshots; a file in rollback-journal mode (a
//! backup, a read-only file opened immutable) gives none, and the read is
//! not cut.

use std::ffi::CStr;
use std::path::Path;

use rusqlite::{Connection, ffi};

use super::open::reading_connection;

const MAIN: &CStr = c"main";

/// The snapshot a connection's open read transaction reads.
pub(super) struct Snapshot(*mut ffi::sqlite3_snapshot);

// SAFETY: a snapshot is a plain record of a WAL position (SQLite's own
// struct, no pointers into the connection); it is read by
// `sqlite3_snapshot_open` on another connection and freed once.
unsafe impl Send for Snapshot {}
unsafe impl Sync for Snapshot {}

impl Snapshot {
    /// What `conn`'s read transaction reads. SQLite gives none when the
    /// file is not in WAL mode, or no transaction was written to its WAL
    /// since the WAL was made (the usual state of a file at rest).
    fn of(conn: &Connection) -> Option<Snapshot> {
        let mut snap: *mut ffi::sqlite3_snapshot = std::ptr::null_mut();
        // SAFETY: the handle is valid while `conn` lives, and
        // `sqlite3_snapshot_get` only reads it and writes `snap`.
        let rc = unsafe { ffi::sqlite3_snapshot_get(conn.handle(), MAIN.as_ptr(), &mut snap) };
        (rc == ffi::SQLITE_OK && !snap.is_null()).then_some(Snapshot(snap))
    }
}

/// How to make a new connection to `path` in a read transaction that
/// reads what `first` reads in its open read transaction: [`SecondReader::open`] gives
/// it, or `None` when that cannot
/// be made sure of (another process committed meanwhile, the file cannot
/// be opened again): the caller then reads on `first` alone.
///
/// With a snapshot of `first`'s transaction, the new one starts on it.
/// Without one, `first` reads the database file alone (no transaction in
/// the WAL, or a rollback-journal file), and while its transaction is
/// open nobody can change that file: SQLite's checkpointer waits for such
/// a reader before it writes into the file, and a rollback-journal writer
/// for its shared lock. Then the new transaction reads the same as long
/// as it finds no transaction in the WAL either, which is what the lack
/// of a snapshot of it says.
///
/// [`SecondReader::of`] is called on `first`'s thread (before it steps
/// again), [`SecondReader::open`] on any thread.
pub(super) struct SecondReader(Option<Snapshot>);

impl SecondReader {
    pub(super) fn of(first: &Connection) -> SecondReader {
        SecondReader(Snapshot::of(first))
    }

    pub(super) fn open(self, path: &Path) -> Option<Connection> {
        second_reader(self.0, path)
    }
}

fn second_reader(snapshot: Option<Snapshot>, path: &Path) -> Option<Connection> {
    let conn = reading_connection(path).ok()?;
    // Its thread may close it after the command's own connection (it
    // hands its rows back before it closes): closing last must not
    // checkpoint the WAL into the file and delete it, which a reader
    // that is never joined would do at any moment, the process's end
    // included.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .ok()?;
    // The schema is read outside the transaction (before `BEGIN`):
    // `sqlite3_snapshot_open` needs a transaction that has read nothing.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
        .ok()?;
    conn.execute_batch("BEGIN").ok()?;
    match snapshot {
        Some(snapshot) => {
            // SAFETY: the handle is valid while `conn` lives; the snapshot
            // is valid until dropped, after this call.
            let rc =
                unsafe { ffi::sqlite3_snapshot_open(conn.handle(), MAIN.as_ptr(), snapshot.0) };
            (rc == ffi::SQLITE_OK).then_some(conn)
        }
        None => {
            // Start the transaction, then ask whether its WAL has a
            // transaction: then someone committed since `first` began.
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
                .ok()?;
            Snapshot::of(&conn).is_none().then_some(conn)
        }
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        // SAFETY: made by `sqlite3_snapshot_get`, freed once, here.
        unsafe { ffi::sqlite3_snapshot_free(self.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(c: &Connection) -> i64 {
        c.query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    /// A WAL file with one row, and a reader in a read transaction that
    /// has read it. With `wal_written`, the WAL holds a transaction.
    fn file(dir: &Path, wal_written: bool) -> (std::path::PathBuf, Connection, Connection) {
        let path = dir.join("s.db");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE t (n); INSERT INTO t VALUES (1);")
            .unwrap();
        let writer = if wal_written {
            // Kept open: the WAL and its transactions stay.
            writer
        } else {
            // The last connection closed: everything in the file and the
            // WAL gone, as a backlog at rest is.
            drop(writer);
            Connection::open(&path).unwrap()
        };
        let first = Connection::open(&path).unwrap();
        first.execute_batch("BEGIN").unwrap();
        assert_eq!(count(&first), 1);
        (path, writer, first)
    }

    #[test]
    fn the_second_reader_closed_last_writes_nothing() {
        // The WAL holds a transaction; every other connection closes
        // first: the second reader's close leaves the WAL as it is (no
        // checkpoint into the file, no deletion).
        let dir = tempfile::tempdir().unwrap();
        let (path, writer, first) = file(dir.path(), true);
        let second = SecondReader::of(&first)
            .open(&path)
            .expect("a second reader");
        assert_eq!(count(&second), 1);
        drop(first);
        writer
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )
            .unwrap();
        drop(writer);
        let wal = dir.path().join("s.db-wal");
        let before = (std::fs::read(&path).unwrap(), std::fs::read(&wal).unwrap());
        drop(second);
        assert!(wal.exists(), "the second reader's close deleted the WAL");
        let after = (std::fs::read(&path).unwrap(), std::fs::read(&wal).unwrap());
        assert!(
            before == after,
            "the second reader's close changed the file"
        );
    }

    #[test]
    fn the_second_reader_reads_the_first_ones_commit_or_is_not_made() {
        for wal_written in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let (path, writer, first) = file(dir.path(), wal_written);
            // Nobody wrote meanwhile: a second reader of the same rows.
            let second = SecondReader::of(&first)
                .open(&path)
                .expect("a second reader");
            assert_eq!(count(&second), 1);
            drop(second);
            // Another process commits after the first reader began.
            writer.execute("INSERT INTO t VALUES (2)", []).unwrap();
            match SecondReader::of(&first).open(&path) {
                // Only on the first one's snapshot.
                Some(second) => {
                    assert!(
                        wal_written,
                        "a second reader after a commit without a snapshot"
                    );
                    assert_eq!(count(&second), 1);
                }
                None => assert!(!wal_written, "a snapshot there was not used"),
            }
            assert_eq!(count(&Connection::open(&path).unwrap()), 2);
        }
    }

    #[test]
    fn a_rollback_journal_file_is_read_alike_while_the_first_reader_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t (n); INSERT INTO t VALUES (1); BEGIN;")
            .unwrap();
        assert_eq!(count(&c), 1);
        assert!(Snapshot::of(&c).is_none());
        let second = SecondReader::of(&c).open(&path).expect("a second reader");
        assert_eq!(count(&second), 1);
        // A writer cannot commit while the first reader holds its lock.
        let writer = Connection::open(&path).unwrap();
        assert!(writer.execute("INSERT INTO t VALUES (2)", []).is_err());
    }
}
