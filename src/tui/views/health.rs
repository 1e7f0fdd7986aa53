//! The Health tab: the backlog audit, each figure followed by the items
//! behind it; Enter jumps to the selected item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, scroll_hint};
use crate::tui::app::App;
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let rows = &app.health.rows;
    let inner = layout::inner(area);
    let height = inner.height.saturating_sub(1) as usize;
    let state = app.health.state;
    let shown = rows.len().saturating_sub(state.offset).min(height);
    let title = if app.health.running {
        " Backlog health · running the audit… "
    } else {
        " Backlog health "
    };
    let b = block(title.into(), true, theme)
        .title_bottom(Line::from(scroll_hint(state.offset, shown, rows.len())).right_aligned());
    f.render_widget(b, area);
    let w = inner.width as usize;
    let k = |c: Cmd| app.keymap.hint(c);
    let guide = if !app.health.filter.trim().is_empty() {
        format!(
            "Findings matching “{}” · {} goes to the item · {} clears",
            app.health.filter.trim(),
            k(Cmd::Open),
            k(Cmd::Back)
        )
    } else if app.health.open.is_some() {
        format!(
            "{} goes to the item ({} comes back) · {} back to the summary",
            k(Cmd::Open),
            k(Cmd::Back),
            k(Cmd::Collapse)
        )
    } else {
        format!(
            "One line per finding · {} or {} opens it · stale after {} days",
            k(Cmd::Open),
            k(Cmd::Expand),
            app.stale_days
        )
    };
    let mut lines = vec![Line::from(Span::styled(fit(&guide, w), theme.dim))];
    for (i, row) in rows.iter().enumerate().skip(state.offset).take(height) {
        let style = if row.heading {
            if row.problem {
                theme.warn
            } else {
                theme.heading
            }
        } else if row.key.is_some() {
            theme.base
        } else if row.problem {
            theme.warn
        } else {
            theme.ok
        };
        let mut line = Line::from(Span::styled(fit(&row.text, w), style));
        if i == state.selected {
            line = line.style(theme.selected);
        }
        lines.push(line);
    }
    if rows.is_empty() && app.health.running {
        lines.push(Line::from(Span::styled(
            fit("Running the audit… (keys work meanwhile)", w),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
