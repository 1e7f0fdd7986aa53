//! Screen layout, shared by the views (to draw) and by update (to scroll
//! and to map mouse clicks), so both agree on where things are.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use super::app::{App, Tab};

/// Tab bar, body, status line, help line.
pub fn frame(area: Rect) -> [Rect; 4] {
    let v = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .split(area);
    [v[0], v[1], v[2], v[3]]
}

/// Whether the detail pane sits beside the list (wide) or below it.
pub fn side_by_side(body: Rect) -> bool {
    body.width >= 110
}

/// The list and the detail pane of the Backlog and Ranked tabs.
pub fn split(body: Rect) -> (Rect, Rect) {
    if side_by_side(body) {
        let h = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(58), Constraint::Percentage(42)])
            .split(body);
        (h[0], h[1])
    } else {
        let v = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Percentage(55), Constraint::Percentage(45)])
            .split(body);
        (v[0], v[1])
    }
}

/// The list's inner area (inside its border), header row included.
pub fn list_area(size: Rect, app: &App) -> Rect {
    let [_, body, _, _] = frame(size);
    let list = match app.tab {
        Tab::Backlog | Tab::Ranked => split(body).0,
        _ => body,
    };
    inner(list)
}

/// The area inside a plain border.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// A centred rectangle for dialogs.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
