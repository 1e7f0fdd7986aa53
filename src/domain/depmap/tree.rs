//! The map around one item as two trees, for a reader to walk: what the
//! item depends on (upstream) and what depends on it (downstream), each
//! node with the edge that leads to it. A node met again is marked as a
//! repeat and not followed; a branch the caller folds is not followed.

use std::collections::{BTreeSet, HashMap};

use super::{DepMap, MapEdge};
use crate::domain::key::Key;

/// Which way a tree goes from the item at its root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// What the item depends on.
    Upstream,
    /// What depends on the item.
    Downstream,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Upstream, Side::Downstream];
}

/// One node of a tree, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeNode {
    pub side: Side,
    /// 1 for what the root links to directly.
    pub depth: usize,
    pub key: Key,
    /// The index in `DepMap::edges` of the edge from the node's parent.
    pub edge: usize,
    /// Shown earlier in the trees: its branch is not repeated.
    pub repeat: bool,
    /// It has a branch of its own (not for a repeat).
    pub has_children: bool,
    /// Its branch is followed (what `open` said).
    pub open: bool,
}

/// The two trees around `root` in `map` (a map drawn around it), upstream
/// first. `open(side, key, depth)` says whether a node's branch is
/// followed. An explicit stack: chains can be as long as the backlog.
pub fn trees_around(
    map: &DepMap,
    root: Key,
    open: impl Fn(Side, Key, usize) -> bool,
) -> Vec<TreeNode> {
    let mut up: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut down: HashMap<Key, Vec<usize>> = HashMap::new();
    for (n, e) in map.edges.iter().enumerate() {
        up.entry(e.from).or_default().push(n);
        down.entry(e.on).or_default().push(n);
    }
    let next = |side: Side, k: Key| -> &[usize] {
        let by = match side {
            Side::Upstream => &up,
            Side::Downstream => &down,
        };
        by.get(&k).map_or(&[], Vec::as_slice)
    };
    let far = |side: Side, e: &MapEdge| match side {
        Side::Upstream => e.on,
        Side::Downstream => e.from,
    };
    let mut shown = BTreeSet::from([root]);
    let mut out = Vec::new();
    for side in Side::BOTH {
        let mut stack: Vec<(usize, usize)> =
            next(side, root).iter().rev().map(|&e| (e, 1)).collect();
        while let Some((edge, depth)) = stack.pop() {
            let key = far(side, &map.edges[edge]);
            let repeat = !shown.insert(key);
            let children = next(side, key);
            let has_children = !repeat && !children.is_empty();
            let open = has_children && open(side, key, depth);
            out.push(TreeNode {
                side,
                depth,
                key,
                edge,
                repeat,
                has_children,
                open,
            });
            if open {
                stack.extend(children.iter().rev().map(|&e| (e, depth + 1)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backlog::Backlog;
    use crate::domain::depmap::{MapRequest, dependency_map};
    use crate::domain::item::Item;
    use crate::domain::key::Kind;
    use crate::domain::roadmap::fixture::{at, key};

    /// `S-1 → S-2 → S-4`, `S-1 → S-3 → S-4` (a diamond), and `S-5 → S-1`.
    fn diamond() -> Backlog {
        let deps = [
            ("S-1", vec!["S-2", "S-3"]),
            ("S-2", vec!["S-4"]),
            ("S-3", vec!["S-4"]),
            ("S-4", vec![]),
            ("S-5", vec!["S-1"]),
        ];
        let items = deps
            .iter()
            .map(|(k, on)| {
                let mut i = Item::blank(key(k), Some(key("E-1")), at());
                i.depends_on = on.iter().map(|d| key(d)).collect();
                i
            })
            .chain([Item::blank(key("E-1"), None, at())])
            .collect();
        Backlog::new(items)
    }

    fn shown(nodes: &[TreeNode]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| {
                let mark = match (n.repeat, n.has_children, n.open) {
                    (true, _, _) => " (again)",
                    (_, true, false) => " +",
                    _ => "",
                };
                format!("{:?} {} {}{mark}", n.side, n.depth, n.key)
            })
            .collect()
    }

    fn around(b: &Backlog, k: &str) -> DepMap {
        dependency_map(
            b,
            MapRequest {
                level: Kind::Story,
                focus: Some(key(k)),
                depth: None,
            },
        )
    }

    #[test]
    fn both_trees_in_reading_order_a_node_met_again_not_followed() {
        let b = diamond();
        let m = around(&b, "S-1");
        let nodes = trees_around(&m, key("S-1"), |_, _, _| true);
        assert_eq!(
            shown(&nodes),
            [
                "Upstream 1 S-2",
                "Upstream 2 S-4",
                "Upstream 1 S-3",
                "Upstream 2 S-4 (again)",
                "Downstream 1 S-5",
            ]
        );
        let e = &m.edges[nodes[1].edge];
        assert_eq!((e.from, e.on), (key("S-2"), key("S-4")));
    }

    #[test]
    fn a_folded_branch_is_not_followed_and_says_it_has_one() {
        let b = diamond();
        let m = around(&b, "S-5");
        let nodes = trees_around(&m, key("S-5"), |_, k, _| k != key("S-2"));
        assert_eq!(
            shown(&nodes),
            [
                "Upstream 1 S-1",
                "Upstream 2 S-2 +",
                "Upstream 2 S-3",
                "Upstream 3 S-4",
            ]
        );
    }

    #[test]
    fn an_item_with_no_links_has_empty_trees() {
        let b = diamond();
        let m = around(&b, "E-1");
        assert!(trees_around(&m, key("E-1"), |_, _, _| true).is_empty());
    }
}
