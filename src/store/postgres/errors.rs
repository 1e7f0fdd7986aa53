//! Driver errors after the connection is up, as one-line messages; and
//! the bounded retry of serialization failures and deadlocks.

use std::time::Duration;

use super::connect::chain;
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
/// network dropped): a new connection may succeed where this one cannot.
pub fn is_lost(e: &postgres::Error) -> bool {
    e.is_closed()
        || matches!(sqlstate(e), Some("57P01" | "57P02" | "57P03"))
        || chain(e).starts_with("error communicating with the server")
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
            "53100" => StoreError::DiskFull,
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
    if e.is_closed() || chain(e).starts_with("error communicating with the server") {
        return StoreError::Refused(format!(
            "the connection to PostgreSQL at {at} was lost (did the server stop?); the command's change was not saved"
        ));
    }
    StoreError::Refused(format!("PostgreSQL at {at}: {}", chain(e)))
}

/// The refusal of a write by a role that may only read.
pub fn read_only(target: &Target) -> StoreError {
    StoreError::ReadOnlyRole {
        place: super::open::place(target),
        role: target.user.clone(),
    }
}
