//! A failed connection attempt as one line that names the server and
//! says what to do: the server's own refusals (password, database,
//! limits), a server that is not there, a program there that does not
//! speak PostgreSQL, a connection closed while it was being set up, an
//! authentication method this program cannot use, and TLS failures.
//! Raw driver texts ("bytes remaining on stream", "connection closed")
//! never reach the user.

use crate::store::error::os_text;
use std::io::ErrorKind;

use super::target::{PasswordSource, Target};
use crate::store::StoreError;

/// The message for a failed connection attempt.
pub(super) fn connect_error(e: &postgres::Error, target: &Target) -> StoreError {
    match e.as_db_error() {
        // The server's own word says what it refused.
        Some(db) => StoreError::Refused(refused(db, target)),
        None => StoreError::Refused(format!("{}; nothing was changed", failed(e, target))),
    }
}

/// The server answered, and said no.
fn refused(db: &postgres::error::DbError, target: &Target) -> String {
    let at = target.host_port();
    match db.code().code() {
        "28P01" => format!(
            "PostgreSQL at {at} refused the password of user “{}”{}",
            target.user,
            password_hint(target)
        ),
        "3D000" => format!(
            "there is no database “{}” on PostgreSQL at {at}: create it (`createdb {}`) or name another in the URL",
            target.dbname, target.dbname
        ),
        "28000" => format!(
            "PostgreSQL at {at} does not let user “{}” into database “{}”: {}",
            target.user,
            target.dbname,
            db.message()
        ),
        "53300" => format!("PostgreSQL at {at} has too many connections: try again later"),
        "57P03" => format!("PostgreSQL at {at} is starting up or shutting down: try again"),
        _ => format!(
            "PostgreSQL at {at} refused the connection: {}",
            db.message().replace('\n', " ")
        ),
    }
}

/// No answer from the server, or not one it could have given.
fn failed(e: &postgres::Error, target: &Target) -> String {
    let at = target.host_port();
    let text = chain(e);
    let io = io_error(e);
    if text.contains("password missing") {
        return format!(
            "PostgreSQL at {at} asks for the password of user “{}”: give it in the URL, in PGPASSWORD or in ~/.pgpass{}",
            target.user,
            target
                .passfile_ignored
                .as_ref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default()
        );
    }
    if text.starts_with("error performing TLS handshake") {
        return tls_failed(e, &text, io, target);
    }
    if text.starts_with("timeout waiting for server")
        || io.is_some_and(|io| io.kind() == ErrorKind::TimedOut)
    {
        return no_answer(target);
    }
    if text.starts_with("authentication error") {
        return authentication_failed(&text, target);
    }
    if speaks_another_protocol(&text) {
        return format!(
            "cannot connect to PostgreSQL at {at}: what answers there does not speak PostgreSQL's protocol (is that the right host and port?)"
        );
    }
    if e.is_closed() || io.is_some_and(closed_by_peer) {
        return closed_during_setup(target);
    }
    let Some(io) = io else {
        return format!("cannot connect to PostgreSQL at {at}: {text}");
    };
    match io.kind() {
        ErrorKind::ConnectionRefused => format!(
            "cannot reach PostgreSQL at {at}: connection refused (is the server running, on that port?)"
        ),
        ErrorKind::NotFound if target.is_socket() => format!(
            "cannot reach PostgreSQL at {at}: no server socket there (is the server running?)"
        ),
        ErrorKind::PermissionDenied if target.is_socket() => format!(
            "cannot reach PostgreSQL at {at}: this user may not open the server's socket there"
        ),
        ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => format!(
            "cannot reach PostgreSQL at {at}: no route to that host (check the address and the network)"
        ),
        _ if text.contains("failed to lookup address") => format!(
            "cannot reach PostgreSQL at {at}: the host name “{}” does not resolve (check its spelling and the DNS)",
            target.host
        ),
        _ => format!("cannot reach PostgreSQL at {at}: {}", os_text(io)),
    }
}

/// The message when the attempt ran out of time: the connect timeout's
/// deadline passed with no answer (or with a half-given one).
pub(super) fn no_answer(target: &Target) -> String {
    format!(
        "cannot reach PostgreSQL at {}: no answer within {} s (connect_timeout)",
        target.host_port(),
        target.connect_timeout.as_secs()
    )
}

fn closed_during_setup(target: &Target) -> String {
    format!(
        "PostgreSQL at {} closed the connection while it was being set up (is a PostgreSQL server listening there, and does it accept this client? its log says why)",
        target.host_port()
    )
}

/// Whether what came back cannot be PostgreSQL's protocol: a message
/// out of order, one that does not parse, a length field that makes no
/// sense, or a message cut short by the end of the stream (an HTTP proxy
/// or another service answering on that port gives that).
pub(super) fn speaks_another_protocol(text: &str) -> bool {
    text.starts_with("unexpected message from server")
        || text.starts_with("error parsing response from server")
        || text.contains("bytes remaining on stream")
        || text.contains("invalid message length")
}

/// Whether the other end closed or reset the connection.
pub(super) fn closed_by_peer(io: &std::io::Error) -> bool {
    matches!(
        io.kind(),
        ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::UnexpectedEof
            | ErrorKind::BrokenPipe
    )
}

fn authentication_failed(text: &str, target: &Target) -> String {
    let at = target.host_port();
    if text.contains("unsupported authentication method") {
        format!(
            "PostgreSQL at {at} asks user “{}” to authenticate in a way backlog cannot (Kerberos, GSSAPI, SSPI or SCM credentials): let pg_hba.conf use scram-sha-256 or md5 for this user",
            target.user
        )
    } else if text.contains("unsupported SASL mechanism") {
        format!(
            "PostgreSQL at {at} offers no SASL mechanism backlog supports (it speaks SCRAM-SHA-256)"
        )
    } else {
        format!(
            "the password exchange with PostgreSQL at {at} failed: the server's answers did not check out (is something between you and the server?)"
        )
    }
}

fn tls_failed(
    e: &postgres::Error,
    text: &str,
    io: Option<&std::io::Error>,
    target: &Target,
) -> String {
    let at = target.host_port();
    let mode = target.sslmode.as_str();
    if text.contains("server does not support TLS") {
        format!("PostgreSQL at {at} does not offer TLS, and sslmode={mode} requires it")
    } else if io.is_some_and(closed_by_peer) {
        format!(
            "PostgreSQL at {at} closed the connection during the TLS handshake (sslmode={mode})"
        )
    } else if text.contains("received corrupt message") || text.contains("InvalidContentType") {
        format!(
            "what answers at {at} agreed to TLS but does not speak it (sslmode={mode}; is that the right host and port?)"
        )
    } else if text.contains("certificate") || text.contains("Certificate") {
        format!(
            "the certificate of PostgreSQL at {at} was not accepted (sslmode={mode}): {}",
            last_cause(e)
        )
    } else {
        format!("TLS with PostgreSQL at {at} failed: {}", last_cause(e))
    }
}

fn password_hint(target: &Target) -> String {
    match target.password.as_ref().map(|p| p.source) {
        Some(PasswordSource::Url) => " (the one in the URL)".into(),
        Some(PasswordSource::Environment) => " (the one in PGPASSWORD)".into(),
        Some(PasswordSource::Passfile) => " (the one in the password file)".into(),
        None => String::new(),
    }
}

/// The error and its causes, joined with `: ` on one line.
pub(super) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cause = c.source();
    }
    text.replace('\n', " ")
}

/// The innermost cause's message.
fn last_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last: &(dyn std::error::Error + 'static) = e;
    while let Some(c) = last.source() {
        last = c;
    }
    last.to_string().replace('\n', " ")
}

/// The I/O error under a driver error, if that is what it is.
pub(super) fn io_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut cause = e.source();
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cause = c.source();
    }
    None
}
