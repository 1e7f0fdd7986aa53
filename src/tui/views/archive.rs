//! The archive panel (`A`), over the current tab's body: every archived
//! item with its kind, where it sits, what restoring it brings back and
//! when it was archived.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, scroll_hint};
use crate::domain::text::count;
use crate::tui::app::App;
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::panel::ArchivePanel;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{cell, cell_right};

const KIND_W: usize = 11;
const UNDER_W: usize = 7;
const WITH_W: usize = 8;
const DATE_W: usize = 12;

pub fn draw(f: &mut Frame, app: &App, panel: &ArchivePanel, theme: &Theme, area: Rect) {
    let inner = layout::inner(area);
    let height = app_rows(inner);
    let state = panel.state;
    let shown = panel.rows.len().saturating_sub(state.offset).min(height);
    let title = format!(
        " Archive · {} · {} restores, {} deletes for good ",
        count(panel.rows.len(), "item", "items"),
        app.keymap.hint(Cmd::ArchiveRestore),
        app.keymap.hint(Cmd::ArchivePurge)
    );
    let b = block(title, true, theme).title_bottom(
        Line::from(scroll_hint(state.offset, shown, panel.rows.len())).right_aligned(),
    );
    f.render_widget(b, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = inner.width as usize;
    let rest = KIND_W + UNDER_W + WITH_W + DATE_W;
    let wide = width >= 40 + rest;
    let title_w = if wide { width - rest } else { width };
    let mut header = cell("  KEY    TITLE", title_w);
    if wide {
        header.push_str(&format!(
            "{}{}{}{}",
            cell("KIND", KIND_W),
            cell("UNDER", UNDER_W),
            cell_right("BRINGS", WITH_W - 1),
            cell_right("ARCHIVED", DATE_W)
        ));
    }
    let mut lines = vec![Line::from(Span::styled(header, theme.dim))];
    if panel.rows.is_empty() {
        lines.push(Line::from(Span::styled("  Nothing is archived", theme.dim)));
    }
    for (i, key) in panel
        .rows
        .iter()
        .enumerate()
        .skip(state.offset)
        .take(height)
    {
        let Some(item) = app.backlog.get(*key) else {
            continue;
        };
        let lead = format!(
            "{} {:<6} ",
            if i == state.selected { "▸" } else { " " },
            key.to_string()
        );
        let lead_w = lead.chars().count();
        let mut spans = vec![
            Span::styled(lead, theme.key),
            Span::raw(cell(&item.title, title_w.saturating_sub(lead_w))),
        ];
        if wide {
            let under = item.parent.map_or("–".to_string(), |p| p.to_string());
            let hidden = crate::ops::archive::reach(&app.backlog, *key).hidden;
            let brings = if hidden > 0 {
                format!("+{hidden}")
            } else {
                "–".into()
            };
            spans.push(Span::styled(cell(item.kind().as_str(), KIND_W), theme.dim));
            spans.push(Span::raw(cell(&under, UNDER_W)));
            spans.push(Span::raw(cell_right(&brings, WITH_W - 1)));
            spans.push(Span::styled(
                cell_right(&item.updated.format("%Y-%m-%d").to_string(), DATE_W),
                theme.dim,
            ));
        }
        let mut line = Line::from(spans);
        if i == state.selected {
            line = line.style(theme.selected);
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Item rows the panel has room for (below its header line).
fn app_rows(inner: Rect) -> usize {
    (inner.height as usize).saturating_sub(1)
}

/// The help line's keys while the panel is open.
pub fn keys(app: &App) -> Vec<(String, &'static str)> {
    let k = |c| app.keymap.hint(c);
    vec![
        (
            format!("{}/{}", k(Cmd::ArchiveDown), k(Cmd::ArchiveUp)),
            "move",
        ),
        (k(Cmd::ArchiveRestore), "restore"),
        (k(Cmd::ArchivePurge), "delete for good"),
        (k(Cmd::Undo), "undo"),
        (k(Cmd::ArchiveClose), "close"),
    ]
}
