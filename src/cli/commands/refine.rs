//! `refine summary [--since TIME] [--format md|json]`.

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::cli::args::{RefineCommand, SummaryFormat};
use crate::cli::context::Context;
use crate::cli::json::refine::RefineSummaryJson;
use crate::cli::json::write_pretty;
use crate::domain::DomainError;
use crate::domain::session::to_markdown;
use crate::ops::refine::session_summary;

pub fn run(ctx: &Context, cmd: RefineCommand, out: &mut dyn Write) -> Result<()> {
    let RefineCommand::Summary { since, format } = cmd;
    let since = match since {
        Some(s) => parse_since(&s, ctx.now())?,
        None => local_midnight(ctx.now().with_timezone(&Local).date_naive())?,
    };
    let store = ctx.read()?;
    let summary = session_summary(&store, since)?;
    match format {
        SummaryFormat::Json => {
            write_pretty(out, &RefineSummaryJson::new(since, &summary))?;
        }
        SummaryFormat::Md => {
            let heading = format!(
                "Refinement session since {}",
                since.with_timezone(&Local).format("%Y-%m-%d %H:%M")
            );
            out.write_all(to_markdown(&summary, &heading).as_bytes())?;
        }
    }
    Ok(())
}

fn local_midnight(d: NaiveDate) -> Result<DateTime<Utc>> {
    Local
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| anyhow::anyhow!("cannot place midnight of {d} in the local time zone"))
}

/// RFC 3339, `YYYY-MM-DD` (local midnight) or `HH:MM` (today, local).
fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let t = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return local_midnight(d);
    }
    if let Ok(hm) = NaiveTime::parse_from_str(t, "%H:%M") {
        let today = now.with_timezone(&Local).date_naive();
        if let Some(dt) = Local.from_local_datetime(&today.and_time(hm)).earliest() {
            return Ok(dt.with_timezone(&Utc));
        }
    }
    Err(DomainError::invalid(
        "since",
        s,
        "a time like 2026-11-23T14:00:00Z, 2026-11-23 or 14:00",
    )
    .into())
}
