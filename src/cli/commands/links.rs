//! `dep add|rm` and `decide`.

use std::io::Write;

use anyhow::Result;

use crate::cli::args::DepCommand;
use crate::cli::context::Context;
use crate::domain::Decision;
use crate::domain::parse::{self, key};
use crate::domain::text::clean_title;
use crate::store::StoreError;

pub fn dep(ctx: &Context, cmd: DepCommand, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    match cmd {
        DepCommand::Add { key: a, on } => {
            let (a, b) = (key(&a)?, key(&on)?);
            store.write(&format!("{a} depends on {b}"), |tx| {
                tx.get(b)?;
                tx.modify(a, |item| {
                    if item.depends_on.contains(&b) {
                        return Err(StoreError::Refused(format!("{a} already depends on {b}")));
                    }
                    item.depends_on.push(b);
                    item.depends_on.sort();
                    Ok(())
                })
            })?;
            writeln!(out, "{a} now depends on {b}")?;
        }
        DepCommand::Rm { key: a, on } => {
            let (a, b) = (key(&a)?, key(&on)?);
            store.write(&format!("{a} no longer depends on {b}"), |tx| {
                tx.modify(a, |item| {
                    if !item.depends_on.contains(&b) {
                        return Err(StoreError::Refused(format!("{a} does not depend on {b}")));
                    }
                    item.depends_on.retain(|d| *d != b);
                    Ok(())
                })
            })?;
            writeln!(out, "{a} no longer depends on {b}")?;
        }
    }
    Ok(())
}

pub fn decide(
    ctx: &Context,
    k: &str,
    decision: &str,
    why: Option<String>,
    date: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let k = key(k)?;
    let decision = clean_title("decision", decision)?;
    let date = match date {
        Some(d) => parse::date(&d)?,
        None => ctx.now().date_naive(),
    };
    let mut store = ctx.write()?;
    let item = store.write(&format!("decision on {k}"), |tx| {
        tx.modify(k, |item| {
            item.decisions.push(Decision {
                date,
                decision,
                rationale: why.unwrap_or_default().trim().to_string(),
            });
            Ok(())
        })
    })?;
    writeln!(
        out,
        "{}: decision {} recorded",
        item.key,
        item.decisions.len()
    )?;
    Ok(())
}
