//! Throughput and forecasts: how many stories the team finished per week
//! (from the history), and, by sampling those weeks (Monte Carlo), when the
//! remaining stories of an epic, an initiative or a lane will be done.
//!
//! Rules:
//! - a story counts as finished in the week its status became `done` (a
//!   change not undone); a story created as done (an import) is not work
//!   finished here;
//! - weeks run back from now in whole 7-day steps; the window is the last
//!   `window` weeks, or fewer when the history is younger;
//! - with fewer than [`MIN_WEEKS`] weeks of history there is no forecast
//!   from history: a throughput given by the user is needed;
//! - a forecast gives dates only, at 50 %, 85 % and 95 %.

#[cfg(test)]
mod tests;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::error::DomainError;
use super::key::Key;

/// Fewer weeks of history than this give no forecast.
pub const MIN_WEEKS: usize = 4;
/// A trial that has not finished after this many weeks stops there.
pub const MAX_WEEKS: usize = 520;

/// A story that became done.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Completion {
    pub key: Key,
    pub at: DateTime<Utc>,
    pub points: Option<f64>,
}

/// One week of the window, oldest first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Week {
    /// The first day of the week.
    pub start: NaiveDate,
    pub stories: usize,
    pub points: f64,
}

/// Stories (and points) finished per week over the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Throughput {
    /// The weeks asked for.
    pub window: usize,
    /// The weeks used, oldest first: as many as asked, or fewer when the
    /// history is younger.
    pub weeks: Vec<Week>,
}

impl Throughput {
    /// Counts `completions` into the `window` weeks before `now`, starting
    /// no earlier than the week of `history_start` (the first recorded
    /// change: weeks before it say nothing about the team's pace).
    pub fn measure(
        completions: &[Completion],
        now: DateTime<Utc>,
        window: usize,
        history_start: Option<DateTime<Utc>>,
    ) -> Throughput {
        let whole_weeks = history_start.map_or(0, |s| {
            usize::try_from((now - s).num_days().max(0) / 7).unwrap_or(usize::MAX)
        });
        let used = window.min(whole_weeks);
        let from = now - Duration::weeks(used as i64);
        let mut weeks: Vec<Week> = (0..used)
            .map(|n| Week {
                start: (from + Duration::weeks(n as i64)).date_naive(),
                stories: 0,
                points: 0.0,
            })
            .collect();
        for c in completions {
            if c.at < from || c.at >= now {
                continue;
            }
            let n = usize::try_from((c.at - from).num_seconds() / (7 * 24 * 3600)).unwrap_or(0);
            if let Some(w) = weeks.get_mut(n) {
                w.stories += 1;
                w.points += c.points.unwrap_or(0.0);
            }
        }
        Throughput { window, weeks }
    }

    pub fn total_stories(&self) -> usize {
        self.weeks.iter().map(|w| w.stories).sum()
    }

    pub fn total_points(&self) -> f64 {
        self.weeks.iter().map(|w| w.points).sum()
    }

    /// Stories per week, on average over the weeks used.
    pub fn mean(&self) -> f64 {
        if self.weeks.is_empty() {
            0.0
        } else {
            self.total_stories() as f64 / self.weeks.len() as f64
        }
    }

    /// Enough history to sample from.
    pub fn is_enough(&self) -> bool {
        self.weeks.len() >= MIN_WEEKS
    }
}

/// Where the pace of a forecast comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Pace {
    /// Sampled from the weeks of the history.
    History(Throughput),
    /// A fixed number of stories per week, given by the user.
    Fixed(f64),
}

/// The most trials a forecast runs: each keeps its outcome until the
/// percentiles are read, so `--trials 4294967295` took gigabytes (1.9 GB
/// after 20 s, still growing); a million takes 8 MB and a second.
pub const MAX_TRIALS: u32 = 1_000_000;

/// How a forecast is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trials {
    pub count: u32,
    pub seed: u64,
}

impl Trials {
    pub fn new(count: u32, seed: u64) -> Result<Trials, DomainError> {
        if count == 0 || count > MAX_TRIALS {
            return Err(DomainError::rule(format!(
                "invalid --trials `{count}`: expected a whole number from 1 to {MAX_TRIALS}"
            )));
        }
        Ok(Trials { count, seed })
    }
}

/// The dates by which the remaining stories are done with 50, 85 and 95 %
/// of the trials; `None` for a percentile whose trials ran past
/// [`MAX_WEEKS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    pub p50: Option<NaiveDate>,
    pub p85: Option<NaiveDate>,
    pub p95: Option<NaiveDate>,
}

/// Runs the forecast of `remaining` stories from `today`.
pub fn forecast(
    remaining: usize,
    pace: &Pace,
    trials: Trials,
    today: NaiveDate,
) -> Result<Dates, DomainError> {
    let date = |weeks: usize| (weeks <= MAX_WEEKS).then(|| today + Duration::weeks(weeks as i64));
    if remaining == 0 {
        return Ok(Dates {
            p50: Some(today),
            p85: Some(today),
            p95: Some(today),
        });
    }
    match pace {
        Pace::Fixed(per_week) => {
            if !per_week.is_finite() || *per_week <= 0.0 {
                return Err(DomainError::rule(format!(
                    "invalid --throughput `{per_week}`: expected stories per week > 0"
                )));
            }
            let weeks = (remaining as f64 / per_week).ceil() as usize;
            let d = date(weeks);
            Ok(Dates {
                p50: d,
                p85: d,
                p95: d,
            })
        }
        Pace::History(t) => {
            if !t.is_enough() {
                return Err(DomainError::rule(format!(
                    "not enough history: {} of the {MIN_WEEKS} weeks needed; \
                     give a pace with --throughput N (stories per week)",
                    t.weeks.len()
                )));
            }
            if t.total_stories() == 0 {
                return Err(DomainError::rule(format!(
                    "no story was finished in the last {} weeks: \
                     give a pace with --throughput N (stories per week)",
                    t.weeks.len()
                )));
            }
            let samples: Vec<usize> = t.weeks.iter().map(|w| w.stories).collect();
            let mut rng = fastrand::Rng::with_seed(trials.seed);
            let mut outcomes: Vec<usize> = (0..trials.count)
                .map(|_| {
                    let mut left = remaining;
                    let mut weeks = 0;
                    while left > 0 && weeks <= MAX_WEEKS {
                        left = left.saturating_sub(samples[rng.usize(..samples.len())]);
                        weeks += 1;
                    }
                    weeks
                })
                .collect();
            outcomes.sort_unstable();
            let at = |p: f64| {
                let n = ((p * outcomes.len() as f64).ceil() as usize).clamp(1, outcomes.len());
                date(outcomes[n - 1])
            };
            Ok(Dates {
                p50: at(0.50),
                p85: at(0.85),
                p95: at(0.95),
            })
        }
    }
}
