//! The short way through the shelf's check (`shelf_check.rs`): a Rust
//! function that says whether a shelved row is plainly one an item may
//! hold, read from values of the types the items table stores (text,
//! integer, real, NULL, each where the schema puts it).
//!
//! SQLite interprets the 26 CHECK expressions one by one, about 11,000
//! instructions a row (a ninth of a redo of the 100,000-story import);
//! this function does the same tests in a few hundred. It only ever says
//! yes for values whose meaning under SQLite's rules is plain: a value
//! of another type (a number stored as text, a blob, a text holding a NUL
//! byte) gets no, and the condition then asks SQLite's own expressions,
//! so the answer is SQLite's for every row (a property test holds that).
//! The JSON columns are always asked of SQLite's `json_valid`.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

/// The function's name in SQL.
pub(super) const NAME: &str = "backlog_plain_item";

/// The shelf's columns it reads, in this order.
pub(super) const ARGS: &[&str] = &[
    "kind",
    "num",
    "parent_id",
    "title",
    "status",
    "lane",
    "labels",
    "archived",
    "metrics",
    "points",
    "criteria",
    "reach",
    "impact",
    "confidence",
    "effort",
    "wsjf_value",
    "wsjf_time",
    "wsjf_risk",
    "wsjf_size",
    "external_key",
    "insight",
    "source",
    "pinned",
];

/// Makes the function known to `conn`.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        NAME,
        ARGS.len() as i32,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| Ok(ctx.len() == ARGS.len() && plain(|i| ctx.get_raw(i))),
    )
}

/// A text without a NUL byte (SQLite's `length` stops at one).
fn text(v: ValueRef<'_>) -> Option<&[u8]> {
    match v {
        ValueRef::Text(t) if !t.contains(&0) => Some(t),
        _ => None,
    }
}

/// NULL (`Some(None)`), a number (`Some(Some(n))`), or another type.
fn number(v: ValueRef<'_>) -> Option<Option<f64>> {
    match v {
        ValueRef::Null => Some(None),
        #[allow(clippy::cast_precision_loss)]
        ValueRef::Integer(i) => Some(Some(i as f64)),
        ValueRef::Real(r) => Some(Some(r)),
        _ => None,
    }
}

/// NULL or a text that is one of `set`.
fn null_or_one_of(v: ValueRef<'_>, set: &[&str]) -> Option<bool> {
    match v {
        ValueRef::Null => Some(true),
        v => text(v).map(|t| set.iter().any(|s| s.as_bytes() == t)),
    }
}

/// NULL or a text of at least one character.
fn null_or_filled(v: ValueRef<'_>) -> Option<bool> {
    match v {
        ValueRef::Null => Some(true),
        v => text(v).map(|t| !t.is_empty()),
    }
}

/// Whether the values (`value(i)` the column `ARGS[i]`) are of the types
/// the items table stores and pass every check of `shelf_check.rs` but
/// the JSON ones. `false` when not, or not plainly so.
fn plain<'a>(value: impl Fn(usize) -> ValueRef<'a>) -> bool {
    plain_or_none(value).unwrap_or(false)
}

fn plain_or_none<'a>(value: impl Fn(usize) -> ValueRef<'a>) -> Option<bool> {
    let kind = text(value(0))?;
    let kind = match kind {
        b"I" | b"E" | b"S" | b"F" => kind[0],
        _ => return Some(false),
    };
    let num_ok = matches!(value(1), ValueRef::Integer(n) if n >= 1);
    let parent_null = match value(2) {
        ValueRef::Null => true,
        ValueRef::Integer(_) => false,
        _ => return None,
    };
    let title = text(value(3))?;
    let status = null_or_one_of(
        value(4),
        &["draft", "ready", "in-progress", "done", "dropped"],
    )?;
    let lane_null = matches!(value(5), ValueRef::Null);
    let lane = null_or_one_of(value(5), &["now", "next", "later"])?;
    let archived = matches!(value(7), ValueRef::Integer(0 | 1));
    let points = number(value(9))?;
    let criteria = match value(10) {
        ValueRef::Text(t) => t,
        _ => return None,
    };
    let json_texts = [6, 8]
        .iter()
        .all(|&i| matches!(value(i), ValueRef::Text(_)))
        && matches!(value(20), ValueRef::Null | ValueRef::Text(_));
    let at_least = |i: usize, low: f64| number(value(i)).map(|n| n.is_none_or(|n| n >= low));
    let above = |i: usize, low: f64| number(value(i)).map(|n| n.is_none_or(|n| n > low));
    let numbers = points.is_none_or(|p| p >= 0.0)
        && at_least(11, 0.0)?
        && above(12, 0.0)?
        && number(value(13))?.is_none_or(|c| c > 0.0 && c <= 100.0)
        && above(14, 0.0)?
        && above(15, 0.0)?
        && above(16, 0.0)?
        && above(17, 0.0)?
        && above(18, 0.0)?;
    let insight_null = matches!(value(20), ValueRef::Null);
    let pinned = match value(22) {
        ValueRef::Null => true,
        ValueRef::Integer(p) => (1..=4_294_967_295).contains(&p),
        _ => return None,
    };
    Some(
        num_ok
            && title.iter().any(|&b| b != b' ')
            && status
            && lane
            && archived
            && json_texts
            && numbers
            && null_or_filled(value(19))?
            && null_or_filled(value(21))?
            && pinned
            && matches!(kind, b'I' | b'F') == parent_null
            && (kind == b'S' || (points.is_none() && criteria == b"[]"))
            && (kind != b'S' || lane_null)
            && (kind == b'F' || insight_null),
    )
}

#[cfg(test)]
#[path = "plain_row_tests.rs"]
mod tests;
