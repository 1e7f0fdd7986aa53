//! `init`, `path`, `demo`.

use std::io::Write;

use anyhow::{Result, bail};

use crate::cli::context::Context;
use crate::domain::Kind;
use crate::store::Store;
use crate::transfer::document;

/// The demo backlog, embedded.
pub const DEMO: &str = include_str!("../../../assets/demo.json");

pub fn init(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let existed = ctx.path.exists();
    let store = ctx.write()?;
    if existed {
        let n = store.load()?.len();
        writeln!(out, "{} already exists ({n} items)", ctx.path.display())?;
    } else {
        writeln!(out, "created {}", ctx.path.display())?;
    }
    Ok(())
}

pub fn path(ctx: &Context, out: &mut dyn Write) -> Result<()> {
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

/// Loads the demo backlog; refuses a non-empty file unless `force`, which
/// replaces its contents. Returns counts of initiatives, epics, stories.
pub fn load_demo(store: &mut Store, force: bool) -> Result<[usize; 3]> {
    let items = document::parse(DEMO, store.now())?;
    let path = store.path().display().to_string();
    store.write("load the demo backlog", |tx| {
        if !tx.is_empty()? {
            if !force {
                let n = tx.load()?.len();
                return Err(crate::store::StoreError::Refused(format!(
                    "{path} already holds {n} items: use `backlog demo --force` to replace them"
                )));
            }
            tx.wipe()?;
        }
        tx.insert_all(&items)
    })?;
    let count = |k| items.iter().filter(|i| i.kind() == k).count();
    if items.is_empty() {
        bail!("the demo backlog is empty");
    }
    Ok([
        count(Kind::Initiative),
        count(Kind::Epic),
        count(Kind::Story),
    ])
}
