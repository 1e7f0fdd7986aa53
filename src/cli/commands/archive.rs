//! `rm` (archive or purge), `restore`, `undo`, `redo`.

use std::io::Write;

use anyhow::Result;

use crate::cli::context::Context;
use crate::domain::parse::key;
use crate::domain::text::{count, terminal_safe};
use crate::ops::archive::{archive, purge, restore};
use crate::ops::undo::{redo_latest, undo_latest};

pub fn rm(ctx: &Context, k: &str, purge_it: bool, out: &mut dyn Write) -> Result<()> {
    let k = key(k)?;
    let mut store = ctx.write()?;
    if purge_it {
        purge(&mut store, k)?;
        writeln!(out, "{k} deleted for good")?;
        return Ok(());
    }
    let below = archive(&mut store, k)?.value.below;
    if below > 0 {
        writeln!(
            out,
            "{k} archived, with the {} under it (undo with `backlog undo` or `backlog restore {k}`)",
            count(below, "item", "items")
        )?;
    } else {
        writeln!(
            out,
            "{k} archived (undo with `backlog undo` or `backlog restore {k}`)"
        )?;
    }
    Ok(())
}

pub fn restore_item(ctx: &Context, k: &str, out: &mut dyn Write) -> Result<()> {
    let k = key(k)?;
    let mut store = ctx.write()?;
    restore(&mut store, k)?;
    writeln!(out, "{k} restored")?;
    Ok(())
}

pub fn undo(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    let stepped = undo_latest(&mut store)?;
    skipped(&stepped.skipped, out)?;
    match stepped.summary {
        Some(s) => writeln!(out, "undone: {s}")?,
        None => writeln!(out, "nothing to undo")?,
    }
    Ok(())
}

pub fn redo(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    let stepped = redo_latest(&mut store)?;
    skipped(&stepped.skipped, out)?;
    match stepped.summary {
        Some(s) => writeln!(out, "redone: {s}")?,
        None => writeln!(out, "nothing to redo")?,
    }
    Ok(())
}

/// The changes undo or redo passed over, one line each.
fn skipped(lines: &[String], out: &mut dyn Write) -> Result<()> {
    for line in lines {
        writeln!(out, "{}", terminal_safe(line, false))?;
    }
    Ok(())
}
