//! The Ranked tab marks what the filter matched (issue 16, "Search and
//! filter"): the matched characters of each title in bold underline, the
//! rest as before, and the field that matched when it is not the title.

#[path = "tui_common/mod.rs"]
mod common;

use common::{Harness, buffer_text};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn draw(h: &mut Harness, w: u16, ht: u16) -> Buffer {
    h.resize(w, ht);
    let mut t = Terminal::new(TestBackend::new(w, ht)).unwrap();
    t.draw(|f| backlog::tui::views::draw(f, &h.app)).unwrap();
    t.backend().buffer().clone()
}

/// The characters of row `y` drawn in bold underline.
fn marked(buf: &Buffer, y: u16) -> String {
    let mark = Modifier::BOLD | Modifier::UNDERLINED;
    (0..buf.area.width)
        .map(|x| &buf[(x, y)])
        .filter(|c| c.modifier.contains(mark))
        .map(|c| c.symbol())
        .collect()
}

#[test]
fn ranked_rows_mark_the_matched_characters() {
    let mut h = Harness::demo();
    h.keys("2/map<Enter>");
    let buf = draw(&mut h, 120, 40);
    let text = buffer_text(&buf);
    // The list, left of the detail pane.
    let rows: Vec<(u16, String)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(" S-"))
        .map(|(y, l)| (y as u16, l.split("││").next().unwrap_or(l).to_string()))
        .collect();
    assert!(!rows.is_empty(), "{text}");
    let mut title_hits = 0;
    for (y, line) in &rows {
        let m = marked(&buf, *y).to_lowercase();
        if line.contains(" · ") {
            // Matched in another field: the field is named, and the title
            // has nothing to mark.
            assert!(m.is_empty(), "row {y}: {line} marked {m}");
        } else if line.to_lowercase().contains("map") {
            assert_eq!(m, "map", "row {y}: {line}");
            title_hits += 1;
        }
    }
    assert!(title_hits > 0, "{text}");
    // Without a filter nothing is marked.
    h.keys("<Esc>");
    let buf = draw(&mut h, 120, 40);
    assert!((0..40).all(|y| marked(&buf, y).is_empty()));
}

#[test]
fn ranked_filter_snapshots() {
    let mut h = Harness::demo();
    h.keys("2/map<Enter>");
    for (w, ht) in SIZES {
        let text = h.screen(w, ht);
        insta::assert_snapshot!(format!("ranked_filtered_{w}x{ht}"), text);
    }
}
