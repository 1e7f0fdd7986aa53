//! `backlog insight …` (customer evidence, F-1 …) through the real binary:
//! every command, its refusals (one clear line, nothing changed), the
//! `evidence` and `customers` of every item's JSON, undo / redo, and the
//! export / import round trip.

mod common;

use common::Bk;
use serde_json::Value;

/// Everything the CLI shows: items with history, and every live insight.
fn everything(bk: &Bk) -> String {
    let mut s = bk.state();
    s.push_str(&bk.ok(["insight", "list", "--json"]));
    s
}

/// I-1, E-1 with S-1…S-3, E-2, and three insights: F-1 on E-1 (Acme),
/// F-2 unlinked (acme, other spelling), F-3 on S-1 (Globex).
fn with_insights() -> Bk {
    let bk = Bk::with_stories(3);
    assert_eq!(
        bk.ok(["add", "epic", "Reporting", "--initiative", "I-1"]),
        "E-2\n"
    );
    let f1 = bk.ok([
        "insight",
        "add",
        "We need SSO for our 400 agents",
        "--customer",
        "Acme Corp",
        "--segment",
        "Enterprise",
        "--source",
        "Zendesk #4411",
        "--url",
        "https://acme.zendesk.com/agent/tickets/4411",
        "--date",
        "2026-10-03",
        "--link",
        "E-1",
    ]);
    assert_eq!(f1, "F-1\n");
    assert_eq!(
        bk.ok([
            "insight",
            "add",
            "Export to CSV please",
            "--customer",
            " acme corp "
        ]),
        "F-2\n"
    );
    assert_eq!(
        bk.ok([
            "insight",
            "add",
            "Map is slow",
            "--customer",
            "Globex",
            "--link",
            "S-1"
        ]),
        "F-3\n"
    );
    bk
}

#[test]
fn add_prints_the_key_and_show_has_every_field() {
    let bk = with_insights();
    let f1 = bk.json(["insight", "show", "F-1", "--json"]);
    assert_eq!(f1["key"], "F-1");
    assert_eq!(f1["text"], "We need SSO for our 400 agents");
    assert_eq!(f1["customer"], "Acme Corp");
    assert_eq!(f1["segment"], "Enterprise");
    assert_eq!(f1["source"], "Zendesk #4411");
    assert_eq!(f1["url"], "https://acme.zendesk.com/agent/tickets/4411");
    assert_eq!(f1["date"], "2026-10-03");
    assert_eq!(f1["links"], serde_json::json!(["E-1"]));
    assert_eq!(f1["archived"], false);
    // No date given: today's (the pinned clock); text trimmed.
    let f2 = bk.json(["insight", "show", "F-2", "--json"]);
    assert_eq!(f2["date"], "2026-11-23");
    assert_eq!(f2["customer"], "acme corp");
    assert_eq!(f2["links"], serde_json::json!([]));
    let text = bk.ok(["insight", "show", "F-1"]);
    assert!(
        text.starts_with("F-1  “We need SSO for our 400 agents”\n"),
        "{text}"
    );
    assert!(text.contains("Customer: Acme Corp"), "{text}");
    assert!(text.contains("E-1  "), "{text}");
    let inbox = bk.ok(["insight", "show", "F-2"]);
    assert!(inbox.contains("in the inbox"), "{inbox}");
}

#[test]
fn list_puts_the_inbox_first_and_filters() {
    let bk = with_insights();
    let all = bk.json(["insight", "list", "--json"]);
    let keys: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["F-2", "F-3", "F-1"]);
    let unlinked = bk.json(["insight", "list", "--unlinked", "--json"]);
    assert_eq!(unlinked.as_array().unwrap().len(), 1);
    assert_eq!(unlinked[0]["key"], "F-2");
    let acme = bk.json(["insight", "list", "--customer", "ACME CORP", "--json"]);
    let keys: Vec<&str> = acme
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["F-2", "F-1"]);
    let table = bk.ok(["insight", "list"]);
    let first = table.lines().next().unwrap();
    assert!(
        first.starts_with("KEY") && first.contains("CUSTOMER"),
        "{table}"
    );
    assert!(table.lines().nth(1).unwrap().contains("(inbox)"), "{table}");
    assert_eq!(
        bk.ok(["insight", "list", "--customer", "Nobody"]),
        "No insights match.\n"
    );
}

#[test]
fn items_json_carries_evidence_and_rolled_up_customers() {
    let bk = with_insights();
    // S-1 is under E-1.
    assert_eq!(bk.show("S-1")["parent"], "E-1");
    let e1 = bk.show("E-1");
    assert_eq!(e1["evidence"], serde_json::json!(["F-1"]));
    // Acme on the epic, Globex on its story.
    assert_eq!(e1["customers"], 2);
    let s1 = bk.show("S-1");
    assert_eq!(s1["evidence"], serde_json::json!(["F-3"]));
    assert_eq!(s1["customers"], 1);
    let parent = e1["parent"].as_str().unwrap().to_string();
    assert_eq!(bk.show(&parent)["customers"], 2);
    // F-2 (Acme, another spelling) linked to E-1's story: still two.
    bk.ok(["insight", "link", "F-2", "S-1"]);
    assert_eq!(bk.show("E-1")["customers"], 2);
    let list = bk.json(["list", "--json"]);
    let s1 = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "S-1")
        .unwrap();
    assert_eq!(s1["evidence"], serde_json::json!(["F-2", "F-3"]));
    assert_eq!(s1["customers"], 2);
    // An item with no evidence says so.
    assert_eq!(bk.show("S-2")["evidence"], serde_json::json!([]));
    assert_eq!(bk.show("S-2")["customers"], 0);
    // Insights never show among the items.
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|i| !i["key"].as_str().unwrap().starts_with('F'))
    );
}

#[test]
fn link_unlink_and_rm_are_undoable() {
    let bk = with_insights();
    let links = |k: &str| bk.json(["insight", "show", k, "--json"])["links"].clone();
    assert_eq!(
        bk.ok(["insight", "link", "F-2", "S-3", "E-2"]),
        "F-2 linked to S-3, E-2\n"
    );
    assert_eq!(
        bk.json(["insight", "show", "F-2", "--json"])["links"],
        serde_json::json!(["E-2", "S-3"])
    );
    assert_eq!(bk.show("E-2")["evidence"], serde_json::json!(["F-2"]));
    assert_eq!(
        bk.ok(["insight", "unlink", "F-2", "S-3"]),
        "F-2 unlinked from S-3\n"
    );
    assert_eq!(
        bk.ok(["insight", "rm", "F-1"]),
        "F-1 archived (`backlog undo` brings it back)\n"
    );
    // Archived: out of the list and of the evidence.
    assert!(!bk.ok(["insight", "list"]).contains("F-1"));
    assert_eq!(bk.show("E-1")["evidence"], serde_json::json!([]));
    assert_eq!(
        bk.json(["insight", "show", "F-1", "--json"])["archived"],
        true
    );
    assert_eq!(bk.ok(["undo"]), "undone: archive F-1\n");
    assert_eq!(bk.show("E-1")["evidence"], serde_json::json!(["F-1"]));
    assert_eq!(bk.ok(["undo"]), "undone: unlink F-2 from S-3\n");
    assert_eq!(bk.ok(["undo"]), "undone: link F-2 to S-3, E-2\n");
    assert_eq!(links("F-2"), serde_json::json!([]));
    assert_eq!(links("F-1"), serde_json::json!(["E-1"]));
    assert_eq!(bk.show("E-2")["evidence"], serde_json::json!([]));
    assert_eq!(bk.show("E-2")["customers"], 0);
    assert_eq!(bk.ok(["redo"]), "redone: link F-2 to S-3, E-2\n");
    assert_eq!(bk.show("S-3")["evidence"], serde_json::json!(["F-2"]));
    // Undo of an add takes the insight away; redo brings it back.
    assert_eq!(bk.ok(["insight", "add", "One more"]), "F-4\n");
    assert_eq!(bk.ok(["undo"]), "undone: add insight F-4\n");
    bk.err(["insight", "show", "F-4"]);
    assert_eq!(bk.ok(["redo"]), "redone: add insight F-4\n");
    assert_eq!(
        bk.json(["insight", "show", "F-4", "--json"])["text"],
        "One more"
    );
}

#[test]
fn refusals_say_one_line_and_change_nothing() {
    let bk = with_insights();
    let before = everything(&bk);
    let cases: &[(&[&str], &str)] = &[
        (
            &["insight", "link", "F-1", "F-1"],
            "F-1 cannot be linked to itself",
        ),
        (
            &["insight", "link", "F-1", "F-2"],
            "F-1 cannot be linked to F-2: insights link to initiatives, epics and stories",
        ),
        (&["insight", "link", "F-1", "S-999"], "no item S-999"),
        (&["insight", "link", "F-9", "S-1"], "no item F-9"),
        (
            &["insight", "link", "F-1", "E-1"],
            "F-1 is already linked to E-1",
        ),
        (
            &["insight", "link", "S-1", "E-1"],
            "S-1 is not an insight (insight keys look like F-1)",
        ),
        (
            &["insight", "unlink", "F-1", "S-1"],
            "F-1 is not linked to S-1",
        ),
        (&["insight", "unlink", "F-9", "S-1"], "no item F-9"),
        (&["insight", "show", "F-9"], "no item F-9"),
        (&["insight", "rm", "F-9"], "no item F-9"),
        (
            &["insight", "add", "x", "--date", "2026-13-01"],
            "invalid date `2026-13-01`: expected a date like 2026-11-23",
        ),
        (&["insight", "add", "x", "--link", "S-999"], "no item S-999"),
        (
            &["insight", "add", "x", "--link", "F-1"],
            "an insight cannot be linked to F-1: insights link to initiatives, epics and stories",
        ),
        (&["insight", "add", "  "], "invalid insight text"),
        (
            &["insight", "link", "F-1", "nonsense"],
            "`nonsense` is not an item key",
        ),
        (
            &["dep", "add", "S-1", "--on", "F-1"],
            "insights are not dependencies",
        ),
    ];
    for (args, expected) in cases {
        let line = bk.err(*args);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(everything(&bk), before);
    bk.ok(["insight", "rm", "F-2"]);
    assert!(
        bk.err(["insight", "rm", "F-2"])
            .contains("F-2 is already archived")
    );
    // The refused add took no key: the next one is F-4.
    assert_eq!(bk.ok(["insight", "add", "next"]), "F-4\n");
}

#[test]
fn export_and_import_keep_insights_byte_identical() {
    let bk = with_insights();
    bk.ok(["insight", "rm", "F-3"]);
    let first = bk.path("one.json");
    let said = bk.ok(["export", "-o", first.to_str().unwrap()]);
    assert!(
        said.starts_with("exported 1 initiative, 2 epics, 3 stories, 3 customer insights to"),
        "archived insights are in the document too: {said}"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&first).unwrap()).unwrap();
    assert_eq!(doc["next_keys"]["insight"], 4);
    let items = doc["items"].as_array().unwrap();
    let e1 = items.iter().find(|i| i["key"] == "E-1").unwrap();
    assert_eq!(e1["evidence"], serde_json::json!(["F-1"]));
    assert_eq!(e1["customers"], 1);
    let f1 = items.iter().find(|i| i["key"] == "F-1").unwrap();
    assert_eq!(f1["kind"], "insight");
    assert_eq!(f1["insight"]["customer"], "Acme Corp");
    assert_eq!(f1["depends_on"], serde_json::json!(["E-1"]));
    let other = Bk::empty();
    let out = other.ok(["import", first.to_str().unwrap()]);
    assert!(out.contains("3 customer insights (F-4 next)"), "{out}");
    let second = other.path("two.json");
    other.ok(["export", "-o", second.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    assert_eq!(
        other.ok(["insight", "list", "--json"]),
        bk.ok(["insight", "list", "--json"])
    );
}

#[test]
fn a_document_with_a_bad_insight_is_refused() {
    let bk = Bk::empty();
    let doc = bk.path("bad.json");
    for (items, expected) in [
        (
            r#"[{"key":"I-1","title":"x"},{"key":"F-1","title":"y","depends_on":["F-1"]}]"#,
            "F-1 cannot be linked to itself",
        ),
        (
            r#"[{"key":"I-1","title":"x","depends_on":["F-1"]},{"key":"F-1","title":"y"}]"#,
            "depends on F-1, an insight",
        ),
        (
            r#"[{"key":"F-1","title":"y","lane":"now"}]"#,
            "an insight has no lane",
        ),
        (
            r#"[{"key":"I-1","title":"x","insight":{"customer":"A"}}]"#,
            "only an insight has insight information",
        ),
        (
            r#"[{"key":"I-1","title":"x"},{"key":"F-1","title":"y","parent":"I-1"}]"#,
            "an insight has no parent",
        ),
    ] {
        std::fs::write(
            &doc,
            format!(r#"{{"format":"backlog","version":1,"items":{items}}}"#),
        )
        .unwrap();
        let line = bk.err(["import", doc.to_str().unwrap()]);
        assert!(line.contains(expected), "{items}: {line}");
    }
}

#[test]
fn show_lists_the_evidence_behind_an_item() {
    let bk = with_insights();
    let e1 = bk.ok(["show", "E-1"]);
    assert!(
        e1.contains("\nEvidence · 2 customers · 2 insights with the items below\n  F-1    “We need SSO for our 400 agents”\n         Acme Corp · 2026-10-03\n"),
        "{e1}"
    );
    assert!(
        !e1.contains("F-3    "),
        "F-3 is S-1's own, counted but not listed: {e1}"
    );
    let s1 = bk.ok(["show", "S-1"]);
    assert!(
        s1.contains("\nEvidence · 1 customer\n  F-3    “Map is slow”\n         Globex · "),
        "{s1}"
    );
    assert!(!bk.ok(["show", "E-2"]).contains("Evidence"));
}
