//! `snapshot list --json`: the stored snapshots.

use serde::Serialize;

use super::time;
use crate::store::SnapshotInfo;

/// One snapshot: `{"name": …, "taken": "2026-11-23T10:00:00Z"}`.
#[derive(Debug, Serialize)]
pub struct SnapshotEntryJson<'a> {
    pub name: &'a str,
    pub taken: String,
}

impl<'a> SnapshotEntryJson<'a> {
    pub fn new(s: &'a SnapshotInfo) -> SnapshotEntryJson<'a> {
        SnapshotEntryJson {
            name: &s.name,
            taken: time(s.taken),
        }
    }
}
