//! Roadmap snapshots, and what changed since one.

use chrono::{DateTime, SubsecRound, Utc};

use crate::domain::diff::Diff;
use crate::domain::roadmap::{Level, Roadmap};
use crate::domain::snapshot::Snapshot;
use crate::domain::{Model, text::terminal_safe};
use crate::store::{Result, SnapshotInfo, Store, StoreError};

/// Takes a snapshot of every roadmap now (named after the time when
/// `name` is `None`).
pub fn take_snapshot(store: &mut Store, name: Option<&str>) -> Result<Snapshot> {
    store.take_snapshot(name)
}

/// The stored snapshots, newest first.
pub fn list_snapshots(store: &Store) -> Result<Vec<SnapshotInfo>> {
    store.snapshots()
}

/// One stored snapshot by name.
pub fn get_snapshot(store: &Store, name: &str) -> Result<Snapshot> {
    store.snapshot(name)
}

/// Deletes a stored snapshot.
pub fn delete_snapshot(store: &mut Store, name: &str) -> Result<()> {
    store.delete_snapshot(name)
}

/// The roadmap at `level` of snapshot `snap`, ranked by `model`.
pub fn snapshot_roadmap(snap: &Snapshot, level: Level, model: Model) -> Result<Roadmap> {
    snap.roadmap(level, model)
        .ok_or_else(|| no_roadmap(&snap.name, level))
}

fn no_roadmap(name: &str, level: Level) -> StoreError {
    StoreError::Refused(format!(
        "snapshot “{}” holds no {level} roadmap",
        terminal_safe(name, false)
    ))
}

/// One side of a comparison: a snapshot's roadmap, or the live one.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub roadmap: Roadmap,
    /// The snapshot's name; `None` for the live backlog.
    pub name: Option<String>,
    /// When the snapshot was taken, or the live roadmap built.
    pub taken: DateTime<Utc>,
}

/// What changed on the roadmap at `level` between snapshot `old` and
/// snapshot `new`, or the live backlog when `new` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapChanges {
    pub diff: Diff,
    pub old: Compared,
    pub new: Compared,
}

/// Compares snapshot `old` with snapshot `new` (or the live backlog).
pub fn compare(
    store: &Store,
    old: &str,
    new: Option<&str>,
    model: Model,
    level: Level,
) -> Result<RoadmapChanges> {
    let old = stored(store, old, level)?;
    let new = match new {
        Some(name) => stored(store, name, level)?,
        None => {
            let now = store.now().trunc_subsecs(0);
            Compared {
                roadmap: Roadmap::build(&store.load()?, model, level, now),
                name: None,
                taken: now,
            }
        }
    };
    let diff = Diff::between(&old.roadmap, &new.roadmap, model);
    Ok(RoadmapChanges { diff, old, new })
}

/// A stored snapshot's roadmap at `level`, as stored.
fn stored(store: &Store, name: &str, level: Level) -> Result<Compared> {
    let snap = store.snapshot(name)?;
    let roadmap = snap
        .roadmaps
        .iter()
        .find(|r| r.level == level)
        .cloned()
        .ok_or_else(|| no_roadmap(&snap.name, level))?;
    Ok(Compared {
        roadmap,
        name: Some(snap.name),
        taken: snap.taken,
    })
}
