//! The detail pane's evidence: the customer insights linked to the item
//! (quote, customer, date) and how many distinct customers stand behind
//! it, counting the items below it.

use ratatui::text::{Line, Span};

use crate::domain::text::terminal_safe;
use crate::domain::{Backlog, Item};
use crate::tui::theme::Theme;

/// Lines to add to the pane (none when no insight stands behind the item).
pub fn lines<'a>(backlog: &Backlog, item: &Item, theme: &Theme) -> Vec<Line<'a>> {
    let Some(head) = backlog.evidence_heading(item.key) else {
        return Vec::new();
    };
    let mut v = vec![
        Line::default(),
        Line::from(Span::styled(head, theme.heading)),
    ];
    for e in backlog.evidence_entries(item.key) {
        v.push(Line::from(vec![
            Span::styled(format!("  {} ", e.key), theme.dim),
            Span::raw(format!("“{}”", terminal_safe(e.quote, false))),
        ]));
        v.push(Line::from(Span::styled(
            format!("      {} · {}", terminal_safe(e.customer, false), e.date),
            theme.dim,
        )));
    }
    v
}
