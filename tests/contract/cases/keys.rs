//! Key allocation: unique under two writers, never reused.

use std::collections::HashSet;

use backlog::domain::{Item, Key, Kind};

use super::{add_story, key, seeded};
use crate::contract::Target;

pub fn keys_are_unique_across_two_handles(target: &dyn Target) {
    let mut a = seeded(target);
    let mut b = target.open();
    let mut keys = Vec::new();
    for n in 0..5 {
        keys.push(add_story(&mut a, "E-1", &format!("a{n}")));
        keys.push(add_story(&mut b, "E-1", &format!("b{n}")));
    }
    let unique: HashSet<Key> = keys.iter().copied().collect();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
    // Allocated in order, after the seeded S-1.
    let nums: Vec<i64> = keys.iter().map(|k| k.num).collect();
    assert_eq!(nums, (2..12).collect::<Vec<_>>());
    // A key allocated by a write is not reused after the item is purged.
    let gone = keys[9];
    a.write("purge", |tx| tx.purge(gone)).unwrap();
    let next = add_story(&mut b, "E-1", "after purge");
    assert_eq!(next, Key::new(Kind::Story, 12));
    // Next rank after every sibling.
    let rank = b
        .write("rank", |tx| tx.next_rank(Some(key("E-1"))))
        .unwrap();
    let max = b
        .load()
        .unwrap()
        .items()
        .iter()
        .filter(|i| i.parent == Some(key("E-1")))
        .map(|i| i.rank)
        .max()
        .unwrap();
    assert_eq!(rank, max + 1);
}

pub fn keys_are_unique_across_two_threads(target: &dyn Target) {
    drop(seeded(target));
    let per_thread = 15;
    let keys: Vec<Key> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|w| {
                scope.spawn(move || {
                    let mut store = target.open();
                    (0..per_thread)
                        .map(|n| {
                            store
                                .write("add", |tx| {
                                    let k = tx.next_key(Kind::Story)?;
                                    let s = Item::new(
                                        k,
                                        &format!("w{w} n{n}"),
                                        Some(key("E-1")),
                                        tx.now(),
                                    )?;
                                    tx.insert(&s)?;
                                    Ok(k)
                                })
                                .unwrap()
                        })
                        .collect::<Vec<Key>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let unique: HashSet<Key> = keys.iter().copied().collect();
    assert_eq!(unique.len(), 2 * per_thread);
    let store = target.open();
    let stories = store.load().unwrap().items_of(Kind::Story).len();
    assert_eq!(stories, 1 + 2 * per_thread);
    let (_, next) = store.load_with_key_sequence().unwrap();
    assert_eq!(next[&Kind::Story], 2 + 2 * per_thread as i64);
}
