//! Values a user types, parsed once for every front end: the CLI's flags,
//! the TUI's forms and pickers, and the importers' cells read them here.
//!
//! Each refusal is a [`DomainError`] whose message names the field, quotes
//! what was typed and says what is allowed. Optional values are cleared
//! by a "none word": nothing, `none` or `-`.

use chrono::NaiveDate;

use super::error::DomainError;
use super::number::parse_number;
use super::scoring::Field;
use super::{Key, Kind, Lane, Status};

/// What story points may be, as every refusal of points says it.
pub const POINTS_EXPECTED: &str = "a number ≥ 0 (e.g. 1, 2, 3, 5, 8, 13)";
/// What a too-large estimate is told (see [`MAX_POINTS`]).
pub const POINTS_AT_MOST: &str = "at most 1000000 points (split a story that big)";
/// The largest estimate of one story: beyond it sums overflow, and no
/// team estimates a story in millions of points.
pub const MAX_POINTS: f64 = 1_000_000.0;

/// Whether `s` asks to clear an optional value: empty, `none` or `-`.
pub fn is_none_word(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t.eq_ignore_ascii_case("none") || t == "-"
}

/// An item key: `S-3`, `e12`, ` I-1 `.
pub fn key(s: &str) -> Result<Key, DomainError> {
    s.parse()
}

/// A kind: `initiative`, `epic` or `story`.
pub fn kind(s: &str) -> Result<Kind, DomainError> {
    s.parse()
}

/// A lane, or `None` for a none word.
pub fn lane(s: &str) -> Result<Option<Lane>, DomainError> {
    if is_none_word(s) {
        Ok(None)
    } else {
        s.parse().map(Some)
    }
}

/// A status: `draft`, `ready`, `in-progress` (or `doing`), `done`,
/// `dropped`, in any case.
pub fn status(s: &str) -> Result<Status, DomainError> {
    s.parse()
}

/// Story points (a number ≥ 0), or `None` for a none word.
pub fn points(s: &str) -> Result<Option<f64>, DomainError> {
    if is_none_word(s) {
        return Ok(None);
    }
    let v = parse_number("points", s, POINTS_EXPECTED)?;
    if v < 0.0 {
        return Err(DomainError::invalid("points", s, POINTS_EXPECTED));
    }
    if v > MAX_POINTS {
        return Err(DomainError::invalid("points", s, POINTS_AT_MOST));
    }
    Ok(Some(v))
}

/// One scoring input, checked against its field's range.
pub fn score(field: Field, s: &str) -> Result<f64, DomainError> {
    field.parse(s)
}

/// A scoring input as a person types it: a number, or for impact the
/// word its scale names, in any case (minimal 0.25, low 0.5, medium 1,
/// high 2, massive 3).
pub fn typed_score(field: Field, s: &str) -> Result<f64, DomainError> {
    if matches!(field, Field::Impact) {
        let word = match s.trim().to_ascii_lowercase().as_str() {
            "minimal" => Some(0.25),
            "low" => Some(0.5),
            "medium" => Some(1.0),
            "high" => Some(2.0),
            "massive" => Some(3.0),
            _ => None,
        };
        if let Some(v) = word {
            return Ok(v);
        }
    }
    score(field, s)
}

/// One scoring input as typed ([`typed_score`]), or `None` for a none
/// word (a form's empty field).
pub fn optional_score(field: Field, s: &str) -> Result<Option<f64>, DomainError> {
    if is_none_word(s) {
        Ok(None)
    } else {
        typed_score(field, s).map(Some)
    }
}

/// A 1-based position, such as a criterion's number.
pub fn position(field: &str, s: &str) -> Result<usize, DomainError> {
    s.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| DomainError::invalid(field, s, "a whole number from 1"))
}

/// A rank: any whole number (lower ranks first).
pub fn rank(s: &str) -> Result<i64, DomainError> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| DomainError::invalid("rank", s, "a whole number"))
}

/// A place to pin a card at in its roadmap lane (1 = first), or `none`
/// to put it back in score order.
pub fn pinned(s: &str) -> Result<Option<u32>, DomainError> {
    if is_none_word(s) {
        return Ok(None);
    }
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|&p| p >= 1)
        .map(Some)
        .ok_or_else(|| {
            DomainError::invalid("pinned place", s, "1 for the first place, 2, … or none")
        })
}

/// A calendar date, `YYYY-MM-DD`, in the years 1 to 9999: what a backlog
/// document can hold (a decision dated year 0 made an export that no
/// import would read back).
pub fn date(s: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::invalid("date", s, "a date like 2026-11-23"))
        .and_then(|d| {
            if in_years(d) {
                Ok(d)
            } else {
                Err(DomainError::invalid(
                    "date",
                    s,
                    "a date in the years 1 to 9999, like 2026-11-23",
                ))
            }
        })
}

/// Whether `d` is in the years 1 to 9999, the dates a backlog document
/// holds (and RFC 3339 writes).
pub fn in_years(d: NaiveDate) -> bool {
    use chrono::Datelike;
    (1..=9999).contains(&d.year())
}

#[cfg(test)]
mod tests;
