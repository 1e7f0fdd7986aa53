//! Opening a file: refuse what is not ours before touching a byte, then
//! pragmas and migrations.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use super::access::{self, ReadOnly};
use super::error::{from_sqlite, from_sqlite_on, short_message};
use super::schema::{APPLICATION_ID, LATEST_VERSION, STEPS};
use super::{backup, damage};
use crate::store::error::{Result, StoreError};

/// Whether opening may create the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist (read commands).
    Existing,
    /// Create the file if missing (write commands, `init`).
    Create,
}

/// How long a writer waits for another process's lock before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

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

/// An open connection, and what opening did.
pub(super) struct Opened {
    pub conn: Connection,
    /// Why every write is refused, if it is.
    pub read_only: Option<ReadOnly>,
    /// The schema version the file was migrated from, and the copy of it
    /// kept beside it.
    pub upgraded: Option<(i64, PathBuf)>,
}

pub(super) fn open(path: &Path, mode: OpenMode) -> Result<Opened> {
    let io = |e| StoreError::Io {
        path: path.to_path_buf(),
        error: e,
    };
    let meta = match fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    match &meta {
        // A device, a FIFO, a socket, a directory: refused before SQLite
        // opens it (it would block, fail, or create `/dev/null-journal`).
        Some(m) => {
            access::refuse_special(path, m)?;
            access::refuse_odd_companions(path)?;
        }
        None => {
            access::refuse_directory_name(path)?;
            if let Some(fs) = super::pseudo::pseudo_file_system(path) {
                // SQLite said "unable to open database file".
                return Err(StoreError::NotABacklog(
                    path.to_path_buf(),
                    format!(
                        "its directory is on the kernel's {fs} pseudo file system, where no file can be made; give the path of a file on a disk"
                    ),
                ));
            }
            access::refuse_odd_companions(path)?;
            if mode == OpenMode::Existing {
                return Err(StoreError::Missing(path.to_path_buf()));
            }
            // A dangling link: SQLite creates the file where it points.
            let target = access::link_target(path);
            let dir = target.parent().filter(|d| !d.as_os_str().is_empty());
            if let Some(dir) = dir
                && !dir.is_dir()
            {
                return Err(StoreError::NoDirectory(
                    path.to_path_buf(),
                    dir.to_path_buf(),
                ));
            }
            if let Some(cause) = access::create_blocker(&target) {
                return Err(cause.error(path));
            }
        }
    }
    if let Some(m) = &meta
        && let Some(d) = damage::in_header(path, m.len())
    {
        // Remembered, so that every write is refused; reads go on when
        // SQLite can read the file.
        damage::record(path, &d.what);
        if d.fatal {
            return Err(damage::error(path, &d.what));
        }
    }

    let blocker = meta.as_ref().and_then(|m| {
        damage::noted(path)
            .map(ReadOnly::Damaged)
            .or_else(|| access::blocker(path, m))
    });
    let found = match &meta {
        None => Found::Fresh,
        Some(m) if m.len() == 0 => Found::Fresh,
        Some(_) => inspect(path, blocker.is_some())?,
    };
    if mode == OpenMode::Existing && matches!(found, Found::Fresh) {
        // One rule for an empty file, as SQLite has it: an empty
        // database. A command that reads sees an empty backlog and leaves
        // the file as it is; a command that writes makes it a backlog.
        return empty_for_reading(path);
    }
    if let Some(cause) = blocker {
        if matches!(found, Found::Fresh) {
            // It cannot become a backlog.
            return Err(cause.error(path));
        }
        if let Found::Backlog(v) = found
            && v < LATEST_VERSION
        {
            // Its schema cannot be upgraded, and this build's queries need
            // the current one.
            return Err(match cause {
                ReadOnly::File => StoreError::Refused(format!(
                    "{} is read-only and was written by an older version of backlog (schema {v}, this build uses {LATEST_VERSION}): make it writable once so that it can be upgraded (a copy of it is kept); nothing was changed",
                    path.display()
                )),
                other => other.error(path),
            });
        }
        return Ok(Opened {
            conn: read_only_connection(path)?,
            read_only: Some(cause),
            upgraded: None,
        });
    }

    let conn = Connection::open(path).map_err(|e| from_sqlite(e, path))?;
    let sql = |c: &Connection, e| from_sqlite_on(c, e, path);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| sql(&conn, e))?;
    let current = matches!(found, Found::Backlog(v) if v == LATEST_VERSION);
    if mode == OpenMode::Create || !current {
        // A command that only reads a current file leaves its journal mode
        // alone: reading a rollback-journal file (a backup) changes no
        // byte of it, even when the read fails.
        set_wal(&conn, path)?;
    }
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(|e| sql(&conn, e))?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(|e| sql(&conn, e))?;
    let upgraded = if current { None } else { migrate(&conn, path)? };
    Ok(Opened {
        conn,
        read_only: None,
        upgraded,
    })
}

/// An empty backlog in memory, for a command that reads an empty file.
fn empty_for_reading(path: &Path) -> Result<Opened> {
    let conn = Connection::open_in_memory().map_err(|e| from_sqlite(e, path))?;
    migrate(&conn, path)?;
    Ok(Opened {
        conn,
        read_only: Some(ReadOnly::Empty),
        upgraded: None,
    })
}

/// A connection that only reads `path`. When the file is alone (no
/// `-wal`, `-shm` or `-journal` beside it), everything is in it and no
/// process has it open in WAL mode: it is opened immutable, so SQLite
/// creates nothing beside it (no `-shm` with the file's read-only mode
/// that would later block writes) and needs no write access to the
/// directory. Otherwise SQLite reads through the companions that are
/// there.
pub(super) fn read_only_connection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if access::alone(path) {
        Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
    } else {
        Connection::open_with_flags(path, flags)
    }
    .map_err(|e| from_sqlite(e, path))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| from_sqlite(e, path))?;
    Ok(conn)
}

/// A connection that reads `path` and writes nothing (`query_only`): the
/// normal read-write connection when this process may write the file (so
/// that it removes the `-wal` and `-shm` it made when it closes, and sees
/// other processes' commits safely), else [`read_only_connection`].
pub(super) fn reading_connection(path: &Path) -> Result<Connection> {
    let meta = fs::metadata(path).map_err(|error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    if damage::noted(path).is_some() || access::blocker(path, &meta).is_some() {
        return read_only_connection(path);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| from_sqlite(e, path))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| from_sqlite(e, path))?;
    conn.pragma_update(None, "query_only", true)
        .map_err(|e| from_sqlite(e, path))?;
    Ok(conn)
}

/// `file:PATH?immutable=1`, with the path percent-encoded.
fn immutable_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Switches the file to WAL. On a new file this needs an exclusive lock,
/// and SQLite reports "database is locked" at once, without waiting, when
/// another process holds a lock meanwhile (two commands creating one file
/// at the same moment): retry until [`BUSY_TIMEOUT`].
fn set_wal(conn: &Connection, path: &Path) -> Result<()> {
    let started = Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(from_sqlite_on(conn, e, path)),
        }
    }
}

/// Brings the schema up to [`LATEST_VERSION`] (a new file: creates it).
///
/// Runs in one `BEGIN IMMEDIATE` transaction that re-reads the version
/// under the write lock: several processes opening an old or new file at
/// once migrate it exactly once. An existing backlog is copied to
/// `FILE.vN.bak` (N: its schema version) before the first change; without
/// that copy nothing is migrated. Returns the old version and the copy.
fn migrate(conn: &Connection, path: &Path) -> Result<Option<(i64, PathBuf)>> {
    // Nothing else uses `conn` yet, so nothing can nest; the shared borrow
    // lets a failure be explained from the connection (a full disk).
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
        .map_err(|e| from_sqlite_on(conn, e, path))?;
    let sql = |e| from_sqlite_on(&tx, e, path);
    let (app_id, version, objects): (i64, i64, i64) = tx
        .query_row(HEADER, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(sql)?;
    if app_id == APPLICATION_ID && version == LATEST_VERSION {
        // Another process migrated it meanwhile.
        return Ok(None);
    }
    if app_id == APPLICATION_ID && version > LATEST_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: LATEST_VERSION,
        });
    }
    let fresh = app_id == 0 && version == 0 && objects == 0;
    if !fresh && app_id != APPLICATION_ID {
        return Err(StoreError::NotABacklog(
            path.to_path_buf(),
            "it is another program's SQLite database; nothing was changed".into(),
        ));
    }
    let mut upgraded = None;
    if fresh {
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sql)?;
    } else if version >= 1 {
        // The write lock is ours: the copy is exactly what gets migrated.
        let bak = backup::migration_backup_path(path, version);
        let src = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| from_sqlite(e, path))?;
        src.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| from_sqlite(e, path))?;
        backup::copy(&src, path, &bak, false).map_err(|e| {
            let why = match e {
                StoreError::DiskFull => "the disk is full".to_string(),
                other => other.to_string(),
            };
            StoreError::Refused(format!(
                "cannot back up {} before upgrading it from schema {version} to {LATEST_VERSION} ({why}); nothing was changed",
                path.display()
            ))
        })?;
        upgraded = Some((version, bak));
    }
    for (i, step) in STEPS.iter().enumerate().skip(version.max(0) as usize) {
        tx.execute_batch(step)
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
                _ => StoreError::Refused(format!(
                    "cannot upgrade {} to schema {} (SQLite: {}); nothing was changed: restore it from a backup",
                    path.display(),
                    i + 1,
                    short_message(&e)
                )),
            })?;
    }
    tx.pragma_update(None, "user_version", LATEST_VERSION)
        .map_err(sql)?;
    // COMMIT by hand, so that a failure can be explained from the
    // connection (see `Tx::commit`).
    tx.execute_batch("COMMIT").map_err(sql)?;
    Ok(upgraded)
}

/// `application_id`, `user_version` and the number of schema objects.
const HEADER: &str = "SELECT (SELECT application_id FROM pragma_application_id), \
     (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)";

/// Looks at an existing, non-empty file through a read-only connection;
/// one that creates nothing beside the file when this process cannot
/// write it (`read_only`).
fn inspect(path: &Path, read_only: bool) -> Result<Found> {
    let conn = if read_only {
        read_only_connection(path)?
    } else {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|_| StoreError::Corrupt(path.to_path_buf()))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| from_sqlite(e, path))?;
        conn
    };
    // One statement, so one read snapshot: another process creating the
    // file meanwhile is seen entirely before or entirely after.
    let header = |conn: &Connection| -> rusqlite::Result<(i64, i64, i64)> {
        conn.query_row(HEADER, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    };
    let (app_id, version, objects) = match header(&conn) {
        // A `-journal` beside the file holds a transaction a killed
        // process left unfinished: SQLite rolls it back, as it must before
        // anyone reads the file, but only on a connection that may write.
        // This process may: open one for that, as SQLite's own tools do.
        Err(rusqlite::Error::SqliteFailure(e, _))
            if !read_only && e.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK =>
        {
            drop(conn);
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| from_sqlite(e, path))?;
            conn.busy_timeout(BUSY_TIMEOUT)
                .map_err(|e| from_sqlite(e, path))?;
            header(&conn).map_err(|e| from_sqlite_on(&conn, e, path))?
        }
        other => other.map_err(|e| from_sqlite_on(&conn, e, path))?,
    };
    if app_id == APPLICATION_ID {
        if version < 0 {
            return Err(damage::error(
                path,
                &format!("its schema version is {version}, which no backlog writes"),
            ));
        }
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
