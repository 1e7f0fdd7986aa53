//! `rm` (archive or purge), `restore`, `undo`, `redo`.

use std::io::Write;

use anyhow::Result;

use crate::cli::context::Context;
use crate::domain::parse::key;
use crate::store::StoreError;

pub fn rm(ctx: &Context, k: &str, purge: bool, out: &mut dyn Write) -> Result<()> {
    let k = key(k)?;
    let mut store = ctx.write()?;
    if purge {
        store.write(&format!("purge {k}"), |tx| tx.purge(k))?;
        writeln!(out, "{k} deleted for good")?;
        return Ok(());
    }
    let hidden_below = store.write(&format!("archive {k}"), |tx| {
        let backlog = tx.load()?;
        let item = backlog.get(k).ok_or(StoreError::NoSuchItem(k))?;
        if item.archived {
            return Err(StoreError::Refused(format!("{k} is already archived")));
        }
        let below = descendants(&backlog, k);
        tx.modify(k, |i| {
            i.archived = true;
            Ok(())
        })?;
        Ok(below)
    })?;
    if hidden_below > 0 {
        writeln!(
            out,
            "{k} archived, with the {hidden_below} items under it (undo with `backlog undo` or `backlog restore {k}`)"
        )?;
    } else {
        writeln!(
            out,
            "{k} archived (undo with `backlog undo` or `backlog restore {k}`)"
        )?;
    }
    Ok(())
}

fn descendants(backlog: &crate::domain::Backlog, k: crate::domain::Key) -> usize {
    backlog
        .children(k)
        .map(|c| 1 + descendants(backlog, c.key))
        .sum()
}

pub fn restore(ctx: &Context, k: &str, out: &mut dyn Write) -> Result<()> {
    let k = key(k)?;
    let mut store = ctx.write()?;
    store.write(&format!("restore {k}"), |tx| {
        tx.modify(k, |i| {
            if !i.archived {
                return Err(StoreError::Refused(format!("{k} is not archived")));
            }
            i.archived = false;
            Ok(())
        })
    })?;
    writeln!(out, "{k} restored")?;
    Ok(())
}

pub fn undo(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    match store.undo()? {
        Some(s) => writeln!(out, "undone: {s}")?,
        None => writeln!(out, "nothing to undo")?,
    }
    Ok(())
}

pub fn redo(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    match store.redo()? {
        Some(s) => writeln!(out, "redone: {s}")?,
        None => writeln!(out, "nothing to redo")?,
    }
    Ok(())
}
