//! `?` help, generated from the live keymap.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{block, scroll_hint};
use crate::tui::app::App;
use crate::tui::help::{self, HelpLine};
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::cell;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, scroll: u16) {
    let area = f.area();
    let r = layout::help_rect(area);
    let all = help::lines();
    let total = all.len();
    let scroll = scroll.min(layout::help_max_scroll(area, total));
    f.render_widget(Clear, r);
    let visible = layout::help_visible(area);
    let shown = total.saturating_sub(scroll as usize).min(visible);
    let b = block(" Keys (from your keymap) · Esc closes ".into(), true, theme)
        .title_bottom(Line::from(scroll_hint(scroll as usize, shown, total)).right_aligned());
    let lines: Vec<Line> = all
        .into_iter()
        .map(|line| match line {
            HelpLine::Heading(scope) => Line::from(Span::styled(scope.title(), theme.heading)),
            HelpLine::Command(cmd) => Line::from(vec![
                // A space always parts a cut cell from the next.
                Span::styled(cell(&app.keymap.label(cmd), 17), theme.help_key),
                Span::raw(" "),
                Span::raw(cell(cmd.description(), 32)),
                Span::raw(" "),
                Span::styled(cmd.name(), theme.dim),
            ]),
            HelpLine::Blank => Line::default(),
            HelpLine::Note(note) => Line::from(Span::styled(note, theme.dim)),
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(b).scroll((scroll, 0)), r);
}
