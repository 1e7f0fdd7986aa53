//! A picker dialog: choose one option, optionally searching.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::block;
use crate::tui::form::Picker;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;

pub fn draw(f: &mut Frame, theme: &Theme, p: &Picker) {
    let area = f.area();
    let visible = (p.shown.len() as u16)
        .min(area.height.saturating_sub(6))
        .max(1);
    let height = visible + 2 + if p.searchable { 2 } else { 0 };
    let width = area.width.saturating_sub(4).clamp(30, 80);
    let r = layout::centered(area, width, height);
    f.render_widget(Clear, r);
    let b = block(
        format!(" {} ", fit(&p.title, width as usize - 4)),
        true,
        theme,
    );
    let inner = b.inner(r);
    f.render_widget(b, r);
    let mut lines = Vec::new();
    if p.searchable {
        lines.push(Line::from(vec![
            Span::styled("search: ", theme.heading),
            Span::raw(fit(
                &p.query.lines().join(""),
                (inner.width as usize).saturating_sub(10),
            )),
            Span::styled("▏", theme.help_key),
        ]));
        lines.push(Line::default());
    }
    let first = p.selected.saturating_sub(visible as usize - 1);
    for (row, &i) in p
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
        lines.push(Line::from(Span::styled(
            fit(&format!(" {}", p.options[i].0), inner.width as usize),
            style,
        )));
    }
    if p.shown.is_empty() {
        lines.push(Line::from(Span::styled(" nothing matches", theme.dim)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
