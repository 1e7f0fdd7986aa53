//! The Refine tab, for a shared screen: one story fills the screen in a
//! large, high-contrast layout.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::domain::Item;
use crate::domain::text::terminal_safe;
use crate::tui::app::App;
use crate::tui::keymap::Cmd;
use crate::tui::layout;
use crate::tui::refine_body::{RefineBody, max_scroll};
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;

fn safe(s: &str) -> String {
    terminal_safe(s, false)
}

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let areas = layout::refine_areas(area);
    draw_quiet_line(f, app, theme, areas.bottom);
    let Some(item) = app.selected_item() else {
        let body = Rect {
            height: area.height.saturating_sub(1),
            ..areas.left.union(areas.header)
        };
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
    draw_header(f, app, theme, areas.header, item, areas.big);
    let body = RefineBody::build(app, theme, item, &areas);
    let visible = areas.visible_rows();
    let scroll = app.refine.scroll.min(max_scroll(&body, visible));
    let below = body.height().saturating_sub(scroll + visible);
    draw_column(f, &body.left, scroll, visible, areas.left);
    if let Some(r) = areas.right {
        let border = Rect {
            x: r.x.saturating_sub(2),
            width: 1,
            ..r
        };
        f.render_widget(
            Block::default()
                .borders(Borders::LEFT)
                .border_style(theme.border)
                .style(theme.base),
            border,
        );
        draw_column(f, &body.right, scroll, visible, r);
    }
    let marker = Rect {
        y: areas.left.y + areas.left.height.saturating_sub(1),
        height: 1,
        ..areas.left
    };
    let hint = match (scroll > 0, below > 0) {
        (_, true) => format!(
            "↓ {below} more ({}/{} scroll)",
            app.keymap.hint(Cmd::Down),
            app.keymap.hint(Cmd::PageDown)
        ),
        (true, false) => format!("↑ {scroll} above"),
        (false, false) => String::new(),
    };
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(hint, theme.dim)).right_aligned()),
        marker,
    );
}

fn draw_column(f: &mut Frame, lines: &[Line<'static>], scroll: usize, visible: usize, area: Rect) {
    let shown: Vec<Line> = lines.iter().skip(scroll).take(visible).cloned().collect();
    let area = Rect {
        height: area.height.min(visible as u16),
        ..area
    };
    f.render_widget(Paragraph::new(shown), area);
}

/// The story's epic and initiative, named.
fn context_line(app: &App, item: &Item) -> String {
    let mut parts = Vec::new();
    let mut cur = item.parent;
    while let Some(p) = cur.and_then(|k| app.backlog.get(k)) {
        parts.push(format!("{} {} {}", p.kind(), p.key, safe(&p.title)));
        cur = p.parent;
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("in {}", parts.join(" · "))
    }
}

fn draw_header(f: &mut Frame, app: &App, theme: &Theme, area: Rect, item: &Item, big: bool) {
    let context = Span::styled(
        fit(&context_line(app, item), area.width as usize),
        theme.dim,
    );
    if big {
        let h = Layout::default()
            .direction(Direction::Vertical)
            .constraints([
                Constraint::Length(4),
                Constraint::Length(1),
                Constraint::Length(1),
            ])
            .split(area);
        // The title in large type too when it fits beside the key.
        let key = item.key.to_string();
        let both = format!("{key} {}", safe(&item.title));
        let large_title = both.chars().count() * 4 <= h[0].width as usize;
        let big_line = if large_title { both } else { key };
        let text = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.key)
            .lines(vec![Line::from(big_line)])
            .build();
        f.render_widget(text, h[0]);
        if !large_title {
            f.render_widget(
                Paragraph::new(Span::styled(
                    fit(&item.title, h[1].width as usize),
                    theme.title.add_modifier(Modifier::BOLD),
                )),
                h[1],
            );
        }
        f.render_widget(Paragraph::new(context), h[2]);
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
        let rows = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Length(1), Constraint::Length(1)])
            .split(area);
        f.render_widget(Paragraph::new(line), rows[0]);
        f.render_widget(Paragraph::new(context), rows[1]);
    }
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
        // The message may take the rest of the line: the keys give way.
        let used = unicode_width::UnicodeWidthStr::width(spans[0].content.as_ref());
        let room = (area.width as usize).saturating_sub(used + 2);
        spans.push(Span::styled(format!(" {} ", fit(msg, room)), style));
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
