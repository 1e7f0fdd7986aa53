//! A refinement meeting, key by key: the defects found in one (a criterion
//! action landing on the wrong criterion, a story that cannot scroll, a
//! scope forgotten across tabs, stale messages, forms lost on Esc, ...),
//! each checked on the screen and in the file.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Key;
use backlog::tui::Action;
use backlog::tui::app::{Mode, Tab};
use common::{Harness, render};

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// From an empty file: an initiative, an epic and a draft story S-1 with
/// `criteria` ("Criterion 1", ...); the story selected in the tree.
fn story_with_criteria(h: &mut Harness, criteria: usize) -> Key {
    h.keys("nDispatch without phone calls<Enter>");
    h.keys("aLive technician map<Enter>");
    h.keys("aShow technicians on the map<Enter>");
    h.keys("e<Tab>dispatcher<Tab>to see every technician<Tab>I answer faster<Enter>");
    for n in 1..=criteria {
        h.keys(&format!("cCriterion {n}<Enter>"));
    }
    assert!(matches!(h.app.mode, Mode::Normal));
    let s = key("S-1");
    assert_eq!(h.reopen().get(s).unwrap().criteria.len(), criteria);
    s
}

fn texts(h: &Harness, s: Key) -> Vec<String> {
    h.reopen()
        .get(s)
        .unwrap()
        .criteria
        .iter()
        .map(|c| c.text.clone())
        .collect()
}

#[test]
fn refine_criterion_actions_land_on_the_selected_criterion() {
    let mut h = Harness::empty();
    let s = story_with_criteria(&mut h, 3);
    h.resize(80, 24);
    h.keys("4");
    assert_eq!(h.app.tab, Tab::Refine);
    // Nothing selected yet: Space says how to select, and changes nothing.
    h.keys("<Space>");
    assert!(h.reopen().get(s).unwrap().criteria.iter().all(|c| !c.done));
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(msg.contains("selects a criterion"), "{msg}");
    // Tab selects criterion 1, j moves to 2: the screen shows it.
    h.keys("<Tab>j");
    let screen = h.screen(80, 24);
    assert!(screen.contains("▸ 2. [ ] Criterion 2"), "{screen}");
    // Space ticks criterion 2, not 1.
    h.keys("<Space>");
    let done: Vec<bool> = h
        .reopen()
        .get(s)
        .unwrap()
        .criteria
        .iter()
        .map(|c| c.done)
        .collect();
    assert_eq!(done, vec![false, true, false]);
    // J moves it down, K back up; the selection follows it.
    h.keys("J");
    assert_eq!(texts(&h, s), ["Criterion 1", "Criterion 3", "Criterion 2"]);
    assert!(h.screen(80, 24).contains("▸ 3. [x] Criterion 2"));
    h.keys("K");
    assert_eq!(texts(&h, s), ["Criterion 1", "Criterion 2", "Criterion 3"]);
    // e edits that criterion (Ctrl-u clears the field first).
    h.keys("e");
    match &h.app.mode {
        Mode::Form(f) => assert_eq!(f.title, "Edit criterion 2 of S-1"),
        _ => panic!("criterion form"),
    }
    h.keys("<C-u>Criterion two<Enter>");
    assert_eq!(
        texts(&h, s),
        ["Criterion 1", "Criterion two", "Criterion 3"]
    );
    // x deletes it, after asking.
    h.keys("x");
    assert!(matches!(h.app.mode, Mode::Confirm(_)));
    h.keys("y");
    assert_eq!(texts(&h, s), ["Criterion 1", "Criterion 3"]);
}

#[test]
fn refine_scrolls_to_every_section_with_a_more_marker() {
    let mut h = Harness::empty();
    let s = story_with_criteria(&mut h, 12);
    h.keys("DSplit by platform<Tab>iOS needs its own sync<Enter>");
    h.resize(80, 24);
    h.keys("4");
    assert_eq!(h.app.selected_key(), Some(s));
    let top = h.screen(80, 24);
    assert!(top.contains("more"), "a more marker:\n{top}");
    assert!(!top.contains("Split by platform"), "{top}");
    // Page down until the end: every section shows.
    h.keys("<C-d><PgDn><C-d>");
    let bottom = h.screen(80, 24);
    for section in [
        "Definition of Ready",
        "Estimate",
        "WSJF",
        "Split by platform",
    ] {
        assert!(bottom.contains(section), "{section}:\n{bottom}");
    }
    assert!(!bottom.contains("↓"), "nothing more below:\n{bottom}");
    // Back to the top with g; k / j scroll a line.
    h.keys("g");
    assert_eq!(h.app.refine.scroll, 0);
    h.keys("jj");
    assert_eq!(h.app.refine.scroll, 2);
    h.keys("k");
    assert_eq!(h.app.refine.scroll, 1);
    // The mouse wheel scrolls the story too.
    h.dispatch(Action::Scroll(3));
    assert_eq!(h.app.refine.scroll, 4);
    // Selecting the last criterion brings it on screen.
    h.keys("g<Tab>");
    for _ in 0..11 {
        h.keys("j");
    }
    let screen = h.screen(80, 24);
    assert!(screen.contains("▸12. [ ] Criterion 12"), "{screen}");
    h.keys("<Space>");
    assert!(h.reopen().get(s).unwrap().criteria[11].done);
}

#[test]
fn refine_keeps_its_chosen_scope_and_position_across_tabs() {
    let mut h = Harness::demo();
    h.keys("4o");
    assert!(matches!(h.app.mode, Mode::Picker(_)));
    // The first option: all stories.
    h.keys("<Enter>");
    assert_eq!(h.app.refine.scope, None);
    let queue = h.app.refine.queue.clone();
    h.keys("n");
    let at = h.app.selected_key();
    // A glance at the Roadmap (which selects an epic), then back.
    h.keys("3l4");
    assert_eq!(h.app.refine.scope, None);
    assert_eq!(h.app.refine.queue, queue);
    assert_eq!(h.app.selected_key(), at);
    let screen = h.screen(120, 40);
    assert!(
        screen.contains(&format!("the backlog · 2 / {} not ready", queue.len())),
        "{screen}"
    );
    // So does a visit to the Backlog tab.
    h.keys("1j4");
    assert_eq!(h.app.refine.scope, None);
    assert_eq!(h.app.selected_key(), at);
}

#[test]
fn a_message_about_one_story_goes_when_another_shows() {
    let mut h = Harness::demo();
    h.keys("4");
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
    let screen = h.screen(120, 40);
    assert!(screen.contains(&format!("{k} is not ready")), "{screen}");
    // The refusal is in the story's body too, not only the bottom line.
    let body_lines = screen
        .lines()
        .filter(|l| l.contains(&format!("{k} is not ready")))
        .count();
    assert!(body_lines >= 2, "{screen}");
    h.keys(if missing == 0 { "n" } else { "p" });
    assert_ne!(h.app.selected_key(), Some(k));
    assert!(h.app.message.is_none(), "{:?}", h.app.message);
    let screen = h.screen(120, 40);
    assert!(!screen.contains("is not ready"), "{screen}");
    assert_eq!(
        h.reopen().get(k).unwrap().status,
        backlog::domain::Status::Draft
    );
}

#[test]
fn esc_on_a_changed_form_asks_before_discarding() {
    let mut h = Harness::empty();
    let s = story_with_criteria(&mut h, 1);
    h.keys("e<C-u>A new title");
    h.keys("<Esc>");
    let Mode::Form(f) = &h.app.mode else {
        panic!("the form stays open")
    };
    assert!(f.error.as_deref().unwrap_or("").contains("Discard"));
    assert!(render(&h.app, 80, 24).contains("Discard what you typed?"));
    h.keys("<Esc>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(
        h.reopen().get(s).unwrap().title,
        "Show technicians on the map"
    );
    // An unchanged form closes at once.
    h.keys("e<Esc>");
    assert!(matches!(h.app.mode, Mode::Normal));
}

#[test]
fn a_form_on_an_item_changed_elsewhere_keeps_the_draft_and_says_what_changed() {
    let mut h = Harness::empty();
    let s = story_with_criteria(&mut h, 1);
    h.keys("e<C-u>My title");
    let mut other = common::open_store(&h.path);
    other
        .write("edit S-1", |tx| {
            tx.modify(s, |i| {
                i.set_title("Their title").unwrap();
                Ok(())
            })
        })
        .unwrap();
    // The loop notices the change and reloads.
    let backlog = h.store.load().unwrap();
    h.dispatch(Action::Reloaded {
        backlog: Box::new(backlog),
        message: None,
    });
    h.keys("<Enter>");
    let Mode::Form(f) = &h.app.mode else {
        panic!("the form stays open")
    };
    let err = f.error.clone().unwrap();
    assert!(
        err.contains("changed elsewhere") && err.contains("(Title)"),
        "{err}"
    );
    assert_eq!(f.value(0), "My title");
    assert_eq!(h.reopen().get(s).unwrap().title, "Their title");
    assert!(render(&h.app, 120, 40).contains("your text is kept"));
    // Enter again saves the draft over their change.
    h.keys("<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.reopen().get(s).unwrap().title, "My title");
}

#[test]
fn the_health_filter_filters_the_health_tab_only() {
    let mut h = Harness::demo();
    let tree_rows = h.app.tree.rows.len();
    h.keys("5");
    let all = h.app.health.rows.len();
    h.keys("/duplicates<Enter>");
    let rows = h.app.health.rows.clone();
    assert!(
        !rows.is_empty() && rows.len() < all,
        "{} of {all}",
        rows.len()
    );
    assert!(rows[0].text.contains("Likely duplicates"), "{rows:?}");
    let screen = h.screen(120, 40);
    assert!(!screen.contains("Coverage of"), "{screen}");
    assert!(screen.contains("/ duplicates"), "{screen}");
    // The other tabs are not filtered.
    assert!(h.app.filter.is_empty());
    h.keys("1");
    assert_eq!(h.app.tree.rows.len(), tree_rows);
    // Esc on Health clears its filter.
    h.keys("5<Esc>");
    assert!(h.app.health.filter.is_empty());
}

#[test]
fn no_sort_arrow_over_rows_in_tree_order() {
    let mut h = Harness::demo();
    let tree = h.screen(120, 40);
    assert!(!tree.contains("RICE▼"), "{tree}");
    assert!(tree.contains("RICE"), "{tree}");
    h.keys("2");
    assert!(h.screen(120, 40).contains("RICE▼"));
}

#[test]
fn help_pages_with_pgdn_and_ctrl_d() {
    let mut h = Harness::demo();
    h.resize(80, 24);
    h.keys("?<PgDn>");
    let Mode::Help { scroll } = h.app.mode else {
        panic!("PgDn keeps the help open")
    };
    assert!(scroll > 5, "{scroll}");
    h.keys("<C-d>");
    let Mode::Help { scroll: more } = h.app.mode else {
        panic!("Ctrl-d keeps the help open")
    };
    assert!(more > scroll);
    h.keys("<PgUp><C-u>");
    assert!(matches!(h.app.mode, Mode::Help { scroll: 0 }));
}

#[test]
fn the_estimate_picker_takes_digits_and_starts_on_the_estimate() {
    let mut h = Harness::empty();
    let s = story_with_criteria(&mut h, 1);
    h.keys("4f");
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("1 point ") || screen.contains("1 point\n"),
        "{screen}"
    );
    assert!(!screen.contains("1 points"), "{screen}");
    h.keys("5<Enter>");
    assert_eq!(h.reopen().get(s).unwrap().points, Some(5.0));
    // It opens on the current estimate; 1 then 3 picks 13.
    h.keys("f");
    let Mode::Picker(p) = &h.app.mode else {
        panic!("picker")
    };
    assert_eq!(p.current(), Some("5"));
    h.keys("13<Enter>");
    assert_eq!(h.reopen().get(s).unwrap().points, Some(13.0));
}

#[test]
fn wrapped_criteria_continue_under_their_text() {
    let mut h = Harness::empty();
    let s = story_with_criteria(&mut h, 0);
    h.keys("cGiven a technician who has been offline for the whole morning, when the signal returns, then every closed job syncs<Enter>");
    assert_eq!(h.reopen().get(s).unwrap().criteria.len(), 1);
    h.resize(80, 24);
    h.keys("4");
    let screen = h.screen(80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains("1. [ ] Given"))
        .expect("criterion 1");
    let text_col = lines[i].find("Given").unwrap();
    let next = lines[i + 1];
    let indent = next.len() - next.trim_start().len();
    assert_eq!(indent, text_col, "{screen}");
}

#[test]
fn roadmap_counts_one_card_and_esc_stops_comparing() {
    let mut h = Harness::empty();
    h.keys("nDispatch<Enter>aLive map<Enter>e<Tab>now<Enter>");
    h.keys("3");
    let screen = h.screen(120, 40);
    assert!(screen.contains("1 card ·"), "{screen}");
    // Take a snapshot, compare with it, then Esc stops comparing.
    h.keys("t<Enter>c<Enter>");
    assert!(h.app.roadmap.compare.is_some());
    h.keys("<Esc>");
    assert!(h.app.roadmap.compare.is_none());
}

#[test]
fn refine_with_many_criteria_at_80x24_and_200x55() {
    let mut h = Harness::empty();
    story_with_criteria(&mut h, 12);
    h.keys("DSplit by platform<Tab>iOS needs its own sync layer<Enter>");
    h.keys("4<Tab>jj");
    for (w, hgt) in [(80, 24), (200, 55)] {
        let screen = h.screen(w, hgt);
        insta::assert_snapshot!(format!("refine_many_{w}x{hgt}"), screen);
    }
}

#[test]
fn health_opens_on_a_one_screen_summary_with_a_back_stack() {
    let mut h = Harness::demo();
    h.resize(80, 24);
    h.keys("5");
    let screen = h.screen(80, 24);
    insta::assert_snapshot!("health_summary_80x24", screen);
    // Every finding on one screen, each with its count.
    for finding in [
        "Coverage of",
        "acceptance criteria",
        "Not ready (",
        "Likely duplicates (",
        "WSJF estimation (",
        "Dependency problems (",
        "Stale: in progress",
    ] {
        assert!(screen.contains(finding), "{finding}:\n{screen}");
    }
    assert!(!screen.contains("more ┘"), "no scrolling needed:\n{screen}");
    // Enter opens "Not ready" into its items, with titles.
    let line = h
        .app
        .health
        .rows
        .iter()
        .position(|r| r.text.starts_with("Not ready"))
        .unwrap();
    for _ in 0..line {
        h.keys("j");
    }
    h.keys("<Enter>");
    assert!(h.app.health.open.is_some());
    assert!(
        h.app
            .health
            .rows
            .iter()
            .skip(1)
            .all(|r| r.key.is_some() || r.text.contains("more"))
    );
    let k = h.app.selected_key().unwrap();
    // Enter on the item jumps to it; Esc comes back to the open finding,
    // then to the summary on its line.
    h.keys("<Enter>");
    assert_eq!(h.app.tab, Tab::Backlog);
    assert_eq!(h.app.selected_key(), Some(k));
    h.keys("<Esc>");
    assert_eq!(h.app.tab, Tab::Health);
    assert_eq!(h.app.selected_key(), Some(k));
    h.keys("<Esc>");
    assert!(h.app.health.open.is_none());
    assert!(
        h.app.health.rows[h.app.health.state.selected]
            .text
            .starts_with("Not ready")
    );
    // l opens too, h closes.
    h.keys("l");
    assert!(h.app.health.open.is_some());
    h.keys("h");
    assert!(h.app.health.open.is_none());
}

#[test]
fn the_filter_matches_words_in_every_field_and_shows_where() {
    let mut h = Harness::empty();
    let s = story_with_criteria(&mut h, 1);
    h.keys("aManage API keys<Enter>");
    h.keys("cGiven a café order, when paid, then the map updates<Enter>");
    let api = h.app.selected_key().unwrap();
    // `/map`: a word or part of one, not scattered letters.
    h.keys("/map<Enter>");
    let screen = h.screen(120, 40);
    assert!(screen.contains("S-1    Show technicians"), "{screen}");
    // Manage API keys matches by its criterion, and says so.
    let row = screen
        .lines()
        .find(|l| l.contains(&format!("{api}    Manage")))
        .expect("matched by its criterion");
    assert!(row.contains("· criterion"), "{row}");
    h.keys("<Esc>/cafe<Enter>");
    let keys: Vec<Key> = h.app.tree.rows.iter().map(|r| r.key).collect();
    assert!(keys.contains(&api) && !keys.contains(&s), "{keys:?}");
    // A letter-scatter only: no match.
    h.keys("<Esc>/mngky<Enter>");
    assert!(!h.app.tree.rows.iter().any(|r| r.key == api));
    assert_eq!(h.reopen().get(api).unwrap().title, "Manage API keys");
}

#[test]
fn dependencies_are_added_and_removed_where_flagged_and_a_cycle_is_refused() {
    let mut h = Harness::empty();
    let s1 = story_with_criteria(&mut h, 1);
    h.keys("aSecond story<Enter>");
    let s2 = h.app.selected_key().unwrap();
    // S-2 depends on S-1: search the picker (`a` in the dependency view)
    // for it.
    h.keys("baS-1<Enter><Esc>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.reopen().get(s2).unwrap().depends_on, vec![s1]);
    // S-1 on S-2 would close a cycle: refused, with the path named.
    h.app.select_tree_key(s1);
    h.keys("baS-2<Enter>");
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(
        msg.contains("cycle") && msg.contains("S-1 → S-2 → S-1"),
        "{msg}"
    );
    assert!(render(&h.app, 120, 40).contains("cycle"));
    assert!(h.reopen().get(s1).unwrap().depends_on.is_empty());
    // On S-2 the picker lists S-1 first, marked; choosing it removes it.
    h.keys("<Esc>");
    h.app.select_tree_key(s2);
    h.keys("ba");
    assert!(render(&h.app, 120, 40).contains("✓ S-1"));
    h.keys("<Enter>");
    assert!(h.reopen().get(s2).unwrap().depends_on.is_empty());
}

#[test]
fn labels_are_edited_with_the_labels_in_use_offered() {
    let mut h = Harness::demo();
    h.keys("j#");
    let screen = render(&h.app, 120, 40);
    assert!(screen.contains("in use:"), "{screen}");
    let k = h.app.selected_key().unwrap();
    h.keys("<C-u>billing, mobile, billing<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.reopen().get(k).unwrap().labels, vec!["billing", "mobile"]);
    h.keys("#<C-u><Enter>");
    assert!(h.reopen().get(k).unwrap().labels.is_empty());
}

#[test]
fn impact_takes_the_words_its_hint_shows() {
    let mut h = Harness::empty();
    let s = story_with_criteria(&mut h, 1);
    h.keys("r100<Tab>Massive<Tab>80<Tab>2<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", h.app.message);
    assert_eq!(h.reopen().get(s).unwrap().rice.impact, Some(3.0));
}

#[test]
fn roadmap_commands_from_the_palette_go_to_the_roadmap() {
    let mut h = Harness::demo();
    h.keys(":take-snapshot<Enter>");
    assert_eq!(h.app.tab, Tab::Roadmap);
    let Mode::Form(f) = &h.app.mode else {
        panic!("the snapshot form opens")
    };
    assert_eq!(f.title, "Take a snapshot of the roadmap");
    h.keys("<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    // And the Refine scope picker from elsewhere opens on the Refine tab.
    h.keys("1:refine-scope<Enter>");
    assert_eq!(h.app.tab, Tab::Refine);
    assert!(matches!(h.app.mode, Mode::Picker(_)));
}

#[test]
fn the_selected_roadmap_card_is_highlighted_whole_and_moves_read_as_the_cli_says() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut h = Harness::demo();
    h.keys("3lt<Enter>");
    let k = h.app.selected_key().unwrap();
    h.resize(120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| backlog::tui::views::draw(f, &h.app))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    let screen = common::buffer_text(&buf);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(&format!("│{k} ")))
        .expect("the selected card");
    let x = line.chars().position(|c| c == '│').unwrap() as u16 + 1;
    let top = buf[(x, y as u16)].style();
    for dy in 1..4 {
        assert_eq!(
            buf[(x + 30, y as u16 + dy)].style().bg,
            top.bg,
            "card line {dy}"
        );
    }
    // Move it a lane on, compare with the snapshot: `next → later`.
    h.keys("Lc<Enter>");
    let screen = h.screen(120, 40);
    assert!(screen.contains("moved next → later"), "{screen}");
    assert!(!screen.contains("↔moved"));
}
