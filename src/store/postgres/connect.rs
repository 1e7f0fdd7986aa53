//! Opening a connection to the server named by a [`Target`] (its failures
//! worded in `connect_error.rs`).

use std::sync::mpsc;
use std::time::Duration;

use postgres::config::SslMode as DriverSslMode;
use postgres::{Client, Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::connect_error::{connect_error, no_answer};
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
            "{}; nothing was changed",
            no_answer(target)
        ))),
    }
}
