//! The dependency map laid out for the HTML roadmap's inline SVG: the
//! program places the boxes and arrows; the page template draws them with
//! its auto-escaping, so no user text reaches the SVG unescaped. No
//! script, no remote resource.
//!
//! Layout: columns by depth, what must be done first on the left: an item
//! that depends on nothing on the map stands in column 0, any other one
//! column after the furthest of what it depends on (a link that would close
//! a cycle is not followed for this). Within a column, items in key order.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::depmap::{DepMap, NodeState};
use crate::domain::key::Key;
use crate::domain::text::{html_text, truncate};
use crate::transfer::depmap::node_facts;

const BOX_W: u32 = 200;
const BOX_H: u32 = 46;
const GAP_X: u32 = 56;
const GAP_Y: u32 = 14;
const MARGIN: u32 = 8;
const TITLE_WIDTH: usize = 28;

/// The map ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapView {
    pub width: u32,
    pub height: u32,
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
    /// `Critical path: E-1 → E-3 (21 points)`, or none.
    pub critical: Option<String>,
    /// The problems in words, one per problem edge.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeView {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    pub key: String,
    pub title: String,
    /// `in-progress, now`.
    pub facts: String,
    pub critical: bool,
    /// Dropped, archived or missing.
    pub gone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeView {
    pub x1: u32,
    pub y1: u32,
    pub x2: u32,
    pub y2: u32,
    pub critical: bool,
    /// The problem in words (shown as the arrow's tooltip).
    pub problem: Option<String>,
    /// The arrowhead at (x2, y2): three points for a `<polygon>`.
    pub head: String,
}

/// Lays `map` out; `None` when it has no link to draw.
pub fn layout(map: &DepMap) -> Option<MapView> {
    if map.edges.is_empty() {
        return None;
    }
    let column = columns(map);
    let mut rows_in: Vec<u32> = Vec::new();
    let mut place: HashMap<Key, (u32, u32)> = HashMap::new();
    for n in &map.nodes {
        let c = column.get(&n.key).copied().unwrap_or(0);
        if rows_in.len() <= c {
            rows_in.resize(c + 1, 0);
        }
        let row = rows_in[c];
        rows_in[c] += 1;
        place.insert(
            n.key,
            (
                MARGIN + c as u32 * (BOX_W + GAP_X),
                MARGIN + row * (BOX_H + GAP_Y),
            ),
        );
    }
    let cols = rows_in.len() as u32;
    let rows = rows_in.iter().copied().max().unwrap_or(0);
    let nodes = map
        .nodes
        .iter()
        .map(|n| {
            let (x, y) = place[&n.key];
            NodeView {
                x,
                y,
                w: BOX_W,
                h: BOX_H,
                key: n.key.to_string(),
                title: truncate(&html_text(&n.title), TITLE_WIDTH),
                facts: node_facts(n),
                critical: n.critical,
                gone: n.state != NodeState::Live,
            }
        })
        .collect();
    let edges = map
        .edges
        .iter()
        .filter_map(|e| {
            let (&(ox, oy), &(fx, fy)) = (place.get(&e.on)?, place.get(&e.from)?);
            // From the right side of what is needed to the left side of
            // what needs it (the other way round for a link back).
            let (x1, x2) = if ox < fx {
                (ox + BOX_W, fx)
            } else {
                (ox, fx + BOX_W)
            };
            let (y1, y2) = (oy + BOX_H / 2, fy + BOX_H / 2);
            Some(EdgeView {
                x1,
                y1,
                x2,
                y2,
                critical: e.critical,
                problem: e.problem.map(|p| problem_text(e, p.describe())),
                head: arrowhead((x1, y1), (x2, y2)),
            })
        })
        .collect();
    let path = &map.critical_path;
    let critical = (!path.keys.is_empty()).then(|| {
        let keys: Vec<String> = path.keys.iter().map(ToString::to_string).collect();
        format!(
            "Critical path: {} ({} points)",
            keys.join(" → "),
            crate::domain::number::round_display(path.points, 1)
        )
    });
    let problems = map
        .problems()
        .filter_map(|e| {
            e.problem.map(|p| {
                format!(
                    "{} depends on {}: {}",
                    e.from,
                    e.on,
                    problem_text(e, p.describe())
                )
            })
        })
        .collect();
    Some(MapView {
        width: 2 * MARGIN + cols * BOX_W + cols.saturating_sub(1) * GAP_X,
        height: 2 * MARGIN + rows * BOX_H + rows.saturating_sub(1) * GAP_Y,
        nodes,
        edges,
        critical,
        problems,
    })
}

/// A triangle pointing at `to` along the line from `from`.
fn arrowhead(from: (u32, u32), to: (u32, u32)) -> String {
    const LEN: f64 = 9.0;
    const HALF: f64 = 4.5;
    let (dx, dy) = (
        f64::from(to.0) - f64::from(from.0),
        f64::from(to.1) - f64::from(from.1),
    );
    let len = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (tx, ty) = (f64::from(to.0), f64::from(to.1));
    let (bx, by) = (tx - ux * LEN, ty - uy * LEN);
    format!(
        "{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
        tx,
        ty,
        bx - uy * HALF,
        by + ux * HALF,
        bx + uy * HALF,
        by - ux * HALF
    )
}

fn problem_text(e: &crate::domain::depmap::MapEdge, what: String) -> String {
    match e.problem_link() {
        Some(l) => format!("{what} ({} → {})", l.from, l.on),
        None => what,
    }
}

/// Each node's column: 0 with nothing to depend on, else one after the
/// furthest of its dependencies, not following links that close a cycle.
fn columns(map: &DepMap) -> HashMap<Key, usize> {
    let mut needs: HashMap<Key, Vec<Key>> = HashMap::new();
    for e in &map.edges {
        needs.entry(e.from).or_default().push(e.on);
    }
    let mut column: HashMap<Key, usize> = HashMap::new();
    for n in &map.nodes {
        depth(n.key, &needs, &mut column, &mut Vec::new());
    }
    column
}

fn depth(
    key: Key,
    needs: &HashMap<Key, Vec<Key>>,
    column: &mut HashMap<Key, usize>,
    path: &mut Vec<Key>,
) -> usize {
    if let Some(&c) = column.get(&key) {
        return c;
    }
    path.push(key);
    let mut c = 0;
    for &on in needs.get(&key).map_or(&[][..], |v| v.as_slice()) {
        if path.contains(&on) {
            continue;
        }
        c = c.max(depth(on, needs, column, path) + 1);
    }
    path.pop();
    column.insert(key, c);
    c
}
