//! Acceptance criteria (stories) and success metrics (initiatives).

use super::{Done, write};
use crate::domain::text::clean_title;
use crate::domain::{DomainError, Item, Key, Kind, Metric};
use crate::store::{Result, Store};

/// A change to a story's acceptance criteria; positions count from 1.
#[derive(Debug, Clone, PartialEq)]
pub enum CriterionChange {
    Add(String),
    Check(usize),
    Uncheck(usize),
    Remove(usize),
    Edit(usize, String),
    Move { from: usize, to: usize },
}

impl CriterionChange {
    /// How the change is recorded, before the key: `check a criterion of`.
    fn verb(&self) -> &'static str {
        match self {
            CriterionChange::Add(_) => "add a criterion to",
            CriterionChange::Check(_) => "check a criterion of",
            CriterionChange::Uncheck(_) => "uncheck a criterion of",
            CriterionChange::Remove(_) => "remove a criterion of",
            CriterionChange::Edit(..) => "edit a criterion of",
            CriterionChange::Move { .. } => "reorder the criteria of",
        }
    }
}

/// Applies `change` to the criteria of story `key`.
pub fn change_criteria(store: &mut Store, key: Key, change: CriterionChange) -> Result<Done<Item>> {
    write(store, format!("{} {key}", change.verb()), |tx| {
        tx.modify(key, |item| {
            item.require_kind(Kind::Story, "acceptance criteria")?;
            match &change {
                CriterionChange::Add(text) => item.add_criterion(text)?,
                CriterionChange::Check(n) => item.set_criterion_done(*n, true)?,
                CriterionChange::Uncheck(n) => item.set_criterion_done(*n, false)?,
                CriterionChange::Remove(n) => {
                    item.remove_criterion(*n)?;
                }
                CriterionChange::Edit(n, text) => item.edit_criterion(*n, text)?,
                CriterionChange::Move { from, to } => item.move_criterion(*from, *to)?,
            }
            Ok(())
        })
    })
}

/// A success metric to add: a name (one line, required), and where it
/// starts and should get to (free text, may be empty).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewMetric {
    pub name: String,
    pub baseline: String,
    pub target: String,
}

/// Adds a success metric to initiative `key`.
pub fn add_metric(store: &mut Store, key: Key, metric: NewMetric) -> Result<Done<Item>> {
    let name = clean_title("metric name", &metric.name)?;
    write(store, format!("add a metric to {key}"), |tx| {
        tx.modify(key, |item| {
            item.require_kind(Kind::Initiative, "success metrics")?;
            item.metrics.push(Metric {
                name,
                baseline: metric.baseline.trim().to_string(),
                target: metric.target.trim().to_string(),
                checkins: Vec::new(),
            });
            Ok(())
        })
    })
}

/// Removes success metric `n` (from 1) of initiative `key`.
pub fn remove_metric(store: &mut Store, key: Key, n: usize) -> Result<Done<Item>> {
    write(store, format!("remove a metric of {key}"), |tx| {
        tx.modify(key, |item| {
            item.require_kind(Kind::Initiative, "success metrics")?;
            if n == 0 || n > item.metrics.len() {
                return Err(DomainError::invalid(
                    "metric",
                    n,
                    &format!("a number from 1 to {}", item.metrics.len()),
                )
                .into());
            }
            item.metrics.remove(n - 1);
            Ok(())
        })
    })
}
