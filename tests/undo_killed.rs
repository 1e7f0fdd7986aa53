//! The undo and redo of an import, taken whole with foreign keys off
//! (the transaction begun again without them), killed with SIGKILL at
//! points spread over the command: the file is always whole, either as
//! before the command or as after it, nothing points at nothing, and the
//! next undo or redo goes on from there to the same export.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tempfile::TempDir;

fn bin(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_backlog"));
    c.env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", "2026-11-23T10:00:00Z")
        .env("USER", "tester")
        .arg("--db")
        .arg(db);
    c
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = bin(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "backlog {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn one(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// What the file holds after a kill: `true` if the step landed. Panics
/// if it is neither before nor after it, or damaged.
fn landed(db: &Path, items: i64, undo: bool, ctx: &str) -> bool {
    let c = Connection::open(db).unwrap();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{ctx}");
    assert_eq!(
        one(&c, "SELECT count(*) FROM pragma_foreign_key_check"),
        0,
        "{ctx}: a row points at nothing"
    );
    let live = one(&c, "SELECT count(*) FROM items");
    let state = one(&c, "SELECT state FROM changes WHERE id = 1");
    let records = one(&c, "SELECT count(*) FROM changes WHERE kind = 2");
    let (before, after) = if undo { (items, 0) } else { (0, items) };
    let steps_before = if undo { 0 } else { 1 };
    if live == before {
        assert_eq!(state, i64::from(!undo), "{ctx}: the import's state");
        assert_eq!(records, steps_before, "{ctx}: records of steps");
        false
    } else {
        assert_eq!(live, after, "{ctx}: a step half done");
        assert_eq!(state, i64::from(undo), "{ctx}: the import's state");
        assert_eq!(records, steps_before + 1, "{ctx}: records of steps");
        true
    }
}

/// Runs `args` on a copy of `from`, killed after `after`; returns the copy.
fn killed(
    dir: &TempDir,
    from: &Path,
    args: &[&str],
    after: Duration,
    n: usize,
) -> std::path::PathBuf {
    let db = dir.path().join(format!("k{n}.db"));
    std::fs::copy(from, &db).unwrap();
    let mut child = bin(&db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    child.wait().unwrap();
    db
}

#[test]
fn an_import_undone_or_redone_and_killed_is_whole_before_or_after() {
    let dir = TempDir::new().unwrap();
    let src = dir.path().join("src.db");
    let src_s = src.to_str().unwrap();
    ok(
        &src,
        &["dev", "generate", src_s, "--stories", "1500", "--seed", "5"],
    );
    let doc = dir.path().join("doc.json");
    ok(&src, &["export", "-o", doc.to_str().unwrap()]);
    let imported = dir.path().join("imported.db");
    ok(&imported, &["import", doc.to_str().unwrap()]);
    let exported = ok(&imported, &["export"]);
    let items = one(
        &Connection::open(&imported).unwrap(),
        "SELECT count(*) FROM items",
    );
    let undone = dir.path().join("undone.db");
    std::fs::copy(&imported, &undone).unwrap();
    let started = Instant::now();
    ok(&undone, &["undo"]);
    let took = started.elapsed();
    let mut n = 0;
    let mut seen = [0usize; 2];
    for (from, undo) in [(&imported, true), (&undone, false)] {
        let verb = if undo { "undo" } else { "redo" };
        for tenth in [0u32, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 30] {
            n += 1;
            let db = killed(&dir, from, &[verb], took * tenth / 10, n);
            let ctx = format!("{verb} killed after {}/10 of its time", tenth);
            let done = landed(&db, items, undo, &ctx);
            seen[usize::from(done)] += 1;
            // From there, the import's items come back as they were.
            if undo && done || !undo && !done {
                ok(&db, &["redo"]);
            }
            let after = ok(&db, &["export"]);
            assert_eq!(
                without_updated(&after),
                without_updated(&exported),
                "{ctx}: then redone"
            );
        }
    }
    assert!(seen[1] > 0, "kills before and after the commit: {seen:?}");
}

/// An export without the `updated` times (undo and redo move them on).
fn without_updated(doc: &str) -> String {
    doc.lines()
        .filter(|l| !l.trim_start().starts_with("\"updated\""))
        .collect::<Vec<_>>()
        .join("\n")
}
