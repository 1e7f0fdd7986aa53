//! Peak memory of importing one story with a big description (issue 14
//! item 11): proportional to the text kept, not to a multiple of it. The
//! real binary runs on a generated document and its peak resident set is
//! read from `wait4` (the child's own `ru_maxrss`). Memory, unlike time,
//! does not depend on the machine's load.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

mod postgres_common;

const NOW: &str = "2026-11-23T10:00:00Z";

/// The description's text: 48 MB with escapes (quotes, newlines) and
/// characters of two and three bytes, as in RELIABILITY.md's figures.
const TEXT_MB: usize = 48;

/// What any run of the binary costs before it holds the text (its code,
/// its tables, a page cache): generous, so the bound is on the multiple.
const BASE_MB: f64 = 40.0;

/// Held by each test while it runs: a child's peak counts what the test
/// process holds when it starts the child (below), so the tests take
/// turns, each starting its children with the big document freed.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs the binary with `args` on `db`; returns its peak resident set in
/// MB and whether it succeeded.
// The child is reaped by `wait4`, which also reads its peak.
#[allow(clippy::zombie_processes)]
fn peak_mb(db: &Path, args: &[&str]) -> (f64, bool) {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_backlog"));
    // A child started with `vfork` (the standard library's choice when it
    // can) inherits the test process's highest resident set as its own
    // starting peak; a forked one, what the test process holds at the
    // fork. A `pre_exec` hook makes it a fork.
    // SAFETY: the hook does nothing, which is safe after a fork.
    unsafe {
        command.pre_exec(|| Ok(()));
    }
    let child = command
        .arg("--db")
        .arg(db)
        .args(args)
        .env("BACKLOG_NOW", NOW)
        .env_remove("BACKLOG_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for this child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // ru_maxrss is in kilobytes on Linux.
    (usage.ru_maxrss as f64 / 1024.0, ok)
}

/// A backlog document with one initiative, one epic and one story whose
/// description decodes to `bytes` bytes; returns the description's size.
fn document(path: &Path, bytes: usize) -> usize {
    // As written in JSON, and as it decodes: `\"` and `\n` are escapes.
    let unit_json = "Line with \\\"quotes\\\" and é ü — text\\n";
    let unit_text = "Line with \"quotes\" and é ü — text\n";
    let pad = "a".repeat(60);
    let n = bytes / (unit_text.len() + pad.len());
    let mut doc = String::with_capacity(n * (unit_json.len() + pad.len()) + 2048);
    doc.push_str(
        r#"{"format":"backlog","version":1,"next_keys":{"initiative":2,"epic":2,"story":2},"items":[
{"key":"I-1","kind":"initiative","title":"I","status":"draft","rank":1,"created":"2026-11-23T10:00:00Z","updated":"2026-11-23T10:00:00Z"},
{"key":"E-1","kind":"epic","title":"E","parent":"I-1","status":"draft","rank":1,"created":"2026-11-23T10:00:00Z","updated":"2026-11-23T10:00:00Z"},
{"key":"S-1","kind":"story","title":"S","parent":"E-1","status":"draft","rank":1,"created":"2026-11-23T10:00:00Z","updated":"2026-11-23T10:00:00Z","description":""#,
    );
    for _ in 0..n {
        doc.push_str(unit_json);
        doc.push_str(&pad);
    }
    doc.push_str("\"}]}\n");
    std::fs::write(path, doc).unwrap();
    n * (unit_text.len() + pad.len())
}

/// A backlog in `dir` imported from a document whose story's description
/// decodes to `bytes` bytes (see [`document`]); returns the file and the
/// description's size.
fn imported(dir: &Path, name: &str, bytes: usize) -> (std::path::PathBuf, usize) {
    let doc = dir.join(format!("{name}.json"));
    let text = document(&doc, bytes);
    let db = dir.join(format!("{name}.db"));
    let (_, ok) = peak_mb(&db, &["import", doc.to_str().unwrap(), "--no-limits"]);
    assert!(ok, "the import failed");
    (db, text)
}

#[test]
fn importing_a_big_description_peaks_at_twice_the_text_at_most() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("big.json");
    let text = document(&doc, TEXT_MB * 1_000_000);
    let text_mb = text as f64 / (1024.0 * 1024.0);
    let db = dir.path().join("b.db");
    let doc = doc.to_str().unwrap();

    // The parse holds the document and the item (twice the text); the
    // store then holds the item and the record SQLite builds of its row.
    // It held the document's freed memory, SQLite's copy of the bound
    // text and the record beside the item: four times the text.
    let (dry, ok) = peak_mb(&db, &["import", doc, "--no-limits", "--dry-run"]);
    assert!(ok, "the dry run failed");
    let (import, ok) = peak_mb(&db, &["import", doc, "--no-limits"]);
    assert!(ok, "the import failed");
    eprintln!("text {text_mb:.1} MB: import {import:.0} MB, dry run {dry:.0} MB");
    let limit = BASE_MB + 2.5 * text_mb;
    assert!(
        import < limit,
        "importing a {text_mb:.0} MB description peaked at {import:.0} MB \
         (dry run {dry:.0} MB), more than {limit:.0} MB"
    );
    assert!(
        dry < limit,
        "the dry run peaked at {dry:.0} MB, more than {limit:.0} MB"
    );

    // Stored whole, as text.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (len, kind): (i64, String) = conn
        .query_row(
            "SELECT length(CAST(description AS BLOB)), typeof(description) FROM items WHERE kind = 'S'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((len as usize, kind.as_str()), (text, "text"));
}

/// The text of the read test: smaller (the debug build formats text
/// slowly); the bound is on what the text adds to each command's peak.
const READ_TEXT_MB: usize = 16;

/// Every command that reads the item back holds its text once, and for a
/// moment the copy SQLite reads it into: twice the text, over what the
/// same command costs on the same item with an empty description. At
/// 200 MB, `show` made the safe text by doubling a string (3.3 times the
/// text), `show --history` held the item and its history's state (4.3
/// times, 4.9 in JSON), `export` built the whole document in memory (4.3
/// times), and `redo` of the import sorted the shelved row (7 times).
/// Between 1 and 32 MB, glibc kept a text SQLite had read resident once
/// freed (`cli::map_big_allocations`): `show --history --json` of 16 MB.
#[test]
fn reading_and_exporting_a_big_description_peaks_at_twice_the_text_at_most() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (db, text) = imported(dir.path(), "big", READ_TEXT_MB * 1_000_000);
    let (empty, _) = imported(dir.path(), "empty", 0);
    let text_mb = text as f64 / (1024.0 * 1024.0);
    let out = dir.path().join("out.json");
    let out = out.to_str().unwrap();
    // The undo and redo last, in that order (each changes the backlog).
    for args in [
        &["show", "S-1"][..],
        &["show", "S-1", "--history"],
        &["show", "S-1", "--history", "--json"],
        &["export", "-o", out],
        &["export"],
        &["list", "--json"],
        &["undo"],
        &["redo"],
    ] {
        let (base, ok) = peak_mb(&empty, args);
        assert!(ok, "{args:?} failed on the empty description");
        let (peak, ok) = peak_mb(&db, args);
        assert!(ok, "{args:?} failed");
        eprintln!("text {text_mb:.1} MB: {args:?} {peak:.0} MB (without the text {base:.0} MB)");
        // An undo or redo writes with a page cache of 32 MB (`with_big_cache`),
        // which the pages of the text fill and the empty description's do not.
        let cache = if matches!(args[0], "undo" | "redo") {
            32.0
        } else {
            0.0
        };
        let limit = base + cache + 2.5 * text_mb;
        assert!(
            peak < limit,
            "{args:?} on a {text_mb:.0} MB description peaked at {peak:.0} MB, more than {limit:.0} MB"
        );
    }
    // The export holds the whole text.
    let written = std::fs::metadata(out).unwrap().len() as usize;
    assert!(written > text, "the export is {written} bytes");
}

/// An edit of the item, of another field and of the text itself, holds
/// the text at most five times over the same command on the same item
/// with an empty description (4.3 measured), and the undo and redo of
/// each five times and a half, their page cache aside (4.6; 5.4 at 46
/// MB): the history row records the item's whole state before and after
/// (the text twice), SQLite builds that row's record beside them (twice
/// again), and a step parses the two states it reads, each with
/// serde_json's copy of the text it unescapes. They held it nine to
/// twelve times: the item read, read again to check its version, cloned,
/// copied into each state's form, its JSON before and after, and SQLite's
/// copies, and what was freed of them stayed resident (RELIABILITY.md,
/// item 11).
#[test]
fn editing_a_big_description_and_undoing_it_peak_at_about_five_times_the_text() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (db, text) = imported(dir.path(), "big", READ_TEXT_MB * 1_000_000);
    let (empty, _) = imported(dir.path(), "empty", 0);
    let text_mb = text as f64 / (1024.0 * 1024.0);
    for args in [
        &["edit", "S-1", "--title", "Renamed"][..],
        &["undo"],
        &["redo"],
        &["edit", "S-1", "--description", "short"],
        &["undo"],
        &["redo"],
        &["undo"],
    ] {
        let (base, ok) = peak_mb(&empty, args);
        assert!(ok, "{args:?} failed on the empty description");
        let (peak, ok) = peak_mb(&db, args);
        assert!(ok, "{args:?} failed");
        eprintln!("text {text_mb:.1} MB: {args:?} {peak:.0} MB (without the text {base:.0} MB)");
        // An undo or redo writes with a page cache of 32 MB (see above).
        let (cache, times) = if matches!(args[0], "undo" | "redo") {
            (32.0, 5.5)
        } else {
            (0.0, 5.0)
        };
        let limit = base + cache + times * text_mb;
        assert!(
            peak < limit,
            "{args:?} on a {text_mb:.0} MB description peaked at {peak:.0} MB, more than {limit:.0} MB"
        );
    }
    // Each step happened: the text is back, the title as edited; the
    // import recorded its three items, each step one row.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (title, len, rows): (String, i64, i64) = conn
        .query_row(
            "SELECT title, length(CAST(description AS BLOB)), (SELECT count(*) FROM history) FROM items WHERE kind = 'S'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((title.as_str(), len as usize, rows), ("Renamed", text, 10));
}

/// On PostgreSQL, reading the item back holds its text twice at most, as
/// on a file: the driver's buffer of the row and the item's copy. The
/// buffer grows by doubling as the row arrives, and each smaller one,
/// freed, stayed resident (the CLI keeps what it frees): 2.75 times the
/// text, and `export` held the item's document form beside that (its
/// copy of the description), 3.6 times (RELIABILITY.md, item 11).
#[test]
fn reading_a_big_description_from_postgresql_peaks_at_twice_the_text_and_a_half_at_most() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let on_server = |name: &str, bytes: usize| {
        let s = postgres_common::schema(&format!("big_text_{name}"))?;
        let doc = dir.path().join(format!("{name}.json"));
        let text = document(&doc, bytes);
        let url = Path::new(&s.url).to_path_buf();
        let (_, ok) = peak_mb(&url, &["init"]);
        assert!(ok, "init failed");
        let (_, ok) = peak_mb(&url, &["import", doc.to_str().unwrap(), "--no-limits"]);
        assert!(ok, "the import failed");
        Some((s, url, text))
    };
    let Some((_big, db, text)) = on_server("big", READ_TEXT_MB * 1_000_000) else {
        return;
    };
    let Some((_empty, empty, _)) = on_server("empty", 0) else {
        return;
    };
    let text_mb = text as f64 / (1024.0 * 1024.0);
    let out = dir.path().join("out.json");
    let out = out.to_str().unwrap();
    for args in [
        &["show", "S-1"][..],
        &["list", "--json"],
        &["export", "-o", out],
    ] {
        let (base, ok) = peak_mb(&empty, args);
        assert!(ok, "{args:?} failed on the empty description");
        let (peak, ok) = peak_mb(&db, args);
        assert!(ok, "{args:?} failed");
        eprintln!(
            "text {text_mb:.1} MB: PostgreSQL {args:?} {peak:.0} MB (without the text {base:.0} MB)"
        );
        let limit = base + 2.5 * text_mb;
        assert!(
            peak < limit,
            "{args:?} on PostgreSQL, a {text_mb:.0} MB description, peaked at {peak:.0} MB, more than {limit:.0} MB"
        );
    }
    let written = std::fs::metadata(out).unwrap().len() as usize;
    assert!(written > text, "the export is {written} bytes");
}
