//! `init`, `path`, `demo`.

use std::io::Write;

use anyhow::Result;

use crate::cli::context::Context;
use crate::domain::text::{count, shown_path};
use crate::ops::demo::load_demo;

pub fn init(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let existed = ctx.path.exists();
    let store = ctx.write()?;
    if existed || (ctx.on_server && !store.is_empty()?) {
        let n = store.load()?.len();
        writeln!(out, "{} already exists ({n} items)", shown_path(&ctx.path))?;
    } else {
        writeln!(out, "created {}", shown_path(&ctx.path))?;
    }
    Ok(())
}

pub fn path(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    if ctx.on_server {
        writeln!(out, "PostgreSQL: {}", shown_path(&ctx.path))?;
        return Ok(());
    }
    writeln!(out, "{}", shown_path(&ctx.path))?;
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
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let left = crate::store::remove_stale_backups(dir);
    if left.files > 0 {
        writeln!(
            out,
            "removed {} left in {} by interrupted backups ({} KB)",
            count(left.files, "stale temporary file", "stale temporary files"),
            shown_path(dir),
            left.bytes.div_ceil(1024)
        )?;
    }
    let size = store.backup_to(file, force)?;
    writeln!(
        out,
        "backed up {} ({} KB) to {}",
        shown_path(&ctx.path),
        size.div_ceil(1024),
        shown_path(file)
    )?;
    Ok(())
}

pub fn demo(ctx: &Context, force: bool, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    let counts = load_demo(&mut store, force)?;
    writeln!(
        out,
        "loaded the demo backlog into {}: {} initiatives, {} epics, {} stories, {} customer insights",
        shown_path(&ctx.path),
        counts.kinds[0],
        counts.kinds[1],
        counts.kinds[2],
        counts.insights
    )?;
    Ok(())
}
