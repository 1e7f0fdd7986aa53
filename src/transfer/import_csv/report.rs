//! What the CSV import mapped, guessed and left out, counted as rows are
//! read and placed, and the plan's notes that say so.

use std::collections::HashMap;
use std::fmt::Display;

use super::super::import_notes::{LISTED_MAX, count, line_list, thousands};
use crate::domain::{Kind, Status};

/// One value seen in the file (an issue type, a status) and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen<T> {
    text: String,
    to: T,
    /// `false`: not a value we know; `to` is the fallback.
    known: bool,
    rows: usize,
}

/// The distinct values of one column, in the order first seen.
#[derive(Debug)]
pub(super) struct Tally<T> {
    seen: Vec<Seen<T>>,
    at: HashMap<String, usize>,
}

impl<T> Default for Tally<T> {
    fn default() -> Self {
        Tally {
            seen: Vec::new(),
            at: HashMap::new(),
        }
    }
}

impl<T: Display + Copy> Tally<T> {
    /// Counts one row holding `text`, read as `to`.
    pub fn add(&mut self, text: &str, to: T, known: bool) {
        match self.at.get(text) {
            Some(&i) => self.seen[i].rows += 1,
            None => {
                self.at.insert(text.to_string(), self.seen.len());
                self.seen.push(Seen {
                    text: text.to_string(),
                    to,
                    known,
                    rows: 1,
                });
            }
        }
    }

    /// "issue types: Bug → story (3), Spike → story, unknown type (1)": how
    /// the file's values were read, with their counts; `None` when there
    /// were none.
    pub fn note(&self, label: &str, what: &str) -> Option<String> {
        if self.seen.is_empty() {
            return None;
        }
        let shown: Vec<String> = self
            .seen
            .iter()
            .take(LISTED_MAX)
            .map(|s| {
                let unknown = if s.known {
                    String::new()
                } else {
                    format!(", unknown {what}")
                };
                format!("{} → {}{unknown} ({})", short(&s.text), s.to, s.rows)
            })
            .collect();
        let more = self.seen.len().saturating_sub(LISTED_MAX);
        let rest = if more > 0 {
            format!(", … and {} more", thousands(more))
        } else {
            String::new()
        };
        Some(format!("{label}: {}{rest}", shown.join(", ")))
    }
}

/// A quoted value cut to a length that keeps a note on one short line.
pub(super) fn short(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Why a row's parent could not take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Why {
    /// Neither a row of the file nor a key of this backlog.
    NotInFile,
    /// A row of the file, of a kind that cannot hold this one.
    CannotHold,
}

/// A row whose parent could not be found or cannot hold it.
#[derive(Debug)]
pub(super) struct Unplaced {
    pub line: usize,
    pub parent: String,
    pub why: Why,
}

/// Words found in a score column, left out.
#[derive(Debug)]
struct Words {
    column: String,
    example: String,
    lines: Vec<usize>,
}

/// The counts behind the notes, filled while reading and placing rows.
#[derive(Debug, Default)]
pub(super) struct Report {
    /// "columns: …" and "columns ignored: …".
    pub columns: Vec<String>,
    pub types: Tally<Kind>,
    pub statuses: Tally<Status>,
    pub sentences_in_titles: usize,
    /// Lines of stories marked ready without meeting the Definition of Ready.
    pub not_ready: Vec<usize>,
    /// Sub-tasks placed under the epic of their parent story.
    pub subtasks: usize,
    /// Lines of titles cut to the cap.
    pub long_titles: Vec<usize>,
    pub unplaced: Vec<Unplaced>,
    /// What was left out, in the order first met.
    ignored: Vec<Left>,
    /// Score columns holding words, by column name.
    words: Vec<Words>,
}

/// Something the import leaves out, with the lines it was on.
#[derive(Debug)]
struct Left {
    what: &'static str,
    lines: Vec<usize>,
}

impl Report {
    /// A report that starts with the notes on the header.
    pub fn new(columns: Vec<String>) -> Report {
        Report {
            columns,
            ..Report::default()
        }
    }

    /// Notes that `what` on `line` was not imported.
    pub fn ignore(&mut self, what: &'static str, line: usize) {
        match self.ignored.iter_mut().find(|l| l.what == what) {
            Some(l) => l.lines.push(line),
            None => self.ignored.push(Left {
                what,
                lines: vec![line],
            }),
        }
    }

    /// Notes that the score column `column` holds `text` on `line`: not a
    /// number, so left out.
    pub fn skip_words(&mut self, column: &str, text: &str, line: usize) {
        match self.words.iter_mut().find(|w| w.column == column) {
            Some(w) => w.lines.push(line),
            None => self.words.push(Words {
                column: column.to_string(),
                example: text.to_string(),
                lines: vec![line],
            }),
        }
    }

    /// The notes, in a fixed order: columns, values, rows.
    pub fn into_notes(self) -> Vec<String> {
        let mut notes = self.columns;
        if let Some(n) = self.types.note("issue types", "type") {
            notes.push(n);
        }
        if let Some(n) = self.statuses.note("statuses", "status") {
            notes.push(n);
        }
        if !self.not_ready.is_empty() {
            notes.push(format!(
                "{} marked ready in the file but missing the Definition of Ready: imported as draft ({})",
                count(self.not_ready.len(), "story", "stories"),
                line_list(&self.not_ready)
            ));
        }
        if self.sentences_in_titles > 0 {
            notes.push(format!(
                "{}: persona, goal and benefit filled from them",
                count(
                    self.sentences_in_titles,
                    "title reads as a user story",
                    "titles read as user stories"
                )
            ));
        }
        if !self.long_titles.is_empty() {
            notes.push(format!(
                "{} longer than {} characters cut at a word, the whole text kept in the description ({})",
                count(self.long_titles.len(), "title", "titles"),
                super::rows::TITLE_CAP,
                line_list(&self.long_titles)
            ));
        }
        if self.subtasks > 0 {
            notes.push(format!(
                "{} placed under the epic of their parent story",
                count(self.subtasks, "sub-task", "sub-tasks")
            ));
        }
        for (why, text) in [
            (
                Why::NotInFile,
                "to a parent that is neither in the file nor a key of this backlog",
            ),
            (
                Why::CannotHold,
                "to a parent in the file of a kind that cannot hold them",
            ),
        ] {
            let rows: Vec<&Unplaced> = self.unplaced.iter().filter(|u| u.why == why).collect();
            if let Some(first) = rows.first() {
                let lines: Vec<usize> = rows.iter().map(|u| u.line).collect();
                notes.push(format!(
                    "{} {text} (e.g. `{}`): placed under Imported ({})",
                    count(rows.len(), "row links", "rows link"),
                    short(&first.parent),
                    line_list(&lines)
                ));
            }
        }
        for Words {
            column,
            example,
            lines,
        } in self.words
        {
            notes.push(format!(
                "not imported: words in the score column `{}`, not numbers (e.g. `{}`): left empty ({}; --map `{}`=FIELD insists)",
                short(&column),
                short(&example),
                line_list(&lines),
                short(&column)
            ));
        }
        // By first line; what is first met on one line comes first.
        let mut ignored = self.ignored;
        ignored.sort_by_key(|l| l.lines[0]);
        for Left { what, lines } in ignored {
            notes.push(format!("not imported: {what} ({})", line_list(&lines)));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_notes_name_each_value_and_the_unknown_ones() {
        let mut types = Tally::default();
        for _ in 0..3 {
            types.add("Bug", Kind::Story, true);
        }
        types.add("Spike", Kind::Story, false);
        assert_eq!(
            types.note("issue types", "type").as_deref(),
            Some("issue types: Bug → story (3), Spike → story, unknown type (1)")
        );
        let none: Tally<Status> = Tally::default();
        assert_eq!(none.note("statuses", "status"), None);
    }
}
