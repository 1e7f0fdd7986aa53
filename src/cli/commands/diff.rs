//! `diff OLD [NEW] [--by] [--level] [--json]`: what changed on the roadmap
//! between a snapshot and the live backlog, or between two snapshots.

use std::io::Write;

use anyhow::{Result, anyhow};
use chrono::SubsecRound;

use super::roadmap::view;
use crate::cli::args::DiffArgs;
use crate::cli::context::Context;
use crate::cli::render::safe;
use crate::domain::diff::Diff;
use crate::domain::roadmap::Roadmap;
use crate::store::Store;
use crate::transfer::diff::{Side, json, text};

pub fn run(ctx: &Context, a: DiffArgs, out: &mut dyn Write) -> Result<()> {
    let store = ctx.read()?;
    let (model, level) = view(&a.view);
    let (old, old_side) = stored(&store, &a.old, level)?;
    let (new, new_side) = match &a.new {
        Some(name) => stored(&store, name, level)?,
        None => {
            let now = store.now().trunc_subsecs(0);
            let live = Roadmap::build(&store.load()?, model, level, now);
            (
                live,
                Side {
                    name: None,
                    taken: now,
                },
            )
        }
    };
    let diff = Diff::between(&old, &new, model);
    let bytes = if a.json {
        json(&diff, &old_side, &new_side)
    } else {
        text(&diff, &old_side, &new_side).into_bytes()
    };
    out.write_all(&bytes)?;
    Ok(())
}

/// A stored snapshot's roadmap at `level`.
fn stored(
    store: &Store,
    name: &str,
    level: crate::domain::roadmap::Level,
) -> Result<(Roadmap, Side)> {
    let snap = store.snapshot(name)?;
    let roadmap = snap
        .roadmaps
        .iter()
        .find(|r| r.level == level)
        .cloned()
        .ok_or_else(|| anyhow!("snapshot “{}” holds no {level} roadmap", safe(&snap.name)))?;
    Ok((
        roadmap,
        Side {
            name: Some(snap.name),
            taken: snap.taken,
        },
    ))
}
