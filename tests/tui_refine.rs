//! A short refinement session driven by keys on the Refine tab, checked on
//! the file; and the Roadmap and Health tabs' keys.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::{Key, Status};
use backlog::tui::app::{Mode, Tab};
use common::Harness;

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

#[test]
fn a_short_refinement_session_lands_in_the_file() {
    let mut h = Harness::demo();
    // From the Backlog, select E-4 (offline mode) and open Refine: the
    // queue is E-4's stories that are not ready, in backlog order.
    h.app.select_tree_key(key("E-4"));
    h.keys("4");
    assert_eq!(h.app.tab, Tab::Refine);
    assert_eq!(h.app.refine.scope, Some(key("E-4")));
    let queue = h.app.refine.queue.clone();
    assert!(queue.len() >= 2, "{queue:?}");
    let first = queue[0];
    let second = queue[1];
    assert_eq!(h.app.selected_key(), Some(first));

    // Step forward and back.
    h.keys("n");
    assert_eq!(h.app.selected_key(), Some(second));
    h.keys("p");
    assert_eq!(h.app.selected_key(), Some(first));

    // Add a criterion, estimate with the Fibonacci picker (1 2 3 5 …: the
    // fourth is 5), then mark it ready.
    let before = h.reopen().get(first).unwrap().criteria.len();
    h.keys("cGiven no signal, when I close a job, then it syncs later<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    h.keys("f");
    assert!(matches!(h.app.mode, Mode::Picker(_)));
    h.keys("<Esc>");
    h.keys("f");
    // Picker starts on the current estimate or 3; move to 5.
    h.keys("j<Enter>");
    let item = h.reopen().get(first).unwrap().clone();
    assert_eq!(item.criteria.len(), before + 1);
    assert_eq!(item.points, Some(5.0));
    h.keys("R");
    let stored = h.reopen().get(first).unwrap().clone();
    assert_eq!(stored.status, Status::Ready, "{:?}", h.app.message);
    // It left the queue; the next story is shown.
    assert!(!h.app.refine.queue.contains(&first));
    assert_eq!(h.app.selected_key(), Some(second));

    // A decision with its rationale, then park the story.
    h.keys("DSplit by platform<Tab>iOS needs its own sync layer<Enter>");
    let d = h
        .reopen()
        .get(second)
        .unwrap()
        .decisions
        .last()
        .cloned()
        .unwrap();
    assert_eq!(d.decision, "Split by platform");
    assert_eq!(d.rationale, "iOS needs its own sync layer");
    h.keys("z");
    assert!(
        h.reopen()
            .get(second)
            .unwrap()
            .labels
            .contains(&"parked".to_string())
    );
    assert!(!h.app.refine.queue.contains(&second));
}

#[test]
fn marking_ready_is_refused_with_what_is_missing() {
    let mut h = Harness::demo();
    h.keys("4");
    // Pick a story missing its estimate.
    let missing = h
        .app
        .refine
        .queue
        .iter()
        .position(|k| h.app.backlog.get(*k).unwrap().points.is_none())
        .expect("a story without points");
    for _ in 0..missing {
        h.keys("n");
    }
    let k = h.app.selected_key().unwrap();
    h.keys("R");
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(
        msg.contains("not ready") && msg.contains("an estimate"),
        "{msg}"
    );
    assert_eq!(h.reopen().get(k).unwrap().status, Status::Draft);
}

#[test]
fn roadmap_keys_move_cards_and_undo_restores() {
    let mut h = Harness::demo();
    h.keys("3");
    assert_eq!(h.app.tab, Tab::Roadmap);
    // Next column, first card: move it to Later, then undo.
    h.keys("l");
    let k = h.app.selected_key().unwrap();
    let lane_before = h.app.backlog.effective_lane(h.app.backlog.get(k).unwrap());
    h.keys("L");
    let moved = h.reopen();
    assert_eq!(
        moved.get(k).unwrap().lane.map(|l| l.as_str()),
        Some("later")
    );
    // The card is still selected, now in the Later column.
    assert_eq!(h.app.selected_key(), Some(k));
    assert_eq!(h.app.roadmap.column, 2);
    h.keys("u");
    let back = h.reopen();
    assert_eq!(back.effective_lane(back.get(k).unwrap()), lane_before);
}

#[test]
fn health_enter_jumps_to_the_item() {
    let mut h = Harness::demo();
    h.keys("5");
    assert_eq!(h.app.tab, Tab::Health);
    // The first row that links to an item: the summary line of its
    // finding, Enter opens it on that item.
    let all = h.app.health.all_rows.clone();
    let first = all.iter().position(|r| r.key.is_some()).unwrap();
    let line = h
        .app
        .health
        .rows
        .iter()
        .position(|r| r.section == all[first].section)
        .unwrap();
    for _ in 0..line {
        h.keys("j");
    }
    h.keys("<Enter>");
    let k = all[first].key.unwrap();
    assert_eq!(h.app.selected_key(), Some(k));
    h.keys("<Enter>");
    assert_eq!(h.app.tab, Tab::Backlog);
    assert_eq!(h.app.selected_key(), Some(k));
}
