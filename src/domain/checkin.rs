//! Recording a check-in on an initiative's success metric: which metric
//! (from 1, as `show` numbers them), the value (checked against the
//! metric), the date and a note; kept oldest first.

use chrono::NaiveDate;

use super::error::DomainError;
use super::item::{CheckIn, Item, Metric};
use super::key::Kind;
use super::progress::{check_value, insertion_index};

/// A check-in to record on metric `metric` (from 1).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCheckIn {
    pub metric: usize,
    pub value: String,
    pub date: NaiveDate,
    pub note: String,
}

/// Metric `n` (from 1) of initiative `item`, refused with the allowed
/// range, or with how to add one when it has none.
pub fn metric_at(item: &Item, n: usize) -> Result<&Metric, DomainError> {
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

/// Records `c` on `item`, after any check-ins of the same date; the note
/// is made one line. Changes nothing when refused.
pub fn record(item: &mut Item, c: &NewCheckIn) -> Result<(), DomainError> {
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
}
