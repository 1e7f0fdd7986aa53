//! What `backlog check` reads beyond the items: the file's tables and
//! their columns against the schema this build writes (a table missing
//! made every undo say `database error: no such table: shelf_links` while
//! `check` called the file sound), and every state on the shelf of
//! undone imports (a state missing or unreadable made `show --history`
//! say the file is corrupt, and `check` call it sound).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use super::error::short_message;
use super::schema::STEPS;
use super::shelf::{self, SHELVED};

/// Each table's, index's and trigger's name, with a table's columns.
type Objects = BTreeMap<(String, String), BTreeSet<String>>;

fn objects(conn: &Connection) -> rusqlite::Result<Objects> {
    let mut stmt = conn.prepare(
        "SELECT type, name FROM sqlite_master \
         WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%'",
    )?;
    let names = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Objects::new();
    for (kind, name) in names {
        let mut columns = BTreeSet::new();
        if kind == "table" {
            let mut cols = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
            for c in cols.query_map([&name], |r| r.get::<_, String>(0))? {
                columns.insert(c?);
            }
        }
        out.insert((kind, name), columns);
    }
    Ok(out)
}

/// The tables, indexes and triggers this build's schema has that the file
/// lacks (or a table's columns it lacks): one phrase, if any.
pub(super) fn schema(conn: &Connection) -> Option<String> {
    let expected = (|| {
        let fresh = Connection::open_in_memory()?;
        for step in STEPS {
            fresh.execute_batch(step)?;
        }
        objects(&fresh)
    })()
    .ok()?;
    let found = match objects(conn) {
        Ok(f) => f,
        Err(e) => {
            return Some(format!(
                "its list of tables cannot be read ({})",
                short_message(&e)
            ));
        }
    };
    let mut missing = Vec::new();
    for ((kind, name), columns) in &expected {
        match found.get(&(kind.clone(), name.clone())) {
            None => missing.push(format!("{kind} {name} is missing")),
            Some(have) => {
                for c in columns.difference(have) {
                    missing.push(format!("column {c} of table {name} is missing"));
                }
            }
        }
    }
    let first = missing.first()?;
    let more = match missing.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Some(format!("its schema is damaged: {first}{more}"))
}

/// Every state on the shelf read as redo and `show --history` read it,
/// and every history row that names one found there: one phrase, if any
/// cannot be.
pub(super) fn shelf(conn: &Connection) -> Option<String> {
    let named: rusqlite::Result<Vec<(i64, String, bool)>> = conn
        .prepare(
            "SELECT h.id, h.item_key, EXISTS (SELECT 1 FROM shelf s WHERE s.history_id = h.id) \
             FROM history h WHERE h.before = ?1 ORDER BY h.id",
        )
        .and_then(|mut s| {
            s.query_map([SHELVED], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        });
    let named = match named {
        Ok(n) => n,
        Err(e) => {
            return Some(format!(
                "the shelf of undone imports cannot be read ({})",
                short_message(&e)
            ));
        }
    };
    let mut bad = Vec::new();
    for (row, key, there) in &named {
        let why = if *there {
            match shelf::read(conn, *row) {
                Ok(_) => continue,
                // Never the decoder's own words (as for the items).
                Err(
                    rusqlite::Error::FromSqlConversionFailure(..)
                    | rusqlite::Error::InvalidColumnType(..)
                    | rusqlite::Error::IntegralValueOutOfRange(..)
                    | rusqlite::Error::Utf8Error(..),
                ) => super::damage::BAD_VALUE.to_string(),
                Err(e) => short_message(&e),
            }
        } else {
            "it is not there".to_string()
        };
        bad.push(format!("{key}, history row {row}: {why}"));
    }
    let first = bad.first()?;
    Some(format!(
        "the shelf of undone imports is damaged: {} of {} states cannot be read ({first})",
        bad.len(),
        named.len()
    ))
}
