//! The documents the store writes, owned here rather than borrowed from
//! the domain's serde shapes: an item's state in a history row
//! ([`item_v1`], also its list columns), and a roadmap snapshot
//! ([`snapshot_v1`]). Each is a versioned set of serde types with
//! conversions to and from the domain types, so that renaming a domain
//! field cannot change a stored byte; golden tests
//! (`src/store/format/tests.rs`, `tests/golden/store/`) pin the text.
//!
//! Version 1 is the shape files of schema 4 hold (the domain structs'
//! serde form when it was frozen): old rows read without a migration.
//! A change to a stored shape is a new module (`item_v2`), read beside
//! the old one; the old one is never edited.
//!
//! Every backend stores these documents, so that a backlog moved between
//! backends keeps its history and snapshots as they were.

pub mod insight_v1;
pub mod item_v1;
pub mod snapshot_v1;
#[cfg(test)]
mod tests;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{Result, StoreError};
use crate::domain::snapshot::Snapshot;
use crate::domain::{AcceptanceCriterion, InsightInfo, Item, Metric};

/// JSON text of a stored document; a failure fails the write (never
/// written as something else).
fn to_json<T: Serialize>(what: &str, value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Refused(format!("cannot store {what}: {e}; nothing was changed")))
}

/// [`to_json`] of a document with a text of `big` bytes: from 1 MiB on,
/// measured first and written once into a string of its final size (grown
/// by doubling, the state of an item with a 200 MB description took up to
/// twice its size, and the copies before stayed with the command).
fn to_json_sized<T: Serialize>(what: &str, value: &T, big: usize) -> Result<String> {
    if big < 1 << 20 {
        return to_json(what, value);
    }
    let failed = |e| StoreError::Refused(format!("cannot store {what}: {e}; nothing was changed"));
    let mut size = Counted(0);
    serde_json::to_writer(&mut size, value).map_err(failed)?;
    let mut out = Vec::with_capacity(size.0);
    serde_json::to_writer(&mut out, value).map_err(failed)?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out).map_err(|e| failed(serde_json::Error::io(std::io::Error::other(e))))
}

/// A writer that only counts what is written to it.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A stored document read back.
fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::BadData(e.to_string()))
}

/// An item's state as a history row stores it.
pub fn item_to_json(item: &Item) -> Result<String> {
    to_json_sized(
        "an item's state",
        &item_v1::ItemV1::from(item),
        item.description.len(),
    )
}

/// An item's state from a history row.
pub fn item_from_json(text: &str) -> Result<Item> {
    Item::try_from(from_json::<item_v1::ItemV1>(text)?)
}

/// A snapshot as stored.
pub fn snapshot_to_json(snapshot: &Snapshot) -> Result<String> {
    to_json("a snapshot", &snapshot_v1::SnapshotV1::from(snapshot))
}

/// A stored snapshot read back.
pub fn snapshot_from_json(text: &str) -> Result<Snapshot> {
    Snapshot::try_from(from_json::<snapshot_v1::SnapshotV1>(text)?)
}

/// The `labels` column of an item.
pub fn labels_to_json(labels: &[String]) -> Result<String> {
    to_json("labels", &labels)
}

/// The `metrics` column of an item.
pub fn metrics_to_json(metrics: &[Metric]) -> Result<String> {
    let v1: Vec<item_v1::MetricV1> = metrics.iter().map(item_v1::MetricV1::from).collect();
    to_json("metrics", &v1)
}

/// The `criteria` column of an item.
pub fn criteria_to_json(criteria: &[AcceptanceCriterion]) -> Result<String> {
    let v1: Vec<item_v1::CriterionV1> = criteria.iter().map(item_v1::CriterionV1::from).collect();
    to_json("acceptance criteria", &v1)
}

/// The `insight` column of an item: `None` on everything but an insight.
pub fn insight_to_json(insight: Option<&InsightInfo>) -> Result<Option<String>> {
    insight
        .map(|i| to_json("an insight", &insight_v1::InsightV1::from(i)))
        .transpose()
}

/// The `insight` column read back.
pub fn insight_from_json(text: Option<&str>) -> Result<Option<InsightInfo>> {
    text.map(|t| from_json::<insight_v1::InsightV1>(t).map(InsightInfo::from))
        .transpose()
}
