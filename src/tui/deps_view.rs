//! The dependency view's state (`b`): the domain's dependency map around
//! one item, read as two trees (what it depends on, what depends on it),
//! the rows they make with the folds the user chose, and the selection.
//! The map is computed when the view opens and when the backlog changes,
//! never per key.

use std::collections::HashSet;

use ratatui::layout::Rect;

use super::layout;
use super::tab_state::ListState;
use crate::domain::Backlog;
use crate::domain::Key;
use crate::domain::depmap::{DepMap, MapRequest, Side, TreeNode, dependency_map, trees_around};

/// Branches this many links deep and deeper start folded.
const FOLDED_FROM_DEPTH: usize = 3;

/// One row of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepRow {
    /// The item the view is about.
    Root,
    /// `Depends on` / `Needed by`.
    Heading(Side),
    /// A side with no links.
    Nothing(Side),
    Node(TreeNode),
}

impl DepRow {
    /// Whether the selection can rest on it.
    pub fn selectable(&self) -> bool {
        matches!(self, DepRow::Root | DepRow::Node(_))
    }
}

pub struct DepsView {
    /// The item the view is about.
    pub focus: Key,
    /// The map around it, at its own level (an epic's map is of epics).
    pub map: DepMap,
    pub rows: Vec<DepRow>,
    pub state: ListState,
    /// The backlog revision the map was computed from.
    revision: u64,
    /// Branches the user folded, and unfolded below the default depth.
    folded: HashSet<(Side, Key)>,
    unfolded: HashSet<(Side, Key)>,
}

impl DepsView {
    /// The view around `focus` (which must be in `backlog`), its root
    /// selected.
    pub fn new(backlog: &Backlog, focus: Key, height: usize) -> DepsView {
        let mut view = DepsView {
            focus,
            map: map_around(backlog, focus),
            rows: Vec::new(),
            state: ListState::default(),
            revision: backlog.revision(),
            folded: HashSet::new(),
            unfolded: HashSet::new(),
        };
        view.relayout(height);
        view
    }

    /// The map again after the backlog changed, keeping the folds and the
    /// selected node (or the row where it was); nothing to do when it has
    /// not changed.
    pub fn recompute(&mut self, backlog: &Backlog, height: usize) {
        if backlog.revision() == self.revision {
            return;
        }
        self.revision = backlog.revision();
        self.map = map_around(backlog, self.focus);
        self.relayout(height);
    }

    /// The rows again from the map and the folds.
    fn relayout(&mut self, height: usize) {
        let before = self.selected_row();
        let (folded, unfolded) = (&self.folded, &self.unfolded);
        let nodes = trees_around(&self.map, self.focus, |side, key, depth| {
            if depth >= FOLDED_FROM_DEPTH {
                unfolded.contains(&(side, key))
            } else {
                !folded.contains(&(side, key))
            }
        });
        let mut rows = vec![DepRow::Root];
        for side in Side::BOTH {
            rows.push(DepRow::Heading(side));
            let start = rows.len();
            rows.extend(
                nodes
                    .iter()
                    .filter(|n| n.side == side)
                    .map(|n| DepRow::Node(*n)),
            );
            if rows.len() == start {
                rows.push(DepRow::Nothing(side));
            }
        }
        self.rows = rows;
        let again = before.and_then(|b| {
            self.rows.iter().position(|r| match (r, b) {
                (DepRow::Node(n), DepRow::Node(m)) => {
                    n.side == m.side && n.key == m.key && n.depth == m.depth
                }
                (r, b) => *r == b,
            })
        });
        if let Some(i) = again {
            self.state.selected = i;
        }
        self.clamp(height);
    }

    /// Keeps the selection in range, on a selectable row and on screen.
    pub fn clamp(&mut self, height: usize) {
        self.state.clamp(self.rows.len(), height);
        if !self.rows[self.state.selected].selectable() {
            self.step(-1, height);
        }
    }

    pub fn selected_row(&self) -> Option<DepRow> {
        self.rows.get(self.state.selected).copied()
    }

    /// The selected node's key (the root's for the root).
    pub fn selected_key(&self) -> Option<Key> {
        match self.selected_row()? {
            DepRow::Root => Some(self.focus),
            DepRow::Node(n) => Some(n.key),
            DepRow::Heading(_) | DepRow::Nothing(_) => None,
        }
    }

    /// Moves the selection `d` selectable rows on (as far as it goes).
    pub fn move_by(&mut self, d: isize, height: usize) {
        for _ in 0..d.unsigned_abs().min(self.rows.len()) {
            self.step(d.signum(), height);
        }
    }

    /// One selectable row up or down, if there is one that way.
    fn step(&mut self, d: isize, height: usize) {
        let mut i = self.state.selected as isize + d;
        while i >= 0 && (i as usize) < self.rows.len() {
            if self.rows[i as usize].selectable() {
                self.state.selected = i as usize;
                break;
            }
            i += d;
        }
        self.state.clamp(self.rows.len(), height);
    }

    /// `h`: folds the selected branch, or goes to the node it hangs from.
    pub fn fold(&mut self, height: usize) {
        let Some(DepRow::Node(n)) = self.selected_row() else {
            return;
        };
        if n.open {
            self.unfolded.remove(&(n.side, n.key));
            self.folded.insert((n.side, n.key));
            self.relayout(height);
            return;
        }
        let parent = self.rows[..self.state.selected]
            .iter()
            .rposition(|r| match r {
                DepRow::Node(p) => p.side == n.side && p.depth + 1 == n.depth,
                _ => n.depth == 1 && *r == DepRow::Root,
            });
        if let Some(p) = parent {
            self.state.selected = p;
            self.clamp(height);
        }
    }

    /// `l`: unfolds the selected branch.
    pub fn unfold(&mut self, height: usize) {
        if let Some(DepRow::Node(n)) = self.selected_row()
            && n.has_children
            && !n.open
        {
            self.folded.remove(&(n.side, n.key));
            self.unfolded.insert((n.side, n.key));
            self.relayout(height);
        }
    }
}

fn map_around(backlog: &Backlog, focus: Key) -> DepMap {
    dependency_map(
        backlog,
        MapRequest {
            level: focus.kind,
            focus: Some(focus),
            depth: None,
        },
    )
}

/// The view's box (the body), its tree's area below the critical-path
/// line and above the two lines about the selected row.
pub fn tree_area(size: Rect) -> Rect {
    let [_, body, _, _] = layout::frame(size);
    let inner = layout::inner(body);
    Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(3),
        ..inner
    }
}

/// How many tree rows the view shows.
pub fn tree_rows(size: Rect) -> usize {
    tree_area(size).height as usize
}
