//! The SQLite backend: one backlog file, opened with pragmas and
//! migrations (`open.rs`), read through `rows.rs` and `history.rs`,
//! written through one `BEGIN IMMEDIATE` transaction at a time (`tx/`),
//! copied with the online backup API (`backup.rs`).

mod access;
mod backup;
mod beside_writer;
#[cfg(test)]
mod bulk_tests;
pub mod check;
mod check_more;
mod damage;
mod error;
mod halves;
mod health_rows;
mod history;
mod list_rows;
#[cfg(test)]
mod list_rows_tests;
mod open;
mod pseudo;
mod rows;
mod same_snapshot;
pub mod schema;
mod settings;
mod shelf;
#[cfg(test)]
mod shelf_damage_tests;
#[cfg(test)]
mod shelf_tests;
mod snapshots;
mod tx;
#[cfg(test)]
mod unchecked_tests;
mod uncopied;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use access::companion_of_database;
pub(crate) use backup::destination as backup_destination;
pub(crate) use backup::temp_file_error;
pub use backup::{Leftovers, remove_stale as remove_stale_backups, remove_stale_named};
pub use damage::note_path as damage_note_path;
pub use open::{OpenMode, default_path};
pub use pseudo::pseudo_file_system;
use tx::SqliteTx;

use self::error::{At, SqlResult, from_sqlite_on};
use crate::domain::forecast::Completion;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item, Key, Kind};
use crate::store::backend::{Backend, BackendTx, ChangeToken};
use crate::store::error::{Result, StoreError};
use crate::store::history::{AUTHORS_SINCE_SQL, Authored};
use crate::store::{HistoryEntry, SnapshotInfo};

/// An open backlog file.
pub struct Sqlite {
    conn: Connection,
    path: PathBuf,
    /// Why every write is refused, if it is.
    read_only: Option<access::ReadOnly>,
    upgraded: Option<(i64, PathBuf)>,
}

impl Sqlite {
    /// Opens (or, with [`OpenMode::Create`], creates) the backlog file at
    /// `path`. Files that are not backlogs, corrupt, or from a newer version
    /// are refused without being modified. A read-only file opens read-only.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Sqlite> {
        let opened = open::open(path, mode)?;
        Ok(Sqlite {
            conn: opened.conn,
            path: path.to_path_buf(),
            read_only: opened.read_only,
            upgraded: opened.upgraded,
        })
    }

    fn at(&self) -> At<'_> {
        At {
            conn: &self.conn,
            path: &self.path,
        }
    }

    /// A read transaction: what it reads is as of one commit, never half
    /// of another process's change.
    fn read(&self) -> Result<Transaction<'_>> {
        self.conn.unchecked_transaction().explained(&self.at())
    }
}

impl Backend for Sqlite {
    fn path(&self) -> &Path {
        &self.path
    }

    fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    fn read_only_error(&self) -> StoreError {
        match &self.read_only {
            Some(cause) => cause.error(&self.path),
            None => StoreError::ReadOnly(self.path.clone()),
        }
    }

    fn upgraded_from(&self) -> Option<(i64, &Path)> {
        self.upgraded.as_ref().map(|(v, p)| (*v, p.as_path()))
    }

    fn load(&self) -> Result<Backlog> {
        let tx = self.read()?;
        let items = rows::load_all(&tx).explained(&self.at())?;
        Ok(Backlog::new(items))
    }

    fn load_outline(&self) -> Result<Backlog> {
        let tx = self.read()?;
        let (items, stories) = rows::load_outline(&tx).explained(&self.at())?;
        Ok(Backlog::outline(items, stories))
    }

    fn load_for_roadmap(&self) -> Result<Backlog> {
        let tx = self.read()?;
        let (items, stories) = rows::load_for_roadmap(&tx).explained(&self.at())?;
        Ok(Backlog::for_roadmap(items, stories))
    }

    fn load_for_list(&self) -> Result<Backlog> {
        let tx = self.read()?;
        let items = list_rows::load_for_list(&tx, &self.path).explained(&self.at())?;
        Ok(Backlog::new(items))
    }

    fn load_for_health(&self) -> Result<Backlog> {
        let tx = self.read()?;
        let items = health_rows::load_for_health(&tx, &self.path).explained(&self.at())?;
        Ok(Backlog::new(items))
    }

    fn load_with_key_sequence(&self) -> Result<(Backlog, HashMap<Kind, i64>)> {
        let tx = self.read()?;
        let items = rows::load_all(&tx).explained(&self.at())?;
        let next = rows::key_sequence(&tx).explained(&self.at())?;
        Ok((Backlog::new(items), next))
    }

    fn get(&self, key: Key) -> Result<Item> {
        let tx = self.read()?;
        rows::get(&tx, key)
            .explained(&self.at())?
            .ok_or(StoreError::NoSuchItem(key))
    }

    fn is_empty(&self) -> Result<bool> {
        Ok(rows::count(&self.conn).explained(&self.at())? == 0)
    }

    /// SQLite's `data_version`: changes when another connection commits.
    fn change_token(&self) -> Result<ChangeToken> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map(ChangeToken)
            .explained(&self.at())
    }

    fn history(&self, key: Key) -> Result<Vec<HistoryEntry>> {
        history::for_item(&self.conn, key).explained(&self.at())
    }

    fn changed_since(&self, since: DateTime<Utc>) -> Result<Vec<(Option<Item>, Item)>> {
        history::net_since(&self.conn, since).explained(&self.at())
    }

    fn completions(&self, since: DateTime<Utc>) -> Result<Vec<Completion>> {
        history::completions(&self.conn, since).explained(&self.at())
    }

    fn history_start(&self) -> Result<Option<DateTime<Utc>>> {
        history::first_change(&self.conn).explained(&self.at())
    }

    fn planning_settings(&self) -> Result<crate::domain::planning::PlanningSettings> {
        settings::read(&self.conn).explained(&self.at())?
    }

    fn authors_since(&self, since: DateTime<Utc>) -> Result<HashMap<Key, Vec<String>>> {
        let mut stmt = self
            .conn
            .prepare_cached(AUTHORS_SINCE_SQL)
            .explained(&self.at())?;
        let rows = stmt
            .query_map([rows::fmt_time(since)], |r| {
                Ok(Authored {
                    key: r.get(0)?,
                    author: r.get(1)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .explained(&self.at())?;
        Ok(crate::store::history::authors_by_key(rows))
    }

    fn begin(&mut self, summary: &str, now: DateTime<Utc>) -> Result<Box<dyn BackendTx + '_>> {
        if let Some(cause) = &self.read_only {
            return Err(cause.error(&self.path));
        }
        // `&mut self` rules out nesting; the shared borrow lets a failure
        // be explained from the connection (a full disk).
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| from_sqlite_on(&self.conn, e, &self.path))?;
        Ok(Box::new(SqliteTx::begin(tx, summary, now, &self.path)))
    }

    /// With SQLite's online backup API (safe while other processes use
    /// the file).
    fn backup_to(&self, dest: &Path, overwrite: bool) -> Result<u64> {
        backup::copy(&self.conn, &self.path, dest, overwrite)
    }

    fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        snapshots::list(&self.conn).explained(&self.at())
    }

    fn snapshot(&self, name: &str) -> Result<Option<Snapshot>> {
        snapshots::document(&self.conn, name)
            .explained(&self.at())?
            .map(|doc| snapshots::parse(name, &doc))
            .transpose()
    }

    fn all_snapshots(&self) -> Result<Vec<Snapshot>> {
        snapshots::documents(&self.conn)
            .explained(&self.at())?
            .iter()
            .map(|(name, doc)| snapshots::parse(name, doc))
            .collect()
    }
}
