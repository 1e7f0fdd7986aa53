//! `?` help, generated from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{block, scroll_hint};
use crate::tui::app::App;
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::cell;

const NOTES: [&str; 3] = [
    "Mouse: click selects, wheel scrolls.",
    "In forms: Enter saves, Tab moves, Alt-Enter adds a line.",
    "Change keys in config.toml ([keys] command = \"key\"); see the README.",
];

/// The dialog's rectangle on a screen of `area`.
fn rect(area: Rect) -> Rect {
    layout::centered(area, 72.min(area.width), area.height.saturating_sub(2))
}

/// Lines the help holds: one per command, a blank, the notes.
fn total() -> usize {
    Cmd::all().count() + 1 + NOTES.len()
}

/// How far the help can scroll on a screen of `area`: no further than its
/// last line at the bottom.
pub fn max_scroll(area: Rect) -> u16 {
    let visible = layout::inner(rect(area)).height as usize;
    total().saturating_sub(visible) as u16
}

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, scroll: u16) {
    let area = f.area();
    let r = rect(area);
    let scroll = scroll.min(max_scroll(area));
    f.render_widget(Clear, r);
    let visible = layout::inner(r).height as usize;
    let shown = total().saturating_sub(scroll as usize).min(visible);
    let b = block(" Keys (from your keymap) · Esc closes ".into(), true, theme)
        .title_bottom(Line::from(scroll_hint(scroll as usize, shown, total())).right_aligned());
    let mut lines = Vec::new();
    for cmd in Cmd::all() {
        lines.push(Line::from(vec![
            Span::styled(cell(&app.keymap.label(cmd), 14), theme.help_key),
            Span::raw(cell(cmd.description(), 36)),
            Span::styled(cmd.name(), theme.dim),
        ]));
    }
    lines.push(Line::default());
    for note in NOTES {
        lines.push(Line::from(Span::styled(note, theme.dim)));
    }
    f.render_widget(Paragraph::new(lines).block(b).scroll((scroll, 0)), r);
}
