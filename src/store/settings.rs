//! The team's planning settings as both backends store them: one row per
//! setting, its name and its value as text. A setting left at its default
//! has no row.

use crate::domain::planning::PlanningSettings;
use crate::store::error::{Result, StoreError};

const NOW_WEEKS: &str = "now_weeks";
const POINTS_PER_WEEK: &str = "points_per_week";

/// One stored setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingRow {
    pub name: String,
    pub value: String,
}

/// The rows that hold `s`.
pub fn to_rows(s: &PlanningSettings) -> Vec<SettingRow> {
    let defaults = PlanningSettings::default();
    let mut rows = Vec::new();
    if s.now_weeks != defaults.now_weeks {
        rows.push(SettingRow {
            name: NOW_WEEKS.into(),
            value: s.now_weeks.to_string(),
        });
    }
    if let Some(p) = s.points_per_week {
        rows.push(SettingRow {
            name: POINTS_PER_WEEK.into(),
            value: p.to_string(),
        });
    }
    rows
}

/// The settings the rows hold; a value no `backlog` writes is damage.
/// Names this build does not know are left alone.
pub fn from_rows(rows: &[SettingRow]) -> Result<PlanningSettings> {
    let mut s = PlanningSettings::default();
    let bad = |row: &SettingRow| {
        StoreError::BadData(format!(
            "the planning setting {} holds `{}`, which no backlog writes",
            row.name,
            row.value.chars().take(40).collect::<String>()
        ))
    };
    for row in rows {
        match row.name.as_str() {
            NOW_WEEKS => s.now_weeks = row.value.parse().map_err(|_| bad(row))?,
            POINTS_PER_WEEK => s.points_per_week = Some(row.value.parse().map_err(|_| bad(row))?),
            _ => {}
        }
    }
    PlanningSettings::new(s.now_weeks, s.points_per_week)
        .map_err(|_| StoreError::BadData("the planning settings hold values out of range".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_no_rows_and_values_round_trip() {
        assert!(to_rows(&PlanningSettings::default()).is_empty());
        let s = PlanningSettings::new(8, Some(21.5)).unwrap();
        assert_eq!(from_rows(&to_rows(&s)).unwrap(), s);
        assert_eq!(from_rows(&[]).unwrap(), PlanningSettings::default());
    }

    #[test]
    fn a_value_no_backlog_writes_is_damage() {
        let row = |name: &str, value: &str| SettingRow {
            name: name.into(),
            value: value.into(),
        };
        assert!(from_rows(&[row("now_weeks", "six")]).is_err());
        assert!(from_rows(&[row("now_weeks", "0")]).is_err());
        assert!(from_rows(&[row("points_per_week", "-1")]).is_err());
        assert_eq!(
            from_rows(&[row("colour", "blue")]).unwrap(),
            PlanningSettings::default()
        );
    }
}
