//! `init`, `path`, `demo`.

use std::io::Write;

use anyhow::Result;

use crate::cli::context::Context;
use crate::ops::demo::load_demo;

pub fn init(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let existed = ctx.path.exists();
    let store = ctx.write()?;
    if existed || (ctx.on_server && !store.is_empty()?) {
        let n = store.load()?.len();
        writeln!(out, "{} already exists ({n} items)", ctx.path.display())?;
    } else {
        writeln!(out, "created {}", ctx.path.display())?;
    }
    Ok(())
}

pub fn path(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    if ctx.on_server {
        writeln!(out, "PostgreSQL: {}", ctx.path.display())?;
        return Ok(());
    }
    writeln!(out, "{}", ctx.path.display())?;
    Ok(())
}

/// `backup FILE [--force]`: a consistent copy through SQLite's online
/// backup API, written beside FILE first and renamed into place.
pub fn backup(
    ctx: &Context,
    file: &std::path::Path,
    force: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let store = ctx.read()?;
    let size = store.backup_to(file, force)?;
    writeln!(
        out,
        "backed up {} ({} KB) to {}",
        ctx.path.display(),
        size.div_ceil(1024),
        file.display()
    )?;
    Ok(())
}

pub fn demo(ctx: &Context, force: bool, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    let counts = load_demo(&mut store, force)?;
    writeln!(
        out,
        "loaded the demo backlog into {}: {} initiatives, {} epics, {} stories",
        ctx.path.display(),
        counts[0],
        counts[1],
        counts[2]
    )?;
    Ok(())
}
