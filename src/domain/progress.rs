//! Where a success metric stands: its baseline, target and check-ins read as
//! a number with a unit (`46`, `11 min`, `12%`, `$1,200`), the latest value,
//! and the progress from baseline toward target as a fraction.
//!
//! Progress is `(current − baseline) / (target − baseline)`: 0 at the
//! baseline, 1 at the target, whichever way the target points; it passes 1
//! when the target is beaten and goes below 0 when the metric moved the
//! wrong way. It is unknown (`None`) when a figure is missing or is not a
//! number, when the units differ, or when baseline and target are equal.

use chrono::NaiveDate;

use super::error::DomainError;
use super::item::{CheckIn, Metric};
use super::number::round_display;

/// A figure read as a number and its unit: `$1,200` is 1200 with prefix `$`;
/// `7 min` is 7 with suffix `min`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub prefix: String,
    pub suffix: String,
}

impl Quantity {
    /// Whether the figure carries no unit at all (`33`).
    fn is_bare(&self) -> bool {
        self.prefix.is_empty() && self.suffix.is_empty()
    }

    fn same_unit(&self, other: &Quantity) -> bool {
        self.prefix == other.prefix && self.suffix.to_lowercase() == other.suffix.to_lowercase()
    }
}

/// Reads `text` as a number with an optional unit: symbols before it
/// (`$`, `€`), words or symbols after it without digits (`min`, `%`,
/// `per week`). Thousands may be grouped with commas (`1,200`). Anything
/// else (`3 to 5`, `fast`, empty) is not a quantity.
pub fn quantity(text: &str) -> Option<Quantity> {
    let t = text.trim();
    let start = t.find(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')?;
    let prefix = t[..start].trim();
    if prefix
        .chars()
        .any(|c| c.is_alphanumeric() || c.is_whitespace())
    {
        return None;
    }
    let rest = &t[start..];
    let (sign, body) = match rest.as_bytes().first() {
        Some(b'-') => (-1.0, &rest[1..]),
        Some(b'+') => (1.0, &rest[1..]),
        _ => (1.0, rest),
    };
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(body.len());
    let number = body[..end].trim_end_matches([',', '.']);
    let suffix = body[number.len()..].trim();
    if suffix.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let value = sign * plain_number(number)?;
    value.is_finite().then(|| Quantity {
        value,
        prefix: prefix.to_string(),
        suffix: suffix.to_string(),
    })
}

/// `1200`, `1,200`, `9.5`, `.5`; commas only as groups of three before the
/// decimal point.
fn plain_number(s: &str) -> Option<f64> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return None;
        }
    }
    let digits: String = int.chars().filter(|c| *c != ',').collect();
    if digits.is_empty() && frac.is_none() {
        return None;
    }
    let text = match frac {
        Some(f) => format!("{}.{f}", if digits.is_empty() { "0" } else { &digits }),
        None => digits,
    };
    text.parse().ok()
}

/// Whether the metric is measured in numbers: its baseline or its target
/// reads as one. Check-ins on such a metric must be numbers too.
pub fn is_numeric(metric: &Metric) -> bool {
    quantity(&metric.baseline).is_some() || quantity(&metric.target).is_some()
}

/// Checks a check-in value typed for `metric`: one line, not empty, and a
/// number when the metric is measured in numbers. Returns it trimmed.
pub fn check_value(metric: &Metric, raw: &str) -> Result<String, DomainError> {
    let value = super::text::clean_title("check-in value", raw)?;
    if is_numeric(metric) && quantity(&value).is_none() {
        return Err(DomainError::invalid(
            "check-in value",
            raw,
            "a number (like 33, 7 min or 9.5%), as the metric's baseline and target are",
        ));
    }
    Ok(value)
}

/// The fraction of the way from `baseline` to `target` that `current` has
/// come, when all three are numbers in one unit (a bare number takes the
/// others' unit) and baseline and target differ.
pub fn progress(baseline: &str, target: &str, current: &str) -> Option<f64> {
    let b = quantity(baseline)?;
    let t = quantity(target)?;
    let c = quantity(current)?;
    let unit = [&b, &t, &c].into_iter().find(|q| !q.is_bare());
    if let Some(u) = unit
        && [&b, &t, &c].iter().any(|q| !q.is_bare() && !q.same_unit(u))
    {
        return None;
    }
    let span = t.value - b.value;
    if span == 0.0 {
        return None;
    }
    let p = (c.value - b.value) / span;
    p.is_finite().then_some(p)
}

/// Where a metric stands now: its latest check-in and the progress it
/// shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing<'a> {
    pub latest: Option<&'a CheckIn>,
    pub progress: Option<f64>,
}

/// The metric's latest check-in (the list is kept oldest first) and its
/// progress toward the target.
pub fn standing(metric: &Metric) -> Standing<'_> {
    let latest = metric.checkins.last();
    Standing {
        latest,
        progress: latest.and_then(|c| progress(&metric.baseline, &metric.target, &c.value)),
    }
}

/// The check-ins' values that read as numbers, oldest first: the trend a
/// sparkline or a chart draws.
pub fn series(metric: &Metric) -> Vec<f64> {
    metric
        .checkins
        .iter()
        .filter_map(|c| quantity(&c.value).map(|q| q.value))
        .collect()
}

/// Where a check-in dated `date` goes so that the list stays oldest first;
/// after any already on that date.
pub fn insertion_index(checkins: &[CheckIn], date: NaiveDate) -> usize {
    checkins.partition_point(|c| c.date <= date)
}

/// The check-ins dated on or after `since` (all of them when `None`).
pub fn checkins_since(metric: &Metric, since: Option<NaiveDate>) -> Vec<&CheckIn> {
    metric
        .checkins
        .iter()
        .filter(|c| since.is_none_or(|s| c.date >= s))
        .collect()
}

/// How much of a progress bar to fill, in whole percent: 0 to 100 (a
/// beaten target fills it, a move the wrong way leaves it empty).
pub fn bar_percent(p: f64) -> u32 {
    (p.clamp(0.0, 1.0) * 100.0).round() as u32
}

/// A progress fraction as people read it: `0.5` → `50%`.
pub fn percent(p: f64) -> String {
    format!("{}%", round_display(p * 100.0, 0))
}

#[cfg(test)]
mod tests;
