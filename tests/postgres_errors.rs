//! What the real binary says when PostgreSQL cannot serve it: a wrong
//! password, a missing database, a server that never answers, and a
//! connection ended in the middle of a write. Each is one line on stderr,
//! exit status 1, and leaves nothing half-written.

mod common;
mod postgres_common;

use std::time::{Duration, Instant};

use common::{Bk, runtime_error};
use postgres_common::{PgSchema, schema};

fn bk(url: String) -> Bk {
    Bk {
        dir: tempfile::tempdir().unwrap(),
        db: url.into(),
    }
}

/// The environment's server as `host:port` (what messages name).
fn host_port() -> String {
    let host = std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into());
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    format!("{host}:{port}")
}

/// The environment's server's URL for `user:password` and `db`, TCP.
fn url_for(user_password: &str, db: &str) -> String {
    format!("postgresql://{user_password}@{}/{db}", host_port())
}

#[test]
fn a_wrong_password_is_one_line_naming_the_server_and_the_user() {
    let Some(s) = schema("a_wrong_password") else {
        return;
    };
    let role = format!("{}_pw", s.name);
    let mut admin = s.admin();
    admin
        .batch_execute(&format!("CREATE ROLE {role} LOGIN PASSWORD 'right'"))
        .unwrap();
    let db: String = admin
        .query_one("SELECT current_database()", &[])
        .unwrap()
        .get(0);
    let out = bk(url_for(&format!("{role}:wrong"), &db)).run(["list"]);
    admin.batch_execute(&format!("DROP ROLE {role}")).unwrap();
    // Which of two messages comes depends on whether the client reads the
    // server's "terminating connection" notice before the socket closes;
    // both name the server and say that nothing was saved.
    let line = runtime_error(&out);
    let lost = format!(
        "error: the connection to PostgreSQL at {} was lost (did the server stop?); the command's change was not saved",
        host_port()
    );
    let ended = format!(
        "error: PostgreSQL at {} ended the connection during the command (the server shut down or the session was terminated); nothing was changed, try again",
        host_port()
    );
    assert!(line == lost || line == ended, "{line}");
    assert!(
        everything(&s) == before,
        "the ended write left something behind"
    );
    assert_eq!(server.ok(["show", "S-1"]), Bk::demo().ok(["show", "S-1"]));
}
