//! Rules for user text: titles are one clean line, and nothing a user
//! typed can smuggle terminal escape sequences onto a screen. And the
//! wording shared by every message: counted nouns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::error::DomainError;
use super::key::Kind;

/// `n` with its noun, singular for one: `1 epic`, `3 epics`, `0 stories`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `n` items of `kind`: `1 story`, `58 stories`.
pub fn count_of(n: usize, kind: Kind) -> String {
    count(n, kind.as_str(), kind.plural())
}

/// Counts of initiatives, epics and stories (in that order), kinds with
/// none left out: `1 initiative, 2 epics, 58 stories`, or `nothing`.
pub fn kinds_phrase(counts: [usize; 3]) -> String {
    let parts: Vec<String> = Kind::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| count_of(n, kind))
        .collect();
    if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join(", ")
    }
}

/// Cuts `s` to at most `width` terminal columns (wide characters count
/// two), ending with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Validates and normalises a title: trimmed, non-empty, one line.
pub fn clean_title(field: &str, raw: &str) -> Result<String, DomainError> {
    if !raw.chars().any(char::is_control) {
        // Already one clean line (the usual case): only trimmed.
        let t = raw.trim();
        if t.is_empty() {
            return Err(DomainError::invalid(field, raw, "a non-empty line of text"));
        }
        return Ok(t.to_string());
    }
    let one_line: String = raw
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect();
    let t = one_line.trim();
    if t.is_empty() {
        return Err(DomainError::invalid(field, raw, "a non-empty line of text"));
    }
    Ok(t.to_string())
}

/// Trims optional free text; empty text becomes `None`.
pub fn optional_text(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Makes text safe to print on a terminal: control characters (escape
/// sequences among them) are replaced by `�`, except newlines and tabs when
/// `multiline` is set. Bidirectional overrides are dropped.
pub fn terminal_safe(s: &str, multiline: bool) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\t' => Some(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => Some('\u{FFFD}'),
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_name_their_nouns() {
        assert_eq!(count(1, "item", "items"), "1 item");
        assert_eq!(count(0, "item", "items"), "0 items");
        assert_eq!(count(2, "story", "stories"), "2 stories");
        assert_eq!(count_of(1, Kind::Story), "1 story");
        assert_eq!(count_of(3, Kind::Initiative), "3 initiatives");
        assert_eq!(kinds_phrase([1, 1, 58]), "1 initiative, 1 epic, 58 stories");
        assert_eq!(kinds_phrase([0, 2, 0]), "2 epics");
        assert_eq!(kinds_phrase([0, 0, 0]), "nothing");
    }

    #[test]
    fn titles_are_one_clean_line() {
        assert_eq!(
            clean_title("title", "  Pay\ninvoices\t ").unwrap(),
            "Pay invoices"
        );
        assert!(clean_title("title", "  \n ").is_err());
        assert_eq!(clean_title("title", "a\u{1b}[31mb").unwrap(), "a[31mb");
    }

    #[test]
    fn clean_lines_take_the_short_way_to_the_same_result() {
        // The character-by-character rule the short way must agree with.
        let slow = |raw: &str| {
            let one_line: String = raw
                .chars()
                .map(|c| {
                    if matches!(c, '\n' | '\r' | '\t') {
                        ' '
                    } else {
                        c
                    }
                })
                .filter(|c| !c.is_control())
                .collect();
            let t = one_line.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        for raw in [
            "Given a PM, when ranking, then done",
            "  padded  ",
            "\u{2003}em spaces\u{2003}",
            "\u{2003}",
            "",
            "   ",
            "naïve café ✓",
            "x\u{85}y",
            "a\r\nb",
        ] {
            assert_eq!(clean_title("t", raw).ok(), slow(raw), "{raw:?}");
        }
    }

    #[test]
    fn escapes_never_reach_the_terminal() {
        let s = terminal_safe("x\u{1b}]0;pwned\u{7}y\u{202E}z", false);
        assert!(!s.contains('\u{1b}') && !s.contains('\u{7}') && !s.contains('\u{202E}'));
        assert_eq!(terminal_safe("a\nb", true), "a\nb");
        assert_eq!(terminal_safe("a\nb", false), "a\u{FFFD}b");
    }
}
