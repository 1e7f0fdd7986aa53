//! The `snapshots` table: each snapshot's document stored whole as JSON,
//! under a unique name, with the time it was taken beside it for listing
//! without parsing.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::error::{Explain, is_constraint};
use super::rows::{self, fmt_time};
use crate::domain::snapshot::Snapshot;
use crate::store::error::{Result, StoreError};
use crate::store::{SnapshotInfo, format};

/// Every snapshot's name and time, oldest first.
pub(super) fn list(conn: &Connection) -> rusqlite::Result<Vec<SnapshotInfo>> {
    let mut stmt = conn.prepare("SELECT name, taken FROM snapshots ORDER BY taken, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(SnapshotInfo {
            name: r.get(0)?,
            taken: rows::time(r, 1)?,
        })
    })?;
    rows.collect()
}

/// The document of the snapshot named `name`, if there is one.
pub(super) fn document(conn: &Connection, name: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT document FROM snapshots WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .optional()
}

/// Every snapshot's name and document, oldest first.
pub(super) fn documents(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT name, document FROM snapshots ORDER BY taken, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// A snapshot read back from its document.
pub(super) fn parse(name: &str, doc: &str) -> Result<Snapshot> {
    format::snapshot_from_json(doc).map_err(|e| match e {
        StoreError::BadData(why) => StoreError::BadData(format!("snapshot “{name}”: {why}")),
        other => other,
    })
}

/// When the snapshot named `name` was taken, if there is one.
pub(super) fn taken_at(conn: &Connection, name: &str) -> rusqlite::Result<Option<DateTime<Utc>>> {
    conn.query_row("SELECT taken FROM snapshots WHERE name = ?1", [name], |r| {
        rows::time(r, 0)
    })
    .optional()
}

/// Stores `snapshot`; a name in use is refused.
pub(super) fn insert(conn: &Connection, snapshot: &Snapshot, at: &impl Explain) -> Result<()> {
    let doc = format::snapshot_to_json(snapshot)?;
    conn.execute(
        "INSERT INTO snapshots (name, taken, document) VALUES (?1, ?2, ?3)",
        params![snapshot.name, fmt_time(snapshot.taken), doc],
    )
    .map_err(|e| {
        if is_constraint(&e) {
            StoreError::Refused(format!(
                "a snapshot named “{}” already exists in this file",
                snapshot.name
            ))
        } else {
            at.explain(e)
        }
    })?;
    Ok(())
}

/// Deletes the snapshot named `name`; whether there was one.
pub(super) fn delete(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM snapshots WHERE name = ?1", [name])? > 0)
}
