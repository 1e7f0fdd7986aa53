//! The PostgreSQL server the tests run against: the one libpq's
//! environment variables name (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
//! `PGDATABASE`; `pg_virtualenv` sets them). Each test gets a schema of its
//! own, dropped at the end. Without a reachable server a test says so
//! loudly on stderr and passes, except under `CI=true`, where it fails.

#![allow(dead_code)]

use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use backlog::store::postgres::connect::connect;
use backlog::store::postgres::{Environment, Target};

pub mod relay;

/// The server's base URL (from the environment), or why there is none.
fn server() -> &'static Result<(), String> {
    static SERVER: OnceLock<Result<(), String>> = OnceLock::new();
    SERVER.get_or_init(|| {
        let target = Target::parse("postgresql://", &Environment::process())?;
        connect(&target).map(drop).map_err(|e| e.to_string())
    })
}

/// A schema of its own for one test: `url` opens the backlog in it.
pub struct PgSchema {
    pub name: String,
    pub url: String,
}

impl PgSchema {
    /// `url` with `extra` query parameters (`"sslmode=require"`).
    pub fn url_with(&self, extra: &str) -> String {
        format!("{}&{extra}", self.url)
    }

    /// A connection as the environment's role, with this schema first.
    pub fn admin(&self) -> postgres::Client {
        let target = Target::parse(&self.url, &Environment::process()).unwrap();
        connect(&target).unwrap()
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let target = Target::parse("postgresql://", &Environment::process()).unwrap();
        if let Ok(mut c) = connect(&target) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// A fresh, not yet existing schema for test `test`, or `None` (after a
/// loud notice) when no server is reachable outside CI.
pub fn schema(test: &str) -> Option<PgSchema> {
    if let Err(why) = server() {
        let line = format!(
            "SKIPPED {test}: no PostgreSQL server (set PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, or run the tests inside pg_virtualenv): {why}"
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{line} (CI=true: PostgreSQL tests must run)");
        }
        // Past the test harness's capture, so that it is seen.
        let _ = writeln!(std::io::stderr(), "{line}");
        return None;
    }
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!("t_{}_{n}_{nanos}", std::process::id());
    let url = format!("postgresql://?options=-csearch_path%3D{name}");
    Some(PgSchema { name, url })
}

/// The environment's server as `host:port` (what messages name).
pub fn host_port() -> String {
    let host = std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into());
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    format!("{host}:{port}")
}

/// Waits (up to 20 s, else fails saying `what`) until a session with
/// `application_name = app` is there and matches `condition` (SQL on
/// `pg_stat_activity`, `"true"` for any), or with `gone`, until there
/// is none.
pub fn wait_for_session(s: &PgSchema, app: &str, condition: &str, gone: bool, what: &str) {
    let mut admin = s.admin();
    let started = std::time::Instant::now();
    while admin
        .query_opt(
            &format!(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND ({condition})"
            ),
            &[&app],
        )
        .unwrap()
        .is_some()
        == gone
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Checks the line of a command whose session the server ended: which of
/// two messages comes depends on whether the client reads the server's
/// "terminating connection" notice before the socket closes; both name
/// the server and say that nothing was saved.
pub fn assert_lost_or_ended(line: &str) {
    let lost = format!(
        "error: the connection to PostgreSQL at {} was lost (did the server stop?); the command's change was not saved",
        host_port()
    );
    let ended = format!(
        "error: PostgreSQL at {} ended the connection during the command (the server shut down or the session was terminated); nothing was changed, try again",
        host_port()
    );
    assert!(line == lost || line == ended, "{line}");
}
