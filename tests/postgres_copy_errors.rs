//! What the real binary says when a bulk write (the demo, an import: rows
//! sent with `COPY`) fails on the server half-way, after the items went
//! in and while the history rows are being copied: the disk full, a
//! serialization failure that does not go away, the session terminated,
//! the server vanishing from the network. Each is the same one line as
//! for any other statement, exit status 1, and nothing of the write is
//! left behind. The failures are made by a trigger on the history table
//! of the test's own schema (raising the server's error, or sleeping
//! while the session is ended).

mod common;
mod postgres_common;

use common::{Bk, runtime_error};
use postgres_common::relay::Relay;
use postgres_common::{PgSchema, assert_lost_or_ended, host_port, schema, wait_for_session};

fn bk(url: String) -> Bk {
    Bk {
        dir: tempfile::tempdir().unwrap(),
        db: url.into(),
    }
}

/// An initialised, empty backlog in a schema of its own, whose history
/// table runs `body` (PL/pgSQL) before each row is inserted.
fn with_trigger(test: &str, body: &str) -> Option<PgSchema> {
    let s = schema(test)?;
    bk(s.url.clone()).ok(["init"]);
    s.admin()
        .batch_execute(&format!(
            "CREATE FUNCTION fail_history() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN {body} RETURN NEW; END $$; \
             CREATE TRIGGER fail_history BEFORE INSERT ON history \
             FOR EACH ROW EXECUTE FUNCTION fail_history()"
        ))
        .unwrap();
    Some(s)
}

/// How many rows the backlog's tables hold, as the server has them.
fn counts(s: &PgSchema) -> Vec<i64> {
    let mut c = s.admin();
    ["items", "decisions", "dependencies", "changes", "history"]
        .iter()
        .map(|t| {
            c.query_one(&format!("SELECT count(*) FROM {t}"), &[])
                .unwrap()
                .get(0)
        })
        .collect()
}

/// Checks that the failed write left nothing behind, and that the same
/// backlog takes the demo once the trigger is gone.
fn nothing_left(s: &PgSchema) {
    assert_eq!(counts(s), [0, 0, 0, 0, 0]);
    s.admin()
        .batch_execute("DROP TRIGGER fail_history ON history")
        .unwrap();
    let b = bk(s.url.clone());
    b.ok(["demo"]);
    assert_eq!(b.ok(["list"]), Bk::demo().ok(["list"]));
}

#[test]
fn a_full_disk_during_copy_is_the_servers_disk_full_message() {
    let Some(s) = with_trigger(
        "a_full_disk_during_copy",
        "RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100';",
    ) else {
        return;
    };
    assert_eq!(
        bk(s.url.clone()).err(["demo"]),
        format!(
            "error: the disk of PostgreSQL at {} is full: nothing was changed (free space on the server, then try again)",
            host_port()
        )
    );
    nothing_left(&s);
}

#[test]
fn a_serialization_failure_during_copy_is_retried_then_named() {
    let Some(s) = with_trigger(
        "a_serialization_failure_during_copy",
        "RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001';",
    ) else {
        return;
    };
    assert_eq!(
        bk(s.url.clone()).err(["demo"]),
        format!(
            "error: PostgreSQL at {} kept reporting conflicting concurrent changes; nothing was changed, try again",
            host_port()
        )
    );
    nothing_left(&s);
}

/// Starts `backlog demo` as `app` through `url`, and waits until it
/// sleeps in the history trigger (its items and decisions copied).
fn demo_stuck_in_copy(s: &PgSchema, url: &str, app: &str) -> std::process::Child {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", common::NOW)
        .arg("--db")
        .arg(url)
        .arg("demo")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_session(
        s,
        app,
        "wait_event = 'PgSleep' AND query LIKE 'COPY history%'",
        false,
        "the demo never reached the copy of its history",
    );
    child
}

#[test]
fn a_session_ended_during_copy_leaves_nothing_half_written() {
    let Some(s) = with_trigger("a_session_ended_during_copy", "PERFORM pg_sleep(60);") else {
        return;
    };
    let app = format!("{}_copy", s.name);
    let child = demo_stuck_in_copy(&s, &s.url_with(&format!("application_name={app}")), &app);
    let ended: bool = s
        .admin()
        .query_one(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            &[&app],
        )
        .unwrap()
        .get(0);
    assert!(ended);
    let line = runtime_error(&child.wait_with_output().unwrap());
    // As for any statement: whether the server's "terminating connection"
    // notice is read before the socket closes decides which of the two.
    assert_lost_or_ended(&line);
    nothing_left(&s);
}

#[test]
fn a_server_vanishing_during_copy_is_the_lost_connection_message() {
    let Some(s) = with_trigger("a_server_vanishing_during_copy", "PERFORM pg_sleep(60);") else {
        return;
    };
    let app = format!("{}_cut", s.name);
    let relay = Relay::start();
    let through_relay = relay.url(&s, &app);
    let child = demo_stuck_in_copy(&s, &through_relay, &app);
    relay.cut();
    let line = runtime_error(&child.wait_with_output().unwrap());
    assert_eq!(
        line,
        format!(
            "error: the connection to PostgreSQL at 127.0.0.1:{} was lost (did the server stop?); the command's change was not saved",
            relay.port
        )
    );
    // The server's side of the cut session sleeps on; ended here, it
    // rolls back.
    s.admin()
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            &[&app],
        )
        .unwrap();
    wait_for_session(&s, &app, "true", true, "the cut session never ended");
    nothing_left(&s);
}
