//! The roadmap as JSON (version 1): `backlog roadmap --format json` and each
//! roadmap of a snapshot in a backlog document. Field names and order are
//! the format; `null` stands for "none" (unscored, unplanned, no owner).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::metric::RoadmapMetricV1;
use crate::domain::planning::{CardForecast, RoadmapPlanning};
use crate::domain::roadmap::{Card, Column, ItemRef, Level, Roadmap, Warning, WarningReason};
use crate::domain::{Key, Lane, Model, Status};

/// A roadmap: three lanes and the unplanned cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadmapV1 {
    #[serde(deserialize_with = "super::bounds::time")]
    pub generated: DateTime<Utc>,
    pub model: Model,
    pub level: Level,
    pub lanes: Vec<ColumnV1>,
    pub unplanned: Vec<CardV1>,
    /// On a live roadmap: Now's load against capacity and the 85 % dates
    /// of the Now and Next epics. Absent from snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planning: Option<PlanningV1>,
}

/// One lane and its cards, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnV1 {
    pub lane: Lane,
    pub cards: Vec<CardV1>,
}

/// One epic (or initiative) on a roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardV1 {
    #[serde(deserialize_with = "super::bounds::key")]
    pub key: Key,
    pub title: String,
    pub initiative: Option<ItemRefV1>,
    pub status: Status,
    pub owner: Option<String>,
    pub lane: Option<Lane>,
    pub lane_inherited: bool,
    pub rank: i64,
    /// The place the PM pinned the card at in its lane (1 = first), over
    /// its score; absent when the score places it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::bounds::opt_place"
    )]
    pub pinned: Option<u32>,
    pub score: Option<f64>,
    pub rice: Option<f64>,
    pub wsjf: Option<f64>,
    #[serde(default, deserialize_with = "super::bounds::opt_count")]
    pub epics: Option<usize>,
    #[serde(deserialize_with = "super::bounds::count")]
    pub stories: usize,
    #[serde(deserialize_with = "super::bounds::count")]
    pub stories_done: usize,
    #[serde(deserialize_with = "super::bounds::count")]
    pub stories_unestimated: usize,
    pub points_done: f64,
    pub points_total: f64,
    #[serde(deserialize_with = "super::bounds::count")]
    pub criteria_met: usize,
    #[serde(deserialize_with = "super::bounds::count")]
    pub criteria_total: usize,
    pub outcome: Option<String>,
    pub metrics: Vec<RoadmapMetricV1>,
    pub warnings: Vec<WarningV1>,
}

/// A live roadmap's planning figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanningV1 {
    /// `Now 142 / 120 pts — over by 18%`.
    pub headline: String,
    /// Now holds more than the team's capacity over its weeks.
    pub over: bool,
    /// What the capacity was computed from.
    pub basis: String,
    /// What the dates were computed from, or why there are none.
    pub forecast: String,
    pub has_forecast: bool,
    #[serde(deserialize_with = "super::bounds::date")]
    pub now_ends: NaiveDate,
    /// The Now epics, then the Next ones, in roadmap order.
    pub epics: Vec<EpicForecastV1>,
}

/// One Now or Next epic's 85 % date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpicForecastV1 {
    #[serde(deserialize_with = "super::bounds::key")]
    pub key: Key,
    /// Null: no forecast (see the roadmap's `forecast`) or beyond 10 years.
    pub p85: Option<NaiveDate>,
    /// In Now, with its date after Now ends.
    pub late: bool,
}

impl From<&RoadmapPlanning> for PlanningV1 {
    fn from(p: &RoadmapPlanning) -> Self {
        PlanningV1 {
            headline: p.headline.clone(),
            over: p.over,
            basis: p.basis.clone(),
            forecast: p.forecast.clone(),
            has_forecast: p.has_forecast,
            now_ends: p.now_ends,
            epics: p
                .epics
                .iter()
                .map(|e| EpicForecastV1 {
                    key: e.key,
                    p85: e.p85,
                    late: e.late,
                })
                .collect(),
        }
    }
}

impl From<PlanningV1> for RoadmapPlanning {
    fn from(p: PlanningV1) -> Self {
        RoadmapPlanning {
            headline: p.headline,
            over: p.over,
            basis: p.basis,
            forecast: p.forecast,
            has_forecast: p.has_forecast,
            now_ends: p.now_ends,
            epics: p
                .epics
                .into_iter()
                .map(|e| CardForecast {
                    key: e.key,
                    p85: e.p85,
                    late: e.late,
                })
                .collect(),
        }
    }
}

/// A key and a title: how a card names its initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRefV1 {
    pub key: Key,
    pub title: String,
}

/// A dependency that does not fit the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WarningV1 {
    pub item: Key,
    pub on: Key,
    pub reason: WarningReasonV1,
    pub on_lane: Option<Lane>,
    pub message: String,
}

/// Why a dependency warning was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningReasonV1 {
    LaterLane,
    NotOnRoadmap,
}

impl From<&Roadmap> for RoadmapV1 {
    fn from(r: &Roadmap) -> Self {
        RoadmapV1 {
            generated: r.generated,
            model: r.model,
            level: r.level,
            lanes: r
                .lanes
                .iter()
                .map(|c| ColumnV1 {
                    lane: c.lane,
                    cards: c.cards.iter().map(CardV1::from).collect(),
                })
                .collect(),
            unplanned: r.unplanned.iter().map(CardV1::from).collect(),
            planning: r.planning.as_ref().map(PlanningV1::from),
        }
    }
}

impl From<RoadmapV1> for Roadmap {
    fn from(r: RoadmapV1) -> Self {
        Roadmap {
            generated: r.generated,
            model: r.model,
            level: r.level,
            lanes: r
                .lanes
                .into_iter()
                .map(|c| Column {
                    lane: c.lane,
                    cards: c.cards.into_iter().map(Card::from).collect(),
                })
                .collect(),
            unplanned: r.unplanned.into_iter().map(Card::from).collect(),
            planning: r.planning.map(Into::into),
            dependencies: None,
        }
    }
}

impl From<&Card> for CardV1 {
    fn from(c: &Card) -> Self {
        CardV1 {
            key: c.key,
            title: c.title.clone(),
            initiative: c.initiative.as_ref().map(|i| ItemRefV1 {
                key: i.key,
                title: i.title.clone(),
            }),
            status: c.status,
            owner: c.owner.clone(),
            lane: c.lane,
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
            metrics: c.metrics.iter().map(RoadmapMetricV1::from).collect(),
            warnings: c
                .warnings
                .iter()
                .map(|w| WarningV1 {
                    item: w.item,
                    on: w.on,
                    reason: match w.reason {
                        WarningReason::LaterLane => WarningReasonV1::LaterLane,
                        WarningReason::NotOnRoadmap => WarningReasonV1::NotOnRoadmap,
                    },
                    on_lane: w.on_lane,
                    message: w.message.clone(),
                })
                .collect(),
        }
    }
}

impl From<CardV1> for Card {
    fn from(c: CardV1) -> Self {
        Card {
            key: c.key,
            title: c.title,
            initiative: c.initiative.map(|i| ItemRef {
                key: i.key,
                title: i.title,
            }),
            status: c.status,
            owner: c.owner,
            lane: c.lane,
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
            metrics: c.metrics.into_iter().map(Into::into).collect(),
            warnings: c
                .warnings
                .into_iter()
                .map(|w| Warning {
                    item: w.item,
                    on: w.on,
                    reason: match w.reason {
                        WarningReasonV1::LaterLane => WarningReason::LaterLane,
                        WarningReasonV1::NotOnRoadmap => WarningReason::NotOnRoadmap,
                    },
                    on_lane: w.on_lane,
                    message: w.message,
                })
                .collect(),
        }
    }
}
