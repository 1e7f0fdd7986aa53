//! The detail pane: everything about one item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{block, scroll_hint};
use crate::domain::number::fmt_plain;
use crate::domain::ready::missing_for_ready;
use crate::domain::text::terminal_safe;
use crate::domain::{Item, Kind, Model};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::widgets::progress::standing_text;
use crate::tui::widgets::text::counted;

pub fn draw(
    f: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    item: Option<&Item>,
    focused: bool,
) {
    let Some(item) = item else {
        f.render_widget(block(" Details ".into(), false, theme), area);
        return;
    };
    let title = format!(" {} · {} · {} ", item.key, item.kind(), item.status);
    let (lines, criteria) = lines(app, theme, item, focused);
    let width = area.width.saturating_sub(2);
    let height = area.height.saturating_sub(2) as usize;
    let rows = |ls: &[Line]| {
        Paragraph::new(ls.to_vec())
            .wrap(Wrap { trim: false })
            .line_count(width)
    };
    let total = rows(&lines);
    // With the criteria focused, scroll so the selected one is in view,
    // from the criteria heading if that fits.
    let scroll = match criteria {
        Some((heading, selected)) if focused => {
            let end = rows(&lines[..=selected]);
            let head = rows(&lines[..heading]);
            if end <= height {
                0
            } else if end - head <= height {
                head
            } else {
                end - height
            }
        }
        _ => 0,
    };
    let shown = total.saturating_sub(scroll).min(height);
    let b = block(title, focused, theme)
        .title_bottom(Line::from(scroll_hint(scroll, shown, total)).right_aligned());
    f.render_widget(
        Paragraph::new(lines)
            .block(b)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        area,
    );
}

fn safe(s: &str) -> String {
    terminal_safe(s, false)
}

fn heading<'a>(text: &str, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.to_string(), theme.heading))
}

/// The pane's lines, and for a story the index of the criteria heading and
/// of the selected criterion's line.
fn lines<'a>(
    app: &App,
    theme: &Theme,
    item: &Item,
    focused: bool,
) -> (Vec<Line<'a>>, Option<(usize, usize)>) {
    let mut criteria = None;
    let backlog = &app.backlog;
    let mut v: Vec<Line> = vec![Line::from(Span::styled(safe(&item.title), theme.title))];
    let mut facts = Vec::new();
    if let Some(p) = item.parent.and_then(|p| backlog.get(p)) {
        facts.push(format!("in {} {}", p.key, safe(&p.title)));
    }
    match (item.lane, backlog.effective_lane(item)) {
        (Some(l), _) => facts.push(format!("lane {l}")),
        (None, Some(l)) => facts.push(format!("lane {l} (inherited)")),
        _ => {}
    }
    if let Some(p) = item.pinned {
        facts.push(format!("pinned at {p}"));
    }
    if let Some(o) = &item.owner {
        facts.push(format!("owner {}", safe(o)));
    }
    if item.kind() == Kind::Story {
        facts.push(match item.points {
            Some(1.0) => "1 point".to_string(),
            Some(p) => format!("{} points", fmt_plain(p)),
            None => "no estimate".to_string(),
        });
    }
    if !item.labels.is_empty() {
        facts.push(format!("#{}", safe(&item.labels.join(" #"))));
    }
    v.push(Line::from(Span::styled(facts.join(" · "), theme.dim)));

    if let Some(s) = item.user_story_sentence() {
        v.push(Line::default());
        v.push(Line::from(Span::styled(safe(&s), theme.base)));
    } else if item.kind() == Kind::Story {
        v.push(Line::default());
        v.push(Line::from(Span::styled(
            "No user-story sentence yet (e edits persona, goal, benefit)",
            theme.dim,
        )));
    }
    if let Some(o) = &item.outcome {
        v.push(Line::default());
        v.push(Line::from(vec![
            Span::styled("Outcome  ", theme.heading),
            Span::raw(safe(o)),
        ]));
    }
    if let Some(h) = &item.hypothesis {
        v.push(Line::from(vec![
            Span::styled("Hypothesis  ", theme.heading),
            Span::raw(safe(h)),
        ]));
    }
    if !item.metrics.is_empty() {
        v.push(heading("Success metrics", theme));
        for m in &item.metrics {
            v.push(Line::from(format!(
                "  {}: {} → {}",
                safe(&m.name),
                safe(&m.baseline),
                safe(&m.target)
            )));
            if let Some(text) = standing_text(m, 10) {
                v.push(Line::from(Span::styled(format!("    {text}"), theme.score)));
            }
        }
    }

    if item.kind() == Kind::Story {
        v.push(Line::default());
        let heading_at = v.len();
        criteria = Some((heading_at, heading_at));
        v.push(heading(
            &format!(
                "Acceptance criteria {}/{}",
                item.criteria_done(),
                item.criteria.len()
            ),
            theme,
        ));
        if item.criteria.is_empty() {
            v.push(Line::from(Span::styled(
                "  none yet: c adds one",
                theme.dim,
            )));
        }
        for (n, c) in item.criteria.iter().enumerate() {
            if n == app.criterion {
                criteria = Some((heading_at, v.len()));
            }
            let mark = if c.done { "[x]" } else { "[ ]" };
            let style = if focused && n == app.criterion {
                theme.selected
            } else if c.done {
                theme.dim
            } else {
                theme.base
            };
            v.push(Line::from(vec![
                Span::styled(
                    format!("  {mark} "),
                    if c.done { theme.ok } else { theme.base },
                ),
                Span::styled(format!("{}. {}", n + 1, safe(&c.text)), style),
            ]));
        }
        let missing = missing_for_ready(item, |k| backlog.status_of(k));
        v.push(Line::default());
        if missing.is_empty() {
            v.push(Line::from(Span::styled(
                "✓ Definition of Ready met",
                theme.ok,
            )));
        } else {
            v.push(Line::from(Span::styled("✗ Not ready: missing", theme.warn)));
            for m in missing {
                v.push(Line::from(Span::styled(format!("  · {m}"), theme.warn)));
            }
        }
    }

    if item.kind() != Kind::Initiative {
        v.push(Line::default());
        for model in [Model::Rice, Model::Wsjf] {
            let marker = if model == app.model { "▸" } else { " " };
            v.push(Line::from(vec![
                Span::styled(format!("{marker}{} ", model.label()), theme.heading),
                Span::styled(item.explain(model), theme.score),
            ]));
        }
    } else {
        let epics = backlog.children(item.key).filter(|c| !c.archived).count();
        v.push(Line::default());
        v.push(Line::from(Span::styled(
            counted(epics, "epic", "epics"),
            theme.dim,
        )));
    }

    if !item.depends_on.is_empty() {
        v.push(Line::default());
        v.push(heading("Depends on", theme));
        for d in &item.depends_on {
            match backlog.get(*d) {
                Some(i) => v.push(Line::from(vec![
                    Span::styled(format!("  {d} "), theme.key),
                    Span::styled(format!("{} ", i.status), theme.status(i.status)),
                    Span::raw(safe(&i.title)),
                ])),
                None => v.push(Line::from(format!("  {d} (gone)"))),
            }
        }
    }
    let blocks = backlog.dependents(item.key);
    if !blocks.is_empty() {
        let shown: Vec<String> = blocks.iter().map(ToString::to_string).collect();
        v.push(Line::from(vec![
            Span::styled("Blocks ", theme.heading),
            Span::raw(shown.join(", ")),
        ]));
    }
    v.extend(super::evidence::lines(backlog, item, theme));
    if !item.decisions.is_empty() {
        v.push(Line::default());
        v.push(heading("Decisions", theme));
        for d in &item.decisions {
            v.push(Line::from(vec![
                Span::styled(format!("  {} ", d.date), theme.dim),
                Span::raw(safe(&d.decision)),
            ]));
            if !d.rationale.is_empty() {
                v.push(Line::from(Span::styled(
                    format!("    because {}", safe(&d.rationale)),
                    theme.dim,
                )));
            }
        }
    }
    if !item.description.trim().is_empty() {
        v.push(Line::default());
        v.push(heading("Description", theme));
        for l in terminal_safe(&item.description, true).lines() {
            v.push(Line::from(format!("  {l}")));
        }
    }
    (v, criteria)
}
