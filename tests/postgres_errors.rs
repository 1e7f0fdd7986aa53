//! What the real binary says when PostgreSQL cannot serve it: a wrong
//! password, a missing database, a server that never answers, a
//! connection ended by the server in the middle of a write, and a server
//! that vanishes from the network in the middle of a write (its TCP
//! connection cut, no goodbye). Each is one line on stderr, exit status 1,
//! and leaves nothing half-written.

mod common;
mod postgres_common;

use std::time::{Duration, Instant};

use common::{Bk, runtime_error};
use postgres_common::relay::Relay;
use postgres_common::{PgSchema, assert_lost_or_ended, host_port, schema, wait_for_session};

fn bk(url: String) -> Bk {
    Bk {
        dir: tempfile::tempdir().unwrap(),
        db: url.into(),
    }
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
    let line = runtime_error(&out);
    assert_eq!(
        line,
        format!(
            "error: PostgreSQL at {} refused the password of user “{role}” (the one in the URL)",
            host_port()
        )
    );
    assert!(!line.contains("wrong"), "the password shown: {line}");
}

#[test]
fn a_missing_database_is_one_line_saying_how_to_create_it() {
    let Some(_s) = schema("a_missing_database") else {
        return;
    };
    let user = std::env::var("PGUSER").unwrap_or_default();
    let password = std::env::var("PGPASSWORD").unwrap_or_default();
    let line = bk(url_for(&format!("{user}:{password}"), "no_such_backlog_db")).err(["list"]);
    assert_eq!(
        line,
        format!(
            "error: there is no database “no_such_backlog_db” on PostgreSQL at {}: create it (`createdb no_such_backlog_db`) or name another in the URL",
            host_port()
        )
    );
}

#[test]
fn a_server_that_never_answers_fails_within_the_connect_timeout_naming_host_and_port() {
    // Connections are accepted (by the kernel) but never answered.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let b = bk(format!(
        "postgresql://someone:secret@127.0.0.1:{port}/team?connect_timeout=2"
    ));
    let started = Instant::now();
    let line = b.err(["list"]);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_millis(3500),
        "{took:?}"
    );
    assert!(
        line.starts_with(&format!(
            "error: cannot reach PostgreSQL at 127.0.0.1:{port}: no answer within 2 s"
        )),
        "{line}"
    );
    assert!(!line.contains("secret"), "{line}");
    drop(silent);
}

/// Every row the backlog holds, history included, as the server has it.
fn everything(s: &PgSchema) -> String {
    let mut c = s.admin();
    let mut text = String::new();
    for table in ["items", "changes", "history", "key_seq", "backlog_meta"] {
        for row in c
            .simple_query(&format!("SELECT t::text FROM {table} t ORDER BY 1"))
            .unwrap()
        {
            if let postgres::SimpleQueryMessage::Row(r) = row {
                text.push_str(r.get(0).unwrap_or("NULL"));
                text.push('\n');
            }
        }
    }
    text
}

#[test]
fn a_connection_ended_mid_write_leaves_nothing_half_written() {
    let Some(s) = schema("a_connection_ended_mid_write") else {
        return;
    };
    let server = bk(s.url.clone());
    server.ok(["demo"]);
    let before = everything(&s);
    let app = format!("{}_victim", s.name);

    // Another session holds the history table, so the edit stops there:
    // after it has updated the item and recorded the change, before the
    // history row.
    let mut blocker = s.admin();
    let mut hold = blocker.transaction().unwrap();
    hold.batch_execute("LOCK TABLE history IN EXCLUSIVE MODE")
        .unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", common::NOW)
        .arg("--db")
        .arg(s.url_with(&format!("application_name={app}")))
        .args(["edit", "S-1", "--title", "Half written"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut admin = s.admin();
    let started = Instant::now();
    let pid: i32 = loop {
        let row = admin
            .query_opt(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1 \
                 AND wait_event_type = 'Lock'",
                &[&app],
            )
            .unwrap();
        if let Some(r) = row {
            break r.get(0);
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the edit never reached the history table"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let ended: bool = admin
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap()
        .get(0);
    assert!(ended);
    let out = child.wait_with_output().unwrap();
    hold.rollback().unwrap();

    // Which of two messages comes depends on whether the client reads the
    // server's "terminating connection" notice before the socket closes;
    // both name the server and say that nothing was saved.
    let line = runtime_error(&out);
    assert_lost_or_ended(&line);
    assert!(
        everything(&s) == before,
        "the ended write left something behind"
    );
    assert_eq!(server.ok(["show", "S-1"]), Bk::demo().ok(["show", "S-1"]));
}

#[test]
fn a_server_vanishing_mid_write_is_one_line_and_leaves_nothing_half_written() {
    let Some(s) = schema("a_server_vanishing_mid_write") else {
        return;
    };
    let server = bk(s.url.clone());
    server.ok(["demo"]);
    let before = everything(&s);
    let app = format!("{}_cut", s.name);
    let relay = Relay::start();
    let through_relay = relay.url(&s, &app);

    // The edit stops at the history table (held by another session),
    // after it has updated the item and recorded the change.
    let mut blocker = s.admin();
    let mut hold = blocker.transaction().unwrap();
    hold.batch_execute("LOCK TABLE history IN EXCLUSIVE MODE")
        .unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", common::NOW)
        .arg("--db")
        .arg(&through_relay)
        .args(["edit", "S-1", "--title", "Half written"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    wait_for_session(
        &s,
        &app,
        "wait_event_type = 'Lock'",
        false,
        "the edit never reached the history table",
    );
    relay.cut();
    let out = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the client hung after the cut"
    );
    let line = runtime_error(&out);
    assert_eq!(
        line,
        format!(
            "error: the connection to PostgreSQL at 127.0.0.1:{} was lost (did the server stop?); the command's change was not saved",
            relay.port
        )
    );

    // The server's side of the cut session may go on once the lock is
    // free, but it can never commit: nothing of the edit remains.
    hold.rollback().unwrap();
    wait_for_session(&s, &app, "true", true, "the cut session never ended");
    assert!(
        everything(&s) == before,
        "the cut write left something behind"
    );
    assert_eq!(server.ok(["show", "S-1"]), Bk::demo().ok(["show", "S-1"]));
}
