//! The `--json` view of items, with the field names the README documents.

use serde::Serialize;

use crate::domain::ready::missing_for_ready;
use crate::domain::{
    AcceptanceCriterion, Backlog, Decision, Item, Key, Kind, Lane, Metric, RiceInputs, Status,
    WsjfInputs,
};

/// One item as `list --json` and `show --json` print it.
#[derive(Debug, Serialize)]
pub struct ItemJson<'a> {
    pub key: Key,
    pub kind: Kind,
    pub title: &'a str,
    pub status: Status,
    pub lane: Option<Lane>,
    /// The lane the item shows under: its own, else its parent's.
    pub effective_lane: Option<Lane>,
    pub parent: Option<Key>,
    pub owner: Option<&'a str>,
    pub labels: &'a [String],
    pub description: &'a str,
    pub persona: Option<&'a str>,
    pub goal: Option<&'a str>,
    pub benefit: Option<&'a str>,
    pub points: Option<f64>,
    pub acceptance_criteria: &'a [AcceptanceCriterion],
    pub rice: Option<f64>,
    pub wsjf: Option<f64>,
    pub rice_inputs: RiceInputs,
    pub wsjf_inputs: WsjfInputs,
    pub depends_on: &'a [Key],
    pub rank: i64,
    pub archived: bool,
    pub outcome: Option<&'a str>,
    pub hypothesis: Option<&'a str>,
    pub metrics: &'a [Metric],
    pub decisions: &'a [Decision],
    /// Stories: what the Definition of Ready still misses (empty: ready to
    /// be marked ready). `null` for initiatives and epics.
    pub ready_missing: Option<Vec<String>>,
    pub created: String,
    pub updated: String,
    pub version: i64,
}

impl<'a> ItemJson<'a> {
    pub fn new(item: &'a Item, backlog: &Backlog) -> ItemJson<'a> {
        ItemJson {
            key: item.key,
            kind: item.kind(),
            title: &item.title,
            status: item.status,
            lane: item.lane,
            effective_lane: backlog.effective_lane(item),
            parent: item.parent,
            owner: item.owner.as_deref(),
            labels: &item.labels,
            description: &item.description,
            persona: item.persona.as_deref(),
            goal: item.goal.as_deref(),
            benefit: item.benefit.as_deref(),
            points: item.points,
            acceptance_criteria: &item.criteria,
            rice: item.rice_score(),
            wsjf: item.wsjf_score(),
            rice_inputs: item.rice,
            wsjf_inputs: item.wsjf,
            depends_on: &item.depends_on,
            rank: item.rank,
            archived: item.archived,
            outcome: item.outcome.as_deref(),
            hypothesis: item.hypothesis.as_deref(),
            metrics: &item.metrics,
            decisions: &item.decisions,
            ready_missing: (item.kind() == Kind::Story)
                .then(|| missing_for_ready(item, |k| backlog.status_of(k))),
            created: item
                .created
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            updated: item
                .updated
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            version: item.version,
        }
    }
}
