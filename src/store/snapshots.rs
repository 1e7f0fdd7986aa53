//! Roadmap snapshots: stored whole (`domain::snapshot::Snapshot`, through
//! the stored format of [`super::format`]), under a unique name. Taking
//! one reads the backlog and stores its roadmap in one transaction.
//! Snapshots are not item changes: they are not part of the change history
//! and undo does not touch them.

use chrono::{DateTime, SubsecRound, Utc};

use super::error::{Result, StoreError};
use super::{Store, Tx};
use crate::domain::snapshot::{Snapshot, check_name, default_name};

/// A stored snapshot's name and time, for listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    pub name: String,
    pub taken: DateTime<Utc>,
}

impl Store {
    /// Takes a snapshot of the roadmap as it is now, named `name` (default:
    /// today's date). A name already in use is refused.
    pub fn take_snapshot(&mut self, name: Option<&str>) -> Result<Snapshot> {
        if self.is_read_only() {
            return Err(self.read_only_error());
        }
        // Whole seconds, as every stored time.
        let now = self.now().trunc_subsecs(0);
        let name = match name {
            Some(n) => check_name(n)?,
            None => default_name(now),
        };
        // Not through `write`: a snapshot is not a change to undo, and
        // the last change stays the one to undo.
        let mut tx = Tx::new(self.backend.begin("snapshot", now)?);
        if let Some(taken) = tx.snapshot_taken(&name)? {
            return Err(StoreError::Refused(format!(
                "a snapshot named “{name}” already exists (taken {}): choose another name, e.g. `backlog snapshot take \"{name} b\"`",
                taken.format("%Y-%m-%d %H:%M UTC")
            )));
        }
        let backlog = tx.load()?;
        let snapshot = Snapshot::take(Some(&name), &backlog, now)?;
        tx.insert_snapshot(&snapshot)?;
        tx.commit()?;
        Ok(snapshot)
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        self.backend.snapshots()
    }

    /// The snapshot named `name`, exactly as stored.
    pub fn snapshot(&self, name: &str) -> Result<Snapshot> {
        self.backend
            .snapshot(name.trim())?
            .ok_or_else(|| no_snapshot(name))
    }

    /// Every snapshot, oldest first, exactly as stored (for the export).
    pub fn all_snapshots(&self) -> Result<Vec<Snapshot>> {
        self.backend.all_snapshots()
    }

    /// Deletes the snapshot named `name`.
    pub fn delete_snapshot(&mut self, name: &str) -> Result<()> {
        if self.is_read_only() {
            return Err(self.read_only_error());
        }
        let now = self.now();
        let mut tx = Tx::new(self.backend.begin("delete snapshot", now)?);
        if !tx.delete_snapshot(name.trim())? {
            return Err(no_snapshot(name));
        }
        tx.commit()?;
        Ok(())
    }
}

fn no_snapshot(name: &str) -> StoreError {
    StoreError::Refused(format!(
        "no snapshot named “{}”: see `backlog snapshot list`",
        name.trim()
    ))
}

#[cfg(test)]
mod tests;
