//! The critical path: the longest chain of open work through the map,
//! weighted by remaining points.

use std::collections::{HashMap, HashSet};

use super::{MapEdge, MapNode, stand_in};
use crate::domain::backlog::Backlog;
use crate::domain::key::{Key, Kind};
use crate::domain::number::median;

/// The chain, first to do first: each key depends on the one before it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CriticalPath {
    pub keys: Vec<Key>,
    /// Remaining points along the chain (unestimated stories counted as
    /// `median_points`).
    pub points: f64,
    /// Open stories along the chain with no estimate.
    pub unestimated: usize,
    /// The median estimate of the backlog's stories; `None` when no story
    /// is estimated (unestimated stories then count as 0).
    pub median_points: Option<f64>,
}

/// Remaining points per node of a map of one level.
pub(super) struct Remaining {
    /// Per stand-in: estimated points left and unestimated open stories.
    open: HashMap<Key, (f64, usize)>,
    median: Option<f64>,
}

impl Remaining {
    /// One pass over the stories: each open one adds to what stands for it.
    /// On the epic and initiative levels an epic's stories are read from
    /// its story totals, so that a backlog loaded for a roadmap alone
    /// (whose stories are not items) weighs the same as the whole one.
    pub(super) fn count(backlog: &Backlog, level: Kind) -> Remaining {
        let mut estimates = Vec::new();
        let mut open: HashMap<Key, (f64, usize)> = HashMap::new();
        let by_epic = level != Kind::Story;
        if by_epic {
            for epic in backlog.items_of(Kind::Epic) {
                if backlog.is_hidden(epic) || backlog.is_dropped(epic) {
                    continue;
                }
                let Some(t) = backlog.story_totals(epic.key) else {
                    continue;
                };
                estimates.extend(t.estimates.iter().copied());
                if t.open > 0 {
                    let entry = open.entry(stand_in(backlog, epic.key, level)).or_default();
                    entry.0 += t.open_points;
                    entry.1 += t.open_unestimated;
                }
            }
        }
        for story in backlog.items_of(Kind::Story) {
            let under_epic = story
                .parent
                .and_then(|p| backlog.get(p))
                .is_some_and(|p| p.kind() == Kind::Epic);
            if (by_epic && under_epic) || backlog.is_hidden(story) || backlog.is_dropped(story) {
                continue;
            }
            if let Some(p) = story.points {
                estimates.push(p);
            }
            if story.status.is_closed() {
                continue;
            }
            let entry = open.entry(stand_in(backlog, story.key, level)).or_default();
            match story.points {
                Some(p) => entry.0 += p,
                None => entry.1 += 1,
            }
        }
        Remaining {
            open,
            median: median(&mut estimates),
        }
    }

    pub(super) fn median(&self) -> Option<f64> {
        self.median
    }

    /// The remaining points of `key` and how many of its open stories are
    /// unestimated.
    pub(super) fn of(&self, key: Key) -> (f64, usize) {
        let (points, unestimated) = self.open.get(&key).copied().unwrap_or_default();
        let guess = self.median.unwrap_or(0.0) * unestimated as f64;
        (points + guess, unestimated)
    }
}

/// The best chain ending at a node: its points, its length, and the node
/// it goes on to (what the node depends on).
#[derive(Clone, Copy)]
struct Best {
    points: f64,
    len: usize,
    next: Option<usize>,
}

impl Best {
    fn beats(&self, other: &Best) -> bool {
        const EPS: f64 = 1e-9;
        self.points > other.points + EPS
            || ((self.points - other.points).abs() <= EPS && self.len > other.len)
    }
}

/// The longest chain of open nodes, by remaining points (then by length),
/// earliest key first among equals. Links closing a cycle (possible once
/// links are drawn between epics or initiatives) are not followed. A chain
/// needs at least one link; with none the path is empty.
pub(super) fn longest_open_chain(
    nodes: &[MapNode],
    edges: &[MapEdge],
    median_points: Option<f64>,
) -> CriticalPath {
    let at: HashMap<Key, usize> = nodes.iter().enumerate().map(|(n, v)| (v.key, n)).collect();
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for e in edges {
        let (Some(&f), Some(&o)) = (at.get(&e.from), at.get(&e.on)) else {
            continue;
        };
        if nodes[f].is_open() && nodes[o].is_open() {
            deps[f].push(o);
        }
    }
    for d in &mut deps {
        d.sort_unstable();
    }
    let best = chains(nodes, &deps);
    let mut start: Option<usize> = None;
    for (n, b) in best.iter().enumerate() {
        // A chain has at least one link.
        if let Some(b) = b
            && b.len > 1
            && start.is_none_or(|s| best[s].is_some_and(|s| b.beats(&s)))
        {
            start = Some(n);
        }
    }
    let mut keys = Vec::new();
    let mut cur = start;
    while let Some(n) = cur {
        keys.push(nodes[n].key);
        cur = best[n].and_then(|b| b.next);
    }
    if keys.len() < 2 {
        return CriticalPath {
            median_points,
            ..CriticalPath::default()
        };
    }
    keys.reverse();
    let path = || keys.iter().map(|k| &nodes[at[k]]);
    CriticalPath {
        points: path().map(|n| n.remaining_points).sum(),
        unestimated: path().map(|n| n.unestimated).sum(),
        keys,
        median_points,
    }
}

/// The best chain from every open node, by an iterative depth-first walk
/// (chains can be as long as the backlog).
fn chains(nodes: &[MapNode], deps: &[Vec<usize>]) -> Vec<Option<Best>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut mark = vec![Mark::New; nodes.len()];
    let mut best: Vec<Option<Best>> = vec![None; nodes.len()];
    for root in 0..nodes.len() {
        if !nodes[root].is_open() || mark[root] != Mark::New {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        mark[root] = Mark::OnStack;
        while let Some(&mut (n, ref mut child)) = stack.last_mut() {
            if let Some(&c) = deps[n].get(*child) {
                *child += 1;
                if mark[c] == Mark::New {
                    mark[c] = Mark::OnStack;
                    stack.push((c, 0));
                }
                continue;
            }
            let own = nodes[n].remaining_points;
            let mut b = Best {
                points: own,
                len: 1,
                next: None,
            };
            for &c in &deps[n] {
                if mark[c] != Mark::Done {
                    continue; // a link closing a cycle
                }
                if let Some(cb) = best[c] {
                    let via = Best {
                        points: own + cb.points,
                        len: cb.len + 1,
                        next: Some(c),
                    };
                    if via.beats(&b) {
                        b = via;
                    }
                }
            }
            best[n] = Some(b);
            mark[n] = Mark::Done;
            stack.pop();
        }
    }
    best
}

/// Marks the path's nodes and the links between them.
pub(super) fn mark(path: &CriticalPath, nodes: &mut [MapNode], edges: &mut [MapEdge]) {
    let on_path: HashSet<Key> = path.keys.iter().copied().collect();
    for node in nodes.iter_mut() {
        node.critical = on_path.contains(&node.key);
    }
    // pair[1] depends on pair[0].
    let links: HashSet<(Key, Key)> = path.keys.windows(2).map(|p| (p[1], p[0])).collect();
    for e in edges.iter_mut() {
        e.critical = links.contains(&(e.from, e.on));
    }
}
