//! The backlog document: one JSON file holding a whole backlog. The demo
//! backlog is one; `backlog export` writes one and `backlog import` reads
//! one.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::import_plan::NextKeys;
use super::wire::bounds;
use super::wire::insight::InsightV1;
use super::wire::item::{CriterionV1, DecisionV1, MetricV1, RiceInputsV1, WsjfInputsV1};
use super::wire::planning::PlanningV1;
use super::wire::snapshot::SnapshotV1;
use crate::domain::deps::first_refused;
use crate::domain::insight::check_link;
use crate::domain::text::{clean_title, optional_text};
use crate::domain::{DomainError, Item, Key, Kind, Lane, RiceInputs, Status, WsjfInputs};

/// The `format` marker of a backlog document.
pub const FORMAT: &str = "backlog";
/// The document version this build reads and writes.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document<'a> {
    pub format: String,
    pub version: u32,
    /// The backlog's key sequence, so that an imported backlog never
    /// reuses a key it had handed out before (written by `export`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_keys: Option<NextKeys>,
    /// The team's planning settings, when set (written by `export`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planning: Option<PlanningV1>,
    #[serde(deserialize_with = "items_presized")]
    pub items: Vec<DocItem<'a>>,
    /// Stored roadmap snapshots, oldest first, exactly as taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snapshots: Vec<SnapshotV1>,
}

/// One item as written in a document. Everything but key and title is
/// optional. Its structured fields are the transfer layer's own types
/// ([`super::wire`]), not the domain's.
///
/// Made from an item for export, it borrows the item's description (which
/// may be hundreds of megabytes); read from a document, it owns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocItem<'a> {
    #[serde(deserialize_with = "bounds::key")]
    pub key: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    #[serde(deserialize_with = "bounds::text")]
    pub title: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_key"
    )]
    pub parent: Option<Key>,
    #[serde(
        default,
        skip_serializing_if = "str::is_empty",
        deserialize_with = "bounds::owned_text"
    )]
    pub description: Cow<'a, str>,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane: Option<Lane>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_text"
    )]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_text"
    )]
    pub outcome: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_text"
    )]
    pub hypothesis: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<MetricV1>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_text"
    )]
    pub persona: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_text"
    )]
    pub goal: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_text"
    )]
    pub benefit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acceptance_criteria: Vec<CriterionV1>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rice_inputs: Option<RiceInputsV1>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsjf_inputs: Option<WsjfInputsV1>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "bounds::keys"
    )]
    pub depends_on: Vec<Key>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<DecisionV1>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_time"
    )]
    pub created: Option<DateTime<Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_time"
    )]
    pub updated: Option<DateTime<Utc>>,
    /// The item's key in the tool it was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_key: Option<String>,
    /// An insight's information (customer, segment, source, URL, date);
    /// its `depends_on` are the items it is evidence for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insight: Option<InsightV1>,
    /// Derived, written for readers and ignored when read: the live
    /// insights linked to the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Derived, written for readers and ignored when read: the distinct
    /// customers behind the item, rolled up from the items below it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub customers: usize,
    /// The tool the item was imported from (`jira`, `trello`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The place the PM pinned the card at in its roadmap lane.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounds::opt_place"
    )]
    pub pinned: Option<u32>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

thread_local! {
    /// How many items the document being read by [`from_json`] can hold
    /// at most: its item list is allocated once at that size.
    static ITEMS_HINT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Reads a document from JSON text, as `serde_json::from_str` does, with
/// the item list allocated once: grown by doubling, it copied every item
/// again and again, into fresh memory each time (a tenth of an import of
/// 100,000 stories).
pub fn from_json(text: &str) -> serde_json::Result<Document<'static>> {
    // Every item has a `"key"` and takes at least 25 bytes
    // (`{"key":"S-1","title":"x"}`); the count is only a hint, so it is
    // capped, whatever the text.
    let hint = text
        .matches("\"key\"")
        .count()
        .min(text.len() / 25)
        .min(1 << 21);
    ITEMS_HINT.with(|h| h.set(hint));
    let doc = serde_json::from_str(text);
    ITEMS_HINT.with(|h| h.set(0));
    doc
}

/// `Vec<DocItem>`'s own deserialisation, starting at the capacity
/// [`from_json`] counted.
fn items_presized<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<DocItem<'static>>, D::Error> {
    struct Items;
    impl<'de> serde::de::Visitor<'de> for Items {
        type Value = Vec<DocItem<'static>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let limits = super::limits::current();
            let hint = ITEMS_HINT.with(|h| h.replace(0)).min(limits.max_items);
            let mut items = Vec::with_capacity(hint);
            while let Some(item) = seq.next_element()? {
                if items.len() == limits.max_items {
                    return Err(serde::de::Error::custom(limits.too_many_items_reason()));
                }
                items.push(item);
            }
            Ok(items)
        }
    }
    d.deserialize_seq(Items)
}

/// Parses a document and turns it into validated items, stamped `now`
/// where the document gives no times. Errors name the item at fault.
pub fn parse(text: &str, now: DateTime<Utc>) -> Result<Vec<Item>, DomainError> {
    let doc: Document<'_> = from_json(text)
        .map_err(|e| DomainError::rule(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    if doc.format != FORMAT {
        return Err(DomainError::rule(format!(
            "not a backlog document (format is `{}`, expected `{FORMAT}`)",
            doc.format
        )));
    }
    if doc.version > VERSION {
        return Err(DomainError::rule(format!(
            "document version {} is newer than this build supports ({VERSION}); upgrade backlog",
            doc.version
        )));
    }
    to_items(doc.items, now)
}

/// Validates document items: kinds match keys, parents exist with the
/// right kind, keys unique, fields in range, dependencies known.
pub fn to_items(doc_items: Vec<DocItem<'_>>, now: DateTime<Utc>) -> Result<Vec<Item>, DomainError> {
    to_items_located(doc_items, now).map_err(|(_, e)| e)
}

/// Like [`to_items`], but a failure also names the key of the item at
/// fault (when there is one), so the caller can point at its line.
pub fn to_items_located(
    doc_items: Vec<DocItem<'_>>,
    now: DateTime<Utc>,
) -> Result<Vec<Item>, (Option<Key>, DomainError)> {
    let keys: std::collections::HashMap<Key, Kind> =
        doc_items.iter().map(|d| (d.key, d.key.kind)).collect();
    if keys.len() != doc_items.len() {
        let mut seen = std::collections::HashSet::new();
        let dup = doc_items
            .iter()
            .find(|d| !seen.insert(d.key))
            .map(|d| d.key);
        return Err((
            dup,
            DomainError::rule(format!(
                "item {} appears twice",
                dup.map(|k| k.to_string()).unwrap_or_default()
            )),
        ));
    }
    // Every dependency, checked for cycles at once once all are read (one
    // check per dependency walked the chain below it: cubic in its length).
    let mut new_edges: Vec<(Key, Key)> = Vec::new();
    let mut rank_counter: std::collections::HashMap<Option<Key>, i64> = Default::default();
    let mut items = Vec::with_capacity(doc_items.len());
    for d in doc_items {
        let key = d.key;
        let at = |e: DomainError| (Some(key), DomainError::rule(format!("item {key}: {e}")));
        if let Some(k) = d.kind
            && k != d.key.kind
        {
            return Err(at(DomainError::rule(format!(
                "kind `{k}` does not match its key"
            ))));
        }
        if let Some(p) = d.parent
            && !keys.contains_key(&p)
        {
            return Err(at(DomainError::rule(format!(
                "parent {p} is not in the document"
            ))));
        }
        let mut item =
            Item::new(d.key, &d.title, d.parent, d.created.unwrap_or(now)).map_err(at)?;
        check_insight_fields(&d).map_err(at)?;
        check_kind_fields(&item, &d).map_err(at)?;
        item.insight =
            (key.kind == Kind::Insight).then(|| d.insight.clone().unwrap_or_default().into());
        item.updated = d.updated.unwrap_or(item.created);
        item.description = d.description.into_owned();
        item.status = d.status;
        item.set_lane(d.lane).map_err(at)?;
        item.owner = d.owner.as_deref().and_then(optional_text);
        item.external_key = d.external_key.as_deref().and_then(optional_text);
        item.source = d.source.as_deref().and_then(optional_text);
        if d.pinned.is_some() && !matches!(key.kind, Kind::Initiative | Kind::Epic) {
            return Err(at(DomainError::rule(
                "only initiatives and epics are on the roadmap: `pinned` is for them",
            )));
        }
        item.pinned = d.pinned;
        item.labels = d.labels;
        // Insights are in no order among siblings: their own counter.
        let siblings = if key.kind == Kind::Insight {
            Some(key)
        } else {
            d.parent
        };
        let counter = rank_counter.entry(siblings).or_insert(0);
        *counter += 1;
        item.rank = d.rank.unwrap_or(*counter);
        item.archived = d.archived;
        item.outcome = d.outcome.as_deref().and_then(optional_text);
        item.hypothesis = d.hypothesis.as_deref().and_then(optional_text);
        // Metrics as the document has them: their check-ins are text as
        // typed, carried exactly so that every export imports again.
        item.metrics = d.metrics.into_iter().map(Into::into).collect();
        item.persona = d.persona.as_deref().and_then(optional_text);
        item.goal = d.goal.as_deref().and_then(optional_text);
        item.benefit = d.benefit.as_deref().and_then(optional_text);
        if d.points.is_some() {
            item.set_points(d.points).map_err(at)?;
        }
        if !d.acceptance_criteria.is_empty() {
            item.require_kind(Kind::Story, "acceptance criteria")
                .map_err(at)?;
            for c in &d.acceptance_criteria {
                clean_title("criterion", &c.text).map_err(at)?;
            }
        }
        item.criteria = d.acceptance_criteria.into_iter().map(Into::into).collect();
        if let Some(r) = d.rice_inputs {
            let r = RiceInputs::from(r);
            item.require_scorable().map_err(at)?;
            r.validate().map_err(at)?;
            item.rice = r;
        }
        if let Some(w) = d.wsjf_inputs {
            let w = WsjfInputs::from(w);
            item.require_scorable().map_err(at)?;
            w.validate().map_err(at)?;
            item.wsjf = w;
        }
        for dep in &d.depends_on {
            if !keys.contains_key(dep) {
                return Err(at(DomainError::rule(format!(
                    "depends on {dep}, which is not in the document"
                ))));
            }
            if key.kind == Kind::Insight {
                check_link(key, *dep).map_err(at)?;
            } else if dep.kind == Kind::Insight {
                return Err(at(DomainError::rule(format!(
                    "depends on {dep}, an insight: insights are linked from the insight"
                ))));
            }
            if key == *dep {
                return Err(at(DomainError::rule(format!(
                    "{key} cannot depend on itself"
                ))));
            }
            new_edges.push((d.key, *dep));
        }
        // The store's rule, SQLite's `length(trim(decision)) > 0` (so that
        // every export imports back): some text besides spaces before any
        // NUL character.
        for dec in &d.decisions {
            let counted = dec.decision.split('\0').next().unwrap_or("");
            if counted.trim_matches(' ').is_empty() {
                return Err(at(DomainError::invalid(
                    "decision",
                    &dec.decision,
                    "some text",
                )));
            }
        }
        item.depends_on = d.depends_on;
        item.depends_on.sort();
        item.depends_on.dedup();
        item.decisions = d.decisions.into_iter().map(Into::into).collect();
        items.push(item);
    }
    first_refused(&Default::default(), &new_edges).map_err(|(n, e)| {
        let key = new_edges[n].0;
        (Some(key), DomainError::rule(format!("item {key}: {e}")))
    })?;
    items.sort_by_key(|i| i.key);
    Ok(items)
}

/// The fields the commands keep to one kind: an outcome, a hypothesis
/// and success metrics to initiatives, a persona, goal and benefit to
/// stories (a document used to give them to any item).
fn check_kind_fields(item: &Item, d: &DocItem<'_>) -> Result<(), DomainError> {
    let has = |t: &Option<String>| t.as_deref().and_then(optional_text).is_some();
    if item.kind() == Kind::Insight {
        return Ok(());
    }
    for (name, present) in [
        ("outcome", has(&d.outcome)),
        ("hypothesis", has(&d.hypothesis)),
        ("success metrics", !d.metrics.is_empty()),
    ] {
        if present {
            item.require_kind(Kind::Initiative, name)?;
        }
    }
    for (name, present) in [
        ("persona", has(&d.persona)),
        ("goal", has(&d.goal)),
        ("benefit", has(&d.benefit)),
    ] {
        if present {
            item.require_kind(Kind::Story, name)?;
        }
    }
    Ok(())
}

/// An insight holds only what an insight has (text, description, status,
/// labels, archived flag, links, times, external key, its information);
/// other items hold no insight information.
fn check_insight_fields(d: &DocItem<'_>) -> Result<(), DomainError> {
    if d.key.kind != Kind::Insight {
        if d.insight.is_some() {
            return Err(DomainError::rule(
                "only an insight has insight information (customer, segment, source, URL, date)",
            ));
        }
        return Ok(());
    }
    let hierarchy_only = [
        ("lane", d.lane.is_some()),
        ("owner", d.owner.is_some()),
        ("outcome", d.outcome.is_some()),
        ("hypothesis", d.hypothesis.is_some()),
        ("metrics", !d.metrics.is_empty()),
        ("persona", d.persona.is_some()),
        ("goal", d.goal.is_some()),
        ("benefit", d.benefit.is_some()),
        ("points", d.points.is_some()),
        ("acceptance criteria", !d.acceptance_criteria.is_empty()),
        ("RICE inputs", d.rice_inputs.is_some()),
        ("WSJF inputs", d.wsjf_inputs.is_some()),
        ("decisions", !d.decisions.is_empty()),
    ];
    match hierarchy_only.iter().find(|(_, has)| *has) {
        Some((what, _)) => Err(DomainError::rule(format!("an insight has no {what}"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../assets/demo.json");

    #[test]
    fn demo_parses() {
        let items = parse(DEMO, DateTime::<Utc>::UNIX_EPOCH).unwrap();
        let count = |k| items.iter().filter(|i| i.kind() == k).count();
        assert!(count(Kind::Initiative) >= 4);
        assert!(count(Kind::Epic) >= 12);
        assert!(count(Kind::Story) >= 60);
    }

    #[test]
    fn errors_name_the_item() {
        let doc = r#"{"format":"backlog","version":1,"items":[
            {"key":"I-1","title":"x"},
            {"key":"E-1","title":"y","parent":"I-1","rice_inputs":{"effort":0}}]}"#;
        let e = parse(doc, DateTime::<Utc>::UNIX_EPOCH)
            .unwrap_err()
            .to_string();
        assert!(e.contains("E-1") && e.contains("effort"), "{e}");
        let e = parse("{\"format\":", DateTime::<Utc>::UNIX_EPOCH)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1"), "{e}");
        let e = parse(
            r#"{"format":"backlog","version":9,"items":[]}"#,
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("newer"), "{e}");
    }
}
