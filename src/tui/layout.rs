//! Screen geometry, shared by the views (to draw) and by update (to scroll
//! and to map mouse clicks), so both agree on where things are. A leaf:
//! everything here is computed from the terminal area, the tab and plain
//! numbers, never from the App.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use super::tab::Tab;

/// Rows per roadmap card.
pub const CARD_HEIGHT: u16 = 4;

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

/// The list's inner area (inside its border) on `tab`, header row
/// included.
pub fn list_area(size: Rect, tab: Tab) -> Rect {
    let [_, body, _, _] = frame(size);
    let list = if tab.has_detail_pane() {
        split(body).0
    } else {
        body
    };
    inner(list)
}

/// Rows a list on `tab` shows below its header.
pub fn list_rows(size: Rect, tab: Tab) -> usize {
    list_area(size, tab).height.saturating_sub(1) as usize
}

/// The list row (from 0, below the header) at a screen position on `tab`.
pub fn list_row_at(size: Rect, tab: Tab, column: u16, row: u16) -> Option<usize> {
    let area = list_area(size, tab);
    let inside = column >= area.x
        && column < area.x + area.width
        && row > area.y
        && row < area.y + area.height;
    inside.then(|| (row - area.y - 1) as usize)
}

/// The label a tab shows in the bar, e.g. ` 1 Backlog `.
pub fn tab_label(tab: Tab) -> String {
    format!(" {} {} ", tab.number(), tab.title())
}

/// One tab's label and where it is drawn in the tab bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabArea {
    pub tab: Tab,
    pub label: String,
    pub area: Rect,
}

/// The tab bar's labels, left to right, one space apart.
pub fn tab_areas(size: Rect) -> Vec<TabArea> {
    let [bar, ..] = frame(size);
    let mut x = bar.x;
    Tab::ALL
        .into_iter()
        .map(|tab| {
            let label = tab_label(tab);
            let width = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
            let area = Rect::new(x, bar.y, width, 1).intersection(bar);
            x = x.saturating_add(width + 1);
            TabArea { tab, label, area }
        })
        .collect()
}

/// The tab whose label is at a screen position, if any.
pub fn tab_at(size: Rect, column: u16, row: u16) -> Option<Tab> {
    tab_areas(size)
        .into_iter()
        .find(|t| t.area.contains(ratatui::layout::Position::new(column, row)))
        .map(|t| t.tab)
}

/// The info lines (what the roadmap shows; Now's capacity) and the
/// column area of the Roadmap tab's body.
pub fn roadmap_body(body: Rect) -> (Rect, Rect) {
    let v = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Length(2), Constraint::Min(3)])
        .split(body);
    (v[0], v[1])
}

/// The Roadmap tab's `columns` columns side by side in `area`.
pub fn roadmap_columns(area: Rect, columns: u16) -> Vec<Rect> {
    Layout::default()
        .direction(Direction::Horizontal)
        .constraints(vec![
            Constraint::Ratio(1, columns.max(1) as u32);
            columns as usize
        ])
        .split(area)
        .to_vec()
}

/// How many cards a column of inner height `height` shows.
pub fn cards_in(height: u16) -> usize {
    (height / CARD_HEIGHT).max(1) as usize
}

/// How many cards a roadmap column shows at this terminal size.
pub fn cards_per_column(size: Rect) -> usize {
    let [_, body, _, _] = frame(size);
    let (_, columns) = roadmap_body(body);
    cards_in(inner(columns).height)
}

/// The `?` help dialog on a screen of `area`.
pub fn help_rect(area: Rect) -> Rect {
    centered(area, 72.min(area.width), area.height.saturating_sub(2))
}

/// Lines the `?` help shows at once on a screen of `area`.
pub fn help_visible(area: Rect) -> usize {
    inner(help_rect(area)).height as usize
}

/// How far a help of `lines` lines can scroll on a screen of `area`: no
/// further than its last line at the bottom.
pub fn help_max_scroll(area: Rect, lines: usize) -> u16 {
    lines.saturating_sub(help_visible(area)) as u16
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

/// Where the Refine tab draws, which fills the screen: the story's
/// header, its body (one column, or two side by side on a wide screen) and
/// the quiet line at the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefineAreas {
    pub header: Rect,
    /// Room for the key (and the title when it fits) in large type.
    pub big: bool,
    /// The story's sentence and criteria (and, on a narrow screen,
    /// everything else below them).
    pub left: Rect,
    /// The Definition of Ready, estimate, scores, dependencies and
    /// decisions on a wide screen (inside its left border).
    pub right: Option<Rect>,
    pub bottom: Rect,
}

impl RefineAreas {
    /// Body rows shown at once: the last row of the body is kept for the
    /// "↓ N more" marker.
    pub fn visible_rows(&self) -> usize {
        self.left.height.saturating_sub(1) as usize
    }
}

/// The Refine tab's areas on a screen of `size`.
pub fn refine_areas(size: Rect) -> RefineAreas {
    let v = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Min(3), Constraint::Length(1)])
        .split(size);
    let (body, bottom) = (v[0], v[1]);
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    let big = body.height >= 30 && body.width >= 70;
    let header_h = if big { 6 } else { 2 };
    let v = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Length(header_h), Constraint::Min(3)])
        .split(body);
    let (header, content) = (v[0], v[1]);
    if body.width >= 100 {
        let h = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(60), Constraint::Percentage(40)])
            .split(content);
        let right = Rect {
            x: h[1].x + 2,
            width: h[1].width.saturating_sub(2),
            ..h[1]
        };
        RefineAreas {
            header,
            big,
            left: Rect {
                width: h[0].width.saturating_sub(1),
                ..h[0]
            },
            right: Some(right),
            bottom,
        }
    } else {
        RefineAreas {
            header,
            big,
            left: content,
            right: None,
            bottom,
        }
    }
}
