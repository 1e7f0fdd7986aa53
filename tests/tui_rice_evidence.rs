//! The RICE form's "reach from the evidence" toggle (`Ctrl-t`): Reach
//! becomes the number of customers behind the item, the saved change says
//! so, pressed again it puts back what was typed; an item without evidence
//! is told how to get some.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Key;
use backlog::tui::app::Mode;
use common::Harness;

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

fn reach_field(h: &Harness) -> String {
    match &h.app.mode {
        Mode::Form(f) => f.value(0),
        _ => panic!("no form open"),
    }
}

#[test]
fn ctrl_t_takes_reach_from_the_customers_in_the_evidence_and_says_so() {
    let mut h = Harness::demo();
    h.app.select_tree_key(key("E-1"));
    h.keys("r");
    assert_eq!(reach_field(&h), "1800");
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("the 3 customers in its evidence"),
        "{screen}"
    );

    // On, off (what was typed comes back), on again.
    h.keys("<C-t>");
    assert_eq!(reach_field(&h), "3");
    h.keys("<C-t>");
    assert_eq!(reach_field(&h), "1800");
    h.keys("<C-t>");
    assert_eq!(reach_field(&h), "3");
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("from the evidence: 3 customers"),
        "{screen}"
    );

    h.keys("<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.reopen().get(key("E-1")).unwrap().rice.reach, Some(3.0));
    let screen = h.screen(200, 40);
    assert!(
        screen.contains("reach = the 3 customers in its evidence (F-"),
        "{screen}"
    );
}

#[test]
fn a_reach_typed_over_the_evidence_is_not_credited_to_it() {
    let mut h = Harness::demo();
    h.app.select_tree_key(key("E-1"));
    h.keys("r<C-t><BS>7<Enter>");
    assert_eq!(h.reopen().get(key("E-1")).unwrap().rice.reach, Some(7.0));
    let screen = h.screen(200, 40);
    assert!(!screen.contains("in its evidence"), "{screen}");
}

#[test]
fn an_item_without_evidence_is_told_how_to_get_some() {
    let mut h = Harness::demo();
    h.app.select_tree_key(key("E-3"));
    let before = h.reopen().get(key("E-3")).unwrap().version;
    h.keys("r<C-t>");
    assert_eq!(reach_field(&h), "1800", "the typed reach stays");
    let screen = h.screen(120, 40);
    assert!(screen.contains("E-3 has no customer evidence"), "{screen}");
    h.keys("<Esc>");
    assert_eq!(h.reopen().get(key("E-3")).unwrap().version, before);
}
