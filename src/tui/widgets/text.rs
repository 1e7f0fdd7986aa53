//! Text fitting: safe for the terminal, truncated by display width.

use unicode_width::UnicodeWidthStr;

use crate::domain::text::{terminal_safe, truncate};

/// User text made safe and cut to `width` columns with an ellipsis.
pub fn fit(s: &str, width: usize) -> String {
    truncate(&terminal_safe(s, false), width)
}

/// `n` with its noun: `1 epic`, `3 epics`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    crate::domain::text::count(n, one, many)
}

/// `s` padded or cut to exactly `width` columns.
pub fn cell(s: &str, width: usize) -> String {
    let f = fit(s, width);
    let w = f.width();
    format!("{f}{}", " ".repeat(width.saturating_sub(w)))
}

/// `s` right-aligned in `width` columns.
pub fn cell_right(s: &str, width: usize) -> String {
    let f = fit(s, width);
    let w = f.width();
    format!("{}{f}", " ".repeat(width.saturating_sub(w)))
}

/// A title in exactly `width` columns with the filter's words marked,
/// and, when the filter matched another field, which one (` · goal`).
pub fn filtered_title(
    item: &crate::domain::Item,
    width: usize,
    query: Option<&crate::domain::search::Query>,
    style: ratatui::style::Style,
    dim: ratatui::style::Style,
) -> Vec<ratatui::text::Span<'static>> {
    use crate::domain::search::{Field, highlights};
    use ratatui::style::Modifier;
    use ratatui::text::Span;
    let Some(q) = query else {
        return vec![Span::styled(cell(&item.title, width), style)];
    };
    let suffix = q
        .hit(item)
        .filter(|h| h.field > Field::Title)
        .map(|h| format!(" · {}", h.field.name()))
        .unwrap_or_default();
    let main_w = width.saturating_sub(suffix.width());
    let text = cell(&item.title, main_w);
    let mark = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut spans = Vec::new();
    let mut at = 0;
    for (a, b) in highlights(&text, q) {
        if a > at {
            spans.push(Span::styled(text[at..a].to_string(), style));
        }
        spans.push(Span::styled(text[a..b].to_string(), mark));
        at = b;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), style));
    }
    if !suffix.is_empty() {
        spans.push(Span::styled(cell(&suffix, width - main_w), dim));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_wide_text_and_escapes() {
        assert_eq!(fit("日本語テキスト", 5), "日本…");
        assert_eq!(cell("ab", 4), "ab  ");
        assert_eq!(cell_right("ab", 4), "  ab");
        assert!(!fit("\u{1b}[2Jx", 10).contains('\u{1b}'));
    }
}
