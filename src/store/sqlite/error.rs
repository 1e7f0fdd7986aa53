//! SQLite's errors turned into [`StoreError`]s, in one place: the
//! [`Explain`] trait names where an error happened (a connection and the
//! file), and [`SqlResult::explained`] converts a `rusqlite::Result` there.

use std::path::Path;

use rusqlite::{Connection, ErrorCode};

use crate::store::error::{Result, StoreError};

/// Like [`from_sqlite`], and asks `conn` what the system said: SQLite
/// reports a full disk as `SQLITE_FULL` only for writes to the file and its
/// journal; growing the `-shm` file or creating the `-wal` on a full disk
/// surface as "disk I/O error" or "unable to open" unless the errno is
/// looked at.
pub(crate) fn from_sqlite_on(conn: &Connection, e: rusqlite::Error, path: &Path) -> StoreError {
    if matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen)
    ) {
        // SAFETY: the handle is valid while `conn` lives, and
        // sqlite3_system_errno only reads the last errno it recorded.
        let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(conn.handle()) };
        if errno != 0 {
            use std::io::ErrorKind::{FileTooLarge, QuotaExceeded, StorageFull};
            let kind = std::io::Error::from_raw_os_error(errno).kind();
            if matches!(kind, StorageFull | QuotaExceeded | FileTooLarge) {
                return StoreError::DiskFull;
            }
        }
    }
    from_sqlite(e, path)
}

/// Turns an SQLite error into the user-facing error for `path`. Damage
/// (a corrupt page, a stored value that does not convert) in a backlog
/// file is remembered beside it, so that every later write is refused.
pub(crate) fn from_sqlite(e: rusqlite::Error, path: &Path) -> StoreError {
    use rusqlite::Error as E;
    let damaged = |what: &str| {
        if super::damage::is_backlog(path) {
            super::damage::record(path, what);
            super::damage::error(path, what)
        } else {
            // Not known to be a backlog (random bytes behind an SQLite
            // header): nothing of ours to restore.
            StoreError::Corrupt(path.to_path_buf())
        }
    };
    match &e {
        E::FromSqlConversionFailure(..)
        | E::InvalidColumnType(..)
        | E::IntegralValueOutOfRange(..)
        | E::Utf8Error(..) => return damaged(super::damage::BAD_VALUE),
        _ => {}
    }
    // A table or column of the schema this file's version has is gone:
    // its schema is damaged (it said `database error: no such table`).
    if let E::SqliteFailure(_, Some(msg)) = &e
        && (msg.starts_with("no such table: ") || msg.starts_with("no such column: "))
    {
        return damaged(&format!("its schema is damaged ({msg})"));
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(path.to_path_buf()),
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            damaged(super::damage::DAMAGED_PAGE)
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull,
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            StoreError::Busy(path.to_path_buf())
        }
        _ => StoreError::Backend(short_message(&e)),
    }
}

/// [`from_sqlite`] for a write that moves what the file holds from one
/// table to another (redo taking states off the shelf): a constraint
/// those values break means they are damaged, not that a command asked
/// for something the schema refuses.
pub(crate) fn from_moved(e: rusqlite::Error, path: &Path) -> StoreError {
    if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
        && super::damage::is_backlog(path)
    {
        super::damage::record(path, super::damage::BAD_VALUE);
        return super::damage::error(path, super::damage::BAD_VALUE);
    }
    from_sqlite(e, path)
}

/// SQLite's own words for `e`, without the SQL text that some errors
/// carry (a failed migration would print the whole schema).
pub(crate) fn short_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}

/// Where an SQLite error happened: what it takes to explain it.
pub(super) trait Explain {
    fn explain(&self, e: rusqlite::Error) -> StoreError;
}

/// A connection and the file it has open.
pub(super) struct At<'a> {
    pub conn: &'a Connection,
    pub path: &'a Path,
}

impl Explain for At<'_> {
    fn explain(&self, e: rusqlite::Error) -> StoreError {
        from_sqlite_on(self.conn, e, self.path)
    }
}

/// `rusqlite::Result` to [`Result`], explained where it happened.
pub(super) trait SqlResult<T> {
    fn explained(self, at: &impl Explain) -> Result<T>;
}

impl<T> SqlResult<T> for rusqlite::Result<T> {
    fn explained(self, at: &impl Explain) -> Result<T> {
        self.map_err(|e| at.explain(e))
    }
}

/// Whether `e` is a constraint violation (a UNIQUE name, a row still
/// referenced), which callers turn into a refusal of their own.
pub(super) fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::ConstraintViolation))
}
