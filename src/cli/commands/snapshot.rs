//! `snapshot take [NAME] | list | show NAME | rm NAME`.

use std::io::Write;

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::roadmap::{emit, format, view};
use crate::cli::args::SnapshotCommand;
use crate::cli::context::Context;
use crate::cli::render::{safe, table};
use crate::domain::roadmap::Level;

pub fn run(ctx: &Context, c: SnapshotCommand, out: &mut dyn Write) -> Result<()> {
    match c {
        SnapshotCommand::Take { name } => {
            let mut store = ctx.write()?;
            let snap = store.take_snapshot(name.as_deref())?;
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
            let list = store.snapshots()?;
            if json {
                #[derive(Serialize)]
                struct Entry<'a> {
                    name: &'a str,
                    taken: String,
                }
                let v: Vec<Entry> = list
                    .iter()
                    .map(|s| Entry {
                        name: &s.name,
                        taken: s.taken.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &v)?;
                writeln!(out)?;
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
            let snap = store.snapshot(&name)?;
            let (model, level) = view(&v);
            let roadmap = snap
                .roadmap(level, model)
                .ok_or_else(|| anyhow!("snapshot “{}” holds no {level} roadmap", safe(&name)))?;
            emit(&roadmap, format(f), output.as_deref(), out)?;
        }
        SnapshotCommand::Rm { name } => {
            let mut store = ctx.write()?;
            store.delete_snapshot(&name)?;
            writeln!(out, "deleted snapshot “{}”", safe(name.trim()))?;
        }
    }
    Ok(())
}
