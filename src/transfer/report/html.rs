//! The report as one self-contained HTML page: the template and CSS in
//! `assets/` embedded at build time, the CSS inlined; no script, no remote
//! resource, A4-friendly. User text goes through minijinja's HTML
//! auto-escaping (the template's name ends in `.html`), is cleaned by
//! [`html_text`] and shown inside `<bdi>`, as in the roadmap export.

use minijinja::Environment;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::{MetricReport, Report, evidence_summary, progress_text};
use crate::domain::Key;
use crate::domain::text::html_text;
use crate::transfer::trend_svg::{Trend, trend};

const TEMPLATE: &str = include_str!("../../../assets/report.html");
const CSS: &str = include_str!("../../../assets/report.css");

#[derive(Serialize)]
struct Page {
    title: String,
    generated: String,
    snapshot: Option<String>,
    /// Our own stylesheet, inserted unescaped.
    css: &'static str,
    outcomes: Vec<OutcomeView>,
    shipped: Vec<ShippedView>,
    changes: Option<ChangesView>,
    decisions: Vec<DecisionView>,
    evidence: EvidenceView,
    risks: Vec<RiskView>,
}

#[derive(Serialize)]
struct NamedView {
    key: String,
    title: String,
}

#[derive(Serialize)]
struct OutcomeView {
    key: String,
    title: String,
    lane: String,
    outcome: Option<String>,
    metrics: Vec<MetricView>,
}

#[derive(Serialize)]
struct MetricView {
    name: String,
    baseline: String,
    target: String,
    current: String,
    progress: String,
    progress_pct: Option<u32>,
    trend: Option<Trend>,
    since: Vec<CheckInView>,
}

#[derive(Serialize)]
struct CheckInView {
    date: String,
    value: String,
}

#[derive(Serialize)]
struct ShippedView {
    epic: Option<NamedView>,
    initiative: Option<NamedView>,
    stories: Vec<NamedView>,
}

#[derive(Serialize)]
struct ChangesView {
    snapshot: String,
    summary: String,
    rows: Vec<ChangeView>,
}

#[derive(Serialize)]
struct ChangeView {
    change: &'static str,
    key: String,
    title: String,
    detail: String,
}

#[derive(Serialize)]
struct DecisionView {
    date: String,
    key: String,
    title: String,
    decision: String,
    rationale: String,
}

#[derive(Serialize)]
struct EvidenceView {
    summary: String,
    insights: Vec<InsightView>,
    most_requested: Vec<RequestedView>,
}

#[derive(Serialize)]
struct InsightView {
    date: String,
    key: String,
    text: String,
    customer: Option<String>,
    linked: String,
}

#[derive(Serialize)]
struct RequestedView {
    key: String,
    title: String,
    customers: usize,
    new_insights: usize,
}

#[derive(Serialize)]
struct RiskView {
    kind: &'static str,
    key: String,
    title: String,
    detail: String,
}

fn named(key: Key, title: &str) -> NamedView {
    NamedView {
        key: key.to_string(),
        title: html_text(title),
    }
}

fn metric(m: &MetricReport) -> MetricView {
    MetricView {
        name: html_text(&m.name),
        baseline: html_text(&m.baseline),
        target: html_text(&m.target),
        current: m.current.as_deref().map_or("–".to_string(), html_text),
        progress: progress_text(m.progress),
        progress_pct: m.progress.map(crate::domain::progress::bar_percent),
        trend: trend(&m.series),
        since: m
            .checkins_since
            .iter()
            .map(|c| CheckInView {
                date: c.date.to_string(),
                value: html_text(&c.value),
            })
            .collect(),
    }
}

pub fn render(r: &Report) -> String {
    let mut env = Environment::new();
    // The template is ours and tested: failing here is a bug in this build.
    env.add_template("report.html", TEMPLATE)
        .expect("assets/report.html is a valid template");
    let page = Page {
        title: format!("Progress update since {}", r.since.date),
        generated: r.generated.format("%Y-%m-%d %H:%M UTC").to_string(),
        snapshot: r.since.snapshot.as_deref().map(html_text),
        css: CSS,
        outcomes: r
            .outcomes
            .iter()
            .map(|o| OutcomeView {
                key: o.key.to_string(),
                title: html_text(&o.title),
                lane: o.lane.map_or("unplanned".to_string(), |l| l.to_string()),
                outcome: o.outcome.as_deref().map(html_text),
                metrics: o.metrics.iter().map(metric).collect(),
            })
            .collect(),
        shipped: r
            .shipped
            .iter()
            .map(|s| ShippedView {
                epic: s.epic.as_ref().map(|e| named(e.key, &e.title)),
                initiative: s.initiative.as_ref().map(|i| named(i.key, &i.title)),
                stories: s
                    .stories
                    .iter()
                    .map(|st| named(st.key, &st.title))
                    .collect(),
            })
            .collect(),
        changes: r.changes.as_ref().map(|c| ChangesView {
            snapshot: html_text(&c.snapshot),
            summary: html_text(&c.summary),
            rows: c
                .rows
                .iter()
                .map(|row| ChangeView {
                    change: row.change,
                    key: row.key.to_string(),
                    title: html_text(&row.title),
                    detail: html_text(&row.detail),
                })
                .collect(),
        }),
        decisions: r
            .decisions
            .iter()
            .map(|d| DecisionView {
                date: d.date.to_string(),
                key: d.key.to_string(),
                title: html_text(&d.title),
                decision: html_text(&d.decision),
                rationale: html_text(&d.rationale),
            })
            .collect(),
        evidence: EvidenceView {
            summary: evidence_summary(&r.evidence),
            insights: r
                .evidence
                .insights
                .iter()
                .map(|i| InsightView {
                    date: i.date.to_string(),
                    key: i.key.to_string(),
                    text: html_text(&i.text),
                    customer: i.customer.as_deref().map(html_text),
                    linked: i
                        .linked
                        .iter()
                        .map(Key::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect(),
            most_requested: r
                .evidence
                .most_requested
                .iter()
                .map(|q| RequestedView {
                    key: q.key.to_string(),
                    title: html_text(&q.title),
                    customers: q.customers,
                    new_insights: q.new_insights,
                })
                .collect(),
        },
        risks: r
            .risks
            .iter()
            .map(|k| RiskView {
                kind: k.kind,
                key: k.key.to_string(),
                title: html_text(&k.title),
                detail: html_text(&k.detail),
            })
            .collect(),
    };
    env.get_template("report.html")
        .and_then(|t| t.render(Value::from(Serde(&page))))
        .expect("assets/report.html renders")
}
