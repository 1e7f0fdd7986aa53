//! `search TEXT [--kind K] [--json]`: items whose text holds every word,
//! best first, with where each matched.

use std::io::Write;

use anyhow::Result;

use crate::cli::context::Context;
use crate::cli::json::search::FoundJson;
use crate::cli::json::write_pretty;
use crate::cli::render::{safe, table, truncate};
use crate::domain::parse;
use crate::domain::text::count;
use crate::ops::search::search;

pub fn run(
    ctx: &Context,
    text: &str,
    kind: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = kind.map(parse::kind).transpose()?;
    let store = ctx.read()?;
    let found = search(&store, text, kind)?;
    if json {
        let list: Vec<FoundJson> = found.iter().map(FoundJson::new).collect();
        return write_pretty(out, &list);
    }
    if found.is_empty() {
        writeln!(out, "Nothing matches “{}”.", safe(text.trim()))?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|f| {
            let matched = if f.hit.field.name() == "title" || f.hit.field.name() == "key" {
                String::new()
            } else {
                format!(
                    "{}: {}",
                    f.hit.field.name(),
                    truncate(&safe(&f.hit.text), 50)
                )
            };
            vec![
                f.item.key.to_string(),
                f.item.kind().to_string(),
                truncate(&safe(&f.item.title), 50),
                matched,
            ]
        })
        .collect();
    write!(
        out,
        "{}",
        table(&["KEY", "KIND", "TITLE", "MATCHED IN"], &rows, &[false; 4])
    )?;
    writeln!(out, "{}", count(found.len(), "item", "items"))?;
    Ok(())
}
