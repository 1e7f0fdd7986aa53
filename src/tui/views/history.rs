//! The selected item's history (`v`): one line per change, newest first,
//! with a column for who made it; a change's note on a line of its own.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{block, scroll_hint};
use crate::domain::text::terminal_safe;
use crate::tui::app::App;
use crate::tui::history::{HistoryLine, ItemHistory};
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::cell;

/// Width of the author column.
const AUTHOR: usize = 20;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, h: &ItemHistory) {
    let area = f.area();
    let r = layout::help_rect(area);
    let lines: Vec<Line> = if h.lines.is_empty() {
        vec![Line::from(Span::styled("(no change recorded)", theme.dim))]
    } else {
        h.lines.iter().flat_map(|l| entry(l, theme)).collect()
    };
    let total = lines.len();
    let scroll = h.scroll.min(layout::help_max_scroll(area, total));
    let shown = total
        .saturating_sub(scroll as usize)
        .min(layout::help_visible(area));
    let title = match app.backlog.get(h.key) {
        Some(item) => format!(
            " History of {} {} · newest first · Esc closes ",
            h.key,
            cell(&terminal_safe(&item.title, false), 24).trim_end()
        ),
        None => format!(" History of {} · newest first · Esc closes ", h.key),
    };
    let b = block(title, true, theme)
        .title_bottom(Line::from(scroll_hint(scroll as usize, shown, total)).right_aligned());
    f.render_widget(Clear, r);
    f.render_widget(Paragraph::new(lines).block(b).scroll((scroll, 0)), r);
}

/// A change: when, who, what; its note below it.
fn entry<'a>(l: &HistoryLine, theme: &Theme) -> Vec<Line<'a>> {
    let who = l
        .author
        .as_deref()
        .map_or("–".to_string(), |a| terminal_safe(a, false));
    let mut what = terminal_safe(&l.summary, false);
    if l.undone {
        what.push_str(" (undone)");
    }
    if l.created {
        what.push_str(" · created");
    }
    let mut out = vec![Line::from(vec![
        Span::styled(l.at.format("%Y-%m-%d %H:%M").to_string(), theme.dim),
        Span::raw("  "),
        Span::styled(cell(&who, AUTHOR), theme.key),
        Span::raw(" "),
        Span::raw(what),
    ])];
    if let Some(note) = &l.note {
        out.push(Line::from(Span::styled(
            format!("{:18}note: {}", "", terminal_safe(note, false)),
            theme.dim,
        )));
    }
    out
}
