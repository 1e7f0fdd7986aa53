//! What `--db` names and what this process may do with it, looked at
//! before SQLite touches it: anything but a regular file (or a link to
//! one) is refused, and a file that cannot be written is opened so that
//! reading it creates and changes nothing, with the real reason ready for
//! a refused write.

use std::ffi::CString;
use std::fs::Metadata;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use crate::domain::text::shown_path;
use crate::store::error::StoreError;

/// Refuses what is not a regular file, before SQLite opens it: SQLite
/// would block on a FIFO, report "disk I/O error" on a device, and create
/// a `-journal` beside `/dev/null`.
pub(super) fn refuse_special(path: &Path, meta: &Metadata) -> Result<(), StoreError> {
    let t = meta.file_type();
    let what = if t.is_file() {
        // A `/proc` or `/sys` file says it is empty (or a page long)
        // whatever it holds: SQLite would read it as an empty database.
        return match super::pseudo::not_on_a_disk(path, meta.len()) {
            Some(why) => Err(StoreError::NotABacklog(path.to_path_buf(), why)),
            None => Ok(()),
        };
    } else if t.is_dir() {
        "it is a directory"
    } else if t.is_fifo() {
        "it is a named pipe (FIFO); give the path of a regular file"
    } else if t.is_char_device() || t.is_block_device() {
        "it is a device; give the path of a regular file"
    } else if t.is_socket() {
        "it is a socket; give the path of a regular file"
    } else {
        "it is not a regular file; give the path of a regular file"
    };
    Err(StoreError::NotABacklog(path.to_path_buf(), what.into()))
}

/// Refuses a name that is not there and names a directory (`new.db/`,
/// `new.db/.`, `new.db/..`): SQLite would drop the end and create
/// `new.db`, which the same name then cannot open.
pub(super) fn refuse_directory_name(path: &Path) -> Result<(), StoreError> {
    let last = path.as_os_str().as_bytes().rsplit(|&b| b == b'/').next();
    if matches!(last, Some(b"" | b"." | b"..")) {
        return Err(StoreError::NotABacklog(
            path.to_path_buf(),
            "it names a directory (it ends in /, . or ..); give the path of a file".into(),
        ));
    }
    Ok(())
}

/// Why every write to a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ReadOnly {
    /// The file itself has no write permission.
    File,
    /// The file system holding it is mounted read-only.
    FileSystem,
    /// SQLite cannot create its `-wal`, `-shm` or `-journal` in the
    /// directory.
    Directory(PathBuf),
    /// A `-wal` or `-shm` beside the file cannot be written.
    Companion(PathBuf),
    /// An empty file opened by a command that only reads: it stays empty.
    Empty,
    /// The file is damaged (what was found).
    Damaged(String),
}

impl ReadOnly {
    /// The one-line refusal of a write to `path`, naming the cause and the
    /// fix.
    pub(super) fn error(&self, path: &Path) -> StoreError {
        match self {
            ReadOnly::File => StoreError::ReadOnly(path.to_path_buf()),
            ReadOnly::FileSystem => StoreError::Refused(format!(
                "{} cannot be written: it is on a file system mounted read-only; nothing was changed (remount it read-write, or copy the file to one that is)",
                shown_path(path)
            )),
            ReadOnly::Directory(dir) => StoreError::Refused(format!(
                "{} cannot be written: its directory {} is read-only, and SQLite needs to create its -wal and -shm files there; nothing was changed (make the directory writable, or copy the file to one that is)",
                shown_path(path),
                shown_path(dir)
            )),
            ReadOnly::Companion(file) => {
                let fix = if file.to_string_lossy().ends_with("-shm") {
                    "make it writable with `chmod u+w`, or remove it while no backlog is running (it holds no data)"
                } else {
                    "make it writable with `chmod u+w`; do not delete it, it holds changes"
                };
                StoreError::Refused(format!(
                    "{} cannot be written: {} beside it is read-only; nothing was changed ({fix})",
                    shown_path(path),
                    shown_path(file)
                ))
            }
            ReadOnly::Empty => StoreError::Refused(format!(
                "{} is empty: a command that writes makes it a backlog (`backlog init`)",
                shown_path(path)
            )),
            ReadOnly::Damaged(what) => super::damage::error(path, what),
        }
    }
}

/// The file's companions: SQLite's `-wal`, `-shm` and `-journal`, and
/// backlog's `-damaged` note. They lie beside the file itself: SQLite
/// follows a symbolic link given as the file and keeps them beside its
/// target.
pub(super) fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = link_target(path).into_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Every companion's name (see [`companion`]).
pub const COMPANIONS: [&str; 4] = ["-wal", "-shm", "-journal", "-damaged"];

/// Whether `path` (there or not) is named as a companion of an SQLite
/// database beside it (`x.db-wal` beside the database `x.db`; see
/// [`COMPANIONS`]): the suffix, if so. SQLite reads such a file as part of
/// that database (or deletes it), and backlog reads a `-damaged` note as
/// damage found: no output and no backup may be written there.
pub fn companion_of_database(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy();
    let (stem, suffix) = COMPANIONS
        .iter()
        .find_map(|suffix| Some((name.strip_suffix(suffix)?, *suffix)))?;
    let mut head = [0u8; 16];
    let beside_is_database = std::fs::File::open(path.with_file_name(stem))
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0");
    beside_is_database.then_some(suffix)
}

/// Refuses a file whose companion is there but is not a regular file,
/// before SQLite (or the damage note) touches it: a FIFO blocks every
/// command, a directory or a symbolic link makes SQLite fail with "unable
/// to open database file", and a link (symbolic or hard) would have
/// SQLite's pages or the note written into another file.
pub(super) fn refuse_odd_companions(path: &Path) -> Result<(), StoreError> {
    for suffix in COMPANIONS {
        let c = companion(path, suffix);
        let Ok(meta) = std::fs::symlink_metadata(&c) else {
            continue;
        };
        let t = meta.file_type();
        let what = if t.is_file() && meta.nlink() == 1 {
            continue;
        } else if t.is_file() {
            // SQLite would write its frames into the other file's bytes.
            "a hard link to another file"
        } else if t.is_symlink() {
            "a symbolic link"
        } else if t.is_dir() {
            "a directory"
        } else if t.is_fifo() {
            "a named pipe (FIFO)"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else if t.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        };
        return Err(StoreError::Refused(format!(
            "{} cannot be opened: {} beside it is {what}, where SQLite and backlog keep only files they make; nothing was changed (move it away)",
            shown_path(path),
            shown_path(&c)
        )));
    }
    Ok(())
}

/// Whether none of the companions exists: everything is in the file, and
/// no process has it open for writing in WAL mode.
pub(super) fn alone(path: &Path) -> bool {
    COMPANIONS[..3]
        .iter()
        .all(|s| std::fs::symlink_metadata(companion(path, s)).is_err())
}

/// What stops this process from writing the existing file at `path`, if
/// anything. `meta` is the file's metadata.
pub(super) fn blocker(path: &Path, meta: &Metadata) -> Option<ReadOnly> {
    if on_read_only_file_system(path) {
        return Some(ReadOnly::FileSystem);
    }
    if meta.permissions().readonly() || !may(path, libc::W_OK) {
        return Some(ReadOnly::File);
    }
    for suffix in ["-wal", "-shm"] {
        let c = companion(path, suffix);
        // Another process closing the file may delete its -wal between a
        // look and the check: a companion gone meanwhile blocks nothing.
        if c.exists() && denied(&c, libc::W_OK) {
            return Some(ReadOnly::Companion(c));
        }
    }
    // With both the -wal and the -shm there, SQLite creates nothing new.
    let dir = directory(path);
    let both = companion(path, "-wal").exists() && companion(path, "-shm").exists();
    if !both && !may(&dir, libc::W_OK | libc::X_OK) {
        return Some(ReadOnly::Directory(dir));
    }
    None
}

/// What stops this process from creating a file at `path`, if anything.
pub(super) fn create_blocker(path: &Path) -> Option<ReadOnly> {
    let dir = directory(path);
    if dir.is_dir() && on_read_only_file_system(&dir) {
        return Some(ReadOnly::FileSystem);
    }
    (dir.is_dir() && !may(&dir, libc::W_OK | libc::X_OK)).then_some(ReadOnly::Directory(dir))
}

/// Where `path` leads once its symbolic links are followed (up to 40):
/// `path` itself when it is no link, or the missing file a dangling link
/// names.
pub(super) fn link_target(path: &Path) -> PathBuf {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&at) {
                Ok(to) => {
                    at = match at.parent() {
                        Some(dir) if to.is_relative() => dir.join(to),
                        _ => to,
                    };
                }
                Err(_) => return at,
            },
            _ => return at,
        }
    }
    at
}

/// The directory holding `path` (`.` for a bare name).
pub(super) fn directory(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether `path` is on a file system mounted read-only (`statvfs(2)`):
/// no permission or `chmod` makes it writable there.
fn on_read_only_file_system(path: &Path) -> bool {
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated string and `st` a writable
    // statvfs for the whole call.
    unsafe {
        let mut st: libc::statvfs = std::mem::zeroed();
        libc::statvfs(c.as_ptr(), &mut st) == 0 && st.f_flag & libc::ST_RDONLY != 0
    }
}

/// Whether `access(2)` refuses `how` on `path` for a reason other than
/// the file not being there (any more).
fn denied(path: &Path, how: libc::c_int) -> bool {
    !may(path, how) && std::io::Error::last_os_error().raw_os_error() != Some(libc::ENOENT)
}

/// Whether this process may access `path` as `how` (`access(2)`, which
/// answers for the real user, as the system will when SQLite opens it).
fn may(path: &Path, how: libc::c_int) -> bool {
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated string for the whole call.
    unsafe { libc::access(c.as_ptr(), how) == 0 }
}
