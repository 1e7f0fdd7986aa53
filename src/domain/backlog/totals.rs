//! What the roadmap counts, kept beside the items: each item's facts and,
//! per epic, the totals of its live stories, counted when first asked for
//! and then kept current.

use super::Backlog;
use crate::domain::item::Item;
use crate::domain::key::{Key, KeyMap, Kind};
use crate::domain::status::{Lane, Status};

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

    pub(super) fn of(item: &Item) -> Facts {
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
    /// Those not done: how many, the points of the estimated ones, and how
    /// many have no estimate (what planning counts as remaining).
    pub open: usize,
    pub open_points: f64,
    pub open_unestimated: usize,
    /// Every estimate among them, done or not (for the median estimate).
    pub estimates: Vec<f64>,
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
                } else {
                    self.open_points += p;
                }
                self.points_total += p;
                self.estimates.push(p);
            }
            None => {
                self.unestimated += 1;
                self.open_unestimated += usize::from(!done);
            }
        }
        self.open += usize::from(!done);
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

impl Backlog {
    /// Recounts the story totals of `epic` (when it is an epic and the
    /// totals have been counted).
    pub(super) fn retotal(&mut self, epic: Option<Key>) {
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
}
