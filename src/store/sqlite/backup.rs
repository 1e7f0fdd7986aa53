//! Copies of the file made with SQLite's online backup API: `backlog
//! backup FILE`, and the automatic copy taken before a schema migration.
//!
//! The copy is read in one step under one read transaction, so it is a
//! consistent snapshot even while another process (the TUI) writes, and it
//! includes what is still in the `-wal` file. It is written to a temporary
//! file beside the target, checked with `PRAGMA integrity_check`, switched
//! to a plain rollback journal (one self-contained file), and only then
//! renamed into place: a failed or interrupted backup leaves no half file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::error::from_sqlite;
use crate::store::error::{Result, StoreError};

/// Why the temporary file of a backup beside `shown` could not be made
/// in `dir`, without the temporary name `tempfile` adds to its errors
/// (`… at path "/d/.backlog-backup-VeRSu0.tmp"`): a directory this
/// process cannot write is named as the cause.
pub(crate) fn temp_file_error(e: std::io::Error, shown: &Path, dir: &Path) -> StoreError {
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        return StoreError::Refused(format!(
            "cannot write the backup {}: the directory {} is not writable; nothing was written (choose a directory you can write to)",
            crate::domain::text::shown_path(shown),
            crate::domain::text::shown_path(dir)
        ));
    }
    StoreError::Io {
        path: shown.to_path_buf(),
        error: std::io::Error::from(e.kind()),
    }
}

/// How long a backup waits for a source that stays locked.
const WAIT: Duration = Duration::from_secs(10);

/// Copies the database behind `src` to `dest`. Refuses an existing `dest`
/// unless `overwrite`. Returns the size of the copy in bytes.
pub(super) fn copy(
    src: &Connection,
    src_path: &Path,
    shown: &Path,
    overwrite: bool,
) -> Result<u64> {
    let (dest, dir) = destination(shown, overwrite, Some(src_path))?;
    let dest = &dest;
    let io = |error| StoreError::Io {
        path: shown.to_path_buf(),
        error,
    };
    let tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .suffix(TMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|e| temp_file_error(e, shown, &dir))?;
    // Held until the copy is in place: a temporary file that nobody holds
    // locked was left by a backup that was killed (see `remove_stale`).
    tmp.as_file().try_lock().map_err(|e| io(e.into()))?;
    let sql = |e| from_sqlite(e, shown);
    {
        let mut out = Connection::open_with_flags(
            tmp.path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql)?;
        {
            let backup = Backup::new(src, &mut out).map_err(sql)?;
            let started = Instant::now();
            loop {
                match backup.step(-1).map_err(|e| from_sqlite(e, src_path))? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked => {
                        if started.elapsed() > WAIT {
                            return Err(StoreError::Busy(src_path.to_path_buf()));
                        }
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    // `StepResult` is non-exhaustive.
                    _ => {}
                }
            }
        }
        // One self-contained file: no `-wal` needed beside it.
        let _: String = out
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(sql)?;
        let check: String = out
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(sql)?;
        if check != "ok" {
            // The copy has the source's pages: the source is damaged.
            let first = check
                .lines()
                .find(|l| !l.starts_with("***"))
                .unwrap_or(&check);
            return Err(StoreError::Refused(format!(
                "{} is damaged (SQLite's integrity check: {first}); no backup was written",
                src_path.display()
            )));
        }
        out.close().map_err(|(_, e)| sql(e))?;
    }
    // The copy gets the original's permissions, not the temporary file's.
    if let Ok(meta) = std::fs::metadata(src_path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    let size = tmp.as_file().metadata().map_err(io)?.len();
    if overwrite {
        tmp.persist(dest).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(dest).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Refused(format!(
                    "{} already exists: nothing was written (use --force to replace it)",
                    shown.display()
                ))
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(size)
}

const TMP_PREFIX: &str = ".backlog-backup-";
const TMP_SUFFIX: &str = ".tmp";

/// How long a backup's temporary file must have been left untouched
/// before it counts as stale (a backup locks its file at once, but not in
/// the same instant as it creates it).
const STALE_AFTER: Duration = Duration::from_secs(60);

/// What [`remove_stale`] removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Leftovers {
    pub files: usize,
    pub bytes: u64,
}

/// Removes the hidden temporary files that killed backups left in `dir`
/// (`.backlog-backup-XXXXXX.tmp`): only regular files with that name that
/// no process holds locked (a running backup locks its own) and that
/// nobody has written for a minute. Anything else is left alone, and so
/// is a file that cannot be removed.
pub fn remove_stale(dir: &Path) -> Leftovers {
    remove_stale_named(dir, TMP_PREFIX)
}

/// [`remove_stale`] for the temporary files named `PREFIXXXXXXX.tmp`
/// (`.backlog-output-` for the output files of `-o`, see
/// `ops::output`), by the same rules: each writer holds its own locked.
pub fn remove_stale_named(dir: &Path, prefix: &str) -> Leftovers {
    let mut removed = Leftovers::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = name.len() > prefix.len() + TMP_SUFFIX.len()
            && name.starts_with(prefix)
            && name.ends_with(TMP_SUFFIX);
        if !ours {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let idle = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !meta.is_file() || !idle {
            continue;
        }
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        // Removed while we hold the lock, so no backup can take it meanwhile.
        if file.try_lock().is_ok() && std::fs::remove_file(&path).is_ok() {
            removed.files += 1;
            removed.bytes += meta.len();
        }
    }
    removed
}

/// Where a backup to `shown` goes (its symbolic links followed, so a link
/// stays a link) and the directory of its temporary file, or why it cannot
/// go there: a directory, the backlog file itself (`src`), what is not a
/// regular file or is a companion of a database, an existing file unless
/// `overwrite`, a missing directory. One set of rules for every backend's
/// `backup`.
pub(crate) fn destination(
    shown: &Path,
    overwrite: bool,
    src: Option<&Path>,
) -> Result<(PathBuf, PathBuf)> {
    let dest = &target(shown)?;
    if dest.is_dir() {
        return Err(StoreError::Refused(format!(
            "{} is a directory: give a file name for the backup",
            shown.display()
        )));
    }
    if let Some(src) = src
        && same_file(src, dest)
    {
        return Err(StoreError::Refused(format!(
            "{} is the backlog file itself: give another file name for the backup",
            shown.display()
        )));
    }
    // What the kernel finds at the name (a pipe behind `/dev/stdout`,
    // whose link names no path) before what the links' text names.
    let special = std::fs::metadata(shown)
        .ok()
        .filter(|m| !m.is_file() && !m.is_dir())
        .map(|_| "is not a regular file (a device, a pipe or a socket)".to_string());
    if let Some(why) = special.or_else(|| not_for_a_backup(dest)) {
        return Err(StoreError::Refused(format!(
            "{} {why}: nothing was written (give another file name for the backup)",
            shown.display()
        )));
    }
    if !overwrite && dest.exists() {
        return Err(StoreError::Refused(format!(
            "{} already exists: nothing was written (use --force to replace it)",
            shown.display()
        )));
    }
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(StoreError::NoDirectory(shown.to_path_buf(), dir));
    }
    Ok((dest.clone(), dir))
}

/// Where a backup to `path` goes: symbolic links followed (up to 40), so a
/// link stays a link and the copy lands where it points, as every output
/// file does.
fn target(path: &Path) -> Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at).map_err(|error| StoreError::Io {
                    path: path.to_path_buf(),
                    error,
                })?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(StoreError::Refused(format!(
        "{}: too many levels of symbolic links; nothing was written",
        path.display()
    )))
}

/// Why `dest` cannot take a backup: it exists and is not a regular file
/// (renaming the copy over a device or a pipe would replace it, as root
/// even `/dev/null`), or its name is the `-wal`, `-shm`, `-journal` or
/// `-damaged` of the SQLite database beside it (SQLite would read the copy
/// as part of that database, or delete it; backlog would read it as damage
/// found).
fn not_for_a_backup(dest: &Path) -> Option<String> {
    if let Some(fs) = super::pseudo::pseudo_file_system(dest) {
        return Some(format!(
            "is on the kernel's {fs} pseudo file system, where no file can be written"
        ));
    }
    if let Ok(meta) = std::fs::metadata(dest)
        && !meta.is_file()
        && !meta.is_dir()
    {
        return Some("is not a regular file (a device, a pipe or a socket)".to_string());
    }
    let suffix = super::access::companion_of_database(dest)?;
    let name = dest.file_name()?.to_string_lossy();
    let stem = name.strip_suffix(suffix)?;
    Some(format!(
        "is the {suffix} file of the database {stem} beside it"
    ))
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The name of the copy kept before migrating `path` from schema
/// `version`: `backlog.db.v1.bak` beside it, or `backlog.db.v1-2.bak`, … if
/// that name is taken (an earlier backup is never overwritten).
pub(super) fn migration_backup_path(path: &Path, version: i64) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "backlog.db".into(), |n| n.to_string_lossy().into_owned());
    let first = path.with_file_name(format!("{name}.v{version}.bak"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| path.with_file_name(format!("{name}.v{version}-{n}.bak")))
        .find(|p| !p.exists())
        .expect("a free backup name")
}
