//! The roadmap for a terminal: lanes one after another, one card per
//! block, user text made safe with `terminal_safe`.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{
    criteria, forecast, generated, heading, initiative_line, initiatives, lane_title, one_line,
    pinned, points, score, stories,
};
use crate::domain::roadmap::{Card, Level, Roadmap};
use crate::domain::text::count_of;
use crate::domain::{Kind, Metric};

/// Titles longer than this are cut with `…`.
const TITLE_WIDTH: usize = 60;

pub fn render(r: &Roadmap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}, generated {}", heading(r), generated(r));
    if let Some(p) = &r.planning {
        let _ = writeln!(out, "{}", p.headline);
        let _ = writeln!(out, "  {}.", p.basis);
        let _ = writeln!(out, "  {}.", p.forecast);
    }
    let key_w = r
        .cards()
        .map(|c| c.key.to_string().len())
        .max()
        .unwrap_or(3);
    let title_w = r
        .cards()
        .map(|c| cut(&one_line(&c.title), TITLE_WIDTH).width())
        .max()
        .unwrap_or(0);
    for (lane, cards) in r.groups() {
        if lane.is_none() && cards.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} ({})",
            lane_title(lane).to_uppercase(),
            cards.len()
        );
        if cards.is_empty() {
            let _ = writeln!(out, "  (no {})", r.level.plural());
        }
        for c in cards {
            card(&mut out, r, c, key_w, title_w);
        }
    }
    let inits = initiatives(r);
    if !inits.is_empty() {
        let _ = writeln!(out, "\nINITIATIVES");
        for i in inits {
            let _ = writeln!(out, "  {} {}", i.key, i.title);
            goals(&mut out, i.outcome, i.metrics, "      ");
        }
    }
    out
}

fn card(out: &mut String, r: &Roadmap, c: &Card, key_w: usize, title_w: usize) {
    let title = cut(&one_line(&c.title), TITLE_WIDTH);
    let _ = writeln!(
        out,
        "  {}  {}  {} {}{}",
        pad(&c.key.to_string(), key_w),
        pad(&title, title_w),
        r.model.label(),
        score(r, c),
        pinned(c).map_or(String::new(), |p| format!(" · {p}"))
    );
    let indent = " ".repeat(key_w + 4);
    let mut about = Vec::new();
    if r.level == Level::Epic
        && let Some(i) = &c.initiative
    {
        about.push(initiative_line(i));
    }
    about.push(c.status.to_string());
    if let Some(o) = &c.owner {
        about.push(one_line(o));
    }
    let _ = writeln!(out, "{indent}{}", about.join(" · "));
    let mut sizes = Vec::new();
    if let Some(e) = c.epics {
        sizes.push(count_of(e, Kind::Epic));
    }
    sizes.push(stories(c).map_or("no stories yet".into(), |s| format!("stories {s}")));
    sizes.extend(points(c).map(|p| format!("points {p}")));
    sizes.extend(criteria(c).map(|a| format!("criteria {a}")));
    sizes.extend(forecast(r, c));
    let _ = writeln!(out, "{indent}{}", sizes.join(" · "));
    if r.level == Level::Initiative {
        goals(out, c.outcome.as_deref(), &c.metrics, &indent);
    }
    for w in &c.warnings {
        let _ = writeln!(out, "{indent}! {}", w.message);
    }
}

fn goals(out: &mut String, outcome: Option<&str>, metrics: &[Metric], indent: &str) {
    if let Some(o) = outcome {
        let _ = writeln!(out, "{indent}Outcome: {}", one_line(o));
    }
    for m in metrics {
        let _ = writeln!(out, "{indent}Metric: {}", metric(m));
    }
}

/// `Calls per day: 46 → 20`.
pub(super) fn metric(m: &Metric) -> String {
    let mut s = one_line(&m.name);
    match (m.baseline.trim(), m.target.trim()) {
        ("", "") => {}
        ("", t) => s.push_str(&format!(": target {}", one_line(t))),
        (b, "") => s.push_str(&format!(": baseline {}", one_line(b))),
        (b, t) => s.push_str(&format!(": {} → {}", one_line(b), one_line(t))),
    }
    s
}

/// Cuts `s` to at most `width` columns, ending with `…` when cut.
fn cut(s: &str, width: usize) -> String {
    crate::domain::text::truncate(s, width)
}

/// Pads `s` with spaces to `width` columns.
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}
