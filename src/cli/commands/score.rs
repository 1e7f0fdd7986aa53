//! `score KEY [inputs] [--clear rice|wsjf]`: set, clear or show scores.

use std::io::Write;

use anyhow::Result;

use crate::cli::args::{ModelArg, ScoreArgs};
use crate::cli::context::Context;
use crate::domain::parse::{key, typed_score};
use crate::domain::scoring::Field;
use crate::domain::text::count;
use crate::domain::{Item, Model};
use crate::ops::insights::evidence_reach;
use crate::ops::scores::{ScoreInput, set_scores};

pub fn run(ctx: &Context, a: ScoreArgs, out: &mut dyn Write) -> Result<()> {
    let k = key(&a.key)?;
    // Validate every input before opening the file for writing.
    let given: Vec<ScoreInput> = [
        (Field::Reach, &a.reach),
        (Field::Impact, &a.impact),
        (Field::Confidence, &a.confidence),
        (Field::Effort, &a.effort),
        (Field::Value, &a.value),
        (Field::TimeCriticality, &a.time_criticality),
        (Field::RiskReduction, &a.risk_reduction),
        (Field::JobSize, &a.job_size),
    ]
    .into_iter()
    .filter_map(|(field, v)| {
        v.as_deref()
            .map(|v| typed_score(field, v).map(|value| ScoreInput { field, value }))
    })
    .collect::<Result<Vec<ScoreInput>, _>>()?;
    let mut given = given;
    let from_evidence = if a.reach_from_evidence {
        let reach = evidence_reach(&ctx.read()?, k)?;
        given.push(ScoreInput {
            field: Field::Reach,
            value: reach.customers as f64,
        });
        Some(reach)
    } else {
        None
    };
    let clear = a.clear.map(|m| match m {
        ModelArg::Rice => Model::Rice,
        ModelArg::Wsjf => Model::Wsjf,
    });

    let item = if given.is_empty() && clear.is_none() {
        ctx.read()?.get(k)?
    } else {
        let mut store = ctx.write()?;
        set_scores(&mut store, k, clear, &given)?.value
    };
    write_scores(&item, out)?;
    if let Some(r) = from_evidence {
        writeln!(
            out,
            "{}  RICE reach {} = the {} in its evidence ({})",
            item.key,
            r.customers,
            count(r.customers, "customer", "customers"),
            r.insights
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    Ok(())
}

fn write_scores(item: &Item, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}  RICE  {}", item.key, item.rice.explain())?;
    writeln!(out, "{}  WSJF  {}", item.key, item.wsjf.explain())?;
    Ok(())
}
