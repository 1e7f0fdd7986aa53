//! The success-metrics panel (`O`), over the current tab's body: the
//! initiative's outcome, and each metric with its baseline → target and
//! where it stands (bar, latest value, trend).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, scroll_hint};
use crate::domain::text::count;
use crate::tui::app::App;
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::panel::MetricsPanel;
use crate::tui::theme::Theme;
use crate::tui::widgets::progress::standing_text;
use crate::tui::widgets::text::fit;

pub fn draw(f: &mut Frame, app: &App, panel: &MetricsPanel, theme: &Theme, area: Rect) {
    let Some(item) = app.backlog.get(panel.key) else {
        return;
    };
    let inner = layout::inner(area);
    let width = inner.width as usize;
    // Two lines a metric, below the outcome and a blank line.
    let per_screen = (inner.height as usize).saturating_sub(2) / 2;
    let n = item.metrics.len();
    let offset = (panel.selected + 1).saturating_sub(per_screen.max(1));
    let shown = n.saturating_sub(offset).min(per_screen);
    let title = format!(
        " Success metrics of {} {} · {} ",
        item.key,
        fit(&item.title, width.saturating_sub(40)),
        count(n, "metric", "metrics")
    );
    let b = block(title, true, theme)
        .title_bottom(Line::from(scroll_hint(offset, shown, n)).right_aligned());
    f.render_widget(b, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let outcome = item
        .outcome
        .as_deref()
        .unwrap_or("none set (edit the initiative to give it one)");
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Outcome: ", theme.dim),
            Span::raw(fit(outcome, width.saturating_sub(9))),
        ]),
        Line::raw(""),
    ];
    if n == 0 {
        lines.push(Line::from(Span::styled(
            fit(
                &format!(
                    "  No success metrics yet: {} adds one (a name, where it starts, where it should get to)",
                    app.keymap.hint(Cmd::MetricsAdd)
                ),
                width,
            ),
            theme.dim,
        )));
    }
    for (i, m) in item
        .metrics
        .iter()
        .enumerate()
        .skip(offset)
        .take(per_screen)
    {
        let mark = if i == panel.selected { "▸ " } else { "  " };
        let head = Line::from(vec![
            Span::styled(mark, theme.key),
            Span::styled(format!("{}. ", i + 1), theme.key),
            Span::styled(fit(&m.name, width.saturating_sub(5)), theme.title),
        ]);
        let range = format!(
            "{} → {}",
            if m.baseline.is_empty() {
                "?"
            } else {
                &m.baseline
            },
            if m.target.is_empty() { "?" } else { &m.target }
        );
        let stand = match standing_text(m, 10) {
            Some(s) => format!("{s} · {}", count(m.checkins.len(), "check-in", "check-ins")),
            None => "no check-in yet".to_string(),
        };
        let detail = Line::from(Span::raw(fit(&format!("     {range} · {stand}"), width)));
        if i == panel.selected {
            lines.push(head.style(theme.selected));
            lines.push(detail.style(theme.selected));
        } else {
            lines.push(head);
            lines.push(detail);
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// The help line's keys while the panel is open.
pub fn keys(app: &App) -> Vec<(String, &'static str)> {
    let k = |c| app.keymap.hint(c);
    vec![
        (
            format!("{}/{}", k(Cmd::MetricsDown), k(Cmd::MetricsUp)),
            "move",
        ),
        (k(Cmd::MetricsAdd), "add"),
        (k(Cmd::MetricsEdit), "edit"),
        (k(Cmd::MetricsRemove), "remove"),
        (k(Cmd::CheckIn), "check in"),
        (k(Cmd::Undo), "undo"),
        (k(Cmd::MetricsClose), "close"),
    ]
}
