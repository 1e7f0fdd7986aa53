//! The status line: file, counts, read-only, and the last message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Level};
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{counted, fit};

pub fn draw_status(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [i, e, s] = app.backlog.counts();
    let ro = if app.read_only { " · read-only" } else { "" };
    let left = format!(
        " {}{ro} · {} · {} · {} ",
        app.file_name,
        counted(i, "initiative", "initiatives"),
        counted(e, "epic", "epics"),
        counted(s, "story", "stories"),
    );
    let mut spans = vec![Span::styled(
        fit(&left, area.width as usize),
        theme.status_bar,
    )];
    let width = area.width as usize;
    let used = spans[0].content.chars().count();
    if let Some((msg, level)) = &app.message {
        let style = match level {
            Level::Info => theme.status_bar,
            Level::Error => theme.error,
        };
        let room = width.saturating_sub(used + 2);
        spans.push(Span::styled(format!(" {} ", fit(msg, room)), style));
    }
    let used: usize = spans
        .iter()
        .map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()))
        .sum();
    spans.push(Span::styled(
        " ".repeat(width.saturating_sub(used)),
        theme.status_bar,
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
