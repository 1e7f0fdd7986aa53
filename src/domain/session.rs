//! What a refinement session changed, from the items' states before and
//! after it.

use std::collections::HashMap;

use serde::Serialize;

use super::{Decision, Item, Key, Status};

mod outcomes;

pub use outcomes::{CheckedIn, EvidenceLinked};

/// The label that parks a story during refinement.
pub const PARKED: &str = "parked";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub key: Key,
    pub title: String,
    pub old: Option<f64>,
    pub new: Option<f64>,
    /// Who made the changes (see [`SessionSummary::credit`]).
    pub authors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criteria {
    pub key: Key,
    pub title: String,
    pub added: Vec<String>,
    /// Who made the changes (see [`SessionSummary::credit`]).
    pub authors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decided {
    pub key: Key,
    pub title: String,
    pub decision: Decision,
    /// Who made the changes (see [`SessionSummary::credit`]).
    pub authors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Touched {
    pub key: Key,
    pub title: String,
    /// Who made the changes (see [`SessionSummary::credit`]).
    pub authors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SessionSummary {
    pub made_ready: Vec<Touched>,
    pub estimates: Vec<Estimate>,
    pub criteria_added: Vec<Criteria>,
    pub decisions: Vec<Decided>,
    pub parked: Vec<Touched>,
    /// Insights linked to (or unlinked from) items.
    pub evidence: Vec<EvidenceLinked>,
    /// Metric check-ins recorded on initiatives.
    pub checkins: Vec<CheckedIn>,
}

impl SessionSummary {
    /// Gives each entry the authors of its item's changes.
    pub fn credit(&mut self, authors: &HashMap<Key, Vec<String>>) {
        let of = |key: &Key| authors.get(key).cloned().unwrap_or_default();
        for t in self.made_ready.iter_mut().chain(self.parked.iter_mut()) {
            t.authors = of(&t.key);
        }
        for e in &mut self.estimates {
            e.authors = of(&e.key);
        }
        for c in &mut self.criteria_added {
            c.authors = of(&c.key);
        }
        for d in &mut self.decisions {
            d.authors = of(&d.key);
        }
        for e in &mut self.evidence {
            e.authors = of(&e.key);
        }
        for c in &mut self.checkins {
            c.authors = of(&c.key);
        }
    }

    /// What the session did, counted, every kind that happened:
    /// `2 made ready, 1 estimated, 1 decision, 1 insight linked`;
    /// `nothing changed` when nothing did.
    pub fn counts(&self) -> String {
        use super::text::count;
        let links: usize = self
            .evidence
            .iter()
            .map(|e| e.linked.len() + e.unlinked.len())
            .sum();
        let parts: Vec<String> = [
            (self.made_ready.len(), "made ready", "made ready"),
            (self.estimates.len(), "estimated", "estimated"),
            (
                self.criteria_added.len(),
                "story with new criteria",
                "stories with new criteria",
            ),
            (self.decisions.len(), "decision", "decisions"),
            (self.parked.len(), "parked", "parked"),
            (links, "evidence link changed", "evidence links changed"),
            (self.checkins.len(), "metric check-in", "metric check-ins"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| count(n, one, many))
        .collect();
        if parts.is_empty() {
            "nothing changed".into()
        } else {
            parts.join(", ")
        }
    }

    pub fn is_empty(&self) -> bool {
        self.made_ready.is_empty()
            && self.estimates.is_empty()
            && self.criteria_added.is_empty()
            && self.decisions.is_empty()
            && self.parked.is_empty()
            && self.evidence.is_empty()
            && self.checkins.is_empty()
    }
}

/// Summarises the net change of each item: `changes` holds, per item, its
/// state before the session (`None`: created in it) and after.
pub fn summarise(changes: &[(Option<Item>, Item)]) -> SessionSummary {
    let mut s = SessionSummary::default();
    for (before, after) in changes {
        let key = after.key;
        let title = after.title.clone();
        let touched = || Touched {
            key,
            title: title.clone(),
            authors: Vec::new(),
        };
        let was_ready = before.as_ref().is_some_and(|b| b.status == Status::Ready);
        let story = after.kind() == super::Kind::Story;
        if story && after.status == Status::Ready && !was_ready {
            s.made_ready.push(touched());
        }
        let old_points = before.as_ref().and_then(|b| b.points);
        if after.points != old_points && after.points.is_some() {
            s.estimates.push(Estimate {
                key,
                title: title.clone(),
                old: old_points,
                new: after.points,
                authors: Vec::new(),
            });
        }
        let old_texts: Vec<&str> = before
            .as_ref()
            .map(|b| b.criteria.iter().map(|c| c.text.as_str()).collect())
            .unwrap_or_default();
        let added: Vec<String> = after
            .criteria
            .iter()
            .filter(|c| !old_texts.contains(&c.text.as_str()))
            .map(|c| c.text.clone())
            .collect();
        if !added.is_empty() {
            s.criteria_added.push(Criteria {
                key,
                title: title.clone(),
                added,
                authors: Vec::new(),
            });
        }
        let old_decisions = before.as_ref().map_or(0, |b| b.decisions.len());
        for d in after.decisions.iter().skip(old_decisions) {
            s.decisions.push(Decided {
                key,
                title: title.clone(),
                decision: d.clone(),
                authors: Vec::new(),
            });
        }
        let was_parked = before
            .as_ref()
            .is_some_and(|b| b.labels.iter().any(|l| l == PARKED));
        if story && !was_parked && after.labels.iter().any(|l| l == PARKED) {
            s.parked.push(touched());
        }
        s.evidence
            .extend(outcomes::evidence(before.as_ref(), after));
        s.checkins
            .extend(outcomes::checkins(before.as_ref(), after));
    }
    s
}

/// The summary as Markdown.
pub fn to_markdown(s: &SessionSummary, heading: &str) -> String {
    let mut out = format!("# {heading}\n\n");
    if s.is_empty() {
        out.push_str("Nothing changed.\n");
        return out;
    }
    // One line, nothing a terminal would run (`refine summary` prints
    // this), and no Markdown a renderer would act on (the file is shared):
    // user text shows as typed.
    let esc = super::text::markdown_inline;
    // " (by alice, bob)" after an entry whose authors are known.
    let by = |authors: &[String]| {
        if authors.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = authors.iter().map(|a| esc(a)).collect();
            format!(" (by {})", names.join(", "))
        }
    };
    let mut section = |name: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push_str(&format!("## {name} ({})\n\n", lines.len()));
            for l in lines {
                out.push_str(&format!("- {l}\n"));
            }
            out.push('\n');
        }
    };
    section(
        "Made ready",
        s.made_ready
            .iter()
            .map(|t| format!("**{}** {}{}", t.key, esc(&t.title), by(&t.authors)))
            .collect(),
    );
    section(
        "Estimates",
        s.estimates
            .iter()
            .map(|e| {
                let p = |v: Option<f64>| v.map_or("–".into(), super::number::fmt_plain);
                format!(
                    "**{}** {}: {} → {} points{}",
                    e.key,
                    esc(&e.title),
                    p(e.old),
                    p(e.new),
                    by(&e.authors)
                )
            })
            .collect(),
    );
    section(
        "Acceptance criteria added",
        s.criteria_added
            .iter()
            .map(|c| {
                let list: Vec<String> = c.added.iter().map(|a| format!("  - {}", esc(a))).collect();
                format!(
                    "**{}** {}{}\n{}",
                    c.key,
                    esc(&c.title),
                    by(&c.authors),
                    list.join("\n")
                )
            })
            .collect(),
    );
    section(
        "Decisions",
        s.decisions
            .iter()
            .map(|d| {
                let why = if d.decision.rationale.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", esc(&d.decision.rationale))
                };
                format!(
                    "**{}** {}: {}{why}{}",
                    d.key,
                    esc(&d.title),
                    esc(&d.decision.decision),
                    by(&d.authors)
                )
            })
            .collect(),
    );
    section(
        "Parked",
        s.parked
            .iter()
            .map(|t| format!("**{}** {}{}", t.key, esc(&t.title), by(&t.authors)))
            .collect(),
    );
    let keys = |ks: &[Key]| {
        ks.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    section(
        "Customer evidence",
        s.evidence
            .iter()
            .map(|e| {
                let mut what = Vec::new();
                if !e.linked.is_empty() {
                    what.push(format!("evidence for {}", keys(&e.linked)));
                }
                if !e.unlinked.is_empty() {
                    what.push(format!("no longer for {}", keys(&e.unlinked)));
                }
                let customer = e
                    .customer
                    .as_deref()
                    .map_or(String::new(), |c| format!(" ({})", esc(c)));
                format!(
                    "**{}** “{}”{customer}: {}{}",
                    e.key,
                    esc(&e.title),
                    what.join("; "),
                    by(&e.authors)
                )
            })
            .collect(),
    );
    section(
        "Metric check-ins",
        s.checkins
            .iter()
            .map(|c| {
                let note = if c.checkin.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", esc(&c.checkin.note))
                };
                format!(
                    "**{}** {}: {} {} on {}{note}{}",
                    c.key,
                    esc(&c.title),
                    esc(&c.metric),
                    esc(&c.checkin.value),
                    c.checkin.date,
                    by(&c.authors)
                )
            })
            .collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};

    #[test]
    fn reports_net_changes() {
        let mut before = Item::new(
            "S-1".parse().unwrap(),
            "Pay",
            Some("E-1".parse().unwrap()),
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap();
        before.add_criterion("old one").unwrap();
        let mut after = before.clone();
        after.status = Status::Ready;
        after.points = Some(5.0);
        after.add_criterion("new one").unwrap();
        after.decisions.push(Decision {
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            decision: "Split it".into(),
            rationale: "too big".into(),
        });
        let mut parked = before.clone();
        parked.key = "S-2".parse().unwrap();
        let mut parked_after = parked.clone();
        parked_after.labels.push(PARKED.into());
        let s = summarise(&[(Some(before), after), (Some(parked), parked_after)]);
        assert_eq!(s.made_ready.len(), 1);
        assert_eq!(s.estimates[0].new, Some(5.0));
        assert_eq!(s.criteria_added[0].added, vec!["new one".to_string()]);
        assert_eq!(s.decisions.len(), 1);
        assert_eq!(s.parked[0].key.to_string(), "S-2");
        let md = to_markdown(&s, "Refinement");
        assert!(
            md.contains("## Made ready (1)") && md.contains("– → 5 points"),
            "{md}"
        );
    }

    #[test]
    fn escape_sequences_never_reach_the_summary() {
        let mut before = Item::new(
            "S-1".parse().unwrap(),
            "Pay\u{1b}[2J",
            Some("E-1".parse().unwrap()),
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap();
        before.title = "Pay\u{1b}]0;pwned\u{7}".into();
        let mut after = before.clone();
        after.add_criterion("new \u{1b}[31mred").unwrap();
        after.decisions.push(Decision {
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            decision: "Split\u{9b}2J it".into(),
            rationale: "too\u{7f} big\r\n\u{202E}really".into(),
        });
        let md = to_markdown(&summarise(&[(Some(before), after)]), "Refinement");
        assert!(
            !md.chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202E}'),
            "{md:?}"
        );
    }
}
