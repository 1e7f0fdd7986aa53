//! Store errors: each one a single line a user can act on.

use std::path::PathBuf;

use rusqlite::ErrorCode;
use thiserror::Error;

use crate::domain::{DomainError, Key};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("no backlog file at {0}: create one with `backlog init` or `backlog demo`")]
    Missing(PathBuf),
    #[error("cannot create {0}: the directory {1} does not exist")]
    NoDirectory(PathBuf, PathBuf),
    #[error("{0} is not a backlog file: {1}")]
    NotABacklog(PathBuf, String),
    #[error("{0} is corrupt or not an SQLite database; nothing was changed")]
    Corrupt(PathBuf),
    #[error(
        "{path} was written by a newer version of backlog (schema {found}, this build knows up to {supported}); upgrade backlog to open it"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{0} is read-only: nothing was changed")]
    ReadOnly(PathBuf),
    #[error("the disk is full: nothing was changed")]
    DiskFull,
    #[error("{0} is busy: another backlog process kept it locked; nothing was changed, try again")]
    Busy(PathBuf),
    #[error("no item {0}")]
    NoSuchItem(Key),
    #[error(
        "{key} was changed by someone else since you read it (your version {expected}, now {found}); nothing was changed: reload and try again"
    )]
    Stale { key: Key, expected: i64, found: i64 },
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data is damaged: {0}")]
    BadData(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// Like [`StoreError::from_sqlite`], and asks `conn` what the system
    /// said: SQLite reports a full disk as `SQLITE_FULL` only for writes to
    /// the file and its journal; growing the `-shm` file or creating the
    /// `-wal` on a full disk surface as "disk I/O error" or "unable to open"
    /// unless the errno is looked at.
    pub fn from_sqlite_on(
        conn: &rusqlite::Connection,
        e: rusqlite::Error,
        path: &std::path::Path,
    ) -> StoreError {
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
        StoreError::from_sqlite(e, path)
    }

    /// Turns an SQLite error into the user-facing error for `path`.
    pub fn from_sqlite(e: rusqlite::Error, path: &std::path::Path) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(path.to_path_buf()),
            Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
                StoreError::Corrupt(path.to_path_buf())
            }
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                StoreError::Busy(path.to_path_buf())
            }
            _ => StoreError::Sqlite(e),
        }
    }
}
