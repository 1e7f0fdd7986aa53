//! The map as Graphviz DOT: an arrow runs from what must be done first to
//! what needs it. Critical links and nodes are bold, problem links red and
//! dashed with their reason, nodes that are gone dashed.

use std::fmt::Write;

use super::node_facts;
use crate::domain::depmap::{DepMap, MapNode, NodeState};
use crate::domain::text::terminal_safe;

pub fn render(map: &DepMap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph dependencies {{");
    let _ = writeln!(
        out,
        "  // Dependencies of {}: an arrow runs from what must be done first to what needs it.",
        map.level.plural()
    );
    let _ = writeln!(out, "  rankdir=LR;");
    let _ = writeln!(
        out,
        "  node [shape=box, style=rounded, fontname=\"Helvetica\"];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];");
    for n in &map.nodes {
        let mut attrs = vec![format!("label=\"{}\"", label(n))];
        let mut style = vec!["rounded"];
        if n.state != NodeState::Live {
            style.push("dashed");
        }
        if n.critical {
            style.push("bold");
            attrs.push("penwidth=3".into());
        }
        attrs.push(format!("style=\"{}\"", style.join(",")));
        let _ = writeln!(out, "  \"{}\" [{}];", n.key, attrs.join(", "));
    }
    for e in &map.edges {
        let mut attrs = Vec::new();
        if e.critical {
            attrs.push("penwidth=3".to_string());
        }
        if let Some(p) = e.problem {
            let mut why = p.describe();
            if let Some(l) = e.problem_link() {
                why.push_str(&format!(": {} → {}", l.from, l.on));
            }
            attrs.push("color=\"#c62828\"".into());
            attrs.push("fontcolor=\"#c62828\"".into());
            attrs.push("style=dashed".into());
            attrs.push(format!("label=\"{}\"", escape(&why)));
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(out, "  \"{}\" -> \"{}\"{attrs};", e.on, e.from);
    }
    let _ = writeln!(out, "}}");
    out
}

fn label(n: &MapNode) -> String {
    let title = terminal_safe(&n.title.replace(['\n', '\r'], " "), false);
    let head = if title.is_empty() {
        n.key.to_string()
    } else {
        format!("{} {title}", n.key)
    };
    format!("{}\\n{}", escape(&head), escape(&node_facts(n)))
}

/// Text inside a DOT double-quoted string: backslashes and quotes escaped,
/// so no user text can end the string or start an escape of DOT's own.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
