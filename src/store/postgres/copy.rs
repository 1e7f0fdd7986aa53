//! Rows sent with `COPY … FROM STDIN` in PostgreSQL's text format: one
//! statement for thousands of rows instead of one round trip each (an
//! import of 100,000 stories, a generated backlog).

use std::fmt::Display;
use std::io::Write;

use chrono::{DateTime, Utc};
use postgres::Client;

use super::fail::{Fail, Pg};
use crate::store::StoreError;

/// One row being written: fields separated by tabs, `\N` for NULL, and
/// backslash, tab, newline and carriage return escaped.
#[derive(Default)]
pub struct Rows {
    /// The text written so far, before [`Rows::text`]'s chunk.
    done: Vec<Vec<u8>>,
    text: Vec<u8>,
    /// Whether the current row has a field yet.
    started: bool,
}

/// A text field of this many bytes or more gets a chunk of its own.
const BIG_TEXT: usize = 1 << 20;

/// How much of the rows is handed to the driver at once: it copies what
/// it is given into its buffer, then into the connection's.
const SENT_AT_ONCE: usize = 1 << 20;

impl Rows {
    fn sep(&mut self) {
        if self.started {
            self.text.push(b'\t');
        }
        self.started = true;
    }

    /// A text field (or NULL). A big one is escaped into a chunk of its
    /// own, sized once: in one buffer grown by doubling, a 200 MB
    /// description took up to twice its size, beside the copies before.
    pub fn text(&mut self, v: Option<&str>) -> &mut Rows {
        self.sep();
        match v {
            None => self.text.extend_from_slice(b"\\N"),
            Some(s) if s.len() >= BIG_TEXT => {
                let escapes = s
                    .bytes()
                    .filter(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
                    .count();
                self.done.push(std::mem::take(&mut self.text));
                let mut chunk = Vec::with_capacity(s.len() + escapes);
                escape(&mut chunk, s);
                self.done.push(chunk);
            }
            Some(s) => escape(&mut self.text, s),
        }
        self
    }

    /// A number or boolean as PostgreSQL reads it (or NULL). Rust prints
    /// the shortest decimal that reads back as the same `f64`, so floats
    /// arrive unchanged.
    pub fn value<T: Display>(&mut self, v: Option<T>) -> &mut Rows {
        self.sep();
        match v {
            None => self.text.extend_from_slice(b"\\N"),
            Some(v) => {
                let _ = write!(self.text, "{v}");
            }
        }
        self
    }

    pub fn boolean(&mut self, v: bool) -> &mut Rows {
        self.value(Some(if v { 't' } else { 'f' }))
    }

    pub fn time(&mut self, t: DateTime<Utc>) -> &mut Rows {
        self.value(Some(t.format("%Y-%m-%d %H:%M:%S+00")))
    }

    /// Ends the current row.
    pub fn end(&mut self) {
        self.text.push(b'\n');
        self.started = false;
    }

    /// Sends the rows to `table (columns)` in one `COPY`, a piece at a
    /// time, each chunk dropped once sent.
    pub fn send(mut self, c: &mut Client, table: &str, columns: &str) -> Pg<()> {
        self.done.push(std::mem::take(&mut self.text));
        if self.done.iter().all(Vec::is_empty) {
            return Ok(());
        }
        let mut w = c.copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))?;
        for chunk in self.done {
            for piece in chunk.chunks(SENT_AT_ONCE) {
                if let Err(e) = w.write_all(piece) {
                    return Err(driver_error(e, table));
                }
            }
        }
        w.finish()?;
        Ok(())
    }
}

/// Appends `s` to `out`, escaped for `COPY`'s text format.
fn escape(out: &mut Vec<u8>, s: &str) {
    for b in s.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// The driver's error under a failed write of `COPY` data (the writer
/// wraps it in an I/O error), so that it is explained like any other
/// statement's: the server's refusal, a lost connection.
fn driver_error(e: std::io::Error, table: &str) -> Fail {
    let described = e.to_string();
    match e
        .into_inner()
        .map(|inner| inner.downcast::<postgres::Error>())
    {
        Some(Ok(driver)) => Fail::Db(*driver),
        _ => Fail::Store(StoreError::Backend(format!(
            "copying rows into {table}: {described}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_text_in_a_chunk_of_its_own_is_the_same_rows() {
        let big = "a\tb\\c\nd\re ü".repeat(BIG_TEXT / 8);
        let mut rows = Rows::default();
        rows.value(Some(1)).text(Some(&big)).text(None).end();
        rows.text(Some("x\ty")).text(Some(&big)).end();
        assert!(
            rows.done.len() >= 4,
            "the big texts have chunks of their own"
        );
        let mut expected = b"1\t".to_vec();
        escape(&mut expected, &big);
        expected.extend_from_slice(b"\t\\N\nx\\ty\t");
        escape(&mut expected, &big);
        expected.push(b'\n');
        let mut written: Vec<u8> = rows.done.concat();
        written.extend_from_slice(&rows.text);
        assert_eq!(written, expected);
        // Sized once: each big chunk is as long as it was made.
        assert!(
            rows.done
                .iter()
                .all(|c| c.len() == c.capacity() || c.len() < BIG_TEXT)
        );
    }
}
