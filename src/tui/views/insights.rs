//! The Insights tab: the customer insights, the inbox (linked to nothing)
//! first, with the selected one in full beside them: its quote, who said
//! it and where, and the items it is evidence for. Also the Ranked tab's
//! customer count column.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{block, scroll_hint};
use crate::domain::insight::insight_date;
use crate::domain::text::terminal_safe;
use crate::domain::{Backlog, Item, Key};
use crate::tui::app::App;
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{cell, cell_right, counted, fit};

/// Columns of the list, left to right (the text takes the rest).
const KEY_W: usize = 6;
const DATE_W: usize = 11;
const LINKS_W: usize = 12;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (list, pane) = layout::split(area);
    draw_list(f, app, theme, list);
    let selected = app
        .insights
        .selected_key()
        .and_then(|k| app.backlog.insight(k));
    draw_detail(f, app, theme, pane, selected);
}

fn draw_list(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let view = &app.insights;
    let inner = layout::inner(area);
    let height = inner.height.saturating_sub(1) as usize;
    let state = view.state;
    let shown = view.rows.len().saturating_sub(state.offset).min(height);
    let title = format!(
        " Insights · {} in the inbox · {} ",
        view.inbox,
        counted(view.rows.len(), "insight", "insights")
    );
    let b = block(title, true, theme).title_bottom(
        Line::from(scroll_hint(state.offset, shown, view.rows.len())).right_aligned(),
    );
    f.render_widget(b, area);
    let w = inner.width as usize;
    let customer_w = (w / 5).clamp(10, 22);
    let text_w = w.saturating_sub(KEY_W + DATE_W + customer_w + 1 + LINKS_W);
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!(
                "{}{}{} {}{}",
                cell("KEY", KEY_W),
                cell("DATE", DATE_W),
                cell("CUSTOMER", customer_w),
                cell("LINKED TO", LINKS_W),
                "TEXT"
            ),
            w,
        ),
        theme.dim,
    ))];
    for (n, key) in view.rows.iter().enumerate().skip(state.offset).take(height) {
        let Some(i) = app.backlog.insight(*key) else {
            continue;
        };
        let info = i.insight.clone().unwrap_or_default();
        let links = if i.depends_on.is_empty() {
            Span::styled(cell("inbox", LINKS_W), theme.warn)
        } else {
            Span::raw(cell(&joined(&i.depends_on), LINKS_W))
        };
        let mut line = Line::from(vec![
            Span::styled(cell(&key.to_string(), KEY_W), theme.key),
            Span::styled(cell(&insight_date(i).to_string(), DATE_W), theme.dim),
            Span::raw(cell(info.customer.as_deref().unwrap_or("–"), customer_w)),
            Span::raw(" "),
            links,
            Span::raw(fit(&i.title, text_w)),
        ]);
        if n == state.selected {
            line = line.style(theme.selected);
        }
        lines.push(line);
    }
    if view.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            fit(
                "No customer insights yet: `backlog insight add TEXT` or `backlog insight import FILE` brings them in",
                w,
            ),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_detail(f: &mut Frame, app: &App, theme: &Theme, area: Rect, insight: Option<&Item>) {
    let Some(i) = insight else {
        f.render_widget(block(" Insight ".into(), false, theme), area);
        return;
    };
    let inbox = i.depends_on.is_empty();
    let title = format!(
        " {} · insight{} ",
        i.key,
        if inbox { " · inbox" } else { "" }
    );
    let b = block(title, false, theme);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let k = |c: Cmd| app.keymap.hint(c);
    let mut lines = vec![Line::from(format!("“{}”", terminal_safe(&i.title, false)))];
    lines.extend(origin(i, app.now, theme));
    lines.push(Line::default());
    if inbox {
        lines.push(Line::from(Span::styled(
            format!(
                "In the inbox: {} links it to an item, {} archives it",
                k(Cmd::InsightLink),
                k(Cmd::Archive)
            ),
            theme.warn,
        )));
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "Evidence for · {} goes to it · {} links another · {} unlinks",
                k(Cmd::InsightJump),
                k(Cmd::InsightLink),
                k(Cmd::InsightUnlink)
            ),
            theme.heading,
        )));
        for t in &i.depends_on {
            lines.push(linked_line(&app.backlog, *t, theme));
        }
    }
    if !i.description.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            terminal_safe(&i.description, false),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// Who said it, where and when.
fn origin<'a>(i: &Item, now: DateTime<Utc>, theme: &Theme) -> Vec<Line<'a>> {
    let info = i.insight.clone().unwrap_or_default();
    let safe = |s: &str| terminal_safe(s, false);
    let who = match (&info.customer, &info.segment) {
        (Some(c), Some(s)) => format!("{} · {}", safe(c), safe(s)),
        (Some(c), None) => safe(c),
        (None, Some(s)) => format!("(no customer) · {}", safe(s)),
        (None, None) => "(no customer)".into(),
    };
    let date = insight_date(i);
    let days = (now.date_naive() - date).num_days();
    let ago = match days {
        d if d < 0 => String::new(),
        0 => ", today".into(),
        1 => ", yesterday".into(),
        d => format!(", {d} days ago"),
    };
    let mut said = vec![who, format!("{date}{ago}")];
    if let Some(src) = &info.source {
        said.insert(1, safe(src));
    }
    let mut v = vec![Line::from(Span::styled(said.join(" · "), theme.dim))];
    if let Some(u) = &info.url {
        v.push(Line::from(Span::styled(safe(u), theme.dim)));
    }
    v
}

/// `  E-1  Live technician map · epic · in-progress · now`.
fn linked_line<'a>(backlog: &Backlog, key: Key, theme: &Theme) -> Line<'a> {
    let Some(item) = backlog.get(key) else {
        return Line::from(Span::styled(
            format!("  {key}  (no longer exists)"),
            theme.dim,
        ));
    };
    let lane = backlog
        .effective_lane(item)
        .map_or(String::new(), |l| format!(" · {}", l.as_str()));
    let archived = if backlog.is_hidden(item) {
        " · archived"
    } else {
        ""
    };
    Line::from(vec![
        Span::styled(format!("  {:<6}", key.to_string()), theme.key),
        Span::raw(terminal_safe(&item.title, false)),
        Span::styled(
            format!(" · {} · {}{lane}{archived}", item.kind(), item.status),
            theme.dim,
        ),
    ])
}

fn joined(keys: &[Key]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Columns the Ranked tab's customer count takes.
pub const CUSTOMERS_W: usize = 6;

/// Whether the Ranked tab shows the customer count: the backlog holds
/// insights, a score shows (the count goes beside it) and the titles keep
/// `title_w - CUSTOMERS_W` ≥ 30 columns.
pub fn ranked_customers(app: &App, title_w: usize, scores_shown: bool) -> bool {
    !app.backlog.insights().is_empty() && scores_shown && title_w >= 30 + CUSTOMERS_W
}

/// The Ranked tab's customer column header (empty when not shown).
pub fn ranked_customers_header(shown: bool) -> String {
    if shown {
        cell_right("CUST", CUSTOMERS_W)
    } else {
        String::new()
    }
}

/// The Ranked tab's customer count of `key` (`–` for none).
pub fn ranked_customers_cell(backlog: &Backlog, key: Key) -> String {
    match backlog.customers(key) {
        0 => cell_right("–", CUSTOMERS_W),
        n => cell_right(&n.to_string(), CUSTOMERS_W),
    }
}
