//! The report as one self-contained HTML page: our own CSS inline, no
//! script, no remote resource, A4-friendly; user text escaped with
//! [`html_text`] and escaped, as the roadmap's HTML export does.

use std::fmt::Write;

use super::{Report, progress_text};
use crate::domain::text::html_text;

/// User text made safe for the page as the roadmap export makes it:
/// [`html_text`], then HTML-escaped (there, by the template engine).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in html_text(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}\
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
.key{font-family:ui-monospace,monospace;font-weight:600}.muted{color:#666}\
.bar{display:inline-block;width:5rem;height:.5rem;background:#eee;margin-left:.4rem}.bar span{display:block;height:100%;background:#2a7}\
@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,li{break-inside:avoid}}";

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let title = format!("Progress update since {}", r.since.date);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"muted\">Generated {}{}.</p>\n",
        r.generated.format("%Y-%m-%d %H:%M UTC"),
        r.since
            .snapshot
            .as_ref()
            .map_or(String::new(), |s| format!(" · compared with snapshot “{}”", esc(s)))
    );
    let _ = writeln!(out, "<h2>Outcomes</h2>");
    if r.outcomes.is_empty() {
        let _ = writeln!(out, "<p>No initiative has success metrics yet.</p>");
    }
    for o in &r.outcomes {
        let lane = o.lane.map_or("unplanned".to_string(), |l| l.to_string());
        let _ = writeln!(out, "<h3><span class=\"key\">{}</span> {} <span class=\"muted\">({lane})</span></h3>", o.key, esc(&o.title));
        if let Some(text) = &o.outcome {
            let _ = writeln!(out, "<p>{}</p>", esc(text));
        }
        let _ = writeln!(out, "<table><tr><th>Metric</th><th>Baseline</th><th>Target</th><th>Now</th><th>Progress</th><th>Check-ins since</th></tr>");
        for m in &o.metrics {
            let since: Vec<String> = m
                .checkins_since
                .iter()
                .map(|c| format!("{}: {}", c.date, esc(&c.value)))
                .collect();
            let bar = m.progress.map_or(String::new(), |p| {
                format!(
                    "<span class=\"bar\"><span style=\"width:{:.0}%\"></span></span>",
                    p.clamp(0.0, 1.0) * 100.0
                )
            });
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{bar}</td><td>{}</td></tr>",
                esc(&m.name),
                esc(&m.baseline),
                esc(&m.target),
                m.current.as_deref().map_or("–".to_string(), esc),
                progress_text(m.progress),
                if since.is_empty() { "none".to_string() } else { since.join("<br>") }
            );
        }
        let _ = writeln!(out, "</table>");
    }
    let _ = writeln!(out, "<h2>Shipped</h2>");
    if r.shipped.is_empty() {
        let _ = writeln!(out, "<p>No story was finished in this period.</p>");
    }
    for s in &r.shipped {
        let epic = s.epic.as_ref().map_or("Without an epic".to_string(), |e| {
            format!("<span class=\"key\">{}</span> {}", e.key, esc(&e.title))
        });
        let initiative = s.initiative.as_ref().map_or(String::new(), |i| {
            format!(" <span class=\"muted\">(in {} {})</span>", i.key, esc(&i.title))
        });
        let _ = writeln!(out, "<h3>{epic}{initiative}</h3>\n<ul>");
        for st in &s.stories {
            let _ = writeln!(out, "<li><span class=\"key\">{}</span> {}</li>", st.key, esc(&st.title));
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "<h2>Roadmap changes</h2>");
    match &r.changes {
        None => {
            let _ = writeln!(out, "<p>No snapshot to compare with.</p>");
        }
        Some(c) => {
            let _ = writeln!(out, "<p>Since snapshot “{}”: {}.</p>", esc(&c.snapshot), esc(&c.summary));
            if !c.rows.is_empty() {
                let _ = writeln!(out, "<ul>");
                for row in &c.rows {
                    let _ = writeln!(
                        out,
                        "<li>{} <span class=\"key\">{}</span> {}: {}</li>",
                        row.change,
                        row.key,
                        esc(&row.title),
                        esc(&row.detail)
                    );
                }
                let _ = writeln!(out, "</ul>");
            }
        }
    }
    let _ = writeln!(out, "<h2>Decisions</h2>");
    if r.decisions.is_empty() {
        let _ = writeln!(out, "<p>No decision was recorded in this period.</p>");
    } else {
        let _ = writeln!(out, "<ul>");
        for d in &r.decisions {
            let why = if d.rationale.is_empty() {
                String::new()
            } else {
                format!("<br><span class=\"muted\">because {}</span>", esc(&d.rationale))
            };
            let _ = writeln!(
                out,
                "<li>{} <span class=\"key\">{}</span> {}: {}{why}</li>",
                d.date,
                d.key,
                esc(&d.title),
                esc(&d.decision)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "<h2>Risks</h2>");
    if r.risks.is_empty() {
        let _ = writeln!(out, "<p>No dependency problems, stale work or unready stories in Now.</p>");
    } else {
        let _ = writeln!(out, "<ul>");
        for k in &r.risks {
            let _ = writeln!(
                out,
                "<li>{}: <span class=\"key\">{}</span> {} — {}</li>",
                k.kind,
                k.key,
                esc(&k.title),
                esc(&k.detail)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</body>\n</html>");
    out
}
