//! Opening a connection to the server named by a [`Target`], and turning
//! the driver's errors into one-line messages that name the server.

use std::sync::mpsc;
use std::time::Duration;

use postgres::config::SslMode as DriverSslMode;
use postgres::{Client, Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::target::{SslMode, Target};
use super::tls;
use crate::store::StoreError;

/// Connects to the server within the target's connect timeout (the whole
/// attempt, TLS and authentication included, not only the TCP part).
pub fn connect(target: &Target) -> Result<Client, StoreError> {
    connect_with(target, false)
}

/// A connection that notices a dead server or network within seconds
/// (keepalive probes every 2 s after 5 s of silence, unacknowledged data
/// given up after 10 s): for a listener that otherwise only waits.
pub fn connect_watchful(target: &Target) -> Result<Client, StoreError> {
    connect_with(target, true)
}

fn connect_with(target: &Target, watchful: bool) -> Result<Client, StoreError> {
    let mut config = Config::new();
    if target.is_socket() {
        config.host_path(&target.host);
    } else {
        config.host(&target.host);
    }
    config
        .port(target.port)
        .user(&target.user)
        .dbname(&target.dbname)
        .connect_timeout(target.connect_timeout)
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30));
    if watchful {
        config
            .keepalives_idle(Duration::from_secs(5))
            .keepalives_interval(Duration::from_secs(2))
            .keepalives_retries(3)
            .tcp_user_timeout(Duration::from_secs(10));
    }
    if let Some(p) = &target.password {
        config.password(p.secret.as_bytes());
    }
    if let Some(a) = &target.application_name {
        config.application_name(a);
    }
    if let Some(o) = &target.options {
        config.options(o);
    }
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let tls = match target.sslmode {
        SslMode::Disable => None,
        // No TLS over a Unix socket (libpq ignores sslmode there too).
        _ if target.is_socket() => None,
        mode => {
            let (tls_config, _check) =
                tls::client_config(target, home.as_deref()).map_err(StoreError::Refused)?;
            config.ssl_mode(match mode {
                SslMode::Allow | SslMode::Prefer => DriverSslMode::Prefer,
                _ => DriverSslMode::Require,
            });
            Some(MakeRustlsConnect::new(tls_config))
        }
    };
    if tls.is_none() {
        config.ssl_mode(DriverSslMode::Disable);
    }
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let client = match tls {
            Some(tls) => config.connect(tls),
            None => config.connect(NoTls),
        };
        // The receiver is gone when the deadline passed first.
        let _ = send.send(client);
    });
    let deadline = target.connect_timeout + Duration::from_millis(500);
    match receive.recv_timeout(deadline) {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(e)) => Err(connect_error(&e, target)),
        Err(_) => Err(StoreError::Refused(format!(
            "cannot reach PostgreSQL at {}: no answer within {} s (connect_timeout); nothing was changed",
            target.host_port(),
            target.connect_timeout.as_secs()
        ))),
    }
}

/// The message for a failed connection attempt.
pub fn connect_error(e: &postgres::Error, target: &Target) -> StoreError {
    let at = target.host_port();
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let msg = match code {
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
                db.message()
            ),
        };
        return StoreError::Refused(msg);
    }
    let text = chain(e);
    let msg = if text.contains("password missing") {
        format!(
            "PostgreSQL at {at} asks for the password of user “{}”: give it in the URL, in PGPASSWORD or in ~/.pgpass{}",
            target.user,
            target
                .passfile_ignored
                .as_ref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default()
        )
    } else if text.starts_with("error performing TLS handshake") {
        if text.contains("server does not support TLS") {
            format!(
                "PostgreSQL at {at} does not offer TLS, and sslmode={} requires it",
                target.sslmode.as_str()
            )
        } else if text.contains("certificate") || text.contains("Certificate") {
            format!(
                "the certificate of PostgreSQL at {at} was not accepted (sslmode={}): {}",
                target.sslmode.as_str(),
                last_cause(e)
            )
        } else {
            format!("TLS with PostgreSQL at {at} failed: {}", last_cause(e))
        }
    } else if let Some(io) = io_error(e) {
        use std::io::ErrorKind;
        match io.kind() {
            ErrorKind::ConnectionRefused => format!(
                "cannot reach PostgreSQL at {at}: connection refused (is the server running, on that port?)"
            ),
            ErrorKind::TimedOut => format!(
                "cannot reach PostgreSQL at {at}: no answer within {} s (connect_timeout)",
                target.connect_timeout.as_secs()
            ),
            ErrorKind::NotFound if target.is_socket() => format!(
                "cannot reach PostgreSQL at {at}: no server socket there (is the server running?)"
            ),
            _ => format!("cannot reach PostgreSQL at {at}: {io}"),
        }
    } else if text.starts_with("timeout waiting for server") {
        format!(
            "cannot reach PostgreSQL at {at}: no answer within {} s (connect_timeout)",
            target.connect_timeout.as_secs()
        )
    } else if text.starts_with("error connecting to server") {
        format!("cannot reach PostgreSQL at {at}: {}", last_cause(e))
    } else {
        format!("cannot connect to PostgreSQL at {at}: {text}")
    };
    StoreError::Refused(format!("{msg}; nothing was changed"))
}

fn password_hint(target: &Target) -> String {
    use super::target::PasswordSource;
    match target.password.as_ref().map(|p| p.source) {
        Some(PasswordSource::Url) => " (the one in the URL)".into(),
        Some(PasswordSource::Environment) => " (the one in PGPASSWORD)".into(),
        Some(PasswordSource::Passfile) => " (the one in the password file)".into(),
        None => String::new(),
    }
}

/// The error and its causes, joined with `: ` on one line.
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
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
fn io_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut cause = e.source();
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cause = c.source();
    }
    None
}
