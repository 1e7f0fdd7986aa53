//! The metric check-in form in the key-driven harness: opened with `M` or
//! from the palette on an initiative (or the initiative above the
//! selection), saved in date order, refused without a change, undone;
//! the detail pane and the roadmap card show the standing.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Key;
use backlog::tui::app::Mode;
use common::Harness;

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

fn values(h: &Harness, metric: usize) -> Vec<String> {
    h.reopen().get(key("I-1")).unwrap().metrics[metric]
        .checkins
        .iter()
        .map(|c| format!("{} {}", c.date, c.value))
        .collect()
}

#[test]
fn a_check_in_is_saved_in_date_order_and_undone() {
    let mut h = Harness::demo();
    assert_eq!(h.app.selected_key(), Some(key("I-1")));
    h.keys("M");
    let Mode::Form(form) = &h.app.mode else {
        panic!("check-in form")
    };
    assert!(form.title.starts_with("Check-in on I-1"), "{}", form.title);
    assert_eq!(form.value(0), "1");
    assert_eq!(form.value(2), "2026-09-01");
    h.keys("<Tab>44<Tab><Tab>pilot export<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "saved and closed");
    assert_eq!(
        values(&h, 0),
        // The demo's check-ins are dated back from the harness's today
        // (2026-09-01): the new one comes last.
        [
            "2026-05-23 46",
            "2026-06-24 43",
            "2026-07-24 38",
            "2026-08-25 34",
            "2026-09-01 44"
        ]
    );
    let saved = h.reopen().get(key("I-1")).unwrap().metrics[0].checkins[4]
        .note
        .clone();
    assert_eq!(saved, "pilot export");
    h.keys("u");
    assert_eq!(values(&h, 0).len(), 4);
}

#[test]
fn a_bad_value_or_date_keeps_the_form_open_and_changes_nothing() {
    let mut h = Harness::demo();
    let before = h.reopen().get(key("I-1")).unwrap().clone();
    h.keys("M<Tab>fewer<Enter>");
    let Mode::Form(form) = &h.app.mode else {
        panic!("form stays open")
    };
    let error = form.error.clone().unwrap_or_default();
    assert!(error.contains("check-in value"), "{error}");
    h.keys("<Esc><Esc>");
    h.keys("M3<BS><BS>9<Tab>40<Enter>");
    let Mode::Form(form) = &h.app.mode else {
        panic!("form stays open")
    };
    let error = form.error.clone().unwrap_or_default();
    assert!(error.contains("a number from 1 to 2"), "{error}");
    assert_eq!(h.reopen().get(key("I-1")).unwrap(), &before);
}

#[test]
fn on_an_epic_the_check_in_goes_to_its_initiative_and_the_palette_opens_it() {
    let mut h = Harness::demo();
    h.keys("lj");
    assert_eq!(h.app.selected_key(), Some(key("E-1")));
    h.keys(":checkin<Enter>");
    let Mode::Form(form) = &h.app.mode else {
        panic!("check-in form from the palette")
    };
    assert!(form.title.starts_with("Check-in on I-1"), "{}", form.title);
    h.keys("2<BS><BS>2<Tab>6 min<Enter>");
    assert_eq!(values(&h, 1).last().unwrap(), "2026-09-01 6 min");
}

#[test]
fn the_detail_pane_and_the_roadmap_card_show_progress_and_trend() {
    let mut h = Harness::demo();
    let screen = h.screen(120, 40);
    assert!(screen.contains("▰▰▰▰▰▱▱▱▱▱ 46% now 34 █▆▃▁"), "{screen}");
    h.keys("3");
    let screen = h.screen(160, 40);
    assert!(screen.contains("▰▰▱▱▱ 46%"), "{screen}");
}
