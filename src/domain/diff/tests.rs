use super::*;
use crate::domain::roadmap::fixture::{at, item, items, key};
use crate::domain::{Backlog, Item, RiceInputs, Status};

fn roadmap(its: Vec<Item>) -> Roadmap {
    Roadmap::build(&Backlog::new(its), Model::Rice, Level::Epic, at())
}

/// The fixture's roadmap before and after `change`.
fn diff_after(change: impl Fn(&mut Vec<Item>)) -> Diff {
    let old = roadmap(items());
    let mut its = items();
    change(&mut its);
    Diff::between(&old, &roadmap(its), Model::Rice)
}

fn edit(its: &mut [Item], k: &str, f: impl FnOnce(&mut Item)) {
    f(its.iter_mut().find(|i| i.key == key(k)).unwrap());
}

#[test]
fn nothing_changed() {
    let d = diff_after(|_| {});
    assert!(d.is_empty());
    assert_eq!(d.summary, "no changes");
}

#[test]
fn added_and_dropped() {
    let d = diff_after(|its| {
        let mut e = item("E-9", "New epic", Some("I-3"));
        e.rice = RiceInputs::new(1.0, 1.0, 100.0, 1.0);
        its.push(e);
        edit(its, "E-2", |i| i.archived = true);
    });
    assert_eq!(d.added.len(), 1);
    assert_eq!(
        (d.added[0].key, d.added[0].lane),
        (key("E-9"), Some(Lane::Later))
    );
    assert_eq!(d.dropped.len(), 1);
    assert_eq!(
        (d.dropped[0].key, d.dropped[0].lane),
        (key("E-2"), Some(Lane::Now))
    );
    assert!(d.moved.is_empty() && d.reranked.is_empty() && d.rescored.is_empty());
    assert_eq!(d.summary, "2 changes: 1 added, 1 dropped");
    // A card whose status becomes dropped leaves the roadmap too.
    let d = diff_after(|its| edit(its, "E-8", |i| i.status = Status::Dropped));
    assert_eq!(d.dropped[0].key, key("E-8"));
    assert_eq!(d.len(), 1);
}

#[test]
fn moved_between_lanes_only() {
    // E-8 next → now. It lands above E-2 and below E-1 by score; E-2's
    // shift down is a consequence, not a change.
    let d = diff_after(|its| edit(its, "E-8", |i| i.lane = Some(Lane::Now)));
    assert_eq!(d.moved.len(), 1, "{d:?}");
    let m = &d.moved[0];
    assert_eq!(
        (m.key, m.from, m.to),
        (key("E-8"), Some(Lane::Next), Some(Lane::Now))
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d.summary, "1 change: 1 moved");
    // To and from unplanned.
    let d = diff_after(|its| edit(its, "E-5", |i| i.lane = Some(Lane::Later)));
    assert_eq!((d.moved[0].from, d.moved[0].to), (None, Some(Lane::Later)));
    // An initiative changing lane moves the epics that inherit it.
    let d = diff_after(|its| edit(its, "I-2", |i| i.lane = Some(Lane::Later)));
    let moved: Vec<Key> = d.moved.iter().map(|m| m.key).collect();
    assert_eq!(moved, [key("E-3")]); // E-8 has its own lane
}

#[test]
fn rescored_at_display_precision() {
    let d = diff_after(|its| {
        edit(its, "E-2", |i| {
            i.rice = RiceInputs::new(4000.0, 1.0, 80.0, 4.0)
        });
    });
    assert_eq!(d.rescored.len(), 1);
    let r = &d.rescored[0];
    assert_eq!(
        (r.key, r.from, r.to),
        (key("E-2"), Some(400.0), Some(800.0))
    );
    // E-2 now outranks E-1 by score: that is the re-score, not a re-rank.
    assert!(d.reranked.is_empty(), "{d:?}");
    assert_eq!(d.summary, "1 change: 1 re-scored");
    // Float noise below display precision is not a change.
    let d = diff_after(|its| {
        edit(its, "E-8", |i| {
            i.rice = RiceInputs::new(400.0000001, 1.0, 100.0, 3.0);
        })
    });
    assert!(d.is_empty(), "{d:?}");
    // Losing a score is a change: 400 → unscored.
    let d = diff_after(|its| edit(its, "E-2", |i| i.rice.effort = None));
    assert_eq!(d.rescored[0].to, None);
}

#[test]
fn reranked_within_a_lane() {
    // Equal scores in Now so manual rank decides; then swap two ranks.
    let tie = |its: &mut Vec<Item>| {
        for k in ["E-1", "E-2"] {
            edit(its, k, |i| i.rice = RiceInputs::new(5.0, 1.0, 100.0, 1.0));
        }
        let mut e = item("E-9", "Third", Some("I-1"));
        e.rice = RiceInputs::new(5.0, 1.0, 100.0, 1.0);
        e.rank = 9;
        its.push(e);
    };
    let mut before = items();
    tie(&mut before);
    let mut after = before.clone();
    // E-9 goes to the top by manual rank.
    edit(&mut after, "E-9", |i| i.rank = 0);
    let d = Diff::between(&roadmap(before), &roadmap(after), Model::Rice);
    assert_eq!(d.reranked.len(), 1, "{d:?}");
    let r = &d.reranked[0];
    assert_eq!(
        (r.key, r.lane, r.from, r.to),
        (key("E-9"), Some(Lane::Now), 3, 1)
    );
    assert_eq!(d.summary, "1 change: 1 re-ranked");
}

#[test]
fn a_swap_reports_the_card_whose_rank_changed() {
    let base = |its: &mut Vec<Item>| {
        for k in ["E-1", "E-2"] {
            edit(its, k, |i| i.rice = RiceInputs::new(5.0, 1.0, 100.0, 1.0));
        }
    };
    let mut before = items();
    base(&mut before);
    let mut after = before.clone();
    // E-2 (rank 2) goes above E-1 (rank 1) by taking rank 0.
    edit(&mut after, "E-2", |i| i.rank = 0);
    let d = Diff::between(&roadmap(before), &roadmap(after), Model::Rice);
    assert_eq!(d.reranked.len(), 1, "{d:?}");
    assert_eq!(d.reranked[0].key, key("E-2"));
    assert_eq!((d.reranked[0].from, d.reranked[0].to), (2, 1));
}

#[test]
fn moved_and_rescored_together() {
    // The scenario: move one epic next → now, rescore another.
    let d = diff_after(|its| {
        edit(its, "E-8", |i| i.lane = Some(Lane::Now));
        edit(its, "E-4", |i| {
            i.rice = RiceInputs::new(10.0, 1.0, 50.0, 1.0)
        });
    });
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d.moved[0].key, key("E-8"));
    assert_eq!(d.rescored[0].key, key("E-4"));
    assert_eq!(d.summary, "2 changes: 1 moved, 1 re-scored");
    let marks = d.marks();
    assert_eq!(marks[&key("E-8")], [ChangeKind::Moved]);
    assert_eq!(marks[&key("E-4")], [ChangeKind::Rescored]);
    assert!(!marks.contains_key(&key("E-1")));
}

#[test]
fn compares_under_the_chosen_model() {
    let old = roadmap(items());
    let mut its = items();
    edit(&mut its, "E-2", |i| {
        i.rice = RiceInputs::new(1.0, 1.0, 80.0, 4.0)
    });
    let new = roadmap(its);
    assert_eq!(Diff::between(&old, &new, Model::Rice).rescored.len(), 1);
    let d = Diff::between(&old, &new, Model::Wsjf);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(d.model, Model::Wsjf);
}

#[test]
fn json_field_names() {
    let d = diff_after(|its| edit(its, "E-8", |i| i.lane = Some(Lane::Now)));
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["moved"][0]["key"], "E-8");
    assert_eq!(v["moved"][0]["from"], "next");
    assert_eq!(v["moved"][0]["to"], "now");
    for f in [
        "added", "dropped", "reranked", "rescored", "summary", "model", "level",
    ] {
        assert!(v.get(f).is_some(), "{f}");
    }
}

#[test]
fn heaviest_increasing_keeps_the_most_cards() {
    let keep = heaviest_increasing(&[0, 3, 1, 2], &[5, 5, 5, 5]);
    assert_eq!(keep, [true, false, true, true]);
    // Equal lengths: the heavier element is kept.
    let keep = heaviest_increasing(&[1, 0], &[3, 4]);
    assert_eq!(keep, [false, true]);
    let keep = heaviest_increasing(&[1, 0], &[4, 3]);
    assert_eq!(keep, [true, false]);
    assert!(heaviest_increasing(&[], &[]).is_empty());
}
