//! Range checks of the numbers in a backlog document, run while it is
//! parsed (`#[serde(deserialize_with = …)]`): a value out of range fails
//! the parse at its own line and column, so an import refuses it with
//! `file:line` and writes nothing.
//!
//! The ranges are what the store and every later command can hold: key
//! numbers and next keys up to [`Key::MAX_NUM`] (one past it still fits
//! the key sequence), dates and times in the years 1 to 9999 (what RFC 3339 writes and reads back), counts no larger
//! than a backlog can hold. Ranks may be any whole number (the store
//! appends after the largest without overflowing). Score inputs and points are checked by the
//! domain's own rules when the items are built; a number JSON cannot hold
//! as a float (`1e999`) is refused by the parser itself.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::de::Error;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::domain::Key;
use crate::transfer::limits;

/// The years a date or time may fall in.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

fn check_key<E: Error>(k: Key) -> Result<Key, E> {
    if k.num > Key::MAX_NUM {
        return Err(E::custom(format!(
            "key {k} is out of range: key numbers go up to {}",
            Key::MAX_NUM
        )));
    }
    Ok(k)
}

fn check_year<E: Error>(year: i32, shown: impl std::fmt::Display) -> Result<(), E> {
    if !YEARS.contains(&year) {
        return Err(E::custom(format!(
            "date {shown} is out of range: years go from {} to {}",
            YEARS.start(),
            YEARS.end()
        )));
    }
    Ok(())
}

/// An item key.
pub fn key<'de, D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
    check_key(Key::deserialize(d)?)
}

/// An optional item key (a parent).
pub fn opt_key<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Key>, D::Error> {
    Option::<Key>::deserialize(d)?.map(check_key).transpose()
}

/// A list of item keys (dependencies).
pub fn keys<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Key>, D::Error> {
    let keys = Vec::<Key>::deserialize(d)?;
    for k in &keys {
        check_key::<D::Error>(*k)?;
    }
    Ok(keys)
}

/// The next number of a key sequence: from 1 to one past the highest key.
pub fn next_key<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = i64::deserialize(d)?;
    if !(1..=Key::MAX_NUM + 1).contains(&n) {
        return Err(D::Error::custom(format!(
            "next key {n} is out of range: expected 1 to {}",
            Key::MAX_NUM + 1
        )));
    }
    Ok(n)
}

/// A count of items, stories or criteria.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let n = usize::deserialize(d)?;
    if n as u64 > Key::MAX_NUM as u64 {
        return Err(D::Error::custom(format!(
            "count {n} is out of range: expected at most {}",
            Key::MAX_NUM
        )));
    }
    Ok(n)
}

/// An optional count (an initiative's epics).
pub fn opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    #[derive(Deserialize)]
    struct Counted(#[serde(deserialize_with = "count")] usize);
    Ok(Option::<Counted>::deserialize(d)?.map(|c| c.0))
}

/// An optional pinned place in a roadmap lane: 1 (the first) to
/// `u32::MAX`.
pub fn opt_place<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let Some(n) = Option::<i64>::deserialize(d)? else {
        return Ok(None);
    };
    match u32::try_from(n) {
        Ok(p) if p >= 1 => Ok(Some(p)),
        _ => Err(D::Error::custom(format!(
            "pinned place {n} is out of range: expected 1 to {}",
            u32::MAX
        ))),
    }
}

/// A time.
pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let t = DateTime::<Utc>::deserialize(d)?;
    check_year(t.year(), t.to_rfc3339())?;
    Ok(t)
}

/// An optional time (created, updated).
pub fn opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let t = Option::<DateTime<Utc>>::deserialize(d)?;
    if let Some(t) = t {
        check_year(t.year(), t.to_rfc3339())?;
    }
    Ok(t)
}

/// A calendar date (of a decision).
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let t = NaiveDate::deserialize(d)?;
    check_year(t.year(), t)?;
    Ok(t)
}

/// The version of a stored snapshot: this build reads version 1.
pub fn snapshot_version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = u32::deserialize(d)?;
    if v != 1 {
        return Err(D::Error::custom(format!(
            "snapshot version {v} is not one this build reads (1)"
        )));
    }
    Ok(v)
}

fn check_text<E: Error>(s: String) -> Result<String, E> {
    let limits = limits::current();
    if s.len() > limits.max_field {
        return Err(E::custom(limits.long_text_reason(s.len())));
    }
    Ok(s)
}

/// A text field, no longer than the import's limit for one field.
///
/// Read from the document's text as it stands (a borrowed raw value) and
/// decoded once into a string of its final size: read as a `String`,
/// serde_json first copied a string with escapes into a scratch buffer
/// grown by doubling and kept to the end of the parse, then copied it
/// again (a 200 MB description cost three times its size on top of the
/// document's text).
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw = <&'de RawValue>::deserialize(d)?;
    check_text(string_of(raw)?)
}

/// [`text`], for a field that may also borrow its text (written from an
/// item, see `DocItem`).
pub fn owned_text<'de, 'a, D: Deserializer<'de>>(d: D) -> Result<Cow<'a, str>, D::Error> {
    text(d).map(Cow::Owned)
}

/// An optional text field, no longer than the import's limit.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<&'de RawValue>::deserialize(d)?
        .map(|raw| string_of(raw).and_then(check_text))
        .transpose()
}

/// The string a raw JSON value holds. Anything but a string literal with
/// valid escapes (a number, a lone surrogate) is read by serde_json
/// itself, for its own message.
fn string_of<E: Error>(raw: &RawValue) -> Result<String, E> {
    let json = raw.get();
    if let Some(s) = json
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .and_then(unescape)
    {
        return Ok(s);
    }
    serde_json::from_str::<String>(json).map_err(|e| {
        let msg = e.to_string();
        // Its position is within the value; the parse adds the document's.
        let msg = msg.rfind(" at line ").map_or(msg.as_str(), |p| &msg[..p]);
        E::custom(msg)
    })
}

/// The text of the inside of a JSON string literal the parser accepted
/// (no raw control characters, escapes well-formed), written once into a
/// string no bigger than the literal; `None` for what only serde_json
/// should word (a lone surrogate).
fn unescape(inner: &str) -> Option<String> {
    let bytes = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut from = 0;
    while let Some(off) = memchr::memchr(b'\\', &bytes[from..]) {
        let at = from + off;
        out.push_str(&inner[from..at]);
        let (c, len) = match *bytes.get(at + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let hi = hex4(inner.get(at + 2..at + 6)?)?;
                match hi {
                    0xD800..=0xDBFF => {
                        let lo = inner
                            .get(at + 6..at + 8)
                            .filter(|&e| e == "\\u")
                            .and_then(|_| hex4(inner.get(at + 8..at + 12)?))
                            .filter(|lo| (0xDC00..=0xDFFF).contains(lo))?;
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        (char::from_u32(c)?, 12)
                    }
                    0xDC00..=0xDFFF => return None,
                    _ => (char::from_u32(hi)?, 6),
                }
            }
            _ => return None,
        };
        out.push(c);
        from = at + len;
    }
    out.push_str(&inner[from..]);
    Some(out)
}

/// Four hexadecimal digits.
fn hex4(s: &str) -> Option<u32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        u32::from_str_radix(s, 16).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[derive(Deserialize)]
    struct One {
        #[serde(deserialize_with = "text")]
        t: String,
        #[serde(default, deserialize_with = "opt_text")]
        o: Option<String>,
    }

    /// Reads `literal` as serde_json reads a `String`, and as [`text`]
    /// does: the same text, or the same message.
    fn both(literal: &str) -> (Result<String, String>, Result<String, String>) {
        let theirs = serde_json::from_str::<String>(literal).map_err(|e| e.to_string());
        let doc = format!("{{\"t\": {literal}, \"o\": {literal}}}");
        let ours = serde_json::from_str::<One>(&doc)
            .map(|one| {
                assert_eq!(one.o.as_deref(), Some(one.t.as_str()));
                one.t
            })
            .map_err(|e| e.to_string());
        (theirs, ours)
    }

    #[test]
    fn text_reads_every_string_as_serde_json_does() {
        let literals = [
            r#""plain""#,
            r#""""#,
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            r#""\u0000\u001b\u009b\u202e\u00e9\uFFFF""#,
            r#""\ud83d\ude00 and \uD83D\uDE00""#,
            r#""ünï 予約 \u4e88""#,
            r#""\\u0041""#,
            r#""end\\""#,
        ];
        for l in literals {
            let (theirs, ours) = both(l);
            assert_eq!(ours, theirs, "{l}");
        }
        // What serde_json refuses is refused with its own reason.
        for l in [
            r#""\ud800""#,
            r#""\udfff x""#,
            r#""\ud800\u0041""#,
            "5",
            "true",
            "[]",
        ] {
            let (theirs, ours) = both(l);
            let theirs = theirs.unwrap_err();
            let reason = &theirs[..theirs.rfind(" at line ").unwrap()];
            let ours = ours.unwrap_err();
            assert!(ours.starts_with(reason), "{l}: {ours} / {theirs}");
        }
        let none: One = serde_json::from_str(r#"{"t": "x", "o": null}"#).unwrap();
        assert_eq!(none.o, None);
    }
}
