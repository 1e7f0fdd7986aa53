//! Roadmap exports: one [`render`] entry point, one file per format, so the
//! CLI and the TUI produce identical bytes from the same [`Roadmap`].
//!
//! All user text is made safe for its target: control characters and
//! escape sequences never reach the output raw, HTML is auto-escaped,
//! Markdown specials are backslash-escaped, and CSV cells that a
//! spreadsheet would run as a formula are neutralised. The generation time
//! printed is the roadmap's own (`Roadmap::generated`), never a clock read.

mod csv;
mod depmap_svg;
mod html;
mod json;
mod md;
#[cfg(test)]
mod planning_tests;
#[cfg(test)]
mod tests;
mod text;

use std::fmt;
use std::str::FromStr;

use crate::domain::number::fmt_plain;
use crate::domain::roadmap::{Card, ItemRef, Level, Roadmap};
use crate::domain::text::terminal_safe;
use crate::domain::{DomainError, Lane};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// A terminal rendering.
    #[default]
    Text,
    /// Markdown to paste into a wiki.
    Md,
    /// One self-contained printable HTML page.
    Html,
    /// The roadmap value, pretty-printed.
    Json,
    /// One row per card.
    Csv,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Md,
        Format::Html,
        Format::Json,
        Format::Csv,
    ];

    /// Whether the format draws the epic dependency map (Mermaid in
    /// Markdown, an inline SVG in HTML): only then is it worth building.
    pub fn draws_dependencies(self) -> bool {
        matches!(self, Format::Md | Format::Html)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "md" | "markdown" => Ok(Format::Md),
            "html" | "htm" => Ok(Format::Html),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            _ => Err(DomainError::invalid(
                "format",
                s,
                "one of text, md, html, json, csv",
            )),
        }
    }
}

/// The roadmap in `format`, as bytes (UTF-8).
pub fn render(roadmap: &Roadmap, format: Format) -> Vec<u8> {
    match format {
        Format::Text => text::render(roadmap).into_bytes(),
        Format::Md => md::render(roadmap).into_bytes(),
        Format::Html => html::render(roadmap).into_bytes(),
        Format::Json => json::render(roadmap),
        Format::Csv => csv::render(roadmap),
    }
}

/// A file name for an export: `roadmap-2026-11-23.md` (the roadmap's date),
/// `roadmap-initiatives-2026-11-23.html` on the initiative level.
pub fn default_file_name(roadmap: &Roadmap, format: Format) -> String {
    let level = match roadmap.level {
        Level::Epic => "",
        Level::Initiative => "initiatives-",
    };
    format!(
        "roadmap-{level}{}.{}",
        roadmap.generated.format("%Y-%m-%d"),
        format.extension()
    )
}

/// User text on one line with no control characters: newlines become
/// spaces, escape sequences and other controls become `�`.
pub(crate) fn one_line(s: &str) -> String {
    terminal_safe(&s.replace("\r\n", " ").replace(['\n', '\r'], " "), false)
}

/// `Roadmap: epics by RICE`.
fn heading(r: &Roadmap) -> String {
    format!("Roadmap: {} by {}", r.level.plural(), r.model.label())
}

/// `2026-11-23 10:00 UTC`.
fn generated(r: &Roadmap) -> String {
    r.generated.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn lane_title(lane: Option<Lane>) -> &'static str {
    lane.map_or("Unplanned", Lane::title)
}

fn score(r: &Roadmap, c: &Card) -> String {
    r.model.display(c.score)
}

/// `pinned at 2`: a card the PM placed by hand, over its score; `None`
/// when the score places it. The same words in every format.
fn pinned(c: &Card) -> Option<String> {
    c.pinned.map(|p| format!("pinned at {p}"))
}

/// `3 (1 done)`; `None` without stories.
fn stories(c: &Card) -> Option<String> {
    (c.stories > 0).then(|| format!("{} ({} done)", c.stories, c.stories_done))
}

/// `5 of 8`, plus how many stories lack an estimate; `None` when there is
/// nothing to count.
fn points(c: &Card) -> Option<String> {
    if c.points_total == 0.0 && c.stories_unestimated == 0 {
        return None;
    }
    let mut s = format!(
        "{} of {}",
        fmt_plain(c.points_done),
        fmt_plain(c.points_total)
    );
    if c.stories_unestimated > 0 {
        s.push_str(&format!(" ({} unestimated)", c.stories_unestimated));
    }
    Some(s)
}

/// Dependency maps with more nodes than this are not drawn in an export.
pub(crate) const MAX_DRAWN_NODES: usize = 150;

/// `85%: 12 Jan 2027` on a Now or Next epic of a live roadmap.
fn forecast(r: &Roadmap, c: &Card) -> Option<String> {
    r.planning.as_ref()?.card_line(c.key)
}

/// `3 of 5`; `None` without criteria.
fn criteria(c: &Card) -> Option<String> {
    (c.criteria_total > 0).then(|| format!("{} of {}", c.criteria_met, c.criteria_total))
}

/// Percent of `part` in `whole`, 0 when there is nothing.
fn percent(part: f64, whole: f64) -> u32 {
    if whole > 0.0 {
        ((part / whole * 100.0).round() as u32).min(100)
    } else {
        0
    }
}

/// `I-1 Dispatch without the phone calls`, made one safe line.
fn initiative_line(i: &ItemRef) -> String {
    format!("{} {}", i.key, one_line(&i.title))
}

/// An initiative named on the roadmap, with what it pursues.
struct Initiative<'a> {
    key: String,
    title: String,
    outcome: Option<&'a str>,
    metrics: &'a [crate::domain::Metric],
}

/// The initiatives of an epic-level roadmap's cards that state an outcome
/// or metrics, in order of first appearance; empty on the initiative
/// level, where each card shows its own outcome and metrics.
fn initiatives(r: &Roadmap) -> Vec<Initiative<'_>> {
    if r.level == Level::Initiative {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    r.cards()
        .filter_map(|c| c.initiative.as_ref().map(|i| (i, c)))
        .filter(|(i, _)| seen.insert(i.key))
        .filter(|(_, c)| c.outcome.is_some() || !c.metrics.is_empty())
        .map(|(i, c)| Initiative {
            key: i.key.to_string(),
            title: one_line(&i.title),
            outcome: c.outcome.as_deref(),
            metrics: &c.metrics,
        })
        .collect()
}
