//! The map as a Mermaid `flowchart`, as GitHub renders it in Markdown: an
//! arrow runs from what must be done first to what needs it. Critical links
//! are thick, problem links dotted and labelled, nodes that are gone dashed.

use std::fmt::Write;

use super::node_facts;
use crate::domain::depmap::{DepMap, MapNode, NodeState};
use crate::domain::key::Key;
use crate::domain::text::{terminal_safe, truncate};

/// Titles longer than this are cut with `…` (a map is read at a glance).
const TITLE_WIDTH: usize = 40;

pub fn render(map: &DepMap) -> String {
    let mut text = String::new();
    let out = &mut text;
    let _ = writeln!(out, "flowchart LR");
    let _ = writeln!(
        out,
        "  %% Dependencies of {}: an arrow runs from what must be done first to what needs it.",
        map.level.plural()
    );
    for n in &map.nodes {
        let _ = writeln!(out, "  {}[\"{}\"]", id(n.key), label(n));
    }
    let mut problem_links = Vec::new();
    for (at, e) in map.edges.iter().enumerate() {
        let arrow = match (e.critical, e.problem.is_some()) {
            (true, _) => "==>",
            (false, true) => "-.->",
            (false, false) => "-->",
        };
        let text = e.problem.map(|p| {
            let mut t = p.describe();
            if let Some(l) = e.problem_link() {
                t.push_str(&format!(": {} → {}", l.from, l.on));
            }
            format!("|\"{}\"|", escape(&t))
        });
        if e.problem.is_some() {
            problem_links.push(at.to_string());
        }
        let _ = writeln!(
            out,
            "  {} {arrow}{} {}",
            id(e.on),
            text.unwrap_or_default(),
            id(e.from)
        );
    }
    let _ = writeln!(out, "  classDef critical stroke-width:4px");
    let _ = writeln!(out, "  classDef gone stroke-dasharray:5 5");
    let class = |out: &mut String, name: &str, pick: &dyn Fn(&MapNode) -> bool| {
        let ids: Vec<String> = map
            .nodes
            .iter()
            .filter(|n| pick(n))
            .map(|n| id(n.key))
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "  class {} {name}", ids.join(","));
        }
    };
    class(out, "critical", &|n| n.critical);
    class(out, "gone", &|n| n.state != NodeState::Live);
    if !problem_links.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#c62828,color:#c62828",
            problem_links.join(",")
        );
    }
    text
}

/// `E-12` → `E12`: a node id Mermaid accepts.
fn id(key: Key) -> String {
    key.to_string().replace('-', "")
}

fn label(n: &MapNode) -> String {
    let title = terminal_safe(&n.title.replace(['\n', '\r'], " "), false);
    let mut head = n.key.to_string();
    if !title.is_empty() {
        head.push(' ');
        head.push_str(&truncate(&title, TITLE_WIDTH));
    }
    format!("{}<br/>{}", escape(&head), escape(&node_facts(n)))
}

/// Text inside a quoted Mermaid label: quotes, angle brackets, `&` and `#`
/// as Mermaid's entity codes, so user text stays text.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}
