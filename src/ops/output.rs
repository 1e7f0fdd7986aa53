//! Writing an output file (`export -o`, `roadmap -o`, the TUI's roadmap
//! export and session summary): one function, so every writer treats the
//! target the same way.
//!
//! - `-` means standard output (the caller writes there; see
//!   [`Destination::parse`]).
//! - A symbolic link is followed to what it points at (up to 40 links); the
//!   link itself stays a link.
//! - A regular file, or a name that does not exist yet, is written
//!   atomically: the bytes go to a hidden temporary file beside it
//!   (`.backlog-output-XXXXXX.tmp`, held locked while it is written), which
//!   is then renamed over it, so a failed write never leaves half a file.
//!   An existing file keeps its permissions. Temporary files that killed
//!   writers left in that directory (not locked, untouched for a minute)
//!   are removed first, as `backup` removes its own.
//! - A character device or a FIFO (`/dev/stdout`, `/dev/null`, a named
//!   pipe) is written through, as a shell redirection would: it is never
//!   replaced by a file. So is one of this process's open files named
//!   through `/dev/stdout`, `/dev/fd/N` or `/proc/self/fd/N` (a pipe, or
//!   the file of `>> log`, which renaming a copy over would have
//!   replaced).
//! - A directory, a block device or a socket is refused with a message
//!   that says so; nothing is written.
//! - An SQLite database (the backlog itself, a backup of it, any other
//!   program's), or a `-wal`, `-shm` or `-journal` file beside one, is
//!   refused, however it is reached (its name, a symbolic or a hard link):
//!   an export written over it would destroy it.

use std::fs::{self, OpenOptions};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::domain::text::shown_path;

/// Where a command's output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// `-` (or no `-o`) is standard output; anything else a file.
    pub fn parse(output: Option<&Path>) -> Destination {
        match output {
            Some(p) if p.as_os_str() != "-" => Destination::File(p.to_path_buf()),
            _ => Destination::Stdout,
        }
    }
}

/// Why a file could not be written: one line that names the file (made
/// safe to print) and the cause.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OutputError(String);

fn failed(path: &Path, why: impl std::fmt::Display) -> OutputError {
    OutputError(format!("cannot write {}: {why}", shown_path(path)))
}

/// [`failed`] for an error of the system: what it means and what to do.
fn failed_io(path: &Path, error: &std::io::Error) -> OutputError {
    failed(path, crate::store::io_reason(error, "nothing was written"))
}

/// What is at a path, after following symbolic links.
enum Found {
    Missing,
    Regular(fs::Permissions),
    WriteThrough,
    Refused(&'static str),
    Database(&'static str),
}

/// Follows symbolic links from `path` to what they point at (a name that
/// may not exist yet).
fn resolve(path: &Path) -> Result<Target, OutputError> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        if let Some(fd) = own_descriptor(&at) {
            return Ok(Target::Descriptor(fd));
        }
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&at).map_err(|e| failed_io(path, &e))?;
                at = match at.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(Target::Path(at)),
        }
    }
    Err(failed(path, "too many levels of symbolic links"))
}

/// Where an output goes once links are followed.
enum Target {
    Path(PathBuf),
    /// One of this process's open files, named through `/dev/stdout`,
    /// `/dev/fd/N` or `/proc/self/fd/N`: the link's target is no path
    /// (`pipe:[123]`), or is a file the shell opened for this process
    /// (`>> log`): written through the descriptor, as a shell would.
    Descriptor(i32),
}

/// The descriptor `at` names if it is `/proc/self/fd/N` (or
/// `/proc/thread-self/fd/N`, `/proc/PID/fd/N` of this process, or
/// reached through a link to one of those directories: `/dev/fd/N`).
fn own_descriptor(at: &Path) -> Option<i32> {
    let fd: i32 = at.file_name()?.to_str()?.parse().ok()?;
    // `/dev/fd` is a link to `/proc/self/fd`, itself `/proc/PID/fd`.
    let dir = fs::canonicalize(at.parent()?).ok()?;
    if dir.file_name()? != "fd" {
        return None;
    }
    let owner = dir.parent()?;
    let me = std::process::id().to_string();
    let ours = matches!(owner.file_name()?.to_str()?, "self" | "thread-self")
        || owner.file_name()?.to_str()? == me;
    (ours && owner.parent()? == Path::new("/proc") && fd >= 0).then_some(fd)
}

/// Writes `bytes` to this process's descriptor `fd` (see
/// [`Target::Descriptor`]), unless it is open on an SQLite database.
fn write_descriptor(
    path: &Path,
    fd: i32,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    use std::os::fd::{FromRawFd, OwnedFd};
    let proc = PathBuf::from(format!("/proc/self/fd/{fd}"));
    if fs::metadata(&proc).is_ok_and(|m| m.is_file())
        && let Some(why) = database_file(&proc)
    {
        return Err(failed(
            path,
            format!(
                "{why}; nothing was written (writing over it would destroy it: give another file name)"
            ),
        ));
    }
    // SAFETY: `dup` returns a new descriptor this process owns (or -1).
    let copy = unsafe { libc::dup(fd) };
    if copy < 0 {
        return Err(failed(
            path,
            format!("no file is open as descriptor {fd}; nothing was written"),
        ));
    }
    // SAFETY: `copy` is a fresh descriptor owned by nothing else.
    let file = fs::File::from(unsafe { OwnedFd::from_raw_fd(copy) });
    let mut w = BufWriter::with_capacity(BUFFER, file);
    quiet_on_a_closed_pipe(write(&mut w).and_then(|()| w.flush())).map_err(|e| failed_io(path, &e))
}

/// A pipe whose reader went away (`| head`) ends the output quietly, as
/// writing to standard output does: it is no error, and "nothing was
/// written" would be untrue.
fn quiet_on_a_closed_pipe(r: std::io::Result<()>) -> std::io::Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn inspect(path: &Path) -> Result<Found, OutputError> {
    if let Some(fs) = crate::store::pseudo_file_system(path) {
        // `/proc`, `/sys`: nothing can be created there, and a file there
        // is the kernel's, not a file to replace.
        return Ok(Found::Refused(pseudo_reason(fs)));
    }
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(match companion_of_database(path) {
                Some(why) => Found::Database(why),
                None => Found::Missing,
            });
        }
        Err(e) => return Err(failed_io(path, &e)),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        if let Some(why) = database_file(path) {
            return Ok(Found::Database(why));
        }
        return Ok(Found::Regular(meta.permissions()));
    }
    if kind.is_dir() {
        return Ok(Found::Refused("it is a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            return Ok(Found::WriteThrough);
        }
        if kind.is_block_device() {
            return Ok(Found::Refused("it is a block device"));
        }
        if kind.is_socket() {
            return Ok(Found::Refused("it is a socket"));
        }
    }
    Ok(Found::Refused("it is not a regular file"))
}

/// Why nothing is written on the pseudo file system `fs`.
fn pseudo_reason(fs: &str) -> &'static str {
    match fs {
        "proc" => {
            "it is on the kernel's proc pseudo file system (/proc), where no file can be written"
        }
        "sysfs" => {
            "it is on the kernel's sysfs pseudo file system (/sys), where no file can be written"
        }
        _ => "it is on one of the kernel's pseudo file systems, where no file can be written",
    }
}

/// Why the regular file at `path` must not be replaced: it is an SQLite
/// database, a rollback journal or write-ahead log (by their first bytes),
/// or a companion of the database beside it (see
/// [`companion_of_database`]). A file that cannot be read is left to the
/// write to refuse.
fn database_file(path: &Path) -> Option<&'static str> {
    const DATABASE: &[u8] = b"SQLite format 3\0";
    const JOURNAL: &[u8] = &[0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
    let mut head = [0u8; 16];
    let read = fs::File::open(path)
        .and_then(|mut f| {
            let mut n = 0;
            while n < head.len() {
                match f.read(&mut head[n..])? {
                    0 => break,
                    got => n += got,
                }
            }
            Ok(n)
        })
        .unwrap_or(0);
    let head = &head[..read];
    if head.starts_with(DATABASE) {
        return Some("it is an SQLite database (a backlog, or a backup of one)");
    }
    if head.starts_with(JOURNAL)
        || head.starts_with(&[0x37, 0x7f, 0x06, 0x82])
        || head.starts_with(&[0x37, 0x7f, 0x06, 0x83])
    {
        return Some("it is the journal of an SQLite database");
    }
    companion_of_database(path)
}

/// Why `path` (there or not) must not be written: its name is the `-wal`,
/// `-shm`, `-journal` or `-damaged` of the SQLite database beside it
/// (`store::companion_of_database`).
fn companion_of_database(path: &Path) -> Option<&'static str> {
    crate::store::companion_of_database(path).map(|_| "it belongs to the SQLite database beside it")
}

/// Writes `bytes` to the file at `path` (see the module docs for what
/// happens with links, devices and pipes).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_file_with(path, |w| w.write_all(bytes))
}

/// [`write_file`] of what `write` writes, as it writes it (buffered):
/// an output is never held whole. An error of `write` is the write's
/// failure: nothing replaces the file.
pub fn write_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let target = match resolve(path)? {
        Target::Path(p) => p,
        Target::Descriptor(fd) => return write_descriptor(path, fd, write),
    };
    match inspect(&target)? {
        Found::Refused(why) => Err(failed(
            path,
            format!("{why}; nothing was written (give the path of a file on a disk)"),
        )),
        Found::Database(why) => Err(failed(
            path,
            format!(
                "{why}; nothing was written (writing over it would destroy it: give another file name)"
            ),
        )),
        Found::WriteThrough => {
            quiet_on_a_closed_pipe(OpenOptions::new().write(true).open(&target).and_then(|f| {
                let mut w = BufWriter::with_capacity(BUFFER, f);
                write(&mut w)?;
                w.flush()
            }))
            .map_err(|e| failed_io(path, &e))
        }
        Found::Missing => replace(path, &target, write, None),
        Found::Regular(permissions) => replace(path, &target, write, Some(permissions)),
    }
}

/// The name of an output's temporary file: `.backlog-output-XXXXXX.tmp`,
/// short whatever the target's name (`.NAME.PID.tmp` made a name of 250
/// bytes too long to write, and a killed writer's file was never removed).
pub const TMP_PREFIX: &str = ".backlog-output-";

/// The buffer an output is written through.
const BUFFER: usize = 1 << 16;

/// Why the temporary file beside `shown` could not be made in `dir`.
fn temp_failed(shown: &Path, dir: &Path, error: &std::io::Error) -> OutputError {
    use std::io::ErrorKind as K;
    match error.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem | K::StorageFull | K::QuotaExceeded => {
            failed_io(shown, error)
        }
        _ => failed(
            shown,
            format!(
                "its temporary file cannot be created in {} ({}); nothing was written (give the path of a file in a directory where files can be made)",
                shown_path(dir),
                crate::store::os_text(error)
            ),
        ),
    }
}

/// Writes what `write` writes beside `target` and renames it over it.
fn replace(
    shown: &Path,
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    permissions: Option<fs::Permissions>,
) -> Result<(), OutputError> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    crate::store::remove_stale_named(dir, TMP_PREFIX);
    // A new file gets the mode a shell redirection gives it (0666 less
    // the umask), not tempfile's private 0600.
    let tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .suffix(".tmp")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir)
        // Without the temporary name tempfile adds to its errors, and
        // saying what could not be made: the system's "not found" of a
        // directory that is there said nothing.
        .map_err(|e| temp_failed(shown, dir, &std::io::Error::from(e.kind())))?;
    let result = (|| -> std::io::Result<()> {
        let f = tmp.as_file();
        // Held until renamed: an unlocked one was left by a killed writer.
        f.try_lock().map_err(std::io::Error::from)?;
        let mut w = BufWriter::with_capacity(BUFFER, f);
        write(&mut w)?;
        w.flush()?;
        drop(w);
        f.sync_all()?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        Ok(())
    })();
    // On failure the temporary file is removed when dropped.
    result.map_err(|e| failed_io(shown, &e))?;
    tmp.persist(target)
        .map_err(|e| failed_io(shown, &e.error))?;
    Ok(())
}

#[cfg(test)]
#[path = "output_tests.rs"]
mod tests;
