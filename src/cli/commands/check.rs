//! `check` (is the backlog file sound? exit 1 if not) and `salvage FILE
//! -o NEW` (every readable item of a damaged file, as a document).

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde_json::json;

use crate::cli::context::Context;
use crate::domain::text::{count, shown_path, terminal_safe};
use crate::ops::output::{Destination, write_file};
use crate::ops::salvage::salvage as salvage_items;
use crate::store::{Checked, Lost, check_file};

/// How many lost items a text report names before "and N more".
const NAMED: usize = 20;

pub fn check(ctx: &Context, json: bool, out: &mut dyn Write) -> Result<()> {
    if ctx.on_server {
        bail!(
            "`backlog check` checks a backlog file; a PostgreSQL server checks its own data (docs/TEAM.md says how to back it up)"
        );
    }
    let c = check_file(&ctx.path)?;
    let file = shown_path(&ctx.path);
    if json {
        let lost: Vec<_> = c
            .lost
            .iter()
            .map(|l| json!({"key": l.key.map(|k| k.to_string()), "row": l.row, "why": l.why}))
            .collect();
        let report = json!({
            "file": ctx.path.to_string_lossy(),
            "damaged": c.is_damaged(),
            "problems": c.problems,
            "items": c.items.len(),
            "lost": lost,
            "snapshots": c.snapshots.len(),
            "lost_snapshots": c.lost_snapshots,
            "note_removed": c.note_removed,
        });
        writeln!(
            out,
            "{}",
            crate::transfer::json_text::to_string_pretty(&report)?
        )?;
    } else if c.is_damaged() {
        write_damaged(&c, &file, out)?;
    } else {
        writeln!(
            out,
            "{file} is sound: SQLite's integrity check passed and {} and {} read whole",
            count(c.items.len(), "item", "items"),
            count(c.snapshots.len(), "snapshot", "snapshots"),
        )?;
        if c.note_removed {
            writeln!(
                out,
                "removed {}: it was found damaged before; writes are allowed again",
                shown_path(&crate::store::damage_note_path(&ctx.path))
            )?;
        }
    }
    if c.is_damaged() {
        return Err(anyhow!(
            "{file} is damaged ({}); every write to it is refused",
            first_problem(&c)
        ));
    }
    Ok(())
}

fn first_problem(c: &Checked) -> String {
    match c.problems.first() {
        Some(p) => terminal_safe(p, false),
        None if !c.lost.is_empty() => format!(
            "{} of {} items cannot be read",
            c.lost.len(),
            c.lost.len() + c.items.len()
        ),
        None => format!(
            "{} cannot be read",
            count(c.lost_snapshots.len(), "snapshot", "snapshots")
        ),
    }
}

fn write_damaged(c: &Checked, file: &str, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{file} is damaged:")?;
    for p in &c.problems {
        writeln!(out, "  {}", terminal_safe(p, false))?;
    }
    if c.items_unreachable {
        writeln!(out, "  no item can be read, nor how many there are")?;
    } else if !c.lost.is_empty() {
        writeln!(
            out,
            "  {} of {} items cannot be read: {}",
            c.lost.len(),
            c.lost.len() + c.items.len(),
            lost_list(&c.lost)
        )?;
    } else {
        writeln!(
            out,
            "  every one of the {} can be read",
            count(c.items.len(), "item", "items")
        )?;
    }
    if !c.lost_snapshots.is_empty() {
        writeln!(
            out,
            "  {} cannot be read: {}",
            count(c.lost_snapshots.len(), "snapshot", "snapshots"),
            terminal_safe(&c.lost_snapshots.join(", "), false)
        )?;
    }
    let name = c.path.file_name().map_or_else(
        || file.to_string(),
        |n| terminal_safe(&n.to_string_lossy(), false),
    );
    writeln!(out, "Every write to it is refused. To go on:")?;
    writeln!(
        out,
        "  1. Restore a backup: quit every backlog using it; move {name}, {name}-wal, {name}-shm and {name}-damaged aside together; copy the backup in its place; run `backlog check` again (docs/RELIABILITY.md, \"Restoring a backup\")."
    )?;
    writeln!(
        out,
        "  2. Without a backup: `backlog salvage {file} -o saved.json` keeps every readable item, and `backlog --db new.db import saved.json` makes a new backlog of them."
    )?;
    Ok(())
}

/// `S-5 (why), row 17 (why)`, the first [`NAMED`] of them.
fn lost_list(lost: &[Lost]) -> String {
    let mut parts: Vec<String> = lost
        .iter()
        .take(NAMED)
        .map(|l| {
            let what = l
                .key
                .map_or_else(|| format!("row {}", l.row), |k| k.to_string());
            format!("{what} ({})", terminal_safe(&l.why, false))
        })
        .collect();
    if lost.len() > NAMED {
        parts.push(format!("and {} more", lost.len() - NAMED));
    }
    parts.join(", ")
}

pub fn salvage(ctx: &Context, file: &Path, output: &Path, out: &mut dyn Write) -> Result<()> {
    let c = check_file(file)?;
    let shown = shown_path(file);
    if c.items_unreachable {
        // "saved 0 of 0 items … lost: nothing" would say the file was empty.
        return Err(anyhow!(
            "nothing of {shown} can be read ({}): no document was written; restore a backup (docs/RELIABILITY.md, \"Restoring a backup\")",
            first_problem(&c)
        ));
    }
    // Damage to the file as a whole can hide rows without a trace.
    let hidden = (!c.problems.is_empty()).then(|| first_problem(&c));
    let total = c.items.len() + c.lost.len();
    let s = salvage_items(c, ctx.now())?;
    let dest = Destination::parse(Some(output));
    let mut report: Vec<String> = Vec::new();
    report.push(format!(
        "saved {} of {} items of {shown} and {} to {}",
        s.saved,
        total,
        count(s.snapshots, "snapshot", "snapshots"),
        match &dest {
            Destination::Stdout => "standard output".to_string(),
            Destination::File(p) => shown_path(p),
        }
    ));
    if let Some(problem) = &hidden
        && s.lost.is_empty()
    {
        report.push(format!(
            "lost: no item found lost, but {problem}: items may be missing without a trace (compare with a backup)"
        ));
    } else if s.lost.is_empty() && s.lost_snapshots.is_empty() {
        report.push("lost: nothing".into());
    } else if s.lost.is_empty() {
        report.push("lost: no item".into());
    } else {
        report.push(format!("lost: {}", lost_list(&s.lost)));
    }
    if !s.lost_snapshots.is_empty() {
        report.push(format!(
            "lost snapshots: {}",
            terminal_safe(&s.lost_snapshots.join(", "), false)
        ));
    }
    if !s.placeholders.is_empty() {
        let keys: Vec<String> = s.placeholders.iter().map(|k| k.to_string()).collect();
        report.push(format!(
            "placeholders for lost parents: {} (titled as such; their children keep their place)",
            keys.join(", ")
        ));
    }
    if s.dropped_links > 0 {
        report.push(format!(
            "dropped {} on lost items",
            count(s.dropped_links, "dependency", "dependencies")
        ));
    }
    match dest {
        Destination::Stdout => {
            out.write_all(s.text.as_bytes())?;
            for line in report {
                eprintln!("{line}");
            }
        }
        Destination::File(path) => {
            write_file(&path, s.text.as_bytes())?;
            for line in report {
                writeln!(out, "{line}")?;
            }
            writeln!(
                out,
                "next: `backlog --db NEW.db import {}` makes a new backlog of it",
                shown_path(&path)
            )?;
        }
    }
    Ok(())
}
