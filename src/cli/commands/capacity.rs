//! `capacity [--now-weeks N] [--points-per-week P | --measured] [--json]`:
//! what Now holds against the team's capacity and when each Now and Next
//! epic will be done; with a flag, first changes the team's settings.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;

use crate::cli::args::CapacityArgs;
use crate::cli::context::Context;
use crate::cli::json::capacity::JsonCapacity;
use crate::cli::json::write_pretty;
use crate::cli::render::{safe, table, truncate};
use crate::domain::planning::Planning;
use crate::domain::{Backlog, Key, Model};
use crate::ops::planning::{SettingsChange, change_settings, for_backlog};

pub fn run(ctx: &Context, a: CapacityArgs, out: &mut dyn Write) -> Result<()> {
    let change = SettingsChange {
        now_weeks: a.now_weeks,
        points_per_week: match (a.points_per_week, a.measured) {
            (Some(p), _) => Some(Some(p)),
            (None, true) => Some(None),
            (None, false) => None,
        },
    };
    let store = if change == SettingsChange::default() {
        ctx.read()?
    } else {
        let mut store = ctx.write()?;
        let s = change_settings(&mut store, change)?;
        let pace = match s.points_per_week {
            Some(p) => format!("{} pts/week", crate::domain::number::round_display(p, 1)),
            None => "measured from the history".into(),
        };
        if !a.json {
            writeln!(
                out,
                "Planning settings: Now = {} weeks, capacity {pace}.",
                s.now_weeks
            )?;
        }
        store
    };
    let backlog = store.load_for_roadmap()?;
    let planning = for_backlog(&store, &backlog, Model::Rice)?;
    let titles: HashMap<Key, &str> = planning
        .epics
        .iter()
        .filter_map(|e| backlog.get(e.key).map(|i| (e.key, i.title.as_str())))
        .collect();
    if a.json {
        write_pretty(out, &JsonCapacity::of(&planning, &titles))?;
    } else {
        text(&planning, &backlog, out)?;
    }
    Ok(())
}

fn text(p: &Planning, backlog: &Backlog, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}", p.capacity.headline())?;
    writeln!(out, "{}.", p.capacity.basis())?;
    writeln!(
        out,
        "Now ends {} ({} weeks from {}).",
        p.horizon, p.settings.now_weeks, p.today
    )?;
    if p.epics.is_empty() {
        writeln!(out, "No epic is in Now or Next.")?;
        return Ok(());
    }
    writeln!(out)?;
    let late: Vec<Key> = p.late_in_now().map(|e| e.key).collect();
    let rows: Vec<Vec<String>> = p
        .epics
        .iter()
        .map(|e| {
            let title = backlog.get(e.key).map_or("", |i| i.title.as_str());
            let date = match e.p85 {
                Some(d) => d.to_string(),
                None if p.basis.is_forecast() => "beyond 10 years".into(),
                None => "-".into(),
            };
            let late = if late.contains(&e.key) {
                "after Now ends"
            } else {
                ""
            };
            vec![
                e.lane.title().to_string(),
                e.key.to_string(),
                truncate(&safe(title), 40),
                e.remaining.to_string(),
                date,
                late.to_string(),
            ]
        })
        .collect();
    let header = ["LANE", "EPIC", "TITLE", "OPEN", "85%", ""];
    write!(
        out,
        "{}",
        table(&header, &rows, &[false, false, false, true, false, false])
    )?;
    writeln!(out, "{}.", p.basis.line())?;
    Ok(())
}
