//! The whole backlog as one value: items with lookups by key and by parent,
//! kept current as items change. The lookups are read in `queries`, the
//! rankings kept in `ranking`, the roadmap's per-epic totals in `totals`.

mod evidence;
mod queries;
mod ranking;
#[cfg(test)]
mod tests;
mod totals;

use super::item::Item;
use super::key::{Key, KeyMap, Kind};
pub use evidence::{EvidenceEntry, Insights};
use queries::search_text;
use ranking::RankKey;
pub use totals::{DepLink, Facts, StoryFacts, StoryTotals};

/// Every item of a backlog file, archived ones included.
///
/// Besides the items (in key order) it keeps what lookups need so that none
/// of them walks every item: the index by key, each item's children in rank
/// order, whether each item is hidden (archived or below an archived item),
/// the visible counts, and who depends on each item. [`Backlog::upsert`]
/// keeps them current in time proportional to what changed.
#[derive(Debug, Clone, Default)]
pub struct Backlog {
    items: Vec<Item>,
    index: KeyMap<usize>,
    children: KeyMap<Vec<usize>>,
    roots: Vec<usize>,
    /// `parents[n]`: the position of item `n`'s parent.
    parents: Vec<Option<usize>>,
    /// `hidden[n]`: item `n` is archived or below an archived item.
    hidden: Vec<bool>,
    /// Items (not archived themselves) of each kind: initiatives, epics, stories.
    counts: [usize; 3],
    /// For each key, the items that depend on it (in key order).
    dependents: KeyMap<Vec<Key>>,
    /// Per item, what ranking sorts by: key, manual rank and both scores
    /// (kept beside the items so a ranking reads a few bytes per item).
    rank_keys: Vec<RankKey>,
    /// Per item, what the roadmap counts.
    facts: Vec<Facts>,
    /// Per epic, the totals of its live stories (what an epic's roadmap
    /// card counts): counted when first asked for (a roadmap), then kept
    /// current when a story changes, so that a roadmap does not visit
    /// every story. Left uncounted by what never asks (`list`, `export`).
    story_totals: std::sync::OnceLock<KeyMap<StoryTotals>>,
    /// Per item, "KEY title": what a filter matches, kept together so that
    /// matching every item reads one small string each.
    /// Made when a filter first asks (the CLI never does).
    search: std::sync::OnceLock<Vec<Box<str>>>,
    /// Rankings asked for so far, by kind and model: positions of the
    /// visible items of that kind in ranking order. [`Backlog::upsert`]
    /// moves a changed item within them (a binary search and a shift, not
    /// a sort); changes that hide or show a whole subtree drop them, and
    /// they are sorted again when next asked for.
    rankings: [[Option<Vec<usize>>; 2]; 3],
    /// Changes with every change to the items (unique in the process), so
    /// values derived from a backlog can tell whether they are current.
    revision: u64,
    /// The customer insights, outside the hierarchy (none of the above
    /// holds them).
    insights: Insights,
}

fn next_revision() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The slot of a kind in per-kind arrays.
fn kind_slot(kind: Kind) -> usize {
    match kind {
        Kind::Initiative => 0,
        Kind::Epic => 1,
        Kind::Story | Kind::Insight => 2,
    }
}

impl Backlog {
    pub fn new(items: Vec<Item>) -> Backlog {
        // The insights taken out in place, and the sort skipped when the
        // store gave key order already: at 10,000 stories a copy of every
        // item into new vectors was half of a short command's time.
        let mut items = items;
        let insights: Vec<Item> = items
            .extract_if(.., |i| i.kind() == Kind::Insight)
            .collect();
        if !items.is_sorted_by_key(|i| i.key) {
            items.sort_by_key(|i| i.key);
        }
        let index: KeyMap<usize> = items.iter().enumerate().map(|(n, i)| (i.key, n)).collect();
        let mut children: KeyMap<Vec<usize>> = KeyMap::default();
        let mut roots = Vec::new();
        let mut dependents: KeyMap<Vec<Key>> = KeyMap::default();
        for (n, item) in items.iter().enumerate() {
            match item.parent {
                Some(p) => children.entry(p).or_default().push(n),
                None => roots.push(n),
            }
            for d in &item.depends_on {
                let v = dependents.entry(*d).or_default();
                if v.last() != Some(&item.key) {
                    v.push(item.key);
                }
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
        let parents = items
            .iter()
            .map(|i| i.parent.and_then(|p| index.get(&p).copied()))
            .collect();
        let mut b = Backlog {
            parents,
            hidden: vec![false; items.len()],
            rank_keys: items.iter().map(RankKey::of).collect(),
            facts: items.iter().map(Facts::of).collect(),
            search: std::sync::OnceLock::new(),
            items,
            index,
            children,
            roots,
            counts: [0; 3],
            dependents,
            story_totals: std::sync::OnceLock::new(),
            rankings: Default::default(),
            revision: next_revision(),
            insights: Insights::new(insights),
        };
        // Parents come before children in key order (I < E < S), so one
        // pass settles every item; orphans count as not hidden by a parent.
        for n in 0..b.items.len() {
            b.hidden[n] = b.compute_hidden(n);
            if !b.hidden[n] {
                // What the tree shows: not under an archived parent either.
                b.counts[kind_slot(b.items[n].kind())] += 1;
            }
        }
        b
    }

    /// A partial backlog for a first frame: `items` hold only some of the
    /// stories, and `stories` is how many (not archived) the whole file
    /// has, which [`Backlog::counts`] reports. Not for anything that reads
    /// the stories themselves.
    pub fn outline(items: Vec<Item>, stories: usize) -> Backlog {
        let mut b = Backlog::new(items);
        b.counts[kind_slot(Kind::Story)] = stories;
        b
    }

    /// Whether item `n` is hidden: from its own flag and its parent's
    /// state, which is known when the parent comes first in key order (as
    /// it does in every stored backlog); else by walking up.
    fn compute_hidden(&self, n: usize) -> bool {
        let item = &self.items[n];
        if item.archived {
            return true;
        }
        match item.parent.and_then(|p| self.index.get(&p)) {
            None => false,
            Some(&pn) if pn < n => self.hidden[pn],
            Some(_) => {
                // A hand-built backlog: walk (at most once round every item).
                let mut cur = item.parent.and_then(|p| self.get(p));
                for _ in 0..self.items.len() {
                    match cur {
                        Some(i) if i.archived => return true,
                        Some(i) => cur = i.parent.and_then(|p| self.get(p)),
                        None => return false,
                    }
                }
                false
            }
        }
    }

    /// Recomputes `hidden[n]`, keeping the counts of what the tree shows.
    fn set_hidden(&mut self, n: usize) {
        let hidden = self.compute_hidden(n);
        if hidden != self.hidden[n] {
            let slot = kind_slot(self.items[n].kind());
            if hidden {
                self.counts[slot] = self.counts[slot].saturating_sub(1);
            } else {
                self.counts[slot] += 1;
            }
            self.hidden[n] = hidden;
        }
    }

    /// Recomputes `hidden` for item `n` and everything below it.
    fn rehide(&mut self, n: usize) {
        let mut stack = vec![n];
        while let Some(m) = stack.pop() {
            self.set_hidden(m);
            if let Some(kids) = self.children.get(&self.items[m].key) {
                stack.extend(kids.iter().copied().filter(|&k| k != m));
            }
        }
    }

    fn sort_siblings(&mut self, parent: Option<Key>) {
        let items = &self.items;
        let by_rank = |a: &usize, b: &usize| {
            let (x, y) = (&items[*a], &items[*b]);
            x.rank.cmp(&y.rank).then(x.key.cmp(&y.key))
        };
        match parent {
            Some(p) => {
                if let Some(list) = self.children.get_mut(&p) {
                    list.sort_by(by_rank);
                }
            }
            None => self.roots.sort_by(by_rank),
        }
    }

    /// Puts `item` in place of the item with its key (or adds it), keeping
    /// every lookup current. Replacing an item costs what its siblings and
    /// dependencies cost, never a pass over the whole backlog; adding an
    /// item that sorts last (a new story) is as cheap, other additions
    /// rebuild the lookups.
    pub fn upsert(&mut self, item: Item) {
        self.revision = next_revision();
        if item.kind() == Kind::Insight {
            self.insights.upsert(item);
            return;
        }
        let Some(&n) = self.index.get(&item.key) else {
            let last = self.items.last().is_none_or(|l| l.key < item.key);
            if !last {
                let mut items = std::mem::take(&mut self.items);
                items.push(item);
                let insights = std::mem::take(&mut self.insights);
                *self = Backlog::new(items);
                self.insights = insights;
                return;
            }
            let n = self.items.len();
            self.index.insert(item.key, n);
            match item.parent {
                Some(p) => self.children.entry(p).or_default().push(n),
                None => self.roots.push(n),
            }
            for d in &item.depends_on {
                let v = self.dependents.entry(*d).or_default();
                if v.last() != Some(&item.key) {
                    v.push(item.key);
                }
            }
            let parent = item.parent;
            self.rank_keys.push(RankKey::of(&item));
            self.facts.push(Facts::of(&item));
            if let Some(v) = self.search.get_mut() {
                v.push(search_text(&item));
            }
            self.parents
                .push(item.parent.and_then(|p| self.index.get(&p).copied()));
            self.items.push(item);
            self.hidden.push(true);
            self.set_hidden(n);
            self.sort_siblings(parent);
            self.rankings_insert(n);
            match self.items[n].kind() {
                Kind::Story => self.retotal(parent),
                Kind::Epic => self.retotal(Some(self.items[n].key)),
                Kind::Initiative | Kind::Insight => {}
            }
            return;
        };
        // Out of the rankings under its old rank key; back in below.
        self.rankings_remove(n);
        self.rank_keys[n] = RankKey::of(&item);
        self.facts[n] = Facts::of(&item);
        if self.items[n].title != item.title
            && let Some(v) = self.search.get_mut()
        {
            v[n] = search_text(&item);
        }
        let old = std::mem::replace(&mut self.items[n], item);
        let new = &self.items[n];
        let key = new.key;
        if old.depends_on != new.depends_on {
            for d in &old.depends_on {
                if let Some(v) = self.dependents.get_mut(d) {
                    v.retain(|k| *k != key);
                    if v.is_empty() {
                        self.dependents.remove(d);
                    }
                }
            }
            let added: Vec<Key> = new.depends_on.clone();
            for d in added {
                let v = self.dependents.entry(d).or_default();
                let at = v.binary_search(&key).unwrap_or_else(|e| e);
                if v.get(at) != Some(&key) {
                    v.insert(at, key);
                }
            }
        }
        let (new_parent, new_rank, new_archived) = (new.parent, new.rank, new.archived);
        if old.parent != new_parent {
            match old.parent {
                Some(p) => {
                    if let Some(list) = self.children.get_mut(&p) {
                        list.retain(|&m| m != n);
                        if list.is_empty() {
                            self.children.remove(&p);
                        }
                    }
                }
                None => self.roots.retain(|&m| m != n),
            }
            match new_parent {
                Some(p) => self.children.entry(p).or_default().push(n),
                None => self.roots.push(n),
            }
            self.parents[n] = new_parent.and_then(|p| self.index.get(&p).copied());
            self.sort_siblings(new_parent);
        } else if old.rank != new_rank {
            self.sort_siblings(new_parent);
        }
        if old.parent != new_parent || old.archived != new_archived {
            self.rehide(n);
            if !self.child_positions(key).is_empty() {
                // Items below may have been hidden or shown too.
                self.rankings = Default::default();
            }
        }
        self.rankings_insert(n);
        if key.kind == Kind::Story {
            self.retotal(old.parent);
            if new_parent != old.parent {
                self.retotal(new_parent);
            }
        }
    }

    /// Removes an item (e.g. after a purge).
    pub fn remove(&mut self, key: Key) {
        if key.kind == Kind::Insight {
            self.revision = next_revision();
            self.insights.remove(key);
            return;
        }
        let insights = std::mem::take(&mut self.insights);
        let mut items = std::mem::take(&mut self.items);
        items.retain(|i| i.key != key);
        *self = Backlog::new(items);
        self.insights = insights;
    }

    /// Changes whenever an item changes: equal revisions, same items.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Counts of the initiatives, epics and stories the tree shows: not
    /// archived, nor under an archived parent.
    pub fn counts(&self) -> [usize; 3] {
        self.counts
    }

    /// A rank after every current child of `parent` (top level: `None`).
    pub fn next_rank(&self, parent: Option<Key>) -> i64 {
        let max = match parent {
            Some(p) => self.children(p).map(|c| c.rank).max(),
            None => self.roots().map(|c| c.rank).max(),
        };
        max.map_or(1, |m| m + 1)
    }
}
