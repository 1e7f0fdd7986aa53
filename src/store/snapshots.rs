//! Roadmap snapshots: stored whole as JSON (`domain::snapshot::Snapshot`),
//! under a unique name. Taking one reads the backlog and stores its
//! roadmap in one transaction. Snapshots are not item changes: they are not
//! part of the change history and undo does not touch them.

use chrono::{DateTime, SubsecRound, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{self, fmt_time};
use crate::domain::Backlog;
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
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        // Whole seconds, as every stored time.
        let now = self.now().trunc_subsecs(0);
        let name = match name {
            Some(n) => check_name(n)?,
            None => default_name(now),
        };
        let path = self.path.clone();
        let sql = |e| StoreError::from_sqlite(e, &path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        if let Some(taken) = taken_at(&tx, &name).map_err(sql)? {
            return Err(StoreError::Refused(format!(
                "a snapshot named “{name}” already exists (taken {}): choose another name, e.g. `backlog snapshot take \"{name} b\"`",
                taken.format("%Y-%m-%d %H:%M UTC")
            )));
        }
        let backlog = Backlog::new(rows::load_all(&tx).map_err(sql)?);
        let snapshot = Snapshot::take(Some(&name), &backlog, now)?;
        let doc =
            serde_json::to_string(&snapshot).map_err(|e| StoreError::BadData(e.to_string()))?;
        tx.execute(
            "INSERT INTO snapshots (name, taken, document) VALUES (?1, ?2, ?3)",
            params![snapshot.name, fmt_time(now), doc],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(snapshot)
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        let sql = |e| StoreError::from_sqlite(e, &self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT name, taken FROM snapshots ORDER BY taken, id")
            .map_err(sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SnapshotInfo {
                    name: r.get(0)?,
                    taken: rows::time(r, 1)?,
                })
            })
            .map_err(sql)?;
        rows.collect::<rusqlite::Result<_>>().map_err(sql)
    }

    /// The snapshot named `name`, exactly as stored.
    pub fn snapshot(&self, name: &str) -> Result<Snapshot> {
        let doc: Option<String> = self
            .conn
            .query_row(
                "SELECT document FROM snapshots WHERE name = ?1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| StoreError::from_sqlite(e, &self.path))?;
        let doc = doc.ok_or_else(|| {
            StoreError::Refused(format!(
                "no snapshot named “{}”: see `backlog snapshot list`",
                name.trim()
            ))
        })?;
        serde_json::from_str(&doc)
            .map_err(|e| StoreError::BadData(format!("snapshot “{}”: {e}", name.trim())))
    }

    /// Every snapshot, oldest first, exactly as stored (for the export).
    pub fn all_snapshots(&self) -> Result<Vec<Snapshot>> {
        let sql = |e| StoreError::from_sqlite(e, &self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT name, document FROM snapshots ORDER BY taken, id")
            .map_err(sql)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(sql)?;
        let mut out = Vec::new();
        for row in rows {
            let (name, doc) = row.map_err(sql)?;
            out.push(
                serde_json::from_str(&doc)
                    .map_err(|e| StoreError::BadData(format!("snapshot “{name}”: {e}")))?,
            );
        }
        Ok(out)
    }

    /// Deletes the snapshot named `name`.
    pub fn delete_snapshot(&mut self, name: &str) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let n = self
            .conn
            .execute("DELETE FROM snapshots WHERE name = ?1", [name.trim()])
            .map_err(|e| StoreError::from_sqlite(e, &self.path))?;
        if n == 0 {
            return Err(StoreError::Refused(format!(
                "no snapshot named “{}”: see `backlog snapshot list`",
                name.trim()
            )));
        }
        Ok(())
    }
}

fn taken_at(conn: &rusqlite::Connection, name: &str) -> rusqlite::Result<Option<DateTime<Utc>>> {
    conn.query_row("SELECT taken FROM snapshots WHERE name = ?1", [name], |r| {
        rows::time(r, 0)
    })
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roadmap::{Level, fixture};
    use crate::domain::{Lane, Model};
    use crate::store::OpenMode;

    fn store(dir: &tempfile::TempDir) -> Store {
        let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
        s.set_clock(Box::new(fixture::at));
        let mut items = fixture::items();
        // The store needs a dependency's target to exist; E-7 does.
        items.sort_by_key(|i| i.key);
        s.write("fixture", |tx| tx.insert_all(&items)).unwrap();
        s
    }

    #[test]
    fn take_list_show_and_refuse_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir);
        let snap = s.take_snapshot(None).unwrap();
        assert_eq!(snap.name, "2026-11-23");
        let e = s
            .take_snapshot(Some(" 2026-11-23 "))
            .unwrap_err()
            .to_string();
        assert!(e.contains("already exists"), "{e}");
        s.take_snapshot(Some("Q3 review")).unwrap();
        let names: Vec<String> = s.snapshots().unwrap().into_iter().map(|i| i.name).collect();
        assert_eq!(names, ["2026-11-23", "Q3 review"]);

        // Change the backlog: the stored snapshot does not change.
        s.write("move", |tx| {
            tx.modify("E-8".parse().unwrap(), |i| {
                i.lane = Some(Lane::Now);
                Ok(())
            })
        })
        .unwrap();
        let back = s.snapshot("2026-11-23").unwrap();
        assert_eq!(back, snap);
        let r = back.roadmap(Level::Epic, Model::Rice).unwrap();
        assert_eq!(
            r.locate("E-8".parse().unwrap()).unwrap().0,
            Some(Lane::Next)
        );

        assert!(
            s.snapshot("nope")
                .unwrap_err()
                .to_string()
                .contains("no snapshot")
        );
        s.delete_snapshot("Q3 review").unwrap();
        assert!(s.delete_snapshot("Q3 review").is_err());
        assert_eq!(s.snapshots().unwrap().len(), 1);
    }

    #[test]
    fn bad_names_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir);
        assert!(s.take_snapshot(Some("  ")).is_err());
        assert!(s.take_snapshot(Some(&"x".repeat(101))).is_err());
        assert!(s.snapshots().unwrap().is_empty());
    }
}
