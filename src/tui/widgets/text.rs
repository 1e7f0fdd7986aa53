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
