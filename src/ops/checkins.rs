//! Metric check-ins: recording where a success metric of an initiative
//! stands, and reading its check-ins back.

use super::{Done, write};
pub use crate::domain::checkin::NewCheckIn;
use crate::domain::checkin::{metric_at, record};
use crate::domain::{Item, Key, Metric};
use crate::store::{Result, Store, StoreError};

/// Records a check-in on metric `c.metric` of initiative `key`, kept in
/// date order (after any others of the same date).
pub fn record_checkin(store: &mut Store, key: Key, c: NewCheckIn) -> Result<Done<Item>> {
    let summary = format!("check in metric {} of {key}", c.metric);
    write(store, summary, |tx| {
        tx.modify(key, |item| Ok(record(item, &c)?))
    })
}

/// An initiative's metric `n` (from 1), with its check-ins.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricHistory {
    pub initiative: Item,
    pub metric: Metric,
}

/// Reads metric `n` of initiative `key`.
pub fn metric_history(store: &Store, key: Key, n: usize) -> Result<MetricHistory> {
    let item = store.get(key)?;
    let metric = metric_at(&item, n).map_err(StoreError::from)?.clone();
    Ok(MetricHistory {
        initiative: item,
        metric,
    })
}

#[cfg(test)]
mod tests;
