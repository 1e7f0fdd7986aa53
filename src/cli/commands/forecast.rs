//! `forecast [KEY | --lane L] [--window W] [--trials N] [--seed S]
//! [--throughput N] [--json]`.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::args::{ForecastArgs, LaneArg};
use crate::cli::context::Context;
use crate::domain::Lane;
use crate::domain::forecast::{Pace, Trials};
use crate::domain::number::fmt_plain;
use crate::domain::parse::key;
use crate::domain::text::{count, terminal_safe};
use crate::ops::forecast::{Ask, Forecasted, Scope, forecast};

pub fn run(ctx: &Context, a: ForecastArgs, out: &mut dyn Write) -> Result<()> {
    let scope = match (&a.key, a.lane) {
        (Some(k), _) => Scope::Item(key(k)?),
        (None, Some(l)) => Scope::Lane(match l {
            LaneArg::Now => Lane::Now,
            LaneArg::Next => Lane::Next,
            LaneArg::Later => Lane::Later,
        }),
        (None, None) => Scope::Lane(Lane::Now),
    };
    let trials = Trials::new(a.trials, a.seed.unwrap_or_else(|| fastrand::u64(..)))?;
    let store = ctx.read()?;
    let f = forecast(
        &store,
        Ask {
            scope,
            window: a.window,
            trials,
            throughput: a.throughput,
        },
    )?;
    if a.json {
        serde_json::to_writer_pretty(&mut *out, &json(&f))?;
        writeln!(out)?;
    } else {
        text(&f, out)?;
    }
    Ok(())
}

fn scope_name(f: &Forecasted) -> String {
    match (f.scope, &f.title) {
        (Scope::Item(k), Some(t)) => format!("{k} {}", terminal_safe(t, false)),
        (Scope::Item(k), None) => k.to_string(),
        (Scope::Lane(l), _) => format!("the {} lane", capitalised(l.as_str())),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn text(f: &Forecasted, out: &mut dyn Write) -> Result<()> {
    let r = &f.remaining;
    let mut left = format!(
        "{} left ({} points",
        count(r.stories, "story", "stories"),
        fmt_plain(r.points)
    );
    if r.unestimated > 0 {
        left.push_str(&format!(", {} unestimated", r.unestimated));
    }
    left.push(')');
    writeln!(out, "Forecast for {}: {left}", scope_name(f))?;
    match &f.pace {
        Pace::History(t) => writeln!(
            out,
            "Pace: {} stories a week ({}, {} points finished in the last {})",
            fmt_plain((t.mean() * 10.0).round() / 10.0),
            count(t.total_stories(), "story", "stories"),
            fmt_plain(t.total_points()),
            count(t.weeks.len(), "week", "weeks")
        )?,
        Pace::Fixed(n) => writeln!(out, "Pace: {} stories a week (given)", fmt_plain(*n))?,
    }
    if r.stories == 0 {
        writeln!(out, "Nothing left to do.")?;
        return Ok(());
    }
    for (p, d) in [(50, f.dates.p50), (85, f.dates.p85), (95, f.dates.p95)] {
        writeln!(out, "  {p}%  {}", shown_date(d))?;
    }
    match &f.pace {
        Pace::History(t) => writeln!(
            out,
            "{} trials sampling the weekly throughput of the last {} (seed {}).",
            f.trials.count,
            count(t.weeks.len(), "week", "weeks"),
            f.trials.seed
        )?,
        Pace::Fixed(_) => writeln!(out, "At a fixed pace every trial ends on the same date.")?,
    }
    writeln!(
        out,
        "Counted in stories: each open story counts as one, whatever its points."
    )?;
    Ok(())
}

fn shown_date(d: Option<NaiveDate>) -> String {
    d.map_or("not within 10 years at this pace".into(), |d| {
        format!("by {d}")
    })
}

#[derive(Serialize)]
struct JsonForecast {
    scope: JsonScope,
    remaining: JsonRemaining,
    pace: JsonPace,
    /// Null when later than 10 years at this pace.
    dates: JsonDates,
    trials: u32,
    seed: u64,
    today: NaiveDate,
}

#[derive(Serialize)]
struct JsonScope {
    key: Option<String>,
    title: Option<String>,
    lane: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonRemaining {
    stories: usize,
    points: f64,
    unestimated: usize,
}

#[derive(Serialize)]
struct JsonPace {
    /// `history` or `given`.
    source: &'static str,
    stories_per_week: f64,
    window_weeks: Option<usize>,
    weeks: Vec<JsonWeek>,
}

#[derive(Serialize)]
struct JsonWeek {
    start: NaiveDate,
    stories: usize,
    points: f64,
}

#[derive(Serialize)]
struct JsonDates {
    p50: Option<NaiveDate>,
    p85: Option<NaiveDate>,
    p95: Option<NaiveDate>,
}

fn json(f: &Forecasted) -> JsonForecast {
    let (key, lane) = match f.scope {
        Scope::Item(k) => (Some(k.to_string()), None),
        Scope::Lane(l) => (None, Some(l.as_str())),
    };
    let pace = match &f.pace {
        Pace::History(t) => JsonPace {
            source: "history",
            stories_per_week: t.mean(),
            window_weeks: Some(t.window),
            weeks: t
                .weeks
                .iter()
                .map(|w| JsonWeek {
                    start: w.start,
                    stories: w.stories,
                    points: w.points,
                })
                .collect(),
        },
        Pace::Fixed(n) => JsonPace {
            source: "given",
            stories_per_week: *n,
            window_weeks: None,
            weeks: Vec::new(),
        },
    };
    JsonForecast {
        scope: JsonScope {
            key,
            title: f.title.clone(),
            lane,
        },
        remaining: JsonRemaining {
            stories: f.remaining.stories,
            points: f.remaining.points,
            unestimated: f.remaining.unestimated,
        },
        pace,
        dates: JsonDates {
            p50: f.dates.p50,
            p85: f.dates.p85,
            p95: f.dates.p95,
        },
        trials: f.trials.count,
        seed: f.trials.seed,
        today: f.today,
    }
}
