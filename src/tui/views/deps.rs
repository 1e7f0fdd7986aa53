//! The dependency view (`b`), drawn over the current tab's body: the
//! critical path, the item, what it depends on and what depends on it as
//! trees with status and lane, problem links marked as `dep map` marks
//! them, and two lines about the selected row.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, scroll_hint};
use crate::domain::depmap::{DepMap, MapNode, NodeState, Side, TreeNode};
use crate::domain::number::fmt_plain;
use crate::domain::text::count;
use crate::domain::{Key, Kind};
use crate::transfer::depmap::critical_path_line;
use crate::tui::app::App;
use crate::tui::deps_view::{self, DepRow, DepsView};
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{cell, fit};

/// Status, lane and the critical-path mark, right of the title.
const STATUS_W: usize = 12;
const LANE_W: usize = 9;
const MARK_W: usize = 2;

pub fn draw(f: &mut Frame, app: &App, view: &DepsView, theme: &Theme, area: Rect) {
    let map = &view.map;
    let problems = map.problems().count();
    let mut title = format!(
        " Dependencies of {} · {} · {}, {}",
        view.focus,
        map.level.plural(),
        count(map.nodes.len(), "item", "items"),
        count(map.edges.len(), "link", "links"),
    );
    if problems > 0 {
        title.push_str(&format!(", {}", count(problems, "problem", "problems")));
    }
    title.push(' ');
    let tree = deps_view::tree_area(app.size);
    let height = tree.height as usize;
    let state = view.state;
    let shown = view.rows.len().saturating_sub(state.offset).min(height);
    let b = block(title, true, theme).title_bottom(
        Line::from(scroll_hint(state.offset, shown, view.rows.len())).right_aligned(),
    );
    let inner = layout::inner(area);
    f.render_widget(b, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = inner.width as usize;
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit(&path_line(map, view.focus), width),
            theme.heading,
        ))),
        Rect { height: 1, ..inner },
    );
    let lines: Vec<Line> = view
        .rows
        .iter()
        .enumerate()
        .skip(state.offset)
        .take(height)
        .map(|(i, row)| {
            let line = row_line(view, *row, width, theme);
            if i == state.selected {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), tree.intersection(inner));
    let below = Rect {
        y: tree.y + tree.height,
        height: 2,
        ..inner
    }
    .intersection(inner);
    let about = vec![
        Line::from(Span::styled(
            fit(&selected_line(app, view), width),
            theme.base,
        )),
        Line::from(Span::styled(fit(&legend(map), width), theme.dim)),
    ];
    f.render_widget(Paragraph::new(about), below);
}

/// The critical path, and whether it goes through the item.
fn path_line(map: &DepMap, focus: Key) -> String {
    let mut line = critical_path_line(map);
    if !map.critical_path.keys.is_empty() && !map.critical_path.keys.contains(&focus) {
        line.push_str(&format!(" (not through {focus})"));
    }
    line
}

/// What the critical-path mark means, and what an unestimated story
/// counts as.
fn legend(map: &DepMap) -> String {
    match map.critical_path.median_points {
        Some(m) => format!(
            "◆ critical path (by points left; unestimated stories count as {}, the median)",
            fmt_plain(m)
        ),
        None => {
            "◆ critical path (by points left; no story is estimated: unestimated count as 0)".into()
        }
    }
}

fn points(p: f64) -> String {
    if p == 1.0 {
        "1 point".into()
    } else {
        format!("{} points", fmt_plain(p))
    }
}

fn row_line(view: &DepsView, row: DepRow, width: usize, theme: &Theme) -> Line<'static> {
    let map = &view.map;
    match row {
        DepRow::Root => root_line(map.node(view.focus), view.focus, width, theme),
        DepRow::Heading(side) => {
            let text = match side {
                Side::Upstream => format!("Depends on (what {} needs first)", view.focus),
                Side::Downstream => format!("Needed by (what waits for {})", view.focus),
            };
            Line::from(Span::styled(cell(&text, width), theme.heading))
        }
        DepRow::Nothing(_) => Line::from(Span::styled(cell("  (nothing)", width), theme.dim)),
        DepRow::Node(n) => {
            let glyph = match (n.has_children, n.open) {
                (true, true) => "▾ ",
                (true, false) => "▸ ",
                _ => "  ",
            };
            let arrow = match n.side {
                Side::Upstream => "→ ",
                Side::Downstream => "← ",
            };
            let lead = format!("{}{glyph}{arrow}", "  ".repeat(n.depth - 1));
            let problem = problem_text(map, n);
            if n.repeat {
                repeat_line(n.key, &lead, problem, width, theme)
            } else {
                node_line(map.node(n.key), n.key, &lead, problem, width, theme)
            }
        }
    }
}

/// The item itself, first.
fn root_line(node: Option<&MapNode>, key: Key, width: usize, theme: &Theme) -> Line<'static> {
    let mut line = node_line(node, key, "", None, width, theme);
    for span in line.spans.iter_mut().take(2) {
        span.style = theme.title;
    }
    line
}

/// `lead KEY title  ! problem   status lane ◆`.
fn node_line(
    node: Option<&MapNode>,
    key: Key,
    lead: &str,
    problem: Option<String>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let right_w = STATUS_W + LANE_W + MARK_W;
    let left_w = width.saturating_sub(right_w);
    let keyed = format!("{lead}{:<6} ", key.to_string());
    let problem_w = problem.as_ref().map_or(0, |p| p.chars().count() + 2);
    let title_w = left_w.saturating_sub(keyed.chars().count() + problem_w);
    let (title, status, lane, critical) = match node {
        Some(n) => {
            let (status, lane) = facts(n);
            (n.title.clone(), status, lane, n.critical)
        }
        None => (String::new(), "missing".to_string(), String::new(), false),
    };
    let title_style = if key.kind == Kind::Initiative {
        theme.title
    } else {
        theme.base
    };
    let mut spans = vec![
        Span::styled(fit(&keyed, left_w), theme.key),
        Span::styled(cell(&title, title_w), title_style),
    ];
    if let Some(p) = problem {
        spans.push(Span::styled(fit(&format!("  {p}"), problem_w), theme.warn));
    }
    spans.extend(right_columns(&status, &lane, critical, theme));
    Line::from(spans)
}

/// A node shown earlier: named, not repeated.
fn repeat_line(
    key: Key,
    lead: &str,
    problem: Option<String>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let keyed = format!("{lead}{:<6} ", key.to_string());
    let problem = problem.map(|p| format!("  {p}")).unwrap_or_default();
    let rest = width.saturating_sub(keyed.chars().count());
    Line::from(vec![
        Span::styled(fit(&keyed, width), theme.key),
        Span::styled(fit("(shown above)", rest), theme.dim),
        Span::styled(
            fit(&problem, rest.saturating_sub("(shown above)".len())),
            theme.warn,
        ),
    ])
}

fn right_columns(status: &str, lane: &str, critical: bool, theme: &Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(cell(&format!(" {status}"), STATUS_W), theme.dim),
        Span::styled(cell(lane, LANE_W), theme.dim),
        Span::styled(
            cell(if critical { "◆" } else { "" }, MARK_W),
            if critical {
                theme.warn
            } else {
                Style::default()
            },
        ),
    ]
}

/// The status and the lane columns: `draft` `now`; an archived or dropped
/// node says so where its lane would be.
fn facts(n: &MapNode) -> (String, String) {
    let status = n.status.map_or("missing".to_string(), |s| s.to_string());
    let lane = match n.state {
        NodeState::Live => n.lane.map_or("no lane".to_string(), |l| l.to_string()),
        NodeState::Archived => "archived".into(),
        NodeState::Dropped => "dropped".into(),
        NodeState::Missing => String::new(),
    };
    (status, lane)
}

/// `! later lane (now → next)`: the problem of the link leading to a node
/// (the line about the selected row names the item-level link behind it).
fn problem_text(map: &DepMap, n: TreeNode) -> Option<String> {
    let p = map.edges.get(n.edge)?.problem?;
    Some(format!("! {}", p.describe()))
}

/// What the selected row is: the link that leads to it, its problem, the
/// work left; or for the item itself, its work left.
fn selected_line(app: &App, view: &DepsView) -> String {
    let map = &view.map;
    let remove = app.keymap.hint(Cmd::DepsRemove);
    let add = app.keymap.hint(Cmd::DepsAdd);
    match view.selected_row() {
        Some(DepRow::Node(n)) => {
            let Some(edge) = map.edges.get(n.edge) else {
                return String::new();
            };
            let mut parts = Vec::new();
            let (from, on) = match n.side {
                Side::Upstream => (view.focus, n.key),
                Side::Downstream => (n.key, view.focus),
            };
            if n.depth == 1 && edge.links.iter().any(|l| l.from == from && l.on == on) {
                parts.push(format!(
                    "{from} depends on {on} ({remove} removes the link)"
                ));
            } else {
                let links: Vec<String> = edge
                    .links
                    .iter()
                    .map(|l| format!("{} → {}", l.from, l.on))
                    .collect();
                parts.push(format!(
                    "{} depends on {} through {}",
                    edge.from,
                    edge.on,
                    links.join(", ")
                ));
            }
            if let Some(p) = edge.problem {
                let mut text = format!("! {}", p.describe());
                if let Some(l) = edge.problem_link() {
                    text.push_str(&format!(": {} → {}", l.from, l.on));
                }
                parts.push(text);
            }
            if let Some(node) = map.node(n.key) {
                parts.push(work_left(node));
            }
            parts.join(" · ")
        }
        _ => {
            let left = map.node(view.focus).map(work_left).unwrap_or_default();
            format!("{}: {left} · {add} adds a dependency", view.focus)
        }
    }
}

/// `11 points left (1 unestimated story)`, or `nothing left`.
fn work_left(n: &MapNode) -> String {
    if !n.is_open() {
        return match n.state {
            NodeState::Live => "nothing left".into(),
            other => other.as_str().into(),
        };
    }
    let mut s = format!("{} left", points(n.remaining_points));
    if n.unestimated > 0 {
        s.push_str(&format!(
            " ({})",
            count(n.unestimated, "unestimated story", "unestimated stories")
        ));
    }
    s
}
