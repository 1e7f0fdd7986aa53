//! The real binary: `dep map` on the demo backlog in every format, around
//! one item, with the critical path; bad input refused, nothing changed.

mod common;

use common::Bk;

#[test]
fn the_epic_map_of_the_demo_marks_its_conflict_and_critical_path() {
    let bk = Bk::demo();
    let before = bk.state();
    let text = bk.ok(["dep", "map", "--critical-path"]);
    assert!(
        text.starts_with("Dependency map of epics: 6 items, 3 links, 1 problem\n"),
        "{text}"
    );
    assert!(text.contains("Critical path: E-6 → E-3, "), "{text}");
    assert!(
        text.contains("→ E-6 Technician skills & certification registry [ready, next] ◆ critical  ! later lane (now → next)"),
        "{text}"
    );
    let json = bk.json(["dep", "map", "--format", "json"]);
    assert_eq!(json["level"], "epic");
    assert_eq!(json["nodes"].as_array().unwrap().len(), 6);
    let conflict = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["problem"] == "later-lane")
        .expect("the demo's conflict");
    assert_eq!(
        (&conflict["from"], &conflict["on"]),
        (&"E-3".into(), &"E-6".into())
    );
    assert_eq!(conflict["critical"], true);
    assert_eq!(
        json["critical_path"]["keys"],
        serde_json::json!(["E-6", "E-3"])
    );
    assert_eq!(bk.state(), before, "dep map changed the file");
}

#[test]
fn mermaid_and_dot_mark_the_conflict() {
    let bk = Bk::demo();
    let m = bk.ok(["dep", "map", "--format", "mermaid"]);
    assert!(m.starts_with("flowchart LR\n"), "{m}");
    assert!(m.contains("E6 ==>|\"later lane (now → next)\"| E3"), "{m}");
    assert!(m.contains("class E3,E6 critical"), "{m}");
    let d = bk.ok(["dep", "map", "--format", "dot"]);
    assert!(
        d.starts_with("digraph dependencies {\n") && d.ends_with("}\n"),
        "{d}"
    );
    assert!(
        d.contains("\"E-6\" -> \"E-3\" [penwidth=3, color=\"#c62828\""),
        "{d}"
    );
}

#[test]
fn a_map_around_a_story_shows_both_directions_and_the_depth() {
    // The demo's invoicing chain: S-61 → S-60 → S-55.
    let bk = Bk::demo();
    let text = bk.ok(["dep", "map", "S-60"]);
    assert!(
        text.starts_with("Dependency map of stories around S-60: 3 items, 2 links\n"),
        "{text}"
    );
    let up = text.split("Depends on:").nth(1).unwrap();
    let (up, down) = up.split_once("Needed by:").unwrap();
    assert!(up.contains("→ S-55 Generate the invoice"), "{text}");
    assert!(down.contains("← S-61 Map job types"), "{text}");
    let near = bk.json(["dep", "map", "S-61", "--depth", "1", "--format", "json"]);
    let keys: Vec<&str> = near["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["S-60", "S-61"]);
    // On an epic map a story stands for its epic.
    let epics = bk.json(["dep", "map", "S-60", "--level", "epic", "--format", "json"]);
    assert!(
        epics["focus"].as_str().unwrap().starts_with("E-"),
        "{epics}"
    );
}

#[test]
fn the_map_can_be_written_to_a_file() {
    let bk = Bk::demo();
    let file = bk.path("map.mmd");
    let said = bk.ok([
        "dep",
        "map",
        "--format",
        "mermaid",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(said.starts_with("wrote "), "{said}");
    assert!(said.ends_with("(6 epics, 3 links, mermaid)\n"), "{said}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written, bk.ok(["dep", "map", "--format", "mermaid"]));
}

#[test]
fn bad_input_is_refused_and_nothing_changes() {
    let bk = Bk::demo();
    let before = bk.state();
    let e = bk.err(["dep", "map", "S-999"]);
    assert!(e.contains("S-999"), "{e}");
    let e = bk.err(["dep", "map", "X-1"]);
    assert!(e.contains("X-1"), "{e}");
    let e = bk.usage_err(["dep", "map", "--format", "svg"]);
    assert!(e.contains("svg"), "{e}");
    let e = bk.usage_err(["dep", "map", "--depth", "2"]);
    assert!(e.contains("KEY") || e.contains("<KEY>"), "{e}");
    let e = bk.usage_err(["dep", "map", "S-1", "--depth", "-1"]);
    assert!(e.contains("-1"), "{e}");
    assert_eq!(bk.state(), before);
}
