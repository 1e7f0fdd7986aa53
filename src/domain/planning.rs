//! Planning figures: what the Now lane holds against the team's capacity,
//! and when each Now and Next epic will be done at the pace the history
//! shows.
//!
//! Rules:
//! - **Now's load** is the remaining points of the open stories of the
//!   epics showing in Now; an unestimated story counts as the median
//!   estimate of the roadmap's stories (live ones, done or not), and the
//!   figure says how many were counted so.
//! - **Capacity** is points per week × the weeks Now stands for (default
//!   [`DEFAULT_NOW_WEEKS`]). Points per week are the team's setting, or else
//!   measured: the points of the stories finished over the last
//!   [`WINDOW_WEEKS`] weeks, per week. With fewer than
//!   [`MIN_WEEKS`](super::forecast::MIN_WEEKS) weeks of history, or no
//!   points finished, capacity is unknown, never guessed.
//! - **Epic dates** are forecast in roadmap order: the team works through
//!   the Now epics and then the Next ones, each after the ones above it, so
//!   an epic's date counts the stories of every epic before it. Each trial
//!   samples the weeks of the history (as `backlog forecast` does); an
//!   epic's 85 % date is the week by which 85 % of the trials finished it.
//!   The seed is fixed, so the same backlog gives the same dates.

mod findings;
mod roadmap;
#[cfg(test)]
mod tests;

pub use findings::{LateEpic, PlanningFindings};
pub use roadmap::{CardForecast, RoadmapPlanning};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::backlog::{Backlog, StoryTotals};
use super::error::DomainError;
use super::forecast::{Completion, MAX_WEEKS, Throughput};
use super::key::Key;
use super::number::{median, round_display};
use super::roadmap::{Level, Roadmap};
use super::scoring::Model;
use super::status::Lane;

/// What Now stands for, in weeks, unless the team says otherwise.
pub const DEFAULT_NOW_WEEKS: u32 = 6;
/// The longest Now horizon accepted (two years).
pub const MAX_NOW_WEEKS: u32 = 104;
/// Weeks of history the pace is measured over.
pub const WINDOW_WEEKS: usize = 12;
/// Trials of the epic forecasts.
pub const TRIALS: u32 = 10_000;
/// The fixed seed of the epic forecasts.
pub const SEED: u64 = 1;
/// The largest capacity accepted, in points per week.
const MAX_POINTS_PER_WEEK: f64 = 1_000_000.0;
/// The least capacity: it is shown to a tenth of a point, so a smaller
/// one read "capacity 0 pts/week" (and `1e-300` made the Now lane "over
/// by" a 300-digit percentage in `capacity`, `roadmap` and `health`).
const MIN_POINTS_PER_WEEK: f64 = 0.1;

/// The team's planning settings, kept in the backlog.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanningSettings {
    /// The weeks the Now lane stands for.
    pub now_weeks: u32,
    /// The team's capacity in points per week; `None`: measured from the
    /// history.
    pub points_per_week: Option<f64>,
}

impl Default for PlanningSettings {
    fn default() -> Self {
        PlanningSettings {
            now_weeks: DEFAULT_NOW_WEEKS,
            points_per_week: None,
        }
    }
}

impl PlanningSettings {
    /// Settings checked against their ranges.
    pub fn new(now_weeks: u32, points_per_week: Option<f64>) -> Result<Self, DomainError> {
        if now_weeks == 0 || now_weeks > MAX_NOW_WEEKS {
            return Err(DomainError::rule(format!(
                "invalid --now-weeks `{now_weeks}`: expected a whole number of weeks from 1 to {MAX_NOW_WEEKS}"
            )));
        }
        if let Some(p) = points_per_week
            && !(MIN_POINTS_PER_WEEK..=MAX_POINTS_PER_WEEK).contains(&p)
        {
            return Err(DomainError::rule(format!(
                "invalid --points-per-week `{}`: expected points per week from 0.1 to 1000000",
                super::number::fmt_plain(p)
            )));
        }
        Ok(PlanningSettings {
            now_weeks,
            points_per_week,
        })
    }

    pub fn is_default(&self) -> bool {
        *self == PlanningSettings::default()
    }
}

/// What the Now lane holds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NowLoad {
    /// Open stories showing in Now.
    pub stories: usize,
    /// Points of the estimated ones.
    pub points: f64,
    /// Open stories without an estimate.
    pub unestimated: usize,
    /// The median estimate they count as; `None` when no story is estimated.
    pub median: Option<f64>,
}

impl NowLoad {
    /// The points counted: the estimates plus the median for each
    /// unestimated story.
    pub fn counted_points(&self) -> f64 {
        self.points + self.median.unwrap_or(0.0) * self.unestimated as f64
    }
}

/// Where the points per week come from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum CapacityPace {
    /// The team's setting.
    Configured { points_per_week: f64 },
    /// Measured over the weeks of the history used.
    Measured { points_per_week: f64, weeks: usize },
    /// Fewer weeks of history than a forecast needs.
    NotEnoughHistory { weeks: usize },
    /// Stories were finished, but none had an estimate.
    NoPointsFinished { weeks: usize },
}

impl CapacityPace {
    pub fn points_per_week(&self) -> Option<f64> {
        match *self {
            CapacityPace::Configured { points_per_week }
            | CapacityPace::Measured {
                points_per_week, ..
            } => Some(points_per_week),
            _ => None,
        }
    }
}

/// Now's load against the team's capacity over the Now horizon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Capacity {
    /// The weeks Now stands for.
    pub weeks: u32,
    pub load: NowLoad,
    pub pace: CapacityPace,
}

impl Capacity {
    /// Points the team can finish over the Now horizon.
    pub fn available(&self) -> Option<f64> {
        self.pace
            .points_per_week()
            .map(|p| p * f64::from(self.weeks))
    }

    /// Load over capacity, as a fraction (1.18 is 18 % over).
    pub fn ratio(&self) -> Option<f64> {
        self.available()
            .filter(|a| *a > 0.0)
            .map(|a| self.load.counted_points() / a)
    }

    /// Whether Now holds more than the team can do in its weeks.
    pub fn is_over(&self) -> bool {
        self.ratio().is_some_and(|r| r > 1.0)
    }

    /// One line: `Now 142 / 120 pts — over by 18%`.
    pub fn headline(&self) -> String {
        let load = whole(self.load.counted_points());
        match (self.available(), self.ratio()) {
            (Some(a), Some(r)) if r > 1.0 => format!(
                "Now {load} / {} pts — over by {}%",
                whole(a),
                percent(r - 1.0)
            ),
            (Some(a), Some(r)) => {
                format!(
                    "Now {load} / {} pts — fits ({}% used)",
                    whole(a),
                    percent(r)
                )
            }
            _ => match self.pace {
                CapacityPace::NotEnoughHistory { weeks } => format!(
                    "Now {load} pts — capacity unknown: {weeks} of {} weeks of history",
                    super::forecast::MIN_WEEKS
                ),
                _ => format!("Now {load} pts — capacity unknown: no estimated story finished"),
            },
        }
    }

    /// What the figures were computed from, for a PM to defend them.
    pub fn basis(&self) -> String {
        let weeks = plural(self.weeks as usize, "week");
        let pace = match self.pace {
            CapacityPace::Configured { points_per_week } => format!(
                "capacity {} pts/week (set for the team) × {weeks}",
                round_display(points_per_week, 1)
            ),
            CapacityPace::Measured {
                points_per_week,
                weeks: used,
            } => format!(
                "capacity {} pts/week (measured over the last {}) × {weeks}",
                round_display(points_per_week, 1),
                plural(used, "week")
            ),
            CapacityPace::NotEnoughHistory { weeks: used } => format!(
                "no capacity: {} of history, {} needed; set one with `backlog capacity --points-per-week N`",
                plural(used, "week"),
                super::forecast::MIN_WEEKS
            ),
            CapacityPace::NoPointsFinished { weeks: used } => format!(
                "no capacity: no estimated story finished in the last {}; set one with `backlog capacity --points-per-week N`",
                plural(used, "week")
            ),
        };
        let load = format!(
            "Now holds {} open {} ({} pts estimated",
            self.load.stories,
            if self.load.stories == 1 {
                "story"
            } else {
                "stories"
            },
            round_display(self.load.points, 1)
        );
        let guess = match (self.load.unestimated, self.load.median) {
            (0, _) => ")".to_string(),
            (n, Some(m)) => format!(
                "; {} counted at the median estimate, {} pts)",
                plural(n, "unestimated story"),
                round_display(m, 1)
            ),
            (n, None) => format!(
                "; {} counted as 0: no story is estimated)",
                plural(n, "unestimated story")
            ),
        };
        format!("{load}{guess}; {pace}")
    }
}

/// The forecast of one Now or Next epic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EpicForecast {
    pub key: Key,
    pub lane: Lane,
    /// Its open stories.
    pub remaining: usize,
    /// The open stories of it and of every epic before it.
    pub cumulative: usize,
    /// 85 % of the trials finish it by this date; `None` when there is no
    /// forecast (see [`ForecastBasis`]) or it lies beyond
    /// [`MAX_WEEKS`] weeks.
    pub p85: Option<NaiveDate>,
}

/// What the epic forecasts were computed from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "pace", rename_all = "kebab-case")]
pub enum ForecastBasis {
    /// Sampled from the weeks of the history.
    History {
        weeks: usize,
        stories: usize,
        trials: u32,
        seed: u64,
    },
    /// Fewer weeks of history than a forecast needs.
    NotEnoughHistory { weeks: usize },
    /// No story was finished over the window.
    NoneFinished { weeks: usize },
}

impl ForecastBasis {
    pub fn is_forecast(&self) -> bool {
        matches!(self, ForecastBasis::History { .. })
    }

    /// What an epic's date stands on, or why there is none.
    pub fn line(&self) -> String {
        match *self {
            ForecastBasis::History {
                weeks,
                stories,
                trials,
                seed,
            } => format!(
                "85% dates: {trials} trials sampling the weekly throughput of the last {} \
                 ({} finished, seed {seed}), in roadmap order: each epic after the Now and Next epics above it",
                plural(weeks, "week"),
                plural(stories, "story")
            ),
            ForecastBasis::NotEnoughHistory { weeks } => format!(
                "no 85% dates: {} of history, {} needed",
                plural(weeks, "week"),
                super::forecast::MIN_WEEKS
            ),
            ForecastBasis::NoneFinished { weeks } => format!(
                "no 85% dates: no story was finished in the last {}",
                plural(weeks, "week")
            ),
        }
    }
}

/// Everything the planning views show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Planning {
    pub settings: PlanningSettings,
    pub today: NaiveDate,
    /// The end of the Now horizon.
    pub horizon: NaiveDate,
    pub capacity: Capacity,
    pub basis: ForecastBasis,
    /// Now epics then Next epics, in roadmap order.
    pub epics: Vec<EpicForecast>,
}

impl Planning {
    /// Now epics whose 85 % date falls after the Now horizon.
    pub fn late_in_now(&self) -> impl Iterator<Item = &EpicForecast> {
        self.epics
            .iter()
            .filter(|e| e.lane == Lane::Now && e.p85.is_some_and(|d| d > self.horizon))
    }
}

/// Computes the planning figures of `backlog`. `completions` are the
/// stories finished over (at least) the last [`WINDOW_WEEKS`] weeks,
/// `history_start` when the history begins; `model` orders the roadmap.
pub fn plan(
    backlog: &Backlog,
    completions: &[Completion],
    history_start: Option<DateTime<Utc>>,
    settings: PlanningSettings,
    model: Model,
    now: DateTime<Utc>,
) -> Planning {
    let today = now.date_naive();
    let throughput = Throughput::measure(completions, now, WINDOW_WEEKS, history_start);
    let cards = epic_cards(backlog, model, now);
    let capacity = Capacity {
        weeks: settings.now_weeks,
        load: now_load(&cards),
        pace: capacity_pace(settings, &throughput),
    };
    let basis = if !throughput.is_enough() {
        ForecastBasis::NotEnoughHistory {
            weeks: throughput.weeks.len(),
        }
    } else if throughput.total_stories() == 0 {
        ForecastBasis::NoneFinished {
            weeks: throughput.weeks.len(),
        }
    } else {
        ForecastBasis::History {
            weeks: throughput.weeks.len(),
            stories: throughput.total_stories(),
            trials: TRIALS,
            seed: SEED,
        }
    };
    let mut epics = epics_in_order(&cards);
    if basis.is_forecast() {
        let samples: Vec<usize> = throughput.weeks.iter().map(|w| w.stories).collect();
        let cumulative: Vec<usize> = epics.iter().map(|e| e.cumulative).collect();
        for (e, weeks) in epics.iter_mut().zip(p85_weeks(&cumulative, &samples)) {
            e.p85 = weeks.map(|w| today + Duration::weeks(w as i64));
        }
    }
    Planning {
        settings,
        today,
        horizon: today + Duration::weeks(i64::from(settings.now_weeks)),
        capacity,
        basis,
        epics,
    }
}

fn capacity_pace(settings: PlanningSettings, t: &Throughput) -> CapacityPace {
    if let Some(points_per_week) = settings.points_per_week {
        return CapacityPace::Configured { points_per_week };
    }
    let weeks = t.weeks.len();
    if !t.is_enough() {
        CapacityPace::NotEnoughHistory { weeks }
    } else if t.total_points() <= 0.0 {
        CapacityPace::NoPointsFinished { weeks }
    } else {
        CapacityPace::Measured {
            points_per_week: t.total_points() / weeks as f64,
            weeks,
        }
    }
}

/// The epics on the roadmap (at epic level, ordered by `model`), each with
/// the totals of its live stories: what every figure here is counted from,
/// so that a backlog loaded for a roadmap alone gives the same figures as
/// the whole one.
fn epic_cards(
    backlog: &Backlog,
    model: Model,
    now: DateTime<Utc>,
) -> Vec<(Key, Option<Lane>, StoryTotals)> {
    let roadmap = Roadmap::build(backlog, model, Level::Epic, now);
    roadmap
        .cards()
        .map(|c| {
            let totals = backlog.story_totals(c.key).cloned().unwrap_or_default();
            (c.key, c.lane, totals)
        })
        .collect()
}

/// The open stories showing in Now, and the median estimate of the
/// roadmap's stories for the unestimated ones.
fn now_load(cards: &[(Key, Option<Lane>, StoryTotals)]) -> NowLoad {
    let mut estimates: Vec<f64> = cards
        .iter()
        .flat_map(|(_, _, t)| t.estimates.iter().copied())
        .collect();
    let mut load = NowLoad {
        stories: 0,
        points: 0.0,
        unestimated: 0,
        median: median(&mut estimates),
    };
    for (_, lane, t) in cards {
        if *lane == Some(Lane::Now) {
            load.stories += t.open;
            load.points += t.open_points;
            load.unestimated += t.open_unestimated;
        }
    }
    load
}

/// The Now and Next epics in roadmap order, with their open stories.
fn epics_in_order(cards: &[(Key, Option<Lane>, StoryTotals)]) -> Vec<EpicForecast> {
    let mut cumulative = 0;
    let mut out = Vec::new();
    for lane in [Lane::Now, Lane::Next] {
        for (key, _, t) in cards.iter().filter(|(_, l, _)| *l == Some(lane)) {
            cumulative += t.open;
            out.push(EpicForecast {
                key: *key,
                lane,
                remaining: t.open,
                cumulative,
                p85: None,
            });
        }
    }
    out
}

/// For each cumulative count (non-decreasing), the week by which 85 % of
/// the trials have finished that many stories; `None` beyond
/// [`MAX_WEEKS`]. `samples` are the weekly counts of the history (some
/// above zero).
fn p85_weeks(cumulative: &[usize], samples: &[usize]) -> Vec<Option<usize>> {
    let Some(&last) = cumulative.last() else {
        return Vec::new();
    };
    let mut rng = fastrand::Rng::with_seed(SEED);
    // Per trial, the week each threshold was reached.
    let mut reached: Vec<Vec<usize>> = vec![Vec::with_capacity(TRIALS as usize); cumulative.len()];
    for _ in 0..TRIALS {
        let (mut done, mut week, mut next) = (0usize, 0usize, 0usize);
        loop {
            while next < cumulative.len() && done >= cumulative[next] {
                reached[next].push(week);
                next += 1;
            }
            if done >= last || week > MAX_WEEKS {
                break;
            }
            done += samples[rng.usize(..samples.len())];
            week += 1;
        }
        for r in reached.iter_mut().skip(next) {
            r.push(MAX_WEEKS + 1);
        }
    }
    reached
        .into_iter()
        .map(|mut weeks| {
            weeks.sort_unstable();
            let n = ((0.85 * weeks.len() as f64).ceil() as usize).clamp(1, weeks.len());
            Some(weeks[n - 1]).filter(|w| *w <= MAX_WEEKS)
        })
        .collect()
}

/// A figure rounded to whole points, for headlines.
fn whole(v: f64) -> String {
    round_display(v, 0)
}

fn percent(fraction: f64) -> String {
    round_display(fraction * 100.0, 0)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else if let Some(stem) = word.strip_suffix("story") {
        format!("{n} {stem}stories")
    } else {
        format!("{n} {word}s")
    }
}
