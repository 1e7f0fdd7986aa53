//! The TUI's history of an item (`v`): every recorded change, newest
//! first, with who made it (on a file the operating-system user), undone
//! changes marked; scrolled with the help's keys, closed by Esc.

#[path = "common/mod.rs"]
mod cli;
#[path = "tui_common/mod.rs"]
mod common;

use backlog::tui::app::{App, Mode};
use backlog::tui::config::Config;
use common::{FILE_NAME, Harness, open_store};

/// The demo, then S-1 changed by two users (one change undone), each by
/// the real binary; the App opened on the file afterwards.
fn changed_by_two_users(more_edits: usize) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let run = |user: &str, args: &[&str]| {
        let out = cli::cmd_for(&path)
            .env("USER", user)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run("tester", &["demo"]);
    run("alice", &["edit", "S-1", "--title", "Renamed by Alice"]);
    run("bob", &["edit", "S-1", "--points", "8"]);
    run("bob", &["undo"]);
    for n in 0..more_edits {
        run(
            "carol",
            &["edit", "S-1", "--title", &format!("Renamed {n}")],
        );
    }
    let store = open_store(&path);
    let app = App::new(store.load().unwrap(), FILE_NAME, &Config::load(None));
    let mut h = Harness {
        app,
        store,
        path,
        dir,
        effects: Vec::new(),
    };
    h.resize(120, 40);
    // S-1 is the first story of the first epic.
    h.keys("jlj");
    assert_eq!(h.app.selected_key().unwrap().to_string(), "S-1");
    h
}

#[test]
fn the_history_shows_who_changed_the_item_newest_first() {
    let mut h = changed_by_two_users(0);
    h.keys("v");
    assert!(matches!(h.app.mode, Mode::History(_)));
    let text = h.screen(120, 40);
    insta::assert_snapshot!("item_history_120x40", text);
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in\n{text}"))
    };
    // Newest first, each with its author.
    assert!(at("undo: edit S-1") < at("points (undone)"));
    assert!(at("points (undone)") < at("alice") && at("alice") < at("tester"));
    for change in ["undo: edit S-1", "points (undone)"] {
        assert!(lines[at(change)].contains(" bob "), "{}", lines[at(change)]);
    }
    assert!(
        lines[at("alice")].contains("title"),
        "{}",
        lines[at("alice")]
    );
    // The demo's load, by tester, created S-1 (the demo then finished it).
    assert!(at("edit S-1: status") < at("load the demo backlog"));
    for change in ["edit S-1: status", "load the demo backlog"] {
        assert!(
            lines[at(change)].contains(" tester "),
            "{}",
            lines[at(change)]
        );
    }
    assert!(lines[at("load the demo backlog")].contains("created"));
    insta::assert_snapshot!("item_history_80x24", h.screen(80, 24));

    // Esc closes it; the list has the keys again.
    h.keys("<Esc>");
    assert!(matches!(h.app.mode, Mode::Normal));
    h.keys("j");
    assert_eq!(h.app.selected_key().unwrap().to_string(), "S-2");
}

#[test]
fn a_long_history_scrolls_with_the_help_keys_and_stops_at_its_end() {
    let mut h = changed_by_two_users(30);
    h.resize(80, 24);
    h.keys("v");
    let Mode::History(history) = &h.app.mode else {
        panic!("no history shown");
    };
    let total = history.lines.len();
    assert_eq!(
        total, 35,
        "the demo and its finishing S-1, alice, bob's edit and undo, 30 more"
    );
    for _ in 0..100 {
        h.keys("j");
    }
    let Mode::History(history) = &h.app.mode else {
        panic!("scrolling closed the history");
    };
    let visible = backlog::tui::layout::help_visible(h.app.size);
    assert_eq!(history.scroll as usize, total - visible);
    let screen = h.screen(80, 24);
    // The oldest change (the demo's) is the last line.
    assert!(screen.contains("tester"), "{screen}");
    assert!(screen.contains("above"), "{screen}");
    h.keys("q");
    assert!(h.app.quit);
}

#[test]
fn without_a_selected_item_the_history_says_what_to_do() {
    let mut h = Harness::empty();
    h.keys("v");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(
        h.app.message.as_ref().map(|m| m.0.as_str()),
        Some("Select an item to see its history")
    );
}
