//! A roadmap snapshot: the roadmap as it was at a moment, kept under a name
//! so it can be shown again exactly and diffed against later roadmaps.
//!
//! A snapshot holds one [`Roadmap`] per level (epics and initiatives). Each
//! card carries both RICE and WSJF scores and its manual rank, so the
//! snapshot can be shown or diffed by either model without the backlog it
//! came from ([`Roadmap::with_model`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::backlog::Backlog;
use super::error::DomainError;
use super::roadmap::{Level, Roadmap};
use super::scoring::Model;
use super::text::clean_title;

/// The version of the stored snapshot document this build writes.
pub const SNAPSHOT_VERSION: u32 = 1;

/// Names longer than this are refused.
const MAX_NAME: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    pub name: String,
    pub taken: DateTime<Utc>,
    /// One roadmap per level, each built with the default model (RICE).
    pub roadmaps: Vec<Roadmap>,
}

impl Snapshot {
    /// The roadmap of `backlog` as it is at `now`, named `name` (default:
    /// the date, e.g. `2026-11-23`).
    pub fn take(
        name: Option<&str>,
        backlog: &Backlog,
        now: DateTime<Utc>,
    ) -> Result<Snapshot, DomainError> {
        let name = match name {
            Some(n) => check_name(n)?,
            None => default_name(now),
        };
        Ok(Snapshot {
            version: SNAPSHOT_VERSION,
            name,
            taken: now,
            roadmaps: Level::ALL
                .iter()
                .map(|&level| Roadmap::build(backlog, Model::default(), level, now))
                .collect(),
        })
    }

    /// The stored roadmap at `level`, ordered by `model`.
    pub fn roadmap(&self, level: Level, model: Model) -> Option<Roadmap> {
        self.roadmaps
            .iter()
            .find(|r| r.level == level)
            .map(|r| r.clone().with_model(model))
    }
}

/// The date of `now`, as a snapshot name: `2026-11-23`.
pub fn default_name(now: DateTime<Utc>) -> String {
    now.format("%Y-%m-%d").to_string()
}

/// A snapshot name: one non-empty line of at most 100 characters.
pub fn check_name(raw: &str) -> Result<String, DomainError> {
    let name = clean_title("snapshot name", raw)?;
    if name.chars().count() > MAX_NAME {
        return Err(DomainError::invalid(
            "snapshot name",
            raw,
            "at most 100 characters",
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roadmap::fixture::{at, backlog};

    #[test]
    fn holds_both_levels_and_reorders_by_either_model() {
        let s = Snapshot::take(None, &backlog(), at()).unwrap();
        assert_eq!(s.name, "2026-11-23");
        assert_eq!(s.version, SNAPSHOT_VERSION);
        for level in Level::ALL {
            for model in [Model::Rice, Model::Wsjf] {
                assert_eq!(
                    s.roadmap(level, model).unwrap(),
                    Roadmap::build(&backlog(), model, level, at())
                );
            }
        }
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Snapshot>(&json).unwrap(), s);
    }

    #[test]
    fn names_are_one_clean_line() {
        assert_eq!(check_name("  Q3\nreview ").unwrap(), "Q3 review");
        assert!(check_name(" ").is_err());
        assert!(check_name(&"x".repeat(101)).is_err());
    }
}
