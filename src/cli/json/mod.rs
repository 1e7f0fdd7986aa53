//! The CLI's public JSON: `show --json`, `list --json`, `health --json`,
//! `refine summary --format json` and `snapshot list --json`.
//!
//! Each shape is an explicit wire type here, built from domain values:
//! renaming a domain field or variant cannot change what scripts read.
//! The golden tests (`tests/cli_json_golden.rs`) pin every shape on the
//! demo backlog; a deliberate change to a shape bumps [`FORMAT_VERSION`]
//! and updates them.

pub mod health;
pub mod item;
pub mod refine;
pub mod snapshots;

use std::fmt::Display;
use std::io::Write;

use serde::{Serialize, Serializer};

/// The version of the shapes below. Not printed (the output stays what
/// scripts have read since the first release); the golden tests check it
/// against the version their files were made for.
pub const FORMAT_VERSION: u32 = 1;

/// Writes `value` as pretty JSON and a newline.
pub fn write_pretty<T: Serialize>(out: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A key, kind, status or lane as its text: `S-3`, `story`, `in-progress`.
fn text<T: Display, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// As [`text`], `null` for none.
fn optional_text<T: Display, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

/// A list of keys as their text.
fn texts<T: Display, S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|x| x.to_string()))
}

/// A time as RFC 3339 in UTC, whole seconds: `2026-11-23T10:00:00Z`.
fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
