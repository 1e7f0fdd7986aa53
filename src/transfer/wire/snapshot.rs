//! A roadmap snapshot as a backlog document holds it (version 1): its name,
//! when it was taken, and one roadmap per level.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::roadmap::RoadmapV1;
use crate::domain::snapshot::Snapshot;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotV1 {
    /// The version of the snapshot as taken (today always 1).
    #[serde(deserialize_with = "super::bounds::snapshot_version")]
    pub version: u32,
    pub name: String,
    #[serde(deserialize_with = "super::bounds::time")]
    pub taken: DateTime<Utc>,
    pub roadmaps: Vec<RoadmapV1>,
}

impl From<&Snapshot> for SnapshotV1 {
    fn from(s: &Snapshot) -> Self {
        SnapshotV1 {
            version: s.version,
            name: s.name.clone(),
            taken: s.taken,
            roadmaps: s.roadmaps.iter().map(RoadmapV1::from).collect(),
        }
    }
}

impl From<SnapshotV1> for Snapshot {
    fn from(s: SnapshotV1) -> Self {
        Snapshot {
            version: s.version,
            name: s.name,
            taken: s.taken,
            roadmaps: s.roadmaps.into_iter().map(Into::into).collect(),
        }
    }
}
