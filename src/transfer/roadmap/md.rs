//! The roadmap as Markdown (CommonMark with GitHub-style tables) to paste
//! into a wiki. User text is escaped so it stays text: a `|` never splits a
//! table cell, `<script>` is not HTML, `*` and `_` do not emphasise.

use std::fmt::Write;

use super::text::metric;
use super::{criteria, generated, heading, initiatives, lane_title, points, score, stories};
use crate::domain::roadmap::{Card, Level, Roadmap};
use crate::domain::text::{count_of, markdown_inline};
use crate::domain::{Kind, Metric};

pub fn render(r: &Roadmap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", heading(r));
    let _ = writeln!(out, "Generated {}.", generated(r));
    for (lane, cards) in r.groups() {
        if lane.is_none() && cards.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {} ({})\n", lane_title(lane), cards.len());
        if cards.is_empty() {
            let _ = writeln!(out, "_No {}._", r.level.plural());
            continue;
        }
        table(&mut out, r, cards);
    }
    let inits = initiatives(r);
    if !inits.is_empty() {
        let _ = writeln!(out, "\n## Initiatives");
        for i in inits {
            let _ = writeln!(out, "\n### {} {}", i.key, escape(&i.title));
            goals(&mut out, i.outcome, i.metrics);
        }
    }
    out
}

fn table(out: &mut String, r: &Roadmap, cards: &[Card]) {
    let what = if r.level == Level::Epic {
        "Epic"
    } else {
        "Initiative"
    };
    let mut head = vec![what.to_string()];
    if r.level == Level::Epic {
        head.push("Initiative".into());
    }
    head.extend(
        [
            "Status",
            r.model.label(),
            "Stories",
            "Points",
            "Criteria",
            "Notes",
        ]
        .map(String::from),
    );
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let align: Vec<&str> = head
        .iter()
        .map(|h| if h == r.model.label() { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", align.join(" | "));
    for c in cards {
        let mut row = vec![format!("**{}** {}", c.key, escape(&c.title))];
        if r.level == Level::Epic {
            row.push(
                c.initiative
                    .as_ref()
                    .map_or(String::new(), |i| format!("{} {}", i.key, escape(&i.title))),
            );
        }
        row.push(c.status.to_string());
        row.push(score(r, c));
        for v in [stories(c), points(c), criteria(c)] {
            row.push(v.unwrap_or_else(|| "–".into()));
        }
        let mut notes: Vec<String> = Vec::new();
        if let Some(o) = c.owner.as_deref() {
            notes.push(format!("Owner: {}", escape(o)));
        }
        if r.level == Level::Initiative {
            if let Some(e) = c.epics {
                notes.push(count_of(e, Kind::Epic));
            }
            if let Some(o) = c.outcome.as_deref() {
                notes.push(format!("Outcome: {}", escape(o)));
            }
            notes.extend(
                c.metrics
                    .iter()
                    .map(|m| format!("Metric: {}", escape(&metric(m)))),
            );
        }
        notes.extend(
            c.warnings
                .iter()
                .map(|w| format!("⚠ {}", escape(&w.message))),
        );
        row.push(notes.join("; "));
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
}

fn goals(out: &mut String, outcome: Option<&str>, metrics: &[Metric]) {
    if let Some(o) = outcome {
        let _ = writeln!(out, "\n**Outcome:** {}", escape(o));
    }
    if !metrics.is_empty() {
        let _ = writeln!(out, "\n| Metric | Baseline | Target |\n| --- | --- | --- |");
        for m in metrics {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                escape(&m.name),
                escape(&m.baseline),
                escape(&m.target)
            );
        }
    }
}

/// User text as literal Markdown on one line (see
/// [`markdown_inline`]).
pub(super) fn escape(s: &str) -> String {
    markdown_inline(s)
}
