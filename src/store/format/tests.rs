//! The stored formats, pinned: rows and documents written by the build
//! before the formats moved here (schema 4, `tests/golden/store/`) read
//! back and are written again byte for byte.

use super::*;
use crate::domain::roadmap::{Warning, WarningReason};
use crate::domain::{Key, Lane};

const ITEMS: &str = include_str!("../../../tests/golden/store/item_v1.jsonl");
const SNAPSHOT: &str = include_str!("../../../tests/golden/store/snapshot_v1.json");

#[test]
fn old_history_rows_read_and_write_back_byte_identical() {
    let mut kinds = std::collections::HashSet::new();
    for (n, line) in ITEMS.lines().enumerate() {
        let item = item_from_json(line).unwrap_or_else(|e| panic!("row {n}: {e}"));
        kinds.insert(item.key.kind);
        assert_eq!(item_to_json(&item).unwrap(), line, "row {n}");
    }
    assert_eq!(kinds.len(), 3, "rows of every kind");
    // What the rows hold, so that the golden file keeps covering it.
    for needle in [
        "\"metrics\":[{\"name\":",
        "{\"date\":\"2026-11-02\",\"decision\":\"Start with two depots\"",
        "\"acceptance_criteria\":[{\"text\":",
        "\"depends_on\":[\"E-2\",\"E-6\"]",
        "\"lane\":\"later\"",
        "\"points\":2.5",
        "\"reach\":1234.5",
        "\"archived\":true",
        "\"external_key\":\"ABC-123\"",
        "\"source\":\"jira\"",
    ] {
        assert!(ITEMS.contains(needle), "{needle}");
    }
}

#[test]
fn an_item_state_has_the_v1_shape() {
    let line = ITEMS
        .lines()
        .find(|l| l.contains("\"key\":\"S-1\""))
        .unwrap();
    let item = item_from_json(line).unwrap();
    assert_eq!(item.key, "S-1".parse::<Key>().unwrap());
    assert_eq!(item.parent, Some("E-1".parse().unwrap()));
    assert!(!item.criteria.is_empty());
    let fields: Vec<String> = match serde_json::from_str(line).unwrap() {
        serde_json::Value::Object(m) => m.keys().cloned().collect(),
        _ => panic!("not an object"),
    };
    let mut expected = vec![
        "key",
        "parent",
        "title",
        "description",
        "status",
        "lane",
        "owner",
        "labels",
        "rank",
        "archived",
        "outcome",
        "hypothesis",
        "metrics",
        "persona",
        "goal",
        "benefit",
        "points",
        "acceptance_criteria",
        "rice_inputs",
        "wsjf_inputs",
        "depends_on",
        "decisions",
        "created",
        "updated",
        "version",
    ];
    expected.sort_unstable();
    assert_eq!(fields, expected);
}

#[test]
fn an_old_snapshot_reads_and_writes_back_byte_identical() {
    let doc = SNAPSHOT.trim_end();
    let snapshot = snapshot_from_json(doc).unwrap();
    assert_eq!(snapshot.name, "Q4 review");
    assert_eq!(snapshot.roadmaps.len(), 2);
    assert!(doc.contains("\"reason\":\"later_lane\""));
    assert_eq!(snapshot_to_json(&snapshot).unwrap(), doc);
}

#[test]
fn every_warning_reason_round_trips() {
    let mut snapshot = snapshot_from_json(SNAPSHOT.trim_end()).unwrap();
    let card = snapshot.roadmaps[0]
        .lanes
        .iter_mut()
        .flat_map(|c| c.cards.iter_mut())
        .next()
        .unwrap();
    card.lane = Some(Lane::Later);
    card.warnings = vec![Warning {
        item: card.key,
        on: "S-9".parse().unwrap(),
        reason: WarningReason::NotOnRoadmap,
        on_lane: None,
        message: "depends on S-9 (not on the roadmap)".into(),
    }];
    let text = snapshot_to_json(&snapshot).unwrap();
    assert!(text.contains("\"reason\":\"not_on_roadmap\""));
    assert_eq!(snapshot_from_json(&text).unwrap(), snapshot);
}

#[test]
fn damaged_documents_are_bad_data() {
    for text in [
        "{",
        "{\"key\":\"X-1\"}",
        &ITEMS
            .lines()
            .next()
            .unwrap()
            .replace("\"key\":\"I-1\"", "\"key\":\"Q-1\""),
        &ITEMS
            .lines()
            .next()
            .unwrap()
            .replace("\"status\":\"", "\"status\":\"x"),
    ] {
        assert!(
            matches!(item_from_json(text), Err(StoreError::BadData(_))),
            "{text}"
        );
    }
    let doc = SNAPSHOT.replace("\"reason\":\"later_lane\"", "\"reason\":\"sideways\"");
    assert!(matches!(
        snapshot_from_json(&doc),
        Err(StoreError::BadData(_))
    ));
}

/// A value whose serialisation fails.
struct Unserialisable;

impl Serialize for Unserialisable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> std::result::Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("cannot be written"))
    }
}

#[test]
fn a_serialisation_failure_is_an_error_not_an_empty_list() {
    let e = to_json("a list", &vec![Unserialisable]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot store a list: cannot be written; nothing was changed"
    );
}
