//! The planning figures where the Roadmap and Ranked tabs show them: the
//! capacity headline over the roadmap (coloured: over or fits) with what
//! it and the dates were computed from, an epic card's 85 % date, and the
//! Ranked tab's 85 % column of epics.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::domain::planning::RoadmapPlanning;
use crate::domain::{Key, Kind};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{cell, fit};

/// The Ranked column's width: `12 Jan 2027`, and a space before it.
pub const RANKED_W: usize = 12;
/// Free columns the Ranked tab needs before it adds the 85 % column: a
/// title of 32, the status and the widest score stay beside it.
const RANKED_WIDE: usize = 32
    + (crate::tui::widgets::columns::STATUS_W + 1)
    + (crate::tui::widgets::columns::RICE_W + 1)
    + RANKED_W;

/// The line under the roadmap's title line: `Now 142 / 120 pts — over by
/// 18%` (in the warning colour when over), then what it was computed
/// from and what the dates stand on.
pub fn roadmap_header(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    let Some(p) = &app.planning.shown else {
        return Line::default();
    };
    let headline = format!(" {}", p.headline);
    let style = if p.over {
        theme.error
    } else if p.basis.starts_with("no capacity") || headline.contains("unknown") {
        theme.dim
    } else {
        theme.ok
    };
    let used = headline.chars().count();
    let rest = format!(" · {} · {}", p.basis, p.forecast);
    Line::from(vec![
        Span::styled(fit(&headline, width), style),
        Span::styled(fit(&rest, width.saturating_sub(used)), theme.dim),
    ])
}

/// A card's second line: the epic's 85 % date first (in the warning
/// colour when it falls after Now ends), then the initiative.
pub fn card_line(
    planning: Option<&RoadmapPlanning>,
    key: Key,
    initiative: &str,
    width: usize,
    dim: Style,
    theme: &Theme,
) -> Line<'static> {
    let Some(date) = planning.and_then(|p| p.card_line(key)) else {
        return Line::from(Span::styled(fit(initiative, width), dim));
    };
    let late = planning.is_some_and(|p| p.epics.iter().any(|e| e.key == key && e.late));
    let used = date.chars().count();
    let rest = if initiative.is_empty() {
        String::new()
    } else {
        format!(" · {initiative}")
    };
    Line::from(vec![
        Span::styled(
            fit(&date, width),
            if late { theme.warn } else { theme.score },
        ),
        Span::styled(fit(&rest, width.saturating_sub(used)), dim),
    ])
}

/// The Ranked tab's 85 % column: shown when it lists epics, the figures
/// are in, and `free` columns (all but the rank and key) hold a title and
/// the status and a score besides it (narrower, those come first).
pub fn ranked_column(app: &App, free: usize) -> Option<&RoadmapPlanning> {
    let fits = free >= RANKED_WIDE;
    let shown = app.planning.shown.as_ref();
    shown.filter(|_| fits && app.ranked.kind == Kind::Epic)
}

/// The width the column takes (0 when it does not show).
pub fn width(column: Option<&RoadmapPlanning>) -> usize {
    column.map_or(0, |_| RANKED_W)
}

/// The column's header cell.
pub fn ranked_header() -> String {
    cell(" 85%", RANKED_W)
}

/// An epic's cell: its 85 % date; `–` for an epic not in Now or Next,
/// `no history` without enough of it.
pub fn ranked_cell(planning: &RoadmapPlanning, key: Key) -> String {
    let text = match planning.epics.iter().find(|e| e.key == key) {
        None => "–".to_string(),
        Some(e) => match (e.p85, planning.has_forecast) {
            (Some(d), _) => d.format("%-d %b %Y").to_string(),
            (None, true) => "beyond".to_string(),
            (None, false) => "no history".to_string(),
        },
    };
    cell(&format!(" {text}"), RANKED_W)
}
