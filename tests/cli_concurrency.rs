//! Two processes on one file: no `database is locked` reaches the user, no
//! write is lost, and a stale edit is refused.

mod common;

use std::path::Path;
use std::thread;
use std::time::Duration;

use common::{Bk, cmd_for};

/// Runs `jobs` in a separate thread each, every job a sequence of commands
/// run one after the other; returns the failures as text.
fn in_parallel(db: &Path, jobs: Vec<Vec<Vec<String>>>) -> Vec<String> {
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|job| {
            let db = db.to_path_buf();
            thread::spawn(move || {
                let mut failures = Vec::new();
                for args in job {
                    let out = cmd_for(&db).args(&args).output().unwrap();
                    if !out.status.success() || !out.stderr.is_empty() {
                        failures.push(format!(
                            "`backlog {}` → {:?}: {}",
                            args.join(" "),
                            out.status.code(),
                            String::from_utf8_lossy(&out.stderr)
                        ));
                    }
                }
                failures
            })
        })
        .collect();
    handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect()
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

const N: usize = 25;

#[test]
fn two_processes_adding_criteria_lose_nothing() {
    let bk = Bk::with_stories(1);
    let job = |who: &str| -> Vec<Vec<String>> {
        (1..=N)
            .map(|n| args(&["ac", "add", "S-1", &format!("{who} criterion {n}")]))
            .collect()
    };
    let failures = in_parallel(&bk.db, vec![job("alpha"), job("beta")]);
    assert!(failures.is_empty(), "{failures:#?}");
    let s = bk.show("S-1");
    let criteria = s["acceptance_criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 2 * N);
    for who in ["alpha", "beta"] {
        // Each process's own criteria arrive in the order it added them.
        let mine: Vec<&str> = criteria
            .iter()
            .map(|c| c["text"].as_str().unwrap())
            .filter(|t| t.starts_with(who))
            .collect();
        let expected: Vec<String> = (1..=N).map(|n| format!("{who} criterion {n}")).collect();
        assert_eq!(mine, expected);
    }
    // One version per change: created at 1, then 2N writes.
    assert_eq!(s["version"], 1 + 2 * N as i64);
}

#[test]
fn two_processes_editing_one_item_lose_nothing() {
    let bk = Bk::with_stories(1);
    // One process edits fields, the other adds labels and criteria.
    let edits: Vec<Vec<String>> = (1..=N)
        .map(|n| {
            args(&[
                "edit",
                "S-1",
                "--title",
                &format!("Title {n}"),
                "--points",
                &n.to_string(),
            ])
        })
        .collect();
    let others: Vec<Vec<String>> = (1..=N)
        .flat_map(|n| {
            [
                args(&["edit", "S-1", "--label", &format!("l{n}")]),
                args(&["ac", "add", "S-1", &format!("c{n}")]),
            ]
        })
        .collect();
    let failures = in_parallel(&bk.db, vec![edits, others]);
    assert!(failures.is_empty(), "{failures:#?}");
    let s = bk.show("S-1");
    assert_eq!(s["title"], format!("Title {N}"));
    assert_eq!(s["points"], N as f64);
    assert_eq!(s["labels"].as_array().unwrap().len(), N);
    assert_eq!(s["acceptance_criteria"].as_array().unwrap().len(), N);
    assert_eq!(s["version"], 1 + 3 * N as i64);
    // Every change is in the history, and undo takes back exactly one.
    let h = bk.json(["show", "S-1", "--json", "--history"]);
    assert_eq!(h["history"].as_array().unwrap().len(), 1 + 3 * N);
}

#[test]
fn two_processes_adding_items_get_distinct_keys() {
    let bk = Bk::with_stories(0);
    let job = |who: &str| -> Vec<Vec<String>> {
        (1..=N)
            .map(|n| args(&["add", "story", &format!("{who} {n}"), "--epic", "E-1"]))
            .collect()
    };
    let failures = in_parallel(&bk.db, vec![job("alpha"), job("beta")]);
    assert!(failures.is_empty(), "{failures:#?}");
    let list = bk.json(["list", "--kind", "story", "--sort", "key", "--json"]);
    let expected: Vec<String> = (1..=2 * N).map(|n| format!("S-{n}")).collect();
    assert_eq!(common::keys(&list), expected);
}

#[test]
fn a_stale_edit_is_refused_and_changes_nothing() {
    let bk = Bk::with_stories(1);
    // Process A reads the story.
    let seen = bk.show("S-1")["version"].as_i64().unwrap();
    // Process B changes it.
    bk.ok(["edit", "S-1", "--title", "Changed by B"]);
    let after_b = bk.show("S-1");
    let bytes = bk.bytes();
    // Process A writes, naming the version it saw.
    let line = bk.err([
        "edit",
        "S-1",
        "--if-version",
        &seen.to_string(),
        "--title",
        "Changed by A",
    ]);
    assert!(line.contains("changed by someone else"), "{line}");
    assert!(
        line.contains(&format!("your version {seen}, now {}", seen + 1)),
        "{line}"
    );
    assert_eq!(bk.show("S-1"), after_b);
    assert!(bk.bytes() == bytes);
    // With the current version it goes through.
    bk.ok([
        "edit",
        "S-1",
        "--if-version",
        &(seen + 1).to_string(),
        "--title",
        "Changed by A",
    ]);
    assert_eq!(bk.show("S-1")["title"], "Changed by A");
}

#[test]
fn a_writer_waits_for_another_processs_transaction() {
    let bk = Bk::with_stories(1);
    // Another process holds the write lock for a moment.
    let conn = rusqlite::Connection::open(&bk.db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let db = bk.db.clone();
    let writer = thread::spawn(move || {
        cmd_for(&db)
            .args(["ac", "add", "S-1", "Waited for the lock"])
            .output()
            .unwrap()
    });
    thread::sleep(Duration::from_millis(700));
    // Readers are not blocked meanwhile (WAL).
    assert_eq!(
        bk.show("S-1")["acceptance_criteria"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    conn.execute_batch("COMMIT").unwrap();
    let out = writer.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        bk.show("S-1")["acceptance_criteria"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    drop(conn);
}

#[test]
fn a_reader_in_the_middle_of_writes_sees_whole_commands() {
    let bk = Bk::with_stories(1);
    let db = bk.db.clone();
    let writer = thread::spawn(move || {
        for n in 1..=N {
            let out = cmd_for(&db)
                .args([
                    "add",
                    "story",
                    &format!("Batch {n}"),
                    "--epic",
                    "E-1",
                    "--ac",
                    "a",
                    "--ac",
                    "b",
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    });
    for _ in 0..N {
        let list = bk.json(["list", "--kind", "story", "--json"]);
        for s in list.as_array().unwrap().iter().skip(1) {
            // A story never shows up with only part of its criteria.
            assert_eq!(s["acceptance_criteria"].as_array().unwrap().len(), 2, "{s}");
        }
    }
    writer.join().unwrap();
}
