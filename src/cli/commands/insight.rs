//! `insight add|link|unlink|list|show|rm`: customer evidence (`F-1`, …).

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Result;

use crate::cli::args_insight::{InsightAddArgs, InsightCommand};
use crate::cli::context::Context;
use crate::cli::json::insight::InsightJson;
use crate::cli::json::write_pretty;
use crate::cli::render::{safe, table};
use crate::domain::insight::InsightInfo;
use crate::domain::parse::{self, key};
use crate::domain::text::{clean_title, count_of, shown_path};
use crate::domain::{Backlog, Item, Key, Kind};
use crate::ops::insights::{self, InsightFilter, NewInsight};
use crate::ops::insights_import;
use crate::transfer::input::decode;
use crate::transfer::insights_csv;
use crate::transfer::limits::Limits;

pub fn run(ctx: &Context, cmd: InsightCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        InsightCommand::Add(a) => add(ctx, a, out),
        InsightCommand::Link { insight, items } => {
            let insight = key(&insight)?;
            let targets = items
                .iter()
                .map(|k| key(k))
                .collect::<Result<Vec<Key>, _>>()?;
            let mut store = ctx.write()?;
            insights::link(&mut store, insight, &targets)?;
            writeln!(out, "{insight} linked to {}", joined(&targets))?;
            Ok(())
        }
        InsightCommand::Unlink { insight, item } => {
            let (insight, item) = (key(&insight)?, key(&item)?);
            let mut store = ctx.write()?;
            insights::unlink(&mut store, insight, item)?;
            writeln!(out, "{insight} unlinked from {item}")?;
            Ok(())
        }
        InsightCommand::List {
            unlinked,
            customer,
            json,
        } => {
            let backlog = ctx.read()?.load()?;
            let filter = InsightFilter { unlinked, customer };
            let found = insights::list(&backlog, &filter);
            if json {
                let all: Vec<InsightJson> = found.iter().map(|i| InsightJson::new(i)).collect();
                return write_pretty(out, &all);
            }
            write_list(&found, out)
        }
        InsightCommand::Show { insight, json } => {
            let k = key(&insight)?;
            let backlog = ctx.read()?.load()?;
            let item = insights::get(&backlog, k)?;
            if json {
                return write_pretty(out, &InsightJson::new(item));
            }
            write_insight(item, &backlog, out)
        }
        InsightCommand::Import {
            file,
            map,
            no_limits,
        } => import(ctx, &file, &map, no_limits, out),
        InsightCommand::Rm { insight } => {
            let k = key(&insight)?;
            let mut store = ctx.write()?;
            insights::archive(&mut store, k)?;
            writeln!(out, "{k} archived (`backlog undo` brings it back)")?;
            Ok(())
        }
    }
}

fn add(ctx: &Context, a: InsightAddArgs, out: &mut dyn Write) -> Result<()> {
    // Everything checked before the file is opened (and maybe created).
    clean_title("insight text", &a.text)?;
    let links = a
        .links
        .iter()
        .map(|k| key(k))
        .collect::<Result<Vec<Key>, _>>()?;
    let date = Some(match a.date {
        Some(d) => parse::date(&d)?,
        None => ctx.now().date_naive(),
    });
    let new = NewInsight {
        text: a.text,
        info: InsightInfo {
            customer: a.customer,
            segment: a.segment,
            source: a.source,
            url: a.url,
            date,
        },
        links,
    };
    let mut store = ctx.write()?;
    let item = insights::add(&mut store, new)?.value;
    writeln!(out, "{}", item.key)?;
    Ok(())
}

fn import(
    ctx: &Context,
    file: &Path,
    map: &[(String, String)],
    no_limits: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let label = shown_path(file);
    // The limits of `import`: `/dev/zero` used to be read until memory
    // ran out, and a 2 MB text made an export that `import` refuses.
    let limits = if no_limits {
        Limits::NONE
    } else {
        Limits::DEFAULT
    };
    // Read and checked in full before the backlog is opened.
    let bytes = if file == Path::new("-") {
        let mut b = Vec::new();
        std::io::stdin()
            .take(limits.max_bytes.saturating_add(1))
            .read_to_end(&mut b)?;
        limits.check_read(&label, b.len() as u64)?;
        b
    } else {
        super::transfer::read_within(file, &label, &limits)?
    };
    let text = decode(&label, bytes)?;
    let planned = insights_csv::parse(&label, &text, map)?;
    limits.check_insights(&label, &planned)?;
    let mut store = ctx.write()?;
    let done = insights_import::import(&mut store, &label, &planned)?.value;
    let already = match done.duplicates {
        0 => String::new(),
        n => format!("; {n} already there, not added again"),
    };
    match (done.added.first(), done.added.last()) {
        (Some(first), Some(last)) => writeln!(
            out,
            "imported {} from {label} ({}){already}",
            count_of(done.added.len(), Kind::Insight),
            if first == last {
                first.to_string()
            } else {
                format!("{first} … {last}")
            }
        )?,
        _ => writeln!(out, "nothing imported from {label}{already}")?,
    }
    Ok(())
}

fn write_list(found: &[&Item], out: &mut dyn Write) -> Result<()> {
    if found.is_empty() {
        writeln!(out, "No insights match.")?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|i| {
            let info = i.insight.clone().unwrap_or_default();
            vec![
                i.key.to_string(),
                info.date.map(|d| d.to_string()).unwrap_or_default(),
                safe(info.customer.as_deref().unwrap_or("")),
                safe(info.segment.as_deref().unwrap_or("")),
                if i.depends_on.is_empty() {
                    "(inbox)".to_string()
                } else {
                    joined(&i.depends_on)
                },
                safe(&i.title),
            ]
        })
        .collect();
    write!(
        out,
        "{}",
        table(
            &["KEY", "DATE", "CUSTOMER", "SEGMENT", "LINKED TO", "TEXT"],
            &rows,
            &[false; 6]
        )
    )?;
    Ok(())
}

fn write_insight(item: &Item, backlog: &Backlog, out: &mut dyn Write) -> Result<()> {
    let info = item.insight.clone().unwrap_or_default();
    let archived = if item.archived { "  [archived]" } else { "" };
    writeln!(out, "{}  “{}”{archived}", item.key, safe(&item.title))?;
    let line = |label: &str, v: Option<String>, out: &mut dyn Write| -> Result<()> {
        if let Some(v) = v {
            writeln!(out, "  {label:<9} {}", safe(&v))?;
        }
        Ok(())
    };
    line("Customer:", info.customer, out)?;
    line("Segment:", info.segment, out)?;
    line("Source:", info.source, out)?;
    line("URL:", info.url, out)?;
    line("Date:", info.date.map(|d| d.to_string()), out)?;
    if item.depends_on.is_empty() {
        writeln!(out, "  Linked to nothing yet (in the inbox)")?;
    } else {
        writeln!(out, "  Linked to:")?;
        for k in &item.depends_on {
            let title = backlog.get(*k).map_or("(gone)", |i| i.title.as_str());
            writeln!(out, "    {k}  {}", safe(title))?;
        }
    }
    Ok(())
}

fn joined(keys: &[Key]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
