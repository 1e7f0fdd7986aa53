//! `diff --json`: what changed on the roadmap between two sides.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::key;
use crate::domain::diff::{Diff, Moved, Presence, Reranked, Rescored};
use crate::domain::{Key, Lane};
use crate::ops::snapshots::{Compared, RoadmapChanges};

/// Both sides, then what changed.
#[derive(Debug, Serialize)]
pub struct DiffJson<'a> {
    pub old: SideJson<'a>,
    pub new: SideJson<'a>,
    /// `rice` or `wsjf`.
    pub model: &'static str,
    /// `epic` or `initiative`.
    pub level: &'static str,
    pub added: Vec<PresenceJson<'a>>,
    pub dropped: Vec<PresenceJson<'a>>,
    pub moved: Vec<MovedJson<'a>>,
    pub reranked: Vec<RerankedJson<'a>>,
    pub rescored: Vec<RescoredJson<'a>>,
    /// One line: `2 changes: 1 moved, 1 re-scored`, or `no changes`.
    pub summary: &'a str,
}

impl<'a> DiffJson<'a> {
    pub fn new(c: &'a RoadmapChanges) -> DiffJson<'a> {
        let d: &Diff = &c.diff;
        DiffJson {
            old: SideJson::new(&c.old),
            new: SideJson::new(&c.new),
            model: d.model.as_str(),
            level: d.level.as_str(),
            added: d.added.iter().map(PresenceJson::new).collect(),
            dropped: d.dropped.iter().map(PresenceJson::new).collect(),
            moved: d.moved.iter().map(MovedJson::new).collect(),
            reranked: d.reranked.iter().map(RerankedJson::new).collect(),
            rescored: d.rescored.iter().map(RescoredJson::new).collect(),
            summary: &d.summary,
        }
    }
}

/// A snapshot (by name) or the live backlog (`name` null).
#[derive(Debug, Serialize)]
pub struct SideJson<'a> {
    pub name: Option<&'a str>,
    /// When the snapshot was taken, or the live roadmap built (RFC 3339).
    pub taken: DateTime<Utc>,
}

impl<'a> SideJson<'a> {
    fn new(c: &'a Compared) -> SideJson<'a> {
        SideJson {
            name: c.name.as_deref(),
            taken: c.taken,
        }
    }
}

fn lane(l: Option<Lane>) -> Option<&'static str> {
    l.map(Lane::as_str)
}

#[derive(Debug, Serialize)]
pub struct PresenceJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub title: &'a str,
    /// `null`: unplanned.
    pub lane: Option<&'static str>,
}

impl<'a> PresenceJson<'a> {
    fn new(p: &'a Presence) -> PresenceJson<'a> {
        PresenceJson {
            key: p.key,
            title: &p.title,
            lane: lane(p.lane),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MovedJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub title: &'a str,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
}

impl<'a> MovedJson<'a> {
    fn new(m: &'a Moved) -> MovedJson<'a> {
        MovedJson {
            key: m.key,
            title: &m.title,
            from: lane(m.from),
            to: lane(m.to),
        }
    }
}

/// Positions within the lane count from 1.
#[derive(Debug, Serialize)]
pub struct RerankedJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub title: &'a str,
    pub lane: Option<&'static str>,
    pub from: usize,
    pub to: usize,
}

impl<'a> RerankedJson<'a> {
    fn new(r: &'a Reranked) -> RerankedJson<'a> {
        RerankedJson {
            key: r.key,
            title: &r.title,
            lane: lane(r.lane),
            from: r.from,
            to: r.to,
        }
    }
}

/// Scores at full precision; `null`: unscored.
#[derive(Debug, Serialize)]
pub struct RescoredJson<'a> {
    #[serde(serialize_with = "key")]
    pub key: Key,
    pub title: &'a str,
    pub lane: Option<&'static str>,
    pub from: Option<f64>,
    pub to: Option<f64>,
}

impl<'a> RescoredJson<'a> {
    fn new(r: &'a Rescored) -> RescoredJson<'a> {
        RescoredJson {
            key: r.key,
            title: &r.title,
            lane: lane(r.lane),
            from: r.from,
            to: r.to,
        }
    }
}
