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

/// A kind with its article: `a story`, `an epic`, `an initiative`.
pub fn with_article(kind: Kind) -> String {
    let article = if kind == Kind::Story { "a" } else { "an" };
    format!("{article} {kind}")
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
    // No character takes more columns than it has bytes in UTF-8, so a
    // text of at most `width` bytes fits without measuring it.
    if s.len() <= width || s.width() <= width {
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

/// A file path as a message may show it: lossy UTF-8, terminal-safe (a
/// path can hold escape sequences; see [`terminal_safe`]). Every message
/// that names a file, success or failure, shows it through this.
pub fn shown_path(path: &std::path::Path) -> String {
    terminal_safe(&path.to_string_lossy(), false)
}

/// Characters that change the direction of the text around them: the
/// marks (U+061C, U+200E, U+200F), embeddings and overrides (U+202A–202E)
/// and isolates (U+2066–2069). Invisible themselves, they can reorder what
/// a reader sees (`abc` shown as `cba`).
pub fn is_direction_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that take no room and show nothing, so two texts that look
/// the same can differ, or text can be hidden: Unicode's default-ignorable
/// code points (zero-width space, word joiner and invisible operators, the
/// byte-order mark, the Mongolian vowel separator and free variation
/// selectors, the soft hyphen, the combining grapheme joiner, Hangul and
/// Khmer fillers, the deprecated format characters U+206A–206F, musical
/// and shorthand format controls, the tag characters and the rest of the
/// U+E0000 block) and the interlinear annotation marks U+FFF9–FFFB. The
/// zero-width (non-)joiners U+200C and U+200D are kept: emoji sequences and
/// several scripts need them to render. Variation selectors are decided by
/// [`visible_chars`]: one after a character is kept, any more dropped.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2065}'
            | '\u{206A}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E00FF}'
            | '\u{E01F0}'..='\u{E0FFF}'
    )
}

/// Variation selectors (U+FE00–FE0F, U+E0100–E01EF): they choose how the
/// character before them looks (an emoji's colour form, a kanji's variant).
/// One is meaningful; a run of them carries nothing a reader sees, and can
/// hide a whole message one byte per selector.
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Whether `s` is only printable ASCII (space to `~`): text that every
/// output shows as it is, one column per byte.
pub fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// The line and paragraph separators U+2028 and U+2029: line breaks to
/// some programs and terminals, nothing to others.
pub fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// The characters of `s` a reader can see, for every output: invisible
/// characters ([`is_invisible`]) and direction controls
/// ([`is_direction_control`]) dropped — except the three direction marks
/// when `keep_marks` (HTML, where text is isolated) — and a variation
/// selector kept only directly after a visible character that is not one.
/// Control characters are left to the caller.
pub fn visible_chars(s: &str, keep_marks: bool) -> impl Iterator<Item = char> + '_ {
    let mut after_base = false;
    s.chars().filter(move |&c| {
        let keep = if is_variation_selector(c) {
            after_base
        } else if is_direction_control(c) {
            keep_marks && matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}')
        } else {
            !is_invisible(c)
        };
        after_base = keep && !is_variation_selector(c) && !c.is_control() && !c.is_whitespace();
        keep
    })
}

/// Makes text safe to print on a terminal: control characters (escape
/// sequences among them) are replaced by `�`, except newlines and tabs when
/// `multiline` is set; the line separators U+2028/2029 become a newline
/// (multiline) or a space. Direction controls, invisible characters and
/// extra variation selectors are dropped ([`visible_chars`]), so what is
/// printed reads as it is stored.
pub fn terminal_safe(s: &str, multiline: bool) -> String {
    if is_printable_ascii(s) {
        // Nothing to replace or drop (the usual title).
        return s.to_string();
    }
    // Sized once (a text is mostly kept as it is): collected, a big text
    // grew by doubling, up to twice its size and the copies before.
    let mut out = String::with_capacity(s.len());
    out.extend(visible_chars(s, false).map(|c| match c {
        '\n' if multiline => '\n',
        '\t' => ' ',
        c if is_line_separator(c) => {
            if multiline {
                '\n'
            } else {
                ' '
            }
        }
        c if c.is_control() => '\u{FFFD}',
        c => c,
    }));
    out
}

/// User text for an HTML page, on one line: controls become `�`, line
/// separators a space, invisible characters, extra variation selectors and
/// direction overrides, embeddings and isolates are dropped; the direction
/// marks (U+061C, U+200E, U+200F) are kept, as right-to-left text may need
/// them, and the page shows every user text inside `<bdi>`, so they cannot
/// reorder anything around it. HTML escaping is the template engine's.
pub fn html_text(s: &str) -> String {
    visible_chars(s, true)
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_line_separator(c) => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// User text as literal inline Markdown on one line: terminal-safe (see
/// [`terminal_safe`]), newlines folded to spaces, and every punctuation
/// mark that inline Markdown, tables or HTML could act on backslash-escaped
/// (CommonMark allows a backslash before any ASCII punctuation), so
/// `<script>`, `![x](http://…)` and `[a](b)` show as typed and do nothing.
/// Callers never start a line with user text, so block syntax (`-`, `+`,
/// `=`, `1.`) needs no escape.
pub fn markdown_inline(s: &str) -> String {
    let safe = terminal_safe(&s.replace("\r\n", " ").replace(['\n', '\r'], " "), false);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The printable-ASCII shortcut gives what the character walk gives.
        #[test]
        fn printable_ascii_is_shown_as_it_is(s in "[ -~]{0,90}", width in 0usize..80) {
            prop_assert!(is_printable_ascii(&s));
            prop_assert_eq!(terminal_safe(&s, false), s.clone());
            prop_assert_eq!(terminal_safe(&s, true), s.clone());
            let walked: String = visible_chars(&s, false).collect();
            prop_assert_eq!(&walked, &s);
            prop_assert_eq!(s.width(), s.len());
            let cut = truncate(&s, width);
            prop_assert!(cut.width() <= width);
            if s.len() <= width {
                prop_assert_eq!(cut, s);
            }
        }

        /// No text takes more columns than it has bytes, which `truncate`'s
        /// shortcut relies on.
        #[test]
        fn no_text_is_wider_than_its_bytes(s in any::<String>()) {
            prop_assert!(s.width() <= s.len());
        }
    }

    #[test]
    fn printable_ascii_excludes_controls_and_everything_else() {
        assert!(is_printable_ascii("Sort payment reminders ~ as a PDF!"));
        assert!(!is_printable_ascii("tab\there"));
        assert!(!is_printable_ascii("esc\u{1b}[31m"));
        assert!(!is_printable_ascii("del\u{7f}"));
        assert!(!is_printable_ascii("caf\u{e9}"));
        assert!(!is_printable_ascii("A\u{200b}B"));
    }

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
        assert_eq!(with_article(Kind::Story), "a story");
        assert_eq!(with_article(Kind::Epic), "an epic");
        assert_eq!(with_article(Kind::Initiative), "an initiative");
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

    /// Every hidden character the red-team pass found, and the rest of
    /// their families, is gone from terminal text; visible text is kept.
    #[test]
    fn invisible_and_direction_characters_never_reach_the_terminal() {
        let hidden = [
            '\u{200F}',
            '\u{200E}',
            '\u{061C}',
            '\u{200B}',
            '\u{FEFF}',
            '\u{202E}',
            '\u{2067}',
            '\u{2060}',
            '\u{00AD}',
            '\u{E0041}',
            '\u{3164}',
        ];
        for c in hidden {
            let s = format!("A{c}B");
            assert_eq!(terminal_safe(&s, false), "AB", "U+{:04X}", c as u32);
            assert_eq!(terminal_safe(&s, true), "AB", "U+{:04X}", c as u32);
            assert_eq!(markdown_inline(&s), "AB", "U+{:04X}", c as u32);
        }
        assert_eq!(terminal_safe("A\u{200f}B\u{200b}C\u{feff}D", false), "ABCD");
        // Joiners stay: the family emoji and Persian need them.
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(terminal_safe(family, false), family);
        assert_eq!(terminal_safe("می\u{200C}خواهم", false), "می\u{200C}خواهم");
        assert_eq!(
            terminal_safe("naïve café ✓ 東京", false),
            "naïve café ✓ 東京"
        );
    }

    /// The second pass: the rest of the default-ignorable characters, line
    /// separators, and runs of variation selectors.
    #[test]
    fn the_rest_of_the_invisible_characters_never_reach_the_terminal() {
        for c in [
            '\u{034F}',
            '\u{17B4}',
            '\u{180B}',
            '\u{2061}',
            '\u{2064}',
            '\u{206A}',
            '\u{FFF9}',
            '\u{1D173}',
            '\u{E0001}',
            '\u{E0FFF}',
        ] {
            let s = format!("A{c}B");
            assert_eq!(terminal_safe(&s, false), "AB", "U+{:04X}", c as u32);
            assert_eq!(html_text(&s), "AB", "U+{:04X}", c as u32);
        }
        assert_eq!(terminal_safe("a\u{2028}b\u{2029}c", false), "a b c");
        assert_eq!(terminal_safe("a\u{2028}b", true), "a\nb");
        assert_eq!(html_text("a\u{2029}b"), "a b");
        // One selector after a character is kept (an emoji's colour form, a
        // kanji variant); a run of them, or one after a space, is not.
        assert_eq!(terminal_safe("\u{2764}\u{FE0F}", false), "\u{2764}\u{FE0F}");
        assert_eq!(
            terminal_safe("\u{845B}\u{E0100}\u{E0101}\u{E0102}", false),
            "\u{845B}\u{E0100}"
        );
        assert_eq!(
            terminal_safe(" \u{FE0F}x\u{FE0E}\u{FE0F}", false),
            " x\u{FE0E}"
        );
        assert_eq!(markdown_inline("\u{FE0F}\u{FE0F}a"), "a");
    }

    #[test]
    fn html_text_keeps_direction_marks_only() {
        assert_eq!(html_text("שלום\u{200F} A"), "שלום\u{200F} A");
        assert_eq!(html_text("a\u{202E}b\u{2066}c\u{200B}d\u{FEFF}e"), "abcde");
        assert_eq!(html_text("a\nb\u{1b}c"), "a b\u{FFFD}c");
    }

    #[test]
    fn markdown_inline_shows_markup_as_typed() {
        assert_eq!(
            markdown_inline("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(
            markdown_inline("![i](http://evil.example/x.png)"),
            "\\!\\[i\\](http://evil.example/x.png)"
        );
        assert_eq!(markdown_inline("a\nb | c"), "a b \\| c");
    }
}
