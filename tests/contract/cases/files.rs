//! The backlog as a whole: read-only handles, refusal of what is not
//! ours, the change token, backups.

use backlog::domain::Kind;
use backlog::store::StoreError;

use super::{full_items, key, retitle, seeded};
use crate::contract::Target;

pub fn read_only_refuses_every_write(target: &dyn Target) {
    let mut store = seeded(target);
    retitle(&mut store, "E-1", "Undone");
    store.undo().unwrap();
    store.take_snapshot(Some("kept")).unwrap();
    drop(store);
    let before = target.fingerprint();
    let mut ro = target.open_read_only();
    let loaded = ro.load().unwrap();
    assert_eq!(loaded.len(), 3);
    let refused = |r: Result<(), StoreError>, what: &str| match r {
        // A file says so with its path, a server with the role.
        Err(StoreError::ReadOnly(_) | StoreError::ReadOnlyRole { .. }) => {}
        Err(other) => panic!("{what}: not ReadOnly: {other}"),
        Ok(()) => panic!("{what}: written"),
    };
    refused(
        ro.write("add", |tx| {
            let k = tx.next_key(Kind::Story)?;
            let s = backlog::domain::Item::new(k, "No", Some(key("E-1")), tx.now())?;
            tx.insert(&s).map(drop)
        }),
        "insert",
    );
    refused(ro.write("nothing", |_| Ok(())), "empty write");
    refused(ro.undo().map(drop), "undo");
    refused(ro.redo().map(drop), "redo");
    refused(ro.undo_change(1).map(drop), "undo_change");
    refused(ro.take_snapshot(Some("new")).map(drop), "take_snapshot");
    refused(ro.delete_snapshot("kept"), "delete_snapshot");
    // Every read still works.
    assert_eq!(
        ro.get(key("S-1")).unwrap(),
        *loaded.get(key("S-1")).unwrap()
    );
    // Seed, retitle (undone), and the record of the undo.
    assert_eq!(ro.history(key("E-1")).unwrap().len(), 3);
    assert_eq!(ro.snapshots().unwrap().len(), 1);
    ro.load_outline().unwrap();
    ro.load_for_roadmap().unwrap();
    ro.change_token().unwrap();
    drop(ro);
    assert!(
        target.fingerprint() == before,
        "a read-only handle changed the backlog"
    );
}

pub fn foreign_databases_are_refused_untouched(target: &dyn Target) {
    target.make_foreign();
    let before = target.fingerprint();
    match target.try_open() {
        // A file is "not a backlog file"; a server's database or schema
        // "does not hold a backlog".
        Err(StoreError::NotABacklog(_, why) | StoreError::NotABacklogDatabase { why, .. }) => {
            assert!(why.contains("another program"), "{why}")
        }
        Err(other) => panic!("not refused as not a backlog: {other}"),
        Ok(_) => panic!("another program's database was opened"),
    }
    assert!(
        target.fingerprint() == before,
        "the foreign database was changed"
    );
}

pub fn newer_databases_are_refused_untouched(target: &dyn Target) {
    drop(seeded(target));
    target.make_newer();
    let before = target.fingerprint();
    match target.try_open() {
        Err(e @ StoreError::TooNew { .. }) => {
            assert!(e.to_string().contains("newer version of backlog"), "{e}")
        }
        Err(other) => panic!("not TooNew: {other}"),
        Ok(_) => panic!("a newer backlog was opened"),
    }
    assert!(
        target.fingerprint() == before,
        "the newer backlog was changed"
    );
}

pub fn change_token_moves_when_another_handle_writes(target: &dyn Target) {
    let a = seeded(target);
    let mut b = target.open();
    let seen = a.change_token().unwrap();
    assert_eq!(a.change_token().unwrap(), seen, "moved without a write");
    retitle(&mut b, "E-1", "By B");
    let moved = a.change_token().unwrap();
    assert_ne!(moved, seen, "did not move for another handle's write");
    b.take_snapshot(Some("by b")).unwrap();
    assert_ne!(a.change_token().unwrap(), moved);
    // What moved it is there to be read.
    assert_eq!(a.get(key("E-1")).unwrap().title, "By B");
}

pub fn backup_opens_with_the_same_contents(target: &dyn Target) {
    let mut store = seeded(target);
    retitle(&mut store, "S-1", "Backed up");
    store.take_snapshot(Some("in the copy")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy.db");
    let size = store.backup_to(&dest, false).unwrap();
    assert!(size > 0);
    let e = store.backup_to(&dest, false).unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    // Writes after the backup are not in it.
    retitle(&mut store, "S-1", "After the backup");
    let copy = target.open_backup(&dest);
    let mut original = store.load().unwrap().items().to_vec();
    for item in &mut original {
        if item.key == key("S-1") {
            *item = store.history(key("S-1")).unwrap()[2]
                .before
                .clone()
                .unwrap();
        }
    }
    assert_eq!(copy.load().unwrap().items(), original.as_slice());
    assert_eq!(copy.history(key("S-1")).unwrap().len(), 2);
    assert_eq!(
        copy.snapshot("in the copy").unwrap(),
        store.snapshot("in the copy").unwrap()
    );
    assert_eq!(full_items().len(), copy.load().unwrap().len());
}
