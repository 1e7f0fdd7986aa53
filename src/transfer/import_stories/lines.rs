//! Reading a story file's lines into entries: project tags (`#G03#`) and
//! list bullets taken off, section headings recognised, a sentence broken
//! over two lines joined again.

use std::collections::HashMap;

use crate::domain::user_story::parse_sentence;

/// One meaningful line of the file.
pub(super) enum Entry {
    Heading { line: usize, title: String },
    Story { line: usize, text: String },
}

/// A tag taken off the start of lines, with how many.
pub(super) struct TagCount {
    pub tag: String,
    pub lines: usize,
}

/// A line joined to the sentence it continues.
pub(super) struct Joined {
    pub line: usize,
    pub into: usize,
}

/// The entries of a file and what was tidied on the way.
#[derive(Default)]
pub(super) struct Read {
    pub entries: Vec<Entry>,
    /// In the order first seen.
    pub tags: Vec<TagCount>,
    pub bullets: usize,
    pub joined: Vec<Joined>,
}

/// Reads numbered lines into entries.
pub(super) fn read(lines: impl IntoIterator<Item = (usize, String)>) -> Read {
    let mut read = Read::default();
    let mut tag_at: HashMap<String, usize> = HashMap::new();
    let mut last_story_line = 0;
    for (n, raw) in lines {
        let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let (tag, t) = strip_tag(t);
        if let Some(tag) = tag {
            match tag_at.get(tag) {
                Some(&i) => read.tags[i].lines += 1,
                None => {
                    tag_at.insert(tag.to_string(), read.tags.len());
                    read.tags.push(TagCount {
                        tag: tag.to_string(),
                        lines: 1,
                    });
                }
            }
        }
        let t = match strip_bullet(t) {
            Some(r) => {
                read.bullets += 1;
                r
            }
            None => t,
        };
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        // A sentence broken over two lines: the first does not end a
        // sentence, the second starts in lower case and is no story.
        if let Some(Entry::Story { line, text }) = read.entries.last_mut()
            && last_story_line + 1 == n
            && !text.ends_with(['.', '!', '?', ';', ':', ')', '"'])
            && t.starts_with(|c: char| c.is_lowercase())
            && parse_sentence(t).is_none()
        {
            text.push(' ');
            text.push_str(t);
            read.joined.push(Joined {
                line: n,
                into: *line,
            });
            last_story_line = n;
            continue;
        }
        match heading(t) {
            Some(title) => read.entries.push(Entry::Heading { line: n, title }),
            None => {
                read.entries.push(Entry::Story {
                    line: n,
                    text: t.to_string(),
                });
                last_story_line = n;
            }
        }
    }
    read
}

/// A project tag such as `#G03#` at the start of a line.
fn strip_tag(t: &str) -> (Option<&str>, &str) {
    if let Some(rest) = t.strip_prefix('#')
        && let Some(end) = rest.find('#')
        && end > 0
        && end <= 20
        && rest[..end]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return (Some(&t[..end + 2]), rest[end + 1..].trim_start());
    }
    (None, t)
}

/// A list bullet: `- `, `* `, `• `, `1. `, `2) `.
fn strip_bullet(t: &str) -> Option<&str> {
    for b in ["- ", "* ", "• ", "+ "] {
        if let Some(rest) = t.strip_prefix(b) {
            return Some(rest.trim_start());
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim_start());
        }
    }
    None
}

/// A section heading: `## Reporting`, `Reporting:`, or a short title-case
/// line such as `Auditing & Reporting.` (but never a user-story sentence);
/// returns its text.
fn heading(t: &str) -> Option<String> {
    if let Some(rest) = t.strip_prefix('#') {
        let rest = rest.trim_start_matches('#');
        if rest.starts_with(' ') && !rest.trim().is_empty() {
            return Some(rest.trim().to_string());
        }
        return None;
    }
    // The sentence is read only for a line shaped like a heading: most
    // lines are not, and reading it is most of a line's time.
    heading_shape(t).filter(|_| parse_sentence(t).is_none())
}

/// `Reporting:` or a short title-case line, by its shape alone.
fn heading_shape(t: &str) -> Option<String> {
    let words: Vec<&str> = t.split_whitespace().collect();
    if let Some(h) = t.strip_suffix(':')
        && words.len() <= 8
        && !h.trim().is_empty()
    {
        return Some(h.trim().to_string());
    }
    if t.ends_with(['?', '!', ',']) || !(2..=6).contains(&words.len()) {
        return None;
    }
    let title_case = words.iter().all(|w| {
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.chars().count() < 4 || letters.starts_with(|c: char| c.is_uppercase())
    }) && words[0].starts_with(|c: char| c.is_uppercase());
    let has_word = words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4);
    (title_case && has_word).then(|| t.trim_end_matches('.').trim().to_string())
}
