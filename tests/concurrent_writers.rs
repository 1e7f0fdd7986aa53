//! Concurrent writers for a bounded time: two `backlog` CLI processes at a
//! time (in loops) and the TUI, driven at the update level (keys through
//! `App::update`, effects through `effect::run`, external changes through
//! the event loop's `Watcher`, on its own `Store`), all writing one file.
//!
//! - no command fails, and no `database is locked` / busy message ever
//!   reaches the user (busy timeout, retry of the lock-upgrading pragma);
//! - no update is lost: every criterion each writer got acknowledged is in
//!   the file exactly once, in that writer's order, and versions count
//!   every change;
//! - a stale TUI edit is refused (the form stays open with the reason) and
//!   lands when retried after the reload;
//! - the TUI picks up the other processes' changes through `PRAGMA
//!   data_version`, without a restart, and ends up showing the file.
//!
//! Quick mode: 3 s. Full: `BACKLOG_CONCURRENCY_SECS=60 cargo test --test
//! concurrent_writers -- --nocapture`.

#[path = "tui_common/mod.rs"]
mod tui;
#[path = "common/writers.rs"]
mod writers;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use backlog::domain::Key;
use backlog::tui::Watcher;
use backlog::tui::app::Mode;
use tui::Harness;
use writers::{CliRun, Write, cli, cli_writer};

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

fn form_error(h: &Harness) -> Option<String> {
    match &h.app.mode {
        Mode::Form(f) => Some(f.error.clone().unwrap_or_default()),
        _ => None,
    }
}

fn says_locked(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("locked") || t.contains("busy")
}

#[test]
fn cli_processes_and_the_tui_write_one_file_without_losing_anything() {
    let secs: u64 = std::env::var("BACKLOG_CONCURRENCY_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let mut h = Harness::empty();
    let db = h.path.clone();
    // The TUI is open on the empty file while the CLI adds items.
    let mut watcher = Watcher::new(&h.store).unwrap();
    for args in [
        &["add", "initiative", "Dispatch"][..],
        &["add", "epic", "Map", "--initiative", "I-1"],
        &["add", "story", "Shared story", "--epic", "E-1"],
        &["add", "story", "CLI story", "--epic", "E-1"],
    ] {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        assert!(cli(&db, &args).status.success());
    }
    let (s1, s2) = (key("S-1"), key("S-2"));

    // It learns of them by reloading.
    h.dispatch(watcher.check(&h.store).unwrap().expect("external change"));
    assert!(h.app.backlog.get(s1).is_some());

    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = ["alpha", "beta"]
        .into_iter()
        .map(|who| {
            let (db, stop) = (db.clone(), stop.clone());
            thread::spawn(move || {
                cli_writer(db.into(), who, &[Write::Criterion, Write::Title], stop)
            })
        })
        .collect();

    let started = Instant::now();
    let deadline = started + Duration::from_secs(secs);
    let mut tui_criteria: Vec<String> = Vec::new();
    let (mut reloads, mut refused, mut attempts) = (0, 0, 0);
    let mut m = 0;
    let mut last_seen = 0;
    while Instant::now() < deadline {
        if let Some(reload) = watcher.check(&h.store).unwrap() {
            reloads += 1;
            h.dispatch(reload);
            // What the TUI shows only ever grows.
            let n = h.app.backlog.get(s1).unwrap().criteria.len();
            assert!(n >= last_seen, "the TUI lost criteria on reload");
            last_seen = n;
        }
        m += 1;
        let text = format!("tui criterion {m}");
        // Every third time, let another process commit while the form is
        // open, unseen by the TUI: the save must be refused as stale.
        let provoke = m % 3 == 0;
        let mut tries = 0;
        loop {
            tries += 1;
            attempts += 1;
            assert!(tries < 200, "a TUI edit never landed");
            h.app.select_tree_key(s1);
            h.keys("c");
            assert!(matches!(h.app.mode, Mode::Form(_)), "no criterion form");
            h.keys(&text);
            if provoke && tries == 1 {
                let v = h.store.change_token().unwrap();
                let wait = Instant::now();
                while h.store.change_token().unwrap() == v
                    && wait.elapsed() < Duration::from_secs(5)
                {
                    thread::sleep(Duration::from_millis(1));
                }
            }
            h.keys("<Enter>");
            match form_error(&h) {
                None => {
                    let msg = h.app.message.as_ref().map_or("", |m| m.0.as_str());
                    assert!(!says_locked(msg), "{msg}");
                    break;
                }
                Some(err) => {
                    // Refused: the form says why and keeps the text; Esc,
                    // reload (as the idle loop would), and try again.
                    assert!(!says_locked(&err), "{err}");
                    assert!(
                        err.contains("changed by someone else")
                            || err.contains("changed elsewhere"),
                        "{err}"
                    );
                    refused += 1;
                    // A form with typed text asks before Esc discards it:
                    // Esc twice.
                    h.keys("<Esc><Esc>");
                    if let Some(reload) = watcher.check(&h.store).unwrap() {
                        reloads += 1;
                        h.dispatch(reload);
                    }
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

    // The file: every acknowledged criterion exactly once, each writer's in
    // its order; the last acknowledged title.
    let file = h.reopen();
    let stored: Vec<String> = file
        .get(s1)
        .unwrap()
        .criteria
        .iter()
        .map(|c| c.text.clone())
        .collect();
    let mut expected_total = tui_criteria.len();
    for (prefix, mine) in [("tui ", &tui_criteria)].into_iter().chain(
        runs.iter()
            .zip(["alpha ", "beta "])
            .map(|(r, p)| (p, &r.criteria)),
    ) {
        let got: Vec<&String> = stored.iter().filter(|t| t.starts_with(prefix)).collect();
        let want: Vec<&String> = mine.iter().collect();
        assert_eq!(got, want, "criteria of {prefix}");
        if prefix != "tui " {
            expected_total += mine.len();
        }
    }
    assert_eq!(stored.len(), expected_total, "unexpected criteria");
    let s1_item = file.get(s1).unwrap();
    assert_eq!(
        s1_item.version,
        1 + stored.len() as i64,
        "a write to S-1 is missing"
    );
    let titles: usize = runs.iter().map(|r| r.titles.len()).sum();
    assert_eq!(file.get(s2).unwrap().version, 1 + titles as i64);
    let last_titles: Vec<&String> = runs.iter().filter_map(|r| r.titles.last()).collect();
    assert!(
        last_titles.contains(&&file.get(s2).unwrap().title),
        "S-2's title is not a last acknowledged one"
    );

    // The TUI, after its idle check, shows exactly the file.
    if let Some(reload) = watcher.check(&h.store).unwrap() {
        reloads += 1;
        h.dispatch(reload);
    }
    assert_eq!(h.app.backlog.get(s1), file.get(s1));
    assert_eq!(h.app.backlog.get(s2), file.get(s2));
    assert!(
        reloads > 0 && refused > 0,
        "reloads {reloads}, refused {refused}"
    );

    let cli_writes: usize = runs.iter().map(CliRun::writes).sum();
    eprintln!(
        "concurrent writers: {:.1?} with 2 CLI loops and the TUI; {cli_writes} CLI writes, {} TUI \
         writes ({attempts} attempts, {refused} refused as stale and retried after a reload), \
         {reloads} reloads; 0 failures, 0 lost",
        elapsed,
        tui_criteria.len()
    );
}

#[test]
fn a_reader_never_sees_half_of_another_processs_change() {
    // Each command changes S-1's row (its version) and another table (a
    // decision, a dependency) in one transaction; a reader in another
    // process (the TUI reloading, `show`) sees both or neither.
    let h = Harness::empty();
    let db = h.path.clone();
    let setup: Vec<Vec<String>> = [
        vec!["add", "initiative", "Dispatch"],
        vec!["add", "epic", "Map", "--initiative", "I-1"],
    ]
    .into_iter()
    .chain((0..=20).map(|_| vec!["add", "story", "Story", "--epic", "E-1"]))
    .map(|a| a.into_iter().map(String::from).collect())
    .collect();
    for args in &setup {
        assert!(cli(&db, args).status.success());
    }
    let s1 = key("S-1");
    let writer = {
        let db = db.clone();
        thread::spawn(move || {
            for k in 2..=21 {
                for args in [
                    vec!["decide".to_string(), "S-1".into(), format!("d{k}")],
                    vec![
                        "dep".into(),
                        "add".into(),
                        "S-1".into(),
                        "--on".into(),
                        format!("S-{k}"),
                    ],
                ] {
                    let out = cli(&db, &args);
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            }
        })
    };
    let mut reads = 0;
    while !writer.is_finished() {
        reads += 1;
        let loaded = h.store.load().unwrap();
        let item = loaded.get(s1).unwrap();
        let got = h.store.get(s1).unwrap();
        for (how, i) in [("load", item), ("get", &got)] {
            assert_eq!(
                i.version,
                1 + (i.decisions.len() + i.depends_on.len()) as i64,
                "{how} saw half a change: version {}, {} decisions, {} dependencies",
                i.version,
                i.decisions.len(),
                i.depends_on.len()
            );
        }
    }
    writer.join().unwrap();
    assert!(reads > 10, "only {reads} reads");
}
