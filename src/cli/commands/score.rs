//! `score KEY [inputs] [--clear rice|wsjf]`: set, clear or show scores.

use std::io::Write;

use anyhow::Result;

use crate::cli::args::{ModelArg, ScoreArgs};
use crate::cli::context::Context;
use crate::domain::parse::key;
use crate::domain::scoring::Field;
use crate::domain::{Item, RiceInputs, WsjfInputs};

pub fn run(ctx: &Context, a: ScoreArgs, out: &mut dyn Write) -> Result<()> {
    let k = key(&a.key)?;
    // Validate every input before opening the file for writing.
    let given: Vec<(Field, f64)> = [
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
    .filter_map(|(f, v)| v.as_deref().map(|v| f.parse(v).map(|x| (f, x))))
    .collect::<Result<_, _>>()?;

    let item = if given.is_empty() && a.clear.is_none() {
        ctx.read()?.get(k)?
    } else {
        let mut store = ctx.write()?;
        store.write(&format!("score {k}"), |tx| {
            tx.modify(k, |item| {
                item.require_scorable()?;
                match a.clear {
                    Some(ModelArg::Rice) => item.rice = RiceInputs::default(),
                    Some(ModelArg::Wsjf) => item.wsjf = WsjfInputs::default(),
                    None => {}
                }
                for (f, v) in &given {
                    if Field::RICE.contains(f) {
                        item.rice.set(*f, Some(*v));
                    } else {
                        item.wsjf.set(*f, Some(*v));
                    }
                }
                Ok(())
            })
        })?
    };
    write_scores(&item, out)?;
    Ok(())
}

fn write_scores(item: &Item, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}  RICE  {}", item.key, item.rice.explain())?;
    writeln!(out, "{}  WSJF  {}", item.key, item.wsjf.explain())?;
    Ok(())
}
