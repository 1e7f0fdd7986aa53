//! `capacity --json`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::Key;
use crate::domain::planning::{CapacityPace, ForecastBasis, Planning};

#[derive(Serialize)]
pub struct JsonCapacity {
    settings: JsonSettings,
    today: NaiveDate,
    /// The end of the Now horizon.
    now_ends: NaiveDate,
    now: JsonNow,
    forecast: JsonBasis,
    /// Now epics, then Next epics, in roadmap order.
    epics: Vec<JsonEpic>,
}

#[derive(Serialize)]
struct JsonSettings {
    now_weeks: u32,
    /// Null: measured from the history.
    points_per_week: Option<f64>,
}

#[derive(Serialize)]
struct JsonNow {
    stories: usize,
    points: f64,
    unestimated: usize,
    /// The median estimate the unestimated stories count as.
    median_points: Option<f64>,
    counted_points: f64,
    /// `configured`, `measured`, `not-enough-history` or
    /// `no-points-finished`.
    capacity_source: &'static str,
    points_per_week: Option<f64>,
    /// Weeks of history measured (null when configured).
    history_weeks: Option<usize>,
    capacity_points: Option<f64>,
    /// Counted points over capacity points (1.18: 18 % over).
    load: Option<f64>,
    over: bool,
    headline: String,
    basis: String,
}

#[derive(Serialize)]
struct JsonBasis {
    /// `history`, `not-enough-history` or `none-finished`.
    pace: &'static str,
    history_weeks: usize,
    stories_finished: Option<usize>,
    trials: Option<u32>,
    seed: Option<u64>,
    line: String,
}

#[derive(Serialize)]
struct JsonEpic {
    key: String,
    title: String,
    lane: &'static str,
    open_stories: usize,
    /// Open stories of this epic and every one above it.
    cumulative_stories: usize,
    p85: Option<NaiveDate>,
    /// In Now, with its 85 % date after Now ends.
    late: bool,
}

impl JsonCapacity {
    pub fn of(p: &Planning, titles: &HashMap<Key, &str>) -> JsonCapacity {
        let c = &p.capacity;
        let (capacity_source, history_weeks) = match c.pace {
            CapacityPace::Configured { .. } => ("configured", None),
            CapacityPace::Measured { weeks, .. } => ("measured", Some(weeks)),
            CapacityPace::NotEnoughHistory { weeks } => ("not-enough-history", Some(weeks)),
            CapacityPace::NoPointsFinished { weeks } => ("no-points-finished", Some(weeks)),
        };
        let forecast = match p.basis {
            ForecastBasis::History {
                weeks,
                stories,
                trials,
                seed,
            } => JsonBasis {
                pace: "history",
                history_weeks: weeks,
                stories_finished: Some(stories),
                trials: Some(trials),
                seed: Some(seed),
                line: p.basis.line(),
            },
            ForecastBasis::NotEnoughHistory { weeks } => JsonBasis {
                pace: "not-enough-history",
                history_weeks: weeks,
                stories_finished: None,
                trials: None,
                seed: None,
                line: p.basis.line(),
            },
            ForecastBasis::NoneFinished { weeks } => JsonBasis {
                pace: "none-finished",
                history_weeks: weeks,
                stories_finished: Some(0),
                trials: None,
                seed: None,
                line: p.basis.line(),
            },
        };
        let late: Vec<Key> = p.late_in_now().map(|e| e.key).collect();
        JsonCapacity {
            settings: JsonSettings {
                now_weeks: p.settings.now_weeks,
                points_per_week: p.settings.points_per_week,
            },
            today: p.today,
            now_ends: p.horizon,
            now: JsonNow {
                stories: c.load.stories,
                points: c.load.points,
                unestimated: c.load.unestimated,
                median_points: c.load.median,
                counted_points: c.load.counted_points(),
                capacity_source,
                points_per_week: c.pace.points_per_week(),
                history_weeks,
                capacity_points: c.available(),
                load: c.ratio(),
                over: c.is_over(),
                headline: c.headline(),
                basis: c.basis(),
            },
            forecast,
            epics: p
                .epics
                .iter()
                .map(|e| JsonEpic {
                    key: e.key.to_string(),
                    title: titles.get(&e.key).copied().unwrap_or_default().to_string(),
                    lane: e.lane.as_str(),
                    open_stories: e.remaining,
                    cumulative_stories: e.cumulative,
                    p85: e.p85,
                    late: late.contains(&e.key),
                })
                .collect(),
        }
    }
}
