//! Update-level tests: key sequences go through the keymap (or straight to
//! the open field), `App::update` and `effect::run` like the event loop
//! does; the tests assert on App state and on the file.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::{Key, Kind, Status};
use backlog::tui::app::{Focus, Mode, Tab};
use backlog::tui::{Action, Effect};
use common::Harness;
use serde_json::Value;

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// `backlog --db F <args>` run as a real process.
fn cli(h: &Harness, args: &[&str]) -> String {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .arg("--db")
        .arg(&h.path)
        .args(args)
        .env("BACKLOG_NOW", "2026-09-01T09:30:00Z")
        .env_remove("BACKLOG_DB")
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn list_json(h: &Harness) -> Vec<Value> {
    let v: Value = serde_json::from_str(&cli(h, &["list", "--json"])).unwrap();
    v.as_array().unwrap().clone()
}

fn form_error(h: &Harness) -> Option<String> {
    match &h.app.mode {
        Mode::Form(f) => f.error.clone(),
        _ => None,
    }
}

fn message(h: &Harness) -> String {
    h.app
        .message
        .as_ref()
        .map(|m| m.0.clone())
        .unwrap_or_default()
}

/// Builds, from an empty file and with the keyboard only: an initiative,
/// an epic, a story with persona, goal and two criteria. Leaves the story
/// selected.
fn build_story(h: &mut Harness) -> Key {
    h.keys("nDispatch without phone calls<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "form closed after save");
    assert_eq!(h.app.selected_key(), Some(key("I-1")));
    h.keys("aLive technician map<Enter>");
    assert_eq!(h.app.selected_key(), Some(key("E-1")));
    h.keys("aShow technicians on the map<Enter>");
    let s = key("S-1");
    assert_eq!(h.app.selected_key(), Some(s));
    // Title, As a, I want, So that, Owner, Description.
    h.keys("e<Tab>dispatcher<Tab>to see every technician on one map");
    h.keys("<Tab>I can answer without calling<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", form_error(h));
    h.keys("cGiven a moving technician, the marker follows within 30 s<Enter>");
    h.keys("cOff-shift technicians are hidden<Enter>");
    let item = h.app.backlog.get(s).unwrap();
    assert_eq!(item.persona.as_deref(), Some("dispatcher"));
    assert_eq!(item.criteria.len(), 2);
    s
}

#[test]
fn done_means_add_score_ready_ranked_and_list_json() {
    let mut h = Harness::empty();
    let s = build_story(&mut h);

    // RICE: reach, impact, confidence, effort.
    h.keys("r500<Tab>2<Tab>80<Tab>2<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", form_error(&h));
    assert_eq!(h.app.backlog.get(s).unwrap().rice_score(), Some(400.0));
    // WSJF: value, time criticality, risk reduction, job size.
    h.keys("w8<Tab>5<Tab>3<Tab>2<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", form_error(&h));
    assert_eq!(h.app.backlog.get(s).unwrap().wsjf_score(), Some(8.0));

    // Ready is refused while the estimate is missing, and says so.
    h.keys("S");
    assert!(matches!(h.app.mode, Mode::Picker(_)));
    h.keys("j<Enter>");
    let msg = message(&h);
    assert!(msg.contains("S-1 is not ready"), "{msg}");
    assert!(msg.contains("an estimate"), "{msg}");
    assert!(!msg.contains("persona"), "{msg}");
    assert_eq!(h.reopen().get(s).unwrap().status, Status::Draft);

    h.keys("p5<Enter>");
    assert_eq!(h.app.backlog.get(s).unwrap().points, Some(5.0));
    h.keys("Sj<Enter>");
    assert_eq!(h.app.backlog.get(s).unwrap().status, Status::Ready);
    assert!(message(&h).contains("S-1 status ready"), "{}", message(&h));

    // The Ranked tab lists it, scored, selected.
    h.keys("2");
    assert_eq!(h.app.tab, Tab::Ranked);
    assert_eq!(h.app.ranked.rows, vec![s]);
    assert_eq!(h.app.selected_key(), Some(s));
    let screen = h.screen(120, 40);
    assert!(screen.contains("Ranked stories by RICE · 1 scored · 0 unscored"));
    assert!(screen.contains("500 × 2 × 80% ÷ 2 = 400"), "{screen}");

    // And the CLI reads exactly that back.
    let items = list_json(&h);
    let keys: Vec<&str> = items.iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["I-1", "E-1", "S-1"]);
    let story = &items[2];
    assert_eq!(story["kind"], "story");
    assert_eq!(story["title"], "Show technicians on the map");
    assert_eq!(story["parent"], "E-1");
    assert_eq!(items[1]["parent"], "I-1");
    assert_eq!(story["status"], "ready");
    assert_eq!(story["persona"], "dispatcher");
    assert_eq!(story["goal"], "to see every technician on one map");
    assert_eq!(story["benefit"], "I can answer without calling");
    assert_eq!(story["points"], 5.0);
    assert_eq!(
        story["acceptance_criteria"],
        serde_json::json!([
            {"text": "Given a moving technician, the marker follows within 30 s", "done": false},
            {"text": "Off-shift technicians are hidden", "done": false}
        ])
    );
    assert_eq!(story["rice"], 400.0);
    assert_eq!(story["wsjf"], 8.0);
    assert_eq!(
        story["rice_inputs"],
        serde_json::json!({"reach": 500.0, "impact": 2.0, "confidence": 80.0, "effort": 2.0})
    );
    assert_eq!(
        story["wsjf_inputs"],
        serde_json::json!({"value": 8.0, "time_criticality": 5.0, "risk_reduction": 3.0, "job_size": 2.0})
    );
    assert_eq!(story["ready_missing"], serde_json::json!([]));
    insta::assert_snapshot!("done_means_list_json", cli(&h, &["list", "--json"]));
}

#[test]
fn toggle_criterion_then_undo_and_redo() {
    let mut h = Harness::empty();
    let s = build_story(&mut h);
    h.keys("<Tab>");
    assert_eq!(h.app.focus, Focus::Criteria);
    h.keys("j<Space>");
    let done = |h: &Harness| -> Vec<bool> {
        h.reopen()
            .get(s)
            .unwrap()
            .criteria
            .iter()
            .map(|c| c.done)
            .collect()
    };
    assert_eq!(done(&h), [false, true]);
    assert!(h.app.backlog.get(s).unwrap().criteria[1].done);

    h.keys("u");
    assert_eq!(done(&h), [false, false]);
    assert!(!h.app.backlog.get(s).unwrap().criteria[1].done);
    assert!(message(&h).starts_with("Undone"), "{}", message(&h));

    h.keys("<C-r>");
    assert_eq!(done(&h), [false, true]);
    assert!(h.app.backlog.get(s).unwrap().criteria[1].done);
    assert!(message(&h).starts_with("Redone"), "{}", message(&h));
    // Still on the same story and criterion.
    assert_eq!(h.app.selected_key(), Some(s));
    assert_eq!(h.app.criterion, 1);
}

#[test]
fn undo_of_an_add_removes_the_item() {
    let mut h = Harness::empty();
    h.keys("nFirst<Enter>nSecond<Enter>");
    assert_eq!(h.reopen().counts(), [2, 0, 0]);
    h.keys("u");
    assert_eq!(h.reopen().counts(), [1, 0, 0]);
    assert_eq!(h.app.backlog.counts(), [1, 0, 0]);
    assert_eq!(h.app.tree.rows.len(), 1);
}

#[test]
fn filter_narrows_as_you_type() {
    let mut h = Harness::demo();
    let all = h.app.tree.rows.len();
    h.keys("/");
    assert!(matches!(h.app.mode, Mode::Filter));
    let mut sizes = vec![];
    for c in "invoic".chars() {
        h.keys(&c.to_string());
        sizes.push(h.app.tree.rows.len());
    }
    assert!(sizes.windows(2).all(|w| w[1] <= w[0]), "{sizes:?}");
    assert!(*sizes.last().unwrap() < all);
    // Every shown row matches or leads to a match.
    let titles: Vec<String> = h
        .app
        .tree
        .rows
        .iter()
        .map(|r| h.app.backlog.get(r.key).unwrap().title.to_lowercase())
        .collect();
    assert!(titles.iter().any(|t| t.contains("invoic")), "{titles:?}");
    // Ranked filters too.
    assert!(h.app.ranked.rows.len() < h.app.backlog.counts()[2]);
    // Backspace widens, Enter keeps it, Esc clears it.
    h.keys("<BS>");
    assert_eq!(h.app.filter, "invoi");
    h.keys("<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.app.filter, "invoi");
    h.keys("j");
    h.keys("<Esc>");
    assert_eq!(h.app.filter, "");
    assert_eq!(h.app.tree.rows.len(), all);
    // A filter matching nothing shows nothing, and says so.
    h.keys("/zzzzqqq");
    assert!(h.app.tree.rows.is_empty());
    assert!(h.screen(80, 24).contains("Nothing matches the filter"));
}

#[test]
fn palette_runs_a_command_by_name() {
    let mut h = Harness::demo();
    h.keys(":");
    assert!(matches!(h.app.mode, Mode::Palette(_)));
    h.keys("ranked tab<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.app.tab, Tab::Ranked);
    // A command that writes: the palette opens the RICE form.
    h.keys(":set rice<Enter>");
    assert!(
        matches!(&h.app.mode, Mode::Form(f) if f.title.starts_with("RICE for")),
        "palette did not open the RICE form"
    );
    h.keys("<Esc>");
    h.keys(":switch sort<Enter>");
    assert_eq!(h.app.model, backlog::domain::Model::Wsjf);
}

#[test]
fn archive_asks_first() {
    let mut h = Harness::demo();
    h.keys("jljj"); // S-2 under E-1
    let s = h.app.selected_key().unwrap();
    assert_eq!(s.kind, Kind::Story);
    // No: nothing happens.
    h.keys("dn");
    assert!(!h.reopen().get(s).unwrap().archived);
    assert!(matches!(h.app.mode, Mode::Normal));
    // Yes: archived in the file, gone from the tree and the ranked list.
    h.keys("d");
    assert!(matches!(h.app.mode, Mode::Confirm(_)));
    h.keys("y");
    assert!(h.reopen().get(s).unwrap().archived);
    assert!(!h.app.tree.rows.iter().any(|r| r.key == s));
    assert!(!h.app.ranked.rows.contains(&s));
    // Undo brings it back.
    h.keys("u");
    assert!(!h.reopen().get(s).unwrap().archived);
    assert!(h.app.tree.rows.iter().any(|r| r.key == s));
}

#[test]
fn move_a_story_to_another_epic() {
    let mut h = Harness::demo();
    h.keys("jlj"); // S-1 under E-1
    let s = h.app.selected_key().unwrap();
    assert_eq!(h.app.backlog.get(s).unwrap().parent, Some(key("E-1")));
    h.keys("m");
    assert!(matches!(h.app.mode, Mode::Picker(_)));
    h.keys("drag-and-drop<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{}", message(&h));
    let stored = h.reopen();
    assert_eq!(stored.get(s).unwrap().parent, Some(key("E-2")));
    // It sits last under its new epic, and stays selected.
    assert_eq!(stored.children(key("E-2")).last().unwrap().key, s);
    assert_eq!(h.app.selected_key(), Some(s));
}

#[test]
fn reorder_criteria() {
    let mut h = Harness::empty();
    let s = build_story(&mut h);
    h.keys("<Tab>J");
    let texts: Vec<String> = h
        .reopen()
        .get(s)
        .unwrap()
        .criteria
        .iter()
        .map(|c| c.text.clone())
        .collect();
    assert_eq!(
        texts,
        [
            "Off-shift technicians are hidden",
            "Given a moving technician, the marker follows within 30 s"
        ]
    );
    // The selection follows the moved criterion; moving past the end is a no-op.
    assert_eq!(h.app.criterion, 1);
    h.keys("J");
    assert_eq!(h.reopen().get(s).unwrap().criteria[1].text, texts[1]);
    h.keys("K");
    assert_eq!(h.app.criterion, 0);
    assert_eq!(h.reopen().get(s).unwrap().criteria[0].text, texts[1]);
}

#[test]
fn invalid_rice_input_is_shown_inline_and_stores_nothing() {
    let mut h = Harness::empty();
    let s = build_story(&mut h);
    let before = h.reopen().get(s).unwrap().clone();
    let writes = h.effects.len();
    h.keys("r500<Tab>2<Tab>80<Tab>0<Enter>");
    let err = form_error(&h).expect("inline error");
    assert!(err.contains("effort"), "{err}");
    assert!(matches!(h.app.mode, Mode::Form(_)), "form stays open");
    assert_eq!(h.effects.len(), writes, "no effect was asked for");
    assert_eq!(h.reopen().get(s).unwrap(), &before);
    // Text is refused too, naming the field.
    h.keys("<BS>lots<Enter>");
    assert!(form_error(&h).unwrap().contains("effort"));
    // Fixing it saves.
    for _ in 0..4 {
        h.keys("<BS>");
    }
    h.keys("0.5<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", form_error(&h));
    assert_eq!(h.reopen().get(s).unwrap().rice_score(), Some(1600.0));
}

#[test]
fn stale_edit_is_refused_and_nothing_is_lost() {
    let mut h = Harness::empty();
    let s = build_story(&mut h);
    // Open the edit form, type a new title.
    h.keys("e");
    for _ in 0.."Show technicians on the map".len() {
        h.keys("<BS>");
    }
    h.keys("My title");
    // Meanwhile another connection changes the story.
    let mut other = common::open_store(&h.path);
    other
        .write("edit S-1", |tx| {
            tx.modify(s, |i| {
                i.set_title("Their title").unwrap();
                Ok(())
            })
        })
        .unwrap();
    h.keys("<Enter>");
    let err = form_error(&h).expect("refused inline");
    assert!(err.contains("changed by someone else"), "{err}");
    // Their change is in the file; my text is still in the form.
    assert_eq!(h.reopen().get(s).unwrap().title, "Their title");
    match &h.app.mode {
        Mode::Form(f) => {
            assert_eq!(f.value(0), "My title");
            assert!(!f.pending);
        }
        _ => panic!("form closed"),
    }
    // The form holds typed text: the first Esc asks, the second discards.
    h.keys("<Esc><Esc>");
    assert!(matches!(h.app.mode, Mode::Normal));
}

#[test]
fn external_change_is_picked_up_on_reload() {
    let mut h = Harness::empty();
    let s = build_story(&mut h);
    let mut other = common::open_store(&h.path);
    other
        .write("points", |tx| {
            tx.modify(s, |i| {
                i.points = Some(8.0);
                Ok(())
            })
        })
        .unwrap();
    assert_eq!(h.app.backlog.get(s).unwrap().points, None);
    let backlog = h.store.load().unwrap();
    h.dispatch(Action::Reloaded {
        backlog: Box::new(backlog),
        message: Some("Reloaded".into()),
    });
    assert_eq!(h.app.backlog.get(s).unwrap().points, Some(8.0));
    assert_eq!(h.app.selected_key(), Some(s), "selection kept");
    // A write after the reload uses the new version and lands.
    h.keys("p<BS>13<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", form_error(&h));
    assert_eq!(h.reopen().get(s).unwrap().points, Some(13.0));
}

#[test]
fn quit_ends() {
    let mut h = Harness::demo();
    h.keys("q");
    assert!(h.app.quit);
    assert_eq!(h.effects.last(), Some(&Effect::Quit));
}

#[test]
fn read_only_file_refuses_writes_before_the_store() {
    let mut h = Harness::demo();
    h.dispatch(Action::Opened {
        read_only: true,
        no_color: false,
    });
    h.keys("jlj<Space>");
    assert!(message(&h).contains("read-only"), "{}", message(&h));
    h.keys("r");
    assert!(matches!(h.app.mode, Mode::Normal));
    h.keys("u");
    assert!(message(&h).contains("read-only"), "{}", message(&h));
    assert!(h.effects.is_empty(), "{:?}", h.effects);
}

#[test]
fn story_only_commands_on_an_epic_say_so() {
    let mut h = Harness::demo();
    h.keys("j"); // E-1
    h.keys("p");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(
        message(&h),
        "Points applies to stories; E-1 is an epic",
        "plural of story"
    );
    h.keys("2t");
    assert_eq!(message(&h), "Ranked: epics");
    h.keys("t");
    assert_eq!(message(&h), "Ranked: stories");
}

#[test]
fn archive_confirmation_counts_everything_it_hides() {
    let mut h = Harness::demo();
    // I-1: its epics and all their stories, archived ones left out.
    let i1 = key("I-1");
    let b = &h.app.backlog;
    let mut expected = 0;
    for e in b.children(i1).filter(|e| !e.archived) {
        expected += 1 + b.children(e.key).filter(|s| !s.archived).count();
    }
    assert!(expected > 3, "fixture: I-1 has stories under its epics");
    h.keys("d");
    match &h.app.mode {
        Mode::Confirm(c) => assert!(
            c.message
                .contains(&format!("the {expected} items under it")),
            "{}",
            c.message
        ),
        _ => panic!("no confirmation"),
    }
    h.keys("<Esc>");
    assert!(!h.reopen().get(i1).unwrap().archived);
}

/// The event loop's watcher: our own writes are not "external", another
/// connection's are, even when the user kept pressing keys in between
/// (the loop used to re-read data_version after every key, swallowing
/// changes made by others while the user was busy).
#[test]
fn watcher_sees_other_processes_not_our_own_writes() {
    use backlog::tui::Watcher;
    let mut h = Harness::empty();
    let s = build_story(&mut h);
    let mut w = Watcher::new(&h.store).unwrap();
    h.keys("p3<Enter>");
    assert!(w.check(&h.store).unwrap().is_none(), "own write");

    let mut other = common::open_store(&h.path);
    other
        .write("title", |tx| {
            tx.modify(s, |i| {
                i.set_title("Changed elsewhere").unwrap();
                Ok(())
            })
        })
        .unwrap();
    // The user keeps working before the loop looks.
    h.keys("kj");
    h.keys("cAnother criterion<Enter>");
    let msg = form_error(&h).expect("own write refused as stale");
    assert!(msg.contains("changed by someone else"), "{msg}");
    // The form holds typed text: the first Esc asks, the second discards.
    h.keys("<Esc><Esc>");
    let reload = w.check(&h.store).unwrap().expect("external change noticed");
    h.dispatch(reload);
    assert_eq!(h.app.backlog.get(s).unwrap().title, "Changed elsewhere");
    assert!(message(&h).starts_with("Reloaded"), "{}", message(&h));
    assert!(w.check(&h.store).unwrap().is_none(), "only once");
    // Now the criterion lands.
    h.keys("cAnother criterion<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", form_error(&h));
    assert_eq!(h.reopen().get(s).unwrap().criteria.len(), 3);
}

#[test]
fn help_scrolls_no_further_than_its_last_line() {
    let mut h = Harness::demo();
    h.resize(80, 24);
    h.keys("?");
    // More presses than the help has lines.
    for _ in 0..backlog::tui::help::line_count() + 10 {
        h.keys("j");
    }
    let Mode::Help { scroll } = h.app.mode else {
        panic!("help closed")
    };
    let max = backlog::tui::layout::help_max_scroll(h.app.size, backlog::tui::help::line_count());
    assert!(max > 0, "at 80x24 the help is longer than the screen");
    assert_eq!(scroll, max);
    // One k moves back up at once.
    h.keys("k");
    assert!(matches!(h.app.mode, Mode::Help { scroll } if scroll == max - 1));
    let screen = h.screen(80, 24);
    let last = backlog::tui::keymap::Cmd::all()
        .last()
        .unwrap()
        .description();
    assert!(screen.contains(last), "last command visible:\n{screen}");
    assert!(screen.contains("↑ "), "says there is more above:\n{screen}");
    h.keys("<Esc>");
    assert!(matches!(h.app.mode, Mode::Normal));
}

#[test]
fn keys_typed_into_a_field_are_text_not_commands() {
    let mut h = Harness::empty();
    h.keys("nq 1 j? :/ u d<Enter>");
    assert!(!h.app.quit);
    assert_eq!(h.app.tab, Tab::Backlog);
    assert_eq!(h.reopen().get(key("I-1")).unwrap().title, "q 1 j? :/ u d");
}

#[test]
fn empty_title_and_bad_points_are_refused_inline() {
    let mut h = Harness::empty();
    h.keys("n   <Enter>");
    assert!(form_error(&h).is_some(), "empty title refused");
    assert!(h.reopen().is_empty());
    h.keys("<Esc>");
    let s = build_story(&mut h);
    for bad in ["-1", "abc", "NaN"] {
        h.keys(&format!("p{bad}<Enter>"));
        let err = form_error(&h).unwrap_or_else(|| panic!("{bad} accepted"));
        assert!(err.contains("points"), "{bad}: {err}");
        h.keys("<Esc>");
    }
    assert_eq!(h.reopen().get(s).unwrap().points, None);
    // Empty clears.
    h.keys("p8<Enter>p<BS><Enter>");
    assert_eq!(h.reopen().get(s).unwrap().points, None);
}

#[test]
fn delete_a_criterion_with_confirmation_then_undo() {
    let mut h = Harness::empty();
    let s = build_story(&mut h);
    h.keys("x");
    assert!(
        message(&h).contains("Tab to the criteria"),
        "{}",
        message(&h)
    );
    h.keys("<Tab>jx");
    assert!(matches!(h.app.mode, Mode::Confirm(_)));
    h.keys("y");
    let c = h.reopen().get(s).unwrap().criteria.clone();
    assert_eq!(c.len(), 1);
    assert_eq!(
        c[0].text,
        "Given a moving technician, the marker follows within 30 s"
    );
    assert_eq!(h.app.criterion, 0, "selection clamped to what is left");
    h.keys("u");
    assert_eq!(h.reopen().get(s).unwrap().criteria.len(), 2);
}

#[test]
fn reorder_items_among_siblings() {
    let mut h = Harness::demo();
    h.keys("j"); // E-1, first epic of I-1
    let e1 = key("E-1");
    h.keys("J");
    let order: Vec<Key> = h.reopen().children(key("I-1")).map(|i| i.key).collect();
    assert_eq!(order[1], e1, "{order:?}");
    assert_eq!(h.app.selected_key(), Some(e1), "selection follows the item");
    let rows: Vec<Key> = h.app.tree.rows.iter().map(|r| r.key).collect();
    assert_eq!(rows[1], order[0]);
    assert_eq!(rows[2], e1);
    h.keys("K");
    assert_eq!(h.reopen().children(key("I-1")).next().unwrap().key, e1);
}

#[test]
fn ranked_enter_opens_the_item_in_the_tree() {
    let mut h = Harness::demo();
    h.keys("2jj");
    let k = h.app.selected_key().unwrap();
    h.keys("<Enter>");
    assert_eq!(h.app.tab, Tab::Backlog);
    assert_eq!(h.app.selected_key(), Some(k));
    // Its epic was expanded to show it.
    let parent = h.app.backlog.get(k).unwrap().parent.unwrap();
    assert!(h.app.tree.expanded.contains(&parent));
    // And the row is on screen.
    let st = h.app.tree.state;
    assert!(st.selected >= st.offset && st.selected < st.offset + h.app.list_height());
}

#[test]
fn tab_does_not_trap_the_ranked_list_in_invisible_criteria() {
    let mut h = Harness::demo();
    h.keys("2");
    assert!(!h.app.selected_item().unwrap().criteria.is_empty());
    h.keys("<Tab>j");
    assert_eq!(h.app.focus, Focus::List);
    assert_eq!(h.app.ranked.state.selected, 1, "j still moves the list");
}

#[test]
fn nothing_to_undo_says_so() {
    let mut h = Harness::empty();
    h.keys("u");
    assert!(
        message(&h).starts_with("Nothing to undo in this session"),
        "{}",
        message(&h)
    );
    h.keys("<C-r>");
    assert_eq!(message(&h), "Nothing to redo");
}

#[test]
fn mouse_click_selects_and_switches_tabs_wheel_scrolls() {
    let mut h = Harness::demo();
    h.resize(80, 24);
    // Row 0 tab bar, row 1 list border, row 2 header, row 3 first item.
    h.dispatch(Action::Click { column: 10, row: 5 });
    assert_eq!(h.app.tree.state.selected, 2);
    h.dispatch(Action::Scroll(3));
    assert_eq!(h.app.tree.state.selected, 5);
    // " 1 Backlog " then a space, then " 2 Ranked ".
    h.dispatch(Action::Click { column: 14, row: 0 });
    assert_eq!(h.app.tab, Tab::Ranked);
    h.dispatch(Action::Click { column: 10, row: 4 });
    assert_eq!(h.app.ranked.state.selected, 1);
    // The header row and the border select nothing.
    h.dispatch(Action::Click { column: 10, row: 2 });
    assert_eq!(h.app.ranked.state.selected, 1);
}

#[test]
fn resize_keeps_the_selection_on_screen() {
    let mut h = Harness::demo();
    h.resize(120, 40);
    h.keys("G");
    let last = h.app.tree.rows.len() - 1;
    assert_eq!(h.app.tree.state.selected, last);
    h.resize(80, 24);
    let st = h.app.tree.state;
    assert_eq!(st.selected, last);
    assert!(st.offset + h.app.list_height() > last, "{st:?}");
    let screen = h.screen(80, 24);
    let title = &h.app.backlog.get(h.app.tree.rows[last].key).unwrap().title;
    let start: String = title.chars().take(12).collect();
    assert!(screen.contains(&start), "{screen}");
    assert!(screen.contains("↑ "), "{screen}");
}

#[test]
fn edit_fields_and_a_multi_line_description() {
    let mut h = Harness::demo();
    h.keys("e"); // I-1: Title, Lane, Owner, Outcome, Hypothesis, Description
    h.keys("<Tab><BS><BS><BS>sideways<Enter>");
    let err = form_error(&h).expect("bad lane refused");
    assert!(err.contains("lane"), "{err}");
    h.keys("<BS><BS><BS><BS><BS><BS><BS><BS>later<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", form_error(&h));
    assert_eq!(
        h.reopen().get(key("I-1")).unwrap().lane,
        Some(backlog::domain::Lane::Later)
    );
    h.keys("jlj"); // S-1
    h.keys("e<BackTab>");
    for _ in 0..400 {
        h.keys("<BS>");
    }
    h.keys("First line<A-Enter>second line<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", form_error(&h));
    let s1 = h.app.selected_key().unwrap();
    assert_eq!(
        h.reopen().get(s1).unwrap().description,
        "First line\nsecond line"
    );
    // E hands the text to $EDITOR; unchanged text stores nothing.
    let n = h.effects.len();
    h.keys("E");
    assert!(matches!(h.effects[n], Effect::EditDescription { .. }));
    assert_eq!(message(&h), "Description unchanged");
}

#[test]
fn deleting_the_last_criterion_returns_focus_to_the_list() {
    let mut h = Harness::empty();
    h.keys("nI<Enter>aE<Enter>aS<Enter>cOnly one<Enter>");
    h.keys("<Tab>");
    assert_eq!(h.app.focus, Focus::Criteria);
    h.keys("xy");
    assert!(h.app.backlog.get(key("S-1")).unwrap().criteria.is_empty());
    assert_eq!(h.app.focus, Focus::List, "no criteria left to focus");
    // So e edits the story again instead of silently doing nothing.
    h.keys("e");
    assert!(matches!(&h.app.mode, Mode::Form(f) if f.title.starts_with("Edit S-1")));
}

#[test]
fn an_item_added_under_a_filter_is_shown_and_selected() {
    let mut h = Harness::demo();
    h.keys("/offline mode<Enter>");
    let epic = key("E-4");
    h.app.select_tree_key(epic);
    assert_eq!(h.app.selected_key(), Some(epic));
    h.keys("aSync photos in the background<Enter>");
    let new = h.app.backlog.children(epic).last().unwrap().key;
    assert_eq!(h.app.selected_key(), Some(new), "the new story is selected");
    assert!(h.app.tree.rows.iter().any(|r| r.key == new), "and visible");
    assert!(
        message(&h).ends_with("(filter cleared to show it)"),
        "{}",
        message(&h)
    );
    assert_eq!(h.app.filter, "");
    // So the next command applies to it.
    h.keys("cIt works<Enter>");
    assert_eq!(h.reopen().get(new).unwrap().criteria.len(), 1);
}

#[test]
fn undo_never_undoes_another_process_change() {
    let mut h = Harness::demo();
    // This session toggles a criterion of S-1.
    h.app.select_tree_key("S-1".parse().unwrap());
    let s1: backlog::domain::Key = "S-1".parse().unwrap();
    let before = h.app.backlog.get(s1).unwrap().criteria[0].done;
    h.keys("<Space>");
    assert_ne!(h.reopen().get(s1).unwrap().criteria[0].done, before);
    // Meanwhile another process retitles S-2.
    let s2: backlog::domain::Key = "S-2".parse().unwrap();
    let mut other = common::open_store(&h.path);
    other
        .write("rename", |tx| {
            tx.modify(s2, |i| {
                i.title = "Renamed elsewhere".into();
                Ok(())
            })
        })
        .unwrap();
    // `u` undoes this session's toggle, not the other process's rename.
    h.keys("u");
    let now = h.reopen();
    assert_eq!(now.get(s1).unwrap().criteria[0].done, before);
    assert_eq!(now.get(s2).unwrap().title, "Renamed elsewhere");
    assert!(message(&h).starts_with("Undone"), "{}", message(&h));
    // And redo brings the toggle back.
    h.keys("<C-r>");
    assert_ne!(h.reopen().get(s1).unwrap().criteria[0].done, before);
}
