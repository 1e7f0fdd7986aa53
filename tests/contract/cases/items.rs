//! Items: round trips, version checks, one transaction per write.

use backlog::domain::Kind;
use backlog::store::StoreError;

use super::{full_items, key, retitle, same_content, seeded};
use crate::contract::Target;

pub fn insert_get_and_load_round_trip_every_field(target: &dyn Target) {
    let store = seeded(target);
    let all = store.load().unwrap();
    assert_eq!(all.len(), 3);
    for item in full_items() {
        let mut expected = item.clone();
        expected.version = 1;
        assert_eq!(store.get(item.key).unwrap(), expected, "get {}", item.key);
        assert_eq!(all.get(item.key), Some(&expected), "load {}", item.key);
    }
    // A second handle reads the same.
    let other = target.open();
    assert_eq!(other.load().unwrap().items(), all.items());
    assert!(!other.is_empty().unwrap());
    assert!(matches!(
        other.get(key("S-99")),
        Err(StoreError::NoSuchItem(k)) if k == key("S-99")
    ));
}

/// The bulk insert (an import's) stores every field as the one-by-one
/// insert does.
pub fn insert_all_round_trips_every_field(target: &dyn Target) {
    let mut store = target.open();
    store
        .write("import", |tx| tx.insert_all(&full_items()))
        .unwrap();
    for item in full_items() {
        let mut expected = item.clone();
        expected.version = 1;
        assert_eq!(store.get(item.key).unwrap(), expected, "get {}", item.key);
    }
}

pub fn loads_agree(target: &dyn Target) {
    let store = seeded(target);
    let full = store.load().unwrap();
    let (with_keys, next) = store.load_with_key_sequence().unwrap();
    assert_eq!(with_keys.items(), full.items());
    for kind in Kind::ALL {
        assert_eq!(next[&kind], 2, "{kind:?}");
    }
    let outline = store.load_outline().unwrap();
    assert_eq!(outline.counts(), full.counts());
    for k in ["I-1", "E-1"] {
        assert_eq!(outline.get(key(k)), full.get(key(k)));
    }
    let roadmap = store.load_for_roadmap().unwrap();
    for k in ["I-1", "E-1"] {
        assert_eq!(roadmap.get(key(k)), full.get(key(k)));
    }
    // With its epic archived, the story (not archived itself) is hidden,
    // and the outline's count of stories, read from the server or the
    // file, leaves it out as the full load does.
    let mut store = store;
    store
        .write("archive E-1", |tx| {
            tx.modify(key("E-1"), |i| {
                i.archived = true;
                Ok(())
            })
        })
        .unwrap();
    let full = store.load().unwrap();
    assert_eq!(full.counts(), [1, 0, 0]);
    assert_eq!(store.load_outline().unwrap().counts(), full.counts());
}

pub fn stale_update_is_refused_and_writes_nothing(target: &dyn Target) {
    let mut a = seeded(target);
    let mut b = target.open();
    let read_by_b = b.get(key("S-1")).unwrap();
    retitle(&mut a, "S-1", "Changed by A");
    let after_a = a.get(key("S-1")).unwrap();
    assert_eq!(after_a.version, 2);
    let history = a.history(key("S-1")).unwrap().len();

    let mut stale = read_by_b.clone();
    stale.title = "Changed by B".into();
    let e = b
        .write("b retitles", |tx| {
            // Something else in the same write, which must not stay either.
            tx.modify(key("E-1"), |e| {
                e.title = "Also B".into();
                Ok(())
            })?;
            tx.update(&stale)
        })
        .unwrap_err();
    match e {
        StoreError::Stale {
            key: k,
            expected,
            found,
        } => assert_eq!((k, expected, found), (key("S-1"), 1, 2)),
        other => panic!("not Stale: {other}"),
    }
    assert_eq!(b.get(key("S-1")).unwrap(), after_a);
    assert_eq!(b.get(key("E-1")).unwrap().title, "Self-serve checkout");
    assert_eq!(a.history(key("S-1")).unwrap().len(), history);
    assert!(a.history(key("E-1")).unwrap().len() == 1);
}

pub fn modify_checks_the_version_it_read(target: &dyn Target) {
    let mut store = seeded(target);
    let updated = store
        .write("estimate", |tx| {
            tx.modify(key("S-1"), |s| {
                s.points = Some(5.0);
                Ok(())
            })
        })
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.points, Some(5.0));
    assert_eq!(updated.updated, crate::contract::now());
    assert_eq!(store.get(key("S-1")).unwrap(), updated);
    // A write that changes nothing records nothing and keeps the version.
    let same = store
        .write("nothing", |tx| tx.modify(key("S-1"), |_| Ok(())))
        .unwrap();
    assert_eq!(same.version, 2);
    assert_eq!(store.last_change(), None);
}

pub fn a_failing_write_writes_nothing(target: &dyn Target) {
    let mut store = seeded(target);
    let before = store.load().unwrap();
    let last = store.last_change();
    let e = store
        .write("half a write", |tx| {
            let k = tx.next_key(Kind::Story)?;
            let s = backlog::domain::Item::new(k, "Half", Some(key("E-1")), tx.now())?;
            tx.insert(&s)?;
            tx.modify(key("I-1"), |i| {
                i.title = "Renamed".into();
                Ok(())
            })?;
            Err::<(), _>(StoreError::Refused("changed my mind".into()))
        })
        .unwrap_err();
    assert_eq!(e.to_string(), "changed my mind");
    assert_eq!(store.load().unwrap().items(), before.items());
    assert_eq!(store.last_change(), last);
    assert_eq!(store.history(key("I-1")).unwrap().len(), 1);
    // Nothing to undo but the seed.
    assert_eq!(store.undo().unwrap().as_deref(), Some("seed"));
    assert!(store.is_empty().unwrap());
}

pub fn one_write_is_one_change(target: &dyn Target) {
    let mut store = seeded(target);
    store
        .write("two edits", |tx| {
            tx.set_summary("two edits, renamed");
            tx.set_note("because");
            for k in ["E-1", "S-1"] {
                tx.modify(key(k), |i| {
                    i.owner = Some("bo".into());
                    Ok(())
                })?;
            }
            Ok(())
        })
        .unwrap();
    let id = store.last_change().unwrap();
    for k in ["E-1", "S-1"] {
        let h = store.history(key(k)).unwrap();
        let last = &h.last().unwrap().change;
        assert_eq!(last.id, id);
        assert_eq!(last.summary, "two edits, renamed");
        assert_eq!(last.note.as_deref(), Some("because"));
        assert_eq!(last.at, crate::contract::now());
        assert!(!last.undone);
    }
    assert_eq!(store.undo().unwrap().as_deref(), Some("two edits, renamed"));
    for k in ["E-1", "S-1"] {
        assert_eq!(store.get(key(k)).unwrap().owner, None);
    }
    let seed = full_items();
    assert!(same_content(&store.get(key("E-1")).unwrap(), &seed[1]));
}

pub fn dependencies_are_checked(target: &dyn Target) {
    let mut store = seeded(target);
    // S-1 depends on I-1: I-1 depending on S-1 would close a cycle.
    let e = store
        .write("cycle", |tx| {
            tx.modify(key("I-1"), |i| {
                i.depends_on = vec![key("S-1")];
                Ok(())
            })
        })
        .unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
    let e = store
        .write("missing", |tx| {
            tx.modify(key("E-1"), |i| {
                i.depends_on = vec![key("S-42")];
                Ok(())
            })
        })
        .unwrap_err();
    assert!(
        matches!(e, StoreError::NoSuchItem(k) if k == key("S-42")),
        "{e}"
    );
    let e = store
        .write("orphan", |tx| {
            let s = backlog::domain::Item::new(key("S-5"), "Lost", Some(key("E-9")), tx.now())?;
            tx.insert(&s)
        })
        .unwrap_err();
    assert!(
        matches!(e, StoreError::NoSuchItem(k) if k == key("E-9")),
        "{e}"
    );
    assert_eq!(store.get(key("I-1")).unwrap().depends_on, vec![]);
    assert_eq!(store.load().unwrap().len(), 3);
}
