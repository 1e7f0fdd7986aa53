//! What changed between two roadmaps (a snapshot and today, or two
//! snapshots): cards added, dropped, moved between lanes, re-ranked within
//! a lane, and re-scored.
//!
//! - *Re-scored* compares scores as people see them (rounded for display),
//!   so float noise is not a change.
//! - *Re-ranked* lists the fewest cards whose moves explain the new order of
//!   the cards that stayed in a lane. Cards that were added, dropped, moved
//!   or re-scored shift their neighbours; those shifts are not reported.
//!   Between equally good explanations, cards whose manual rank changed are
//!   the ones reported.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::key::Key;
use super::roadmap::{Card, Level, Roadmap};
use super::scoring::Model;
use super::status::Lane;

/// A card that appeared or disappeared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    pub key: Key,
    pub title: String,
    /// Its lane (`null`: unplanned).
    pub lane: Option<Lane>,
}

/// A card that changed lanes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moved {
    pub key: Key,
    pub title: String,
    pub from: Option<Lane>,
    pub to: Option<Lane>,
}

/// A card that changed place within its lane; positions count from 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reranked {
    pub key: Key,
    pub title: String,
    pub lane: Option<Lane>,
    pub from: usize,
    pub to: usize,
}

/// A card whose score changed (full precision; `null`: unscored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rescored {
    pub key: Key,
    pub title: String,
    pub lane: Option<Lane>,
    pub from: Option<f64>,
    pub to: Option<f64>,
}

/// What kind of change a card went through (for marking cards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Moved,
    Reranked,
    Rescored,
}

/// The changes from one roadmap to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub model: Model,
    pub level: Level,
    pub added: Vec<Presence>,
    pub dropped: Vec<Presence>,
    pub moved: Vec<Moved>,
    pub reranked: Vec<Reranked>,
    pub rescored: Vec<Rescored>,
    /// One line: `2 changes: 1 moved, 1 re-scored`, or `no changes`.
    pub summary: String,
}

impl Diff {
    /// Compares `old` with `new`, both ordered by `model`.
    pub fn between(old: &Roadmap, new: &Roadmap, model: Model) -> Diff {
        let old = old.clone().with_model(model);
        let new = new.clone().with_model(model);
        let old_at = positions(&old);
        let new_at = positions(&new);

        let mut d = Diff {
            model,
            level: new.level,
            added: Vec::new(),
            dropped: Vec::new(),
            moved: Vec::new(),
            reranked: Vec::new(),
            rescored: Vec::new(),
            summary: String::new(),
        };
        let mut rescored: HashSet<Key> = HashSet::new();
        for (lane, cards) in new.groups() {
            for c in cards {
                let Some(&(old_lane, _, was)) = old_at.get(&c.key) else {
                    d.added.push(presence(c, lane));
                    continue;
                };
                if old_lane != lane {
                    d.moved.push(Moved {
                        key: c.key,
                        title: c.title.clone(),
                        from: old_lane,
                        to: lane,
                    });
                }
                if model.display(was.score) != model.display(c.score) {
                    rescored.insert(c.key);
                    d.rescored.push(Rescored {
                        key: c.key,
                        title: c.title.clone(),
                        lane,
                        from: was.score,
                        to: c.score,
                    });
                }
            }
        }
        for (lane, cards) in old.groups() {
            for c in cards.iter().filter(|c| !new_at.contains_key(&c.key)) {
                d.dropped.push(presence(c, lane));
            }
        }
        for (lane, cards) in new.groups() {
            // Cards in this lane before and after, not re-scored, in new order.
            let stayed: Vec<&Card> = cards
                .iter()
                .filter(|c| {
                    !rescored.contains(&c.key) && old_at.get(&c.key).is_some_and(|o| o.0 == lane)
                })
                .collect();
            let old_index: Vec<usize> = stayed.iter().map(|c| old_at[&c.key].1).collect();
            // Keeping more cards always wins; among equals, keep the cards
            // whose manual rank did not change.
            let weight: Vec<i64> = stayed
                .iter()
                .map(|c| {
                    let unchanged = old_at[&c.key].2.rank == c.rank;
                    stayed.len() as i64 + 1 + i64::from(unchanged)
                })
                .collect();
            let keep = heaviest_increasing(&old_index, &weight);
            for (n, c) in stayed.iter().enumerate() {
                if !keep[n] {
                    d.reranked.push(Reranked {
                        key: c.key,
                        title: c.title.clone(),
                        lane,
                        from: old_at[&c.key].1 + 1,
                        to: new_at[&c.key].1 + 1,
                    });
                }
            }
        }
        d.summary = d.summarise();
        d
    }

    /// Number of changes listed.
    pub fn len(&self) -> usize {
        self.added.len()
            + self.dropped.len()
            + self.moved.len()
            + self.reranked.len()
            + self.rescored.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The changes each card of the newer roadmap went through, for
    /// marking cards (one pass; look cards up in the map).
    pub fn marks(&self) -> HashMap<Key, Vec<ChangeKind>> {
        let mut out: HashMap<Key, Vec<ChangeKind>> = HashMap::new();
        let keys = self
            .added
            .iter()
            .map(|c| (c.key, ChangeKind::Added))
            .chain(self.moved.iter().map(|c| (c.key, ChangeKind::Moved)))
            .chain(self.reranked.iter().map(|c| (c.key, ChangeKind::Reranked)))
            .chain(self.rescored.iter().map(|c| (c.key, ChangeKind::Rescored)));
        for (key, kind) in keys {
            out.entry(key).or_default().push(kind);
        }
        out
    }

    fn summarise(&self) -> String {
        let n = self.len();
        if n == 0 {
            return "no changes".to_string();
        }
        let parts: Vec<String> = [
            (self.added.len(), "added"),
            (self.dropped.len(), "dropped"),
            (self.moved.len(), "moved"),
            (self.reranked.len(), "re-ranked"),
            (self.rescored.len(), "re-scored"),
        ]
        .into_iter()
        .filter(|(k, _)| *k > 0)
        .map(|(k, what)| format!("{k} {what}"))
        .collect();
        format!(
            "{}: {}",
            super::text::count(n, "change", "changes"),
            parts.join(", ")
        )
    }
}

fn presence(c: &Card, lane: Option<Lane>) -> Presence {
    Presence {
        key: c.key,
        title: c.title.clone(),
        lane,
    }
}

/// Each card's lane, 0-based position there, and the card.
fn positions(r: &Roadmap) -> HashMap<Key, (Option<Lane>, usize, &Card)> {
    r.groups()
        .flat_map(|(lane, cards)| {
            cards
                .iter()
                .enumerate()
                .map(move |(p, c)| (c.key, (lane, p, c)))
        })
        .collect()
}

/// Marks the members of a heaviest strictly increasing subsequence of
/// `values` (distinct numbers in `0..values.len()` or beyond), each element
/// weighing `weight[i]`. O(n log n) with a Fenwick tree of prefix maxima.
fn heaviest_increasing(values: &[usize], weight: &[i64]) -> Vec<bool> {
    let n = values.len();
    let mut keep = vec![false; n];
    if n == 0 {
        return keep;
    }
    // Compress values to ranks 1..=n.
    let mut sorted: Vec<usize> = values.to_vec();
    sorted.sort_unstable();
    let rank = |v: usize| sorted.partition_point(|&x| x < v) + 1;
    // tree[i]: (best total, index of its last element) over a range of ranks.
    let mut tree: Vec<(i64, Option<usize>)> = vec![(0, None); n + 1];
    let mut best: Vec<i64> = vec![0; n];
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let r = rank(values[i]);
        // Best chain ending below rank r.
        let (mut total, mut from) = (0, None);
        let mut j = r - 1;
        while j > 0 {
            if tree[j].0 > total {
                (total, from) = tree[j];
            }
            j &= j - 1;
        }
        best[i] = total + weight[i];
        prev[i] = from;
        let mut j = r;
        while j <= n {
            if best[i] > tree[j].0 {
                tree[j] = (best[i], Some(i));
            }
            j += j & j.wrapping_neg();
        }
    }
    let mut cur = (0..n).max_by_key(|&i| (best[i], std::cmp::Reverse(i)));
    while let Some(i) = cur {
        keep[i] = true;
        cur = prev[i];
    }
    keep
}

#[cfg(test)]
mod tests;
