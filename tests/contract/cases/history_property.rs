//! The history matches what happened (issue 14 item 10), as a property
//! over random sequences of edits, dependencies added and removed,
//! archiving, restoring, purging, new stories, undo and redo, on one
//! backlog of the backend (wiped between cases):
//!
//! - every item's version equals its number of history entries (every new
//!   version has its entry, undo and redo included);
//! - undo and then redo gives back the same content;
//! - an undo or redo that names a change changed something (unless it
//!   says it changed nothing), one that names none changed nothing, and a
//!   refused command changed nothing.
//!
//! Cases: 24 on SQLite, 6 on PostgreSQL (`BACKLOG_FUZZ_SCALE` multiplies
//! them), seed fixed unless `BACKLOG_FUZZ_SEED` is set.

use backlog::domain::{Item, Key, Kind};
use backlog::ops;
use backlog::store::{Direction, Store};
use chrono::DateTime;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use super::full_items;
use crate::contract::Target;

#[derive(Debug, Clone)]
enum Op {
    Edit(usize),
    DepAdd(usize, usize),
    DepRm(usize, usize),
    Archive(usize),
    Restore(usize),
    Purge(usize),
    Add(usize),
    Undo,
    Redo,
    /// Undo, then redo at once: the content must come back.
    UndoRedo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..64usize).prop_map(Op::Edit),
        3 => (0..64usize, 0..64usize).prop_map(|(a, b)| Op::DepAdd(a, b)),
        1 => (0..64usize, 0..64usize).prop_map(|(a, b)| Op::DepRm(a, b)),
        1 => (0..64usize).prop_map(Op::Archive),
        1 => (0..64usize).prop_map(Op::Restore),
        2 => (0..64usize).prop_map(Op::Purge),
        1 => (0..64usize).prop_map(Op::Add),
        4 => Just(Op::Undo),
        3 => Just(Op::Redo),
        2 => Just(Op::UndoRedo),
    ]
}

fn scale() -> u32 {
    std::env::var("BACKLOG_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// Every item's content, versions and update times left out.
fn content(store: &Store) -> Vec<Item> {
    let backlog = store.load().unwrap();
    let mut items: Vec<Item> = backlog
        .items()
        .iter()
        .map(|i| {
            let mut i = i.clone();
            i.version = 0;
            i.updated = DateTime::UNIX_EPOCH;
            i
        })
        .collect();
    items.sort_by_key(|i| i.key);
    items
}

fn keys(store: &Store) -> Vec<Key> {
    let mut k: Vec<Key> = store
        .load()
        .unwrap()
        .items()
        .iter()
        .map(|i| i.key)
        .collect();
    k.sort();
    k
}

fn pick(keys: &[Key], n: usize) -> Option<Key> {
    (!keys.is_empty()).then(|| keys[n % keys.len()])
}

/// Every item's version equals its number of history entries.
fn versions_match_history(store: &Store, ctx: &str) -> Result<(), TestCaseError> {
    for item in store.load().unwrap().items() {
        let h = store.history(item.key).unwrap();
        prop_assert_eq!(
            item.version,
            h.len() as i64,
            "{}: {} is at version {} with {} history entries: {:?}",
            ctx,
            item.key,
            item.version,
            h.len(),
            h.iter().map(|e| &e.change.summary).collect::<Vec<_>>()
        );
        if let Some(last) = h.last() {
            prop_assert_eq!(
                last.after.as_ref().map(|a| a.version),
                Some(item.version),
                "{}: {}'s last history entry is not its version",
                ctx,
                item.key
            );
        }
    }
    Ok(())
}

/// A backlog as new: one initiative, its epic and story from the suite,
/// and more stories, loaded in one change as an import does.
fn reset(store: &mut Store) {
    store.write("wipe", |tx| tx.wipe()).unwrap();
    store
        .write("seed", |tx| {
            let mut items = full_items();
            let epic = items[1].key;
            let story = items[2].clone();
            for n in 2..=6 {
                let mut s = story.clone();
                s.key = Key::new(Kind::Story, n);
                s.title = format!("Story {n}");
                s.parent = Some(epic);
                s.depends_on.clear();
                items.push(s);
            }
            tx.insert_all(&items)
        })
        .unwrap();
}

fn step(store: &mut Store, op: &Op, n: usize) -> Result<(), TestCaseError> {
    let ks = keys(store);
    let before = content(store);
    let ctx = format!("op {n} {op:?}");
    let result: Result<(), String> = match op {
        Op::Edit(i) => match pick(&ks, *i) {
            Some(k) => store
                .write(&format!("edit {k}"), |tx| {
                    tx.modify(k, |it| {
                        it.title = format!("{} (edited {n})", it.title);
                        Ok(())
                    })
                })
                .map(|_| ())
                .map_err(|e| e.to_string()),
            None => Ok(()),
        },
        Op::DepAdd(a, b) | Op::DepRm(a, b) => match (pick(&ks, *a), pick(&ks, *b)) {
            (Some(x), Some(y)) => {
                let r = if matches!(op, Op::DepAdd(..)) {
                    ops::deps::add_dependency(store, x, y)
                } else {
                    ops::deps::remove_dependency(store, x, y)
                };
                r.map(|_| ()).map_err(|e| e.to_string())
            }
            _ => Ok(()),
        },
        Op::Archive(i) => match pick(&ks, *i) {
            Some(k) => ops::archive::archive(store, k)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            None => Ok(()),
        },
        Op::Restore(i) => match pick(&ks, *i) {
            Some(k) => ops::archive::restore(store, k)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            None => Ok(()),
        },
        Op::Purge(i) => match pick(&ks, *i) {
            Some(k) => ops::archive::purge(store, k)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            None => Ok(()),
        },
        Op::Add(i) => {
            let epics: Vec<Key> = ks
                .iter()
                .filter(|k| k.kind == Kind::Epic)
                .copied()
                .collect();
            match pick(&epics, *i) {
                Some(e) => store
                    .write("add story", |tx| {
                        let k = tx.next_key(Kind::Story)?;
                        let mut s = Item::new(k, &format!("New {n}"), Some(e), tx.now())?;
                        s.rank = tx.next_rank(Some(e))?;
                        tx.insert(&s)
                    })
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                None => Ok(()),
            }
        }
        Op::Undo | Op::Redo | Op::UndoRedo => {
            let direction = if matches!(op, Op::Redo) {
                Direction::Redo
            } else {
                Direction::Undo
            };
            match store.step_latest(direction) {
                Ok(stepped) => {
                    let after = content(store);
                    match &stepped.summary {
                        Some(s) => prop_assert_ne!(
                            &before,
                            &after,
                            "{}: “{}” reported {} but nothing changed",
                            ctx,
                            s,
                            direction.verb()
                        ),
                        None => prop_assert_eq!(
                            &before,
                            &after,
                            "{}: nothing reported, something changed",
                            ctx
                        ),
                    }
                    if matches!(op, Op::UndoRedo)
                        && let Some(s) = stepped.summary
                    {
                        let redone = store.step_latest(Direction::Redo).unwrap();
                        prop_assert_eq!(
                            redone.summary.as_deref(),
                            Some(s.as_str()),
                            "{}: redo right after undo took another change",
                            ctx
                        );
                        prop_assert_eq!(
                            &content(store),
                            &before,
                            "{}: undo then redo did not give the content back",
                            ctx
                        );
                    }
                    Ok(())
                }
                Err(e) => Err(e.to_string()),
            }
        }
    };
    if let Err(why) = result {
        prop_assert_eq!(
            &content(store),
            &before,
            "{}: refused ({}) but something changed",
            ctx,
            why
        );
    }
    versions_match_history(store, &ctx)
}

pub fn history_matches_what_happened(target: &dyn Target) {
    let store = std::cell::RefCell::new(target.open());
    let seed: u64 = std::env::var("BACKLOG_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(14);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: target.property_cases() * scale(),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    );
    let ops = proptest::collection::vec(op(), 1..24);
    let result = runner.run(&ops, |ops| {
        let mut store = store.borrow_mut();
        reset(&mut store);
        versions_match_history(&store, "seed")?;
        for (n, op) in ops.iter().enumerate() {
            step(&mut store, op, n)?;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
