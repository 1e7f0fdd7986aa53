//! Taking, listing, reading and deleting snapshots.

use super::*;
use crate::domain::roadmap::{Level, fixture};
use crate::domain::{Lane, Model};
use crate::store::OpenMode;

fn store(dir: &tempfile::TempDir) -> Store {
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    s.set_clock(Box::new(fixture::at));
    let mut items = fixture::items();
    // The store needs a dependency's target to exist; E-7 does.
    items.sort_by_key(|i| i.key);
    s.write("fixture", |tx| tx.insert_all(&items)).unwrap();
    s
}

#[test]
fn take_list_show_and_refuse_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let snap = s.take_snapshot(None).unwrap();
    assert_eq!(snap.name, "2026-11-23");
    let e = s
        .take_snapshot(Some(" 2026-11-23 "))
        .unwrap_err()
        .to_string();
    assert!(e.contains("already exists"), "{e}");
    s.take_snapshot(Some("Q3 review")).unwrap();
    let names: Vec<String> = s.snapshots().unwrap().into_iter().map(|i| i.name).collect();
    assert_eq!(names, ["2026-11-23", "Q3 review"]);

    // Change the backlog: the stored snapshot does not change.
    s.write("move", |tx| {
        tx.modify("E-8".parse().unwrap(), |i| {
            i.lane = Some(Lane::Now);
            Ok(())
        })
    })
    .unwrap();
    let back = s.snapshot("2026-11-23").unwrap();
    assert_eq!(back, snap);
    let r = back.roadmap(Level::Epic, Model::Rice).unwrap();
    assert_eq!(
        r.locate("E-8".parse().unwrap()).unwrap().0,
        Some(Lane::Next)
    );

    assert!(
        s.snapshot("nope")
            .unwrap_err()
            .to_string()
            .contains("no snapshot")
    );
    s.delete_snapshot("Q3 review").unwrap();
    assert!(s.delete_snapshot("Q3 review").is_err());
    assert_eq!(s.snapshots().unwrap().len(), 1);
}

#[test]
fn bad_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    assert!(s.take_snapshot(Some("  ")).is_err());
    assert!(s.take_snapshot(Some(&"x".repeat(101))).is_err());
    assert!(s.snapshots().unwrap().is_empty());
}
