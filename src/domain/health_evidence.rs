//! Health findings about customer evidence: roadmap items in Now or Next
//! that no customer insight backs, and insights still linked to nothing
//! after 90 days (an inbox nobody triages). Only a backlog that holds
//! insights is audited for them: one that never recorded evidence is not
//! told that all its work lacks it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::insight::insight_date;
use super::{Backlog, Item, Key, Kind, Lane};

/// An unlinked insight counts as old after this many days.
pub const OLD_INSIGHT_DAYS: i64 = 90;

/// The evidence findings of an audit.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EvidenceFindings {
    /// Initiatives and epics in Now or Next (own or inherited lane), not
    /// finished, with no live insight behind them or the items below.
    pub no_evidence: Vec<Key>,
    /// Live insights linked to nothing, older than [`OLD_INSIGHT_DAYS`].
    pub old_unlinked: Vec<OldInsight>,
}

/// An insight waiting in the inbox, and for how many days (since its date).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OldInsight {
    pub key: Key,
    pub days: i64,
}

/// The findings among `visible` items (not hidden) as of `now`.
pub fn evidence_findings(
    backlog: &Backlog,
    visible: &[&Item],
    now: DateTime<Utc>,
) -> EvidenceFindings {
    if backlog.insights().is_empty() {
        return EvidenceFindings::default();
    }
    let no_evidence = visible
        .iter()
        .filter(|i| matches!(i.kind(), Kind::Initiative | Kind::Epic))
        .filter(|i| !i.status.is_closed())
        .filter(|i| matches!(backlog.effective_lane(i), Some(Lane::Now | Lane::Next)))
        .filter(|i| backlog.evidence_rolled_up(i.key).is_empty())
        .map(|i| i.key)
        .collect();
    let today = now.date_naive();
    let old_unlinked = backlog
        .insights()
        .iter()
        .filter(|i| !i.archived && i.depends_on.is_empty())
        .filter_map(|i| {
            let days = (today - insight_date(i)).num_days();
            (days > OLD_INSIGHT_DAYS).then_some(OldInsight { key: i.key, days })
        })
        .collect();
    EvidenceFindings {
        no_evidence,
        old_unlinked,
    }
}
