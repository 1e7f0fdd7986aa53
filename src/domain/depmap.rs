//! The dependency map: the graph of "depends on" links drawn at one level
//! (stories, epics or initiatives), for the whole backlog or around one item,
//! with problem links and the critical path marked.
//!
//! Rules:
//! - a link between two items is drawn between the items that stand for
//!   them at the map's level (a story stands for itself on a story map, for
//!   its epic on an epic map); links inside one node are not drawn;
//! - only open work depends: links from done, dropped or archived items (or
//!   items below a dropped or archived one) are left out;
//! - a link is a problem when what it depends on is missing, archived or
//!   dropped, or is unfinished and sits in a later lane than the item
//!   (or in no lane while the item has one). Finished dependencies are never
//!   a problem;
//! - the whole-backlog map holds the items that have a link; a map around
//!   one item holds what it depends on (upstream) and what depends on it
//!   (downstream), transitively or up to a depth.

mod critical;
#[cfg(test)]
mod tests;
mod tree;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

pub use critical::CriticalPath;
pub use tree::{Side, TreeNode, trees_around};

use super::backlog::Backlog;
use super::item::Item;
use super::key::{Key, Kind};
use super::status::{Lane, Status};

/// Where a node stands: on the map as planned work, or a dependency that
/// is gone or given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeState {
    Live,
    Dropped,
    Archived,
    Missing,
}

impl NodeState {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeState::Live => "live",
            NodeState::Dropped => "dropped",
            NodeState::Archived => "archived",
            NodeState::Missing => "missing",
        }
    }
}

/// What is wrong with a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// The dependency does not exist.
    Missing,
    /// The dependency is archived (or below an archived item).
    Archived,
    /// The dependency is dropped (or below a dropped item).
    Dropped,
    /// The dependency is unfinished and planned in a later lane.
    LaterLane { lane: Lane, on_lane: Lane },
    /// The dependency is unfinished and in no lane; the item has one.
    Unplanned { lane: Lane },
}

impl Problem {
    /// A short phrase: `later lane (now → next)`, `archived`.
    pub fn describe(self) -> String {
        match self {
            Problem::Missing => "missing".into(),
            Problem::Archived => "archived".into(),
            Problem::Dropped => "dropped".into(),
            Problem::LaterLane { lane, on_lane } => format!("later lane ({lane} → {on_lane})"),
            Problem::Unplanned { lane } => format!("not planned ({lane} → no lane)"),
        }
    }

    /// The machine name: `missing`, `archived`, `dropped`, `later-lane`,
    /// `unplanned`.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::Archived => "archived",
            Problem::Dropped => "dropped",
            Problem::LaterLane { .. } => "later-lane",
            Problem::Unplanned { .. } => "unplanned",
        }
    }
}

/// One node of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    pub key: Key,
    /// Empty for a missing item.
    pub title: String,
    pub status: Option<Status>,
    pub lane: Option<Lane>,
    pub state: NodeState,
    /// Remaining points of its open stories (a story: its own), with each
    /// unestimated open story counted as the median estimate.
    pub remaining_points: f64,
    /// How many of its open stories have no estimate.
    pub unestimated: usize,
    pub critical: bool,
}

impl MapNode {
    /// Open work on the map: live and not done.
    pub fn is_open(&self) -> bool {
        self.state == NodeState::Live && self.status.is_some_and(|s| !s.is_closed())
    }
}

/// One item-level link an edge stands for: `from` depends on `on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub from: Key,
    pub on: Key,
    pub problem: Option<Problem>,
}

/// `from` depends on `on`, at the map's level.
#[derive(Debug, Clone, PartialEq)]
pub struct MapEdge {
    pub from: Key,
    pub on: Key,
    /// The worst problem among its links, if any.
    pub problem: Option<Problem>,
    /// The item-level links drawn as this edge, in key order.
    pub links: Vec<Link>,
    pub critical: bool,
}

/// The whole map.
#[derive(Debug, Clone, PartialEq)]
pub struct DepMap {
    pub level: Kind,
    pub focus: Option<Key>,
    pub depth: Option<usize>,
    /// In key order.
    pub nodes: Vec<MapNode>,
    /// In (from, on) order.
    pub edges: Vec<MapEdge>,
    pub critical_path: CriticalPath,
}

impl MapEdge {
    /// The link behind the edge's problem, when it is not the edge itself
    /// (a story's link drawn between two epics).
    pub fn problem_link(&self) -> Option<Link> {
        let p = self.problem?;
        let link = self.links.iter().find(|l| l.problem == Some(p))?;
        (link.from != self.from || link.on != self.on).then_some(*link)
    }
}

impl DepMap {
    pub fn node(&self, key: Key) -> Option<&MapNode> {
        self.nodes
            .binary_search_by_key(&key, |n| n.key)
            .ok()
            .map(|at| &self.nodes[at])
    }

    /// The edges whose links have a problem.
    pub fn problems(&self) -> impl Iterator<Item = &MapEdge> {
        self.edges.iter().filter(|e| e.problem.is_some())
    }
}

/// What to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapRequest {
    pub level: Kind,
    /// Around this item only (lifted to the level).
    pub focus: Option<Key>,
    /// How many links away from the focus; `None` for all.
    pub depth: Option<usize>,
}

/// Builds the map of `backlog` as `request` asks.
pub fn dependency_map(backlog: &Backlog, request: MapRequest) -> DepMap {
    let level = request.level;
    let mut grouped: BTreeMap<(Key, Key), Vec<Link>> = BTreeMap::new();
    for item in backlog.items() {
        if item.depends_on.is_empty() || !backlog.is_open(item) {
            continue;
        }
        let from = stand_in(backlog, item.key, level);
        for &on in &item.depends_on {
            let to = stand_in(backlog, on, level);
            if to == from {
                continue;
            }
            grouped.entry((from, to)).or_default().push(Link {
                from: item.key,
                on,
                problem: link_problem(backlog, item, on),
            });
        }
    }
    let mut edges: Vec<MapEdge> = grouped
        .into_iter()
        .map(|((from, on), mut links)| {
            links.sort();
            MapEdge {
                from,
                on,
                problem: links.iter().filter_map(|l| l.problem).min(),
                links,
                critical: false,
            }
        })
        .collect();
    let focus = request.focus.map(|f| stand_in(backlog, f, level));
    if let Some(f) = focus {
        let keep = around(&edges, f, request.depth);
        edges.retain(|e| keep.contains(&e.from) && keep.contains(&e.on));
    }
    let mut keys: BTreeSet<Key> = edges.iter().flat_map(|e| [e.from, e.on]).collect();
    keys.extend(focus);
    let remaining = critical::Remaining::count(backlog, level);
    let mut nodes: Vec<MapNode> = keys
        .into_iter()
        .map(|k| node(backlog, k, &remaining))
        .collect();
    let critical_path = critical::longest_open_chain(&nodes, &edges, remaining.median());
    critical::mark(&critical_path, &mut nodes, &mut edges);
    DepMap {
        level,
        focus,
        depth: request.depth,
        nodes,
        edges,
        critical_path,
    }
}

/// The item that stands for `key` on a map of `level`: its ancestor of that
/// kind, or itself when it is of that kind, above it, or unknown.
fn stand_in(backlog: &Backlog, key: Key, level: Kind) -> Key {
    let mut cur = backlog.get(key);
    while let Some(i) = cur {
        if i.kind() == level {
            return i.key;
        }
        cur = i.parent.and_then(|p| backlog.get(p));
    }
    key
}

/// What is wrong with `item` depending on `on`, judged on the two items
/// themselves (whatever stands for them on the map).
fn link_problem(backlog: &Backlog, item: &Item, on: Key) -> Option<Problem> {
    let Some(dep) = backlog.get(on) else {
        return Some(Problem::Missing);
    };
    // Done and then archived is how finished work is tidied away.
    if dep.status.is_finished() {
        return None;
    }
    if backlog.is_hidden(dep) {
        return Some(Problem::Archived);
    }
    if backlog.is_dropped(dep) {
        return Some(Problem::Dropped);
    }
    let lane = backlog.effective_lane(item)?;
    match backlog.effective_lane(dep) {
        None => Some(Problem::Unplanned { lane }),
        Some(on_lane) if on_lane > lane => Some(Problem::LaterLane { lane, on_lane }),
        Some(_) => None,
    }
}

/// The keys within `depth` links of `focus`, following links both ways:
/// what it depends on, and what depends on it, each direction on its own.
fn around(edges: &[MapEdge], focus: Key, depth: Option<usize>) -> BTreeSet<Key> {
    let mut up: HashMap<Key, Vec<Key>> = HashMap::new();
    let mut down: HashMap<Key, Vec<Key>> = HashMap::new();
    for e in edges {
        up.entry(e.from).or_default().push(e.on);
        down.entry(e.on).or_default().push(e.from);
    }
    let mut keep = BTreeSet::from([focus]);
    for next in [&up, &down] {
        let mut seen = BTreeSet::from([focus]);
        let mut queue = VecDeque::from([(focus, 0usize)]);
        while let Some((k, d)) = queue.pop_front() {
            if depth.is_some_and(|max| d >= max) {
                continue;
            }
            for &n in next.get(&k).into_iter().flatten() {
                if seen.insert(n) {
                    queue.push_back((n, d + 1));
                }
            }
        }
        keep.extend(seen);
    }
    keep
}

fn node(backlog: &Backlog, key: Key, remaining: &critical::Remaining) -> MapNode {
    let Some(item) = backlog.get(key) else {
        return MapNode {
            key,
            title: String::new(),
            status: None,
            lane: None,
            state: NodeState::Missing,
            remaining_points: 0.0,
            unestimated: 0,
            critical: false,
        };
    };
    let state = if backlog.is_hidden(item) {
        NodeState::Archived
    } else if backlog.is_dropped(item) {
        NodeState::Dropped
    } else {
        NodeState::Live
    };
    let (points, unestimated) = remaining.of(key);
    MapNode {
        key,
        title: item.title.clone(),
        status: Some(item.status),
        lane: backlog.effective_lane(item),
        state,
        remaining_points: points,
        unestimated,
        critical: false,
    }
}
