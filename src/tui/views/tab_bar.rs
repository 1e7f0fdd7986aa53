//! The tab bar: the tabs (as layout places them) and the sort model.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::theme::Theme;

pub fn draw_tabs(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let mut spans = Vec::new();
    for t in layout::tab_areas(f.area()) {
        let style = if t.tab == app.tab {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(t.label, style));
        spans.push(Span::raw(" "));
    }
    let right = format!("{}  ", app.model.label());
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.chars().count());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(right, theme.dim));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
