//! The `backlog_settings` table: the team's planning settings, one row per
//! setting (see [`crate::store::settings`]).

use rusqlite::{Connection, params};

use crate::domain::planning::PlanningSettings;
use crate::store::error::Result;
use crate::store::settings::{SettingRow, from_rows, to_rows};

/// The stored settings. The outer result is SQLite's; the inner one says
/// whether the rows hold settings a `backlog` writes.
pub(super) fn read(conn: &Connection) -> rusqlite::Result<Result<PlanningSettings>> {
    let mut stmt = conn.prepare_cached("SELECT name, value FROM backlog_settings ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(SettingRow {
                name: r.get(0)?,
                value: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(from_rows(&rows))
}

/// Replaces the stored settings with `settings`.
pub(super) fn write(conn: &Connection, settings: &PlanningSettings) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM backlog_settings", [])?;
    for row in to_rows(settings) {
        conn.execute(
            "INSERT INTO backlog_settings (name, value) VALUES (?1, ?2)",
            params![row.name, row.value],
        )?;
    }
    Ok(())
}
