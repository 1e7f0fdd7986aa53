//! The roadmap as one self-contained, printable HTML page: the template
//! and CSS in `assets/` are embedded at build time, the CSS inlined; no
//! scripts, no network. User text goes through minijinja's HTML
//! auto-escaping (the template's name ends in `.html`), is cleaned by
//! `html_text` and shown inside `<bdi>`, so no direction mark in it can
//! reorder the page around it.

use minijinja::Environment;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::depmap_svg::{MapView, layout};
use super::{
    MAX_DRAWN_NODES, criteria, forecast, generated, heading, initiatives, lane_title, percent,
    pinned, points, score, stories,
};
use crate::domain::Metric;
use crate::domain::progress::{series, standing};
use crate::domain::roadmap::{Card, Level, Roadmap};
use crate::domain::text::html_text;
use crate::transfer::trend_svg::{Trend, trend};

const TEMPLATE: &str = include_str!("../../../assets/roadmap.html");
const CSS: &str = include_str!("../../../assets/roadmap.css");

#[derive(Serialize)]
struct Page {
    title: String,
    generated: String,
    plural: &'static str,
    model: &'static str,
    /// Our own stylesheet, inserted unescaped.
    css: &'static str,
    lanes: Vec<LaneView>,
    unplanned: Vec<CardView>,
    initiatives: Vec<InitiativeView>,
    planning: Option<PlanningView>,
    /// The epic dependency map, laid out for an inline SVG.
    dependencies: Option<MapView>,
    /// Why the map is not drawn (too many epics).
    dependencies_note: Option<String>,
}

#[derive(Serialize)]
struct PlanningView {
    headline: String,
    over: bool,
    basis: String,
    forecast: String,
}

#[derive(Serialize)]
struct LaneView {
    id: &'static str,
    title: &'static str,
    cards: Vec<CardView>,
}

#[derive(Serialize)]
struct CardView {
    key: String,
    title: String,
    initiative: Option<String>,
    status: &'static str,
    owner: Option<String>,
    score: String,
    scored: bool,
    /// `pinned at 2` on a card placed by hand.
    pinned: Option<String>,
    inherited: bool,
    epics: Option<usize>,
    stories: Option<String>,
    points: Option<String>,
    points_pct: u32,
    criteria: Option<String>,
    criteria_pct: u32,
    outcome: Option<String>,
    metrics: Vec<MetricView>,
    warnings: Vec<String>,
    /// `85%: 12 Jan 2027` on a Now or Next epic.
    forecast: Option<String>,
    late: bool,
}

#[derive(Serialize)]
struct MetricView {
    name: String,
    baseline: String,
    target: String,
    /// The latest check-in's value, when there is one.
    current: Option<String>,
    /// `46%` toward the target, and the bar's width.
    progress: Option<String>,
    progress_pct: u32,
    /// The check-ins as a sparkline (two numbers or more).
    trend: Option<Trend>,
}

#[derive(Serialize)]
struct InitiativeView {
    key: String,
    title: String,
    outcome: Option<String>,
    metrics: Vec<MetricView>,
}

pub fn render(r: &Roadmap) -> String {
    let mut env = Environment::new();
    // The template is ours and tested: failing here is a bug in this build.
    env.add_template("roadmap.html", TEMPLATE)
        .expect("assets/roadmap.html is a valid template");
    let page = Page {
        title: heading(r),
        generated: generated(r),
        plural: r.level.plural(),
        model: r.model.label(),
        css: CSS,
        lanes: r
            .groups()
            .filter_map(|(lane, cards)| {
                lane.map(|l| LaneView {
                    id: l.as_str(),
                    title: lane_title(Some(l)),
                    cards: cards.iter().map(|c| card(r, c)).collect(),
                })
            })
            .collect(),
        unplanned: r.cards_in(None).iter().map(|c| card(r, c)).collect(),
        initiatives: initiatives(r)
            .into_iter()
            .map(|i| InitiativeView {
                key: i.key,
                title: i.title,
                outcome: i.outcome.map(html_text),
                metrics: metrics(i.metrics),
            })
            .collect(),
        planning: r.planning.as_ref().map(|p| PlanningView {
            headline: p.headline.clone(),
            over: p.over,
            basis: p.basis.clone(),
            forecast: p.forecast.clone(),
        }),
        dependencies: r
            .dependencies
            .as_ref()
            .filter(|m| m.nodes.len() <= MAX_DRAWN_NODES)
            .and_then(layout),
        dependencies_note: r
            .dependencies
            .as_ref()
            .filter(|m| m.nodes.len() > MAX_DRAWN_NODES && !m.edges.is_empty())
            .map(|m| {
                format!(
                    "The map links {} epics, too many to draw here: see `backlog dep map`.",
                    m.nodes.len()
                )
            }),
    };
    let mut html = env
        .get_template("roadmap.html")
        .and_then(|t| t.render(Value::from(Serde(&page))))
        .expect("assets/roadmap.html renders");
    if !html.ends_with('\n') {
        html.push('\n');
    }
    html
}

fn card(r: &Roadmap, c: &Card) -> CardView {
    let initiative_level = r.level == Level::Initiative;
    CardView {
        key: c.key.to_string(),
        title: html_text(&c.title),
        initiative: c
            .initiative
            .as_ref()
            .filter(|_| !initiative_level)
            .map(|i| format!("{} {}", i.key, html_text(&i.title))),
        status: c.status.as_str(),
        owner: c.owner.as_deref().map(html_text),
        score: score(r, c),
        scored: c.score.is_some(),
        pinned: pinned(c),
        inherited: c.lane_inherited,
        epics: c.epics,
        stories: stories(c),
        points: points(c),
        points_pct: percent(c.points_done, c.points_total),
        criteria: criteria(c),
        criteria_pct: percent(c.criteria_met as f64, c.criteria_total as f64),
        outcome: c
            .outcome
            .as_deref()
            .filter(|_| initiative_level)
            .map(html_text),
        metrics: if initiative_level {
            metrics(&c.metrics)
        } else {
            Vec::new()
        },
        warnings: c.warnings.iter().map(|w| w.message.clone()).collect(),
        forecast: forecast(r, c),
        late: r
            .planning
            .as_ref()
            .is_some_and(|p| p.epics.iter().any(|e| e.key == c.key && e.late)),
    }
}

fn metrics(ms: &[Metric]) -> Vec<MetricView> {
    ms.iter()
        .map(|m| {
            let now = standing(m);
            MetricView {
                name: html_text(&m.name),
                baseline: html_text(&m.baseline),
                target: html_text(&m.target),
                current: now.latest.map(|c| html_text(&c.value)),
                progress: now.progress.map(crate::domain::progress::percent),
                progress_pct: now.progress.map_or(0, crate::domain::progress::bar_percent),
                trend: trend(&series(m)),
            }
        })
        .collect()
}
