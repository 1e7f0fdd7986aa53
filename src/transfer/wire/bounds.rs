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

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::de::Error;
use serde::{Deserialize, Deserializer};

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
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    check_text(String::deserialize(d)?)
}

/// An optional text field, no longer than the import's limit.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(check_text)
        .transpose()
}
