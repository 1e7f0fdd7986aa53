//! Driver errors after the connection is up, as one-line messages that
//! name the server (the server's refusals by SQLSTATE; a lost connection,
//! an answer that is not PostgreSQL's protocol and a value of an
//! unexpected type by what the driver saw); and the bounded retry of
//! serialization failures and deadlocks.

use std::io::ErrorKind;
use std::time::Duration;

use super::connect_error::{chain, io_error, speaks_another_protocol};
use super::target::Target;
use crate::store::StoreError;

/// How often a transaction that lost a serialization race or a deadlock
/// is run again before the failure is reported.
pub const RETRIES: u32 = 5;

/// SQLSTATE of an error, if the server sent one.
fn sqlstate(e: &postgres::Error) -> Option<&str> {
    e.code().map(|c| c.code())
}

/// Whether running the transaction again may succeed: a serialization
/// failure (40001) or a deadlock (40P01).
pub fn is_retryable(e: &postgres::Error) -> bool {
    matches!(sqlstate(e), Some("40001" | "40P01"))
}

/// Whether the connection is gone (the server ended it, shut down, or the
/// network dropped, or what answered stopped following the protocol): a
/// new connection may succeed where this one cannot.
pub fn is_lost(e: &postgres::Error) -> bool {
    matches!(sqlstate(e), Some("57P01" | "57P02" | "57P03"))
        || (e.as_db_error().is_none() && matches!(fault(e), Fault::Lost | Fault::Garbled))
}

/// What went wrong on a connection that was up, when the server did not
/// say (no SQLSTATE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// The connection closed, was reset, or the network failed.
    Lost,
    /// What came back does not follow PostgreSQL's protocol.
    Garbled,
    /// A value came back in a type this program does not read it as.
    Unreadable,
    /// Anything else the driver reports.
    Other,
}

fn fault(e: &postgres::Error) -> Fault {
    let text = chain(e);
    if e.is_closed() {
        return Fault::Lost;
    }
    if speaks_another_protocol(&text) && !text.contains("bytes remaining on stream") {
        return Fault::Garbled;
    }
    if text.starts_with("error deserializing column")
        || text.starts_with("invalid column")
        || text.starts_with("query returned an unexpected number")
    {
        return Fault::Unreadable;
    }
    match io_error(e) {
        // A message that does not parse (a tag PostgreSQL never sends,
        // a field that is not there).
        Some(io) if matches!(io.kind(), ErrorKind::InvalidInput | ErrorKind::InvalidData) => {
            Fault::Garbled
        }
        // Closed in the middle of a message, reset, timed out, no route:
        // the connection is gone.
        Some(_) => Fault::Lost,
        None if text.starts_with("error communicating with the server") => Fault::Lost,
        None => Fault::Other,
    }
}

/// Runs `f` again (up to [`RETRIES`] times, with a short growing pause)
/// while it fails with a serialization failure or a deadlock.
pub fn retrying<T>(
    mut f: impl FnMut() -> Result<T, postgres::Error>,
) -> Result<T, postgres::Error> {
    let mut attempt = 0;
    loop {
        match f() {
            Err(e) if is_retryable(&e) && attempt < RETRIES => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(5 << attempt));
            }
            other => return other,
        }
    }
}

/// The message for `e`, which happened talking to `target`.
pub fn query_error(e: &postgres::Error, target: &Target) -> StoreError {
    let at = target.host_port();
    if let Some(db) = e.as_db_error() {
        return match db.code().code() {
            "42501" | "25006" => read_only(target),
            "53100" => StoreError::Refused(format!(
                "the disk of PostgreSQL at {at} is full: nothing was changed (free space on the server, then try again)"
            )),
            "53200" => StoreError::Refused(format!(
                "PostgreSQL at {at} ran out of memory during the command; nothing was changed, try again"
            )),
            "57014" => StoreError::Refused(format!(
                "PostgreSQL at {at} cancelled the command (a statement_timeout, or an administrator); nothing was changed"
            )),
            "57P01" | "57P02" | "57P03" => StoreError::Refused(format!(
                "PostgreSQL at {at} ended the connection during the command (the server shut down or the session was terminated); nothing was changed, try again"
            )),
            "40001" | "40P01" => StoreError::Refused(format!(
                "PostgreSQL at {at} kept reporting conflicting concurrent changes; nothing was changed, try again"
            )),
            "53300" => StoreError::Refused(format!(
                "PostgreSQL at {at} has too many connections: try again later"
            )),
            code => StoreError::Refused(format!(
                "PostgreSQL at {at} refused the command: {} (SQLSTATE {code}); nothing was changed",
                db.message().replace('\n', " ")
            )),
        };
    }
    let msg = match fault(e) {
        Fault::Lost => format!(
            "the connection to PostgreSQL at {at} was lost (did the server stop?); the command's change was not saved"
        ),
        Fault::Garbled => format!(
            "PostgreSQL at {at} sent an answer that does not follow PostgreSQL's protocol (is something between you and the server?), so the connection was given up; the command's change was not saved"
        ),
        Fault::Unreadable => format!(
            "PostgreSQL at {at} returned a value of a type this version of backlog cannot read ({}); nothing was changed",
            chain(e)
        ),
        Fault::Other => format!(
            "talking to PostgreSQL at {at} failed: {}; nothing was changed",
            chain(e)
        ),
    };
    StoreError::Refused(msg)
}

/// The message when the connection was lost while `COMMIT` was on its
/// way: the server may have committed or not, and cannot say which.
pub fn lost_in_commit(target: &Target) -> StoreError {
    StoreError::Refused(format!(
        "the connection to PostgreSQL at {} was lost while the change was being committed: it was saved whole or not at all, and the server could not say which; look (`backlog show KEY --history`) before trying again",
        target.host_port()
    ))
}

/// The refusal of a write by a role that may only read.
pub fn read_only(target: &Target) -> StoreError {
    StoreError::ReadOnlyRole {
        place: super::open::place(target),
        role: target.user.clone(),
    }
}
