//! `forecast --json`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::forecast::Pace;
use crate::ops::forecast::{Forecasted, Scope};

#[derive(Serialize)]
pub struct JsonForecast {
    scope: JsonScope,
    remaining: JsonRemaining,
    pace: JsonPace,
    /// Null when later than 10 years at this pace.
    dates: JsonDates,
    trials: u32,
    seed: u64,
    today: NaiveDate,
}

#[derive(Serialize)]
pub struct JsonScope {
    key: Option<String>,
    title: Option<String>,
    lane: Option<&'static str>,
}

#[derive(Serialize)]
pub struct JsonRemaining {
    stories: usize,
    points: f64,
    unestimated: usize,
}

#[derive(Serialize)]
pub struct JsonPace {
    /// `history` or `given`.
    source: &'static str,
    stories_per_week: f64,
    window_weeks: Option<usize>,
    weeks: Vec<JsonWeek>,
}

#[derive(Serialize)]
pub struct JsonWeek {
    start: NaiveDate,
    stories: usize,
    points: f64,
}

#[derive(Serialize)]
pub struct JsonDates {
    p50: Option<NaiveDate>,
    p85: Option<NaiveDate>,
    p95: Option<NaiveDate>,
}

impl JsonForecast {
    pub fn of(f: &Forecasted) -> JsonForecast {
        let (key, lane) = match f.scope {
            Scope::Item(k) => (Some(k.to_string()), None),
            Scope::Lane(l) => (None, Some(l.as_str())),
        };
        let pace = match &f.pace {
            Pace::History(t) => JsonPace {
                source: "history",
                stories_per_week: t.mean(),
                window_weeks: Some(t.window),
                weeks: t
                    .weeks
                    .iter()
                    .map(|w| JsonWeek {
                        start: w.start,
                        stories: w.stories,
                        points: w.points,
                    })
                    .collect(),
            },
            Pace::Fixed(n) => JsonPace {
                source: "given",
                stories_per_week: *n,
                window_weeks: None,
                weeks: Vec::new(),
            },
        };
        JsonForecast {
            scope: JsonScope {
                key,
                title: f.title.clone(),
                lane,
            },
            remaining: JsonRemaining {
                stories: f.remaining.stories,
                points: f.remaining.points,
                unestimated: f.remaining.unestimated,
            },
            pace,
            dates: JsonDates {
                p50: f.dates.p50,
                p85: f.dates.p85,
                p95: f.dates.p95,
            },
            trials: f.trials.count,
            seed: f.trials.seed,
            today: f.today,
        }
    }
}
