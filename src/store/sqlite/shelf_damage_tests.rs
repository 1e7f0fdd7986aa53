//! Redo of a bulk insertion taken whole (`tx/undo/bulk.rs`) copies the
//! shelved rows back into `items`: a shelved value that no item may hold
//! (every CHECK of the items table, schema V8 to V11) is damage, and the
//! redo is refused as damage without changing a byte of the file.

use super::tx::bulk_whole;
use crate::domain::insight::InsightInfo;
use crate::domain::roadmap::fixture;
use crate::domain::{Item, Key};
use crate::store::{OpenMode, Store, StoreError};

/// The fixture and an insight, imported as one change and undone whole:
/// every item on the shelf.
fn undone(dir: &tempfile::TempDir) -> std::path::PathBuf {
    bulk_whole(true);
    let path = dir.path().join("undone.db");
    let mut s = Store::open(&path, OpenMode::Create).unwrap();
    s.set_clock(Box::new(fixture::at));
    let mut items = fixture::items();
    let key: Key = "F-1".parse().unwrap();
    let mut insight = Item::new(key, "Calls are slow", None, fixture::at()).unwrap();
    insight.insight = Some(InsightInfo {
        customer: Some("Acme".into()),
        ..InsightInfo::default()
    });
    items.push(insight);
    s.write("import fixture.json", |tx| tx.insert_all(&items))
        .unwrap();
    s.undo().unwrap();
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let shelved: i64 = conn
        .query_row("SELECT count(*) FROM shelf", [], |r| r.get(0))
        .unwrap();
    assert_eq!(shelved, items.len() as i64, "undone whole");
    path
}

/// Each CHECK of the items table, broken on one shelved row.
const DAMAGE: &[(&str, &str)] = &[
    ("kind", "kind = 'X' WHERE kind = 'E' AND num = 5"),
    ("num", "num = 0 WHERE kind = 'S' AND num = 3"),
    ("title", "title = '  ' WHERE kind = 'S' AND num = 1"),
    ("status", "status = 'open' WHERE kind = 'E' AND num = 1"),
    ("lane", "lane = 'soon' WHERE kind = 'I' AND num = 1"),
    ("labels", "labels = 'not json' WHERE kind = 'S' AND num = 2"),
    ("archived", "archived = 2 WHERE kind = 'E' AND num = 2"),
    ("metrics", "metrics = '[' WHERE kind = 'I' AND num = 1"),
    ("points", "points = -1 WHERE kind = 'S' AND num = 1"),
    (
        "criteria",
        "criteria = 'not json' WHERE kind = 'S' AND num = 2",
    ),
    ("reach", "reach = -1 WHERE kind = 'E' AND num = 1"),
    ("impact", "impact = 0 WHERE kind = 'E' AND num = 1"),
    (
        "confidence 0",
        "confidence = 0 WHERE kind = 'E' AND num = 1",
    ),
    (
        "confidence 101",
        "confidence = 101 WHERE kind = 'E' AND num = 1",
    ),
    ("effort", "effort = 0 WHERE kind = 'E' AND num = 1"),
    ("wsjf_value", "wsjf_value = 0 WHERE kind = 'E' AND num = 1"),
    ("wsjf_time", "wsjf_time = -2 WHERE kind = 'E' AND num = 1"),
    ("wsjf_risk", "wsjf_risk = 0 WHERE kind = 'E' AND num = 1"),
    ("wsjf_size", "wsjf_size = 0 WHERE kind = 'E' AND num = 1"),
    (
        "external_key",
        "external_key = '' WHERE kind = 'S' AND num = 4",
    ),
    ("insight", "insight = 'not json' WHERE kind = 'F'"),
    ("source", "source = '' WHERE kind = 'S' AND num = 4"),
    ("pinned", "pinned = 0 WHERE kind = 'I' AND num = 2"),
    (
        "a story without a parent",
        "parent_id = NULL WHERE kind = 'S' AND num = 5",
    ),
    (
        "an initiative with a parent",
        "parent_id = (SELECT id FROM shelf WHERE kind = 'I' AND num = 1) \
         WHERE kind = 'I' AND num = 2",
    ),
    (
        "points on an epic",
        "points = 3 WHERE kind = 'E' AND num = 3",
    ),
    (
        "criteria on an epic",
        "criteria = '[{\"text\":\"x\",\"done\":false}]' WHERE kind = 'E' AND num = 3",
    ),
    (
        "a story in a lane",
        "lane = 'now' WHERE kind = 'S' AND num = 3",
    ),
    (
        "an insight on a story",
        "insight = '{}' WHERE kind = 'S' AND num = 3",
    ),
];

#[test]
fn redo_refuses_every_shelved_value_the_items_table_refuses_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let undone = undone(&dir);
    for (n, (what, set)) in DAMAGE.iter().enumerate() {
        let path = dir.path().join(format!("d{n}.db"));
        std::fs::copy(&undone, &path).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let changed = conn
            .execute(&format!("UPDATE shelf SET {set}"), [])
            .unwrap();
        assert_eq!(changed, 1, "{what}");
        drop(conn);
        let bytes = std::fs::read(&path).unwrap();
        let mut s = Store::open(&path, OpenMode::Existing).unwrap();
        match s.redo() {
            Err(StoreError::Damaged(_, said)) => {
                assert_eq!(said, "a stored value cannot be read", "{what}");
            }
            other => panic!("{what}: {other:?}"),
        }
        drop(s);
        assert!(
            std::fs::read(&path).unwrap() == bytes,
            "{what}: the file changed"
        );
    }
    // Undamaged, the same file is redone whole.
    let mut s = Store::open(&undone, OpenMode::Existing).unwrap();
    assert_eq!(s.redo().unwrap().as_deref(), Some("import fixture.json"));
    drop(s);
    let conn = rusqlite::Connection::open(&undone).unwrap();
    let items: i64 = conn
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(items, 18);
}
