//! The slot of a tab that a later release fills (Roadmap, Refine, Health),
//! pointing at what works today.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::block;
use crate::tui::app::{App, Tab};
use crate::tui::layout;
use crate::tui::theme::Theme;

pub fn draw(f: &mut Frame, _app: &App, theme: &Theme, area: Rect, tab: Tab) {
    let what = match tab {
        Tab::Roadmap => "Now / Next / Later columns of epic cards, ordered by RICE or WSJF.",
        Tab::Refine => {
            "One story at a time in large type, for refinement sessions on a shared screen."
        }
        Tab::Health => {
            "A backlog audit: coverage of criteria, estimates and scores, and what needs attention."
        }
        _ => "",
    };
    let lines = vec![
        Line::from(Span::styled(tab.title(), theme.title)),
        Line::default(),
        Line::from(what),
        Line::default(),
        Line::from(Span::styled(
            "This tab is not in this version yet. Press 1 for the Backlog or 2 for the Ranked list.",
            theme.dim,
        )),
    ];
    let r = layout::centered(area, 72, 9);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(format!(" {} ", tab.title()), false, theme)),
        r,
    );
}
