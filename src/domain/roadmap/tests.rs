use super::fixture::{at, backlog, item, items, key};
use super::*;
use crate::domain::RiceInputs;

fn keys(r: &Roadmap, lane: Option<Lane>) -> Vec<String> {
    r.cards_in(lane).iter().map(|c| c.key.to_string()).collect()
}

fn card<'a>(r: &'a Roadmap, k: &str) -> &'a Card {
    r.locate(key(k)).unwrap().2
}

#[test]
fn lanes_hold_epics_by_score_with_unscored_last() {
    let r = Roadmap::build(&backlog(), Model::Rice, Level::Epic, at());
    assert_eq!(keys(&r, Some(Lane::Now)), ["E-1", "E-2"]);
    assert_eq!(keys(&r, Some(Lane::Next)), ["E-8", "E-3"]);
    assert_eq!(keys(&r, Some(Lane::Later)), ["E-4"]);
    assert_eq!(keys(&r, None), ["E-5"]);
    assert_eq!(r.len(), 6);
    assert_eq!(r.generated, at());

    let w = Roadmap::build(&backlog(), Model::Wsjf, Level::Epic, at());
    // E-3 has a WSJF score, E-8 has none.
    assert_eq!(keys(&w, Some(Lane::Next)), ["E-3", "E-8"]);
    assert_eq!(card(&w, "E-3").score, Some(3.25));
    assert_eq!(card(&w, "E-8").score, None);
}

#[test]
fn epics_without_a_lane_inherit_their_initiatives() {
    let r = Roadmap::build(&backlog(), Model::Rice, Level::Epic, at());
    let e1 = card(&r, "E-1");
    assert_eq!((e1.lane, e1.lane_inherited), (Some(Lane::Now), true));
    let e2 = card(&r, "E-2");
    assert_eq!((e2.lane, e2.lane_inherited), (Some(Lane::Now), false));
    let e5 = card(&r, "E-5");
    assert_eq!((e5.lane, e5.lane_inherited), (None, false));
}

#[test]
fn archived_and_dropped_items_are_left_out() {
    let r = Roadmap::build(&backlog(), Model::Rice, Level::Epic, at());
    assert!(r.locate(key("E-6")).is_none(), "dropped");
    assert!(r.locate(key("E-7")).is_none(), "archived");
    // Archiving an initiative hides its epics.
    let mut its = items();
    its.iter_mut()
        .find(|i| i.key == key("I-3"))
        .unwrap()
        .archived = true;
    let r = Roadmap::build(&Backlog::new(its), Model::Rice, Level::Epic, at());
    assert!(r.locate(key("E-4")).is_none());
    // Dropping an initiative drops its epics from the roadmap.
    let mut its = items();
    its.iter_mut().find(|i| i.key == key("I-2")).unwrap().status = Status::Dropped;
    let b = Backlog::new(its);
    let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
    assert!(r.locate(key("E-3")).is_none() && r.locate(key("E-8")).is_none());
    let r = Roadmap::build(&b, Model::Rice, Level::Initiative, at());
    assert!(r.locate(key("I-2")).is_none());
}

#[test]
fn ties_break_by_manual_rank_then_key() {
    let mut its = items();
    for i in its.iter_mut() {
        if i.kind() == Kind::Epic {
            i.rice = RiceInputs::new(10.0, 1.0, 100.0, 1.0);
            i.lane = Some(Lane::Now);
            i.rank = if i.key == key("E-5") { 0 } else { 7 };
        }
    }
    let r = Roadmap::build(&Backlog::new(its), Model::Rice, Level::Epic, at());
    assert_eq!(
        keys(&r, Some(Lane::Now)),
        ["E-5", "E-1", "E-2", "E-3", "E-4", "E-8"]
    );
}

#[test]
fn cards_count_stories_points_and_criteria() {
    let r = Roadmap::build(&backlog(), Model::Rice, Level::Epic, at());
    let e1 = card(&r, "E-1");
    // S-5 is dropped and not counted.
    assert_eq!(
        (e1.stories, e1.stories_done, e1.stories_unestimated),
        (3, 1, 1)
    );
    assert_eq!((e1.points_done, e1.points_total), (5.0, 8.0));
    assert_eq!((e1.criteria_met, e1.criteria_total), (3, 5));
    assert_eq!(e1.epics, None);
    assert_eq!(e1.score, Some(675.0));
    assert_eq!((e1.rice, e1.wsjf), (Some(675.0), Some(5.2)));
    let init = e1.initiative.as_ref().unwrap();
    assert_eq!(init.key, key("I-1"));
    assert_eq!(
        e1.outcome.as_deref(),
        Some("Dispatchers stop phoning technicians")
    );
    assert_eq!(e1.metrics.len(), 1);
    assert_eq!(e1.owner.as_deref(), Some("Priya"));
}

#[test]
fn warns_about_dependencies_in_later_lanes_or_off_the_roadmap() {
    let r = Roadmap::build(&backlog(), Model::Rice, Level::Epic, at());
    let w = &card(&r, "E-2").warnings;
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].reason, WarningReason::LaterLane);
    assert_eq!(w[0].on_lane, Some(Lane::Later));
    assert_eq!(w[0].message, "depends on E-4 (later)");
    let w = &card(&r, "E-4").warnings;
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].reason, WarningReason::NotOnRoadmap);
    assert_eq!(
        w[0].message,
        "S-4 depends on E-7, which is not on the roadmap (archived)"
    );
    assert!(card(&r, "E-1").warnings.is_empty());
}

#[test]
fn dependency_warnings_cover_each_case() {
    let build = |dep_setup: &dyn Fn(&mut Vec<Item>)| {
        let mut its = items();
        dep_setup(&mut its);
        Roadmap::build(&Backlog::new(its), Model::Rice, Level::Epic, at())
    };
    let set = |its: &mut Vec<Item>, k: &str, f: &dyn Fn(&mut Item)| {
        f(its.iter_mut().find(|i| i.key == key(k)).unwrap());
    };
    // Earlier or same lane: fine. E-1 (now) depends on E-2 (now).
    let r = build(&|its| set(its, "E-1", &|i| i.depends_on = vec![key("E-2")]));
    assert!(card(&r, "E-1").warnings.is_empty());
    // A story depending on a story in a later epic: named with its epic.
    let r = build(&|its| set(its, "S-2", &|i| i.depends_on = vec![key("S-4")]));
    assert_eq!(
        card(&r, "E-1").warnings[0].message,
        "S-2 depends on S-4 (E-4, later)"
    );
    // Finished dependencies never warn.
    let r = build(&|its| set(its, "E-4", &|i| i.status = Status::Done));
    assert!(card(&r, "E-2").warnings.is_empty());
    // Unplanned, dropped and missing dependencies are off the roadmap.
    let r = build(&|its| set(its, "E-1", &|i| i.depends_on = vec![key("E-5")]));
    assert!(card(&r, "E-1").warnings[0].message.ends_with("(no lane)"));
    let r = build(&|its| set(its, "E-1", &|i| i.depends_on = vec![key("E-6")]));
    assert!(card(&r, "E-1").warnings[0].message.ends_with("(dropped)"));
    let r = build(&|its| set(its, "E-1", &|i| i.depends_on = vec![key("E-99")]));
    assert!(card(&r, "E-1").warnings[0].message.ends_with("(missing)"));
    // Dependencies inside the card are not warnings.
    let r = build(&|its| set(its, "S-2", &|i| i.depends_on = vec![key("S-1")]));
    assert!(card(&r, "E-1").warnings.is_empty());
}

#[test]
fn initiative_level_scores_by_best_epic() {
    let r = Roadmap::build(&backlog(), Model::Rice, Level::Initiative, at());
    assert_eq!(keys(&r, Some(Lane::Now)), ["I-1"]);
    assert_eq!(keys(&r, Some(Lane::Next)), ["I-2"]);
    assert_eq!(keys(&r, Some(Lane::Later)), ["I-3"]);
    assert_eq!(keys(&r, None), ["I-4"]);
    let i1 = card(&r, "I-1");
    assert_eq!(i1.score, Some(675.0));
    assert_eq!(i1.epics, Some(2)); // E-7 is archived
    assert_eq!(i1.stories, 3);
    assert_eq!(i1.initiative.as_ref().unwrap().key, key("I-1"));
    let i2 = card(&r, "I-2");
    assert_eq!((i2.rice, i2.wsjf), (Some(400.0 / 3.0), Some(3.25)));
    assert_eq!(card(&r, "I-4").score, None);
    // I-1 (now) has E-2 depending on E-4, whose initiative is later.
    assert_eq!(
        card(&r, "I-1").warnings[0].message,
        "E-2 depends on E-4 (I-3, later)"
    );
}

#[test]
fn reordering_by_another_model_equals_building_with_it() {
    for level in Level::ALL {
        let rice = Roadmap::build(&backlog(), Model::Rice, level, at());
        let wsjf = Roadmap::build(&backlog(), Model::Wsjf, level, at());
        assert_eq!(rice.clone().with_model(Model::Wsjf), wsjf);
        assert_eq!(wsjf.with_model(Model::Rice), rice);
    }
}

#[test]
fn json_round_trips_with_documented_names() {
    let r = Roadmap::build(&backlog(), Model::Rice, Level::Epic, at());
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["model"], "rice");
    assert_eq!(v["level"], "epic");
    assert_eq!(v["generated"], "2026-11-23T10:00:00Z");
    assert_eq!(v["lanes"][0]["lane"], "now");
    let c = &v["lanes"][0]["cards"][0];
    for field in [
        "key",
        "title",
        "initiative",
        "status",
        "lane",
        "score",
        "stories",
        "points_done",
        "points_total",
        "criteria_met",
        "criteria_total",
        "outcome",
        "metrics",
        "warnings",
    ] {
        assert!(c.get(field).is_some(), "missing {field}");
    }
    assert_eq!(c["key"], "E-1");
    assert_eq!(c["status"], "in-progress");
    assert!(v["lanes"][1]["cards"][1]["score"].is_null());
    let back: Roadmap = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
}

fn moved_lane(k: &str, step: Step) -> Result<Option<Lane>, DomainError> {
    let b = backlog();
    let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
    move_lane(&r, &b, key(k), step).map(|i| i.lane)
}

#[test]
fn moving_between_lanes() {
    assert_eq!(moved_lane("E-1", Step::Later), Ok(Some(Lane::Next)));
    assert_eq!(moved_lane("E-8", Step::Earlier), Ok(Some(Lane::Now)));
    assert_eq!(moved_lane("E-4", Step::Earlier), Ok(Some(Lane::Next)));
    assert!(moved_lane("E-2", Step::Earlier).is_err());
    assert!(moved_lane("E-4", Step::Later).is_err());
    // Unplanned cards come in at Later.
    assert_eq!(moved_lane("E-5", Step::Earlier), Ok(Some(Lane::Later)));
    assert!(moved_lane("E-5", Step::Later).is_err());
    assert!(
        moved_lane("E-6", Step::Later).is_err(),
        "not on the roadmap"
    );
    // The moved item keeps its version for the stale check.
    let b = backlog();
    let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
    assert_eq!(
        move_lane(&r, &b, key("E-1"), Step::Later).unwrap().version,
        1
    );
}

/// A backlog whose Now lane holds E-1..E-4 with equal RICE scores and the
/// given ranks, plus E-8 scored higher.
fn tied(ranks: [i64; 4]) -> Backlog {
    let mut its = vec![item("I-1", "I", None)];
    its[0].lane = Some(Lane::Now);
    for (n, r) in ranks.iter().enumerate() {
        let mut e = item(&format!("E-{}", n + 1), "e", Some("I-1"));
        e.rank = *r;
        e.rice = RiceInputs::new(10.0, 1.0, 100.0, 1.0);
        its.push(e);
    }
    let mut top = item("E-8", "top", Some("I-1"));
    top.rice = RiceInputs::new(99.0, 1.0, 100.0, 1.0);
    its.push(top);
    Backlog::new(its)
}

fn shifted(b: &Backlog, k: &str, step: Step) -> Result<Vec<String>, DomainError> {
    let r = Roadmap::build(b, Model::Rice, Level::Epic, at());
    let changed = shift_rank(&r, b, key(k), step)?;
    let mut its: Vec<Item> = b.items().to_vec();
    for c in changed {
        let k = c.key;
        *its.iter_mut().find(|i| i.key == k).unwrap() = c;
    }
    Ok(keys(
        &Roadmap::build(&Backlog::new(its), Model::Rice, Level::Epic, at()),
        Some(Lane::Now),
    ))
}

#[test]
fn manual_rank_moves_within_equal_scores() {
    let b = tied([1, 2, 3, 4]);
    assert_eq!(
        shifted(&b, "E-3", Step::Earlier).unwrap(),
        ["E-8", "E-1", "E-3", "E-2", "E-4"]
    );
    assert_eq!(
        shifted(&b, "E-1", Step::Later).unwrap(),
        ["E-8", "E-2", "E-1", "E-3", "E-4"]
    );
    // Only the two swapped items change rank.
    let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
    let changed = shift_rank(&r, &b, key("E-3"), Step::Earlier).unwrap();
    let ranks: Vec<(String, i64)> = changed
        .iter()
        .map(|i| (i.key.to_string(), i.rank))
        .collect();
    assert_eq!(ranks, [("E-3".to_string(), 2), ("E-2".to_string(), 3)]);
}

#[test]
fn manual_rank_renumbers_duplicate_ranks() {
    // All ranks equal: order by key; moving E-4 up must pass E-3 only.
    let b = tied([5, 5, 5, 5]);
    assert_eq!(
        shifted(&b, "E-4", Step::Earlier).unwrap(),
        ["E-8", "E-1", "E-2", "E-4", "E-3"]
    );
}

#[test]
fn moving_past_a_different_score_pins_the_card_over_its_score() {
    let b = tied([1, 2, 3, 4]);
    // E-1 (RICE 10) up past E-8 (RICE 99): the PM's word wins.
    let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
    let changed = shift_rank(&r, &b, key("E-1"), Step::Earlier).unwrap();
    let pins: Vec<(String, Option<u32>)> = changed
        .iter()
        .map(|i| (i.key.to_string(), i.pinned))
        .collect();
    assert_eq!(pins, [("E-1".to_string(), Some(1))]);
    assert_eq!(
        shifted(&b, "E-1", Step::Earlier).unwrap(),
        ["E-1", "E-8", "E-2", "E-3", "E-4"]
    );
    // E-8 down past E-1: the cards it passes keep their order.
    assert_eq!(
        shifted(&b, "E-8", Step::Later).unwrap(),
        ["E-1", "E-8", "E-2", "E-3", "E-4"]
    );
    // The ends still refuse.
    let e = shifted(&b, "E-8", Step::Earlier).unwrap_err().to_string();
    assert!(e.contains("already first"), "{e}");
    let e = shifted(&b, "E-4", Step::Later).unwrap_err().to_string();
    assert!(e.contains("already last"), "{e}");
}

#[test]
fn a_pinned_card_keeps_moving_by_pin_and_unpins_back_to_its_score() {
    let mut b = tied([1, 2, 3, 4]);
    for _ in 0..3 {
        let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
        let changed = shift_rank(&r, &b, key("E-4"), Step::Earlier).unwrap();
        let mut its: Vec<Item> = b.items().to_vec();
        for c in changed {
            let k = c.key;
            *its.iter_mut().find(|i| i.key == k).unwrap() = c;
        }
        b = Backlog::new(its);
    }
    let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
    assert_eq!(
        keys(&r, Some(Lane::Now)),
        ["E-8", "E-4", "E-1", "E-2", "E-3"]
    );
    // Among equal scores the manual rank did it: no pin.
    assert_eq!(b.get(key("E-4")).unwrap().pinned, None);
    // One more step passes E-8, which has a higher score: a pin.
    let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
    let changed = shift_rank(&r, &b, key("E-4"), Step::Earlier).unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].pinned, Some(1));
    let mut its: Vec<Item> = b.items().to_vec();
    *its.iter_mut().find(|i| i.key == key("E-4")).unwrap() = changed[0].clone();
    let b = Backlog::new(its);
    let r = Roadmap::build(&b, Model::Rice, Level::Epic, at());
    assert_eq!(
        keys(&r, Some(Lane::Now)),
        ["E-4", "E-8", "E-1", "E-2", "E-3"]
    );
    // A pinned card moving among equal scores moves by pin too.
    assert_eq!(
        shifted(&b, "E-1", Step::Earlier).unwrap(),
        ["E-4", "E-1", "E-8", "E-2", "E-3"]
    );
    let back = unpin(&b, key("E-4")).unwrap();
    assert_eq!(back.pinned, None);
    let e = unpin(&b, key("E-1")).unwrap_err().to_string();
    assert!(e.contains("not pinned"), "{e}");
}

#[test]
fn a_new_lane_drops_the_pin() {
    let b = tied([1, 2, 3, 4]);
    let mut e = b.get(key("E-2")).unwrap().clone();
    e.lane = Some(Lane::Now);
    e.set_pinned(Some(1)).unwrap();
    e.set_lane(Some(Lane::Now)).unwrap();
    assert_eq!(e.pinned, Some(1), "the same lane keeps it");
    e.set_lane(Some(Lane::Next)).unwrap();
    assert_eq!(e.pinned, None);
    let mut s = item("S-1", "story", Some("E-1"));
    assert!(
        s.set_pinned(Some(1)).is_err(),
        "stories are not on the roadmap"
    );
    assert!(e.set_pinned(Some(0)).is_err());
}

#[test]
fn level_parses_and_prints() {
    assert_eq!("Initiatives".parse::<Level>().unwrap(), Level::Initiative);
    assert_eq!(Level::Epic.to_string(), "epic");
    assert!("story".parse::<Level>().is_err());
    assert_eq!(Level::Epic.toggled(), Level::Initiative);
}
