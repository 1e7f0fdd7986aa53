//! The lines of the Refine tab's body for one story, wrapped to the
//! width they are drawn at. The view draws them; update measures them to
//! scroll and to keep the selected criterion on screen, so both agree.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::app::{App, Focus, Level, Mode};
use super::keymap::Cmd;
use super::layout::RefineAreas;
use super::theme::Theme;
use super::widgets::wrap::{wrap_hanging, wrap_under};
use crate::domain::number::fmt_plain;
use crate::domain::ready::ready_checklist;
use crate::domain::text::terminal_safe;
use crate::domain::{Item, Model};

fn safe(s: &str) -> String {
    terminal_safe(s, false)
}

/// The body's columns, wrapped, and where each criterion starts.
pub struct RefineBody {
    pub left: Vec<Line<'static>>,
    /// Empty on a narrow screen, where everything is in `left`.
    pub right: Vec<Line<'static>>,
    /// The first line of each criterion in `left`.
    pub criteria_rows: Vec<usize>,
}

impl RefineBody {
    /// The story's lines for `areas`.
    pub fn build(app: &App, theme: &Theme, item: &Item, areas: &RefineAreas) -> RefineBody {
        let lw = areas.left.width as usize;
        let comfortable = areas.big;
        let mut left = Vec::new();
        if let Some((msg, Level::Error)) = &app.message
            && app.message_about == Some(item.key)
        {
            left.extend(wrap_under(
                vec![Span::styled("✗ ", theme.error)],
                Span::styled(msg.clone(), theme.error.add_modifier(Modifier::BOLD)),
                lw,
            ));
            left.push(Line::default());
        }
        for l in story_lines(app, theme, item) {
            left.extend(wrap_hanging(l.spans, 0, lw));
        }
        left.push(Line::default());
        let mut criteria_rows = Vec::new();
        criteria_lines(
            app,
            theme,
            item,
            lw,
            comfortable,
            &mut left,
            &mut criteria_rows,
        );
        let mut right = Vec::new();
        let (side, sw) = match areas.right {
            Some(r) => (&mut right, r.width as usize),
            None => {
                left.push(Line::default());
                (&mut left, lw)
            }
        };
        for l in side_lines(app, theme, item, comfortable) {
            side.extend(wrap_hanging(l.spans, 3, sw));
        }
        RefineBody {
            left,
            right,
            criteria_rows,
        }
    }

    /// The most lines either column has.
    pub fn height(&self) -> usize {
        self.left.len().max(self.right.len())
    }
}

/// How far the body can scroll when `visible` lines show at once.
pub fn max_scroll(body: &RefineBody, visible: usize) -> usize {
    body.height().saturating_sub(visible.max(1))
}

fn story_lines(app: &App, theme: &Theme, item: &Item) -> Vec<Line<'static>> {
    match item.user_story_sentence() {
        Some(s) => vec![Line::from(Span::styled(safe(&s), theme.title))],
        None => vec![Line::from(Span::styled(
            format!(
                "No user-story sentence yet: {} to write “As a …, I want …, so that …”",
                app.keymap.hint(Cmd::Edit)
            ),
            theme.warn,
        ))],
    }
}

fn criteria_lines(
    app: &App,
    theme: &Theme,
    item: &Item,
    width: usize,
    comfortable: bool,
    out: &mut Vec<Line<'static>>,
    rows: &mut Vec<usize>,
) {
    let focused =
        app.focus == Focus::Criteria && matches!(app.mode, Mode::Normal | Mode::Confirm(_));
    let mut heading = vec![Span::styled(
        format!(
            "Acceptance criteria  {}/{}",
            item.criteria_done(),
            item.criteria.len()
        ),
        theme.heading,
    )];
    if !item.criteria.is_empty() && !focused {
        heading.push(Span::styled(
            format!("  ({} selects one)", app.keymap.hint(Cmd::Focus)),
            theme.dim,
        ));
    }
    out.extend(wrap_hanging(heading, 0, width));
    if item.criteria.is_empty() {
        out.push(Line::from(Span::styled(
            format!(
                "  none yet — {} adds one",
                app.keymap.hint(Cmd::AddCriterion)
            ),
            theme.warn,
        )));
    }
    for (n, c) in item.criteria.iter().enumerate() {
        if comfortable && n > 0 {
            out.push(Line::default());
        }
        let selected = focused && n == app.criterion;
        let mark = if c.done { "[x]" } else { "[ ]" };
        let pointer = if selected { "▸" } else { " " };
        let prefix = vec![
            Span::styled(pointer.to_string(), theme.selected),
            Span::styled(
                format!("{:>2}. {mark} ", n + 1),
                if c.done { theme.ok } else { theme.base },
            ),
        ];
        let style = if selected { theme.selected } else { theme.base };
        rows.push(out.len());
        out.extend(wrap_under(
            prefix,
            Span::styled(safe(&c.text), style),
            width,
        ));
    }
}

fn side_lines(app: &App, theme: &Theme, item: &Item, comfortable: bool) -> Vec<Line<'static>> {
    let gap = |v: &mut Vec<Line<'static>>| v.push(Line::default());
    let mut v = vec![Line::from(Span::styled(
        "Definition of Ready",
        theme.heading,
    ))];
    for (rule, met) in ready_checklist(item, |k| app.backlog.status_of(k)) {
        v.push(Line::from(vec![
            Span::styled(
                if met { " ✓ " } else { " ✗ " },
                if met { theme.ok } else { theme.error },
            ),
            Span::styled(rule, if met { theme.base } else { theme.warn }),
        ]));
    }
    gap(&mut v);
    v.push(Line::from(vec![
        Span::styled("Estimate  ", theme.heading),
        Span::styled(
            item.points.map_or(
                format!(
                    "– ({} picks 1 2 3 5 8 13 20)",
                    app.keymap.hint(Cmd::QuickPoints)
                ),
                count_points,
            ),
            theme.title,
        ),
    ]));
    if comfortable {
        gap(&mut v);
    }
    for model in [Model::Rice, Model::Wsjf] {
        v.push(Line::from(vec![
            Span::styled(format!("{}  ", model.label()), theme.heading),
            Span::styled(item.explain(model), theme.score),
        ]));
    }
    if !item.depends_on.is_empty() {
        gap(&mut v);
        v.push(Line::from(Span::styled("Depends on", theme.heading)));
        for d in &item.depends_on {
            let (status, title) = app
                .backlog
                .get(*d)
                .map_or(("gone".to_string(), String::new()), |i| {
                    (i.status.to_string(), safe(&i.title))
                });
            v.push(Line::from(format!(" {d} ({status}) {title}")));
        }
    }
    if !item.decisions.is_empty() {
        gap(&mut v);
        v.push(Line::from(Span::styled("Decisions", theme.heading)));
        for d in &item.decisions {
            v.push(Line::from(format!(" {} {}", d.date, safe(&d.decision))));
            if !d.rationale.is_empty() {
                v.push(Line::from(Span::styled(
                    format!("   → {}", safe(&d.rationale)),
                    theme.dim,
                )));
            }
        }
    }
    v
}

/// `1 point`, `5 points`, `0.5 points`.
pub fn count_points(p: f64) -> String {
    if p == 1.0 {
        "1 point".to_string()
    } else {
        format!("{} points", fmt_plain(p))
    }
}
