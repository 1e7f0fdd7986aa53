//! Rankings by score: each item's rank key kept beside it, and the
//! rankings asked for so far kept in order as items change.

use super::{Backlog, kind_slot};
use crate::domain::item::Item;
use crate::domain::key::{Key, Kind};
use crate::domain::scoring::{Model, rank_order};

/// What ranking sorts an item by.
#[derive(Debug, Clone, Copy)]
pub(super) struct RankKey {
    key: Key,
    rank: i64,
    rice: Option<f64>,
    wsjf: Option<f64>,
}

impl RankKey {
    pub(super) fn of(item: &Item) -> RankKey {
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

fn model_slot(model: Model) -> usize {
    match model {
        Model::Rice => 0,
        Model::Wsjf => 1,
    }
}

pub(super) const MODELS: [Model; 2] = [Model::Rice, Model::Wsjf];

impl Backlog {
    /// The rank tuple of item `n` under `model`.
    fn rank_tuple(&self, n: usize, model: Model) -> (Option<f64>, i64, Key) {
        let r = &self.rank_keys[n];
        (r.score(model), r.rank, r.key)
    }

    /// Takes item `n` out of the rankings of its kind (by its current
    /// rank key), if it is in them.
    pub(super) fn rankings_remove(&mut self, n: usize) {
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
    pub(super) fn rankings_insert(&mut self, n: usize) {
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
}
