//! Four writers on one PostgreSQL backlog for a bounded time: three
//! `backlog` CLI processes in loops and the TUI (driven through the key
//! harness, other clients' changes arriving by LISTEN/NOTIFY through the
//! event loop's `Watcher`).
//!
//! - no command fails and nothing but its output reaches the user (no
//!   serialization failure, deadlock or driver error);
//! - no update is lost: every criterion each writer got acknowledged on
//!   the shared story is there exactly once, in that writer's order, and
//!   its version counts every change;
//! - no key is given twice: every story a writer added has a key of its own;
//! - a stale TUI edit is refused (the form keeps the text), the reload
//!   the server's notification brings comes within a second, and the edit
//!   lands when retried after it; the TUI ends up showing what the server has.
//!
//! And a client killed with SIGKILL in the middle of a write leaves
//! nothing of it behind.
//!
//! Quick mode: 8 s. Longer: `BACKLOG_STRESS_SECS=60 pg_virtualenv cargo
//! test --test postgres_stress -- --nocapture`.

mod common;
mod postgres_common;
mod tui_common;
#[path = "common/writers.rs"]
mod writers;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use backlog::domain::Key;
use backlog::tui::app::Mode;
use backlog::tui::config::Config;
use backlog::tui::{App, Watcher};
use postgres_common::{PgSchema, schema};
use tui_common::{Harness, open_store};
use writers::{CliRun, Write, cli, cli_writer};

const WRITERS: [&str; 3] = ["alpha", "beta", "gamma"];

/// What each CLI writer does in turn.
const PLAN: [Write; 3] = [Write::Story, Write::Title, Write::Criterion];

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

fn form_error(h: &Harness) -> Option<String> {
    match &h.app.mode {
        Mode::Form(f) => Some(f.error.clone().unwrap_or_default()),
        _ => None,
    }
}

/// A TUI harness on the server's backlog.
fn tui_on(url: &str) -> Harness {
    let path = PathBuf::from(url);
    let store = open_store(&path);
    let app = App::new(store.load().unwrap(), "server", &Config::load(None));
    let mut h = Harness {
        app,
        store,
        path,
        dir: tempfile::tempdir().unwrap(),
        effects: Vec::new(),
    };
    h.resize(120, 40);
    h
}

#[test]
fn four_writers_on_one_server_lose_nothing_and_never_share_a_key() {
    let Some(s) = schema("four_writers_on_one_server") else {
        return;
    };
    let secs: u64 = std::env::var("BACKLOG_STRESS_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    for args in [
        &["add", "initiative", "Dispatch"][..],
        &["add", "epic", "Map", "--initiative", "I-1"],
        &["add", "story", "Shared story", "--epic", "E-1"],
        &["add", "story", "Renamed story", "--epic", "E-1"],
    ] {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let out = cli(&s.url, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (s1, s2) = (key("S-1"), key("S-2"));
    let mut h = tui_on(&s.url);
    let mut watcher = Watcher::new(&h.store).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = WRITERS
        .into_iter()
        .map(|who| {
            let (url, stop) = (s.url.clone(), stop.clone());
            thread::spawn(move || cli_writer(url.into(), who, &PLAN, stop))
        })
        .collect();

    let started = Instant::now();
    let deadline = started + Duration::from_secs(secs);
    let mut tui_criteria: Vec<String> = Vec::new();
    let (mut reloads, mut refused) = (0, 0);
    let mut m = 0;
    while Instant::now() < deadline {
        if let Some(reload) = watcher.check(&h.store).unwrap() {
            reloads += 1;
            h.dispatch(reload);
        }
        m += 1;
        let text = format!("tui {m}");
        let mut tries = 0;
        loop {
            tries += 1;
            assert!(tries < 200, "a TUI edit never landed");
            h.app.select_tree_key(s1);
            h.keys("c");
            assert!(matches!(h.app.mode, Mode::Form(_)), "no criterion form");
            h.keys(&text);
            h.keys("<Enter>");
            match form_error(&h) {
                None => {
                    if let Some((msg, _)) = &h.app.message {
                        assert!(!msg.contains("PostgreSQL"), "{msg}");
                    }
                    break;
                }
                Some(err) => {
                    // Refused as stale: the form says why and keeps the
                    // text; Esc, wait for the reload, and try again.
                    assert!(
                        err.contains("changed elsewhere meanwhile")
                            || err.contains("changed by someone else"),
                        "{err}"
                    );
                    refused += 1;
                    // The first Esc asks (the text is kept); the second
                    // discards it.
                    h.keys("<Esc><Esc>");
                    let wait = Instant::now();
                    let mut reloaded = false;
                    while wait.elapsed() < Duration::from_secs(1) {
                        if let Some(reload) = watcher.check(&h.store).unwrap() {
                            reloads += 1;
                            h.dispatch(reload);
                            reloaded = true;
                            break;
                        }
                        thread::sleep(watcher.wait());
                    }
                    // The refusal means another client committed since
                    // the TUI last read: its notification brings the
                    // reload within a second, however busy the writers.
                    assert!(
                        reloaded,
                        "stale refusal {refused}: no reload within a second"
                    );
                }
            }
        }
        tui_criteria.push(text);
    }
    stop.store(true, Ordering::Relaxed);
    let runs: Vec<CliRun> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    let elapsed = started.elapsed();

    let failures: Vec<&String> = runs.iter().flat_map(|r| &r.failures).collect();
    assert!(failures.is_empty(), "{failures:#?}");

    let server = h.reopen();
    let stored: Vec<String> = server
        .get(s1)
        .unwrap()
        .criteria
        .iter()
        .map(|c| c.text.clone())
        .collect();
    let mut total = tui_criteria.len();
    let got: Vec<&String> = stored.iter().filter(|t| t.starts_with("tui ")).collect();
    assert_eq!(got, tui_criteria.iter().collect::<Vec<_>>(), "the TUI's");
    for (who, run) in WRITERS.iter().zip(&runs) {
        let got: Vec<&String> = stored
            .iter()
            .filter(|t| t.starts_with(&format!("{who} ")))
            .collect();
        assert_eq!(got, run.criteria.iter().collect::<Vec<_>>(), "{who}'s");
        total += run.criteria.len();
    }
    assert_eq!(stored.len(), total, "criteria nobody added");
    assert_eq!(
        server.get(s1).unwrap().version,
        1 + total as i64,
        "a write to S-1 is missing"
    );
    let titles: usize = runs.iter().map(|r| r.titles.len()).sum();
    assert_eq!(server.get(s2).unwrap().version, 1 + titles as i64);

    let mut keys: Vec<&String> = runs.iter().flat_map(|r| &r.keys).collect();
    let added = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), added, "a key was given twice");
    for (who, run) in WRITERS.iter().zip(&runs) {
        for k in &run.keys {
            let item = server.get(key(k)).unwrap();
            assert!(item.title.starts_with(who), "{k} is {}", item.title);
        }
    }

    // The TUI, once the last notifications are in, shows the server.
    let wait = Instant::now();
    while (h.app.backlog.get(s1), h.app.backlog.get(s2)) != (server.get(s1), server.get(s2))
        && wait.elapsed() < Duration::from_secs(2)
    {
        if let Some(reload) = watcher.check(&h.store).unwrap() {
            reloads += 1;
            h.dispatch(reload);
        }
        thread::sleep(watcher.wait());
    }
    assert_eq!(h.app.backlog.get(s1), server.get(s1));
    assert_eq!(h.app.backlog.get(s2), server.get(s2));
    assert!(reloads > 0, "the TUI never saw another client's change");
    let cli_writes: usize = runs.iter().map(CliRun::writes).sum();
    eprintln!(
        "{elapsed:?}: {cli_writes} CLI writes, {} TUI criteria, {reloads} reloads, {refused} stale refusals, each reloaded within a second",
        tui_criteria.len()
    );
}

/// Every row of the backlog's tables, as the server has them.
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
fn a_client_killed_mid_write_leaves_nothing_half_written() {
    let Some(s) = schema("a_client_killed_mid_write") else {
        return;
    };
    // A document big enough that its import is still writing when killed.
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("big.db");
    let doc = work.path().join("big.json");
    let file_s = file.to_str().unwrap().to_string();
    for args in [
        vec!["dev", "generate", &file_s, "--stories", "8000"],
        vec!["export", "-o", doc.to_str().unwrap()],
    ] {
        let args: Vec<String> = args.into_iter().map(String::from).collect();
        let out = cli(&file_s, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(cli(&s.url, &["demo".to_string()]).status.success());
    let before = everything(&s);

    let app = format!("{}_killed", s.name);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .arg("--db")
        .arg(s.url_with(&format!("application_name={app}")))
        .args(["import", "--merge", doc.to_str().unwrap()])
        .env_remove("BACKLOG_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once its transaction has written something.
    let mut admin = s.admin();
    let started = Instant::now();
    loop {
        let writing: bool = admin
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = $1 \
                 AND backend_xid IS NOT NULL)",
                &[&app],
            )
            .unwrap()
            .get(0);
        if writing {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it could be killed"
        );
        assert!(started.elapsed() < Duration::from_secs(30), "never wrote");
        thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // The server notices the closed connection and rolls back.
    let started = Instant::now();
    loop {
        let left: i64 = admin
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                &[&app],
            )
            .unwrap()
            .get(0);
        if left == 0 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still there");
        thread::sleep(Duration::from_millis(20));
    }
    assert!(everything(&s) == before, "the killed import left something");
    // And the next writer is not blocked by it.
    let out = cli(
        &s.url,
        &["edit".into(), "S-1".into(), "--points".into(), "5".into()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
