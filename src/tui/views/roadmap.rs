//! The Roadmap tab: Now / Next / Later columns of cards (and unplanned
//! ones), with the changes since a snapshot marked on the cards.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, scroll_hint};
use crate::domain::diff::ChangeKind;
use crate::domain::number::fmt_plain;
use crate::domain::roadmap::Card;
use crate::domain::{Lane, Model};
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{cell, fit};

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(roadmap) = &app.roadmap.roadmap else {
        return;
    };
    let (info_line, body) = layout::roadmap_body(area);
    let info = match &app.roadmap.compare {
        Some(c) => Line::from(vec![
            Span::styled(
                format!(
                    " Since “{}”: ",
                    crate::domain::text::terminal_safe(&c.snapshot.name, false)
                ),
                theme.heading,
            ),
            Span::styled(c.summary.clone(), theme.warn),
            Span::styled(
                if c.dropped.is_empty() {
                    String::new()
                } else {
                    let d: Vec<String> = c.dropped.iter().map(ToString::to_string).collect();
                    format!(" · dropped: {}", d.join(", "))
                },
                theme.dim,
            ),
            Span::styled(
                format!(
                    "  ({} again to stop comparing)",
                    app.keymap.hint(crate::tui::keymap::Cmd::CompareSnapshot)
                ),
                theme.dim,
            ),
        ]),
        None => Line::from(Span::styled(
            format!(
                " {} by {} · {} · {} unplanned",
                roadmap.level.plural(),
                roadmap.model.label(),
                crate::domain::text::count(roadmap.len(), "card", "cards"),
                roadmap.unplanned.len()
            ),
            theme.dim,
        )),
    };
    let planning = super::planning_lines::roadmap_header(app, theme, info_line.width as usize);
    f.render_widget(Paragraph::new(vec![info, planning]), info_line);

    let columns = if roadmap.unplanned.is_empty() { 3 } else { 4 };
    let cols = layout::roadmap_columns(body, columns);
    for (col, rect) in cols.iter().enumerate() {
        let lane = Lane::ALL.get(col).copied();
        let cards = app.roadmap_cards(col);
        let title = format!(
            " {} ({}) ",
            lane.map_or("Unplanned", |l| l.title()),
            cards.len()
        );
        let focused = app.roadmap.column == col;
        let inner = layout::inner(*rect);
        let per = layout::cards_in(inner.height);
        let offset = app.roadmap.offset[col];
        let shown = cards.len().saturating_sub(offset).min(per);
        let b = block(title, focused, theme)
            .title_bottom(Line::from(scroll_hint(offset, shown, cards.len())).right_aligned());
        f.render_widget(b, *rect);
        let mut lines = Vec::new();
        if cards.is_empty() {
            lines.push(Line::from(Span::styled(" nothing here", theme.dim)));
        }
        for (i, card) in cards.iter().enumerate().skip(offset).take(per) {
            let selected = focused && i == app.roadmap.selected[col];
            lines.extend(card_lines(
                app,
                theme,
                card,
                inner.width as usize,
                selected,
                roadmap.model,
            ));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

fn card_lines<'a>(
    app: &App,
    theme: &Theme,
    card: &Card,
    width: usize,
    selected: bool,
    model: Model,
) -> Vec<Line<'a>> {
    let compare = app.roadmap.compare.as_ref();
    let marks: Vec<String> = compare
        .and_then(|c| c.marks.get(&card.key))
        .map(|m| {
            m.iter()
                .map(|k| match k {
                    ChangeKind::Added => "+new".to_string(),
                    // As `backlog diff` says it: `now → next`.
                    ChangeKind::Moved => compare
                        .and_then(|c| c.moves.get(&card.key))
                        .map_or("moved".to_string(), |m| format!("moved {m}")),
                    ChangeKind::Reranked => "↕re-ranked".to_string(),
                    ChangeKind::Rescored => "±re-scored".to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let base = if selected { theme.selected } else { theme.base };
    let dim = if selected { theme.selected } else { theme.dim };
    let key = format!("{} ", card.key);
    let title_w = width.saturating_sub(key.chars().count());
    let mut first = vec![
        Span::styled(key, if selected { theme.selected } else { theme.key }),
        Span::styled(
            fit(&card.title, title_w),
            if selected {
                theme.selected
            } else {
                theme.title
            },
        ),
    ];
    let used: usize = first
        .iter()
        .map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()))
        .sum();
    first.push(Span::styled(" ".repeat(width.saturating_sub(used)), base));
    let initiative = card
        .initiative
        .as_ref()
        .filter(|i| i.key != card.key)
        .map_or(card.outcome.clone().unwrap_or_default(), |i| {
            format!("{} {}", i.key, i.title)
        });
    let stats = format!(
        "{} {}{} · {}/{} pts · {}/{} done",
        model.label(),
        model.display(card.score),
        card.pinned.map_or(String::new(), |p| format!(" 📌{p}")),
        fmt_plain(card.points_done),
        fmt_plain(card.points_total),
        card.stories_done,
        card.stories,
    );
    let last = if !marks.is_empty() {
        Line::from(Span::styled(fit(&marks.join(" "), width), theme.warn))
    } else if let Some(w) = card.warnings.first() {
        let more = if card.warnings.len() > 1 {
            format!(" (+{})", card.warnings.len() - 1)
        } else {
            String::new()
        };
        Line::from(Span::styled(
            fit(&format!("⚠ {}{more}", w.message), width),
            theme.warn,
        ))
    } else {
        Line::from(Span::styled(
            fit(
                &format!(
                    "{} · AC {}/{}{}",
                    card.status,
                    card.criteria_met,
                    card.criteria_total,
                    crate::tui::widgets::progress::card_suffix(&card.metrics)
                ),
                width,
            ),
            theme.status(card.status),
        ))
    };
    let mut lines = vec![
        Line::from(first),
        super::planning_lines::card_line(
            app.planning.shown.as_ref(),
            card.key,
            &initiative,
            width,
            dim,
            theme,
        ),
        Line::from(Span::styled(
            fit(&stats, width),
            if selected {
                theme.selected
            } else {
                theme.score
            },
        )),
        last,
    ];
    if selected {
        // The whole card shows selected: every line, the full width.
        for line in lines.iter_mut().skip(1) {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            *line = Line::from(Span::styled(cell(&text, width), theme.selected));
        }
    }
    lines
}
