//! A second connection that reads what a write transaction began on,
//! while that transaction writes: the checks of a big step (redo of an
//! import taken whole, see `tx/undo/bulk_redo.rs`) are asked on it, on
//! the second core, while the step's own connection copies the rows, and
//! the copy is rolled back if the answer is no.
//!
//! A write transaction cannot give an SQLite snapshot (see
//! `same_snapshot.rs`), and needs none: it holds the file's write lock,
//! so nobody commits while it is open, and in WAL mode a write
//! transaction always begins on the last commit. A read transaction
//! begun after it on another connection therefore begins on that same
//! commit, as long as the writer has written nothing yet; the writer's
//! own pages, spilled to the WAL or not, stay unseen by it until it
//! commits. Only a WAL file lets a reader read beside a writer (a
//! rollback-journal writer must wait for every reader before it writes
//! into the file): any other gives none, and the caller asks on its own
//! connection first, as before.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, ffi};

/// A connection to `path` in a read transaction on the commit that
/// `writer`'s open write transaction began on, or `None` when that cannot
/// be made sure of: `writer` is not in a write transaction of a WAL file
/// (its caller must also know that it has written nothing in it), or
/// the file cannot be opened again.
pub(super) fn reader_beside(writer: &Connection, path: &Path) -> Option<Connection> {
    // SAFETY: the handle is valid while `writer` lives; the call only
    // reads the connection's state.
    let state = unsafe { ffi::sqlite3_txn_state(writer.handle(), c"main".as_ptr()) };
    if state != ffi::SQLITE_TXN_WRITE {
        return None;
    }
    let mode: String = writer
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .ok()?;
    if !mode.eq_ignore_ascii_case("wal") {
        return None;
    }
    // Read-write, not immutable: an immutable connection would not read
    // the WAL, where the last commits may be.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.busy_timeout(super::open::BUSY_TIMEOUT).ok()?;
    conn.pragma_update(None, "query_only", true).ok()?;
    // Closed after the writer committed, it must leave the WAL to the
    // writer's connection (which checkpoints it when it closes).
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .ok()?;
    // The read transaction starts at its first read, here: while the
    // writer holds the write lock, before the caller's first write.
    conn.execute_batch("BEGIN").ok()?;
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
        .ok()?;
    Some(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(c: &Connection) -> i64 {
        c.query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    fn wal_file(dir: &Path) -> (std::path::PathBuf, Connection) {
        let path = dir.join("w.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE t (n); INSERT INTO t VALUES (1);")
            .unwrap();
        (path, c)
    }

    #[test]
    fn the_reader_reads_the_commit_the_writer_began_on_not_its_writes() {
        let dir = tempfile::tempdir().unwrap();
        let (path, other) = wal_file(dir.path());
        // A commit of another connection, in the WAL only.
        other.execute("INSERT INTO t VALUES (2)", []).unwrap();
        let writer = Connection::open(&path).unwrap();
        writer.execute_batch("BEGIN IMMEDIATE").unwrap();
        let reader = reader_beside(&writer, &path).expect("a reader beside");
        // The writer's rows, many enough to spill its cache to the WAL.
        writer
            .execute_batch(
                "PRAGMA cache_size = 10; \
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) \
                 INSERT INTO t SELECT randomblob(100) FROM n;",
            )
            .unwrap();
        assert_eq!(count(&reader), 2);
        writer.execute_batch("COMMIT").unwrap();
        // Its read transaction stays on the commit it began on.
        assert_eq!(count(&reader), 2);
        drop(reader);
        assert_eq!(count(&writer), 20_002);
    }

    #[test]
    fn no_reader_beside_a_connection_that_is_not_writing_or_not_wal() {
        let dir = tempfile::tempdir().unwrap();
        let (path, c) = wal_file(dir.path());
        assert!(reader_beside(&c, &path).is_none(), "not in a transaction");
        c.execute_batch("BEGIN").unwrap();
        assert_eq!(count(&c), 1);
        assert!(reader_beside(&c, &path).is_none(), "a read transaction");
        c.execute_batch("COMMIT").unwrap();
        let journal = dir.path().join("j.db");
        let j = Connection::open(&journal).unwrap();
        j.execute_batch("CREATE TABLE t (n); BEGIN IMMEDIATE;")
            .unwrap();
        assert!(reader_beside(&j, &journal).is_none(), "a rollback journal");
    }

    #[test]
    fn the_reader_closed_after_the_commit_leaves_the_wal_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (path, c) = wal_file(dir.path());
        drop(c);
        let writer = Connection::open(&path).unwrap();
        writer
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )
            .unwrap();
        writer.execute_batch("BEGIN IMMEDIATE").unwrap();
        let reader = reader_beside(&writer, &path).expect("a reader beside");
        writer
            .execute_batch("INSERT INTO t VALUES (2); COMMIT;")
            .unwrap();
        drop(writer);
        let wal = dir.path().join("w.db-wal");
        let before = std::fs::read(&wal).unwrap();
        drop(reader);
        assert_eq!(std::fs::read(&wal).unwrap(), before);
    }
}
