//! A yes/no dialog before a destructive action.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::block;
use crate::domain::text::terminal_safe;
use crate::tui::form::Confirm;
use crate::tui::layout;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, theme: &Theme, c: &Confirm) {
    let area = f.area();
    let width = area.width.saturating_sub(4).clamp(30, 70);
    let r = layout::centered(area, width, 6);
    f.render_widget(Clear, r);
    let lines = vec![
        Line::from(terminal_safe(&c.message, false)),
        Line::default(),
        Line::from(vec![
            Span::styled(" y ", theme.help_key),
            Span::raw("yes   "),
            Span::styled(" n ", theme.help_key),
            Span::raw("no"),
        ]),
    ];
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block(
            " Confirm ".into(),
            true,
            theme,
        )),
        r,
    );
}
