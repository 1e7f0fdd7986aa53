//! The CLI's public JSON: `show --json`, `list --json`, `health --json`,
//! `refine summary --format json`, `snapshot list --json` and `diff
//! --json`.
//!
//! Each shape is an explicit wire type here, built from domain values:
//! renaming a domain field or variant cannot change what scripts read.
//! The golden tests (`tests/cli_json_golden.rs`) pin every shape on the
//! demo backlog; a deliberate change to a shape bumps [`FORMAT_VERSION`]
//! and updates them.

pub mod capacity;
pub mod diff;
pub mod forecast;
pub mod health;
pub mod insight;
pub mod item;
pub mod metric;
pub mod refine;
pub mod search;
pub mod snapshots;

use std::io::Write;

use serde::{Serialize, Serializer};

use crate::domain::Key;

/// The version of the shapes below. Not printed (the output stays what
/// scripts have read since the first release); the golden tests check it
/// against the version their files were made for.
pub const FORMAT_VERSION: u32 = 3;

/// Writes `value` as pretty JSON and a newline.
pub fn write_pretty<T: Serialize>(out: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    crate::transfer::json_text::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A key as its text: `S-3`.
fn key<S: Serializer>(k: &Key, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(k)
}

/// As [`key`], `null` for none.
fn optional_key<S: Serializer>(k: &Option<Key>, s: S) -> Result<S::Ok, S::Error> {
    match k {
        Some(k) => s.collect_str(k),
        None => s.serialize_none(),
    }
}

/// Keys as a list of their texts.
fn keys<S: Serializer>(list: &[Key], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(list.iter().map(KeyJson))
}

/// A key serialised as its text, in a list.
struct KeyJson<'a>(&'a Key);

impl Serialize for KeyJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

/// A time as RFC 3339 in UTC, whole seconds: `2026-11-23T10:00:00Z`.
fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
