//! The Ranked tab: every story (or epic) in one list by RICE or WSJF,
//! unscored last, with the breakdown of the selected one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, detail, planning_lines, scroll_hint};
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::columns::Columns;
use crate::tui::widgets::text::{cell, cell_right, filtered_title};

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (list, pane) = layout::split(area);
    let inner = layout::inner(list);
    let height = inner.height.saturating_sub(1) as usize;
    let state = app.ranked.state;
    let shown = app
        .ranked
        .rows
        .len()
        .saturating_sub(state.offset)
        .min(height);
    let scored = app.ranked.scored;
    let title = format!(
        " Ranked {} by {} · {scored} scored · {} unscored ",
        app.ranked.kind.plural(),
        app.model.label(),
        app.ranked.rows.len() - scored
    );
    let b = block(title, true, theme).title_bottom(
        Line::from(scroll_hint(state.offset, shown, app.ranked.rows.len())).right_aligned(),
    );
    f.render_widget(b, list);

    let width = inner.width as usize;
    let query = crate::domain::search::Query::new(&app.filter);
    let forecast = planning_lines::ranked_column(app, width.saturating_sub(12));
    let cols = Columns::for_width(width - planning_lines::width(forecast), 12, app.model);
    let title_w = width.saturating_sub(cols.width() + planning_lines::width(forecast));
    let mut lines = vec![Line::from(vec![
        Span::styled(cell("   #  KEY    TITLE", title_w), theme.dim),
        Span::styled(cols.header(app.model, true), theme.dim),
        Span::styled(
            forecast
                .map(|_| planning_lines::ranked_header())
                .unwrap_or_default(),
            theme.dim,
        ),
    ])];
    for (i, key) in app
        .ranked
        .rows
        .iter()
        .enumerate()
        .skip(state.offset)
        .take(height)
    {
        let Some(item) = app.backlog.get(*key) else {
            continue;
        };
        let pos = if item.score(app.model).is_some() {
            (i + 1).to_string()
        } else {
            "–".into()
        };
        let lead = format!("{} {:<6} ", cell_right(&pos, 4), key.to_string());
        let lead_w = lead.chars().count();
        let mut spans = vec![Span::styled(lead, theme.key)];
        spans.extend(filtered_title(
            item,
            title_w.saturating_sub(lead_w),
            query.as_ref(),
            ratatui::style::Style::default(),
            theme.dim,
        ));
        spans.extend(cols.spans(item, app.backlog.effective_lane(item), theme));
        spans.extend(
            forecast.map(|p| Span::styled(planning_lines::ranked_cell(p, *key), theme.score)),
        );
        let mut line = Line::from(spans);
        if i == state.selected {
            line = line.style(theme.selected);
        }
        lines.push(line);
    }
    if app.ranked.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  No {} to rank", app.ranked.kind.plural()),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), inner);
    detail::draw(f, app, theme, pane, app.selected_item(), false);
}
