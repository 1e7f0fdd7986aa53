//! Adding an item is one form (issue 16, "One form for a story"): a
//! story typed as one "As a …" sentence with its criteria, points and
//! scores is one write and one undo; "save and add another" keeps the
//! form open; bad input stores nothing; epics take their lane and scores.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Key;
use backlog::tui::app::Mode;
use common::Harness;

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn form_error(h: &Harness) -> String {
    match &h.app.mode {
        Mode::Form(f) => f.error.clone().unwrap_or_default(),
        _ => panic!("the form stays open"),
    }
}

#[test]
fn a_story_sentence_with_criteria_points_and_scores_is_one_form_and_one_undo() {
    let mut h = Harness::demo();
    h.keys("lj");
    assert_eq!(h.app.selected_key(), Some(key("E-1")));
    let stories = h.reopen().children(key("E-1")).count();
    h.keys("a");
    h.keys(
        "As a dispatcher, I want to see each technician's next job, so that I can plan the afternoon",
    );
    h.keys("<Tab>- Given a technician, when I hover, then the next job shows<A-Enter>");
    h.keys("2. Given no next job, when I hover, then it says so");
    h.keys("<Tab>5<Tab>300 high 80 1<Tab>8 5 3 5<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "saved and closed");
    assert_eq!(h.app.undo_stack.len(), 1, "one change");

    let b = h.reopen();
    assert_eq!(b.children(key("E-1")).count(), stories + 1);
    let s = b.get(h.app.selected_key().unwrap()).unwrap();
    assert_eq!(s.parent, Some(key("E-1")));
    assert_eq!(s.title, "See each technician's next job");
    assert_eq!(s.persona.as_deref(), Some("dispatcher"));
    assert_eq!(s.goal.as_deref(), Some("to see each technician's next job"));
    assert_eq!(s.benefit.as_deref(), Some("I can plan the afternoon"));
    let criteria: Vec<&str> = s.criteria.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        criteria,
        [
            "Given a technician, when I hover, then the next job shows",
            "Given no next job, when I hover, then it says so"
        ]
    );
    assert_eq!(s.points, Some(5.0));
    assert_eq!(s.rice_score(), Some(480.0));
    assert_eq!(s.wsjf_score(), Some(3.2));
    let created = s.key;

    h.keys("u");
    assert!(h.reopen().get(created).is_none(), "one undo removes it all");
}

#[test]
fn save_and_add_another_keeps_the_form_open_for_the_next_story() {
    let mut h = Harness::demo();
    h.keys("lj");
    let stories = h.reopen().children(key("E-1")).count();
    h.keys("aFirst of two<Tab>Given one, then one<C-n>");
    let Mode::Form(form) = &h.app.mode else {
        panic!("the form opens again")
    };
    assert!(form.title.contains("added S-"), "{}", form.title);
    assert_eq!(form.value(0), "", "empty for the next story");
    assert!(!form.changed());
    h.keys("Second of two<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    let b = h.reopen();
    let titles: Vec<&str> = b
        .children(key("E-1"))
        .map(|s| s.title.as_str())
        .skip(stories)
        .collect();
    assert_eq!(titles, ["First of two", "Second of two"]);
    assert_eq!(h.app.undo_stack.len(), 2);
}

#[test]
fn bad_points_or_scores_keep_the_form_and_store_nothing() {
    let mut h = Harness::demo();
    h.keys("lj");
    let before = h.reopen().items().len();
    h.keys("aA story<Tab><Tab>lots<Enter>");
    assert!(form_error(&h).contains("points"), "{}", form_error(&h));
    h.keys("<BS><BS><BS><BS>3<Tab>300 high<Enter>");
    let e = form_error(&h);
    assert!(e.contains("RICE") && e.contains("four values"), "{e}");
    h.keys("<Tab>8 5 3 0<Enter>");
    assert!(!form_error(&h).is_empty());
    assert_eq!(h.reopen().items().len(), before, "nothing stored");
    // Fixed, it saves.
    h.keys("<BS>5<BackTab><C-u><Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{}", h.screen(80, 24));
    assert_eq!(h.reopen().items().len(), before + 1);
}

#[test]
fn a_plain_title_stays_the_title_and_an_epic_takes_its_lane_and_scores() {
    let mut h = Harness::demo();
    h.keys("lj");
    h.keys("aShow traffic on the map<Enter>");
    let s = h
        .reopen()
        .get(h.app.selected_key().unwrap())
        .unwrap()
        .clone();
    assert_eq!(s.title, "Show traffic on the map");
    assert_eq!((s.persona, s.goal, s.criteria.len()), (None, None, 0));

    h.keys("gl");
    assert_eq!(h.app.selected_key(), Some(key("I-1")));
    h.keys("aRoute planning<Tab>next<Tab>1000 medium 50 5<Enter>");
    let b = h.reopen();
    let e = b.get(h.app.selected_key().unwrap()).unwrap();
    assert_eq!(e.title, "Route planning");
    assert_eq!(e.lane, Some(backlog::domain::Lane::Next));
    assert_eq!(e.rice_score(), Some(100.0));
}

#[test]
fn story_form_snapshots() {
    let mut h = Harness::demo();
    h.keys("lja");
    h.keys("As a dispatcher, I want to see the next job<Tab>Given a job<A-Enter>Then it shows");
    for (w, ht) in SIZES {
        let text = h.screen(w, ht);
        insta::assert_snapshot!(format!("story_form_{w}x{ht}"), text);
    }
}

#[test]
fn a_story_is_edited_in_one_form_criteria_keep_their_ticks() {
    let mut h = Harness::demo();
    h.keys("jlj");
    let k = h.app.selected_key().unwrap();
    let before = h.reopen().get(k).unwrap().clone();
    assert_eq!(before.kind(), backlog::domain::Kind::Story);
    let ticks: Vec<bool> = before.criteria.iter().map(|c| c.done).collect();
    // Title, As a, I want, So that, then the criteria one a line.
    h.keys("e<Tab><Tab><Tab><Tab>");
    let Mode::Form(form) = &h.app.mode else {
        panic!("edit form")
    };
    assert_eq!(form.fields[form.focus].label, "Criteria");
    h.keys("<A-Enter>Given a new line, then it is a criterion");
    h.keys("<Tab><C-u>8<Tab><C-u>300 high 50<Enter>");
    let e = form_error(&h);
    assert!(e.contains("four values"), "{e}");
    assert_eq!(h.reopen().get(k).unwrap(), &before, "nothing stored");
    h.keys(" 1<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{}", h.screen(80, 24));
    assert_eq!(h.app.undo_stack.len(), 1, "one change");

    let after = h.reopen().get(k).unwrap().clone();
    let mut expected = ticks.clone();
    expected.push(false);
    assert_eq!(
        after.criteria.iter().map(|c| c.done).collect::<Vec<_>>(),
        expected,
        "the criteria kept keep their ticks"
    );
    assert_eq!(
        after.criteria.last().unwrap().text,
        "Given a new line, then it is a criterion"
    );
    assert_eq!(after.points, Some(8.0));
    assert_eq!(after.rice_score(), Some(300.0));
    assert_eq!(after.wsjf, before.wsjf, "untouched inputs stay");
    h.keys("u");
    assert_eq!(h.reopen().get(k).unwrap().criteria, before.criteria);
    assert_eq!(h.reopen().get(k).unwrap().points, before.points);
}

#[test]
fn a_tall_form_scrolls_to_the_focused_field() {
    let mut h = Harness::demo();
    h.keys("jlje<BackTab>");
    let screen = h.screen(80, 24);
    assert!(screen.contains("Description"), "{screen}");
    assert!(screen.contains("↑ 5 above"), "{screen}");
    assert!(screen.contains("1 Backlog"), "the tab bar stays: {screen}");
}
