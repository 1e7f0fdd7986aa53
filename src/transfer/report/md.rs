//! The report as Markdown that renders on GitHub; user text escaped as the
//! roadmap's Markdown export escapes it ([`markdown_inline`]).

use std::fmt::Write;

use super::{Evidence, Report, evidence_summary, progress_text};
use crate::domain::text::markdown_inline as esc;

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Progress update since {}\n", r.since.date);
    let _ = writeln!(
        out,
        "_Generated {}{}._",
        r.generated.format("%Y-%m-%d %H:%M UTC"),
        r.since.snapshot.as_ref().map_or(String::new(), |s| format!(
            " · compared with snapshot “{}”",
            esc(s)
        ))
    );
    let _ = writeln!(out, "\n## Outcomes\n");
    if r.outcomes.is_empty() {
        let _ = writeln!(out, "No initiative has success metrics yet.");
    }
    for o in &r.outcomes {
        let lane = o.lane.map_or("unplanned".to_string(), |l| l.to_string());
        let _ = writeln!(out, "### {} {} ({lane})\n", o.key, esc(&o.title));
        if let Some(text) = &o.outcome {
            let _ = writeln!(out, "{}\n", esc(text));
        }
        let _ = writeln!(
            out,
            "| Metric | Baseline | Target | Now | Progress | Trend | Check-ins since |"
        );
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |");
        for m in &o.metrics {
            let since: Vec<String> = m
                .checkins_since
                .iter()
                .map(|c| format!("{}: {}", c.date, esc(&c.value)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                esc(&m.name),
                esc(&m.baseline),
                esc(&m.target),
                m.current.as_deref().map_or("–".to_string(), esc),
                progress_text(m.progress),
                trend_text(&m.series),
                if since.is_empty() {
                    "none".to_string()
                } else {
                    since.join("; ")
                }
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Shipped\n");
    if r.shipped.is_empty() {
        let _ = writeln!(out, "No story was finished in this period.\n");
    }
    for s in &r.shipped {
        let epic = s.epic.as_ref().map_or("Without an epic".to_string(), |e| {
            format!("{} {}", e.key, esc(&e.title))
        });
        let initiative = s.initiative.as_ref().map_or(String::new(), |i| {
            format!(" (in {} {})", i.key, esc(&i.title))
        });
        let _ = writeln!(out, "**{epic}**{initiative}\n");
        for st in &s.stories {
            let _ = writeln!(out, "- {} {}", st.key, esc(&st.title));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Roadmap changes\n");
    match &r.changes {
        None => {
            let _ = writeln!(
                out,
                "No snapshot to compare with: take one with `backlog snapshot take`.\n"
            );
        }
        Some(c) => {
            let _ = writeln!(
                out,
                "Since snapshot “{}”: {}.\n",
                esc(&c.snapshot),
                c.summary
            );
            for row in &c.rows {
                let _ = writeln!(
                    out,
                    "- {} **{}** {}: {}",
                    row.change,
                    row.key,
                    esc(&row.title),
                    row.detail
                );
            }
            if !c.rows.is_empty() {
                let _ = writeln!(out);
            }
        }
    }
    let _ = writeln!(out, "## Decisions\n");
    if r.decisions.is_empty() {
        let _ = writeln!(out, "No decision was recorded in this period.\n");
    }
    for d in &r.decisions {
        let _ = writeln!(
            out,
            "- {} **{}** {}: {}",
            d.date,
            d.key,
            esc(&d.title),
            esc(&d.decision)
        );
        if !d.rationale.is_empty() {
            let _ = writeln!(out, "  - because {}", esc(&d.rationale));
        }
    }
    if !r.decisions.is_empty() {
        let _ = writeln!(out);
    }
    evidence(&mut out, &r.evidence);
    let _ = writeln!(out, "## Risks\n");
    if r.risks.is_empty() {
        let _ = writeln!(
            out,
            "No dependency problems, stale work or unready stories in Now."
        );
    }
    for k in &r.risks {
        let _ = writeln!(
            out,
            "- {}: **{}** {} — {}",
            k.kind,
            k.key,
            esc(&k.title),
            esc(&k.detail)
        );
    }
    out
}

fn evidence(out: &mut String, e: &Evidence) {
    let _ = writeln!(out, "## New evidence\n");
    if e.insights.is_empty() {
        let _ = writeln!(out, "No customer insight was recorded in this period.\n");
        return;
    }
    let _ = writeln!(out, "{}.\n", evidence_summary(e));
    if !e.most_requested.is_empty() {
        let _ = writeln!(out, "| Most requested | Customers | New insights |");
        let _ = writeln!(out, "| --- | --- | --- |");
        for r in &e.most_requested {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} |",
                r.key,
                esc(&r.title),
                r.customers,
                r.new_insights
            );
        }
        let _ = writeln!(out);
    }
    for i in &e.insights {
        let customer = i
            .customer
            .as_deref()
            .map_or(String::new(), |c| format!(" — {}", esc(c)));
        let linked = if i.linked.is_empty() {
            " (not linked yet)".to_string()
        } else {
            let keys: Vec<String> = i.linked.iter().map(ToString::to_string).collect();
            format!(" (for {})", keys.join(", "))
        };
        let _ = writeln!(
            out,
            "- {} {} “{}”{customer}{linked}",
            i.date,
            i.key,
            esc(&i.text)
        );
    }
    let _ = writeln!(out);
}

/// `46 → 40 → 33` (the last five values), or `–` with fewer than two.
fn trend_text(series: &[f64]) -> String {
    if series.len() < 2 {
        return "–".to_string();
    }
    let shown = &series[series.len().saturating_sub(5)..];
    let values: Vec<String> = shown
        .iter()
        .map(|v| crate::domain::number::fmt_plain(*v))
        .collect();
    let lead = if shown.len() < series.len() {
        "… → "
    } else {
        ""
    };
    format!("{lead}{}", values.join(" → "))
}
