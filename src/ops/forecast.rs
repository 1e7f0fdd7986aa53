//! Forecasts: when the open stories of an item or a lane will be done at
//! the pace the history shows (or one the user gives).

use chrono::{Duration, NaiveDate};

use crate::domain::forecast::{Dates, Pace, Throughput, Trials, forecast as run_trials};
use crate::domain::{Backlog, Item, Key, Kind, Lane};
use crate::store::{Result, Store, StoreError};

/// What is forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The open stories of an epic or initiative (or one story).
    Item(Key),
    /// The open stories showing in a lane.
    Lane(Lane),
}

/// How to forecast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ask {
    pub scope: Scope,
    /// Weeks of history to sample.
    pub window: usize,
    pub trials: Trials,
    /// Stories per week, instead of the history.
    pub throughput: Option<f64>,
}

/// What is left of the scope.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Remaining {
    pub stories: usize,
    /// Points of the estimated ones.
    pub points: f64,
    pub unestimated: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Forecasted {
    pub scope: Scope,
    /// The scope's title (an item's), for display.
    pub title: Option<String>,
    pub remaining: Remaining,
    pub pace: Pace,
    pub trials: Trials,
    pub today: NaiveDate,
    pub dates: Dates,
}

/// Forecasts `ask.scope` as of the store's clock.
pub fn forecast(store: &Store, ask: Ask) -> Result<Forecasted> {
    if ask.window == 0 {
        return Err(StoreError::Refused(
            "invalid --window `0`: expected a whole number of weeks ≥ 1".into(),
        ));
    }
    let backlog = store.load()?;
    let title = match ask.scope {
        Scope::Item(k) => Some(
            backlog
                .get(k)
                .ok_or(StoreError::NoSuchItem(k))?
                .title
                .clone(),
        ),
        Scope::Lane(_) => None,
    };
    let remaining = remaining(&backlog, ask.scope);
    let now = store.now();
    let pace = match ask.throughput {
        Some(per_week) => Pace::Fixed(per_week),
        None => {
            let since = now
                - Duration::weeks(
                    i64::try_from(ask.window)
                        .unwrap_or(i64::MAX / 2)
                        .min(10_000),
                );
            let completions = store.completions(since)?;
            Pace::History(Throughput::measure(
                &completions,
                now,
                ask.window,
                store.history_start()?,
            ))
        }
    };
    let today = now.date_naive();
    let dates = run_trials(remaining.stories, &pace, ask.trials, today)?;
    Ok(Forecasted {
        scope: ask.scope,
        title,
        remaining,
        pace,
        trials: ask.trials,
        today,
        dates,
    })
}

/// The open stories of the scope: not done or dropped, not archived, not
/// below a dropped or archived item.
fn remaining(backlog: &Backlog, scope: Scope) -> Remaining {
    let mut r = Remaining {
        stories: 0,
        points: 0.0,
        unestimated: 0,
    };
    for story in backlog.items_of(Kind::Story) {
        if story.status.is_closed() || backlog.is_hidden(story) || backlog.is_dropped(story) {
            continue;
        }
        let counts = match scope {
            Scope::Item(k) => is_within(backlog, story, k),
            Scope::Lane(l) => backlog.effective_lane(story) == Some(l),
        };
        if counts {
            r.stories += 1;
            match story.points {
                Some(p) => r.points += p,
                None => r.unestimated += 1,
            }
        }
    }
    r
}

fn is_within(backlog: &Backlog, item: &Item, key: Key) -> bool {
    let mut cur = Some(item);
    while let Some(i) = cur {
        if i.key == key {
            return true;
        }
        cur = i.parent.and_then(|p| backlog.get(p));
    }
    false
}
