//! A damaged backlog file: found cheaply on every open (a file cut short
//! inside a page, a header field no backlog file has, a free-page list
//! that points outside the file or at a page in use), or by whatever reads a damaged page or a stored value
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
    use std::os::unix::fs::OpenOptionsExt;
    // Only a regular file is a note: never a link followed, never a FIFO
    // waited on, never more read than a note holds.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(note_path(path))
        .ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(NOTE_BYTES).read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let first = text.lines().next().unwrap_or("").trim();
    let what = if first.is_empty() {
        "it was found damaged"
    } else {
        first
    };
    // A note is one short line; what else stands in the file (damage of
    // its own, another program's bytes) is quoted short.
    Some(format!(
        "{} (found earlier; `backlog check` checks it again)",
        crate::domain::error::quoted(what)
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
    // A new file each time, never one written through: whatever has the
    // note's name (a link, a hard link to another file) is not ours to
    // change, only the name is.
    let note = note_path(path);
    let _ = std::fs::remove_file(&note);
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&note)
        .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{what}\n").as_bytes()));
}

/// The most of a note read: its first line is all it says.
const NOTE_BYTES: u64 = 4096;

/// Removes the note (the file passed a full check); whether there was one.
pub(super) fn clear(path: &Path) -> std::io::Result<bool> {
    let note = note_path(path);
    if std::fs::symlink_metadata(&note).is_err() {
        // Nothing to remove: nothing is asked of the file system (on one
        // mounted read-only, removing what is not there fails).
        return Ok(false);
    }
    match std::fs::remove_file(note) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
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

/// Damage a backlog file's header shows, found on every open for the cost
/// of reading its first page (and at most one more): `what` it is, and
/// whether it is `fatal` (nothing can be read: refuse every command) or
/// only unsafe to write (reads still work; writes are refused).
pub(super) struct HeaderDamage {
    pub what: String,
    pub fatal: bool,
}

/// What is wrong with the header of the backlog file at `path`, `len`
/// bytes long: a file cut short inside its last page (SQLite writes whole
/// pages only: reading it would give zeros for the rest), or a field no
/// backlog file has. SQLite refuses some of those with an internal
/// message (`unsupported file format`), takes others for a read-only file
/// ("is read-only: chmod u+w") or writes on (a free-page list pointing at
/// a page in use hands that page out again, destroying what is on it).
/// Files of other programs are not ours to judge: `None`.
pub(super) fn in_header(path: &Path, len: u64) -> Option<HeaderDamage> {
    let h = header(path)?;
    if !h.is_backlog() {
        return None;
    }
    let fatal = |what: String| Some(HeaderDamage { what, fatal: true });
    let page = h.page_size();
    if !(512..=65_536).contains(&page) || !page.is_power_of_two() {
        return fatal(format!("its header is damaged (page size {page})"));
    }
    if !len.is_multiple_of(page) {
        return fatal(format!(
            "it was cut short ({len} bytes is not a whole number of {page}-byte pages)"
        ));
    }
    let (write, read) = (h.0[18], h.0[19]);
    if !(1..=2).contains(&read) {
        return fatal(format!("its header is damaged (file format {read})"));
    }
    let schema_format = u32::from_be_bytes(h.word(44));
    if !(1..=4).contains(&schema_format) {
        return fatal(format!(
            "its header is damaged (schema format {schema_format})"
        ));
    }
    let encoding = u32::from_be_bytes(h.word(56));
    if encoding != 1 {
        return fatal(format!(
            "its header is damaged (text encoding {encoding}, not UTF-8)"
        ));
    }
    let unsafe_to_write = |what: String| Some(HeaderDamage { what, fatal: false });
    if !(1..=2).contains(&write) {
        return unsafe_to_write(format!("its header is damaged (file format {write})"));
    }
    if h.0[20] != 0 {
        return unsafe_to_write(format!(
            "its header is damaged ({} reserved bytes per page; backlog reserves none)",
            h.0[20]
        ));
    }
    // The free-page list, as far as the file alone says it: with a `-wal`
    // beside it, newer pages (page 1 among them) may be there instead.
    let wal = super::access::companion(path, "-wal");
    if std::fs::metadata(wal).is_ok_and(|m| m.len() > 0) {
        return None;
    }
    let pages = len / page;
    let trunk = u64::from(u32::from_be_bytes(h.word(32)));
    let count = u64::from(u32::from_be_bytes(h.word(36)));
    let damaged = || unsafe_to_write("its list of free pages is damaged".to_string());
    if trunk > pages || count >= pages || (trunk == 0) != (count == 0) {
        return damaged();
    }
    if trunk == 0 {
        return None;
    }
    // The first trunk page: the next trunk, then how many leaves it lists
    // and the leaves, each a page of the file. A page in use read as a
    // trunk fails this (its first bytes are a page type and offsets).
    let Some(words) = page_words(path, trunk, page) else {
        return damaged();
    };
    let leaves = u64::from(words[1]);
    let fits = leaves <= page / 4 - 2 && leaves < count;
    let inside = |p: u32| p >= 2 && u64::from(p) <= pages;
    let bad = u64::from(words[0]) > pages
        || !fits
        || !words[2..2 + leaves as usize].iter().all(|&p| inside(p));
    // Another process may have checkpointed its `-wal` into the file
    // between the two reads: only a header read the same both times says
    // anything.
    if bad && header(path).is_some_and(|again| again.0 == h.0) {
        return damaged();
    }
    None
}

/// Page `n` (from 1) of `path`, `size` bytes a page, as big-endian words.
fn page_words(path: &Path, n: u64, size: u64) -> Option<Vec<u32>> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    f.seek(SeekFrom::Start((n - 1) * size)).ok()?;
    let mut buf = vec![0u8; usize::try_from(size).ok()?];
    f.read_exact(&mut buf).ok()?;
    Some(
        buf.chunks_exact(4)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
            .collect(),
    )
}

/// What to say about an SQLite error that means damage.
pub(super) const DAMAGED_PAGE: &str = "SQLite found a damaged page";
pub(super) const BAD_VALUE: &str = "a stored value cannot be read";
