//! `?` help, generated from the live keymap.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::block;
use crate::tui::app::App;
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::cell;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, scroll: u16) {
    let area = f.area();
    let r = layout::centered(area, 72.min(area.width), area.height.saturating_sub(2));
    f.render_widget(Clear, r);
    let b = block(" Keys (from your keymap) · Esc closes ".into(), true, theme);
    let mut lines = Vec::new();
    for cmd in Cmd::all() {
        lines.push(Line::from(vec![
            Span::styled(cell(&app.keymap.label(cmd), 14), theme.help_key),
            Span::raw(cell(cmd.description(), 36)),
            Span::styled(cmd.name(), theme.dim),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Mouse: click selects, wheel scrolls. In forms: Enter saves, Tab moves, Alt-Enter adds a line.",
        theme.dim,
    )));
    lines.push(Line::from(Span::styled(
        "Change keys in config.toml ([keys] command = \"key\"); see the README.",
        theme.dim,
    )));
    f.render_widget(Paragraph::new(lines).block(b).scroll((scroll, 0)), r);
}
