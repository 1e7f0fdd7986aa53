//! Snapshot tests of the TUI's views: every tab, the welcome screen, the
//! overlays, at 80×24 and 120×40, on the demo backlog loaded with a pinned
//! clock into a temp file that the App knows only by a constant name.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::tui::app::{Focus, Mode, Tab};
use common::{Harness, render};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshots the screen of `h` at both sizes as `<name>_<w>x<h>`, and
/// checks the invariants every screen keeps.
fn snap(name: &str, h: &mut Harness) {
    for (w, ht) in SIZES {
        let text = h.screen(w, ht);
        if h.app.tab == backlog::tui::app::Tab::Refine {
            check_refine_screen(&text, w, ht);
        } else {
            check_screen(&text, w, ht, !matches!(h.app.mode, Mode::Help { .. }));
        }
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
    }
}

/// The Refine tab is for a shared screen: no tab bar or status line, just
/// one quiet line at the bottom with the queue position.
fn check_refine_screen(text: &str, w: u16, ht: u16) {
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), ht as usize, "row count");
    for r in &rows {
        assert!(
            unicode_width::UnicodeWidthStr::width(*r) <= w as usize,
            "row wider than {w}: {r:?}"
        );
    }
    assert!(
        !rows[0].contains("1 Backlog"),
        "no tab bar in Refine: {}",
        rows[0]
    );
    let last = rows[ht as usize - 1];
    assert!(
        last.contains("Refine ·") && last.contains(" / "),
        "quiet line: {last}"
    );
}

/// What holds on every screen: exact row count, no row wider than the
/// terminal, tab bar on top, status line with the file name and counts.
fn check_screen(text: &str, w: u16, ht: u16, status_line: bool) {
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), ht as usize, "row count");
    for r in &rows {
        let width = unicode_width::UnicodeWidthStr::width(*r);
        assert!(width <= w as usize, "row wider than {w}: {r:?}");
    }
    assert!(rows[0].contains("1 Backlog"), "tab bar: {}", rows[0]);
    assert!(
        !status_line || rows[ht as usize - 2].contains(common::FILE_NAME),
        "status line: {}",
        rows[ht as usize - 2]
    );
    assert!(!text.contains("storys"), "plural of story");
    assert!(
        !text.contains(std::env::temp_dir().to_str().unwrap()),
        "a temp path leaked into the screen"
    );
}

#[test]
fn backlog_tab() {
    let mut h = Harness::demo();
    snap("backlog", &mut h);
}

#[test]
fn backlog_tab_shows_counts_off_screen_hint_and_ellipsis() {
    let mut h = Harness::demo();
    let text = h.screen(80, 24);
    let [i, e, s] = h.app.backlog.counts();
    assert!(
        text.contains(&format!("{i} initiatives · {e} epics · {s} stories")),
        "{text}"
    );
    assert!(text.contains(&format!("Backlog · {} rows", h.app.tree.rows.len())));
    let hidden = h.app.tree.rows.len() - h.app.list_height();
    assert!(text.contains(&format!("↓ {hidden} more")), "{text}");
    assert!(text.contains('…'), "long titles truncate with …:\n{text}");
}

#[test]
fn backlog_story_detail() {
    let mut h = Harness::demo();
    // First epic of the first initiative, expanded, then its first story.
    h.keys("jlj");
    assert_eq!(h.app.selected_item().unwrap().kind().to_string(), "story");
    snap("backlog_story", &mut h);
}

#[test]
fn criteria_focus() {
    let mut h = Harness::demo();
    h.keys("jlj<Tab>j");
    assert_eq!(h.app.focus, Focus::Criteria);
    assert_eq!(h.app.criterion, 1);
    snap("criteria_focus", &mut h);
}

#[test]
fn focused_criterion_is_scrolled_into_view_at_80x24() {
    let mut h = Harness::demo();
    h.keys("jlj<Tab>");
    let item = h.app.selected_item().unwrap().clone();
    assert!(item.criteria.len() >= 3);
    for n in 0..item.criteria.len() {
        let text = h.screen(80, 24);
        let start: String = item.criteria[n].text.chars().take(20).collect();
        assert!(
            text.contains(&format!("{}. {start}", n + 1)),
            "criterion {} not on screen:\n{text}",
            n + 1
        );
        h.keys("j");
    }
    // Back in the list the pane starts at the top again, and says more follows.
    h.keys("<Esc>");
    let text = h.screen(80, 24);
    assert!(text.contains(&item.title), "{text}");
    assert!(text.contains(" more ┘"), "{text}");
}

#[test]
fn ranked_tab() {
    let mut h = Harness::demo();
    h.keys("2");
    assert_eq!(h.app.tab, Tab::Ranked);
    snap("ranked", &mut h);
}

#[test]
fn ranked_tab_epics_by_wsjf() {
    let mut h = Harness::demo();
    h.keys("2st");
    snap("ranked_epics_wsjf", &mut h);
}

#[test]
fn roadmap_refine_and_health_tabs() {
    let mut h = Harness::demo();
    for (key, name) in [('3', "roadmap"), ('4', "refine"), ('5', "health")] {
        h.keys(&key.to_string());
        snap(name, &mut h);
    }
}

/// `b` on E-3: what it depends on (E-6, a later lane, on the critical
/// path) and what depends on it.
#[test]
fn dependency_view() {
    let mut h = Harness::demo();
    h.keys("jjjbj");
    assert_eq!(
        h.app.deps.as_ref().map(|d| d.focus.to_string()).as_deref(),
        Some("E-3")
    );
    snap("deps_e3", &mut h);
}

/// `b` on a story at the end of a chain: S-55 needed by S-60, needed by
/// S-61.
#[test]
fn dependency_view_of_a_chain_of_stories() {
    let mut h = Harness::demo();
    h.app.select_tree_key("S-55".parse().unwrap());
    h.app.clamp_lists();
    h.keys("b");
    snap("deps_s55", &mut h);
}

#[test]
fn welcome_screen_of_an_empty_backlog() {
    let mut h = Harness::empty();
    snap("welcome", &mut h);
}

#[test]
fn help_overlay() {
    let mut h = Harness::demo();
    h.keys("?");
    assert!(matches!(h.app.mode, Mode::Help { .. }));
    snap("help", &mut h);
}

#[test]
fn help_overlay_scrolled_to_the_end() {
    let mut h = Harness::demo();
    h.resize(80, 24);
    h.keys("?");
    // Enough to reach the end.
    for _ in 0..backlog::tui::help::line_count() {
        h.keys("j");
    }
    let text = h.screen(80, 24);
    check_screen(&text, 80, 24, false);
    assert!(text.contains("Change keys in config.toml"), "{text}");
    insta::assert_snapshot!("help_end_80x24", text);
}

#[test]
fn rice_form() {
    let mut h = Harness::demo();
    h.keys("jljr");
    assert!(matches!(h.app.mode, Mode::Form(_)));
    snap("rice_form", &mut h);
}

#[test]
fn rice_form_with_inline_error() {
    let mut h = Harness::demo();
    // Clear the effort field and type 0.
    h.keys("jljr<Tab><Tab><Tab>");
    for _ in 0..8 {
        h.keys("<BS>");
    }
    h.keys("0<Enter>");
    snap("rice_form_error", &mut h);
}

#[test]
fn edit_form_with_a_multi_line_description() {
    let mut h = Harness::demo();
    h.keys("jlje");
    snap("edit_form", &mut h);
}

#[test]
fn move_picker_searching() {
    let mut h = Harness::demo();
    h.keys("jljmoffline");
    snap("move_picker", &mut h);
}

#[test]
fn palette_overlay() {
    let mut h = Harness::demo();
    h.keys(":ran");
    snap("palette", &mut h);
}

#[test]
fn status_picker_overlay() {
    let mut h = Harness::demo();
    h.keys("jljS");
    snap("status_picker", &mut h);
}

#[test]
fn archive_confirmation() {
    let mut h = Harness::demo();
    h.keys("jd");
    snap("confirm_archive", &mut h);
}

#[test]
fn filter_as_you_type() {
    let mut h = Harness::demo();
    h.keys("/offline");
    snap("filter", &mut h);
}

#[test]
fn no_color_draws_no_colour() {
    let mut h = Harness::demo();
    h.set_no_color(true);
    h.resize(80, 24);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| backlog::tui::views::draw(f, &h.app))
        .unwrap();
    use ratatui::style::Color;
    for cell in terminal.backend().buffer().content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "coloured cell under NO_COLOR: {cell:?}"
        );
    }
    // Same text as with colour.
    h.set_no_color(false);
    let coloured = render(&h.app, 80, 24);
    h.set_no_color(true);
    assert_eq!(render(&h.app, 80, 24), coloured);
}

/// Titles in other scripts, with combining marks, emoji and control
/// characters: rows keep their width and the columns stay aligned.
#[test]
fn wide_and_hostile_titles_keep_the_columns_aligned() {
    let mut h = Harness::empty();
    h.keys("n請求書を自動で送信して支払いを早くするための取り組み全体<Enter>");
    h.keys("aCafe\u{301} menu & emoji 🚀🚀🚀 launch of the new ordering flow<Enter>");
    h.keys("aA story with a very long title that goes on and on well past any column width<Enter>");
    h.keys("aBell\u{7} and escape \u{1b}[2J in a title<Enter>");
    let text = h.screen(80, 24);
    check_screen(&text, 80, 24, true);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    assert!(text.contains("1 initiative · 1 epic · 2 stories"), "{text}");
    // Every item row has its status at the same display column.
    let col = |row: &str| {
        row.find("draft")
            .map(|b| unicode_width::UnicodeWidthStr::width(&row[..b]))
    };
    let cols: Vec<usize> = text.lines().filter_map(col).collect();
    assert_eq!(cols.len(), 4 + 1, "4 items and the detail title:\n{text}");
    assert!(
        cols[..4].iter().all(|c| *c == cols[0]),
        "status column misaligned {cols:?}:\n{text}"
    );
    insta::assert_snapshot!("hostile_titles_80x24", text);
}

/// Every screen draws without panicking at any size, down to 1×1 (a
/// terminal being resized passes through all of them).
#[test]
fn every_screen_survives_tiny_and_huge_terminals() {
    let scenes: &[(&str, bool, &str)] = &[
        ("backlog", true, ""),
        ("story", true, "jlj"),
        ("criteria", true, "jlj<Tab>jj"),
        ("ranked", true, "2"),
        ("roadmap", true, "3"),
        ("welcome", false, ""),
        ("help", true, "?jjjj"),
        ("rice form", true, "jljr"),
        ("edit form", true, "jlje"),
        (
            "error form",
            true,
            "jljr<Tab><Tab><Tab><BS><BS><BS>0<Enter>",
        ),
        ("status picker", true, "jljS"),
        ("move picker", true, "jljmlive"),
        ("palette", true, ":ra"),
        ("confirm", true, "jd"),
        ("filter", true, "/offline"),
        ("filter nothing", true, "/zzzzqq"),
        ("dependency view", true, "jjjbj"),
        ("dependency picker", true, "jjjba"),
    ];
    let sizes = [
        (0, 0),
        (1, 1),
        (2, 2),
        (5, 3),
        (10, 4),
        (12, 6),
        (20, 5),
        (30, 8),
        (40, 12),
        (60, 15),
        (79, 23),
        (250, 80),
    ];
    let mut failures = Vec::new();
    for (name, demo, keys) in scenes {
        let mut h = if *demo {
            Harness::demo()
        } else {
            Harness::empty()
        };
        h.resize(80, 24);
        h.keys(keys);
        for (w, ht) in sizes {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                h.resize(w, ht);
                render(&h.app, w, ht)
            }));
            if result.is_err() {
                failures.push(format!("{name} at {w}x{ht}"));
            }
        }
    }
    assert!(failures.is_empty(), "panicked: {failures:?}");
}

/// Fields without the cursor show their text from the start, cut with an
/// ellipsis (they used to show the end, scrolled like the focused one).
#[test]
fn unfocused_form_fields_show_their_start() {
    let mut h = Harness::demo();
    h.keys("jlje");
    let goal = h.app.selected_item().unwrap().goal.clone().unwrap();
    let text = h.screen(80, 24);
    let start: String = goal.chars().take(30).collect();
    assert!(
        text.contains(&format!("I want            {start}")),
        "{text}"
    );
    assert!(text.contains('…'));
}

/// The text snapshots do not show styles: the selected row is marked by
/// the theme's `selected` style across the list, in colour and without.
#[test]
fn selected_row_is_highlighted() {
    use backlog::tui::theme::{Theme, ThemeName};
    let mut h = Harness::demo();
    h.keys("jj");
    for no_color in [false, true] {
        h.set_no_color(no_color);
        h.resize(80, 24);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| backlog::tui::views::draw(f, &h.app))
            .unwrap();
        let buf = terminal.backend().buffer();
        let sel = Theme::new(ThemeName::Default, no_color).selected;
        let marked = |y: u16| {
            (1..79).all(|x| {
                let c = &buf[(x, y)];
                c.bg == sel.bg.unwrap_or(c.bg) && c.modifier.contains(sel.add_modifier)
            })
        };
        // Row 3 is the first item; the third item is selected.
        assert!(
            marked(5),
            "selected row not highlighted (no_color {no_color})"
        );
        assert!(!marked(4) && !marked(6), "other rows highlighted");
    }
}
