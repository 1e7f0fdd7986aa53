//! The SQLite target: one backlog file in a temp dir.

use std::path::{Path, PathBuf};

use backlog::store::{OpenMode, Store, StoreError, schema};
use tempfile::TempDir;

use super::{Target, now};

pub struct SqliteTarget {
    _dir: TempDir,
    path: PathBuf,
}

impl SqliteTarget {
    pub fn new() -> SqliteTarget {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.db");
        SqliteTarget { _dir: dir, path }
    }

    fn pinned(mut store: Store) -> Store {
        store.set_clock(Box::new(now));
        store
    }
}

impl Target for SqliteTarget {
    fn open(&self) -> Store {
        Self::pinned(Store::open(&self.path, OpenMode::Create).unwrap())
    }

    fn open_read_only(&self) -> Store {
        // A read-only file opens read-only (mode bits, so even for root).
        let mut perms = std::fs::metadata(&self.path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&self.path, perms).unwrap();
        let store = Self::pinned(Store::open(&self.path, OpenMode::Existing).unwrap());
        assert!(store.is_read_only());
        store
    }

    fn try_open(&self) -> Result<Store, StoreError> {
        Store::open(&self.path, OpenMode::Existing).map(Self::pinned)
    }

    fn make_foreign(&self) {
        let c = rusqlite::Connection::open(&self.path).unwrap();
        c.execute_batch(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); \
             INSERT INTO items (name) VALUES ('not a backlog');",
        )
        .unwrap();
    }

    fn make_newer(&self) {
        let c = rusqlite::Connection::open(&self.path).unwrap();
        c.pragma_update(None, "user_version", schema::LATEST_VERSION + 1)
            .unwrap();
        // One self-contained file, so that its bytes are everything.
        let _: String = c
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .unwrap();
    }

    fn fingerprint(&self) -> Vec<u8> {
        let mut bytes = std::fs::read(&self.path).unwrap();
        for suffix in ["-wal", "-journal"] {
            let side = PathBuf::from(format!("{}{suffix}", self.path.display()));
            // An empty journal (a reader opening a WAL file) holds nothing.
            if let Ok(b) = std::fs::read(&side)
                && !b.is_empty()
            {
                bytes.extend(suffix.as_bytes());
                bytes.extend(b);
            }
        }
        bytes
    }

    fn open_backup(&self, path: &Path) -> Store {
        Self::pinned(Store::open(path, OpenMode::Existing).unwrap())
    }
}
