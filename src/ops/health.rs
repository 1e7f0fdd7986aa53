//! The backlog audit.

use crate::domain::Backlog;
use crate::domain::health::{Health, audit};
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

/// The audit and the backlog it was made of (to show titles).
#[derive(Debug)]
pub struct Audited {
    pub health: Health,
    pub backlog: Backlog,
}

/// Audits the backlog as of now.
pub fn check_health(store: &Store, stale: StaleDays) -> Result<Audited> {
    let backlog = store.load()?;
    let health = audit(&backlog, store.now(), stale.0);
    Ok(Audited { health, backlog })
}
