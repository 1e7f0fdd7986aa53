//! The transfer layer's public JSON, as explicit serde types owned here:
//! the roadmap JSON export, `diff --json`, and the snapshots and item
//! fields of the backlog document. The domain's structs convert to and
//! from them, so renaming a domain field changes no file (and the golden
//! tests in tests/transfer_golden.rs fail if an export changes at all).
//!
//! Each type carries the version of the format it belongs to (`V1`): a
//! change to a format is a new type beside the old one, read by the old
//! document versions. Scalars (keys, kinds, statuses, lanes, models,
//! levels, dates) are written as their words, e.g. `"S-12"`, `"now"`.

pub mod bounds;
pub mod diff;
pub mod insight;
pub mod item;
pub mod metric;
pub mod planning;
pub mod roadmap;
pub mod snapshot;

#[cfg(test)]
mod tests;
