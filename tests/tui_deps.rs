//! The dependency view (`b`), driven by keys on the demo backlog: opening
//! it from every tab with a selection, walking and folding its trees,
//! jumping to a node, adding and removing links (with undo).

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Key;
use backlog::domain::depmap::Side;
use backlog::tui::app::{Mode, Tab};
use backlog::tui::deps_view::DepRow;
use common::{Harness, render};

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// The demo with the dependency view open on E-3 (the fourth row of the
/// tree), which depends on E-6 in a later lane.
fn on_e3() -> Harness {
    on("E-3")
}

/// The demo with the dependency view open on `k`, selected in the tree.
fn on(k: &str) -> Harness {
    let mut h = Harness::demo();
    h.app.select_tree_key(key(k));
    h.app.clamp_lists();
    assert_eq!(h.app.selected_key(), Some(key(k)));
    h.keys("b");
    h
}

/// The demo with the tree's fourth row selected: E-3.
#[test]
fn the_fourth_row_of_the_demo_is_e3() {
    let mut h = Harness::demo();
    h.keys("jjj");
    assert_eq!(h.app.selected_key(), Some(key("E-3")));
}

fn focus(h: &Harness) -> Option<Key> {
    h.app.deps.as_ref().map(|d| d.focus)
}

fn selected(h: &Harness) -> Option<Key> {
    h.app.deps.as_ref().and_then(|d| d.selected_key())
}

fn message(h: &Harness) -> String {
    h.app
        .message
        .as_ref()
        .map(|m| m.0.clone())
        .unwrap_or_default()
}

#[test]
fn b_opens_the_view_of_the_selected_item_with_problems_and_critical_path() {
    let mut h = on_e3();
    assert_eq!(focus(&h), Some(key("E-3")));
    let view = h.app.deps.as_ref().unwrap();
    assert_eq!(view.map.level, backlog::domain::Kind::Epic);
    let screen = render(&h.app, 120, 40);
    assert!(screen.contains("Dependencies of E-3 · epics"), "{screen}");
    assert!(
        screen.contains("Depends on (what E-3 needs first)"),
        "{screen}"
    );
    assert!(
        screen.contains("Needed by (what waits for E-3)"),
        "{screen}"
    );
    let e6 = screen
        .lines()
        .find(|l| l.contains("→ E-6"))
        .unwrap_or_else(|| panic!("E-6 upstream:\n{screen}"));
    assert!(e6.contains("! later lane (now → next)"), "{e6}");
    assert!(e6.contains("ready") && e6.contains("next"), "{e6}");
    assert!(e6.contains('◆'), "on the critical path: {e6}");
    assert!(
        screen.contains("Critical path: E-6 → E-3"),
        "the domain's path: {screen}"
    );
    assert!(
        screen.contains("unestimated stories count as 3, the median"),
        "says what unestimated stories count as: {screen}"
    );
    // `b` again (or Esc) closes it.
    h.keys("b");
    assert!(h.app.deps.is_none());
    h.keys("b<Esc>");
    assert!(h.app.deps.is_none());
}

#[test]
fn b_works_on_every_tab_with_a_selected_item_and_from_the_palette() {
    for tab in ["2", "3", "4", "1jj"] {
        let mut h = Harness::demo();
        h.keys(tab);
        let sel = h.app.selected_key();
        assert!(sel.is_some(), "tab {tab} has a selection");
        h.keys("b");
        assert_eq!(focus(&h), sel, "tab {tab}");
        let screen = render(&h.app, 80, 24);
        assert!(
            screen.contains(&format!("Dependencies of {}", sel.unwrap())),
            "tab {tab}:\n{screen}"
        );
    }
    let mut h = Harness::demo();
    h.keys("jjj:depends<Enter>");
    assert_eq!(focus(&h), Some(key("E-3")));
}

#[test]
fn j_k_skip_headings_and_enter_jumps_to_the_item_in_the_backlog_tab() {
    let mut h = on_e3();
    assert_eq!(selected(&h), Some(key("E-3")), "the item itself first");
    h.keys("j");
    assert_eq!(selected(&h), Some(key("E-6")), "the heading is skipped");
    h.keys("jjjj");
    assert_eq!(selected(&h), Some(key("E-6")), "nothing below it");
    h.keys("k");
    assert_eq!(selected(&h), Some(key("E-3")), "the heading is skipped");
    h.keys("jg");
    assert_eq!(selected(&h), Some(key("E-3")), "g: top");
    h.keys("G<Enter>");
    assert!(h.app.deps.is_none(), "Enter closes the view");
    assert_eq!(h.app.tab, Tab::Backlog);
    assert_eq!(h.app.selected_key(), Some(key("E-6")));
    // From another tab, Esc goes back there.
    let mut h = Harness::demo();
    h.keys("3");
    let card = h.app.selected_key().unwrap();
    h.keys("b<Enter>");
    assert_eq!(h.app.tab, Tab::Backlog);
    assert_eq!(h.app.selected_key(), Some(card));
    h.keys("<Esc>");
    assert_eq!(h.app.tab, Tab::Roadmap);
}

#[test]
fn d_removes_a_direct_link_undoably_and_names_a_link_it_cannot_remove() {
    let mut h = on_e3();
    assert!(
        h.reopen()
            .get(key("E-3"))
            .unwrap()
            .depends_on
            .contains(&key("E-6"))
    );
    h.keys("jd");
    assert!(
        message(&h).contains("E-3 no longer depends on E-6"),
        "{}",
        message(&h)
    );
    assert!(
        !h.reopen()
            .get(key("E-3"))
            .unwrap()
            .depends_on
            .contains(&key("E-6"))
    );
    // Still drawn: a story of E-3 depends on a story of E-6.
    assert_eq!(selected(&h), Some(key("E-6")), "the view is recomputed");
    h.keys("x");
    let m = message(&h);
    assert!(
        m.contains("E-3 does not depend on E-6 itself") && m.contains("S-18 → S-38"),
        "{m}"
    );
    // The usual undo, from the view.
    h.keys("u");
    assert!(h.app.deps.is_some(), "undo keeps the view open");
    assert!(
        h.reopen()
            .get(key("E-3"))
            .unwrap()
            .depends_on
            .contains(&key("E-6"))
    );
    // From the other side: E-6 is needed by E-3; removing it there
    // changes E-3.
    let mut h = on("E-6");
    let view = h.app.deps.as_ref().unwrap();
    assert!(view.rows.iter().any(
        |r| matches!(r, DepRow::Node(n) if n.side == Side::Downstream && n.key == key("E-3"))
    ));
    h.keys("jd");
    assert!(
        !h.reopen()
            .get(key("E-3"))
            .unwrap()
            .depends_on
            .contains(&key("E-6"))
    );
}

#[test]
fn a_adds_a_link_through_the_search_picker_and_the_view_shows_it() {
    let mut h = on_e3();
    h.keys("a");
    let Mode::Picker(p) = &h.app.mode else {
        panic!("the dependency picker opens");
    };
    assert!(p.title.starts_with("E-3 "), "{}", p.title);
    assert!(h.app.deps.is_some(), "the view stays under the picker");
    h.keys("E-8<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert!(
        h.reopen()
            .get(key("E-3"))
            .unwrap()
            .depends_on
            .contains(&key("E-8"))
    );
    let view = h.app.deps.as_ref().unwrap();
    assert!(
        view.rows
            .iter()
            .any(|r| matches!(r, DepRow::Node(n) if n.key == key("E-8"))),
        "the new link is drawn"
    );
    // A cycle is refused with its path named, nothing changed.
    let mut h = on("E-6");
    h.keys("a");
    h.keys("E-3<Enter>");
    assert!(message(&h).contains("cycle"), "{}", message(&h));
    assert!(
        !h.reopen()
            .get(key("E-6"))
            .unwrap()
            .depends_on
            .contains(&key("E-3"))
    );
}

#[test]
fn deep_branches_fold_and_unfold_and_only_direct_links_are_removed() {
    // On stories: S-55 is needed by S-60, which S-61 needs.
    let mut h = on("S-55");
    let nodes = |h: &Harness| -> Vec<(usize, Key)> {
        h.app
            .deps
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .filter_map(|r| match r {
                DepRow::Node(n) => Some((n.depth, n.key)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(nodes(&h), [(1, key("S-60")), (2, key("S-61"))]);
    h.keys("jj");
    assert_eq!(selected(&h), Some(key("S-61")));
    h.keys("d");
    assert!(message(&h).contains("2 links away"), "{}", message(&h));
    assert!(
        h.reopen()
            .get(key("S-61"))
            .unwrap()
            .depends_on
            .contains(&key("S-60"))
    );
    // h: to where it hangs; h again folds that branch; l unfolds it.
    h.keys("h");
    assert_eq!(selected(&h), Some(key("S-60")));
    h.keys("h");
    assert_eq!(nodes(&h), [(1, key("S-60"))]);
    let screen = render(&h.app, 80, 24);
    assert!(screen.contains("▸ ← S-60"), "folded:\n{screen}");
    h.keys("l");
    assert_eq!(nodes(&h), [(1, key("S-60")), (2, key("S-61"))]);
}

#[test]
fn other_commands_close_the_view_and_run_on_the_tab() {
    let mut h = on_e3();
    h.keys("2");
    assert!(h.app.deps.is_none());
    assert_eq!(h.app.tab, Tab::Ranked);
    // Help opens over the view and closes back to it.
    let mut h = on_e3();
    h.keys("?");
    assert!(matches!(h.app.mode, Mode::Help { .. }));
    h.keys("<Esc>");
    assert_eq!(focus(&h), Some(key("E-3")));
}
