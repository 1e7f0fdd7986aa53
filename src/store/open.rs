//! Opening a file: refuse what is not ours before touching a byte, then
//! pragmas and migrations.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError};
use super::schema::{APPLICATION_ID, LATEST_VERSION, migrations};

/// Whether opening may create the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist (read commands).
    Existing,
    /// Create the file if missing (write commands, `init`).
    Create,
}

/// How long a writer waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The default file: `backlog.db` in the platform's data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "backlog").map(|d| d.data_dir().join("backlog.db"))
}

/// What the file holds, read without writing to it.
enum Found {
    /// Missing, zero bytes, or an SQLite file with nothing in it.
    Fresh,
    /// A backlog file at this schema version.
    Backlog(i64),
}

pub(super) fn open(path: &Path, mode: OpenMode) -> Result<(Connection, bool)> {
    let io = |e| StoreError::Io {
        path: path.to_path_buf(),
        error: e,
    };
    let meta = match fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    let read_only = match &meta {
        Some(m) if m.is_dir() => {
            return Err(StoreError::NotABacklog(
                path.to_path_buf(),
                "it is a directory".into(),
            ));
        }
        Some(m) => m.permissions().readonly(),
        None => {
            if mode == OpenMode::Existing {
                return Err(StoreError::Missing(path.to_path_buf()));
            }
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            if let Some(dir) = dir
                && !dir.is_dir()
            {
                return Err(StoreError::NoDirectory(
                    path.to_path_buf(),
                    dir.to_path_buf(),
                ));
            }
            false
        }
    };

    let found = match &meta {
        None => Found::Fresh,
        Some(m) if m.len() == 0 => Found::Fresh,
        Some(_) => inspect(path)?,
    };

    if read_only {
        if matches!(found, Found::Fresh) {
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::from_sqlite(e, path))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| StoreError::from_sqlite(e, path))?;
        return Ok((conn, true));
    }

    let mut conn = Connection::open(path).map_err(|e| StoreError::from_sqlite(e, path))?;
    let sql = |e| StoreError::from_sqlite(e, path);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sql)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(sql)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sql)?;
    let version = match found {
        Found::Fresh => {
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sql)?;
            0
        }
        Found::Backlog(v) => v,
    };
    if version < LATEST_VERSION {
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| StoreError::BadData(format!("migrating {}: {e}", path.display())))?;
    }
    Ok((conn, false))
}

/// Looks at an existing, non-empty file through a read-only connection.
fn inspect(path: &Path) -> Result<Found> {
    let corrupt = |_| StoreError::Corrupt(path.to_path_buf());
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(corrupt)?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| StoreError::from_sqlite(e, path))?;
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| StoreError::from_sqlite(e, path))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| StoreError::from_sqlite(e, path))?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| StoreError::from_sqlite(e, path))?;
    if app_id == APPLICATION_ID {
        if version > LATEST_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: LATEST_VERSION,
            });
        }
        return Ok(Found::Backlog(version));
    }
    if app_id == 0 && objects == 0 && version == 0 {
        return Ok(Found::Fresh);
    }
    Err(StoreError::NotABacklog(
        path.to_path_buf(),
        "it is another program's SQLite database; nothing was changed".into(),
    ))
}
