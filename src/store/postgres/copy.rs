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
    text: Vec<u8>,
    /// Whether the current row has a field yet.
    started: bool,
}

impl Rows {
    fn sep(&mut self) {
        if self.started {
            self.text.push(b'\t');
        }
        self.started = true;
    }

    /// A text field (or NULL).
    pub fn text(&mut self, v: Option<&str>) -> &mut Rows {
        self.sep();
        match v {
            None => self.text.extend_from_slice(b"\\N"),
            Some(s) => {
                for b in s.bytes() {
                    match b {
                        b'\\' => self.text.extend_from_slice(b"\\\\"),
                        b'\t' => self.text.extend_from_slice(b"\\t"),
                        b'\n' => self.text.extend_from_slice(b"\\n"),
                        b'\r' => self.text.extend_from_slice(b"\\r"),
                        _ => self.text.push(b),
                    }
                }
            }
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

    /// Sends the rows to `table (columns)` in one `COPY`.
    pub fn send(self, c: &mut Client, table: &str, columns: &str) -> Pg<()> {
        if self.text.is_empty() {
            return Ok(());
        }
        let mut w = c.copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))?;
        if let Err(e) = w.write_all(&self.text) {
            return Err(driver_error(e, table));
        }
        w.finish()?;
        Ok(())
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
