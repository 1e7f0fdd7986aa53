//! A bulk insertion taken whole with foreign keys off
//! (`tx/undo/unchecked.rs`): the connection has them on again after the
//! step, committed or not; a step in a transaction that wrote first keeps
//! them on and is still taken whole; nothing is left pointing at nothing.

use super::Sqlite;
use crate::domain::planning::PlanningSettings;
use crate::domain::roadmap::fixture;
use crate::domain::{Item, Key};
use crate::store::backend::{Backend, Direction};
use crate::store::{OpenMode, Store};

/// A file holding the fixture, imported as one bulk change, with a
/// link from an item to one inserted after it and a decision.
fn imported(dir: &tempfile::TempDir) -> (std::path::PathBuf, Vec<Item>) {
    let path = dir.path().join("b.db");
    let mut s = Store::open(&path, OpenMode::Create).unwrap();
    s.set_clock(Box::new(fixture::at));
    let mut items = fixture::items();
    let last = items[items.len() - 1].key;
    items[1].depends_on.push(last);
    items[1].depends_on.sort();
    s.write("import fixture.json", |tx| tx.insert_all(&items))
        .unwrap();
    (path, items)
}

fn foreign_keys(b: &Sqlite) -> i64 {
    b.conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap()
}

fn count(b: &Sqlite, sql: &str) -> i64 {
    b.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Rows that point at nothing, in every table.
fn dangling(b: &Sqlite) -> i64 {
    count(b, "SELECT count(*) FROM pragma_foreign_key_check")
}

#[test]
fn foreign_keys_are_on_again_after_a_whole_step_committed_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let (path, items) = imported(&dir);
    let mut b = Sqlite::open(&path, OpenMode::Existing).unwrap();
    let mut tx = b.begin("undo", fixture::at()).unwrap();
    let stepped = tx.step(Direction::Undo, None).unwrap();
    assert_eq!(stepped.summary.as_deref(), Some("import fixture.json"));
    tx.commit().unwrap();
    assert_eq!(foreign_keys(&b), 1);
    assert_eq!(count(&b, "SELECT count(*) FROM items"), 0);
    assert_eq!(
        count(&b, "SELECT count(*) FROM shelf"),
        items.len() as i64,
        "taken whole"
    );
    assert_eq!(count(&b, "SELECT count(*) FROM dependencies"), 0);
    assert_eq!(dangling(&b), 0);
    // A redo dropped before its commit: nothing written, keys on.
    {
        let mut tx = b.begin("redo", fixture::at()).unwrap();
        tx.step(Direction::Redo, None).unwrap();
    }
    assert_eq!(foreign_keys(&b), 1);
    assert_eq!(count(&b, "SELECT count(*) FROM items"), 0);
    // Foreign keys hold again: a link to no item is refused.
    let refused = b.conn.execute(
        "INSERT INTO dependencies (item_id, depends_on) VALUES (1, 2)",
        [],
    );
    assert!(refused.is_err());
    let mut tx = b.begin("redo", fixture::at()).unwrap();
    tx.step(Direction::Redo, None).unwrap();
    tx.commit().unwrap();
    assert_eq!(foreign_keys(&b), 1);
    assert_eq!(count(&b, "SELECT count(*) FROM items"), items.len() as i64);
    assert_eq!(dangling(&b), 0);
    let s = Store::open(&path, OpenMode::Existing).unwrap();
    let k: Key = items[1].key;
    assert_eq!(s.get(k).unwrap().depends_on, items[1].depends_on);
}

/// A step after a write in the same transaction cannot begin again: it
/// is taken whole with foreign keys on, and leaves the same.
#[test]
fn a_step_after_a_write_in_its_transaction_keeps_foreign_keys_on() {
    let dir = tempfile::tempdir().unwrap();
    let (path, items) = imported(&dir);
    let mut b = Sqlite::open(&path, OpenMode::Existing).unwrap();
    for direction in [Direction::Undo, Direction::Redo] {
        let mut tx = b.begin("undo", fixture::at()).unwrap();
        let settings = PlanningSettings {
            now_weeks: 3,
            points_per_week: Some(20.0),
        };
        tx.set_planning_settings(&settings).unwrap();
        let stepped = tx.step(direction, None).unwrap();
        assert_eq!(stepped.summary.as_deref(), Some("import fixture.json"));
        tx.commit().unwrap();
        assert_eq!(foreign_keys(&b), 1);
        assert_eq!(dangling(&b), 0);
    }
    assert_eq!(count(&b, "SELECT count(*) FROM items"), items.len() as i64);
    assert_eq!(
        count(&b, "SELECT count(*) FROM shelf"),
        items.len() as i64,
        "the undo was taken whole"
    );
}
