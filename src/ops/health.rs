//! The backlog audit.

use crate::domain::health::{Health, audit};
use crate::domain::health_metrics::DEFAULT_CHECKIN_DAYS;
use crate::domain::{Backlog, Model};
use crate::ops::planning::for_backlog;
use crate::store::{Result, Store, StoreError};

/// How long an item may stay in progress unchanged before it counts as
/// stale: a whole number of days, at least 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleDays(i64);

impl StaleDays {
    pub fn new(days: i64) -> Result<StaleDays> {
        if days < 0 {
            return Err(StoreError::Refused(format!(
                "invalid --stale-days `{days}`: expected a whole number of days ≥ 0"
            )));
        }
        Ok(StaleDays(days))
    }
}

/// How long a success metric may go without a check-in before it counts
/// as stale: a whole number of days, at least 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckinDays(i64);

impl CheckinDays {
    pub fn new(days: i64) -> Result<CheckinDays> {
        if days < 0 {
            return Err(StoreError::Refused(format!(
                "invalid --checkin-days `{days}`: expected a whole number of days ≥ 0"
            )));
        }
        Ok(CheckinDays(days))
    }
}

impl Default for CheckinDays {
    fn default() -> CheckinDays {
        CheckinDays(DEFAULT_CHECKIN_DAYS)
    }
}

/// The audit and the backlog it was made of (to show titles).
#[derive(Debug)]
pub struct Audited {
    pub health: Health,
    pub backlog: Backlog,
}

/// Audits the backlog as of now, with the planning findings (capacity
/// against Now, Now epics forecast to finish after Now ends) from the
/// history.
pub fn check_health(store: &Store, stale: StaleDays, checkin: CheckinDays) -> Result<Audited> {
    let backlog = store.load_for_health()?;
    let now = store.now();
    let mut health = audit(&backlog, now, stale.0, checkin.0);
    health.planning = Some(for_backlog(store, &backlog, Model::Rice)?.findings());
    Ok(Audited { health, backlog })
}

#[cfg(test)]
#[path = "health_tests.rs"]
mod tests;
