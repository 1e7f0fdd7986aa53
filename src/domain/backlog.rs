//! The whole backlog as one value: items with lookups by key and by parent.

use std::collections::HashMap;

use super::item::Item;
use super::key::{Key, Kind};
use super::scoring::{Model, rank_order};
use super::status::{Lane, Status};

/// Every item of a backlog file, archived ones included.
#[derive(Debug, Clone, Default)]
pub struct Backlog {
    items: Vec<Item>,
    index: HashMap<Key, usize>,
    children: HashMap<Key, Vec<usize>>,
    roots: Vec<usize>,
}

impl Backlog {
    pub fn new(mut items: Vec<Item>) -> Backlog {
        items.sort_by_key(|i| i.key);
        let index: HashMap<Key, usize> =
            items.iter().enumerate().map(|(n, i)| (i.key, n)).collect();
        let mut children: HashMap<Key, Vec<usize>> = HashMap::new();
        let mut roots = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match item.parent {
                Some(p) => children.entry(p).or_default().push(n),
                None => roots.push(n),
            }
        }
        let by_rank = |a: &usize, b: &usize| {
            let (x, y) = (&items[*a], &items[*b]);
            x.rank.cmp(&y.rank).then(x.key.cmp(&y.key))
        };
        roots.sort_by(by_rank);
        for list in children.values_mut() {
            list.sort_by(by_rank);
        }
        Backlog {
            items,
            index,
            children,
            roots,
        }
    }

    /// Puts `item` in place of the item with its key (or adds it). Cheap
    /// when parent and rank are unchanged; otherwise re-indexes.
    pub fn upsert(&mut self, item: Item) {
        if let Some(&n) = self.index.get(&item.key) {
            let old = &self.items[n];
            if old.parent == item.parent && old.rank == item.rank {
                self.items[n] = item;
                return;
            }
        }
        let mut items = std::mem::take(&mut self.items);
        items.retain(|i| i.key != item.key);
        items.push(item);
        *self = Backlog::new(items);
    }

    /// Removes an item (e.g. after a purge).
    pub fn remove(&mut self, key: Key) {
        let mut items = std::mem::take(&mut self.items);
        items.retain(|i| i.key != key);
        *self = Backlog::new(items);
    }

    /// Counts of visible initiatives, epics and stories.
    pub fn counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for i in self.items.iter().filter(|i| !i.archived) {
            c[match i.kind() {
                Kind::Initiative => 0,
                Kind::Epic => 1,
                Kind::Story => 2,
            }] += 1;
        }
        c
    }

    /// A rank after every current child of `parent` (top level: `None`).
    pub fn next_rank(&self, parent: Option<Key>) -> i64 {
        let max = match parent {
            Some(p) => self.children(p).map(|c| c.rank).max(),
            None => self.roots().map(|c| c.rank).max(),
        };
        max.map_or(1, |m| m + 1)
    }

    /// All items in key order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
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
        let mut cur = Some(item);
        while let Some(i) = cur {
            if i.archived {
                return true;
            }
            cur = i.parent.and_then(|p| self.get(p));
        }
        false
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
        let mut out = Vec::with_capacity(self.items.len());
        let mut stack: Vec<&Item> = self.roots().collect();
        stack.reverse();
        while let Some(item) = stack.pop() {
            if item.archived {
                continue;
            }
            out.push(item);
            let kids: Vec<&Item> = self.children(item.key).collect();
            stack.extend(kids.into_iter().rev());
        }
        // Orphans (parent missing) cannot exist in a stored backlog, but a
        // hand-built one may have them; keep them visible at the end.
        if out.len() < self.items.len() {
            let seen: std::collections::HashSet<Key> = out.iter().map(|i| i.key).collect();
            out.extend(
                self.items
                    .iter()
                    .filter(|i| !seen.contains(&i.key) && !self.is_hidden(i)),
            );
        }
        out
    }

    /// Visible items of `kind` ordered by `model`: scored first (highest
    /// first), then unscored; ties by manual rank, then key.
    pub fn ranked(&self, kind: Kind, model: Model) -> Vec<&Item> {
        let mut v: Vec<&Item> = self
            .items
            .iter()
            .filter(|i| i.kind() == kind && !self.is_hidden(i))
            .collect();
        v.sort_by(|a, b| {
            rank_order(
                (a.score(model), a.rank, a.key),
                (b.score(model), b.rank, b.key),
            )
        });
        v
    }

    /// The dependency graph: each item's dependencies.
    pub fn dependency_graph(&self) -> HashMap<Key, Vec<Key>> {
        self.items
            .iter()
            .filter(|i| !i.depends_on.is_empty())
            .map(|i| (i.key, i.depends_on.clone()))
            .collect()
    }

    /// Items that depend on `key`.
    pub fn dependents(&self, key: Key) -> Vec<Key> {
        self.items
            .iter()
            .filter(|i| i.depends_on.contains(&key))
            .map(|i| i.key)
            .collect()
    }
}
