//! Undo and redo of a bulk insertion taken whole (the shelf, schema V12)
//! leave exactly what the rules' item-by-item step leaves: the same
//! items, the same history read back, the same rows but for where a
//! deleted item's state is kept.

use chrono::NaiveDate;

use super::tx::{ask_beside, bulk_whole};
use crate::domain::roadmap::fixture;
use crate::domain::{Decision, Item, Key};
use crate::store::{OpenMode, Store};

/// The fixture, with links to items inserted after the item (cut by
/// the step), to one before it, and decisions.
fn items() -> Vec<Item> {
    let mut items = fixture::items();
    let keys: Vec<Key> = items.iter().map(|i| i.key).collect();
    let (first, last) = (keys[0], keys[keys.len() - 1]);
    for (n, item) in items.iter_mut().enumerate() {
        if n == 1 {
            item.depends_on.push(last);
        }
        if n + 2 == keys.len() {
            item.depends_on.push(first);
            item.decisions.push(Decision {
                date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                decision: "Keep it".into(),
                rationale: "because".into(),
            });
            item.decisions.push(Decision {
                date: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                decision: "Then drop it".into(),
                rationale: String::new(),
            });
        }
        item.depends_on.sort();
        item.depends_on.dedup();
    }
    items
}

/// Everything the file holds that a command can show: each item, each
/// item's history as read, and the history rows (their `after`).
type Seen = (Vec<Item>, Vec<String>, Vec<(i64, String, Option<String>)>);

fn seen(s: &Store, keys: &[Key]) -> Seen {
    let items = s.load().unwrap().items().to_vec();
    let history = keys
        .iter()
        .map(|k| format!("{:?}", s.history(*k).unwrap()))
        .collect();
    let conn = rusqlite::Connection::open(s.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT change_id, item_key, after FROM history ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (items, history, rows)
}

/// Import, then undo, redo, undo, redo: what is seen after each.
fn steps(whole: bool) -> (Vec<Seen>, i64) {
    steps_with_edit(whole, false)
}

/// The same; with `edit`, an item of the import is then edited, the
/// edit undone and the import undone and redone (item by item: the item
/// changed since), reading the states the first undo shelved.
fn steps_with_edit(whole: bool, edit: bool) -> (Vec<Seen>, i64) {
    bulk_whole(whole);
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    s.set_clock(Box::new(fixture::at));
    let items = items();
    let keys: Vec<Key> = items.iter().map(|i| i.key).collect();
    s.write("import fixture.json", |tx| tx.insert_all(&items))
        .unwrap();
    let mut out = vec![seen(&s, &keys)];
    for undo in [true, false, true, false] {
        let done = if undo { s.undo() } else { s.redo() };
        assert_eq!(done.unwrap().as_deref(), Some("import fixture.json"));
        out.push(seen(&s, &keys));
    }
    if edit {
        let mut item = s.get(keys[1]).unwrap();
        item.title = "Edited since".into();
        s.write("edit", |tx| tx.update(&item).map(|_| ())).unwrap();
        out.push(seen(&s, &keys));
        for undo in [true, true, false, false, true, true] {
            let done = if undo { s.undo() } else { s.redo() };
            assert!(done.unwrap().is_some());
            out.push(seen(&s, &keys));
        }
    }
    let conn = rusqlite::Connection::open(s.path()).unwrap();
    let shelved: i64 = conn
        .query_row("SELECT count(*) FROM shelf", [], |r| r.get(0))
        .unwrap();
    bulk_whole(true);
    (out, shelved)
}

#[test]
fn undo_and_redo_taken_whole_leave_what_the_rules_leave() {
    let (whole, shelved) = steps(true);
    let (by_item, none) = steps(false);
    let n = items().len() as i64;
    assert_eq!(shelved, 2 * n, "each undo shelved every item");
    assert_eq!(none, 0);
    for (step, (a, b)) in whole.iter().zip(&by_item).enumerate() {
        assert_eq!(a.0, b.0, "items after step {step}");
        assert_eq!(a.1, b.1, "history after step {step}");
        assert_eq!(a.2, b.2, "history rows after step {step}");
    }
    // The links to items inserted later were cut and written again.
    let after_redo = &whole[2].1;
    assert!(after_redo.iter().any(|h| h.contains("redo: import")));
}

#[test]
fn a_record_on_the_shelf_reads_as_the_state_it_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    s.set_clock(Box::new(fixture::at));
    let items = items();
    s.write("import fixture.json", |tx| tx.insert_all(&items))
        .unwrap();
    let k = items[items.len() - 2].key;
    let before = s.get(k).unwrap();
    s.undo().unwrap();
    let h = s.history(k).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[1].before.as_ref(), Some(&before));
    assert_eq!(h[1].after, None);
    assert_eq!(h[0].after.as_ref(), Some(&before));
    // Deleting the undo's record (a purge of the item) takes its shelf.
    let conn = rusqlite::Connection::open(s.path()).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM history WHERE item_key = 'I-1'")
        .unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM shelf s JOIN history h ON h.id = s.history_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let all: i64 = conn
        .query_row("SELECT count(*) FROM shelf", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, all);
    assert_eq!(all, items.len() as i64 - 1);
}

#[test]
fn a_step_item_by_item_reads_the_states_on_the_shelf() {
    let (whole, shelved) = steps_with_edit(true, true);
    let (by_item, _) = steps_with_edit(false, true);
    assert!(shelved > 0);
    assert_eq!(whole.len(), by_item.len());
    for (step, (a, b)) in whole.iter().zip(&by_item).enumerate() {
        assert_eq!(a.0, b.0, "items after step {step}");
        assert_eq!(a.1, b.1, "history after step {step}");
        assert_eq!(a.2, b.2, "history rows after step {step}");
    }
}

#[test]
fn undo_and_redo_ask_their_checks_beside_their_writes_or_first_alike() {
    // Beside (a reader on the second core while the rows are shelved or
    // copied back), then on the step's own connection first: the same
    // as the rules leave.
    let (by_item, _) = steps(false);
    let (asked_before, declined_before) = ask_beside(true);
    let (beside, _) = steps(true);
    let (asked, declined) = ask_beside(false);
    assert_eq!(asked - asked_before, 4, "each undo and redo asked beside");
    assert_eq!(declined, declined_before);
    let (first, _) = steps(true);
    assert_eq!(ask_beside(true).0, asked, "none asked beside");
    for (step, ((a, b), c)) in beside.iter().zip(&first).zip(&by_item).enumerate() {
        assert_eq!(a, b, "beside and first differ after step {step}");
        assert_eq!(a, c, "beside and item by item differ after step {step}");
    }
}

#[test]
fn a_step_declined_beside_its_writes_leaves_nothing_of_them() {
    // Item by item after the edit: the whole step was tried beside its
    // writes and declined (undo: the item changed since; redo: the same);
    // the writes rolled back, the rules' step the same.
    let (_, declined_before) = ask_beside(true);
    let (whole, _) = steps_with_edit(true, true);
    assert!(ask_beside(true).1 > declined_before, "none declined beside");
    let (by_item, _) = steps_with_edit(false, true);
    assert_eq!(whole, by_item);
}

/// Import, set every item's version to `version` (a version the
/// history rows do not count, as a file written by hand or by an older
/// program may hold), undo, redo: what is seen then.
fn redo_with_version(whole: bool, beside: bool, version: i64) -> Seen {
    bulk_whole(whole);
    ask_beside(beside);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut s = Store::open(&path, OpenMode::Create).unwrap();
    s.set_clock(Box::new(fixture::at));
    let items = items();
    let keys: Vec<Key> = items.iter().map(|i| i.key).collect();
    s.write("import fixture.json", |tx| tx.insert_all(&items))
        .unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE items SET version = ?1", [version])
        .unwrap();
    s.undo().unwrap();
    assert_eq!(s.redo().unwrap().as_deref(), Some("import fixture.json"));
    bulk_whole(true);
    ask_beside(true);
    seen(&s, &keys)
}

#[test]
fn versions_that_do_not_follow_the_history_are_counted_as_the_rules_count() {
    // The rules give an item put back the count of its history rows; the
    // whole step takes the shelved version plus two when the checks find
    // that every one follows (an item at version 1 after its import), and
    // counts otherwise.
    for version in [1, 40] {
        let by_item = redo_with_version(false, false, version);
        for beside in [true, false] {
            let whole = redo_with_version(true, beside, version);
            assert_eq!(whole, by_item, "version {version}, beside {beside}");
        }
        // Import, undo, redo; and a second version where a cut link is
        // written again.
        let versions: Vec<i64> = by_item.0.iter().map(|i| i.version).collect();
        assert!(versions.iter().all(|v| (3..=4).contains(v)), "{versions:?}");
    }
}
