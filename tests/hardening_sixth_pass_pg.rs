//! What the sixth hostile pass over issue 14 (2026-12-03) fixed, on a
//! PostgreSQL backlog, through the real binary: the test failed on the
//! build before its fix.

mod common;
mod postgres_common;

use common::Bk;
use postgres_common::schema;

/// An undo passing over a change that can no longer be undone says so
/// once, and notes it in the change's history, on the server as in a file.
#[test]
fn a_change_passed_over_by_undo_is_said_once_on_the_server() {
    let Some(s) = schema("undo_said_once_sixth_pass") else {
        return;
    };
    let bk = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: s.url.clone().into(),
    };
    bk.ok(["demo"]);
    bk.ok(["edit", "S-19", "--title", "First rename"]);
    bk.ok(["edit", "S-20", "--title", "Second rename"]);
    bk.ok(["edit", "S-5", "--parent", "E-2"]);
    let items = bk.json(["list", "--kind", "story", "--archived", "--json"]);
    for s in items.as_array().unwrap() {
        if s["parent"] == "E-1" {
            bk.ok(["rm", s["key"].as_str().unwrap(), "--purge"]);
        }
    }
    bk.ok(["rm", "E-1", "--purge"]);
    assert_eq!(
        bk.ok(["undo"]),
        "skipped “edit S-5: parent”: it can no longer be undone (S-5 belonged to E-1, which was deleted for good)\n\
         undone: edit S-20: title\n"
    );
    assert_eq!(bk.ok(["undo"]), "undone: edit S-19: title\n");
    let shown = bk.json(["show", "S-5", "--json", "--history"]);
    let moved = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["summary"] == "edit S-5: parent")
        .cloned()
        .unwrap();
    assert!(
        moved["note"]
            .as_str()
            .unwrap()
            .starts_with("passed over by undo: it can no longer be undone"),
        "{moved}"
    );
}
