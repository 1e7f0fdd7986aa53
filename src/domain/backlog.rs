//! The whole backlog as one value: items with lookups by key and by parent.

use std::collections::HashMap;

use super::item::Item;
use super::key::{Key, KeyMap, Kind};
use super::scoring::{Model, rank_order};
use super::status::{Lane, Status};

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
}

fn next_revision() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// What the roadmap counts of an item, kept beside the items so that a
/// roadmap reads a few bytes per story instead of the whole story.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    pub kind: Kind,
    pub status: Status,
    /// Its own lane (not inherited).
    pub lane: Option<Lane>,
    pub archived: bool,
    pub points: Option<f64>,
    pub criteria_done: usize,
    pub criteria_total: usize,
    /// It depends on something.
    pub has_deps: bool,
}

impl Facts {
    /// A live story: neither dropped nor archived (what roadmaps count).
    pub fn is_live_story(&self) -> bool {
        self.kind == Kind::Story && self.status != Status::Dropped && !self.archived
    }

    fn of(item: &Item) -> Facts {
        Facts {
            kind: item.kind(),
            status: item.status,
            lane: item.lane,
            archived: item.archived,
            points: item.points,
            criteria_done: item.criteria_done(),
            criteria_total: item.criteria.len(),
            has_deps: !item.depends_on.is_empty(),
        }
    }
}

/// What the roadmap counts of an epic's live stories (neither dropped nor
/// archived), summed in rank order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryTotals {
    pub stories: usize,
    pub done: usize,
    pub unestimated: usize,
    pub points_done: f64,
    pub points_total: f64,
    pub criteria_met: usize,
    pub criteria_total: usize,
    /// The dependencies of those stories: who depends, on what, and
    /// where that is in the backlog (`None`: missing).
    pub deps: Vec<DepLink>,
}

impl StoryTotals {
    /// Counts a story with `facts` if it is live (neither dropped nor
    /// archived); returns whether it was.
    fn add(&mut self, f: &Facts) -> bool {
        if !f.is_live_story() {
            return false;
        }
        self.stories += 1;
        let done = f.status == Status::Done;
        self.done += usize::from(done);
        match f.points {
            Some(p) => {
                if done {
                    self.points_done += p;
                }
                self.points_total += p;
            }
            None => self.unestimated += 1,
        }
        self.criteria_met += f.criteria_done;
        self.criteria_total += f.criteria_total;
        true
    }
}

/// A story as a roadmap counts it, without the story itself: what
/// [`Backlog::for_roadmap`] totals.
#[derive(Debug, Clone, Copy)]
pub struct StoryFacts {
    pub key: Key,
    pub parent: Option<Key>,
    pub rank: i64,
    pub facts: Facts,
}

/// One dependency, with the position of what is depended on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DepLink {
    pub from: Key,
    pub on: Key,
    pub at: Option<usize>,
}

/// What ranking sorts an item by.
#[derive(Debug, Clone, Copy)]
struct RankKey {
    key: Key,
    rank: i64,
    rice: Option<f64>,
    wsjf: Option<f64>,
}

impl RankKey {
    fn of(item: &Item) -> RankKey {
        RankKey {
            key: item.key,
            rank: item.rank,
            rice: item.rice_score(),
            wsjf: item.wsjf_score(),
        }
    }

    fn score(&self, model: Model) -> Option<f64> {
        match model {
            Model::Rice => self.rice,
            Model::Wsjf => self.wsjf,
        }
    }
}

/// "KEY title", the text a filter matches against.
fn search_text(item: &Item) -> Box<str> {
    format!("{} {}", item.key, item.title).into_boxed_str()
}

fn kind_slot(kind: Kind) -> usize {
    match kind {
        Kind::Initiative => 0,
        Kind::Epic => 1,
        Kind::Story => 2,
    }
}

fn model_slot(model: Model) -> usize {
    match model {
        Model::Rice => 0,
        Model::Wsjf => 1,
    }
}

const MODELS: [Model; 2] = [Model::Rice, Model::Wsjf];

impl Backlog {
    pub fn new(mut items: Vec<Item>) -> Backlog {
        items.sort_by_key(|i| i.key);
        let index: KeyMap<usize> = items.iter().enumerate().map(|(n, i)| (i.key, n)).collect();
        let mut children: KeyMap<Vec<usize>> = KeyMap::default();
        let mut roots = Vec::new();
        let mut counts = [0; 3];
        let mut dependents: KeyMap<Vec<Key>> = KeyMap::default();
        for (n, item) in items.iter().enumerate() {
            match item.parent {
                Some(p) => children.entry(p).or_default().push(n),
                None => roots.push(n),
            }
            if !item.archived {
                counts[kind_slot(item.kind())] += 1;
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
            counts,
            dependents,
            story_totals: std::sync::OnceLock::new(),
            rankings: Default::default(),
            revision: next_revision(),
        };
        // Parents come before children in key order (I < E < S), so one
        // pass settles every item; orphans count as not hidden by a parent.
        for n in 0..b.items.len() {
            b.hidden[n] = b.compute_hidden(n);
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

    /// Recomputes `hidden` for item `n` and everything below it.
    fn rehide(&mut self, n: usize) {
        let mut stack = vec![n];
        while let Some(m) = stack.pop() {
            self.hidden[m] = self.compute_hidden(m);
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
        let Some(&n) = self.index.get(&item.key) else {
            let last = self.items.last().is_none_or(|l| l.key < item.key);
            if !last {
                let mut items = std::mem::take(&mut self.items);
                items.push(item);
                *self = Backlog::new(items);
                return;
            }
            let n = self.items.len();
            self.index.insert(item.key, n);
            match item.parent {
                Some(p) => self.children.entry(p).or_default().push(n),
                None => self.roots.push(n),
            }
            if !item.archived {
                self.counts[kind_slot(item.kind())] += 1;
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
            self.hidden.push(false);
            self.hidden[n] = self.compute_hidden(n);
            self.sort_siblings(parent);
            self.rankings_insert(n);
            match self.items[n].kind() {
                Kind::Story => self.retotal(parent),
                Kind::Epic => self.retotal(Some(self.items[n].key)),
                Kind::Initiative => {}
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
        if old.archived != new.archived {
            let slot = kind_slot(new.kind());
            if new.archived {
                self.counts[slot] -= 1;
            } else {
                self.counts[slot] += 1;
            }
        }
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

    /// Recounts the story totals of `epic` (when it is an epic and the
    /// totals have been counted).
    fn retotal(&mut self, epic: Option<Key>) {
        let Some(epic) = epic.filter(|e| e.kind == Kind::Epic) else {
            return;
        };
        if self.story_totals.get().is_none() {
            return;
        }
        let t = self.totals_of(epic);
        if let Some(map) = self.story_totals.get_mut() {
            map.insert(epic, t);
        }
    }

    /// Counts the totals of the live stories of `epic`, in rank order.
    fn totals_of(&self, epic: Key) -> StoryTotals {
        let mut t = StoryTotals::default();
        for &n in self.child_positions(epic) {
            if t.add(&self.facts[n]) && self.facts[n].has_deps {
                self.push_deps(&mut t, n);
            }
        }
        t
    }

    /// Adds the dependencies of item `n` to `t`.
    fn push_deps(&self, t: &mut StoryTotals, n: usize) {
        let item = &self.items[n];
        t.deps.extend(item.depends_on.iter().map(|&on| DepLink {
            from: item.key,
            on,
            at: self.index.get(&on).copied(),
        }));
    }

    /// A backlog for a roadmap alone: `items` holds the initiatives and
    /// epics, and only those stories that take part in dependencies (as
    /// stubs); `stories` has what the roadmap counts of every story, from
    /// which the epics' story totals are made here (in rank order, as
    /// [`Backlog::story_totals`] makes them). `Roadmap::build` on it equals
    /// `Roadmap::build` on the whole backlog; nothing else may read it,
    /// and it is never a basis for writes.
    pub fn for_roadmap(items: Vec<Item>, mut stories: Vec<StoryFacts>) -> Backlog {
        let b = Backlog::new(items);
        stories.sort_unstable_by_key(|s| (s.parent, s.rank, s.key));
        let mut totals: KeyMap<StoryTotals> = b
            .items_of(Kind::Epic)
            .iter()
            .map(|e| (e.key, StoryTotals::default()))
            .collect();
        for s in &stories {
            if let Some(t) = s.parent.and_then(|p| totals.get_mut(&p)) {
                t.add(&s.facts);
            }
        }
        // Dependencies of live stories, from their stubs.
        for n in 0..b.items.len() {
            let (item, f) = (&b.items[n], &b.facts[n]);
            if f.is_live_story()
                && f.has_deps
                && let Some(t) = item.parent.and_then(|p| totals.get_mut(&p))
            {
                b.push_deps(t, n);
            }
        }
        let _ = b.story_totals.set(totals);
        b
    }

    /// The totals of the live stories of epic `key` (`None`: not an epic).
    pub fn story_totals(&self, key: Key) -> Option<&StoryTotals> {
        self.story_totals
            .get_or_init(|| {
                self.items_of(Kind::Epic)
                    .iter()
                    .map(|e| (e.key, self.totals_of(e.key)))
                    .collect()
            })
            .get(&key)
    }

    /// The rank tuple of item `n` under `model`.
    fn rank_tuple(&self, n: usize, model: Model) -> (Option<f64>, i64, Key) {
        let r = &self.rank_keys[n];
        (r.score(model), r.rank, r.key)
    }

    /// Takes item `n` out of the rankings of its kind (by its current
    /// rank key), if it is in them.
    fn rankings_remove(&mut self, n: usize) {
        if self.hidden[n] {
            return;
        }
        let slot = kind_slot(self.items[n].kind());
        for model in MODELS {
            let Some(v) = self.rankings[slot][model_slot(model)].take() else {
                continue;
            };
            let mut v = v;
            let at = v.partition_point(|&m| {
                rank_order(self.rank_tuple(m, model), self.rank_tuple(n, model)).is_lt()
            });
            if v.get(at) == Some(&n) {
                v.remove(at);
                self.rankings[slot][model_slot(model)] = Some(v);
            }
            // Not where it should be: the ranking is dropped (sorted
            // afresh when next asked for) rather than trusted.
        }
    }

    /// Puts item `n` into the rankings of its kind, if it is visible.
    fn rankings_insert(&mut self, n: usize) {
        if self.hidden[n] {
            return;
        }
        let slot = kind_slot(self.items[n].kind());
        for model in MODELS {
            let Some(mut v) = self.rankings[slot][model_slot(model)].take() else {
                continue;
            };
            let at = v.partition_point(|&m| {
                rank_order(self.rank_tuple(m, model), self.rank_tuple(n, model)).is_lt()
            });
            v.insert(at, n);
            self.rankings[slot][model_slot(model)] = Some(v);
        }
    }

    /// Removes an item (e.g. after a purge).
    pub fn remove(&mut self, key: Key) {
        let mut items = std::mem::take(&mut self.items);
        items.retain(|i| i.key != key);
        *self = Backlog::new(items);
    }

    /// Changes whenever an item changes: equal revisions, same items.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Counts of initiatives, epics and stories not archived themselves.
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
        self.ranked_positions(kind, model)
            .into_iter()
            .map(|(_, n)| &self.items[n])
            .collect()
    }

    /// [`Backlog::ranked`] as keys with their scores, read from the compact
    /// rank keys alone (no item is visited).
    pub fn ranked_scores(&self, kind: Kind, model: Model) -> Vec<(Key, Option<f64>)> {
        self.ranked_positions(kind, model)
            .into_iter()
            .map(|(s, n)| (self.rank_keys[n].key, s))
            .collect()
    }

    /// Positions of the visible items of `kind` in ranking order under
    /// `model` ([`Backlog::ranked`] order), sorted once and then kept
    /// current by [`Backlog::upsert`]: asking again costs nothing.
    pub fn ranking(&mut self, kind: Kind, model: Model) -> &[usize] {
        let (k, m) = (kind_slot(kind), model_slot(model));
        if self.rankings[k][m].is_none() {
            let v = self
                .ranked_positions(kind, model)
                .into_iter()
                .map(|(_, n)| n)
                .collect();
            self.rankings[k][m] = Some(v);
        }
        self.rankings[k][m].as_deref().unwrap_or_default()
    }

    /// The score of item `n` under `model`, from its rank key.
    pub fn score_at(&self, n: usize, model: Model) -> Option<f64> {
        self.rank_keys[n].score(model)
    }

    /// The key of item `n`.
    pub fn key_at(&self, n: usize) -> Key {
        self.rank_keys[n].key
    }

    fn ranked_positions(&self, kind: Kind, model: Model) -> Vec<(Option<f64>, usize)> {
        // From the compact rank keys (scores computed when items change),
        // and only the range of `kind`: items are in key order, by kind.
        let lo = self.items.partition_point(|i| i.kind() < kind);
        let hi = self.items.partition_point(|i| i.kind() <= kind);
        let mut v: Vec<(Option<f64>, i64, Key, usize)> = (lo..hi)
            .filter(|&n| !self.hidden[n])
            .map(|n| {
                let r = &self.rank_keys[n];
                (r.score(model), r.rank, r.key, n)
            })
            .collect();
        // Keys are unique, so the order is total and an unstable sort safe.
        v.sort_unstable_by(|a, b| rank_order((a.0, a.1, a.2), (b.0, b.1, b.2)));
        v.into_iter().map(|(s, _, _, n)| (s, n)).collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Rng, Spec, items};
    use chrono::{TimeZone, Utc};

    /// Every lookup of `b` equals that of a backlog built afresh.
    fn assert_consistent(b: &mut Backlog) {
        let fresh = Backlog::new(b.items().to_vec());
        assert_eq!(b.items(), fresh.items());
        assert_eq!(b.counts(), fresh.counts());
        let keys = |v: Vec<&Item>| v.iter().map(|i| i.key).collect::<Vec<_>>();
        assert_eq!(keys(b.roots().collect()), keys(fresh.roots().collect()));
        for i in b.items() {
            assert_eq!(
                keys(b.children(i.key).collect()),
                keys(fresh.children(i.key).collect()),
                "children of {}",
                i.key
            );
            assert_eq!(b.is_hidden(i), fresh.is_hidden(i), "hidden {}", i.key);
            let n = b.position(i.key).unwrap();
            assert_eq!(
                b.parent_at(n).map(|p| b.key_at(p)),
                i.parent,
                "parent of {}",
                i.key
            );
            assert_eq!(b.dependents(i.key), fresh.dependents(i.key), "{}", i.key);
            assert_eq!(
                b.story_totals(i.key),
                fresh.story_totals(i.key),
                "story totals of {}",
                i.key
            );
        }
        assert_eq!(
            keys(b.ranked(Kind::Story, Model::Rice)),
            keys(fresh.ranked(Kind::Story, Model::Rice))
        );
        // Roadmaps counted from the kept totals equal those of a fresh backlog.
        {
            use crate::domain::roadmap::{Level, Roadmap};
            let at = chrono::Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
            for level in Level::ALL {
                assert_eq!(
                    Roadmap::build(b, Model::Wsjf, level, at),
                    Roadmap::build(&fresh, Model::Wsjf, level, at),
                    "{level:?} roadmap"
                );
            }
        }
        // The kept rankings equal rankings sorted afresh.
        for kind in Kind::ALL {
            for model in MODELS {
                let fresh: Vec<Key> = fresh.ranked(kind, model).iter().map(|i| i.key).collect();
                let kept: Vec<Key> = b
                    .ranking(kind, model)
                    .to_vec()
                    .into_iter()
                    .map(|n| b.key_at(n))
                    .collect();
                assert_eq!(kept, fresh, "{kind:?} by {model:?}");
            }
        }
    }

    #[test]
    fn upsert_keeps_every_lookup_current() {
        let now = Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
        let mut b = Backlog::new(items(Spec::new(120, 3), now));
        // Rankings asked for before the changes are kept current by them.
        for kind in Kind::ALL {
            for model in MODELS {
                b.ranking(kind, model);
            }
        }
        let mut rng = Rng::new(9);
        let all: Vec<Key> = b.items().iter().map(|i| i.key).collect();
        for round in 0..300 {
            let key = all[rng.below(all.len())];
            let mut item = b.get(key).unwrap().clone();
            match rng.below(7) {
                0 => item.rank = rng.below(5) as i64,
                6 => {
                    // What a roadmap counts: status and estimate.
                    item.status = [Status::Draft, Status::Done, Status::Dropped][rng.below(3)];
                    item.points = (rng.below(4) > 0).then(|| rng.below(13) as f64 / 2.0);
                }
                5 => {
                    // A new score: the item moves within the rankings.
                    item.rice.reach = Some(rng.below(1000) as f64);
                    item.wsjf.value = Some(rng.below(20) as f64 + 1.0);
                }
                1 => item.archived = !item.archived,
                2 => {
                    if let Some(pk) = key.kind.parent_kind() {
                        let parents: Vec<Key> =
                            all.iter().copied().filter(|k| k.kind == pk).collect();
                        item.parent = Some(parents[rng.below(parents.len())]);
                    }
                }
                3 => {
                    let other = all[rng.below(all.len())];
                    if other != key && !item.depends_on.contains(&other) {
                        item.depends_on.push(other);
                        item.depends_on.sort();
                    } else {
                        item.depends_on.clear();
                    }
                }
                _ => item.title = format!("renamed {round}"),
            }
            b.upsert(item);
            if round % 20 == 0 {
                assert_consistent(&mut b);
            }
        }
        // New items: a story (appended) and an epic (rebuilt).
        let e = b
            .items()
            .iter()
            .find(|i| i.kind() == Kind::Epic)
            .unwrap()
            .key;
        let i1 = b.roots().next().unwrap().key;
        b.upsert(Item::new(Key::new(Kind::Story, 10_000), "new story", Some(e), now).unwrap());
        b.upsert(Item::new(Key::new(Kind::Epic, 10_000), "new epic", Some(i1), now).unwrap());
        assert_consistent(&mut b);
        b.remove(Key::new(Kind::Story, 10_000));
        assert_consistent(&mut b);
    }
}
