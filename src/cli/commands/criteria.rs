//! `ac …` (acceptance criteria) and `metric …` (success metrics).

use std::io::Write;

use anyhow::Result;

use crate::cli::args::{AcCommand, MetricCommand};
use crate::cli::context::Context;
use crate::domain::parse::{key, position};
use crate::domain::text::{clean_title, count};
use crate::domain::{Kind, Metric};

pub fn ac(ctx: &Context, cmd: AcCommand, out: &mut dyn Write) -> Result<()> {
    let (k, what) = match &cmd {
        AcCommand::Add { key: k, .. } => (key(k)?, "add a criterion to"),
        AcCommand::Check { key: k, .. } => (key(k)?, "check a criterion of"),
        AcCommand::Uncheck { key: k, .. } => (key(k)?, "uncheck a criterion of"),
        AcCommand::Rm { key: k, .. } => (key(k)?, "remove a criterion of"),
        AcCommand::Edit { key: k, .. } => (key(k)?, "edit a criterion of"),
        AcCommand::Move { key: k, .. } => (key(k)?, "reorder the criteria of"),
    };
    let n = match &cmd {
        AcCommand::Add { .. } => 0,
        AcCommand::Check { n, .. }
        | AcCommand::Uncheck { n, .. }
        | AcCommand::Rm { n, .. }
        | AcCommand::Edit { n, .. }
        | AcCommand::Move { n, .. } => position("criterion", n)?,
    };
    let to = match &cmd {
        AcCommand::Move { to, .. } => position("position", to)?,
        _ => 0,
    };
    let mut store = ctx.write()?;
    let item = store.write(&format!("{what} {k}"), |tx| {
        tx.modify(k, |item| {
            item.require_kind(Kind::Story, "acceptance criteria")?;
            match &cmd {
                AcCommand::Add { text, .. } => item.add_criterion(text)?,
                AcCommand::Check { .. } => item.set_criterion_done(n, true)?,
                AcCommand::Uncheck { .. } => item.set_criterion_done(n, false)?,
                AcCommand::Rm { .. } => {
                    item.remove_criterion(n)?;
                }
                AcCommand::Edit { text, .. } => item.edit_criterion(n, text)?,
                AcCommand::Move { .. } => item.move_criterion(n, to)?,
            }
            Ok(())
        })
    })?;
    writeln!(
        out,
        "{}: {} acceptance criteria, {} met",
        item.key,
        item.criteria.len(),
        item.criteria_done()
    )?;
    Ok(())
}

pub fn metric(ctx: &Context, cmd: MetricCommand, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    let item = match cmd {
        MetricCommand::Add {
            key: k,
            name,
            baseline,
            target,
        } => {
            let k = key(&k)?;
            let name = clean_title("metric name", &name)?;
            store.write(&format!("add a metric to {k}"), |tx| {
                tx.modify(k, |item| {
                    item.require_kind(Kind::Initiative, "success metrics")?;
                    item.metrics.push(Metric {
                        name,
                        baseline: baseline.unwrap_or_default().trim().to_string(),
                        target: target.unwrap_or_default().trim().to_string(),
                    });
                    Ok(())
                })
            })?
        }
        MetricCommand::Rm { key: k, n } => {
            let k = key(&k)?;
            let n = position("metric", &n)?;
            store.write(&format!("remove a metric of {k}"), |tx| {
                tx.modify(k, |item| {
                    item.require_kind(Kind::Initiative, "success metrics")?;
                    if n > item.metrics.len() {
                        return Err(crate::domain::DomainError::invalid(
                            "metric",
                            n,
                            &format!("a number from 1 to {}", item.metrics.len()),
                        )
                        .into());
                    }
                    item.metrics.remove(n - 1);
                    Ok(())
                })
            })?
        }
    };
    writeln!(
        out,
        "{}: {}",
        item.key,
        count(item.metrics.len(), "success metric", "success metrics")
    )?;
    Ok(())
}
