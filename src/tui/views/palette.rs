//! The `:` command palette: every command by name with its keys.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::block;
use crate::tui::app::App;
use crate::tui::form::Palette;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{cell, fit};

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, p: &Palette) {
    let area = f.area();
    let visible = (p.shown.len() as u16).clamp(1, area.height.saturating_sub(8).max(1));
    let width = area.width.saturating_sub(4).clamp(30, 76);
    let r = layout::centered(area, width, visible + 4);
    f.render_widget(Clear, r);
    let b = block(" Command palette ".into(), true, theme);
    let inner = b.inner(r);
    f.render_widget(b, r);
    let w = inner.width as usize;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(": ", theme.help_key),
            Span::raw(fit(&p.query.lines().join(""), w.saturating_sub(4))),
            Span::styled("▏", theme.help_key),
        ]),
        Line::default(),
    ];
    let first = p.selected.saturating_sub(visible as usize - 1);
    for (row, cmd) in p
        .shown
        .iter()
        .enumerate()
        .skip(first)
        .take(visible as usize)
    {
        let style = if row == p.selected {
            theme.selected
        } else {
            theme.base
        };
        let keys = app.keymap.label(*cmd);
        let text = format!(
            " {} {}",
            cell(cmd.description(), w.saturating_sub(12)),
            cell(&keys, 9)
        );
        lines.push(Line::from(Span::styled(fit(&text, w), style)));
    }
    if p.shown.is_empty() {
        lines.push(Line::from(Span::styled(" no command matches", theme.dim)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
