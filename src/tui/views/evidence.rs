//! The detail pane's evidence: the customer insights linked to the item
//! (quote, customer, date) and how many distinct customers stand behind
//! it, counting the items below it.

use ratatui::text::{Line, Span};

use crate::domain::insight::insight_date;
use crate::domain::text::terminal_safe;
use crate::domain::{Backlog, Item};
use crate::tui::theme::Theme;

/// Lines to add to the pane (none when no insight stands behind the item).
pub fn lines<'a>(backlog: &Backlog, item: &Item, theme: &Theme) -> Vec<Line<'a>> {
    let Some(head) = backlog.evidence_heading(item.key) else {
        return Vec::new();
    };
    let own = backlog.evidence(item.key);
    let mut v = vec![
        Line::default(),
        Line::from(Span::styled(head, theme.heading)),
    ];
    for k in own {
        let Some(i) = backlog.insight(*k) else {
            continue;
        };
        let info = i.insight.clone().unwrap_or_default();
        let who = info.customer.as_deref().unwrap_or("(no customer)");
        v.push(Line::from(vec![
            Span::styled(format!("  {k} "), theme.dim),
            Span::raw(format!("“{}”", terminal_safe(&i.title, false))),
        ]));
        v.push(Line::from(Span::styled(
            format!("      {} · {}", terminal_safe(who, false), insight_date(i)),
            theme.dim,
        )));
    }
    v
}
