//! The outcome side of a refinement session: customer evidence linked to
//! or unlinked from items, and metric check-ins recorded.

use serde::Serialize;

use crate::domain::{CheckIn, Item, Key, Kind};

/// An insight whose links changed in the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceLinked {
    /// The insight.
    pub key: Key,
    /// Its text (the insight's title).
    pub title: String,
    pub customer: Option<String>,
    /// The items it became evidence for.
    pub linked: Vec<Key>,
    /// The items it stopped being evidence for.
    pub unlinked: Vec<Key>,
    /// Who made the changes.
    pub authors: Vec<String>,
}

/// A check-in recorded on an initiative's metric in the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedIn {
    /// The initiative.
    pub key: Key,
    pub title: String,
    /// The metric's name.
    pub metric: String,
    pub checkin: CheckIn,
    /// Who made the changes.
    pub authors: Vec<String>,
}

/// The links an insight gained and lost between `before` (`None`: added
/// in the session) and `after`.
pub(super) fn evidence(before: Option<&Item>, after: &Item) -> Option<EvidenceLinked> {
    if after.kind() != Kind::Insight {
        return None;
    }
    let old: &[Key] = before.map_or(&[], |b| b.depends_on.as_slice());
    let live = !after.archived;
    let new: &[Key] = if live { &after.depends_on } else { &[] };
    let linked: Vec<Key> = new.iter().filter(|k| !old.contains(k)).copied().collect();
    let unlinked: Vec<Key> = old.iter().filter(|k| !new.contains(k)).copied().collect();
    if linked.is_empty() && unlinked.is_empty() {
        return None;
    }
    Some(EvidenceLinked {
        key: after.key,
        title: after.title.clone(),
        customer: after.insight.as_ref().and_then(|i| i.customer.clone()),
        linked,
        unlinked,
        authors: Vec::new(),
    })
}

/// The check-ins on `after`'s metrics that `before` did not have (a
/// metric matched by name).
pub(super) fn checkins(before: Option<&Item>, after: &Item) -> Vec<CheckedIn> {
    let mut out = Vec::new();
    for m in &after.metrics {
        let old: &[CheckIn] = before
            .and_then(|b| b.metrics.iter().find(|o| o.name == m.name))
            .map_or(&[], |o| o.checkins.as_slice());
        for c in m.checkins.iter().filter(|c| !old.contains(c)) {
            out.push(CheckedIn {
                key: after.key,
                title: after.title.clone(),
                metric: m.name.clone(),
                checkin: c.clone(),
                authors: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{summarise, to_markdown};
    use crate::domain::{CheckIn, InsightInfo, Item, Key, Metric};
    use chrono::{DateTime, NaiveDate, Utc};

    fn key(s: &str) -> Key {
        s.parse().unwrap()
    }

    fn insight(text: &str, customer: &str) -> Item {
        let mut i = Item::new(key("F-1"), text, None, DateTime::<Utc>::UNIX_EPOCH).unwrap();
        i.insight = Some(InsightInfo {
            customer: Some(customer.into()),
            ..InsightInfo::default()
        });
        i
    }

    fn initiative(metric: &str, checkins: Vec<CheckIn>) -> Item {
        let mut i = Item::new(key("I-1"), "Grow", None, DateTime::<Utc>::UNIX_EPOCH).unwrap();
        i.metrics = vec![Metric {
            name: metric.into(),
            baseline: "46".into(),
            target: "20".into(),
            checkins,
        }];
        i
    }

    fn checkin(value: &str, note: &str) -> CheckIn {
        CheckIn {
            date: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            value: value.into(),
            note: note.into(),
        }
    }

    #[test]
    fn links_and_checkins_are_counted_and_listed() {
        let before = insight("Needs SSO", "Acme");
        let mut after = before.clone();
        after.depends_on = vec![key("E-2"), key("S-4")];
        let old = checkin("34", "");
        let m0 = initiative("Calls", vec![old.clone()]);
        let m1 = initiative("Calls", vec![old, checkin("30", "after the pilot")]);
        let s = summarise(&[(Some(before), after), (Some(m0), m1)]);
        assert_eq!(s.evidence[0].linked, [key("E-2"), key("S-4")]);
        assert_eq!(s.checkins.len(), 1, "only the new check-in");
        assert_eq!(s.counts(), "2 evidence links changed, 1 metric check-in");
        let md = to_markdown(&s, "Session");
        assert!(
            md.contains(
                "## Customer evidence (1)\n\n- **F-1** “Needs SSO” (Acme): evidence for E-2, S-4\n"
            ),
            "{md}"
        );
        assert!(
            md.contains("- **I-1** Grow: Calls 30 on 2027-03-01 — after the pilot\n"),
            "{md}"
        );
        assert_eq!(
            super::super::SessionSummary::default().counts(),
            "nothing changed"
        );
    }

    #[test]
    fn a_new_archived_or_plain_item_brings_no_evidence_entry() {
        // A new insight with links counts them as linked.
        let mut new = insight("New", "Beta");
        new.depends_on = vec![key("E-1")];
        let s = summarise(&[(None, new.clone())]);
        assert_eq!(s.evidence[0].linked, [key("E-1")]);
        // Archiving an insight takes its links back.
        let mut archived = new.clone();
        archived.archived = true;
        let s = summarise(&[(Some(new), archived)]);
        assert_eq!(s.evidence[0].unlinked, [key("E-1")]);
        // A story's dependencies are not evidence.
        let mut story = Item::new(
            key("S-1"),
            "Pay",
            Some(key("E-1")),
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap();
        let before = story.clone();
        story.depends_on = vec![key("S-2")];
        assert!(summarise(&[(Some(before), story)]).evidence.is_empty());
    }

    #[test]
    fn user_text_in_links_and_checkins_stays_inert_markdown() {
        let before = insight(
            "<script>alert(1)</script> ![i](http://evil.example/x.png)",
            "[Acme](http://evil.example)\u{1b}[2J",
        );
        let mut after = before.clone();
        after.depends_on = vec![key("E-2")];
        let m0 = initiative("*Calls*\u{202e}", vec![]);
        let m1 = initiative(
            "*Calls*\u{202e}",
            vec![checkin("<b>30</b>", "`rm -rf` \u{7}")],
        );
        let md = to_markdown(&summarise(&[(Some(before), after), (Some(m0), m1)]), "S");
        assert!(
            !md.contains("<script>") && !md.contains("![i]") && !md.contains("<b>"),
            "{md}"
        );
        assert!(!md.contains("[Acme](http"), "{md}");
        assert!(
            !md.chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{md:?}"
        );
    }
}
