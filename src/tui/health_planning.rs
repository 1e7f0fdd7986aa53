//! The Health tab's planning rows: whether Now fits the team's capacity,
//! and the Now epics forecast to finish after Now ends. They come from
//! the planning figures (computed away from the keys, like the Roadmap
//! header's), not from the audit, and are added after its rows when both
//! are in.

use super::tab_state::HealthRow;
use super::widgets::wrap::{plain, wrap_hanging};
use crate::domain::Backlog;
use crate::domain::planning::PlanningFindings;

/// Long explanations wrap to this many columns (inside an 80-column
/// terminal's borders), one row per line.
const WRAP: usize = 76;

/// `text` as rows of at most [`WRAP`] columns, indented by two.
fn wrapped(text: &str) -> Vec<String> {
    let line = ratatui::text::Span::raw(format!("  {text}"));
    wrap_hanging(vec![line], 4, WRAP)
        .iter()
        .map(|l| plain(l).trim_end().to_string())
        .collect()
}

/// The rows for `p`, their findings numbered from `first_section`.
pub fn planning_rows(
    p: &PlanningFindings,
    backlog: &Backlog,
    first_section: usize,
) -> Vec<HealthRow> {
    let verdict = p.verdict();
    let heading = |text: String, problem: bool, section: usize| HealthRow {
        text,
        key: None,
        heading: true,
        problem,
        summary: true,
        section: Some(section),
    };
    let note = |text: String, problem: bool, section: usize| HealthRow {
        text,
        key: None,
        heading: false,
        problem,
        summary: false,
        section: Some(section),
    };
    let capacity = first_section;
    let late = first_section + 1;
    let mut rows = vec![heading(
        format!("Capacity: {verdict} · {}", p.headline),
        p.over_committed,
        capacity,
    )];
    for text in [&p.basis, &p.forecast] {
        for line in wrapped(&format!("{text}.")) {
            rows.push(note(line, false, capacity));
        }
    }
    rows.push(heading(
        format!(
            "Now epics forecast (85%) to finish after Now ends on {} ({})",
            p.now_ends.format("%-d %b %Y"),
            p.late.len()
        ),
        !p.late.is_empty(),
        late,
    ));
    for l in &p.late {
        let title = backlog.get(l.key).map_or("", |i| i.title.as_str());
        rows.push(HealthRow {
            text: format!(
                "  {:<7} 85% by {}  {title}",
                l.key.to_string(),
                l.p85.format("%-d %b %Y")
            ),
            key: Some(l.key),
            heading: false,
            problem: false,
            summary: false,
            section: Some(late),
        });
    }
    if !p.has_forecast {
        for line in wrapped(&format!("({})", p.forecast)) {
            rows.push(note(line, false, late));
        }
    }
    rows
}
