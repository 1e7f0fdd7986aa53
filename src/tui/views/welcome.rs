//! The welcome screen of an empty backlog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::block;
use crate::tui::app::App;
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let k = |c| app.keymap.hint(c);
    let lines = vec![
        Line::from(Span::styled("Welcome to backlog", theme.title)),
        Line::default(),
        Line::from("This backlog is empty."),
        Line::default(),
        Line::from(vec![
            Span::raw("  Press "),
            Span::styled(k(Cmd::NewInitiative), theme.help_key),
            Span::raw(" to add your first initiative, then "),
            Span::styled(k(Cmd::AddChild), theme.help_key),
            Span::raw(" to add epics and stories under it."),
        ]),
        Line::default(),
        Line::from("  Or quit and load the demo backlog to look around:"),
        Line::from(Span::styled("      backlog demo", theme.key)),
        Line::from(Span::styled(
            "      backlog --demo   (a throwaway copy)",
            theme.key,
        )),
        Line::default(),
        Line::from(vec![
            Span::raw("  "),
            Span::styled(k(Cmd::Help), theme.help_key),
            Span::raw(" lists every key · "),
            Span::styled(k(Cmd::Quit), theme.help_key),
            Span::raw(" quits"),
        ]),
    ];
    let r = layout::centered(area, 70, 15);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(" backlog ".into(), true, theme)),
        r,
    );
}
