//! `health [--json] [--stale-days N]`: the backlog audit.

use std::io::Write;

use anyhow::Result;

use crate::cli::context::Context;
use crate::cli::json::health::HealthJson;
use crate::cli::json::write_pretty;
use crate::cli::render::{safe, truncate};
use crate::domain::health::Health;
use crate::domain::number::round_display;
use crate::domain::planning::PlanningFindings;
use crate::domain::{Backlog, Key};
use crate::ops::health::{Audited, CheckinDays, StaleDays, check_health};

pub fn run(
    ctx: &Context,
    json: bool,
    stale_days: i64,
    checkin_days: i64,
    out: &mut dyn Write,
) -> Result<()> {
    let stale = StaleDays::new(stale_days)?;
    let checkin = CheckinDays::new(checkin_days)?;
    let store = ctx.read()?;
    let Audited { health, backlog } = check_health(&store, stale, checkin)?;
    if json {
        return write_pretty(out, &HealthJson::new(&health));
    }
    write_text(&health, &backlog, out)
}

fn keys(list: &[Key]) -> String {
    const SHOWN: usize = 12;
    let mut s: Vec<String> = list.iter().take(SHOWN).map(ToString::to_string).collect();
    if list.len() > SHOWN {
        s.push(format!("… and {} more", list.len() - SHOWN));
    }
    s.join(", ")
}

fn title(backlog: &Backlog, k: Key) -> String {
    backlog
        .get(k)
        .map_or(String::new(), |i| truncate(&safe(&i.title), 60))
}

pub fn write_text(h: &Health, backlog: &Backlog, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "Backlog health · {} open stories", h.open_stories)?;
    writeln!(out, "\nCoverage")?;
    for c in h.figures() {
        writeln!(out, "  {}", c.line())?;
        if !c.missing.is_empty() {
            writeln!(out, "         missing: {}", keys(&c.missing))?;
        }
    }
    section(out, "Not ready", h.not_ready.len())?;
    for n in h.not_ready.iter().take(30) {
        writeln!(out, "  {:<7} {}", n.key.to_string(), n.missing.join("; "))?;
    }
    if h.not_ready.len() > 30 {
        writeln!(out, "  … and {} more (see --json)", h.not_ready.len() - 30)?;
    }
    section(out, "Likely duplicates", h.duplicates.len())?;
    for d in h.duplicates.iter().take(30) {
        writeln!(
            out,
            "  {:>3}%  {} “{}” ~ {} “{}” ({})",
            round_display(d.similarity * 100.0, 0),
            d.a,
            title(backlog, d.a),
            d.b,
            title(backlog, d.b),
            d.basis
        )?;
    }
    section(
        out,
        "WSJF inputs off the 1-2-3-5-8-13-20 scale",
        h.wsjf_off_scale.len(),
    )?;
    for o in &h.wsjf_off_scale {
        writeln!(
            out,
            "  {:<7} {} = {}",
            o.key.to_string(),
            o.field,
            crate::domain::number::fmt_plain(o.value)
        )?;
    }
    section(
        out,
        "WSJF columns without a 1 (the smallest item of each column should be a 1)",
        h.wsjf_no_one.len(),
    )?;
    for n in &h.wsjf_no_one {
        writeln!(
            out,
            "  {}: {} smallest is {} ({})",
            n.kind.plural(),
            n.field,
            crate::domain::number::fmt_plain(n.smallest),
            keys(&n.items)
        )?;
    }
    section(out, "Dependency problems", h.dependency_problems.len())?;
    for d in &h.dependency_problems {
        writeln!(out, "  {}", d.detail)?;
    }
    section(
        out,
        &format!("Stale: in progress, unchanged for {}+ days", h.stale_days),
        h.stale.len(),
    )?;
    for s in &h.stale {
        writeln!(
            out,
            "  {:<7} {} days  {}",
            s.key.to_string(),
            s.days,
            title(backlog, s.key)
        )?;
    }
    write_metrics(h, backlog, out)?;
    if !backlog.insights().is_empty() {
        write_evidence(h, backlog, out)?;
    }
    if let Some(p) = &h.planning {
        planning(p, backlog, out)?;
    }
    Ok(())
}

/// The outcome findings: metrics waiting for a check-in, Now initiatives'
/// metrics that cannot show progress.
fn write_metrics(h: &Health, backlog: &Backlog, out: &mut dyn Write) -> Result<()> {
    let m = &h.metrics;
    section(
        out,
        &format!("Metrics without a check-in for {}+ days", m.checkin_days),
        m.stale.len(),
    )?;
    for s in &m.stale {
        writeln!(
            out,
            "  {:<7} {}  {}",
            s.key.to_string(),
            safe(&s.line()),
            title(backlog, s.key)
        )?;
    }
    section(
        out,
        "Now initiatives whose metrics cannot show progress",
        m.unmeasurable.len(),
    )?;
    for u in &m.unmeasurable {
        writeln!(out, "  {:<7} {}", u.key.to_string(), safe(&u.line()))?;
    }
    Ok(())
}

/// The evidence findings (printed only for a backlog that holds insights).
fn write_evidence(h: &Health, backlog: &Backlog, out: &mut dyn Write) -> Result<()> {
    let e = &h.evidence;
    section(
        out,
        "No customer evidence: Now and Next work no insight backs",
        e.no_evidence.len(),
    )?;
    for k in &e.no_evidence {
        writeln!(out, "  {:<7} {}", k.to_string(), title(backlog, *k))?;
    }
    section(
        out,
        "Inbox: insights linked to nothing for 90+ days",
        e.old_unlinked.len(),
    )?;
    for o in &e.old_unlinked {
        let text = backlog.insight(o.key).map_or("", |i| i.title.as_str());
        writeln!(
            out,
            "  {:<7} {} days  {}",
            o.key.to_string(),
            o.days,
            crate::cli::render::safe(text)
        )?;
    }
    Ok(())
}

fn planning(p: &PlanningFindings, backlog: &Backlog, out: &mut dyn Write) -> Result<()> {
    let verdict = p.verdict();
    writeln!(out, "\nCapacity: {verdict}")?;
    writeln!(out, "  {}", p.headline)?;
    writeln!(out, "  {}.", p.basis)?;
    section(
        out,
        &format!(
            "Now epics forecast (85%) to finish after Now ends on {}",
            p.now_ends
        ),
        p.late.len(),
    )?;
    for l in &p.late {
        writeln!(
            out,
            "  {:<7} 85% by {}  {}",
            l.key.to_string(),
            l.p85,
            title(backlog, l.key)
        )?;
    }
    if !p.has_forecast {
        writeln!(out, "  ({})", p.forecast)?;
    }
    Ok(())
}

fn section(out: &mut dyn Write, name: &str, n: usize) -> Result<()> {
    if n == 0 {
        writeln!(out, "\n{name}: none")?;
    } else {
        writeln!(out, "\n{name}: {n}")?;
    }
    Ok(())
}
