//! The limits of one import: how big a file, how many items, how long one
//! text. An input past a limit is refused with one line before it can
//! take memory out of proportion to what a backlog keeps (a 200 MB file
//! of story lines took 4 GB to plan); `--no-limits` lifts them all.
//!
//! The defaults hold the largest backlogs the benchmarks use (100,000
//! stories, a 160 MB export) with room to spare:
//!
//! - a file of at most 256 MiB, checked before it is read;
//! - at most 250,000 items per import: a backlog document's items are
//!   counted while it is parsed, a story file's non-blank lines before it
//!   is planned (each story takes at least one), a CSV file's planned
//!   items once it is planned;
//! - at most 1 MiB of text in one field (a title, a description, a
//!   criterion…): a document's are checked while it is parsed, and a story
//!   file's lines before it is planned, an insight CSV file's rows once
//!   read (`insight import` keeps to the same three limits).

use std::cell::Cell;

use super::import_plan::{ImportError, Plan};

/// What one import may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The input file's size, in bytes.
    pub max_bytes: u64,
    /// Items created by one import.
    pub max_items: usize,
    /// Bytes of text in one field.
    pub max_field: usize,
}

/// How to lift the limits, for every refusal.
const LIFT: &str = "import it with --no-limits to go past the limit";

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_bytes: 256 << 20,
        max_items: 250_000,
        max_field: 1 << 20,
    };

    /// No limit at all (`--no-limits`).
    pub const NONE: Limits = Limits {
        max_bytes: u64::MAX,
        max_items: usize::MAX,
        max_field: usize::MAX,
    };

    /// The file's size, before it is read.
    pub fn check_size(&self, file: &str, bytes: u64) -> Result<(), ImportError> {
        if bytes > self.max_bytes {
            return Err(ImportError::whole(
                file,
                format!(
                    "the file is {}, more than an import reads ({}): {LIFT}",
                    mib(bytes),
                    mib(self.max_bytes)
                ),
            ));
        }
        Ok(())
    }

    /// What was read of a file, a pipe or a device, read up to one byte
    /// past the limit: past it, the input goes on beyond what an import
    /// reads (its whole size is not known; the message does not claim one).
    pub fn check_read(&self, file: &str, bytes: u64) -> Result<(), ImportError> {
        if bytes > self.max_bytes {
            return Err(ImportError::whole(
                file,
                format!(
                    "the input goes on past {}, more than an import reads: {LIFT}",
                    mib(self.max_bytes)
                ),
            ));
        }
        Ok(())
    }

    /// A story file before it is planned: its non-blank lines (one story
    /// each at least) and the length of each line.
    pub fn check_lines(&self, file: &str, text: &str) -> Result<(), ImportError> {
        let mut stories = 0usize;
        for (n, line) in text.split('\n').enumerate() {
            if line.len() > self.max_field {
                return Err(self.long_text(file, Some(n + 1), line.len()));
            }
            if !line.trim().is_empty() {
                stories += 1;
                if stories > self.max_items {
                    return Err(ImportError::at(
                        file,
                        n + 1,
                        format!("more than {} stories in one import: {LIFT}", self.max_items),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A plan once made: how many items, and how long each one's texts.
    pub fn check_plan(&self, file: &str, plan: &Plan) -> Result<(), ImportError> {
        if plan.items.len() > self.max_items {
            return Err(ImportError::whole(
                file,
                format!(
                    "{} items in one import, more than {}: {LIFT}",
                    plan.items.len(),
                    self.max_items
                ),
            ));
        }
        for p in &plan.items {
            let i = &p.item;
            let longest = [
                i.title.len(),
                i.description.len(),
                i.outcome.as_ref().map_or(0, String::len),
                i.hypothesis.as_ref().map_or(0, String::len),
                i.persona.as_ref().map_or(0, String::len),
                i.goal.as_ref().map_or(0, String::len),
                i.benefit.as_ref().map_or(0, String::len),
            ]
            .into_iter()
            .chain(i.criteria.iter().map(|c| c.text.len()))
            .max()
            .unwrap_or(0);
            if longest > self.max_field {
                return Err(self.long_text(file, p.line, longest));
            }
        }
        Ok(())
    }

    /// Insights read from a feedback tool's CSV file (`insight import`):
    /// how many, and how long each one's texts.
    pub fn check_insights(
        &self,
        file: &str,
        insights: &[super::insights_csv::PlannedInsight],
    ) -> Result<(), ImportError> {
        if let Some(p) = insights.get(self.max_items) {
            return Err(ImportError::at(file, p.line, self.too_many_items_reason()));
        }
        for p in insights {
            let info = &p.info;
            let longest = [&info.customer, &info.segment, &info.source, &info.url]
                .into_iter()
                .map(|t| t.as_ref().map_or(0, String::len))
                .chain([p.title.len(), p.description.len()])
                .chain(p.labels.iter().map(String::len))
                .max()
                .unwrap_or(0);
            if longest > self.max_field {
                return Err(self.long_text(file, Some(p.line), longest));
            }
        }
        Ok(())
    }

    /// The refusal of a text longer than a field may be.
    pub fn long_text(&self, file: &str, line: Option<usize>, bytes: usize) -> ImportError {
        let why = self.long_text_reason(bytes);
        match line {
            Some(l) => ImportError::at(file, l, why),
            None => ImportError::whole(file, why),
        }
    }

    /// Why a text of `bytes` is refused.
    pub fn long_text_reason(&self, bytes: usize) -> String {
        format!(
            "a text of {} is longer than one field may be ({}): {LIFT}",
            mib(bytes as u64),
            mib(self.max_field as u64)
        )
    }

    /// Why a document with more items than allowed is refused.
    pub fn too_many_items_reason(&self) -> String {
        format!("more than {} items in one import: {LIFT}", self.max_items)
    }
}

/// A size in MiB, one decimal.
fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
}

thread_local! {
    /// The limits of the document being parsed on this thread (see
    /// [`with`]): the parser's field and list hooks read them.
    static CURRENT: Cell<Limits> = const { Cell::new(Limits::DEFAULT) };
}

/// Runs `f` (a parse) with `limits` as the current ones.
pub fn with<T>(limits: Limits, f: impl FnOnce() -> T) -> T {
    let old = CURRENT.with(|c| c.replace(limits));
    let out = f();
    CURRENT.with(|c| c.set(old));
    out
}

/// The limits of the parse running on this thread.
pub fn current() -> Limits {
    CURRENT.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_refuses_with_one_line_and_none_lifts_them() {
        let small = Limits {
            max_bytes: 10,
            max_items: 2,
            max_field: 5,
        };
        let e = small.check_size("f.txt", 11).unwrap_err().to_string();
        assert!(
            e.starts_with("f.txt: the file is 0.0 MiB, more than"),
            "{e}"
        );
        assert!(e.contains("--no-limits") && !e.contains('\n'), "{e}");
        small.check_size("f.txt", 10).unwrap();
        let e = small
            .check_lines("f.txt", "a\n\nb\nc\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.txt:4: more than 2 stories"), "{e}");
        let e = small
            .check_lines("f.txt", "a\nlonger\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.txt:2: a text of"), "{e}");
        Limits::NONE
            .check_lines("f.txt", "a\nlonger\nc\nd")
            .unwrap();
        Limits::NONE.check_size("f.txt", u64::MAX).unwrap();
        // A read stopped one byte past the limit names the limit only.
        let e = small.check_read("-", 11).unwrap_err().to_string();
        assert!(
            e.starts_with("-: the input goes on past 0.0 MiB, more than an import reads: import it with --no-limits"),
            "{e}"
        );
        small.check_read("-", 10).unwrap();
        Limits::NONE.check_read("-", u64::MAX).unwrap();
    }

    #[test]
    fn with_sets_the_limits_for_the_call_only() {
        assert_eq!(current(), Limits::DEFAULT);
        with(Limits::NONE, || assert_eq!(current(), Limits::NONE));
        assert_eq!(current(), Limits::DEFAULT);
    }
}
