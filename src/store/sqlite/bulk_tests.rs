//! Bulk insertions (import, demo) record their items without their states
//! (schema V4): history, undo and redo still behave as when every state
//! was written.

use crate::domain::roadmap::fixture;
use crate::domain::{Item, Key, Kind};
use crate::store::{OpenMode, Store};

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// A file holding the fixture backlog, inserted as one bulk change.
fn imported(dir: &tempfile::TempDir) -> (Store, i64) {
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    s.set_clock(Box::new(fixture::at));
    let items = fixture::items();
    s.write("import fixture.json", |tx| tx.insert_all(&items))
        .unwrap();
    let change = s.last_change().unwrap();
    (s, change)
}

/// Equal but for version and `updated` (which undo and redo move on).
fn same(a: &Item, b: &Item) -> bool {
    let mut b = b.clone();
    b.version = a.version;
    b.updated = a.updated;
    *a == b
}

/// A count read through a connection of its own.
fn sql_count(s: &Store, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(s.path()).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_bulk_insertion_writes_no_item_states() {
    let dir = tempfile::tempdir().unwrap();
    let (s, change) = imported(&dir);
    let n = fixture::items().len() as i64;
    assert_eq!(sql_count(&s, "SELECT count(*) FROM history"), n);
    assert_eq!(
        sql_count(
            &s,
            "SELECT count(*) FROM history WHERE before IS NULL AND after IS NULL"
        ),
        n
    );
    assert_eq!(
        sql_count(&s, "SELECT bulk FROM changes"),
        1,
        "change {change} is marked bulk"
    );
    // A single insert still records the whole state.
    let mut s = s;
    s.write("add", |tx| {
        let k = tx.next_key(Kind::Story)?;
        let mut item = Item::new(k, "One more", Some(key("E-1")), fixture::at())?;
        item.rank = 9;
        tx.insert(&item)
    })
    .unwrap();
    assert_eq!(
        sql_count(&s, "SELECT count(*) FROM history WHERE after IS NOT NULL"),
        1
    );
    assert_eq!(sql_count(&s, "SELECT sum(bulk) FROM changes"), 1);
}

#[test]
fn history_shows_the_state_a_bulk_insertion_left() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = imported(&dir);
    let as_imported = s.get(key("S-2")).unwrap();
    assert_eq!(as_imported.version, 1);

    // Unchanged since: the state is the item's.
    let h = s.history(key("S-1")).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].change.summary, "import fixture.json");
    assert_eq!(h[0].before, None);
    assert_eq!(h[0].after, Some(s.get(key("S-1")).unwrap()));

    // Changed since: the state is what the next change found.
    s.write("retitle", |tx| {
        tx.modify(key("S-2"), |i| {
            i.title = "Renamed".into();
            Ok(())
        })
    })
    .unwrap();
    s.write("re-estimate", |tx| {
        tx.modify(key("S-2"), |i| {
            i.points = Some(1.0);
            Ok(())
        })
    })
    .unwrap();
    let h = s.history(key("S-2")).unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(h[0].after.as_ref(), Some(&as_imported));
    assert_eq!(h[1].before.as_ref(), Some(&as_imported));
    assert_eq!(h[1].after.as_ref().unwrap().title, "Renamed");
}

#[test]
fn undo_takes_a_bulk_insertion_back_and_redo_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, change) = imported(&dir);
    let before = s.load().unwrap();
    assert_eq!(s.undo().unwrap().as_deref(), Some("import fixture.json"));
    assert!(s.is_empty().unwrap());
    // Undo wrote each state once, into its own record (the item's next
    // row), which redo and `show --history` read it back from; into the
    // import's row only where the record does not hold it: an item that
    // depended on a later one (deleted first, taking the link with it).
    let items = fixture::items();
    let later_links = items
        .iter()
        .filter(|i| i.depends_on.iter().any(|d| *d > i.key))
        .count() as i64;
    assert!(later_links > 0);
    assert_eq!(
        sql_count(
            &s,
            &format!(
                "SELECT count(*) FROM history WHERE after IS NOT NULL AND change_id = {change}"
            )
        ),
        later_links
    );
    assert_eq!(
        sql_count(&s, "SELECT count(*) FROM history WHERE before IS NOT NULL"),
        items.len() as i64
    );
    for round in 0..2 {
        assert_eq!(
            s.redo().unwrap().as_deref(),
            Some("import fixture.json"),
            "round {round}"
        );
        let after = s.load().unwrap();
        assert_eq!(after.len(), before.len());
        for i in before.items() {
            assert!(
                same(i, after.get(i.key).unwrap()),
                "{:?}\n{:?}",
                i,
                after.get(i.key)
            );
        }
        // The redo's record holds no state of the items it puts back
        // (read back as the import's are), only of those whose links to
        // later items it wrote once these were back.
        assert_eq!(
            sql_count(
                &s,
                "SELECT count(*) FROM history h JOIN changes c ON c.id = h.change_id \
                 WHERE c.kind = 2 AND c.summary LIKE 'redo:%' AND h.after IS NOT NULL"
            ),
            later_links * (round as i64 + 1)
        );
        let h = s.history(key("S-4")).unwrap();
        // The import, then each undo and redo of it (recorded since they
        // too give the item a new version).
        assert_eq!(h.len(), 3 + 2 * round);
        assert_eq!(h[0].change.summary, "import fixture.json");
        assert!(same(
            h[0].after.as_ref().unwrap(),
            before.get(key("S-4")).unwrap()
        ));
        assert_eq!(
            after.get(key("S-4")).unwrap().version,
            h.len() as i64,
            "round {round}"
        );
        assert_eq!(
            s.undo_change(change).unwrap().as_deref(),
            Some("import fixture.json")
        );
        assert!(s.is_empty().unwrap());
    }
}

#[test]
fn undo_of_a_bulk_insertion_is_refused_when_a_child_was_added_since() {
    // The undo deletes the stories before their epics (all together, at
    // the end): the epic with a story of its own added since is refused
    // as it is asked for, and nothing changes.
    let dir = tempfile::tempdir().unwrap();
    let (mut s, change) = imported(&dir);
    s.write("add", |tx| {
        let k = tx.next_key(Kind::Story)?;
        let mut item = Item::new(k, "One more", Some(key("E-1")), fixture::at())?;
        item.rank = 9;
        tx.insert(&item)
    })
    .unwrap();
    let before = sql_count(&s, "SELECT count(*) FROM items");
    let e = s.undo_change(change).unwrap_err().to_string();
    assert!(
        e.contains("cannot undo “import fixture.json”: E-1 has children or dependents now"),
        "{e}"
    );
    assert_eq!(sql_count(&s, "SELECT count(*) FROM items"), before);
    assert_eq!(
        sql_count(&s, "SELECT count(*) FROM history WHERE after IS NOT NULL"),
        1
    );
}

#[test]
fn undo_of_a_bulk_insertion_is_refused_when_an_item_changed_since() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, change) = imported(&dir);
    s.write("retitle", |tx| {
        tx.modify(key("S-3"), |i| {
            i.title = "Changed".into();
            Ok(())
        })
    })
    .unwrap();
    let e = s.undo_change(change).unwrap_err().to_string();
    assert!(
        e.contains("cannot undo “import fixture.json”: S-3 has changed since"),
        "{e}"
    );
    // Refused: nothing changed, the rows still hold no states.
    assert_eq!(s.load().unwrap().len(), fixture::items().len());
    assert_eq!(
        sql_count(&s, "SELECT count(*) FROM history WHERE after IS NULL"),
        fixture::items().len() as i64
    );
    // Once the change is undone, the item is as imported again.
    s.undo().unwrap();
    assert_eq!(
        s.undo_change(change).unwrap().as_deref(),
        Some("import fixture.json")
    );
    assert!(s.is_empty().unwrap());
}

#[test]
fn undo_of_a_bulk_insertion_after_a_purge_forgets_the_purged_item() {
    // Purging E-7 takes it out of S-4's dependencies, and the purge keeps
    // no history: S-4's state after the import is then S-4 as it is, which
    // is what the full record gave once links to purged items are dropped.
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = imported(&dir);
    s.write("purge", |tx| tx.purge(key("E-7"))).unwrap();
    assert!(s.get(key("S-4")).unwrap().depends_on.is_empty());
    assert_eq!(s.undo().unwrap().as_deref(), Some("import fixture.json"));
    assert!(s.is_empty().unwrap());
    s.redo().unwrap();
    assert_eq!(s.load().unwrap().len(), fixture::items().len() - 1);
    assert!(s.get(key("S-4")).unwrap().depends_on.is_empty());
}
