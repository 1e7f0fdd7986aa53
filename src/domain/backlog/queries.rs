//! Reading a backlog: items by key, position, parent and kind, what is
//! hidden, inherited lanes, tree order, filter texts and dependencies.

use std::collections::HashMap;

use super::{Backlog, Facts};
use crate::domain::item::Item;
use crate::domain::key::{Key, Kind};
use crate::domain::status::{Lane, Status};

/// "KEY title", the text a filter matches against.
pub(super) fn search_text(item: &Item) -> Box<str> {
    format!("{} {}", item.key, item.title).into_boxed_str()
}

impl Backlog {
    /// All items in key order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// No item and no insight.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.insights().is_empty()
    }

    /// The item imported with this key of its source tool (`ABC-123`,
    /// compared ignoring case), an unarchived one first.
    pub fn by_external_key(&self, external: &str) -> Option<&Item> {
        let wanted = external.trim();
        let mut found = self.items().iter().filter(|i| {
            i.external_key
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(wanted))
        });
        let first = found.next()?;
        if !first.archived {
            return Some(first);
        }
        found.find(|i| !i.archived).or(Some(first))
    }

    pub fn get(&self, key: Key) -> Option<&Item> {
        self.index.get(&key).map(|&n| &self.items[n])
    }

    /// Top-level items (initiatives) in manual rank order.
    pub fn roots(&self) -> impl Iterator<Item = &Item> {
        self.roots.iter().map(|&n| &self.items[n])
    }

    /// Children of `key` in manual rank order.
    pub fn children(&self, key: Key) -> impl Iterator<Item = &Item> {
        self.children
            .get(&key)
            .into_iter()
            .flatten()
            .map(|&n| &self.items[n])
    }

    /// Archived itself or below an archived item.
    pub fn is_hidden(&self, item: &Item) -> bool {
        match self.index.get(&item.key) {
            // The stored copy: answered from the cache.
            Some(&n) if std::ptr::eq(&self.items[n], item) => self.hidden[n],
            _ => {
                let mut cur = Some(item);
                while let Some(i) = cur {
                    if i.archived {
                        return true;
                    }
                    cur = i.parent.and_then(|p| self.get(p));
                }
                false
            }
        }
    }

    /// Dropped itself or below a dropped item.
    pub fn is_dropped(&self, item: &Item) -> bool {
        let mut cur = Some(item);
        while let Some(i) = cur {
            if i.status == Status::Dropped {
                return true;
            }
            cur = i.parent.and_then(|p| self.get(p));
        }
        false
    }

    /// Open work: not done or dropped, not archived, and not below an
    /// archived or dropped item.
    pub fn is_open(&self, item: &Item) -> bool {
        !item.status.is_closed() && !self.is_hidden(item) && !self.is_dropped(item)
    }

    /// Whether `item` is `key` or below it.
    pub fn is_within(&self, item: &Item, key: Key) -> bool {
        let mut cur = Some(item);
        while let Some(i) = cur {
            if i.key == key {
                return true;
            }
            cur = i.parent.and_then(|p| self.get(p));
        }
        false
    }

    /// Where `key` is in [`Backlog::items`].
    pub fn position(&self, key: Key) -> Option<usize> {
        self.index.get(&key).copied()
    }

    /// Positions in [`Backlog::items`] of the children of `key`, in manual
    /// rank order.
    pub fn child_positions(&self, key: Key) -> &[usize] {
        self.children.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Positions of the top-level items, in manual rank order.
    pub fn root_positions(&self) -> &[usize] {
        &self.roots
    }

    /// The position of the parent of the item at position `n`.
    pub fn parent_at(&self, n: usize) -> Option<usize> {
        self.parents[n]
    }

    /// Makes the filter's "KEY title" texts now, so that the first filter
    /// keystroke does not (the TUI calls it when it takes a backlog).
    pub fn prepare_search(&self) {
        if !self.items.is_empty() {
            self.search_text_at(0);
        }
    }

    /// "KEY title" of the item at position `n`: what a filter matches.
    pub fn search_text_at(&self, n: usize) -> &str {
        &self
            .search
            .get_or_init(|| self.items.iter().map(search_text).collect())[n]
    }

    /// What the roadmap counts of the item at position `n`.
    pub fn facts_at(&self, n: usize) -> &Facts {
        &self.facts[n]
    }

    /// Whether the item at position `n` is hidden (archived or below an
    /// archived item).
    pub fn is_hidden_at(&self, n: usize) -> bool {
        self.hidden[n]
    }

    /// The items of one kind, in key order (a slice of [`Backlog::items`]).
    pub fn items_of(&self, kind: Kind) -> &[Item] {
        let lo = self.items.partition_point(|i| i.kind() < kind);
        let hi = self.items.partition_point(|i| i.kind() <= kind);
        &self.items[lo..hi]
    }

    /// Items neither archived nor below an archived item, in key order.
    pub fn visible(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .zip(&self.hidden)
            .filter(|(_, h)| !**h)
            .map(|(i, _)| i)
    }

    /// Whether the item with `key` is hidden (archived or below an
    /// archived item); unknown keys are not.
    pub fn is_hidden_key(&self, key: Key) -> bool {
        self.index.get(&key).is_some_and(|&n| self.hidden[n])
    }

    /// The item's own lane, or the lane it inherits: an epic without a lane
    /// shows under its initiative's lane; a story under its epic's.
    pub fn effective_lane(&self, item: &Item) -> Option<Lane> {
        let mut cur = Some(item);
        while let Some(i) = cur {
            if let Some(l) = i.lane {
                return Some(l);
            }
            cur = i.parent.and_then(|p| self.get(p));
        }
        None
    }

    /// [`Backlog::effective_lane`] of the item at position `n`, read from
    /// the compact facts and parent positions (no item is visited).
    pub fn effective_lane_at(&self, n: usize) -> Option<Lane> {
        let mut cur = Some(n);
        while let Some(c) = cur {
            if let Some(l) = self.facts[c].lane {
                return Some(l);
            }
            cur = self.parents[c];
        }
        None
    }

    /// The initiative an item belongs to (itself for an initiative).
    pub fn initiative_of<'a>(&'a self, item: &'a Item) -> Option<&'a Item> {
        let mut cur = Some(item);
        while let Some(i) = cur {
            if i.kind() == Kind::Initiative {
                return Some(i);
            }
            cur = i.parent.and_then(|p| self.get(p));
        }
        None
    }

    /// Status lookup, for the Definition of Ready.
    pub fn status_of(&self, key: Key) -> Option<Status> {
        self.get(key).map(|i| i.status)
    }

    /// Visible items in backlog order: each initiative, then its epics, each
    /// epic followed by its stories, siblings by manual rank.
    pub fn tree_order(&self) -> Vec<&Item> {
        // By position: no allocation per item, and what was reached is
        // a flag per position.
        let mut out = Vec::with_capacity(self.items.len());
        let mut reached = vec![false; self.items.len()];
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            let item = &self.items[n];
            if item.archived {
                continue;
            }
            out.push(item);
            reached[n] = true;
            if let Some(kids) = self.children.get(&item.key) {
                stack.extend(kids.iter().rev());
            }
        }
        // Orphans (parent missing) cannot exist in a stored backlog, but a
        // hand-built one may have them; keep them visible at the end.
        if out.len() < self.items.len() {
            out.extend(
                self.items
                    .iter()
                    .enumerate()
                    .filter(|&(n, i)| !reached[n] && !self.is_hidden(i))
                    .map(|(_, i)| i),
            );
        }
        out
    }

    /// The dependency graph: each item's dependencies.
    pub fn dependency_graph(&self) -> HashMap<Key, Vec<Key>> {
        self.items
            .iter()
            .filter(|i| !i.depends_on.is_empty())
            .map(|i| (i.key, i.depends_on.clone()))
            .collect()
    }

    /// Items that depend on `key`, in key order.
    pub fn dependents(&self, key: Key) -> Vec<Key> {
        self.dependents.get(&key).cloned().unwrap_or_default()
    }
}
