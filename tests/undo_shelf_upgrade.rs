//! Schema 12 (the shelf: an undone import's items moved aside, not
//! written into the history as JSON): a file of schema 11 opens,
//! upgrades in one step, and keeps every item, every history row and
//! its undo and redo, whether its import was live or undone the old way.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

fn run(db: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("backlog")
        .unwrap()
        .env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", "2026-05-04T09:30:00Z")
        .env("USER", "tester")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "backlog {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sql<T: rusqlite::types::FromSql>(db: &Path, q: &str) -> T {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(q, [], |r| r.get(0)).unwrap()
}

/// Takes a file of schema 12 back to schema 11 (nothing on the shelf).
fn to_schema_11(db: &Path) {
    assert_eq!(sql::<i64>(db, "SELECT count(*) FROM shelf"), 0);
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch(
        "DROP TABLE shelf; DROP TABLE shelf_links; DROP TABLE shelf_decisions; \
         ALTER TABLE changes DROP COLUMN stepped; PRAGMA user_version = 11;",
    )
    .unwrap();
}

/// A file with the demo's backlog imported into it, and the export.
fn imported(dir: &TempDir) -> (std::path::PathBuf, String) {
    let src = dir.path().join("src.db");
    ok(&src, &["demo"]);
    let doc = dir.path().join("doc.json");
    ok(&src, &["export", "-o", doc.to_str().unwrap()]);
    let db = dir.path().join("b.db");
    ok(&db, &["import", doc.to_str().unwrap()]);
    let exported = ok(&db, &["export"]);
    (db, exported)
}

/// Each item's history, as `show --history --json` gives it.
fn histories(db: &Path) -> Vec<String> {
    let keys: Vec<String> = {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut s = c
            .prepare("SELECT DISTINCT item_key FROM history ORDER BY item_key")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    keys.iter()
        .map(|k| {
            let out = run(db, &["show", k, "--history", "--json"]);
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

/// An export without the items' `updated` (undo and redo move it on).
fn same_but_updated(text: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    for i in v["items"].as_array_mut().unwrap() {
        i.as_object_mut().unwrap().remove("updated");
    }
    v
}

fn export(db: &Path) -> serde_json::Value {
    same_but_updated(&ok(db, &["export"]))
}

#[test]
fn a_schema_11_file_with_a_live_import_upgrades_and_undoes_it_whole() {
    let dir = TempDir::new().unwrap();
    let (db, exported) = imported(&dir);
    to_schema_11(&db);
    let items: i64 = sql(&db, "SELECT count(*) FROM items");
    let rows: i64 = sql(&db, "SELECT count(*) FROM history");
    let out = run(&db, &["undo"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("from schema 11 to 12"), "{err}");
    assert_eq!(sql::<i64>(&db, "PRAGMA user_version"), 12);
    assert_eq!(sql::<i64>(&db, "SELECT count(*) FROM items"), 0);
    // Taken whole: every item on the shelf, the history rows all kept.
    assert_eq!(sql::<i64>(&db, "SELECT count(*) FROM shelf"), items);
    assert_eq!(sql::<i64>(&db, "SELECT count(*) FROM history"), 2 * rows);
    ok(&db, &["redo"]);
    assert_eq!(export(&db), same_but_updated(&exported));
    ok(&db, &["undo"]);
    ok(&db, &["redo"]);
    assert_eq!(export(&db), same_but_updated(&exported));
    assert_eq!(sql::<i64>(&db, "SELECT count(*) FROM items"), items);
}

#[test]
fn a_schema_11_file_with_an_import_undone_the_old_way_redoes_it() {
    // An item edited after the import makes the import's undo go item by
    // item (the record holds each state as JSON), as every undo did
    // before schema 12.
    let dir = TempDir::new().unwrap();
    let (db, exported) = imported(&dir);
    ok(&db, &["edit", "I-1", "--title", "Edited after the import"]);
    ok(&db, &["undo"]);
    ok(&db, &["undo"]);
    let before = histories(&db);
    to_schema_11(&db);
    let rows: i64 = sql(&db, "SELECT count(*) FROM history");
    let out = run(&db, &["list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("from schema 11 to 12"), "{err}");
    assert_eq!(histories(&db), before, "read the same after the upgrade");
    assert_eq!(sql::<i64>(&db, "SELECT count(*) FROM history"), rows);
    ok(&db, &["redo"]);
    assert_eq!(export(&db), same_but_updated(&exported));
    ok(&db, &["undo"]);
    ok(&db, &["redo"]);
    assert_eq!(export(&db), same_but_updated(&exported));
}

#[test]
fn a_file_of_a_newer_schema_is_still_refused() {
    let dir = TempDir::new().unwrap();
    let (db, _) = imported(&dir);
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 13)
        .unwrap();
    let out = run(&db, &["undo"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("schema 13, this build knows up to 12"),
        "{err}"
    );
    assert_eq!(sql::<i64>(&db, "PRAGMA user_version"), 13);
}
