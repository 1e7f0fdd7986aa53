//! Store errors: each one a single line a user can act on, the same for
//! every backend (each converts its engine's errors into these).

use std::path::PathBuf;

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
    /// A server database (or schema) holding another program's tables.
    #[error("{place} does not hold a backlog: {why}")]
    NotABacklogDatabase { place: String, why: String },
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
    #[error(
        "{0} is corrupt: {1}; nothing was changed and every write is refused: `backlog check` says how to restore a backup or save what is readable"
    )]
    Damaged(PathBuf, String),
    #[error(
        "{0} is read-only: nothing was changed (make it writable with `chmod u+w` to change it)"
    )]
    ReadOnly(PathBuf),
    /// A write refused because the server's role may only read.
    #[error(
        "the backlog in {place} is read-only for you: role “{role}” has read-only access; nothing was changed (to change it, connect as a role that may write, or ask the database's owner to grant “{role}” write access: docs/TEAM.md, “Roles”)"
    )]
    ReadOnlyRole { place: String, role: String },
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
    #[error("{path}: {}", io_reason(error, "nothing was changed"))]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// An engine error with nothing more specific to say (its message).
    #[error("database error: {0}")]
    Backend(String),
    #[error("stored data is damaged: {0}")]
    BadData(String),
}

/// What an error of the system means for the file named, then `nothing`
/// ("nothing was changed", "nothing was written") and what to do, in a
/// few words; the system's own message when there is nothing better to say
/// (never the `(os error N)` it ends with).
pub(crate) fn io_reason(error: &std::io::Error, nothing: &str) -> String {
    use std::io::ErrorKind as K;
    let (what, fix) = match error.kind() {
        K::InvalidFilename => (
            "the name is too long for the file system",
            "choose a shorter name or path",
        ),
        K::NotADirectory => (
            "a part of the path is a file, not a directory",
            "check the path",
        ),
        // The kind of ELOOP is not stable yet: asked by its number.
        _ if error.raw_os_error() == Some(libc::ELOOP) => (
            "too many levels of symbolic links",
            "check the links on the path",
        ),
        K::PermissionDenied => (
            "permission denied",
            "check the permissions of the file and of its directories",
        ),
        K::ReadOnlyFilesystem => (
            "the file system is mounted read-only",
            "remount it read-write, or use another place",
        ),
        K::IsADirectory => ("it is a directory", "give a file's path"),
        _ => return format!("{}; {nothing}", os_text(error)),
    };
    format!("{what}; {nothing} ({fix})")
}

/// An operating system's error text without its " (os error N)" tail.
pub(crate) fn os_text(io: &std::io::Error) -> String {
    let text = io.to_string();
    match text.find(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
