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
