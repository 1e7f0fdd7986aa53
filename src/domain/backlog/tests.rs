use super::ranking::MODELS;
use super::*;
use crate::domain::scoring::Model;
use crate::domain::status::Status;
use crate::generate::{Rng, Spec, items};
use chrono::{TimeZone, Utc};

/// Every lookup of `b` equals that of a backlog built afresh.
fn assert_consistent(b: &mut Backlog) {
    let fresh = Backlog::new(b.items().to_vec());
    assert_eq!(b.items(), fresh.items());
    assert_eq!(b.counts(), fresh.counts());
    let keys = |v: Vec<&Item>| v.iter().map(|i| i.key).collect::<Vec<_>>();
    assert_eq!(keys(b.roots().collect()), keys(fresh.roots().collect()));
    for i in b.items() {
        assert_eq!(
            keys(b.children(i.key).collect()),
            keys(fresh.children(i.key).collect()),
            "children of {}",
            i.key
        );
        assert_eq!(b.is_hidden(i), fresh.is_hidden(i), "hidden {}", i.key);
        let n = b.position(i.key).unwrap();
        assert_eq!(
            b.parent_at(n).map(|p| b.key_at(p)),
            i.parent,
            "parent of {}",
            i.key
        );
        assert_eq!(b.dependents(i.key), fresh.dependents(i.key), "{}", i.key);
        assert_eq!(
            b.story_totals(i.key),
            fresh.story_totals(i.key),
            "story totals of {}",
            i.key
        );
    }
    assert_eq!(
        keys(b.ranked(Kind::Story, Model::Rice)),
        keys(fresh.ranked(Kind::Story, Model::Rice))
    );
    // Roadmaps counted from the kept totals equal those of a fresh backlog.
    {
        use crate::domain::roadmap::{Level, Roadmap};
        let at = chrono::Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
        for level in Level::ALL {
            assert_eq!(
                Roadmap::build(b, Model::Wsjf, level, at),
                Roadmap::build(&fresh, Model::Wsjf, level, at),
                "{level:?} roadmap"
            );
        }
    }
    // The kept rankings equal rankings sorted afresh.
    for kind in Kind::ALL {
        for model in MODELS {
            let fresh: Vec<Key> = fresh.ranked(kind, model).iter().map(|i| i.key).collect();
            let kept: Vec<Key> = b
                .ranking(kind, model)
                .to_vec()
                .into_iter()
                .map(|n| b.key_at(n))
                .collect();
            assert_eq!(kept, fresh, "{kind:?} by {model:?}");
        }
    }
}

#[test]
fn upsert_keeps_every_lookup_current() {
    let now = Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
    let mut b = Backlog::new(items(Spec::new(120, 3), now));
    // Rankings asked for before the changes are kept current by them.
    for kind in Kind::ALL {
        for model in MODELS {
            b.ranking(kind, model);
        }
    }
    let mut rng = Rng::new(9);
    let all: Vec<Key> = b.items().iter().map(|i| i.key).collect();
    for round in 0..300 {
        let key = all[rng.below(all.len())];
        let mut item = b.get(key).unwrap().clone();
        match rng.below(7) {
            0 => item.rank = rng.below(5) as i64,
            6 => {
                // What a roadmap counts: status and estimate.
                item.status = [Status::Draft, Status::Done, Status::Dropped][rng.below(3)];
                item.points = (rng.below(4) > 0).then(|| rng.below(13) as f64 / 2.0);
            }
            5 => {
                // A new score: the item moves within the rankings.
                item.rice.reach = Some(rng.below(1000) as f64);
                item.wsjf.value = Some(rng.below(20) as f64 + 1.0);
            }
            1 => item.archived = !item.archived,
            2 => {
                if let Some(pk) = key.kind.parent_kind() {
                    let parents: Vec<Key> = all.iter().copied().filter(|k| k.kind == pk).collect();
                    item.parent = Some(parents[rng.below(parents.len())]);
                }
            }
            3 => {
                let other = all[rng.below(all.len())];
                if other != key && !item.depends_on.contains(&other) {
                    item.depends_on.push(other);
                    item.depends_on.sort();
                } else {
                    item.depends_on.clear();
                }
            }
            _ => item.title = format!("renamed {round}"),
        }
        b.upsert(item);
        if round % 20 == 0 {
            assert_consistent(&mut b);
        }
    }
    // New items: a story (appended) and an epic (rebuilt).
    let e = b
        .items()
        .iter()
        .find(|i| i.kind() == Kind::Epic)
        .unwrap()
        .key;
    let i1 = b.roots().next().unwrap().key;
    b.upsert(Item::new(Key::new(Kind::Story, 10_000), "new story", Some(e), now).unwrap());
    b.upsert(Item::new(Key::new(Kind::Epic, 10_000), "new epic", Some(i1), now).unwrap());
    assert_consistent(&mut b);
    b.remove(Key::new(Kind::Story, 10_000));
    assert_consistent(&mut b);
}

/// The counts are of what the tree shows: a story under an archived epic
/// is not counted, though it is not archived itself; archiving the epic
/// and taking it back changes the counts as the tree does.
#[test]
fn counts_leave_out_what_an_archived_parent_hides() {
    let now = Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
    let i1 = Key::new(Kind::Initiative, 1);
    let e1 = Key::new(Kind::Epic, 1);
    let e2 = Key::new(Kind::Epic, 2);
    let mut items = vec![
        Item::new(i1, "Initiative", None, now).unwrap(),
        Item::new(e1, "Shown epic", Some(i1), now).unwrap(),
        Item::new(e2, "Archived epic", Some(i1), now).unwrap(),
    ];
    for (n, parent) in [(1, e1), (2, e2), (3, e2)] {
        items.push(Item::new(Key::new(Kind::Story, n), "Story", Some(parent), now).unwrap());
    }
    items[2].archived = true;
    let mut b = Backlog::new(items);
    assert_eq!(b.counts(), [1, 1, 1]);
    let mut epic = b.get(e2).unwrap().clone();
    epic.archived = false;
    b.upsert(epic.clone());
    assert_eq!(b.counts(), [1, 2, 3]);
    let mut initiative = b.get(i1).unwrap().clone();
    initiative.archived = true;
    b.upsert(initiative);
    assert_eq!(b.counts(), [0, 0, 0]);
    assert_consistent(&mut b);
}
