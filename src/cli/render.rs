//! Plain-text rendering for the terminal: aligned tables, safe text.

use unicode_width::UnicodeWidthStr;

use crate::domain::text::terminal_safe;

/// User text made safe for one terminal line.
pub fn safe(s: &str) -> String {
    terminal_safe(s, false)
}

/// User text made safe for a terminal, newlines kept.
pub fn safe_multiline(s: &str) -> String {
    terminal_safe(s, true)
}

pub use crate::domain::text::truncate;

/// Pads `s` with spaces to `width` columns (left-aligned).
pub fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// Pads `s` on the left to `width` columns (right-aligned).
pub fn pad_left(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(width - w))
    }
}

/// A simple table: a header and rows of cells; `right` marks right-aligned
/// columns. The last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(c.width());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let mut parts = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            let last = i + 1 == cols;
            let cell = if right.get(i).copied().unwrap_or(false) {
                pad_left(c, widths[i])
            } else if last {
                c.to_string()
            } else {
                pad(c, widths[i])
            };
            parts.push(cell);
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(header.to_vec(), &mut out);
    for r in rows {
        line(r.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
    }

    #[test]
    fn aligns_columns() {
        let t = table(
            &["A", "N"],
            &[vec!["x".into(), "10".into()], vec!["yy".into(), "2".into()]],
            &[false, true],
        );
        assert_eq!(t, "A    N\nx   10\nyy   2\n");
    }
}
