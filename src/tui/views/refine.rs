//! The Refine tab, for a shared screen: one story fills the screen in a
//! large, high-contrast layout.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::domain::number::fmt_plain;
use crate::domain::ready::ready_checklist;
use crate::domain::text::terminal_safe;
use crate::domain::{Item, Model};
use crate::tui::app::{App, Focus, Mode};
use crate::tui::keymap::Cmd;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;

fn safe(s: &str) -> String {
    terminal_safe(s, false)
}

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [body, bottom] = {
        let v = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Min(3), Constraint::Length(1)])
            .split(area);
        [v[0], v[1]]
    };
    draw_quiet_line(f, app, theme, bottom);
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    let Some(item) = app.selected_item() else {
        let scope = scope_label(app);
        let lines = vec![
            Line::default(),
            Line::from(Span::styled("Nothing left to refine", theme.title)),
            Line::default(),
            Line::from(format!(
                "Every story in {scope} is ready, in progress, done or parked."
            )),
            Line::from(Span::styled(
                format!(
                    "{} picks another epic or initiative · {} exports the session summary · {} goes back to the backlog",
                    app.keymap.hint(Cmd::RefineScope),
                    app.keymap.hint(Cmd::ExportSummary),
                    app.keymap.hint(Cmd::TabBacklog)
                ),
                theme.dim,
            )),
        ];
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
        return;
    };
    let big = body.height >= 30 && body.width >= 70;
    let header_h = if big { 5 } else { 2 };
    let v = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Length(header_h), Constraint::Min(3)])
        .split(body);
    draw_header(f, theme, v[0], item, big);

    let wide = body.width >= 100;
    if wide {
        let h = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(60), Constraint::Percentage(40)])
            .split(v[1]);
        let mut left = story_lines(app, theme, item);
        left.push(Line::default());
        left.extend(criteria_lines(app, theme, item));
        f.render_widget(Paragraph::new(left).wrap(Wrap { trim: false }), h[0]);
        let right = side_lines(app, theme, item);
        f.render_widget(
            Paragraph::new(right).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::LEFT)
                    .border_style(theme.border)
                    .style(theme.base),
            ),
            h[1],
        );
    } else {
        let mut all = story_lines(app, theme, item);
        all.push(Line::default());
        all.extend(criteria_lines(app, theme, item));
        all.push(Line::default());
        all.extend(side_lines(app, theme, item));
        f.render_widget(Paragraph::new(all).wrap(Wrap { trim: false }), v[1]);
    }
}

fn draw_header(f: &mut Frame, theme: &Theme, area: Rect, item: &Item, big: bool) {
    if big {
        let h = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Length(4), Constraint::Length(1)])
            .split(area);
        let key = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.key)
            .lines(vec![Line::from(item.key.to_string())])
            .build();
        f.render_widget(key, h[0]);
        f.render_widget(
            Paragraph::new(Span::styled(
                fit(&item.title, h[1].width as usize),
                theme.title.add_modifier(Modifier::BOLD),
            )),
            h[1],
        );
    } else {
        let line = Line::from(vec![
            Span::styled(
                format!("{}  ", item.key),
                theme.key.add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                fit(
                    &item.title,
                    (area.width as usize).saturating_sub(item.key.to_string().len() + 2),
                ),
                theme.title.add_modifier(Modifier::BOLD),
            ),
        ]);
        f.render_widget(Paragraph::new(line), area);
    }
}

fn story_lines<'a>(app: &App, theme: &Theme, item: &Item) -> Vec<Line<'a>> {
    let mut v = Vec::new();
    match item.user_story_sentence() {
        Some(s) => v.push(Line::from(Span::styled(safe(&s), theme.title))),
        None => v.push(Line::from(Span::styled(
            format!(
                "No user-story sentence yet: {} to write “As a …, I want …, so that …”",
                app.keymap.hint(Cmd::Edit)
            ),
            theme.warn,
        ))),
    }
    v
}

fn criteria_lines<'a>(app: &App, theme: &Theme, item: &Item) -> Vec<Line<'a>> {
    let mut v = vec![Line::from(Span::styled(
        format!(
            "Acceptance criteria  {}/{}",
            item.criteria_done(),
            item.criteria.len()
        ),
        theme.heading,
    ))];
    if item.criteria.is_empty() {
        v.push(Line::from(Span::styled(
            format!(
                "  none yet — {} adds one",
                app.keymap.hint(Cmd::AddCriterion)
            ),
            theme.warn,
        )));
    }
    let focused =
        app.focus == Focus::Criteria && matches!(app.mode, Mode::Normal | Mode::Confirm(_));
    for (n, c) in item.criteria.iter().enumerate() {
        let mark = if c.done { "[x]" } else { "[ ]" };
        let style = if focused && n == app.criterion {
            theme.selected
        } else {
            theme.base
        };
        v.push(Line::from(vec![
            Span::styled(
                format!(" {:>2}. {mark} ", n + 1),
                if c.done { theme.ok } else { theme.base },
            ),
            Span::styled(safe(&c.text), style),
        ]));
    }
    v
}

fn side_lines<'a>(app: &App, theme: &Theme, item: &Item) -> Vec<Line<'a>> {
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
    v.push(Line::default());
    v.push(Line::from(vec![
        Span::styled("Estimate  ", theme.heading),
        Span::styled(
            item.points
                .map_or("– (f picks 1 2 3 5 8 13 20)".to_string(), |p| {
                    format!("{} points", fmt_plain(p))
                }),
            theme.title,
        ),
    ]));
    for model in [Model::Rice, Model::Wsjf] {
        v.push(Line::from(vec![
            Span::styled(format!("{}  ", model.label()), theme.heading),
            Span::styled(item.explain(model), theme.score),
        ]));
    }
    if !item.depends_on.is_empty() {
        v.push(Line::default());
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
    if let Some(d) = item.decisions.last() {
        v.push(Line::default());
        v.push(Line::from(Span::styled("Last decision", theme.heading)));
        v.push(Line::from(format!(" {} {}", d.date, safe(&d.decision))));
    }
    v
}

fn scope_label(app: &App) -> String {
    match app.refine.scope.and_then(|k| app.backlog.get(k)) {
        Some(i) => format!("{} {}", i.key, i.title),
        None => "the backlog".to_string(),
    }
}

fn draw_quiet_line(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let q = &app.refine.queue;
    let pos = if q.is_empty() {
        "0 / 0".to_string()
    } else {
        format!("{} / {}", app.refine.pos + 1, q.len())
    };
    let room = if area.width < 100 { 24 } else { 48 };
    let left = format!(
        " Refine · {} · {pos} not ready ",
        fit(&scope_label(app), room)
    );
    let mut spans = vec![Span::styled(left, theme.dim)];
    if let Some((msg, level)) = &app.message {
        let style = match level {
            crate::tui::app::Level::Info => theme.ok,
            crate::tui::app::Level::Error => theme.error,
        };
        spans.push(Span::styled(
            format!(" {} ", fit(msg, area.width as usize / 2)),
            style,
        ));
    }
    let used: usize = spans
        .iter()
        .map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()))
        .sum();
    let mut keys = String::new();
    for (k, what) in super::context_keys(app) {
        let piece = format!(" {k} {what} ");
        if used + keys.chars().count() + piece.chars().count() > area.width as usize {
            break;
        }
        keys.push_str(&piece);
    }
    spans.push(Span::styled(keys, theme.dim));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
