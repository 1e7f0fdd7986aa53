//! The `backlog_settings` table on the server: the team's planning
//! settings, one row per setting (see [`crate::store::settings`]).

use postgres::GenericClient;

use super::fail::{Fail, Pg};
use crate::domain::planning::PlanningSettings;
use crate::store::settings::{SettingRow, from_rows, to_rows};

pub fn read(c: &mut impl GenericClient) -> Pg<PlanningSettings> {
    let rows = c
        .query(
            "SELECT name, value FROM backlog_settings ORDER BY name",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(SettingRow {
                name: r.try_get(0)?,
                value: r.try_get(1)?,
            })
        })
        .collect::<Pg<Vec<_>>>()?;
    from_rows(&rows).map_err(Fail::Store)
}

/// Replaces the stored settings with `settings`.
pub fn write(c: &mut impl GenericClient, settings: &PlanningSettings) -> Pg<()> {
    c.execute("DELETE FROM backlog_settings", &[])?;
    for row in to_rows(settings) {
        c.execute(
            "INSERT INTO backlog_settings (name, value) VALUES ($1, $2)",
            &[&row.name, &row.value],
        )?;
    }
    Ok(())
}
