//! Version 1 of a stored roadmap snapshot: its name, when it was taken,
//! and one roadmap per level with every card as shown then.
//!
//! Field names, order and optionality are those of schema 4's files.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::item_v1::MetricV1;
use crate::domain::roadmap::{Card, Column, ItemRef, Roadmap, Warning, WarningReason};
use crate::domain::snapshot::Snapshot;
use crate::domain::{Key, Metric};
use crate::store::error::StoreError;

#[derive(Debug, Serialize, Deserialize)]
pub struct SnapshotV1 {
    pub version: u32,
    pub name: String,
    pub taken: DateTime<Utc>,
    pub roadmaps: Vec<RoadmapV1>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RoadmapV1 {
    pub generated: DateTime<Utc>,
    pub model: String,
    pub level: String,
    pub lanes: Vec<ColumnV1>,
    pub unplanned: Vec<CardV1>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ColumnV1 {
    pub lane: String,
    pub cards: Vec<CardV1>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CardV1 {
    pub key: String,
    pub title: String,
    pub initiative: Option<ItemRefV1>,
    pub status: String,
    pub owner: Option<String>,
    pub lane: Option<String>,
    pub lane_inherited: bool,
    pub rank: i64,
    /// Since the pinned places (SQLite schema 11); absent when unpinned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<u32>,
    pub score: Option<f64>,
    pub rice: Option<f64>,
    pub wsjf: Option<f64>,
    pub epics: Option<usize>,
    pub stories: usize,
    pub stories_done: usize,
    pub stories_unestimated: usize,
    pub points_done: f64,
    pub points_total: f64,
    pub criteria_met: usize,
    pub criteria_total: usize,
    pub outcome: Option<String>,
    pub metrics: Vec<MetricV1>,
    pub warnings: Vec<WarningV1>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ItemRefV1 {
    pub key: String,
    pub title: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct WarningV1 {
    pub item: String,
    pub on: String,
    /// `later_lane` or `not_on_roadmap`.
    pub reason: String,
    pub on_lane: Option<String>,
    pub message: String,
}

const LATER_LANE: &str = "later_lane";
const NOT_ON_ROADMAP: &str = "not_on_roadmap";

impl From<&Snapshot> for SnapshotV1 {
    fn from(s: &Snapshot) -> SnapshotV1 {
        SnapshotV1 {
            version: s.version,
            name: s.name.clone(),
            taken: s.taken,
            roadmaps: s.roadmaps.iter().map(RoadmapV1::from).collect(),
        }
    }
}

impl From<&Roadmap> for RoadmapV1 {
    fn from(r: &Roadmap) -> RoadmapV1 {
        RoadmapV1 {
            generated: r.generated,
            model: r.model.as_str().to_string(),
            level: r.level.as_str().to_string(),
            lanes: r
                .lanes
                .iter()
                .map(|c| ColumnV1 {
                    lane: c.lane.as_str().to_string(),
                    cards: c.cards.iter().map(CardV1::from).collect(),
                })
                .collect(),
            unplanned: r.unplanned.iter().map(CardV1::from).collect(),
        }
    }
}

impl From<&Card> for CardV1 {
    fn from(c: &Card) -> CardV1 {
        CardV1 {
            key: c.key.to_string(),
            title: c.title.clone(),
            initiative: c.initiative.as_ref().map(|i| ItemRefV1 {
                key: i.key.to_string(),
                title: i.title.clone(),
            }),
            status: c.status.as_str().to_string(),
            owner: c.owner.clone(),
            lane: c.lane.map(|l| l.as_str().to_string()),
            lane_inherited: c.lane_inherited,
            rank: c.rank,
            pinned: c.pinned,
            score: c.score,
            rice: c.rice,
            wsjf: c.wsjf,
            epics: c.epics,
            stories: c.stories,
            stories_done: c.stories_done,
            stories_unestimated: c.stories_unestimated,
            points_done: c.points_done,
            points_total: c.points_total,
            criteria_met: c.criteria_met,
            criteria_total: c.criteria_total,
            outcome: c.outcome.clone(),
            metrics: c.metrics.iter().map(MetricV1::from).collect(),
            warnings: c.warnings.iter().map(WarningV1::from).collect(),
        }
    }
}

impl From<&Warning> for WarningV1 {
    fn from(w: &Warning) -> WarningV1 {
        WarningV1 {
            item: w.item.to_string(),
            on: w.on.to_string(),
            reason: match w.reason {
                WarningReason::LaterLane => LATER_LANE,
                WarningReason::NotOnRoadmap => NOT_ON_ROADMAP,
            }
            .to_string(),
            on_lane: w.on_lane.map(|l| l.as_str().to_string()),
            message: w.message.clone(),
        }
    }
}

/// A stored value the domain refuses: the stored data is damaged.
fn bad<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::BadData(e.to_string())
}

fn key(s: &str) -> Result<Key, StoreError> {
    s.parse().map_err(bad)
}

impl TryFrom<SnapshotV1> for Snapshot {
    type Error = StoreError;

    fn try_from(s: SnapshotV1) -> Result<Snapshot, StoreError> {
        Ok(Snapshot {
            version: s.version,
            name: s.name,
            taken: s.taken,
            roadmaps: s
                .roadmaps
                .into_iter()
                .map(Roadmap::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl TryFrom<RoadmapV1> for Roadmap {
    type Error = StoreError;

    fn try_from(r: RoadmapV1) -> Result<Roadmap, StoreError> {
        Ok(Roadmap {
            generated: r.generated,
            model: r.model.parse().map_err(bad)?,
            level: r.level.parse().map_err(bad)?,
            lanes: r
                .lanes
                .into_iter()
                .map(|c| {
                    Ok(Column {
                        lane: c.lane.parse().map_err(bad)?,
                        cards: c
                            .cards
                            .into_iter()
                            .map(Card::try_from)
                            .collect::<Result<_, StoreError>>()?,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            unplanned: r
                .unplanned
                .into_iter()
                .map(Card::try_from)
                .collect::<Result<_, _>>()?,
            planning: None,
            dependencies: None,
        })
    }
}

impl TryFrom<CardV1> for Card {
    type Error = StoreError;

    fn try_from(c: CardV1) -> Result<Card, StoreError> {
        Ok(Card {
            key: key(&c.key)?,
            title: c.title,
            initiative: c
                .initiative
                .map(|i| {
                    Ok::<_, StoreError>(ItemRef {
                        key: key(&i.key)?,
                        title: i.title,
                    })
                })
                .transpose()?,
            status: c.status.parse().map_err(bad)?,
            owner: c.owner,
            lane: c.lane.map(|l| l.parse().map_err(bad)).transpose()?,
            lane_inherited: c.lane_inherited,
            rank: c.rank,
            pinned: c.pinned,
            score: c.score,
            rice: c.rice,
            wsjf: c.wsjf,
            epics: c.epics,
            stories: c.stories,
            stories_done: c.stories_done,
            stories_unestimated: c.stories_unestimated,
            points_done: c.points_done,
            points_total: c.points_total,
            criteria_met: c.criteria_met,
            criteria_total: c.criteria_total,
            outcome: c.outcome,
            metrics: c.metrics.into_iter().map(Metric::from).collect(),
            warnings: c
                .warnings
                .into_iter()
                .map(Warning::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl TryFrom<WarningV1> for Warning {
    type Error = StoreError;

    fn try_from(w: WarningV1) -> Result<Warning, StoreError> {
        Ok(Warning {
            item: key(&w.item)?,
            on: key(&w.on)?,
            reason: match w.reason.as_str() {
                LATER_LANE => WarningReason::LaterLane,
                NOT_ON_ROADMAP => WarningReason::NotOnRoadmap,
                other => return Err(bad(format!("unknown warning reason “{other}”"))),
            },
            on_lane: w.on_lane.map(|l| l.parse().map_err(bad)).transpose()?,
            message: w.message,
        })
    }
}
