//! Reading a story file's lines into entries: project tags (`#G03#`) and
//! list bullets taken off, section headings recognised, a sentence broken
//! over two lines joined again. A bulleted or indented line is never a
//! heading (it is an item of a list), nor is a line that is a story in
//! itself ("Patient can Ask A Question"), nor a heading-shaped line with
//! no story after it (the last line " - Modifying the Care Plan").

use std::collections::HashMap;

use crate::domain::user_story::parse_list_line;

/// One meaningful line of the file.
pub(super) enum Entry {
    Heading {
        line: usize,
        title: String,
        /// `## Title`, as opposed to a line shaped like a heading.
        marked: bool,
    },
    Story {
        line: usize,
        text: String,
    },
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
    /// `## Title` headings with no story under them, left out.
    pub empty_headings: Vec<usize>,
}

/// Reads numbered lines into entries.
pub(super) fn read(lines: impl IntoIterator<Item = (usize, String)>) -> Read {
    let mut read = Read::default();
    let mut tag_at: HashMap<String, usize> = HashMap::new();
    let mut last_story_line = 0;
    for (n, raw) in lines {
        let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let indented = raw.trim_start_matches('\u{feff}').starts_with([' ', '\t']);
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
        let (t, bulleted) = match strip_bullet(t) {
            Some(r) => {
                read.bullets += 1;
                (r, true)
            }
            None => (t, false),
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
            && parse_list_line(t).is_none()
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
        let found = match heading(t) {
            Some(h) if h.marked || !(indented || bulleted) => Some(h),
            _ => None,
        };
        match found {
            Some(Heading { title, marked }) => read.entries.push(Entry::Heading {
                line: n,
                title,
                marked,
            }),
            None => {
                read.entries.push(Entry::Story {
                    line: n,
                    text: t.to_string(),
                });
                last_story_line = n;
            }
        }
    }
    without_empty_headings(&mut read);
    read
}

/// A heading with no story before the next heading or the end holds
/// nothing: a shaped one is a story after all, a `## Title` one is left
/// out (and counted).
fn without_empty_headings(read: &mut Read) {
    let mut kept = Vec::with_capacity(read.entries.len());
    let mut entries = std::mem::take(&mut read.entries).into_iter().peekable();
    while let Some(e) = entries.next() {
        let holds_nothing = !matches!(entries.peek(), Some(Entry::Story { .. }));
        match e {
            Entry::Heading {
                line,
                title,
                marked,
            } if holds_nothing => {
                if marked {
                    read.empty_headings.push(line);
                } else {
                    kept.push(Entry::Story { line, text: title });
                }
            }
            other => kept.push(other),
        }
    }
    read.entries = kept;
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

/// A section heading's text, and whether it was marked `#`.
struct Heading {
    title: String,
    marked: bool,
}

/// A section heading: `## Reporting`, `Reporting:`, or a short title-case
/// line such as `Auditing & Reporting.` (but never a story sentence,
/// "Patient can Ask A Question" included).
fn heading(t: &str) -> Option<Heading> {
    if let Some(rest) = t.strip_prefix('#') {
        let rest = rest.trim_start_matches('#');
        if rest.starts_with(' ') && !rest.trim().is_empty() {
            return Some(Heading {
                title: rest.trim().to_string(),
                marked: true,
            });
        }
        return None;
    }
    // The sentence is read only for a line shaped like a heading: most
    // lines are not, and reading it is most of a line's time.
    heading_shape(t)
        .filter(|_| parse_list_line(t).is_none())
        .map(|title| Heading {
            title,
            marked: false,
        })
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
