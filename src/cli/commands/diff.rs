//! `diff OLD [NEW] [--by] [--level] [--json]`: what changed on the roadmap
//! between a snapshot and the live backlog, or between two snapshots.

use std::io::Write;

use anyhow::Result;

use super::roadmap::view;
use crate::cli::args::DiffArgs;
use crate::cli::context::Context;
use crate::ops::snapshots::{Compared, RoadmapChanges, compare};
use crate::transfer::diff::{Side, json, text};

pub fn run(ctx: &Context, a: DiffArgs, out: &mut dyn Write) -> Result<()> {
    let store = ctx.read()?;
    let (model, level) = view(&a.view);
    let RoadmapChanges { diff, old, new } =
        compare(&store, &a.old, a.new.as_deref(), model, level)?;
    let side = |c: Compared| Side {
        name: c.name,
        taken: c.taken,
    };
    let (old_side, new_side) = (side(old), side(new));
    let bytes = if a.json {
        json(&diff, &old_side, &new_side)
    } else {
        text(&diff, &old_side, &new_side).into_bytes()
    };
    out.write_all(&bytes)?;
    Ok(())
}
