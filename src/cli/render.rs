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

/// A simple table: a header and rows of cells; `right` marks right-aligned
/// columns. The last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = header.len();
    // Each cell's width measured once (a long list has tens of thousands).
    let header_widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    let row_widths: Vec<Vec<usize>> = rows
        .iter()
        .map(|r| r.iter().take(cols).map(|c| c.width()).collect())
        .collect();
    let mut widths = header_widths.clone();
    for r in &row_widths {
        for (i, &w) in r.iter().enumerate() {
            widths[i] = widths[i].max(w);
        }
    }
    let mut out = String::with_capacity(rows.len() * 80 + 80);
    // Cells padded to their column's width (right-aligned ones on the
    // left, the last column not at all), joined by two spaces, trailing
    // whitespace trimmed.
    let line = |cells: &mut dyn Iterator<Item = (&str, usize)>, out: &mut String| {
        let start = out.len();
        for (i, (c, w)) in cells.enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            let fill = widths.get(i).map_or(0, |&width| width.saturating_sub(w));
            if right.get(i).copied().unwrap_or(false) {
                out.extend(std::iter::repeat_n(' ', fill));
                out.push_str(c);
            } else {
                out.push_str(c);
                if i + 1 != cols {
                    out.extend(std::iter::repeat_n(' ', fill));
                }
            }
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    };
    line(
        &mut header.iter().copied().zip(header_widths.iter().copied()),
        &mut out,
    );
    for (r, w) in rows.iter().zip(&row_widths) {
        line(
            &mut r.iter().map(String::as_str).zip(w.iter().copied()),
            &mut out,
        );
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
