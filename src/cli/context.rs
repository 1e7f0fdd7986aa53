//! Where the file is, and opening it for a command.

use std::path::PathBuf;

use anyhow::{Context as _, anyhow};
use chrono::{DateTime, Utc};

use crate::domain::text::shown_path;
use crate::store::{OpenMode, Store, default_path};

/// Picks the backlog file: `--db` / `BACKLOG_DB`, else the default path.
pub fn resolve_db_path(db: Option<PathBuf>) -> anyhow::Result<(PathBuf, bool)> {
    match db {
        Some(p) if !p.as_os_str().is_empty() => Ok((p, false)),
        _ => default_path()
            .map(|p| (p, true))
            .ok_or_else(|| anyhow!("no home directory found: pass --db PATH or set BACKLOG_DB")),
    }
}

pub struct Context {
    /// Where the backlog is, as shown: a file's path, or a server's URL
    /// without its password.
    pub path: PathBuf,
    /// What opening it takes (a server's URL with its password).
    open_as: PathBuf,
    /// Whether it is on a PostgreSQL server rather than in a file.
    pub on_server: bool,
    is_default: bool,
    now: Option<DateTime<Utc>>,
}

impl Context {
    pub fn new(db: Option<PathBuf>) -> anyhow::Result<Context> {
        let (open_as, is_default) = resolve_db_path(db)?;
        let on_server = open_as.to_str().is_some_and(crate::store::postgres::is_url);
        let path = match open_as.to_str() {
            Some(url) if on_server => PathBuf::from(crate::store::postgres::shown(url)),
            _ => open_as.clone(),
        };
        // BACKLOG_NOW pins the clock (RFC 3339), for reproducible scripts and tests.
        let now = match std::env::var("BACKLOG_NOW") {
            Ok(s) if !s.is_empty() => Some(
                DateTime::parse_from_rfc3339(&s)
                    .with_context(|| format!("BACKLOG_NOW `{s}` is not an RFC 3339 time"))?
                    .with_timezone(&Utc),
            ),
            _ => None,
        };
        Ok(Context {
            path,
            open_as,
            on_server,
            is_default,
            now,
        })
    }

    /// Opens an existing file for reading.
    pub fn read(&self) -> anyhow::Result<Store> {
        self.open(OpenMode::Existing)
    }

    /// Opens the file for writing, creating it (and, for the default
    /// location, its directory) if missing.
    pub fn write(&self) -> anyhow::Result<Store> {
        if self.is_default
            && !self.on_server
            && let Some(dir) = self.path.parent()
            && !dir.exists()
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", shown_path(dir)))?;
        }
        let store = self.open(OpenMode::Create)?;
        if store.is_read_only() {
            return Err(store.read_only_error().into());
        }
        Ok(store)
    }

    fn open(&self, mode: OpenMode) -> anyhow::Result<Store> {
        let mut store = Store::open(&self.open_as, mode)?;
        if let Some((from, copy)) = store.upgraded_from() {
            eprintln!(
                "note: upgraded {} from schema {from} to {}; the file as it was is kept in {}",
                shown_path(&self.path),
                crate::store::schema::LATEST_VERSION,
                shown_path(copy)
            );
        }
        if let Some(now) = self.now {
            store.set_clock(Box::new(move || now));
        }
        Ok(store)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
}
