//! Metric check-ins: recording where a success metric of an initiative
//! stands, and reading its check-ins back.

use chrono::NaiveDate;

use super::{Done, write};
use crate::domain::progress::{check_value, insertion_index};
use crate::domain::{CheckIn, DomainError, Item, Key, Kind, Metric};
use crate::store::{Result, Store, StoreError};

/// A check-in to record: metric `metric` (from 1, as `show` lists them),
/// its value as typed, the date it was measured and a note (may be empty).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCheckIn {
    pub metric: usize,
    pub value: String,
    pub date: NaiveDate,
    pub note: String,
}

/// Metric `n` of initiative `item`, refused with the allowed range.
fn metric_at(item: &Item, n: usize) -> std::result::Result<&Metric, DomainError> {
    item.require_kind(Kind::Initiative, "success metrics")?;
    if item.metrics.is_empty() {
        return Err(DomainError::rule(format!(
            "{} has no success metrics: add one with `backlog metric add {} NAME`",
            item.key, item.key
        )));
    }
    if n == 0 || n > item.metrics.len() {
        return Err(DomainError::invalid(
            "metric",
            n,
            &format!("a number from 1 to {}", item.metrics.len()),
        ));
    }
    Ok(&item.metrics[n - 1])
}

/// Records a check-in on metric `c.metric` of initiative `key`, kept in
/// date order (after any others of the same date).
pub fn record_checkin(store: &mut Store, key: Key, c: NewCheckIn) -> Result<Done<Item>> {
    let summary = format!("check in metric {} of {key}", c.metric);
    write(store, summary, |tx| {
        tx.modify(key, |item| {
            let value = check_value(metric_at(item, c.metric)?, &c.value)?;
            let note = c.note.split_whitespace().collect::<Vec<_>>().join(" ");
            let metric = &mut item.metrics[c.metric - 1];
            let at = insertion_index(&metric.checkins, c.date);
            metric.checkins.insert(
                at,
                CheckIn {
                    date: c.date,
                    value,
                    note,
                },
            );
            Ok(())
        })
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
