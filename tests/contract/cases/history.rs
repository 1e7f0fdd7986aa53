//! History, undo and redo, also across handles.

use backlog::domain::Kind;
use backlog::store::{Store, StoreError};

use super::{add_story, full_items, key, retitle, same_content, seeded};
use crate::contract::{Target, now};

pub fn history_records_before_and_after(target: &dyn Target) {
    let mut store = seeded(target);
    retitle(&mut store, "S-1", "Pay by card, fast");
    let h = target.open().history(key("S-1")).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].change.summary, "seed");
    assert_eq!(h[0].before, None);
    let mut created = full_items()[2].clone();
    created.version = 1;
    assert_eq!(h[0].after.as_ref(), Some(&created));
    assert_eq!(h[1].change.summary, "retitle S-1");
    assert_eq!(h[1].before.as_ref(), Some(&created));
    let now_item = store.get(key("S-1")).unwrap();
    assert_eq!(h[1].after.as_ref(), Some(&now_item));
    assert!(h[0].change.id < h[1].change.id);
    assert!(store.history(key("S-9")).unwrap().is_empty());
}

pub fn undo_and_redo_across_handles(target: &dyn Target) {
    let mut a = seeded(target);
    retitle(&mut a, "E-1", "Checkout, by A");
    let by_a = a.get(key("E-1")).unwrap();
    // What A did, B undoes.
    let mut b = target.open();
    assert_eq!(b.undo().unwrap().as_deref(), Some("retitle E-1"));
    let undone = a.get(key("E-1")).unwrap();
    assert_eq!(undone.title, "Self-serve checkout");
    assert_eq!(undone.version, by_a.version + 1);
    let h = a.history(key("E-1")).unwrap();
    let retitle_entry = |h: &[backlog::store::HistoryEntry]| {
        h.iter()
            .find(|e| e.change.summary == "retitle E-1")
            .unwrap()
            .change
            .clone()
    };
    assert!(retitle_entry(&h).undone);
    // The undo is in the history too, as what it did to E-1.
    assert_eq!(h.last().unwrap().change.summary, "undo: retitle E-1");
    assert_eq!(h.last().unwrap().after.as_ref(), Some(&undone));
    // And A redoes it.
    assert_eq!(a.redo().unwrap().as_deref(), Some("retitle E-1"));
    let redone = b.get(key("E-1")).unwrap();
    assert!(same_content(&redone, &by_a));
    assert_eq!(redone.version, by_a.version + 2);
    let h = b.history(key("E-1")).unwrap();
    assert!(!retitle_entry(&h).undone);
    assert_eq!(h.last().unwrap().change.summary, "redo: retitle E-1");
    // Nothing left to redo.
    assert_eq!(b.redo().unwrap(), None);
    // Undo all the way back, then nothing.
    assert_eq!(b.undo().unwrap().as_deref(), Some("retitle E-1"));
    assert_eq!(b.undo().unwrap().as_deref(), Some("seed"));
    assert!(a.is_empty().unwrap());
    assert_eq!(a.undo().unwrap(), None);
    // Redo brings the seed back whole.
    assert_eq!(a.redo().unwrap().as_deref(), Some("seed"));
    for item in full_items() {
        assert!(
            same_content(&b.get(item.key).unwrap(), &item),
            "{}",
            item.key
        );
    }
}

pub fn undo_of_a_given_change_and_the_last_change(target: &dyn Target) {
    let mut a = seeded(target);
    retitle(&mut a, "I-1", "First");
    let first = a.last_change().unwrap();
    let mut b = target.open();
    retitle(&mut b, "E-1", "Other");
    // A undoes its own change, not the newer one of B.
    assert_eq!(
        a.undo_change(first).unwrap().as_deref(),
        Some("retitle I-1")
    );
    assert_eq!(a.get(key("I-1")).unwrap().title, "Grow self-serve revenue");
    assert_eq!(a.get(key("E-1")).unwrap().title, "Other");
    // Not live any more: nothing to undo by that id.
    assert_eq!(a.undo_change(first).unwrap(), None);
    assert_eq!(
        b.redo_change(first).unwrap().as_deref(),
        Some("retitle I-1")
    );
    assert_eq!(a.get(key("I-1")).unwrap().title, "First");
    assert_eq!(b.redo_change(first).unwrap(), None);
}

pub fn undo_is_refused_when_something_newer_touched_the_item(target: &dyn Target) {
    let mut a = seeded(target);
    retitle(&mut a, "S-1", "By A");
    let change = a.last_change().unwrap();
    let mut b = target.open();
    retitle(&mut b, "S-1", "By B");
    let before = a.load().unwrap();
    let e = a.undo_change(change).unwrap_err();
    assert!(matches!(e, StoreError::Refused(_)), "{e}");
    assert!(e.to_string().contains("S-1 has changed since"), "{e}");
    assert_eq!(a.load().unwrap().items(), before.items());
    assert!(!a.history(key("S-1")).unwrap()[1].change.undone);
}

pub fn a_new_change_ends_redo(target: &dyn Target) {
    let mut store = seeded(target);
    retitle(&mut store, "E-1", "One");
    let one = store.last_change().unwrap();
    store.undo().unwrap();
    retitle(&mut store, "I-1", "Something else");
    assert_eq!(store.redo().unwrap(), None);
    assert_eq!(store.redo_change(one).unwrap(), None);
    assert_eq!(store.get(key("E-1")).unwrap().title, "Self-serve checkout");
}

pub fn an_import_is_undone_as_one_change(target: &dyn Target) {
    let mut store = target.open();
    store
        .write("import", |tx| tx.insert_all(&full_items()))
        .unwrap();
    let import = store.last_change().unwrap();
    for item in full_items() {
        let mut expected = item.clone();
        expected.version = 1;
        assert_eq!(store.get(item.key).unwrap(), expected);
        let h = store.history(item.key).unwrap();
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].change.id, import);
        assert_eq!(h[0].after.as_ref(), Some(&expected));
    }
    // Keys after the imported ones.
    assert_eq!(
        add_story(&mut store, "E-1", "next"),
        backlog::domain::Key::new(Kind::Story, 2)
    );
    store.undo().unwrap();
    assert_eq!(store.undo().unwrap().as_deref(), Some("import"));
    assert!(store.is_empty().unwrap());
    assert_eq!(store.redo().unwrap().as_deref(), Some("import"));
    assert_eq!(store.load().unwrap().len(), 3);
    // An import of a key that exists is refused.
    let e = store
        .write("again", |tx| tx.insert_all(&full_items()[..1]))
        .unwrap_err();
    assert!(e.to_string().contains("I-1 already exists"), "{e}");
}

pub fn purge_deletes_the_item_and_its_history(target: &dyn Target) {
    let mut store = seeded(target);
    let e = store.write("purge", |tx| tx.purge(key("E-1"))).unwrap_err();
    assert!(matches!(e, StoreError::Refused(_)), "{e}");
    // A story has no children: it goes.
    store.write("purge", |tx| tx.purge(key("S-1"))).unwrap();
    assert!(matches!(
        store.get(key("S-1")),
        Err(StoreError::NoSuchItem(_))
    ));
    assert!(store.history(key("S-1")).unwrap().is_empty());
    // Not undoable: undo goes on to the change before it.
    assert_eq!(store.undo().unwrap().as_deref(), Some("seed"));
    assert!(store.is_empty().unwrap());
}

/// Purging an item others depend on takes it out of their dependencies,
/// as a recorded change of theirs.
pub fn purge_takes_the_item_out_of_its_dependents(target: &dyn Target) {
    let mut store = seeded(target);
    let gone = add_story(&mut store, "E-1", "Card vault");
    store
        .write("depend", |tx| {
            tx.modify(key("S-1"), |i| {
                i.depends_on.push(gone);
                Ok(())
            })
        })
        .unwrap();
    let before = store.get(key("S-1")).unwrap();
    store.write("purge", |tx| tx.purge(gone)).unwrap();
    let after = target.open().get(key("S-1")).unwrap();
    assert_eq!(after.depends_on, vec![key("I-1")]);
    assert_eq!(after.version, before.version + 1);
    let history = store.history(key("S-1")).unwrap();
    let last = history.last().expect("S-1's history");
    assert_eq!(
        last.after.as_ref().map(|i| &i.depends_on),
        Some(&after.depends_on)
    );
}

pub fn changed_since_gives_the_net_change(target: &dyn Target) {
    let mut store = seeded(target);
    let seeded_at = store.load().unwrap();
    retitle(&mut store, "E-1", "Once");
    retitle(&mut store, "E-1", "Twice");
    let changed = target.open().changed_since(now()).unwrap();
    let e1 = changed
        .iter()
        .find(|(_, after)| after.key == key("E-1"))
        .expect("E-1 changed");
    assert_eq!(e1.0.as_ref(), seeded_at.get(key("E-1")));
    assert_eq!(e1.1.title, "Twice");
    let later = now() + chrono::Duration::days(1);
    assert!(store.changed_since(later).unwrap().is_empty());
}

pub fn completions_are_stories_that_became_done(target: &dyn Target) {
    use backlog::domain::Status;
    use chrono::Duration;
    let mut store = seeded(target);
    assert_eq!(store.history_start().unwrap(), Some(now()));
    let set_done = |store: &mut Store, k: &str, status: Status, when| {
        store.set_clock(Box::new(move || when));
        store
            .write(&format!("status {k}"), |tx| {
                tx.modify(key(k), |i| {
                    i.status = status;
                    Ok(())
                })
            })
            .unwrap();
    };
    let later = now() + Duration::days(3);
    // The seed holds S-1 as done: reopened, then done again.
    set_done(&mut store, "S-1", Status::InProgress, now());
    set_done(&mut store, "S-1", Status::Done, later);
    // An epic becoming done is not a story finished.
    set_done(&mut store, "E-1", Status::Done, later);
    let done = store.completions(now()).unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].key, key("S-1"));
    assert_eq!(done[0].at, later);
    assert_eq!(done[0].points, store.get(key("S-1")).unwrap().points);
    // Nothing before `since`; an undone change does not count.
    assert!(
        store
            .completions(later + Duration::seconds(1))
            .unwrap()
            .is_empty()
    );
    store.undo().unwrap();
    store.undo().unwrap();
    assert!(store.completions(now()).unwrap().is_empty());
    // An edit of a story already done is no completion.
    set_done(&mut store, "S-1", Status::Done, later);
    set_done(&mut store, "S-1", Status::Done, later + Duration::days(1));
    assert_eq!(store.completions(now()).unwrap().len(), 1);
}
