//! `backlog check` and `backlog salvage`: a backlog file read as far as it
//! can be, without writing a byte of it. SQLite's integrity check, then
//! every item row one at a time (a row that cannot be read is reported
//! and the next one read), the key sequence and the snapshots.
//!
//! A file found sound loses its damaged note (`damage.rs`), so writes are
//! allowed again after a restore; a damaged one gets it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};

use super::error::short_message;
use super::schema::{APPLICATION_ID, LATEST_VERSION};
use super::{access, check_more, damage, open, rows, snapshots};
use crate::domain::snapshot::Snapshot;
use crate::domain::{Item, Key, Kind};
use crate::store::error::{Result, StoreError};

/// What a check found.
#[derive(Debug)]
pub struct Checked {
    pub path: PathBuf,
    /// What is wrong with the file as a whole: cut short, SQLite's
    /// integrity check, an impossible schema version.
    pub problems: Vec<String>,
    /// Every item read whole, in row order.
    pub items: Vec<Item>,
    /// Every item row that could not be read.
    pub lost: Vec<Lost>,
    /// The next key number of each kind, when it could be read.
    pub next_keys: Option<HashMap<Kind, i64>>,
    /// Every snapshot read whole.
    pub snapshots: Vec<Snapshot>,
    /// The names (or row numbers) of snapshots that could not be read.
    pub lost_snapshots: Vec<String>,
    /// Whether the note that the file is damaged was removed (the file is
    /// sound again).
    pub note_removed: bool,
    /// Whether SQLite could not reach the items at all (their table, or
    /// the list of tables): how many there were is not known, and none
    /// was read.
    pub items_unreachable: bool,
}

impl Checked {
    pub fn is_damaged(&self) -> bool {
        !self.problems.is_empty() || !self.lost.is_empty() || !self.lost_snapshots.is_empty()
    }
}

/// An item row that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Lost {
    /// Its key, when at least that could be read.
    pub key: Option<Key>,
    /// Its row number in the file.
    pub row: i64,
    /// SQLite's or the decoder's words.
    pub why: String,
}

/// How many lines of SQLite's integrity check are kept.
const INTEGRITY_LINES: usize = 20;

/// Checks the backlog file at `path` (see the module).
pub fn check(path: &Path) -> Result<Checked> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            access::refuse_directory_name(path)?;
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Err(error) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    access::refuse_special(path, &meta)?;
    access::refuse_odd_companions(path)?;
    let mut checked = Checked {
        path: path.to_path_buf(),
        problems: Vec::new(),
        items: Vec::new(),
        lost: Vec::new(),
        next_keys: None,
        snapshots: Vec::new(),
        lost_snapshots: Vec::new(),
        note_removed: false,
        items_unreachable: false,
    };
    if meta.len() > 0 {
        read_everything(path, meta.len(), &mut checked)?;
    }
    if checked.is_damaged() {
        damage::record(path, &summary(&checked));
    } else {
        checked.note_removed = damage::clear(path).map_err(|error| StoreError::Io {
            path: damage::note_path(path),
            error,
        })?;
    }
    Ok(checked)
}

/// One phrase for the note: the first problem, or how many items are lost.
fn summary(c: &Checked) -> String {
    match c.problems.first() {
        Some(p) => p.clone(),
        None if !c.lost.is_empty() => format!(
            "{} of {} items cannot be read",
            c.lost.len(),
            c.lost.len() + c.items.len()
        ),
        None => format!("{} snapshots cannot be read", c.lost_snapshots.len()),
    }
}

fn read_everything(path: &Path, len: u64, c: &mut Checked) -> Result<()> {
    if let Some(d) = damage::in_header(path, len) {
        c.problems.push(d.what);
    }
    let conn = open::reading_connection(path)?;
    let header = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id), \
         (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    );
    let (app_id, version, objects) = match header {
        Ok(h) => h,
        Err(_) if damage::is_backlog(path) => {
            c.problems
                .push("SQLite cannot read its list of tables".to_string());
            c.items_unreachable = true;
            return Ok(());
        }
        Err(_) => return Err(StoreError::Corrupt(path.to_path_buf())),
    };
    if app_id == 0 && version == 0 && objects == 0 {
        // An SQLite file with nothing in it: an empty backlog.
        return Ok(());
    }
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotABacklog(
            path.to_path_buf(),
            "it is another program's SQLite database; nothing was changed".into(),
        ));
    }
    if version > LATEST_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: LATEST_VERSION,
        });
    }
    if version < 0 {
        c.problems.push(format!(
            "its schema version is {version}, which no backlog writes"
        ));
    } else if version < LATEST_VERSION {
        return Err(StoreError::Refused(format!(
            "{} has schema {version}, older than this build's {LATEST_VERSION}: open it once with any command to upgrade it (a copy is kept), then check it",
            path.display()
        )));
    }
    integrity(&conn, c);
    c.problems.extend(check_more::schema(&conn));
    c.problems.extend(check_more::shelf(&conn));
    items(&conn, c);
    c.next_keys = rows::key_sequence(&conn).ok();
    read_snapshots(&conn, c);
    Ok(())
}

/// SQLite's `PRAGMA integrity_check`: "ok", or the first problems.
fn integrity(conn: &Connection, c: &mut Checked) {
    let lines: rusqlite::Result<Vec<String>> = conn
        .prepare(&format!("PRAGMA integrity_check({INTEGRITY_LINES})"))
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
    match lines {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => {}
        Ok(lines) => {
            let found: Vec<&String> = lines.iter().filter(|l| !l.starts_with("***")).collect();
            let more = if found.len() > 1 {
                format!(" (and {} more)", found.len() - 1)
            } else {
                String::new()
            };
            let first = found.first().map_or("failed", |l| l.as_str());
            c.problems
                .push(format!("SQLite's integrity check: {first}{more}"));
        }
        Err(e) => c.problems.push(format!(
            "SQLite's integrity check cannot run: {}",
            short_message(&e)
        )),
    }
}

/// Every item row, one at a time, by row number: a damaged page in the
/// middle of the table hides only the rows on it.
fn items(conn: &Connection, c: &mut Checked) {
    let max_id: Option<i64> = conn
        .query_row("SELECT max(id) FROM items", [], |r| r.get(0))
        .ok()
        .flatten();
    // The key sequence bounds the row numbers too (keys are never reused),
    // should the table's last page be the damaged one.
    let by_keys: Option<i64> = conn
        .query_row("SELECT sum(next - 1) FROM key_seq", [], |r| r.get(0))
        .ok()
        .flatten();
    let last = max_id.unwrap_or(0).max(by_keys.unwrap_or(0));
    if max_id.is_none() && by_keys.is_none() {
        c.problems.push("its item table cannot be read".to_string());
        c.items_unreachable = true;
        return;
    }
    for row in 1..=last {
        let key = conn
            .prepare_cached("SELECT kind, num FROM items WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([row], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                    .optional()
            });
        let key = match key {
            Ok(None) => continue,
            Ok(Some((kind, num))) => kind
                .chars()
                .next()
                .and_then(Kind::from_letter)
                .filter(|_| kind.len() == 1 && num >= 1)
                .map(|k| Key::new(k, num)),
            Err(e) => {
                c.lost.push(Lost {
                    key: None,
                    row,
                    why: short_message(&e),
                });
                continue;
            }
        };
        let Some(key) = key else {
            c.lost.push(Lost {
                key: None,
                row,
                why: "its key is not readable".to_string(),
            });
            continue;
        };
        match rows::get(conn, key) {
            Ok(Some(item)) => c.items.push(item),
            Ok(None) => c.lost.push(Lost {
                key: Some(key),
                row,
                why: "its row cannot be found by its key".to_string(),
            }),
            Err(e) => c.lost.push(Lost {
                key: Some(key),
                row,
                why: short_message(&e),
            }),
        }
    }
}

fn read_snapshots(conn: &Connection, c: &mut Checked) {
    let ids: rusqlite::Result<Vec<i64>> = conn
        .prepare("SELECT id FROM snapshots ORDER BY taken, id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
    let Ok(ids) = ids else {
        c.lost_snapshots
            .push("all (their table cannot be read)".into());
        return;
    };
    for id in ids {
        let doc: rusqlite::Result<(String, String)> = conn.query_row(
            "SELECT name, document FROM snapshots WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        match doc.map_err(|e| short_message(&e)).and_then(|(name, doc)| {
            snapshots::parse(&name, &doc).map_err(|e| format!("“{name}”: {e}"))
        }) {
            Ok(s) => c.snapshots.push(s),
            Err(why) => c.lost_snapshots.push(format!("row {id} ({why})")),
        }
    }
}
