//! `diff OLD [NEW] [--by] [--level] [--json]`: what changed on the roadmap
//! between a snapshot and the live backlog, or between two snapshots.

use std::io::Write;

use anyhow::Result;

use super::roadmap::view;
use crate::cli::args::DiffArgs;
use crate::cli::context::Context;
use crate::cli::json::diff::DiffJson;
use crate::cli::json::write_pretty;
use crate::ops::snapshots::{Compared, compare};
use crate::transfer::diff::{Side, text};

pub fn run(ctx: &Context, a: DiffArgs, out: &mut dyn Write) -> Result<()> {
    let store = ctx.read()?;
    let (model, level) = view(&a.view);
    let changes = compare(&store, &a.old, a.new.as_deref(), model, level)?;
    if a.json {
        return write_pretty(out, &DiffJson::new(&changes));
    }
    let side = |c: &Compared| Side {
        name: c.name.clone(),
        taken: c.taken,
    };
    let listing = text(&changes.diff, &side(&changes.old), &side(&changes.new));
    out.write_all(listing.as_bytes())?;
    Ok(())
}
