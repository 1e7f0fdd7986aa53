//! A backlog on a PostgreSQL server, for teams: named by a
//! `postgres://` / `postgresql://` URL instead of a file path.
//!
//! - [`target`]: the URL, libpq's environment variables and password file
//!   ([`pgpass`]), and a display form without the password;
//! - [`tls`]: rustls for `sslmode` `require`, `verify-ca`, `verify-full`;
//! - [`connect`]: the connection within the connect timeout;
//!   `connect_error`: one-line messages for what can go wrong on the way
//!   (the server's refusals, no answer, not PostgreSQL, TLS);
//! - [`schema`] and [`open`]: the tables, created or upgraded in one
//!   transaction under an advisory lock; newer and foreign schemas refused;
//! - [`errors`]: driver errors during a command (statements and `COPY`)
//!   as one-line messages, and the bounded retry
//!   of serialization failures and deadlocks;
//! - `rows`, `history`, `snapshots`: reading; `tx` and `step`: the write
//!   transaction, undo and redo; `bulk` and `copy`: many items at once by
//!   `COPY`; `backup`: a copy as a SQLite backlog file;
//! - `listen`: other clients' commits pushed by LISTEN/NOTIFY, and the
//!   connection lost and back.
//!
//! A handle whose connection was lost (server restarted, network dropped)
//! connects again by itself on its next read or write; a write cut short
//! was rolled back by the server and is reported, never retried.
//!
//! Reads run in one `REPEATABLE READ READ ONLY` transaction each (one
//! moment of the server, never half of another client's change). Writes
//! take a row lock on `backlog_meta` first, which makes them the backlog's
//! only writer, as `BEGIN IMMEDIATE` does for a file.

mod backup;
mod bulk;
pub mod connect;
mod connect_error;
mod copy;
pub mod errors;
mod fail;
mod fields;
mod history;
mod listen;
pub mod open;
pub mod pgpass;
mod rows;
pub mod schema;
mod settings;
mod snapshots;
mod step;
pub mod target;
#[cfg(test)]
mod target_tests;
pub mod tls;
mod tx;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use chrono::{DateTime, Utc};
use postgres::{Client, IsolationLevel, Transaction};

pub use history::COMPLETIONS_SQL;
pub use target::{Environment, Target, is_url};

use self::errors::RETRIES;
use self::fail::{Fail, Pg};
use self::tx::PgTx;
use crate::domain::forecast::Completion;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item, Key, Kind};
use crate::store::backend::{Backend, BackendTx, ChangeToken};
use crate::store::error::{Result, StoreError};
use crate::store::feed::ChangeFeed;
use crate::store::sqlite::OpenMode;
use crate::store::{HistoryEntry, SnapshotInfo};

/// The password-free form of a backlog URL, for messages and
/// `backlog path` (the URL itself when it does not parse: opening it will
/// say why).
pub fn shown(url: &str) -> String {
    Target::parse(url, &Environment::process())
        .map(|t| t.to_string())
        .unwrap_or_else(|_| "postgresql://…".to_string())
}

/// An open backlog on a server.
pub struct Postgres {
    client: RefCell<Client>,
    target: Target,
    /// The display form (no password), as a path for messages.
    shown: PathBuf,
    read_only: bool,
    /// The server process of `client` (its own commits' notifications
    /// carry it); it changes when the handle reconnects.
    pid: Arc<AtomicI32>,
}

impl Postgres {
    /// Opens the backlog named by `url` (with [`OpenMode::Create`]:
    /// creating its tables, and its schema, when missing).
    pub fn open(url: &str, mode: OpenMode) -> Result<Postgres> {
        let target = Target::parse(url, &Environment::process())
            .map_err(|why| StoreError::Refused(format!("cannot use the database URL: {why}")))?;
        Postgres::open_target(target, mode)
    }

    pub fn open_target(target: Target, mode: OpenMode) -> Result<Postgres> {
        let mut opened = open::open(&target, mode == OpenMode::Create)?;
        let pid = backend_pid(&mut opened.client).map_err(|f| f.explain(&target))?;
        let shown = if opened.read_only {
            format!("{target} (role “{}” has read-only access)", target.user)
        } else {
            target.to_string()
        };
        Ok(Postgres {
            client: RefCell::new(opened.client),
            shown: PathBuf::from(shown),
            target,
            read_only: opened.read_only,
            pid: Arc::new(AtomicI32::new(pid)),
        })
    }

    /// Replaces a lost connection with a new one.
    fn reconnect(&self, client: &mut Client) -> Result<()> {
        let mut fresh = connect::connect(&self.target)?;
        let pid = backend_pid(&mut fresh).map_err(|f| f.explain(&self.target))?;
        *client = fresh;
        self.pid.store(pid, Ordering::Relaxed);
        Ok(())
    }

    /// Runs `f` in one read-only repeatable-read transaction, again (a
    /// bounded number of times) after a serialization failure or deadlock.
    fn read<T>(&self, f: impl Fn(&mut Transaction) -> Pg<T>) -> Result<T> {
        let mut client = self.client.borrow_mut();
        if client.is_closed() {
            self.reconnect(&mut client)?;
        }
        let mut attempt = 0;
        let mut reconnected = false;
        loop {
            let result = (|| {
                let mut tx = client
                    .build_transaction()
                    .isolation_level(IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()?;
                let out = f(&mut tx)?;
                tx.commit()?;
                Ok(out)
            })();
            match result {
                Err(e) if Fail::is_retryable(&e) && attempt < RETRIES => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(5 << attempt));
                }
                // A read changes nothing: on a new connection, once.
                Err(e) if e.is_lost() && !reconnected => {
                    reconnected = true;
                    self.reconnect(&mut client)?;
                }
                other => return other.map_err(|f: Fail| f.explain(&self.target)),
            }
        }
    }

    /// Starts a write transaction holding the backlog's writer lock.
    fn lock(client: &mut Client) -> Pg<()> {
        let mut attempt = 0;
        loop {
            client.batch_execute("BEGIN ISOLATION LEVEL READ COMMITTED")?;
            match client.query_one("SELECT commits FROM backlog_meta FOR UPDATE", &[]) {
                Ok(_) => return Ok(()),
                Err(e) => {
                    let _ = client.batch_execute("ROLLBACK");
                    let e = Fail::Db(e);
                    if !(e.is_retryable() && attempt < RETRIES) {
                        return Err(e);
                    }
                    attempt += 1;
                }
            }
        }
    }
}

impl Backend for Postgres {
    fn path(&self) -> &Path {
        &self.shown
    }

    fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn read_only_error(&self) -> StoreError {
        errors::read_only(&self.target)
    }

    fn load(&self) -> Result<Backlog> {
        self.read(|tx| Ok(Backlog::new(rows::load_all(tx)?)))
    }

    fn load_outline(&self) -> Result<Backlog> {
        self.read(|tx| {
            let (items, stories) = rows::load_outline(tx)?;
            Ok(Backlog::outline(items, stories))
        })
    }

    fn load_for_roadmap(&self) -> Result<Backlog> {
        self.read(|tx| {
            let (items, stories) = rows::load_for_roadmap(tx)?;
            Ok(Backlog::for_roadmap(items, stories))
        })
    }

    fn load_with_key_sequence(&self) -> Result<(Backlog, HashMap<Kind, i64>)> {
        self.read(|tx| {
            let items = rows::load_all(tx)?;
            Ok((Backlog::new(items), rows::key_sequence(tx)?))
        })
    }

    fn get(&self, key: Key) -> Result<Item> {
        self.read(|tx| rows::get(tx, key))?
            .ok_or(StoreError::NoSuchItem(key))
    }

    fn is_empty(&self) -> Result<bool> {
        self.read(|tx| Ok(rows::count(tx)? == 0))
    }

    /// The commit counter of `backlog_meta`: every write commits one more.
    fn change_token(&self) -> Result<ChangeToken> {
        self.read(|tx| {
            let n: i64 = tx
                .query_one("SELECT commits FROM backlog_meta", &[])?
                .try_get(0)?;
            Ok(ChangeToken(n))
        })
    }

    fn on_server(&self) -> bool {
        true
    }

    fn listen(&self) -> Result<Option<ChangeFeed>> {
        Ok(Some(listen::start(&self.target, self.pid.clone())))
    }

    fn history(&self, key: Key) -> Result<Vec<HistoryEntry>> {
        self.read(|tx| history::for_item(tx, key))
    }

    fn changed_since(&self, since: DateTime<Utc>) -> Result<Vec<(Option<Item>, Item)>> {
        self.read(|tx| history::net_since(tx, since))
    }

    fn completions(&self, since: DateTime<Utc>) -> Result<Vec<Completion>> {
        self.read(|tx| history::completions(tx, since))
    }

    fn history_start(&self) -> Result<Option<DateTime<Utc>>> {
        self.read(|tx| history::first_change(tx))
    }

    fn planning_settings(&self) -> Result<crate::domain::planning::PlanningSettings> {
        self.read(|tx| settings::read(tx))
    }

    fn authors_since(&self, since: DateTime<Utc>) -> Result<HashMap<Key, Vec<String>>> {
        self.read(|tx| history::authors_since(tx, since))
    }

    fn begin(&mut self, summary: &str, now: DateTime<Utc>) -> Result<Box<dyn BackendTx + '_>> {
        if self.read_only {
            return Err(errors::read_only(&self.target));
        }
        if self.client.get_mut().is_closed() {
            let mut client = self.client.borrow_mut();
            self.reconnect(&mut client)?;
        }
        if let Err(f) = Postgres::lock(self.client.get_mut()) {
            // Nothing written yet: on a new connection, once.
            if !f.is_lost() {
                return Err(f.explain(&self.target));
            }
            let mut client = self.client.borrow_mut();
            self.reconnect(&mut client)?;
            drop(client);
            Postgres::lock(self.client.get_mut()).map_err(|f| f.explain(&self.target))?;
        }
        let client = self.client.get_mut();
        Ok(Box::new(PgTx {
            c: RefCell::new(client),
            target: &self.target,
            summary: summary.to_string(),
            note: None,
            change_id: None,
            now,
            author: self.target.author(),
            done: false,
        }))
    }

    fn backup_to(&self, dest: &Path, overwrite: bool) -> Result<u64> {
        let (target, dir) = backup::check_dest(dest, overwrite)?;
        self.read(|tx| backup::copy(tx, &target, &dir))
    }

    fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        self.read(|tx| snapshots::list(tx))
    }

    fn snapshot(&self, name: &str) -> Result<Option<Snapshot>> {
        self.read(|tx| {
            snapshots::document(tx, name)?
                .map(|doc| snapshots::parse(name, &doc))
                .transpose()
        })
    }

    fn all_snapshots(&self) -> Result<Vec<Snapshot>> {
        self.read(|tx| {
            snapshots::documents(tx)?
                .iter()
                .map(|(name, doc)| snapshots::parse(name, doc))
                .collect()
        })
    }
}

/// The server process serving `client`.
fn backend_pid(client: &mut Client) -> Pg<i32> {
    Ok(client
        .query_one("SELECT pg_backend_pid()", &[])?
        .try_get(0)?)
}
