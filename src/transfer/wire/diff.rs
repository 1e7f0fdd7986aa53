//! `backlog diff --json` (version 1): both sides, then the changes from the
//! old roadmap to the new one, each list possibly empty.

use serde::Serialize;

use crate::domain::diff::{Diff, Moved, Presence, Reranked, Rescored};
use crate::domain::roadmap::Level;
use crate::domain::{Key, Lane, Model};
use crate::transfer::diff::Side;

#[derive(Debug, Serialize)]
pub struct DiffV1<'a> {
    pub old: &'a Side,
    pub new: &'a Side,
    pub model: Model,
    pub level: Level,
    pub added: Vec<PresenceV1>,
    pub dropped: Vec<PresenceV1>,
    pub moved: Vec<MovedV1>,
    pub reranked: Vec<RerankedV1>,
    pub rescored: Vec<RescoredV1>,
    pub summary: String,
}

/// A card that appeared or disappeared (`lane` null: unplanned).
#[derive(Debug, Serialize)]
pub struct PresenceV1 {
    pub key: Key,
    pub title: String,
    pub lane: Option<Lane>,
}

/// A card that changed lanes.
#[derive(Debug, Serialize)]
pub struct MovedV1 {
    pub key: Key,
    pub title: String,
    pub from: Option<Lane>,
    pub to: Option<Lane>,
}

/// A card that changed place within its lane (positions from 1).
#[derive(Debug, Serialize)]
pub struct RerankedV1 {
    pub key: Key,
    pub title: String,
    pub lane: Option<Lane>,
    pub from: usize,
    pub to: usize,
}

/// A card whose score changed (full precision; null: unscored).
#[derive(Debug, Serialize)]
pub struct RescoredV1 {
    pub key: Key,
    pub title: String,
    pub lane: Option<Lane>,
    pub from: Option<f64>,
    pub to: Option<f64>,
}

impl<'a> DiffV1<'a> {
    pub fn new(diff: &Diff, old: &'a Side, new: &'a Side) -> DiffV1<'a> {
        let presence = |p: &Presence| PresenceV1 {
            key: p.key,
            title: p.title.clone(),
            lane: p.lane,
        };
        DiffV1 {
            old,
            new,
            model: diff.model,
            level: diff.level,
            added: diff.added.iter().map(presence).collect(),
            dropped: diff.dropped.iter().map(presence).collect(),
            moved: diff
                .moved
                .iter()
                .map(|m: &Moved| MovedV1 {
                    key: m.key,
                    title: m.title.clone(),
                    from: m.from,
                    to: m.to,
                })
                .collect(),
            reranked: diff
                .reranked
                .iter()
                .map(|r: &Reranked| RerankedV1 {
                    key: r.key,
                    title: r.title.clone(),
                    lane: r.lane,
                    from: r.from,
                    to: r.to,
                })
                .collect(),
            rescored: diff
                .rescored
                .iter()
                .map(|r: &Rescored| RescoredV1 {
                    key: r.key,
                    title: r.title.clone(),
                    lane: r.lane,
                    from: r.from,
                    to: r.to,
                })
                .collect(),
            summary: diff.summary.clone(),
        }
    }
}
