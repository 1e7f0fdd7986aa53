//! `dep add|rm` and `decide` (`dep map` is in `depmap`).

use std::io::Write;

use anyhow::Result;

use crate::cli::args::DepCommand;
use crate::cli::context::Context;
use crate::domain::parse::{self, key};
use crate::domain::text::clean_title;
use crate::ops::decisions::record_decision;
use crate::ops::deps::{add_dependency, remove_dependency};

pub fn dep(ctx: &Context, cmd: DepCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        DepCommand::Map(a) => super::depmap::run(ctx, a, out),
        DepCommand::Add { key: a, on } => {
            let mut store = ctx.write()?;
            let (a, b) = (key(&a)?, key(&on)?);
            add_dependency(&mut store, a, b)?;
            writeln!(out, "{a} now depends on {b}")?;
            Ok(())
        }
        DepCommand::Rm { key: a, on } => {
            let mut store = ctx.write()?;
            let (a, b) = (key(&a)?, key(&on)?);
            remove_dependency(&mut store, a, b)?;
            writeln!(out, "{a} no longer depends on {b}")?;
            Ok(())
        }
    }
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
    // Checked before the file is opened (and maybe created).
    clean_title("decision", decision)?;
    let date = match date {
        Some(d) => parse::date(&d)?,
        None => ctx.now().date_naive(),
    };
    let mut store = ctx.write()?;
    let why = why.unwrap_or_default();
    let item = record_decision(&mut store, k, decision, &why, date)?.value;
    writeln!(
        out,
        "{}: decision {} recorded",
        item.key,
        item.decisions.len()
    )?;
    Ok(())
}
