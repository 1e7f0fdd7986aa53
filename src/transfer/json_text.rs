//! Every JSON `backlog` writes (exports, `--json` output, the roadmap,
//! report and diff documents), pretty-printed by one writer that escapes
//! what a terminal would act on or a reader cannot see.
//!
//! JSON carries user text exactly, but `serde_json` writes every character
//! above U+001F raw, and `backlog list --json` is printed on terminals:
//! C1 controls (U+0080–009F, UTF-8 encoded, start escape sequences on
//! xterm and others: U+009D opens an OSC, U+009B a CSI), DEL, and the
//! direction controls, invisible characters and line separators that
//! every other output drops ([`crate::domain::text`]). Here they are
//! written as `\uXXXX` escapes: a JSON parser reads back exactly the same
//! text, and nothing raw reaches a terminal.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::domain::text::{is_direction_control, is_invisible, is_line_separator};

/// Whether `c` is written as an escape (see the module docs).
fn escaped(c: char) -> bool {
    matches!(c, '\u{7F}'..='\u{9F}')
        || is_direction_control(c)
        || is_invisible(c)
        || is_line_separator(c)
}

/// The pretty formatter, with the escapes above.
struct Safe<'a>(PrettyFormatter<'a>);

impl Formatter for Safe<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // The usual case: plain ASCII without DEL.
        if fragment.is_ascii() && memchr::memchr(0x7F, fragment.as_bytes()).is_none() {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if !escaped(c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// Writes `value` as pretty JSON (as `serde_json::to_writer_pretty`, with
/// the escapes of the module docs).
pub fn to_writer_pretty<W: Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

/// `value` as pretty JSON bytes (see [`to_writer_pretty`]).
pub fn to_vec_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    to_writer_pretty(&mut out, value)?;
    Ok(out)
}

/// `value` as pretty JSON text (see [`to_writer_pretty`]).
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let bytes = to_vec_pretty(value)?;
    // Only whole UTF-8 text and ASCII escapes were written.
    Ok(String::from_utf8(bytes).expect("JSON is UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_written_as_serde_json_writes_it() {
        let v = serde_json::json!({"a": ["naïve café ✓ 東京", 1.5, null], "b": {"c": "x\"\\\n"}});
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }

    #[test]
    fn what_a_terminal_acts_on_is_escaped_and_reads_back_exactly() {
        let text =
            "a\u{9B}31m\u{9D}52;c;QQ==\u{9C}\u{7F}b\u{202E}c\u{200B}d\u{2028}e\u{E0041}f\u{FE0F}";
        let json = to_string_pretty(&text).unwrap();
        assert_eq!(
            json,
            "\"a\\u009b31m\\u009d52;c;QQ==\\u009c\\u007fb\\u202ec\\u200bd\\u2028e\\udb40\\udc41f\u{FE0F}\""
        );
        assert!(json.chars().all(|c| !escaped(c)));
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text);
    }
}
