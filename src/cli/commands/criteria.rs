//! `ac …` (acceptance criteria) and `metric …` (success metrics).

use std::io::Write;

use anyhow::Result;

use crate::cli::args::AcCommand;
use crate::cli::args_metric::MetricCommand;
use crate::cli::context::Context;
use crate::domain::parse::{key, position};
use crate::domain::text::count;
use crate::ops::criteria::{
    CriterionChange, NewMetric, add_metric, change_criteria, remove_metric,
};

pub fn ac(ctx: &Context, cmd: AcCommand, out: &mut dyn Write) -> Result<()> {
    let n = |n: &str| position("criterion", n);
    let (k, change) = match cmd {
        AcCommand::Add { key: k, text } => (key(&k)?, CriterionChange::Add(text)),
        AcCommand::Check { key: k, n: i } => (key(&k)?, CriterionChange::Check(n(&i)?)),
        AcCommand::Uncheck { key: k, n: i } => (key(&k)?, CriterionChange::Uncheck(n(&i)?)),
        AcCommand::Rm { key: k, n: i } => (key(&k)?, CriterionChange::Remove(n(&i)?)),
        AcCommand::Edit { key: k, n: i, text } => (key(&k)?, CriterionChange::Edit(n(&i)?, text)),
        AcCommand::Move { key: k, n: i, to } => (
            key(&k)?,
            CriterionChange::Move {
                from: n(&i)?,
                to: position("position", &to)?,
            },
        ),
    };
    let mut store = ctx.write()?;
    let item = change_criteria(&mut store, k, change)?.value;
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
    let cmd = match super::checkin::run(ctx, cmd, out)? {
        Some(cmd) => cmd,
        None => return Ok(()),
    };
    let mut store = ctx.write()?;
    let item = match cmd {
        MetricCommand::Add {
            key: k,
            name,
            baseline,
            target,
        } => {
            let k = key(&k)?;
            let metric = NewMetric {
                name,
                baseline: baseline.unwrap_or_default(),
                target: target.unwrap_or_default(),
            };
            add_metric(&mut store, k, metric)?.value
        }
        MetricCommand::Rm { key: k, n } => {
            let k = key(&k)?;
            let n = position("metric", &n)?;
            remove_metric(&mut store, k, n)?.value
        }
        MetricCommand::Checkin { .. } | MetricCommand::History { .. } => return Ok(()),
    };
    writeln!(
        out,
        "{}: {}",
        item.key,
        count(item.metrics.len(), "success metric", "success metrics")
    )?;
    Ok(())
}
