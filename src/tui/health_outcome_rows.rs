//! The Health tab's rows about outcomes and evidence: success metrics
//! waiting for a check-in, Now initiatives whose metrics cannot show
//! progress, and (in a backlog that records insights) Now / Next work no
//! customer insight backs and insights left in the inbox for 90+ days.

use super::health_rows::HEALTH_ITEMS;
use super::tab_state::HealthRow;
use crate::domain::health::Health;
use crate::domain::health_evidence::OLD_INSIGHT_DAYS;
use crate::domain::{Backlog, Key};

fn heading(text: String, problem: bool) -> HealthRow {
    HealthRow {
        text,
        key: None,
        heading: true,
        problem,
        summary: true,
        section: None,
    }
}

fn item(key: Key, text: String) -> HealthRow {
    HealthRow {
        text,
        key: Some(key),
        heading: false,
        problem: false,
        summary: false,
        section: None,
    }
}

/// Appends the outcome and evidence findings to `rows`.
pub fn outcome_rows(h: &Health, backlog: &Backlog, rows: &mut Vec<HealthRow>) {
    let title = |k: Key| backlog.get(k).map_or(String::new(), |i| i.title.clone());
    let m = &h.metrics;
    rows.push(heading(
        format!(
            "Metrics without a check-in for {}+ days ({})",
            m.checkin_days,
            m.stale.len()
        ),
        !m.stale.is_empty(),
    ));
    for s in m.stale.iter().take(HEALTH_ITEMS) {
        rows.push(item(
            s.key,
            format!("  {:<7} {}", s.key.to_string(), s.line()),
        ));
    }
    rows.push(heading(
        format!(
            "Now initiatives whose metrics cannot show progress ({})",
            m.unmeasurable.len()
        ),
        !m.unmeasurable.is_empty(),
    ));
    for u in m.unmeasurable.iter().take(HEALTH_ITEMS) {
        rows.push(item(
            u.key,
            format!("  {:<7} {}", u.key.to_string(), u.line()),
        ));
    }
    if backlog.insights().is_empty() {
        return;
    }
    let e = &h.evidence;
    rows.push(heading(
        format!(
            "No customer evidence: Now and Next work no insight backs ({})",
            e.no_evidence.len()
        ),
        !e.no_evidence.is_empty(),
    ));
    for k in e.no_evidence.iter().take(HEALTH_ITEMS) {
        rows.push(item(*k, format!("  {:<7} {}", k.to_string(), title(*k))));
    }
    rows.push(heading(
        format!(
            "Inbox: insights linked to nothing for {OLD_INSIGHT_DAYS}+ days ({})",
            e.old_unlinked.len()
        ),
        !e.old_unlinked.is_empty(),
    ));
    for o in e.old_unlinked.iter().take(HEALTH_ITEMS) {
        let text = backlog.insight(o.key).map_or("", |i| i.title.as_str());
        rows.push(HealthRow {
            // An insight is no item of the tree: nothing to jump to.
            key: None,
            ..item(
                o.key,
                format!("  {:<7} {} days  {text}", o.key.to_string(), o.days),
            )
        });
    }
}
