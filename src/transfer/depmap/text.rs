//! The map as an indented tree for a terminal: each item with what it
//! depends on below it; an item shown before is named, not repeated.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use super::{critical_path_line, node_facts};
use crate::domain::depmap::{DepMap, MapEdge};
use crate::domain::key::Key;
use crate::domain::text::{count, terminal_safe};

pub fn render(map: &DepMap, with_path: bool) -> String {
    let mut out = String::new();
    let plural = map.level.plural();
    let problems = map.problems().count();
    let _ = write!(out, "Dependency map of {plural}");
    if let Some(f) = map.focus {
        let _ = write!(out, " around {f}");
        if let Some(d) = map.depth {
            let _ = write!(out, " (depth {d})");
        }
    }
    let _ = writeln!(
        out,
        ": {}, {}{}",
        count(map.nodes.len(), "item", "items"),
        count(map.edges.len(), "link", "links"),
        if problems > 0 {
            format!(", {}", count(problems, "problem", "problems"))
        } else {
            String::new()
        }
    );
    if with_path {
        let _ = writeln!(out, "{}", critical_path_line(map));
    }
    if map.edges.is_empty() && map.focus.is_none() {
        let _ = writeln!(out, "\nNo {plural} depend on anything.");
        return out;
    }
    let mut tree = Tree::new(map);
    match map.focus {
        Some(f) => {
            let _ = writeln!(out);
            tree.line(&mut out, f, 0, None, "");
            tree.shown.clear();
            tree.shown.insert(f);
            let _ = writeln!(out, "Depends on:");
            tree.children(&mut out, f, 1, Direction::Upstream);
            let _ = writeln!(out, "Needed by:");
            tree.children(&mut out, f, 1, Direction::Downstream);
        }
        None => {
            // Roots: what nothing depends on; then whatever a cycle hid.
            let needed: BTreeSet<Key> = map.edges.iter().map(|e| e.on).collect();
            let mut roots: Vec<Key> = map
                .nodes
                .iter()
                .map(|n| n.key)
                .filter(|k| !needed.contains(k))
                .collect();
            roots.extend(map.nodes.iter().map(|n| n.key));
            for root in roots {
                if tree.shown.contains(&root) {
                    continue;
                }
                let _ = writeln!(out);
                tree.line(&mut out, root, 0, None, "");
                tree.children(&mut out, root, 1, Direction::Upstream);
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    /// What an item depends on.
    Upstream,
    /// What depends on it.
    Downstream,
}

struct Tree<'a> {
    map: &'a DepMap,
    up: HashMap<Key, Vec<&'a MapEdge>>,
    down: HashMap<Key, Vec<&'a MapEdge>>,
    shown: BTreeSet<Key>,
}

impl<'a> Tree<'a> {
    fn new(map: &'a DepMap) -> Tree<'a> {
        let mut up: HashMap<Key, Vec<&MapEdge>> = HashMap::new();
        let mut down: HashMap<Key, Vec<&MapEdge>> = HashMap::new();
        for e in &map.edges {
            up.entry(e.from).or_default().push(e);
            down.entry(e.on).or_default().push(e);
        }
        Tree {
            map,
            up,
            down,
            shown: BTreeSet::new(),
        }
    }

    /// The tree below `key`, depth first; an explicit stack, as chains can
    /// be as long as the backlog.
    fn children(&mut self, out: &mut String, key: Key, depth: usize, dir: Direction) {
        let mut stack: Vec<(&MapEdge, usize)> = Vec::new();
        let push = |stack: &mut Vec<(&'a MapEdge, usize)>, tree: &Tree<'a>, k: Key, d: usize| {
            let edges = match dir {
                Direction::Upstream => tree.up.get(&k),
                Direction::Downstream => tree.down.get(&k),
            };
            for e in edges.into_iter().flatten().rev() {
                stack.push((e, d));
            }
        };
        push(&mut stack, self, key, depth);
        let before = stack.len();
        while let Some((edge, d)) = stack.pop() {
            let (next, arrow) = match dir {
                Direction::Upstream => (edge.on, "→"),
                Direction::Downstream => (edge.from, "←"),
            };
            let repeat = self.shown.contains(&next);
            self.line(out, next, d, Some(edge), arrow);
            if !repeat {
                push(&mut stack, self, next, d + 1);
            }
        }
        if before == 0 {
            let _ = writeln!(out, "{}(nothing)", "  ".repeat(depth));
        }
    }

    fn line(
        &mut self,
        out: &mut String,
        key: Key,
        depth: usize,
        edge: Option<&MapEdge>,
        arrow: &str,
    ) {
        let indent = "  ".repeat(depth);
        let lead = if arrow.is_empty() {
            String::new()
        } else {
            format!("{arrow} ")
        };
        let mut line = format!("{indent}{lead}{key}");
        let first = self.shown.insert(key);
        match self.map.node(key) {
            Some(n) if first => {
                if !n.title.is_empty() {
                    line.push(' ');
                    line.push_str(&terminal_safe(&n.title, false));
                }
                line.push_str(&format!(" [{}]", node_facts(n)));
                if n.critical {
                    line.push_str(" ◆ critical");
                }
            }
            _ => line.push_str(" (shown above)"),
        }
        if let Some(e) = edge
            && let Some(p) = e.problem
        {
            line.push_str(&format!("  ! {}", p.describe()));
            if let Some(l) = e.problem_link() {
                line.push_str(&format!(": {} → {}", l.from, l.on));
            }
        }
        let _ = writeln!(out, "{line}");
    }
}
