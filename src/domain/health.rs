//! The backlog audit a PM runs before planning: coverage figures, and the
//! items behind each finding.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::duplicates::similar_joined_many;
use super::planning::PlanningFindings;
use super::ready::missing_for_ready;
use super::scoring::{FIBONACCI, Field};
use super::{Backlog, Item, Key, Kind, Status};

/// A share: how many of `total` items have something, and which lack it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub name: &'static str,
    pub count: usize,
    pub total: usize,
    /// Share in percent (0–100), `null` when there is nothing to count.
    pub percent: Option<f64>,
    /// The items that lack it.
    pub missing: Vec<Key>,
    /// What is counted: `stories` or `initiatives`.
    #[serde(skip)]
    pub of: &'static str,
}

impl Coverage {
    fn new(
        name: &'static str,
        of: &'static str,
        items: &[&Item],
        has: impl Fn(&Item) -> bool,
    ) -> Coverage {
        let missing: Vec<Key> = items.iter().filter(|i| !has(i)).map(|i| i.key).collect();
        let total = items.len();
        let count = total - missing.len();
        Coverage {
            name,
            count,
            total,
            percent: (total > 0).then(|| count as f64 * 100.0 / total as f64),
            missing,
            of,
        }
    }

    /// The figure as one line: `  85%  40/47 stories with acceptance criteria`.
    pub fn line(&self) -> String {
        let pct = self.percent.map_or("–".to_string(), |p| {
            format!("{}%", super::number::round_display(p, 0))
        });
        format!(
            "{pct:>5}  {}/{} {} with {}",
            self.count, self.total, self.of, self.name
        )
    }
}

impl Health {
    /// Every coverage figure: the stories', then the initiatives'.
    pub fn figures(&self) -> impl Iterator<Item = &Coverage> {
        self.coverage
            .iter()
            .chain(std::iter::once(&self.outcome_coverage))
    }
}

/// A story that fails the Definition of Ready, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotReady {
    pub key: Key,
    pub missing: Vec<String>,
}

/// Two items that look like the same work.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicate {
    pub a: Key,
    pub b: Key,
    /// 0–1: the Dice coefficient of the two texts' words, each word
    /// weighted by its rarity (see [`super::duplicates`]).
    pub similarity: f64,
    /// `title` or `story` (the user-story sentence).
    pub basis: &'static str,
}

/// A WSJF input off the 1-2-3-5-8-13-20 scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OffScale {
    pub key: Key,
    pub field: &'static str,
    pub value: f64,
}

/// A WSJF column in which no compared item holds the smallest value 1
/// (SAFe's relative estimation: the smallest item in each column is a 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoOne {
    pub kind: Kind,
    pub field: &'static str,
    pub smallest: f64,
    pub items: Vec<Key>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyProblemKind {
    /// The item sits in an earlier lane than what it depends on.
    EarlierLane,
    Archived,
    Dropped,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DependencyProblem {
    pub key: Key,
    pub depends_on: Key,
    pub problem: DependencyProblemKind,
    pub detail: String,
}

/// In progress with no change for a while.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stale {
    pub key: Key,
    pub days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Health {
    /// Open stories counted (not archived, done or dropped).
    pub open_stories: usize,
    pub coverage: Vec<Coverage>,
    /// Initiatives with an outcome and at least one success metric.
    pub outcome_coverage: Coverage,
    pub not_ready: Vec<NotReady>,
    pub duplicates: Vec<Duplicate>,
    pub wsjf_off_scale: Vec<OffScale>,
    pub wsjf_no_one: Vec<NoOne>,
    pub dependency_problems: Vec<DependencyProblem>,
    pub stale_days: i64,
    pub stale: Vec<Stale>,
    /// Now/Next work without customer evidence; old unlinked insights.
    pub evidence: super::health_evidence::EvidenceFindings,
    /// Metrics without a recent check-in; Now initiatives' metrics that
    /// cannot show progress.
    pub metrics: super::health_metrics::MetricFindings,
    /// Capacity against Now and late Now epics: needs the history, so the
    /// audit leaves it to the caller (`None` until filled in).
    pub planning: Option<PlanningFindings>,
}

/// At most this many duplicate pairs are reported.
const MAX_DUPLICATES: usize = 200;

/// Audits `backlog` as of `now`: in-progress items with nothing changed
/// in or under them for `stale_days` are stale, success metrics without a check-in for
/// `checkin_days` too.
pub fn audit(backlog: &Backlog, now: DateTime<Utc>, stale_days: i64, checkin_days: i64) -> Health {
    let visible: Vec<&Item> = backlog
        .items()
        .iter()
        .filter(|i| !backlog.is_hidden(i))
        .collect();
    let open: Vec<&Item> = visible
        .iter()
        .copied()
        .filter(|i| i.kind() == Kind::Story && !i.status.is_closed())
        .collect();
    let status_of = |k: Key| backlog.status_of(k);
    let coverage = vec![
        Coverage::new("acceptance criteria", "stories", &open, |i| {
            !i.criteria.is_empty()
        }),
        Coverage::new("estimate", "stories", &open, |i| i.points.is_some()),
        Coverage::new("RICE score", "stories", &open, |i| i.rice_score().is_some()),
        Coverage::new("WSJF score", "stories", &open, |i| i.wsjf_score().is_some()),
        Coverage::new("Definition of Ready met", "stories", &open, |i| {
            missing_for_ready(i, status_of).is_empty()
        }),
    ];
    let initiatives: Vec<&Item> = visible
        .iter()
        .copied()
        .filter(|i| i.kind() == Kind::Initiative && i.status != Status::Dropped)
        .collect();
    let outcome_coverage = Coverage::new(
        "outcome and a success metric",
        "initiatives",
        &initiatives,
        |i| i.outcome.is_some() && !i.metrics.is_empty(),
    );
    let not_ready = open
        .iter()
        .filter_map(|i| {
            let missing = missing_for_ready(i, status_of);
            (!missing.is_empty()).then_some(NotReady {
                key: i.key,
                missing,
            })
        })
        .collect();

    Health {
        open_stories: open.len(),
        coverage,
        outcome_coverage,
        not_ready,
        duplicates: duplicates(&visible),
        wsjf_off_scale: off_scale(&visible),
        wsjf_no_one: no_one(&visible),
        dependency_problems: dependency_problems(backlog, &visible),
        stale_days,
        evidence: super::health_evidence::evidence_findings(backlog, &visible, now),
        metrics: super::health_metrics::metric_findings(backlog, &visible, now, checkin_days),
        stale: stale(backlog, now, stale_days),
        planning: None,
    }
}

/// In-progress items that neither changed themselves nor had anything
/// under them change (a story of an epic, an epic of an initiative, or
/// their stories) for `stale_days` or more: an initiative whose stories
/// are being finished is not stale.
fn stale(backlog: &Backlog, now: DateTime<Utc>, stale_days: i64) -> Vec<Stale> {
    let items = backlog.items();
    let mut latest: Vec<DateTime<Utc>> = items.iter().map(|i| i.updated).collect();
    for (n, item) in items.iter().enumerate() {
        let mut up = backlog.parent_at(n);
        while let Some(p) = up {
            latest[p] = latest[p].max(item.updated);
            up = backlog.parent_at(p);
        }
    }
    items
        .iter()
        .zip(latest)
        .filter(|(i, _)| i.status == Status::InProgress && !backlog.is_hidden(i))
        .filter_map(|(i, at)| {
            let days = (now - at).num_days();
            (days >= stale_days).then_some(Stale { key: i.key, days })
        })
        .collect()
}

/// Likely duplicates among stories (and among epics), by title and by
/// user-story sentence (see [`super::duplicates`]). The four searches
/// are independent: their work is shared by the machine's cores
/// ([`similar_joined_many`]), then the findings are merged in one order
/// (a pair found by title is not reported again by sentence).
fn duplicates(items: &[&Item]) -> Vec<Duplicate> {
    let epics: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| i.kind() == Kind::Epic)
        .collect();
    let stories: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| i.kind() == Kind::Story)
        .collect();
    let searches = [
        Search::new(&epics, "title"),
        Search::new(&epics, "story"),
        Search::new(&stories, "title"),
        Search::new(&stories, "story"),
    ];
    let parts: Vec<&[[&str; 3]]> = searches.iter().map(|s| s.parts.as_slice()).collect();
    let found = similar_joined_many(&parts);
    let mut out = Vec::new();
    let mut seen: HashSet<(Key, Key)> = HashSet::new();
    for (search, found) in searches.iter().zip(found) {
        for found in found {
            let (a, b) = (search.keys[found.a], search.keys[found.b]);
            let pair = if a < b { (a, b) } else { (b, a) };
            if seen.insert(pair) {
                out.push(Duplicate {
                    a: pair.0,
                    b: pair.1,
                    similarity: found.similarity,
                    basis: search.basis,
                });
            }
        }
    }
    out.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    out.truncate(MAX_DUPLICATES);
    out
}

/// One search for likely duplicates: among one kind's items, on one
/// basis (`title` or `story`, the user-story sentence).
struct Search<'i> {
    basis: &'static str,
    /// The key of each text searched, by position.
    keys: Vec<Key>,
    /// Each text, in three parts.
    parts: Vec<[&'i str; 3]>,
}

impl<'i> Search<'i> {
    fn new(group: &[&'i Item], basis: &'static str) -> Search<'i> {
        // The sentence is persona, goal and benefit as one text (its
        // parts are matched as if joined by spaces, without joining).
        let (keys, parts): (Vec<Key>, Vec<[&str; 3]>) = group
            .iter()
            .filter_map(|i| match basis {
                "title" => Some((i.key, [i.title.as_str(), "", ""])),
                _ => match (&i.persona, &i.goal) {
                    (Some(persona), Some(goal)) => Some((
                        i.key,
                        [
                            persona.as_str(),
                            goal.as_str(),
                            i.benefit.as_deref().unwrap_or(""),
                        ],
                    )),
                    _ => None,
                },
            })
            .unzip();
        Search { basis, keys, parts }
    }
}

fn off_scale(items: &[&Item]) -> Vec<OffScale> {
    let mut out = Vec::new();
    for i in items.iter().filter(|i| i.kind() != Kind::Initiative) {
        for f in Field::WSJF {
            if let Some(v) = i.wsjf.get(f)
                && !FIBONACCI.contains(&v)
            {
                out.push(OffScale {
                    key: i.key,
                    field: f.name(),
                    value: v,
                });
            }
        }
    }
    out
}

fn no_one(items: &[&Item]) -> Vec<NoOne> {
    let mut out = Vec::new();
    for kind in [Kind::Epic, Kind::Story] {
        for f in Field::WSJF {
            let with: Vec<(&Item, f64)> = items
                .iter()
                .filter(|i| i.kind() == kind && !i.status.is_closed())
                .filter_map(|i| i.wsjf.get(f).map(|v| (*i, v)))
                .collect();
            if with.len() < 2 {
                continue;
            }
            let smallest = with.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
            if smallest != 1.0 {
                let items = with
                    .iter()
                    .filter(|x| x.1 == smallest)
                    .map(|x| x.0.key)
                    .collect();
                out.push(NoOne {
                    kind,
                    field: f.name(),
                    smallest,
                    items,
                });
            }
        }
    }
    out
}

fn dependency_problems(backlog: &Backlog, items: &[&Item]) -> Vec<DependencyProblem> {
    let mut out = Vec::new();
    for item in items {
        for dep in &item.depends_on {
            let Some(d) = backlog.get(*dep) else { continue };
            if backlog.is_hidden(d) {
                out.push(DependencyProblem {
                    key: item.key,
                    depends_on: d.key,
                    problem: DependencyProblemKind::Archived,
                    detail: format!("{} depends on {}, which is archived", item.key, d.key),
                });
                continue;
            }
            if d.status == Status::Dropped && !item.status.is_closed() {
                out.push(DependencyProblem {
                    key: item.key,
                    depends_on: d.key,
                    problem: DependencyProblemKind::Dropped,
                    detail: format!("{} depends on {}, which was dropped", item.key, d.key),
                });
                continue;
            }
            if let (Some(mine), Some(theirs)) =
                (backlog.effective_lane(item), backlog.effective_lane(d))
                && mine < theirs
                && !d.status.is_finished()
            {
                out.push(DependencyProblem {
                    key: item.key,
                    depends_on: d.key,
                    problem: DependencyProblemKind::EarlierLane,
                    detail: format!(
                        "{} is in {mine} but depends on {} in {theirs}",
                        item.key, d.key
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::health_metrics::DEFAULT_CHECKIN_DAYS;
    use crate::domain::{Lane, WsjfInputs};

    fn t0() -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH
    }

    fn item(key: &str, parent: Option<&str>, title: &str) -> Item {
        Item::new(
            key.parse().unwrap(),
            title,
            parent.map(|p| p.parse().unwrap()),
            t0(),
        )
        .unwrap()
    }

    fn fixture() -> Backlog {
        let mut i1 = item("I-1", None, "Grow");
        i1.lane = Some(Lane::Now);
        let mut i2 = item("I-2", None, "Later things");
        i2.lane = Some(Lane::Later);
        i2.outcome = Some("More".into());
        i2.metrics.push(crate::domain::Metric {
            name: "m".into(),
            baseline: "1".into(),
            target: "2".into(),
            checkins: Vec::new(),
        });
        let e1 = item("E-1", Some("I-1"), "Now epic");
        let e2 = item("E-2", Some("I-2"), "Later epic");
        let mut s1 = item("S-1", Some("E-1"), "Export invoices to PDF");
        s1.persona = Some("clerk".into());
        s1.goal = Some("to export invoices".into());
        s1.points = Some(3.0);
        s1.add_criterion("works").unwrap();
        s1.wsjf = WsjfInputs::new(2.0, 3.0, 4.0, 5.0);
        s1.depends_on.push("S-3".parse().unwrap());
        let mut s2 = item("S-2", Some("E-1"), "Export invoices to PDF files");
        s2.wsjf = WsjfInputs::new(3.0, 5.0, 8.0, 13.0);
        s2.status = Status::InProgress;
        let mut s3 = item("S-3", Some("E-2"), "Something later");
        s3.status = Status::Dropped;
        let s4 = item("S-4", Some("E-2"), "Archived one");
        let mut s5 = item("S-5", Some("E-2"), "Depends on later");
        s5.archived = true;
        let mut s6 = item("S-6", Some("E-1"), "Needs the later work");
        s6.depends_on.push("S-4".parse().unwrap());
        s6.depends_on.push("S-5".parse().unwrap());
        Backlog::new(vec![i1, i2, e1, e2, s1, s2, s3, s4, s5, s6])
    }

    #[test]
    fn finds_each_kind_of_problem() {
        let now = t0() + chrono::Duration::days(30);
        let h = audit(&fixture(), now, 14, DEFAULT_CHECKIN_DAYS);
        assert_eq!(h.open_stories, 4); // S-1 S-2 S-4 S-6 (S-3 dropped, S-5 archived)
        let ac = &h.coverage[0];
        assert_eq!((ac.count, ac.total), (1, 4));
        assert_eq!(
            h.outcome_coverage.missing,
            vec!["I-1".parse::<Key>().unwrap()]
        );
        assert!(
            h.not_ready
                .iter()
                .any(|n| n.key.to_string() == "S-1" && n.missing[0].contains("S-3"))
        );
        assert_eq!(h.duplicates.len(), 1);
        assert_eq!(
            (h.duplicates[0].a.to_string(), h.duplicates[0].b.to_string()),
            ("S-1".into(), "S-2".into())
        );
        assert!(
            h.wsjf_off_scale
                .iter()
                .any(|o| o.key.to_string() == "S-1" && o.field == "risk-reduction")
        );
        assert_eq!(h.wsjf_no_one.len(), 4, "{:?}", h.wsjf_no_one);
        let kinds: Vec<DependencyProblemKind> =
            h.dependency_problems.iter().map(|d| d.problem).collect();
        assert!(kinds.contains(&DependencyProblemKind::Dropped));
        assert!(kinds.contains(&DependencyProblemKind::Archived));
        assert!(kinds.contains(&DependencyProblemKind::EarlierLane));
        assert_eq!(h.stale.len(), 1);
        assert_eq!(h.stale[0].days, 30);
        assert!(
            audit(&fixture(), now, 31, DEFAULT_CHECKIN_DAYS)
                .stale
                .is_empty()
        );
    }

    #[test]
    fn a_parent_with_recent_work_under_it_is_not_stale() {
        let now = t0() + chrono::Duration::days(30);
        let mut b = fixture().items().to_vec();
        for i in b.iter_mut() {
            if ["I-1", "E-1"].contains(&i.key.to_string().as_str()) {
                i.status = Status::InProgress;
            }
        }
        // S-2 (in progress, under E-1 under I-1) changed yesterday: none
        // of the three is stale.
        let s2 = b.iter_mut().find(|i| i.key.to_string() == "S-2").unwrap();
        s2.updated = now - chrono::Duration::days(1);
        let h = audit(&Backlog::new(b.clone()), now, 14, DEFAULT_CHECKIN_DAYS);
        assert!(h.stale.is_empty(), "{:?}", h.stale);
        // Nothing under them for 30 days: all three are.
        let s2 = b.iter_mut().find(|i| i.key.to_string() == "S-2").unwrap();
        s2.updated = t0();
        let h = audit(&Backlog::new(b), now, 14, DEFAULT_CHECKIN_DAYS);
        let keys: Vec<String> = h.stale.iter().map(|s| s.key.to_string()).collect();
        assert_eq!(keys, ["I-1", "E-1", "S-2"]);
    }
}
