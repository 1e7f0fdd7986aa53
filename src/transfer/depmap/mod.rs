//! The dependency map in four formats: an indented text tree, a Mermaid
//! `flowchart` (renders on GitHub), Graphviz DOT and JSON. Every format
//! marks problem links and the critical path.

mod dot;
mod json;
pub(crate) mod mermaid;
#[cfg(test)]
mod tests;
mod text;

use std::fmt;

use crate::domain::depmap::{DepMap, MapNode, NodeState};
use crate::domain::number::fmt_plain;
use crate::domain::text::count;

pub use json::{JsonMap, to_json};

/// An output format of `dep map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Mermaid,
    Dot,
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The map in `format`; `with_path` adds the critical path's summary to the
/// text format (the other formats always carry it).
pub fn render(map: &DepMap, format: Format, with_path: bool) -> String {
    match format {
        Format::Text => text::render(map, with_path),
        Format::Mermaid => mermaid::render(map),
        Format::Dot => dot::render(map),
        Format::Json => {
            let mut s =
                crate::transfer::json_text::to_string_pretty(&to_json(map)).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// One line on the critical path: `Critical path: E-3 → E-2 → E-1, 21
/// points left (1 unestimated story counted as the median estimate, 3
/// points)`.
pub fn critical_path_line(map: &DepMap) -> String {
    let c = &map.critical_path;
    if c.keys.is_empty() {
        return "Critical path: none (no chain of open work)".into();
    }
    let chain: Vec<String> = c.keys.iter().map(ToString::to_string).collect();
    let mut line = format!(
        "Critical path: {}, {} left",
        chain.join(" → "),
        count_points(c.points)
    );
    if c.unestimated > 0 {
        let stories = count(c.unestimated, "unestimated story", "unestimated stories");
        let how = match c.median_points {
            Some(m) => format!("counted as the median estimate, {}", count_points(m)),
            None => "counted as 0: no story is estimated".into(),
        };
        line.push_str(&format!(" ({stories} {how})"));
    }
    line
}

fn count_points(p: f64) -> String {
    if p == 1.0 {
        "1 point".into()
    } else {
        format!("{} points", fmt_plain(p))
    }
}

/// `draft, now`, `done, no lane`, `archived`, `missing`: what a reader
/// needs beside a node's title.
pub(crate) fn node_facts(n: &MapNode) -> String {
    match (n.state, n.status) {
        (NodeState::Missing, _) | (_, None) => "missing".into(),
        (NodeState::Live, Some(status)) => {
            let lane = n.lane.map_or("no lane".to_string(), |l| l.to_string());
            format!("{status}, {lane}")
        }
        (state, Some(status)) => format!("{status}, {}", state.as_str()),
    }
}
