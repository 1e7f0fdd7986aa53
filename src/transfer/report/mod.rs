//! The stakeholder report (`backlog report`): what a PM sends as a regular
//! update — how the outcomes are trending, what shipped, what moved on the
//! roadmap, what was decided, and the risks — rendered as Markdown, HTML
//! or JSON. Pure: the use case (`ops::report`) gathers the values.

mod html;
mod json;
mod md;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::diff::Diff;
use crate::domain::{CheckIn, Key, Lane};

/// The report's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Md,
    Html,
    Json,
}

/// Everything a report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub generated: DateTime<Utc>,
    pub since: Since,
    pub outcomes: Vec<Outcome>,
    pub shipped: Vec<Shipped>,
    /// The roadmap's changes since the snapshot; `None` when there is no
    /// snapshot to compare with.
    pub changes: Option<Changes>,
    pub decisions: Vec<DecisionTaken>,
    pub evidence: Evidence,
    pub risks: Vec<Risk>,
}

/// The customer evidence recorded since the start, and the items it
/// argues for most.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Evidence {
    /// Insights dated on or after the start, oldest first.
    pub insights: Vec<NewInsight>,
    /// How many distinct customers they come from.
    pub customers: usize,
    /// The items those insights are linked to, most customers first.
    pub most_requested: Vec<Requested>,
}

/// An insight recorded since the start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewInsight {
    pub key: Key,
    pub text: String,
    pub customer: Option<String>,
    pub date: NaiveDate,
    /// The items it is linked to (none: still to triage).
    pub linked: Vec<Key>,
}

/// An item new evidence argues for: how many customers stand behind it
/// in all, and how many of its insights are new.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requested {
    pub key: Key,
    pub title: String,
    pub customers: usize,
    pub new_insights: usize,
}

/// Where the report starts: a date, and the snapshot it compares with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Since {
    pub date: NaiveDate,
    pub snapshot: Option<String>,
}

/// An initiative and its metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub key: Key,
    pub title: String,
    pub lane: Option<Lane>,
    pub outcome: Option<String>,
    pub metrics: Vec<MetricReport>,
}

/// A metric: its figures, where it stands, and its check-ins since.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricReport {
    pub name: String,
    pub baseline: String,
    pub target: String,
    pub current: Option<String>,
    pub progress: Option<f64>,
    /// Every check-in's value that reads as a number, oldest first: the
    /// trend.
    pub series: Vec<f64>,
    pub checkins_since: Vec<CheckIn>,
}

/// Stories done since, under one epic (and its initiative).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shipped {
    pub initiative: Option<Named>,
    pub epic: Option<Named>,
    pub stories: Vec<Named>,
}

/// A key and a title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub key: Key,
    pub title: String,
}

/// The roadmap's changes since the snapshot, one row each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    pub snapshot: String,
    pub summary: String,
    pub rows: Vec<ChangeRow>,
}

/// `moved E-3 Title: now → next`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    pub change: &'static str,
    pub key: Key,
    pub title: String,
    pub detail: String,
}

impl Changes {
    /// The rows of `diff`, worded as `backlog diff` words them.
    pub fn from_diff(snapshot: &str, diff: &Diff) -> Changes {
        let lane = |l: Option<Lane>| l.map_or("unplanned", Lane::as_str).to_string();
        let mut rows = Vec::new();
        let mut push = |change, key, title: &str, detail| {
            rows.push(ChangeRow {
                change,
                key,
                title: title.to_string(),
                detail,
            })
        };
        for c in &diff.added {
            push("added", c.key, &c.title, format!("in {}", lane(c.lane)));
        }
        for c in &diff.dropped {
            push("dropped", c.key, &c.title, format!("from {}", lane(c.lane)));
        }
        for c in &diff.moved {
            push(
                "moved",
                c.key,
                &c.title,
                format!("{} → {}", lane(c.from), lane(c.to)),
            );
        }
        for c in &diff.reranked {
            let d = format!("{} #{} → #{}", lane(c.lane), c.from, c.to);
            push("re-ranked", c.key, &c.title, d);
        }
        for c in &diff.rescored {
            let d = format!(
                "{} {} → {}",
                diff.model.label(),
                diff.model.display(c.from),
                diff.model.display(c.to)
            );
            push("re-scored", c.key, &c.title, d);
        }
        Changes {
            snapshot: snapshot.to_string(),
            summary: diff.summary.clone(),
            rows,
        }
    }
}

/// A decision dated on or after the start, with its item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionTaken {
    pub key: Key,
    pub title: String,
    pub date: NaiveDate,
    pub decision: String,
    pub rationale: String,
}

/// Something that may stop the plan: a dependency problem, stale work, a
/// story in Now that is not ready.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub kind: &'static str,
    pub key: Key,
    pub title: String,
    pub detail: String,
}

/// The report in `format`; text ends in a newline.
pub fn render(report: &Report, format: ReportFormat) -> Vec<u8> {
    match format {
        ReportFormat::Md => md::render(report).into_bytes(),
        ReportFormat::Html => html::render(report).into_bytes(),
        ReportFormat::Json => json::render(report),
    }
}

/// `12 insights from 5 customers`.
fn evidence_summary(e: &Evidence) -> String {
    let n = e.insights.len();
    let insights = if n == 1 {
        "1 insight".to_string()
    } else {
        format!("{n} insights")
    };
    match e.customers {
        0 => format!("{insights}, none naming a customer"),
        1 => format!("{insights} from 1 customer"),
        c => format!("{insights} from {c} customers"),
    }
}

/// `46%`, or `–` when unknown.
fn progress_text(p: Option<f64>) -> String {
    p.map_or("–".to_string(), crate::domain::progress::percent)
}

#[cfg(test)]
mod tests;
