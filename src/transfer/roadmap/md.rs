//! The roadmap as Markdown (CommonMark with GitHub-style tables) to paste
//! into a wiki. User text is escaped so it stays text: a `|` never splits a
//! table cell, `<script>` is not HTML, `*` and `_` do not emphasise.

use std::fmt::Write;

use super::text::metric;
use super::{
    MAX_DRAWN_NODES, criteria, forecast, generated, heading, initiatives, lane_title, pinned,
    points, score, stories,
};
use crate::domain::depmap::DepMap;
use crate::domain::progress::{percent, standing};
use crate::domain::roadmap::{Card, Level, Roadmap};
use crate::domain::text::{count_of, markdown_inline};
use crate::domain::{Kind, Metric};
use crate::transfer::depmap::mermaid;

pub fn render(r: &Roadmap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", heading(r));
    let _ = writeln!(out, "Generated {}.", generated(r));
    if let Some(p) = &r.planning {
        let mark = if p.over { "⚠ " } else { "" };
        let _ = writeln!(out, "\n**Capacity:** {mark}{}  ", p.headline);
        let _ = writeln!(out, "_{}. {}._", p.basis, p.forecast);
    }
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
    if let Some(map) = &r.dependencies {
        dependencies(&mut out, map);
    }
    out
}

/// The epic dependency map as a Mermaid flowchart (GitHub draws it), in a
/// fence longer than any run of backticks inside it.
fn dependencies(out: &mut String, map: &DepMap) {
    if map.edges.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Dependencies\n");
    if map.nodes.len() > MAX_DRAWN_NODES {
        let _ = writeln!(
            out,
            "The map links {} epics, too many to draw here: see `backlog dep map`.",
            map.nodes.len()
        );
        return;
    }
    let _ = writeln!(
        out,
        "An arrow runs from what must be done first to what needs it; thick arrows are the critical path, dotted ones a problem."
    );
    let chart = mermaid::render(map);
    let fence = "`".repeat(longest_backtick_run(&chart).max(2) + 1);
    let _ = writeln!(out, "\n{fence}mermaid\n{chart}{fence}");
    let mut problems = map.problems().filter_map(|e| {
        let p = e.problem?;
        let via = e
            .problem_link()
            .map_or(String::new(), |l| format!(" ({} → {})", l.from, l.on));
        Some(format!(
            "- ⚠ {} depends on {}: {}{via}",
            e.from,
            e.on,
            escape(&p.describe())
        ))
    });
    if let Some(first) = problems.next() {
        let _ = writeln!(out, "\n{first}");
        for p in problems {
            let _ = writeln!(out, "{p}");
        }
    }
}

pub(super) fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
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
        notes.extend(pinned(c).map(|p| format!("📌 {p}")));
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
        notes.extend(forecast(r, c));
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
        let _ = writeln!(
            out,
            "\n| Metric | Baseline | Target | Now | Progress |\n| --- | --- | --- | --- | --- |"
        );
        for m in metrics {
            let now = standing(m);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape(&m.name),
                escape(&m.baseline),
                escape(&m.target),
                now.latest.map_or("–".to_string(), |c| format!(
                    "{} ({})",
                    escape(&c.value),
                    c.date
                )),
                now.progress.map_or("–".to_string(), percent)
            );
        }
    }
}

/// User text as literal Markdown on one line (see
/// [`markdown_inline`]).
pub(super) fn escape(s: &str) -> String {
    markdown_inline(s)
}
