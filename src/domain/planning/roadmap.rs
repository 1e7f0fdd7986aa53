//! The planning figures a live roadmap carries to its exports.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Planning;
use crate::domain::forecast::MAX_WEEKS;
use crate::domain::key::Key;

/// What a live roadmap shows of the planning figures: the capacity line
/// and each Now and Next epic's 85 % date. Snapshots hold none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadmapPlanning {
    /// `Now 142 / 120 pts — over by 18%`.
    pub headline: String,
    pub over: bool,
    /// What the capacity was computed from.
    pub basis: String,
    /// What the dates were computed from, or why there are none.
    pub forecast: String,
    pub has_forecast: bool,
    pub now_ends: NaiveDate,
    pub epics: Vec<CardForecast>,
}

/// One Now or Next epic's 85 % date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CardForecast {
    pub key: Key,
    pub p85: Option<NaiveDate>,
    /// In Now, with its date after Now ends.
    pub late: bool,
}

impl RoadmapPlanning {
    pub fn of(p: &Planning) -> RoadmapPlanning {
        let late: Vec<Key> = p.late_in_now().map(|e| e.key).collect();
        RoadmapPlanning {
            headline: p.capacity.headline(),
            over: p.capacity.is_over(),
            basis: p.capacity.basis(),
            forecast: p.basis.line(),
            has_forecast: p.basis.is_forecast(),
            now_ends: p.horizon,
            epics: p
                .epics
                .iter()
                .map(|e| CardForecast {
                    key: e.key,
                    p85: e.p85,
                    late: late.contains(&e.key),
                })
                .collect(),
        }
    }

    /// How an epic's date reads on a card: `85%: 12 Jan 2027`, with
    /// `(after Now ends)` when late; `None` for a card not in Now or Next.
    pub fn card_line(&self, key: Key) -> Option<String> {
        let e = self.epics.iter().find(|e| e.key == key)?;
        let date = match (e.p85, self.has_forecast) {
            (Some(d), _) => format!("85%: {}", d.format("%-d %b %Y")),
            (None, true) => format!("85%: beyond {} years", MAX_WEEKS / 52),
            (None, false) => "85%: not enough history".to_string(),
        };
        Some(if e.late {
            format!("{date} (after Now ends)")
        } else {
            date
        })
    }
}
