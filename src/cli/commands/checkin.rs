//! `metric checkin KEY N VALUE [--date D] [--note T]` and `metric history
//! KEY N [--json]`.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::cli::args_metric::MetricCommand;
use crate::cli::context::Context;
use crate::cli::json::metric::MetricJson;
use crate::cli::json::write_pretty;
use crate::cli::render::safe;
use crate::domain::Metric;
use crate::domain::parse::{date, key, position};
use crate::domain::progress::{percent, standing};
use crate::ops::checkins::{NewCheckIn, metric_history, record_checkin};

/// Runs the check-in commands; hands any other back.
pub fn run(
    ctx: &Context,
    cmd: MetricCommand,
    out: &mut dyn Write,
) -> Result<Option<MetricCommand>> {
    match cmd {
        MetricCommand::Checkin {
            key: k,
            n,
            value,
            date: d,
            note,
        } => {
            // All checked before the file is opened (and maybe created).
            let k = key(&k)?;
            let n = position("metric", &n)?;
            let date = match d {
                Some(d) => date(&d)?,
                None => ctx.now().date_naive(),
            };
            let mut store = ctx.write()?;
            let c = NewCheckIn {
                metric: n,
                value,
                date,
                note: note.unwrap_or_default(),
            };
            let item = record_checkin(&mut store, k, c)?.value;
            let m = &item.metrics[n - 1];
            writeln!(out, "{k} metric {n}: {}", standing_line(m))?;
            Ok(None)
        }
        MetricCommand::History { key: k, n, json } => {
            let k = key(&k)?;
            let n = position("metric", &n)?;
            let store = ctx.read()?;
            let h = metric_history(&store, k, n)?;
            if json {
                write_pretty(
                    out,
                    &HistoryJson {
                        key: k.to_string(),
                        index: n,
                        metric: MetricJson::new(&h.metric),
                    },
                )?;
                return Ok(None);
            }
            let m = &h.metric;
            writeln!(
                out,
                "{k} metric {n}: {}  {} → {}",
                safe(&m.name),
                or_unknown(&m.baseline),
                or_unknown(&m.target)
            )?;
            if m.checkins.is_empty() {
                writeln!(
                    out,
                    "  (no check-ins yet: record one with `backlog metric checkin {k} {n} VALUE`)"
                )?;
                return Ok(None);
            }
            for c in &m.checkins {
                let note = if c.note.is_empty() {
                    String::new()
                } else {
                    format!("  {}", safe(&c.note))
                };
                writeln!(out, "  {}  {}{note}", c.date, safe(&c.value))?;
            }
            writeln!(out, "now {}", standing_line(m))?;
            Ok(None)
        }
        other => Ok(Some(other)),
    }
}

/// `metric history --json`: which metric, and the metric.
#[derive(Serialize)]
struct HistoryJson<'a> {
    key: String,
    index: usize,
    metric: MetricJson<'a>,
}

fn or_unknown(s: &str) -> String {
    if s.is_empty() {
        "?".to_string()
    } else {
        safe(s)
    }
}

/// `33 on 2026-11-20 · 50% of the way from 46 to 20`, or without the
/// progress when it cannot be computed.
fn standing_line(m: &Metric) -> String {
    let now = standing(m);
    let Some(latest) = now.latest else {
        return "no check-ins".to_string();
    };
    let mut line = format!("{} on {}", safe(&latest.value), latest.date);
    if let Some(p) = now.progress {
        line.push_str(&format!(
            " · {} of the way from {} to {}",
            percent(p),
            safe(&m.baseline),
            safe(&m.target)
        ));
    }
    line
}

/// What `show` adds to a metric's line once it has check-ins:
/// `   · now 33 (50%, 2026-11-20)`; nothing before.
pub fn show_suffix(m: &Metric) -> String {
    let now = standing(m);
    let Some(latest) = now.latest else {
        return String::new();
    };
    match now.progress {
        Some(p) => format!(
            "   · now {} ({}, {})",
            safe(&latest.value),
            percent(p),
            latest.date
        ),
        None => format!("   · now {} ({})", safe(&latest.value), latest.date),
    }
}
