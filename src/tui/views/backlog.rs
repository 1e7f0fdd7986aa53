//! The Backlog tab: the tree of initiatives → epics → stories, and the
//! detail pane of the selected item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, detail, scroll_hint};
use crate::domain::Kind;
use crate::domain::search::Query;
use crate::tui::app::{App, Focus};
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::columns::Columns;
use crate::tui::widgets::text::{cell, counted, filtered_title};

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (list, pane) = layout::split(area);
    draw_tree(f, app, theme, list);
    detail::draw(
        f,
        app,
        theme,
        pane,
        app.selected_item(),
        app.focus == Focus::Criteria,
    );
}

fn draw_tree(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let inner = layout::inner(area);
    let height = inner.height.saturating_sub(1) as usize;
    let state = app.tree.state;
    let shown = app.tree.rows.len().saturating_sub(state.offset).min(height);
    let filter = if app.filter.is_empty() {
        String::new()
    } else {
        format!(" · filter “{}”", app.filter)
    };
    let title = format!(
        " Backlog · {}{filter} ",
        counted(app.tree.rows.len(), "row", "rows")
    );
    let b = block(title, app.focus == Focus::List, theme).title_bottom(
        Line::from(scroll_hint(state.offset, shown, app.tree.rows.len())).right_aligned(),
    );
    f.render_widget(b, area);

    let width = inner.width as usize;
    let query = Query::new(&app.filter);
    let cols = Columns::for_width(width, 0, app.model);
    let title_w = width.saturating_sub(cols.width());
    let mut lines = vec![Line::from(vec![
        Span::styled(cell("  KEY    TITLE", title_w), theme.dim),
        Span::styled(cols.header(app.model, false), theme.dim),
    ])];
    if app.tree.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "  Nothing matches the filter ({} clears it)",
                app.keymap.hint(crate::tui::keymap::Cmd::Back)
            ),
            theme.dim,
        )));
    }
    for (i, row) in app
        .tree
        .rows
        .iter()
        .enumerate()
        .skip(state.offset)
        .take(height)
    {
        let Some(item) = app.backlog.get(row.key) else {
            continue;
        };
        let glyph = match (row.has_children, row.expanded) {
            (true, true) => "▾ ",
            (true, false) => "▸ ",
            _ => "  ",
        };
        let indent = "  ".repeat(row.depth as usize);
        let key = format!("{:<6} ", row.key.to_string());
        let lead_w = indent.chars().count() + 2 + key.chars().count();
        let title_style = if item.kind() == Kind::Initiative {
            theme.title
        } else {
            theme.base
        };
        let mut spans = vec![
            Span::raw(indent),
            Span::styled(glyph, theme.dim),
            Span::styled(key, theme.key),
        ];
        spans.extend(filtered_title(
            item,
            title_w.saturating_sub(lead_w),
            query.as_ref(),
            title_style,
            theme.dim,
        ));
        spans.extend(cols.spans(item, app.backlog.effective_lane(item), theme));
        let mut line = Line::from(spans);
        if i == state.selected {
            line = line.style(theme.selected);
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}
