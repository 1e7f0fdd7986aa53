//! The panels that fix what Health and the Definition of Ready flag
//! (issue 16, "Fix it where it is flagged"): an initiative's success
//! metrics (`O`: add, edit, remove, each undone with `u`) and the archive
//! (`A`: restore, undone with `u`; delete for good after asking).

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Key;
use backlog::tui::app::Mode;
use common::Harness;

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn metrics(h: &Harness, k: &str) -> Vec<String> {
    h.reopen()
        .get(key(k))
        .unwrap()
        .metrics
        .iter()
        .map(|m| {
            format!(
                "{}: {} → {} ({})",
                m.name,
                m.baseline,
                m.target,
                m.checkins.len()
            )
        })
        .collect()
}

#[test]
fn metrics_are_added_edited_and_removed_from_the_panel_each_undone() {
    let mut h = Harness::demo();
    // From a story, the panel opens on its initiative.
    h.keys("ljlj");
    assert_eq!(h.app.selected_key(), Some(key("S-1")));
    h.keys("O");
    assert_eq!(h.app.metrics_initiative().map(|i| i.key), Some(key("I-1")));
    let before = metrics(&h, "I-1");
    assert_eq!(before.len(), 2);

    h.keys("aJobs assigned without a call<Tab>10%<Tab>60%<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "saved");
    assert!(h.app.panel.is_some(), "the panel stays open");
    assert_eq!(
        metrics(&h, "I-1")[2],
        "Jobs assigned without a call: 10% → 60% (0)"
    );

    // Edit the second: its check-ins are kept.
    h.keys("je");
    let Mode::Form(form) = &h.app.mode else {
        panic!("edit form")
    };
    assert_eq!(form.value(0), "Median time to reassign a late job");
    h.keys("<Tab><C-u>12 min<Enter>");
    assert_eq!(
        metrics(&h, "I-1")[1],
        "Median time to reassign a late job: 12 min → 3 min (4)"
    );

    // Remove the first, after saying what goes with it.
    h.keys("kx");
    let Mode::Confirm(c) = &h.app.mode else {
        panic!("asks first")
    };
    assert!(c.message.contains("and its 4 check-ins"), "{}", c.message);
    h.keys("y");
    assert_eq!(metrics(&h, "I-1").len(), 2);
    assert!(metrics(&h, "I-1")[0].starts_with("Median time"));

    h.keys("uuu");
    assert_eq!(metrics(&h, "I-1"), before, "three undos put it all back");
    h.keys("<Esc>");
    assert!(h.app.panel.is_none());
}

#[test]
fn a_metric_needs_a_name_and_a_changed_file_keeps_the_typed_text() {
    let mut h = Harness::demo();
    h.keys("Oa<Tab>5<Enter>");
    let Mode::Form(form) = &h.app.mode else {
        panic!("the form stays open")
    };
    assert!(
        form.error.as_deref().unwrap_or("").contains("metric name"),
        "{:?}",
        form.error
    );
    assert_eq!(metrics(&h, "I-1").len(), 2, "nothing stored");
}

#[test]
fn the_archive_panel_restores_undoably_and_deletes_for_good_after_asking() {
    let mut h = Harness::demo();
    h.keys("lj");
    assert_eq!(h.app.selected_key(), Some(key("E-1")));
    h.keys("dy");
    assert!(h.reopen().get(key("E-1")).unwrap().archived);
    h.keys("A");
    let screen = h.screen(120, 40);
    assert!(screen.contains("Archive · 1 item"), "{screen}");
    assert!(screen.contains("E-1"), "{screen}");
    // Restore: back in the file and the tree; undo archives it again.
    h.keys("r");
    assert!(!h.reopen().get(key("E-1")).unwrap().archived);
    assert!(h.screen(120, 40).contains("Nothing is archived"));
    h.keys("u");
    assert!(h.reopen().get(key("E-1")).unwrap().archived);
    assert!(h.screen(120, 40).contains("Archive · 1 item"));
    // Delete for good refuses while stories lie under it; a story goes.
    h.keys("Py");
    assert!(
        h.reopen().get(key("E-1")).is_some(),
        "refused: it has stories"
    );
    h.keys("<Esc>1");
    h.keys("jljj");
    let story = h.app.selected_key().unwrap();
    h.keys("dyA");
    // Both archived at the same (pinned) time: by key, E-1 first.
    h.keys("jP");
    let Mode::Confirm(c) = &h.app.mode else {
        panic!("asks first")
    };
    assert!(c.message.contains("cannot be undone"), "{}", c.message);
    h.keys("n");
    assert!(h.reopen().get(story).is_some(), "no: kept");
    h.keys("Py");
    let screen = h.screen(120, 40);
    assert!(
        h.reopen().get(story).is_none(),
        "yes: gone for good: {story}\n{screen}"
    );
}

#[test]
fn panel_snapshots() {
    let mut h = Harness::demo();
    h.keys("O");
    for (w, ht) in SIZES {
        let text = h.screen(w, ht);
        insta::assert_snapshot!(format!("metrics_panel_{w}x{ht}"), text);
    }
    h.keys("<Esc>ljdyA");
    for (w, ht) in SIZES {
        let text = h.screen(w, ht);
        insta::assert_snapshot!(format!("archive_panel_{w}x{ht}"), text);
    }
}
