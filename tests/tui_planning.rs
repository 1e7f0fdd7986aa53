//! Capacity and forecasts in the TUI, on the demo (months of finished
//! stories in its history): the Roadmap header's capacity line and what it
//! stands on, the 85 % dates on Now and Next epic cards, the Ranked tab's
//! 85 % column of epics; computed when the backlog or the sort model
//! changes, never per key.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Model;
use backlog::ops::planning::planning;
use backlog::tui::Effect;
use common::{Harness, render};

fn plans(h: &Harness) -> usize {
    h.effects
        .iter()
        .filter(|e| matches!(e, Effect::Plan(_)))
        .count()
}

#[test]
fn the_roadmap_header_says_whether_now_fits_and_what_it_stands_on() {
    let mut h = Harness::demo();
    h.keys("3");
    let expected = planning(&h.store, Model::Rice).unwrap();
    let screen = render(&h.app, 250, 40);
    let headline = expected.capacity.headline();
    assert!(headline.starts_with("Now "), "{headline}");
    let line = screen
        .lines()
        .find(|l| l.contains(&headline))
        .unwrap_or_else(|| panic!("{headline} in the header:\n{screen}"));
    assert!(line.contains("capacity"), "the basis follows: {line}");
    assert!(
        line.contains("85% dates"),
        "and what the dates stand on: {line}"
    );
}

#[test]
fn now_and_next_epic_cards_show_their_85_percent_date() {
    let mut h = Harness::demo();
    h.keys("3");
    let expected = planning(&h.store, Model::Rice).unwrap();
    assert!(expected.basis.is_forecast(), "the demo has history");
    let shown = h.app.planning.shown.clone().expect("figures in");
    let screen = render(&h.app, 250, 80);
    let mut dated = 0;
    for e in &expected.epics {
        let line = shown.card_line(e.key).unwrap();
        let date = line.split(" (").next().unwrap();
        if let Some(d) = e.p85 {
            assert!(date.ends_with(&d.format("%-d %b %Y").to_string()), "{line}");
            dated += 1;
        }
        assert!(screen.contains(date), "{} shows {date}:\n{screen}", e.key);
    }
    assert!(dated > 0, "some epics have a date");
    // Later and unplanned cards have none.
    let later = h.app.roadmap_cards(2);
    assert!(later.iter().all(|c| shown.card_line(c.key).is_none()));
}

#[test]
fn figures_are_computed_when_the_backlog_or_model_changes_not_per_key() {
    let mut h = Harness::demo();
    assert_eq!(plans(&h), 0, "not on the Backlog tab");
    h.keys("3");
    assert_eq!(plans(&h), 1);
    h.keys("jjkllhh");
    assert_eq!(plans(&h), 1, "moving between cards computes nothing");
    h.keys("s");
    assert_eq!(plans(&h), 2, "another sort model: another roadmap order");
    h.keys("L");
    assert_eq!(plans(&h), 3, "a card moved lane");
    h.keys("u");
    assert_eq!(plans(&h), 4, "undone");
    h.keys("1jj2");
    assert_eq!(plans(&h), 4, "the Ranked tab reuses them");
}

#[test]
fn without_history_the_cards_say_so_and_capacity_is_unknown() {
    let mut h = Harness::empty();
    h.keys("nDispatch<Enter>aLive map<Enter>e<Tab>now<Enter>aShow markers<Enter>");
    h.keys("3");
    let screen = render(&h.app, 120, 40);
    assert!(screen.contains("85%: not enough history"), "{screen}");
    assert!(screen.contains("capacity unknown"), "{screen}");
}

#[test]
fn the_ranked_tab_lists_epics_with_their_85_percent_date_when_wide_enough() {
    let mut h = Harness::demo();
    h.keys("2t");
    let shown = h.app.planning.shown.clone().expect("figures in");
    // Narrower, the status and the score come first.
    let narrow = render(&h.app, 120, 40);
    let header = narrow.lines().find(|l| l.contains("TITLE")).unwrap();
    assert!(
        header.contains("STATUS") && !header.contains("85%"),
        "{header}"
    );
    let screen = render(&h.app, 160, 40);
    let header = screen.lines().find(|l| l.contains("TITLE")).unwrap();
    assert!(header.contains("85%"), "{header}");
    let dated = shown.epics.iter().find(|e| e.p85.is_some()).unwrap();
    let row = screen
        .lines()
        .find(|l| l.contains(&format!(" {} ", dated.key)))
        .unwrap();
    let date = dated.p85.unwrap().format("%-d %b %Y").to_string();
    assert!(row.contains(&date), "{row}");
    // Stories: no column.
    h.keys("t");
    let screen = render(&h.app, 160, 40);
    let header = screen.lines().find(|l| l.contains("TITLE")).unwrap();
    assert!(!header.contains("85%"), "{header}");
}

#[test]
fn the_health_tab_says_whether_now_fits_and_which_now_epics_run_late() {
    let mut h = Harness::demo();
    h.keys("5");
    let expected = planning(&h.store, Model::Rice).unwrap().findings();
    assert!(expected.over_committed, "the demo's Now is over-committed");
    assert!(!expected.late.is_empty(), "and some Now epics run late");
    let screen = render(&h.app, 120, 40);
    let summary = screen
        .lines()
        .find(|l| l.contains("Capacity: over-committed"))
        .unwrap_or_else(|| panic!("a capacity line in the summary:\n{screen}"));
    assert!(summary.contains(&expected.headline), "{summary}");
    let late = format!(
        "Now epics forecast (85%) to finish after Now ends on {} ({})",
        expected.now_ends.format("%-d %b %Y"),
        expected.late.len()
    );
    assert!(screen.contains(&late), "{late} in:\n{screen}");
    // The late finding opens into its epics, each a jump to the item.
    let at = h
        .app
        .health
        .rows
        .iter()
        .position(|r| r.text == late)
        .expect("the late finding is a row");
    h.app.health.state.selected = at;
    h.keys("<Enter>");
    let screen = render(&h.app, 120, 40);
    for l in &expected.late {
        let row = format!(
            "{:<7} 85% by {}",
            l.key.to_string(),
            l.p85.format("%-d %b %Y")
        );
        assert!(screen.contains(&row), "{row} in:\n{screen}");
    }
    h.keys("<Enter>");
    assert_eq!(
        h.app.selected_item().map(|i| i.key),
        Some(expected.late[0].key)
    );
}

#[test]
fn the_health_tab_capacity_finding_opens_into_what_it_stands_on() {
    let mut h = Harness::demo();
    h.keys("5");
    let expected = planning(&h.store, Model::Rice).unwrap().findings();
    let at = h
        .app
        .health
        .rows
        .iter()
        .position(|r| r.text.starts_with("Capacity:"))
        .expect("a capacity row");
    h.app.health.state.selected = at;
    h.keys("<Enter>");
    let screen = render(&h.app, 80, 24);
    // The explanations wrap inside 80 columns, nothing cut.
    assert!(!screen.contains('…'), "{screen}");
    let text = h
        .app
        .health
        .rows
        .iter()
        .map(|r| r.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains(&expected.basis), "{text}");
    assert!(text.contains(&expected.forecast), "{text}");
    // Filtering finds it too, and the figures follow an edit.
    h.keys("<Esc>/capacity<Enter>");
    let screen = render(&h.app, 160, 40);
    assert!(screen.contains("Capacity: over-committed"), "{screen}");
}
