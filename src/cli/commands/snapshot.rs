//! `snapshot take [NAME] | list | show NAME | rm NAME`.

use std::io::Write;

use anyhow::Result;

use super::roadmap::{emit, format, view};
use crate::cli::args::SnapshotCommand;
use crate::cli::context::Context;
use crate::cli::json::snapshots::SnapshotEntryJson;
use crate::cli::json::write_pretty;
use crate::cli::render::{safe, table};
use crate::domain::roadmap::Level;
use crate::ops::snapshots::{
    delete_snapshot, get_snapshot, list_snapshots, snapshot_roadmap, take_snapshot,
};

pub fn run(ctx: &Context, c: SnapshotCommand, out: &mut dyn Write) -> Result<()> {
    match c {
        SnapshotCommand::Take { name } => {
            let mut store = ctx.write()?;
            let snap = take_snapshot(&mut store, name.as_deref())?;
            let count = |level| {
                snap.roadmaps
                    .iter()
                    .find(|r| r.level == level)
                    .map_or(0, |r| r.len())
            };
            writeln!(
                out,
                "took snapshot “{}” ({} epics, {} initiatives)",
                safe(&snap.name),
                count(Level::Epic),
                count(Level::Initiative)
            )?;
        }
        SnapshotCommand::List { json } => {
            let store = ctx.read()?;
            let list = list_snapshots(&store)?;
            if json {
                let v: Vec<SnapshotEntryJson> = list.iter().map(SnapshotEntryJson::new).collect();
                write_pretty(out, &v)?;
            } else if list.is_empty() {
                writeln!(
                    out,
                    "No snapshots yet. Take one with `backlog snapshot take [NAME]`."
                )?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|s| {
                        vec![
                            safe(&s.name),
                            s.taken.format("%Y-%m-%d %H:%M UTC").to_string(),
                        ]
                    })
                    .collect();
                out.write_all(table(&["NAME", "TAKEN"], &rows, &[false, false]).as_bytes())?;
            }
        }
        SnapshotCommand::Show {
            name,
            view: v,
            format: f,
            output,
        } => {
            let store = ctx.read()?;
            let snap = get_snapshot(&store, &name)?;
            let (model, level) = view(&v);
            let roadmap = snapshot_roadmap(&snap, level, model)?;
            emit(&roadmap, format(f), output.as_deref(), out)?;
        }
        SnapshotCommand::Rm { name } => {
            let mut store = ctx.write()?;
            delete_snapshot(&mut store, &name)?;
            writeln!(out, "deleted snapshot “{}”", safe(name.trim()))?;
        }
    }
    Ok(())
}
