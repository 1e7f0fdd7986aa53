//! The Health tab: the backlog audit, each figure followed by the items
//! behind it; Enter jumps to the selected item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, scroll_hint};
use crate::tui::app::App;
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
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!(
                "Figures and the items behind them · {} goes to the item · stale after {} days",
                app.keymap.hint(crate::tui::keymap::Cmd::Open),
                app.stale_days
            ),
            w,
        ),
        theme.dim,
    ))];
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
