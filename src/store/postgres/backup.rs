//! `backlog backup FILE` on a server: a consistent copy of the whole
//! backlog (items, history, snapshots, key sequence) written as a backlog
//! *SQLite file*, which `backlog --db FILE` opens as it is and which moves
//! back to a server with `export` / `import`. Read in one repeatable-read
//! transaction (one moment of the server), written to a temporary file
//! beside the target and renamed into place only when complete.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use postgres::GenericClient;
use rusqlite::params;

use super::fail::{Fail, Pg};
use crate::store::error::{Result, StoreError};
use crate::store::sqlite::{OpenMode, Sqlite};

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Where the backup goes and the directory of its temporary file, by the
/// rules of every backend's `backup` (a link followed, no special file, no
/// companion of a database, an existing file only with `overwrite`),
/// checked before anything is read.
pub fn check_dest(dest: &Path, overwrite: bool) -> Result<(PathBuf, PathBuf)> {
    crate::store::sqlite::backup_destination(dest, overwrite, None)
}

/// Everything of the backlog, read from `c` (one transaction), written
/// into a new SQLite backlog file at `dest`. Returns its size.
pub fn copy(c: &mut impl GenericClient, dest: &Path, dir: &Path) -> Pg<u64> {
    let io = |error| {
        Fail::Store(StoreError::Io {
            path: dest.to_path_buf(),
            error,
        })
    };
    let tmp = tempfile::Builder::new()
        .prefix(".backlog-backup-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Fail::Store(crate::store::sqlite::temp_file_error(e, dest, dir)))?;
    // The schema, made by the SQLite backend itself.
    drop(Sqlite::open(tmp.path(), OpenMode::Create)?);
    let sql = |e: rusqlite::Error| {
        Fail::Store(StoreError::Backend(format!(
            "writing the backup {}: {e}",
            dest.display()
        )))
    };
    let mut file = rusqlite::Connection::open(tmp.path()).map_err(sql)?;
    let w = file.transaction().map_err(sql)?;
    for r in c.query("SELECT kind, next FROM key_seq", &[])? {
        let (kind, next): (String, i64) = (r.try_get(0)?, r.try_get(1)?);
        w.execute(
            "UPDATE key_seq SET next = ?2 WHERE kind = ?1",
            params![kind, next],
        )
        .map_err(sql)?;
    }
    {
        let mut ins = w
            .prepare(
                "INSERT INTO items (id, kind, num, parent_id, title, description, status, lane, owner, \
                 labels, rank, archived, outcome, hypothesis, metrics, persona, goal, benefit, points, \
                 criteria, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, wsjf_size, \
                 created, updated, version, external_key, insight, source, pinned) VALUES (?1, ?2, ?3, ?4, ?5, ?6, \
                 ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, \
                 ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35)",
            )
            .map_err(sql)?;
        // Parents before children: initiatives, epics, stories.
        for r in c.query(
            &format!(
                "SELECT {} FROM items ORDER BY kind = 'S', kind = 'E', id",
                super::rows::ITEM_COLUMNS
            ),
            &[],
        )? {
            let text = |i: usize| -> Pg<Option<String>> { Ok(r.try_get(i)?) };
            let real = |i: usize| -> Pg<Option<f64>> { Ok(r.try_get(i)?) };
            let created: DateTime<Utc> = r.try_get(28)?;
            let updated: DateTime<Utc> = r.try_get(29)?;
            ins.execute(params![
                r.try_get::<_, i64>(0)?,
                text(1)?,
                r.try_get::<_, i64>(2)?,
                r.try_get::<_, Option<i64>>(3)?,
                text(4)?,
                text(5)?,
                text(6)?,
                text(7)?,
                text(8)?,
                text(9)?,
                r.try_get::<_, i64>(10)?,
                r.try_get::<_, bool>(11)?,
                text(12)?,
                text(13)?,
                text(14)?,
                text(15)?,
                text(16)?,
                text(17)?,
                real(18)?,
                text(19)?,
                real(20)?,
                real(21)?,
                real(22)?,
                real(23)?,
                real(24)?,
                real(25)?,
                real(26)?,
                real(27)?,
                time(created),
                time(updated),
                r.try_get::<_, i64>(30)?,
                text(31)?,
                text(32)?,
                text(33)?,
                r.try_get::<_, Option<i64>>(34)?,
            ])
            .map_err(sql)?;
        }
    }
    for r in c.query("SELECT item_id, depends_on FROM dependencies", &[])? {
        w.execute(
            "INSERT INTO dependencies (item_id, depends_on) VALUES (?1, ?2)",
            params![r.try_get::<_, i64>(0)?, r.try_get::<_, i64>(1)?],
        )
        .map_err(sql)?;
    }
    for r in c.query(
        "SELECT id, item_id, position, date, decision, rationale FROM decisions",
        &[],
    )? {
        let date: NaiveDate = r.try_get(3)?;
        w.execute(
            "INSERT INTO decisions (id, item_id, position, date, decision, rationale) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                r.try_get::<_, i64>(0)?,
                r.try_get::<_, i64>(1)?,
                r.try_get::<_, i32>(2)?,
                date.format("%Y-%m-%d").to_string(),
                r.try_get::<_, String>(4)?,
                r.try_get::<_, String>(5)?
            ],
        )
        .map_err(sql)?;
    }
    for r in c.query(
        "SELECT id, at, summary, note, state, bulk, author FROM changes",
        &[],
    )? {
        let at: DateTime<Utc> = r.try_get(1)?;
        w.execute(
            "INSERT INTO changes (id, at, summary, note, state, bulk, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                r.try_get::<_, i64>(0)?,
                time(at),
                r.try_get::<_, String>(2)?,
                r.try_get::<_, Option<String>>(3)?,
                r.try_get::<_, i16>(4)?,
                r.try_get::<_, bool>(5)?,
                r.try_get::<_, Option<String>>(6)?
            ],
        )
        .map_err(sql)?;
    }
    for r in c.query(
        "SELECT id, change_id, item_id, item_key, before::text, after::text FROM history",
        &[],
    )? {
        w.execute(
            "INSERT INTO history (id, change_id, item_id, item_key, before, after) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                r.try_get::<_, i64>(0)?,
                r.try_get::<_, i64>(1)?,
                r.try_get::<_, i64>(2)?,
                r.try_get::<_, String>(3)?,
                r.try_get::<_, Option<String>>(4)?,
                r.try_get::<_, Option<String>>(5)?
            ],
        )
        .map_err(sql)?;
    }
    for r in c.query("SELECT id, name, taken, document::text FROM snapshots", &[])? {
        let taken: DateTime<Utc> = r.try_get(2)?;
        w.execute(
            "INSERT INTO snapshots (id, name, taken, document) VALUES (?1, ?2, ?3, ?4)",
            params![
                r.try_get::<_, i64>(0)?,
                r.try_get::<_, String>(1)?,
                time(taken),
                r.try_get::<_, String>(3)?
            ],
        )
        .map_err(sql)?;
    }
    w.commit().map_err(sql)?;
    // One self-contained file, no `-wal` beside it.
    let _: String = file
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(sql)?;
    drop(file);
    let size = std::fs::metadata(tmp.path()).map_err(io)?.len();
    tmp.persist(dest).map_err(|e| io(e.error))?;
    Ok(size)
}
