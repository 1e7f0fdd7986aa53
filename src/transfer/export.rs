//! `backlog export`: the whole backlog as one backlog document, lossless.
//!
//! Pretty-printed JSON with a fixed key order (the fields of
//! [`DocItem`]), items in key order and dependencies sorted, so the file
//! diffs cleanly in git. Importing it into an empty file and exporting
//! again gives the same bytes. Item versions and the change history are
//! not part of it: an import starts a fresh history.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::document::{DocItem, Document, FORMAT, VERSION};
use super::import_plan::NextKeys;
use super::wire::insight::InsightV1;
use super::wire::item::{CriterionV1, DecisionV1, MetricV1, RiceInputsV1, WsjfInputsV1};
use super::wire::planning::PlanningV1;
use super::wire::snapshot::SnapshotV1;
use crate::domain::planning::PlanningSettings;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item};

/// The document of a backlog whose next keys are `next`, with its stored
/// roadmap snapshots (oldest first) and its planning settings.
pub fn document<'a>(
    backlog: &'a Backlog,
    next: NextKeys,
    snapshots: Vec<Snapshot>,
    settings: &PlanningSettings,
) -> Document<'a> {
    Document {
        format: FORMAT.to_string(),
        version: VERSION,
        next_keys: Some(next),
        planning: PlanningV1::of(settings),
        items: doc_items(backlog).collect(),
        snapshots: snapshots.iter().map(SnapshotV1::from).collect(),
    }
}

/// The document as text: pretty JSON ending in a newline.
pub fn to_json(
    backlog: &Backlog,
    next: NextKeys,
    snapshots: Vec<Snapshot>,
    settings: &PlanningSettings,
) -> String {
    let mut bytes = Vec::with_capacity(128);
    write_json(&mut bytes, backlog, next, &snapshots, settings)
        .expect("a document always serialises into memory");
    // Only whole UTF-8 text and ASCII escapes were written.
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

/// Writes the document as [`to_json`] makes it, item by item: one item's
/// document form at a time, never the whole text (a backlog with a
/// description of 200 MB held the text grown by doubling, 860 MB).
pub fn write_json<W: std::io::Write>(
    mut writer: W,
    backlog: &Backlog,
    next: NextKeys,
    snapshots: &[Snapshot],
    settings: &PlanningSettings,
) -> std::io::Result<()> {
    let doc = Streamed {
        backlog,
        next,
        planning: PlanningV1::of(settings),
        snapshots: snapshots.iter().map(SnapshotV1::from).collect(),
    };
    crate::transfer::json_text::to_writer_pretty(&mut writer, &doc)?;
    writer.write_all(b"\n")
}

/// A [`Document`] whose items are made as they are written: the same
/// fields, in the same order, left out when [`Document`] leaves them out.
struct Streamed<'a> {
    backlog: &'a Backlog,
    next: NextKeys,
    planning: Option<PlanningV1>,
    snapshots: Vec<SnapshotV1>,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut doc = s.serialize_struct("Document", 6)?;
        doc.serialize_field("format", FORMAT)?;
        doc.serialize_field("version", &VERSION)?;
        doc.serialize_field("next_keys", &self.next)?;
        if let Some(p) = &self.planning {
            doc.serialize_field("planning", p)?;
        }
        doc.serialize_field("items", &Items(self.backlog))?;
        if !self.snapshots.is_empty() {
            doc.serialize_field("snapshots", &self.snapshots)?;
        }
        doc.end()
    }
}

/// The document's items, each made when written and dropped after.
struct Items<'a>(&'a Backlog);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(doc_items(self.0))
    }
}

/// The document form of every item, in the document's order (items in
/// key order with their evidence, then the insights), each made when
/// asked for.
fn doc_items(backlog: &Backlog) -> impl Iterator<Item = DocItem<'_>> + '_ {
    backlog
        .items()
        .iter()
        .map(|i| with_evidence(backlog, doc_item(i)))
        .chain(backlog.insights().iter().map(doc_item))
}

/// One item with every stored field (empty ones left out).
pub fn doc_item(item: &Item) -> DocItem<'_> {
    let mut depends_on = item.depends_on.clone();
    depends_on.sort();
    DocItem {
        key: item.key,
        kind: Some(item.kind()),
        title: item.title.clone(),
        parent: item.parent,
        description: Cow::Borrowed(&item.description),
        status: item.status,
        lane: item.lane,
        owner: item.owner.clone(),
        labels: item.labels.clone(),
        rank: Some(item.rank),
        archived: item.archived,
        outcome: item.outcome.clone(),
        hypothesis: item.hypothesis.clone(),
        metrics: item.metrics.iter().map(MetricV1::from).collect(),
        persona: item.persona.clone(),
        goal: item.goal.clone(),
        benefit: item.benefit.clone(),
        points: item.points,
        acceptance_criteria: item.criteria.iter().map(CriterionV1::from).collect(),
        rice_inputs: (!item.rice.is_empty()).then(|| RiceInputsV1::from(&item.rice)),
        wsjf_inputs: (!item.wsjf.is_empty()).then(|| WsjfInputsV1::from(&item.wsjf)),
        depends_on,
        decisions: item.decisions.iter().map(DecisionV1::from).collect(),
        created: Some(item.created),
        updated: Some(item.updated),
        external_key: item.external_key.clone(),
        insight: item.insight.as_ref().map(InsightV1::from),
        evidence: Vec::new(),
        customers: 0,
        source: item.source.clone(),
        pinned: item.pinned,
    }
}

/// The item's derived evidence fields: the live insights linked to it and
/// the customers behind it, rolled up.
fn with_evidence<'a>(backlog: &Backlog, mut d: DocItem<'a>) -> DocItem<'a> {
    d.evidence = backlog
        .evidence(d.key)
        .iter()
        .map(ToString::to_string)
        .collect();
    d.customers = backlog.customers(d.key);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::document;
    use chrono::{DateTime, Utc};

    const DEMO: &str = include_str!("../../assets/demo.json");

    #[test]
    fn the_demo_survives_export_and_parse() {
        let items = document::parse(DEMO, DateTime::<Utc>::UNIX_EPOCH).unwrap();
        let backlog = Backlog::new(items.clone());
        let next = NextKeys {
            initiative: 9,
            epic: 30,
            story: 200,
            insight: 1,
        };
        let text = to_json(&backlog, next, Vec::new(), &PlanningSettings::default());
        assert!(text.starts_with("{\n  \"format\": \"backlog\",\n  \"version\": 1,\n  \"next_keys\": {\n    \"initiative\": 9,"));
        let again = document::parse(&text, DateTime::<Utc>::MAX_UTC).unwrap();
        assert_eq!(again, items);
        assert_eq!(
            to_json(
                &Backlog::new(again),
                next,
                Vec::new(),
                &PlanningSettings::default()
            ),
            text
        );
    }

    #[test]
    fn the_streamed_document_is_the_document_written_whole() {
        use crate::domain::snapshot::Snapshot;
        let items = document::parse(DEMO, DateTime::<Utc>::UNIX_EPOCH).unwrap();
        let backlog = Backlog::new(items);
        let next = NextKeys {
            initiative: 9,
            epic: 30,
            story: 200,
            insight: 7,
        };
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let snapshot = Snapshot::take(Some("before"), &backlog, at).unwrap();
        for (snapshots, settings) in [
            (Vec::new(), PlanningSettings::default()),
            (
                vec![snapshot],
                PlanningSettings::new(3, Some(21.5)).unwrap(),
            ),
        ] {
            let whole = document(&backlog, next, snapshots.clone(), &settings);
            let mut expected = crate::transfer::json_text::to_string_pretty(&whole).unwrap();
            expected.push('\n');
            assert_eq!(to_json(&backlog, next, snapshots, &settings), expected);
        }
    }
}
