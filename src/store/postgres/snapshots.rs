//! The `snapshots` table on the server: documents stored whole (through
//! the store's snapshot format) under a unique name.

use chrono::{DateTime, Utc};
use postgres::GenericClient;

use super::fail::{Fail, Pg};
use super::rows::seconds;
use crate::domain::snapshot::Snapshot;
use crate::store::error::StoreError;
use crate::store::{SnapshotInfo, format};

pub fn list(c: &mut impl GenericClient) -> Pg<Vec<SnapshotInfo>> {
    c.query("SELECT name, taken FROM snapshots ORDER BY taken, id", &[])?
        .iter()
        .map(|r| {
            Ok(SnapshotInfo {
                name: r.try_get(0)?,
                taken: r.try_get(1)?,
            })
        })
        .collect()
}

/// A snapshot read back from its document.
pub fn parse(name: &str, doc: &str) -> Pg<Snapshot> {
    format::snapshot_from_json(doc).map_err(|e| {
        Fail::Store(match e {
            StoreError::BadData(why) => StoreError::BadData(format!("snapshot “{name}”: {why}")),
            other => other,
        })
    })
}

pub fn document(c: &mut impl GenericClient, name: &str) -> Pg<Option<String>> {
    Ok(c.query_opt(
        "SELECT document::text FROM snapshots WHERE name = $1",
        &[&name],
    )?
    .map(|r| r.try_get(0))
    .transpose()?)
}

pub fn documents(c: &mut impl GenericClient) -> Pg<Vec<(String, String)>> {
    c.query(
        "SELECT name, document::text FROM snapshots ORDER BY taken, id",
        &[],
    )?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

pub fn taken_at(c: &mut impl GenericClient, name: &str) -> Pg<Option<DateTime<Utc>>> {
    Ok(
        c.query_opt("SELECT taken FROM snapshots WHERE name = $1", &[&name])?
            .map(|r| r.try_get(0))
            .transpose()?,
    )
}

/// Stores `snapshot`; a name in use is refused.
pub fn insert(c: &mut impl GenericClient, snapshot: &Snapshot) -> Pg<()> {
    let doc = format::snapshot_to_json(snapshot)?;
    let taken = seconds(snapshot.taken);
    let n = c.execute(
        "INSERT INTO snapshots (name, taken, document) VALUES ($1, $2, $3::text::json) \
         ON CONFLICT (name) DO NOTHING",
        &[&snapshot.name, &taken, &doc],
    )?;
    if n == 0 {
        return Err(Fail::Store(StoreError::Refused(format!(
            "a snapshot named “{}” already exists in this backlog",
            snapshot.name
        ))));
    }
    Ok(())
}

pub fn delete(c: &mut impl GenericClient, name: &str) -> Pg<bool> {
    Ok(c.execute("DELETE FROM snapshots WHERE name = $1", &[&name])? > 0)
}
