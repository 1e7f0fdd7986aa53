//! Word wrapping with a hanging indent: a numbered criterion's second
//! line starts under its text, not under its number. Widths are measured
//! per grapheme cluster, so an emoji sequence counts as the two columns it
//! takes on screen.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The columns `s` takes on screen, one grapheme cluster at a time.
pub fn display_width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// One word (with the spaces after it) in one style.
struct Piece {
    text: String,
    style: Style,
}

/// Splits styled text into words, each keeping the spaces that follow it.
fn pieces(spans: &[Span<'_>]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for span in spans {
        let mut word = String::new();
        let mut in_space = false;
        for g in span.content.graphemes(true) {
            let space = g.chars().all(char::is_whitespace);
            if in_space && !space {
                out.push(Piece {
                    text: std::mem::take(&mut word),
                    style: span.style,
                });
            }
            in_space = space;
            word.push_str(g);
        }
        if !word.is_empty() {
            out.push(Piece {
                text: word,
                style: span.style,
            });
        }
    }
    out
}

/// Wraps `spans` to `width` columns; lines after the first start with
/// `indent` spaces. A word longer than a line is cut by grapheme.
pub fn wrap_hanging(spans: Vec<Span<'static>>, indent: usize, width: usize) -> Vec<Line<'static>> {
    let width = width.max(indent + 1).max(2);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let new_line = |cur: &mut Vec<Span<'static>>, lines: &mut Vec<Line<'static>>| {
        lines.push(Line::from(std::mem::take(cur)));
        cur.push(Span::raw(" ".repeat(indent)));
    };
    for piece in pieces(&spans) {
        let word_w = display_width(piece.text.trim_end());
        if used > 0 && used + word_w > width && used > indent {
            new_line(&mut cur, &mut lines);
            used = indent;
            if piece.text.trim().is_empty() {
                continue;
            }
        }
        if used + word_w <= width {
            used += display_width(&piece.text);
            cur.push(Span::styled(piece.text, piece.style));
            continue;
        }
        // Longer than a whole line: cut it.
        let mut part = String::new();
        for g in piece.text.graphemes(true) {
            let w = UnicodeWidthStr::width(g);
            if used + w > width && used > indent {
                cur.push(Span::styled(std::mem::take(&mut part), piece.style));
                new_line(&mut cur, &mut lines);
                used = indent;
            }
            part.push_str(g);
            used += w;
        }
        if !part.is_empty() {
            cur.push(Span::styled(part, piece.style));
        }
    }
    lines.push(Line::from(cur));
    lines
}

/// Wraps a line of `spans` whose continuation lines line up under the
/// text that follows the first `prefix` spans.
pub fn wrap_under(
    prefix: Vec<Span<'static>>,
    text: Span<'static>,
    width: usize,
) -> Vec<Line<'static>> {
    let indent: usize = prefix.iter().map(|s| display_width(&s.content)).sum();
    let mut spans = prefix;
    spans.push(text);
    wrap_hanging(spans, indent, width)
}

/// Wraps plain lines (already styled) without an indent.
pub fn wrap_plain(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let style = line.style;
    wrap_hanging(line.spans, 0, width)
        .into_iter()
        .map(|l| l.style(style))
        .collect()
}

/// A style-free text, for tests and measurements.
pub fn plain(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(plain).collect()
    }

    #[test]
    fn continuation_lines_start_under_the_text() {
        let lines = wrap_under(
            vec![Span::raw("  1. [ ] ")],
            Span::raw("Given a long criterion when it wraps then it lines up"),
            30,
        );
        let t = texts(&lines);
        assert_eq!(t[0], "  1. [ ] Given a long ");
        assert!(t[1].starts_with("         criterion"), "{t:?}");
        assert!(t.iter().all(|l| display_width(l.trim_end()) <= 30), "{t:?}");
    }

    #[test]
    fn a_family_emoji_is_two_columns() {
        assert_eq!(display_width("👨‍👩‍👧 x"), 4);
        let t = texts(&wrap_hanging(vec![Span::raw("👨‍👩‍👧 ab cd")], 0, 5));
        assert_eq!(t, vec!["👨‍👩‍👧 ab ", "cd"]);
    }

    #[test]
    fn a_long_word_is_cut() {
        let t = texts(&wrap_hanging(vec![Span::raw("abcdefghij")], 2, 6));
        assert_eq!(t, vec!["abcdef", "  ghij"]);
    }
}
