//! A damaged backlog file: found cheaply on every open (a file cut short
//! inside a page), or by whatever reads a damaged page or a stored value
//! that does not convert. Once found, it is remembered in a small note
//! beside the file (`backlog.db-damaged`) so that every later write is
//! refused, even one that would not touch the damaged part; reads still
//! work where they can. `backlog check` removes the note when the file
//! passes (after a restore).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::access::companion;
use super::schema::APPLICATION_ID;
use crate::store::error::StoreError;

/// The refusal for a damaged `path`.
pub(super) fn error(path: &Path, what: &str) -> StoreError {
    StoreError::Damaged(path.to_path_buf(), what.to_string())
}

/// The note beside `path` that says it was found damaged.
pub fn note_path(path: &Path) -> PathBuf {
    companion(path, "-damaged")
}

/// What the note beside `path` says, if there is one.
pub(super) fn noted(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(note_path(path)).ok()?;
    let first = text.lines().next().unwrap_or("").trim();
    let what = if first.is_empty() {
        "it was found damaged"
    } else {
        first
    };
    Some(format!(
        "{what} (found earlier; `backlog check` checks it again)"
    ))
}

/// Whether `path` starts with a backlog file's header: only such a file
/// is ours to call damaged and to mark.
pub(super) fn is_backlog(path: &Path) -> bool {
    header(path).is_some_and(|h| h.is_backlog())
}

/// Remembers that `path` is damaged (best effort: in a read-only
/// directory nothing can be noted, and nothing can be written either).
pub(super) fn record(path: &Path, what: &str) {
    let _ = std::fs::write(note_path(path), format!("{what}\n"));
}

/// The first 100 bytes of an SQLite file: what the checks below need.
struct Header([u8; 100]);

impl Header {
    fn is_sqlite(&self) -> bool {
        self.0.starts_with(b"SQLite format 3\0")
    }

    fn is_backlog(&self) -> bool {
        self.is_sqlite() && i64::from(u32::from_be_bytes(self.word(68))) == APPLICATION_ID
    }

    fn word(&self, at: usize) -> [u8; 4] {
        [self.0[at], self.0[at + 1], self.0[at + 2], self.0[at + 3]]
    }

    /// The page size (1 stands for 65,536).
    fn page_size(&self) -> u64 {
        match u16::from_be_bytes([self.0[16], self.0[17]]) {
            1 => 65_536,
            n => u64::from(n),
        }
    }
}

fn header(path: &Path) -> Option<Header> {
    let mut buf = [0u8; 100];
    std::fs::File::open(path).ok()?.read_exact(&mut buf).ok()?;
    Some(Header(buf))
}

/// Whether `path` is a backlog file whose length is not a whole number of
/// pages: SQLite writes whole pages only, so the file was cut short
/// inside its last page, and reading it would give zeros for the rest.
pub(super) fn cut_short(path: &Path, len: u64) -> Option<String> {
    let h = header(path)?;
    let page = h.page_size();
    if !h.is_backlog() || !(512..=65_536).contains(&page) || len.is_multiple_of(page) {
        return None;
    }
    Some(format!(
        "it was cut short ({len} bytes is not a whole number of {page}-byte pages)"
    ))
}

/// What to say about an SQLite error that means damage.
pub(super) const DAMAGED_PAGE: &str = "SQLite found a damaged page";
pub(super) const BAD_VALUE: &str = "a stored value cannot be read";
