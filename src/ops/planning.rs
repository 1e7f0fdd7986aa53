//! Planning: the team's settings (what Now stands for, its capacity), Now's
//! load against capacity, and the 85 % dates of the Now and Next epics.

use chrono::Duration;

use crate::domain::planning::{Planning, PlanningSettings, WINDOW_WEEKS, plan};
use crate::domain::{Backlog, Model};
use crate::store::{Result, Store};

/// The planning figures of the live backlog, ranked by `model`.
pub fn planning(store: &Store, model: Model) -> Result<Planning> {
    let backlog = store.load_for_roadmap()?;
    for_backlog(store, &backlog, model)
}

/// The planning figures of `backlog` (already loaded, at least as
/// [`Store::load_for_roadmap`] reads it), with the history and settings
/// read from the store.
pub fn for_backlog(store: &Store, backlog: &Backlog, model: Model) -> Result<Planning> {
    let now = store.now();
    let completions = store.completions(now - Duration::weeks(WINDOW_WEEKS as i64))?;
    Ok(plan(
        backlog,
        &completions,
        store.history_start()?,
        store.planning_settings()?,
        model,
        now,
    ))
}

/// What `backlog capacity` changes: each `None` keeps the setting.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SettingsChange {
    pub now_weeks: Option<u32>,
    /// `Some(None)`: measure from the history again.
    pub points_per_week: Option<Option<f64>>,
}

/// Changes the team's planning settings, in one transaction; returns them
/// as they now stand. Settings are not part of undo: set them again.
pub fn change_settings(store: &mut Store, change: SettingsChange) -> Result<PlanningSettings> {
    store.write("change the planning settings", |tx| {
        let old = tx.planning_settings()?;
        let new = PlanningSettings::new(
            change.now_weeks.unwrap_or(old.now_weeks),
            change.points_per_week.unwrap_or(old.points_per_week),
        )?;
        if new != old {
            tx.set_planning_settings(&new)?;
        }
        Ok(new)
    })
}
