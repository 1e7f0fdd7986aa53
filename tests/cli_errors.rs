//! Every error path: a runtime error exits 1 with exactly one `error: …`
//! line on stderr and changes nothing; a usage error exits 2.

mod common;

use std::io::Read;
use std::process::Stdio;

use common::Bk;

/// A small backlog with one of everything: I-1 / E-1 / S-1 (complete user
/// story with a criterion) and S-2 (bare), S-2 depends on S-1, S-3 archived.
fn seeded() -> Bk {
    let bk = Bk::with_stories(3);
    bk.ok([
        "edit", "S-1", "--as", "buyer", "--want", "to pay", "--points", "3",
    ]);
    bk.ok(["ac", "add", "S-1", "Paid orders get a receipt"]);
    bk.ok(["dep", "add", "S-2", "--on", "S-1"]);
    bk.ok(["metric", "add", "I-1", "Revenue"]);
    bk.ok(["rm", "S-3"]);
    bk
}

/// Runs each case, checks it fails as a runtime error naming `expect`, and
/// that the file is byte-for-byte and item-for-item as before.
fn refused(bk: &Bk, cases: &[(&[&str], &str)]) {
    let state = bk.state();
    let bytes = bk.bytes();
    for (args, expect) in cases {
        let line = bk.err(*args);
        assert!(
            line.to_lowercase().contains(&expect.to_lowercase()),
            "`backlog {}`: expected `{expect}` in {line:?}",
            args.join(" ")
        );
        assert!(
            bk.bytes() == bytes,
            "`backlog {}` changed the file",
            args.join(" ")
        );
    }
    assert_eq!(bk.state(), state);
}

#[test]
fn zero_effort_is_refused_naming_effort_and_nothing_is_stored() {
    let bk = seeded();
    let before = bk.show("S-1");
    let line = bk.err([
        "score",
        "S-1",
        "--reach",
        "10",
        "--impact",
        "1",
        "--confidence",
        "50",
        "--effort",
        "0",
    ]);
    assert!(line.contains("effort"), "{line}");
    assert!(line.contains("> 0"), "names the range: {line}");
    assert_eq!(bk.show("S-1"), before);
}

#[test]
fn invalid_scores_are_refused() {
    let bk = seeded();
    refused(
        &bk,
        &[
            (&["score", "S-1", "--reach", "-1"], "reach"),
            (&["score", "S-1", "--reach", "ten"], "reach"),
            (&["score", "S-1", "--impact", "0"], "impact"),
            (&["score", "S-1", "--confidence", "0"], "confidence"),
            (&["score", "S-1", "--confidence", "150"], "confidence"),
            (&["score", "S-1", "--effort", "NaN"], "effort"),
            (&["score", "S-1", "--effort", "inf"], "effort"),
            (&["score", "S-1", "--effort", "-2"], "effort"),
            (&["score", "S-1", "--value", "0"], "value"),
            (
                &["score", "S-1", "--time-criticality", "x"],
                "time-criticality",
            ),
            (
                &["score", "S-1", "--risk-reduction", "-1"],
                "risk-reduction",
            ),
            (&["score", "S-1", "--job-size", "0"], "job-size"),
            // One bad input spoils the whole command: nothing stored.
            (
                &["score", "S-1", "--reach", "100", "--effort", "0"],
                "effort",
            ),
            (&["score", "I-1", "--reach", "1"], "initiative"),
            (&["score", "S-99", "--reach", "1"], "no item S-99"),
            (&["score", "S-99"], "no item S-99"),
        ],
    );
}

#[test]
fn bad_keys_and_missing_items_are_refused() {
    let bk = seeded();
    refused(
        &bk,
        &[
            (&["show", "X-1"], "not an item key"),
            (&["show", "S-0"], "not an item key"),
            (&["show", "S-99999999999999999999"], "not an item key"),
            (&["show", "S-99"], "no item S-99"),
            (&["edit", "S-99", "--title", "x"], "no item S-99"),
            (&["ac", "add", "S-99", "x"], "no item S-99"),
            (&["dep", "add", "S-1", "--on", "S-99"], "no item S-99"),
            (&["dep", "add", "S-99", "--on", "S-1"], "no item S-99"),
            (&["decide", "S-99", "x"], "no item S-99"),
            (&["rm", "S-99"], "no item S-99"),
            (&["rm", "S-99", "--purge"], "no item S-99"),
            (&["restore", "S-99"], "no item S-99"),
            (&["metric", "add", "I-9", "x"], "no item I-9"),
        ],
    );
}

#[test]
fn add_errors() {
    let bk = seeded();
    refused(
        &bk,
        &[
            (&["add", "initiative", "   "], "title"),
            (&["add", "initiative", "x", "--lane", "soon"], "lane"),
            (&["add", "epic", "x", "--initiative", "I-9"], "no item I-9"),
            (
                &["add", "epic", "x", "--initiative", "E-1"],
                "not an initiative",
            ),
            (
                &["add", "story", "x", "--epic", "I-1"],
                "I-1 is an initiative, not an epic",
            ),
            (&["add", "story", "x", "--epic", "E-9"], "no item E-9"),
            (
                &["add", "story", "x", "--epic", "E-1", "--points", "-1"],
                "points",
            ),
            (
                &["add", "story", "x", "--epic", "E-1", "--points", "many"],
                "points",
            ),
            (
                &["add", "story", "x", "--epic", "E-1", "--ac", " "],
                "criterion",
            ),
            (&["add", "story", "\n\t", "--epic", "E-1"], "title"),
        ],
    );
}

#[test]
fn edit_errors() {
    let bk = seeded();
    refused(
        &bk,
        &[
            (&["edit", "S-1"], "nothing to change"),
            (&["edit", "S-1", "--title", " "], "title"),
            (&["edit", "S-1", "--status", "finished"], "status"),
            (&["edit", "S-1", "--lane", "now"], "lane"),
            (&["edit", "E-1", "--lane", "someday"], "lane"),
            (&["edit", "S-1", "--points", "-3"], "points"),
            (&["edit", "E-1", "--points", "3"], "points"),
            (&["edit", "E-1", "--as", "x"], "persona"),
            (&["edit", "S-1", "--outcome", "x"], "outcome"),
            (&["edit", "S-1", "--parent", "I-1"], "epic"),
            (&["edit", "S-1", "--parent", "E-9"], "no item E-9"),
            (&["edit", "I-1", "--parent", "I-1"], "no parent"),
            (&["edit", "S-1", "--rank", "first"], "rank"),
            (&["edit", "S-1", "--label", " "], "label"),
            (&["edit", "S-2", "--status", "ready"], "Definition of Ready"),
            (
                &["edit", "S-1", "--if-version", "1", "--title", "x"],
                "changed by someone else",
            ),
            // A failing field spoils the others: nothing is stored.
            (
                &["edit", "S-1", "--title", "New", "--points", "-1"],
                "points",
            ),
            (&["edit", "S-1", "--title", "New", "--lane", "now"], "lane"),
        ],
    );
}

#[test]
fn criteria_metric_dep_decide_and_archive_errors() {
    let bk = seeded();
    refused(
        &bk,
        &[
            (
                &["ac", "add", "E-1", "x"],
                "E-1 is an epic: acceptance criteria applies to stories only",
            ),
            (&["ac", "add", "S-1", "  "], "criterion"),
            (&["ac", "check", "S-1", "0"], "criterion"),
            (&["ac", "check", "S-1", "2"], "1 to 1"),
            (&["ac", "check", "S-2", "1"], "no acceptance criteria"),
            (&["ac", "uncheck", "S-1", "-1"], "criterion"),
            (&["ac", "rm", "S-1", "one"], "criterion"),
            (&["ac", "edit", "S-1", "3", "x"], "criterion"),
            (&["ac", "move", "S-1", "1", "5"], "criterion"),
            (
                &["metric", "add", "E-1", "x"],
                "applies to initiatives only",
            ),
            (&["metric", "add", "I-1", " "], "metric name"),
            (&["metric", "rm", "I-1", "2"], "metric"),
            (&["dep", "add", "S-1", "--on", "S-2"], "cycle"),
            (&["dep", "add", "S-2", "--on", "S-1"], "already depends"),
            (&["dep", "add", "S-1", "--on", "S-1"], "itself"),
            (&["dep", "rm", "S-1", "--on", "S-2"], "does not depend"),
            (&["decide", "S-1", " "], "decision"),
            (&["decide", "S-1", "x", "--date", "tomorrow"], "date"),
            (&["decide", "S-1", "x", "--date", "2026-02-30"], "date"),
            (&["rm", "S-3"], "already archived"),
            (&["restore", "S-1"], "not archived"),
            (&["rm", "E-1", "--purge"], "still has 3 stories"),
            (&["rm", "I-1", "--purge"], "still has 1 epics"),
            (&["list", "--kind", "task"], "kind"),
            (&["list", "--status", "open"], "status"),
            (&["list", "--lane", "soon"], "lane"),
        ],
    );
}

#[test]
fn demo_on_a_non_empty_file_is_refused() {
    let bk = seeded();
    refused(&bk, &[(&["demo"], "--force")]);
}

#[test]
fn undo_into_a_purged_parent_is_refused_clearly() {
    let bk = Bk::with_stories(1);
    bk.add(["epic", "Old home", "--initiative", "I-1"]);
    bk.ok(["edit", "S-1", "--parent", "E-2"]);
    bk.ok(["edit", "S-1", "--parent", "E-1"]);
    bk.ok(["rm", "E-2", "--purge"]);
    // Undoing the move would need E-2, which is gone for good: undo says
    // so clearly and leaves S-1 alone (issue 14 item 9: it no longer
    // refuses, so that the changes before it stay undoable), and so does
    // the move before it, and the story's creation.
    let state = bk.state();
    let out = bk.ok(["undo"]);
    let first = out.lines().next().unwrap();
    assert!(
        first.contains("cannot be undone") || first.contains("can no longer be undone"),
        "{out}"
    );
    assert!(first.contains("E-2") && first.contains("deleted"), "{out}");
    assert!(out.ends_with("nothing to undo\n"), "{out}");
    // Nothing changed but the notes that say, in the history, which
    // changes undo passed over (so that it says so once).
    let after = bk.state();
    let noted = "passed over by undo: it can no longer be undone";
    assert!(after.contains(noted), "{after}");
    let mut unnoted = String::new();
    for part in after.split("\"note\":") {
        if unnoted.is_empty() {
            unnoted.push_str(part);
            continue;
        }
        unnoted.push_str("\"note\":");
        match part.strip_prefix('"').filter(|p| p.starts_with(noted)) {
            Some(p) => {
                unnoted.push_str("null");
                unnoted.push_str(&p[p.find('"').unwrap() + 1..]);
            }
            None => unnoted.push_str(part),
        }
    }
    assert_eq!(unnoted, state, "undo changed something it could not undo");
}

#[test]
fn undo_after_purging_a_dependency_is_not_stuck() {
    let bk = Bk::with_stories(2);
    bk.ok(["edit", "S-1", "--title", "Renamed"]);
    bk.ok(["dep", "add", "S-1", "--on", "S-2"]);
    bk.ok(["edit", "S-1", "--owner", "Kim"]);
    bk.ok(["rm", "S-2", "--purge"]);
    assert_eq!(bk.show("S-1")["depends_on"], serde_json::json!([]));
    // The purge itself is not undoable; earlier changes still are.
    assert_eq!(bk.ok(["undo"]), "undone: edit S-1: owner\n");
    assert_eq!(bk.show("S-1")["owner"], serde_json::Value::Null);
    // The dependency would change nothing now: passed over, and the
    // change before it undone in the same step.
    assert_eq!(
        bk.ok(["undo"]),
        "skipped “S-1 depends on S-2”: it would change nothing (what it changed was deleted for good)\n\
         undone: edit S-1: title\n"
    );
    assert_eq!(bk.show("S-1")["title"], "Story number 1");
    assert_eq!(bk.show("S-1")["depends_on"], serde_json::json!([]));
    bk.ok(["redo"]);
    assert_eq!(bk.show("S-1")["title"], "Renamed");
    // S-2 stays gone for good.
    bk.err(["show", "S-2"]);
}

#[test]
fn usage_errors_exit_2_and_change_nothing() {
    let bk = seeded();
    let state = bk.state();
    let bytes = bk.bytes();
    let cases: &[&[&str]] = &[
        &["frobnicate"],
        &["show"],
        &["add"],
        &["add", "story", "No epic"],
        &["add", "task", "x"],
        &["list", "--sort", "priority"],
        &["list", "--bogus"],
        &["score", "S-1", "--clear", "moscow"],
        &["edit", "S-1", "--if-version", "one", "--title", "x"],
        &["ac", "check", "S-1"],
        &["dep", "add", "S-1"],
        &["rm"],
        &["show", "S-1", "S-2"],
    ];
    for args in cases {
        let stderr = bk.usage_err(*args);
        assert!(
            stderr.contains("Usage") || stderr.contains("--help"),
            "{args:?}: {stderr}"
        );
        assert!(bk.bytes() == bytes, "{args:?} changed the file");
    }
    assert_eq!(bk.state(), state);
    // --help and --version are not errors.
    assert!(bk.ok(["--help"]).contains("Usage"));
    assert!(bk.ok(["--version"]).starts_with("backlog "));
}

#[test]
fn bad_backlog_now_is_one_line() {
    let bk = seeded();
    let out = bk
        .cmd()
        .env("BACKLOG_NOW", "yesterday")
        .args(["list"])
        .output()
        .unwrap();
    let line = common::runtime_error(&out);
    assert!(line.contains("BACKLOG_NOW"), "{line}");
}

#[test]
fn escape_sequences_in_arguments_are_not_echoed_raw() {
    let bk = seeded();
    refused(
        &bk,
        &[
            (&["show", "\u{1b}[31mS-1"], "not an item key"),
            (&["score", "S-1", "--effort", "\u{1b}]0;x\u{7}"], "effort"),
            (&["edit", "S-1", "--status", "\u{1b}[2J"], "status"),
        ],
    );
}

/// `backlog list --json | head -1`: the reader going away is not an error.
#[test]
fn a_closed_pipe_is_not_an_error() {
    let bk = Bk::demo();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .env_remove("BACKLOG_DB")
        .arg("--db")
        .arg(&bk.db)
        .args(["list", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the pipe is closed with most output unread.
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "stderr after a closed pipe"
    );
    assert!(out.status.success(), "{:?}", out.status);
}
