//! Snapshots: taken, listed, read back exactly, names unique.

use backlog::domain::Lane;
use backlog::domain::snapshot::Snapshot;
use backlog::store::StoreError;

use super::{key, seeded};
use crate::contract::{Target, now};

pub fn snapshots_take_list_load_and_delete(target: &dyn Target) {
    let mut store = seeded(target);
    let last = store.last_change();
    let first = store.take_snapshot(None).unwrap();
    assert_eq!(first.name, "2026-11-23");
    assert_eq!(first.taken, now());
    let expected = Snapshot::take(Some("2026-11-23"), &store.load().unwrap(), now()).unwrap();
    assert_eq!(first, expected);
    // Not a change: the last change to undo stays.
    assert_eq!(store.last_change(), last);
    store
        .write("move", |tx| {
            tx.modify(key("E-1"), |e| {
                e.lane = Some(Lane::Later);
                Ok(())
            })
        })
        .unwrap();
    let second = store.take_snapshot(Some("  Q4 review ")).unwrap();
    assert_eq!(second.name, "Q4 review");

    let other = target.open();
    let names: Vec<String> = other
        .snapshots()
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["2026-11-23", "Q4 review"]);
    assert_eq!(other.snapshot("2026-11-23").unwrap(), first);
    assert_eq!(other.snapshot(" Q4 review").unwrap(), second);
    assert_eq!(other.all_snapshots().unwrap(), vec![first.clone(), second]);
    // Undo does not touch snapshots.
    store.undo().unwrap();
    assert_eq!(store.snapshots().unwrap().len(), 2);

    store.delete_snapshot("Q4 review").unwrap();
    let e = store.delete_snapshot("Q4 review").unwrap_err();
    assert!(
        e.to_string().contains("no snapshot named “Q4 review”"),
        "{e}"
    );
    assert!(matches!(
        other.snapshot("Q4 review"),
        Err(StoreError::Refused(_))
    ));
    assert_eq!(other.all_snapshots().unwrap(), vec![first]);
}

pub fn snapshot_names_are_unique(target: &dyn Target) {
    let mut a = seeded(target);
    let taken = a.take_snapshot(Some("plan")).unwrap();
    let mut b = target.open();
    let e = b.take_snapshot(Some("plan")).unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    let e = b
        .write("import snapshot", |tx| tx.insert_snapshot(&taken))
        .unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    assert!(b.take_snapshot(Some("   ")).is_err());
    assert_eq!(a.snapshots().unwrap().len(), 1);
    // A snapshot stored as it was taken (an import) reads back exactly.
    let mut copy = taken.clone();
    copy.name = "plan (imported)".into();
    b.write("import snapshot", |tx| tx.insert_snapshot(&copy))
        .unwrap();
    assert_eq!(a.snapshot("plan (imported)").unwrap(), copy);
}
