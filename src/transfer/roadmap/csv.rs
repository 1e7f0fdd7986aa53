//! The roadmap as CSV: a header row, then one row per card, lane by lane
//! (unplanned last). Cells a spreadsheet would run as a formula (starting
//! with `=`, `+`, `-`, `@`, tab or carriage return) are prefixed with `'`.

use super::text::metric;
use super::{lane_title, one_line, score};
use crate::domain::number::fmt_plain;
use crate::domain::roadmap::Roadmap;

const HEADER: [&str; 20] = [
    "lane",
    "position",
    "key",
    "title",
    "initiative",
    "initiative_title",
    "status",
    "owner",
    "model",
    "score",
    "stories",
    "stories_done",
    "points_done",
    "points_total",
    "criteria_met",
    "criteria_total",
    "outcome",
    "metrics",
    "warnings",
    "pinned",
];

pub fn render(r: &Roadmap) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    w.write_record(HEADER).expect("write to memory");
    for (lane, cards) in r.groups() {
        for (n, c) in cards.iter().enumerate() {
            let (ikey, ititle) = c
                .initiative
                .as_ref()
                .map_or((String::new(), String::new()), |i| {
                    (i.key.to_string(), i.title.clone())
                });
            let score = c.score.map_or(String::new(), |_| score(r, c));
            let metrics: Vec<String> = c.metrics.iter().map(metric).collect();
            let warnings: Vec<&str> = c.warnings.iter().map(|w| w.message.as_str()).collect();
            let row = [
                lane_title(lane).to_lowercase(),
                (n + 1).to_string(),
                c.key.to_string(),
                c.title.clone(),
                ikey,
                ititle,
                c.status.to_string(),
                c.owner.clone().unwrap_or_default(),
                r.model.as_str().to_string(),
                score,
                c.stories.to_string(),
                c.stories_done.to_string(),
                fmt_plain(c.points_done),
                fmt_plain(c.points_total),
                c.criteria_met.to_string(),
                c.criteria_total.to_string(),
                c.outcome.clone().unwrap_or_default(),
                metrics.join("; "),
                warnings.join("; "),
                c.pinned.map_or(String::new(), |p| p.to_string()),
            ];
            w.write_record(row.iter().map(|s| cell(s)))
                .expect("write to memory");
        }
    }
    w.into_inner().expect("flush to memory")
}

/// One safe cell: one line, no control characters, no formula. Leading
/// blanks are looked through, since some spreadsheets trim them first.
pub(super) fn cell(s: &str) -> String {
    let s = one_line(s);
    if s.starts_with(['\t', '\r']) || s.trim_start().starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s
    }
}
