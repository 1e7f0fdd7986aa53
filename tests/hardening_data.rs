//! Hostile data in imported documents and in the history (issue 14, items
//! 8 to 10), through the real binary on real files: numbers out of range
//! are refused at their line with nothing written; undo never gets stuck
//! behind a change that can no longer be undone; every change of an item
//! is in its history and undo / redo report only what they did.

mod common;

use common::Bk;

/// A small document with one value replaced: `{FIELD}` stands for it.
fn document(item_extra: &str, top_extra: &str) -> String {
    format!(
        "{{\n\"format\": \"backlog\",\n\"version\": 1,{top_extra}\n\"items\": [\n\
         {{\"key\": \"I-1\", \"title\": \"Grow\"}},\n\
         {{\"key\": \"E-1\", \"title\": \"Checkout\", \"parent\": \"I-1\"{item_extra}}}\n]\n}}\n"
    )
}

#[test]
fn numbers_out_of_range_are_refused_at_their_line_and_change_nothing() {
    let cases: &[(&str, String, &str)] = &[
        (
            "next key",
            document(
                "",
                "\n\"next_keys\": {\"initiative\": 9223372036854775807, \"epic\": 2, \"story\": 1},",
            ),
            "doc.json:4: next key 9223372036854775807 is out of range: expected 1 to 1000000000000000",
        ),
        (
            "key",
            "{\"format\": \"backlog\", \"version\": 1, \"items\": [\n{\"key\": \"I-9223372036854775807\", \"title\": \"x\"}]}".to_string(),
            "doc.json:2: key I-9223372036854775807 is out of range: key numbers go up to 999999999999999",
        ),
        (
            "dependency",
            document(", \"depends_on\": [\"S-99999999999999999\"]", ""),
            "doc.json:6: key S-99999999999999999 is out of range",
        ),
        (
            "created",
            document(", \"created\": \"0000-01-01T00:00:00Z\"", ""),
            "doc.json:6: date 0000-01-01T00:00:00+00:00 is out of range: years go from 1 to 9999",
        ),
        (
            "decision date",
            document(
                ", \"decisions\": [{\"date\": \"0000-12-31\", \"decision\": \"Go\"}]",
                "",
            ),
            "doc.json:6: date 0000-12-31 is out of range",
        ),
        (
            "next key zero",
            document(
                "",
                "\n\"next_keys\": {\"initiative\": 0, \"epic\": 2, \"story\": 1},",
            ),
            "doc.json:4: next key 0 is out of range",
        ),
    ];
    for (what, text, expected) in cases {
        let bk = Bk::new();
        let file = bk.path("doc.json");
        std::fs::write(&file, text).unwrap();
        let before = bk.bytes();
        let err = bk.err(["import", file.to_str().unwrap()]);
        assert!(
            err.contains(expected),
            "{what}: expected “{expected}” in: {err}"
        );
        assert_eq!(bk.bytes(), before, "{what}: the file changed");
        // Every later command still works.
        assert_eq!(bk.add(["initiative", "Next"]), "I-1", "{what}");
    }
}

#[test]
fn the_largest_numbers_in_range_import_and_keep_working() {
    let bk = Bk::new();
    let file = bk.path("doc.json");
    let text = document(
        ", \"created\": \"9999-12-31T23:59:59Z\"",
        "\n\"next_keys\": {\"initiative\": 999999999999999, \"epic\": 2, \"story\": 1},",
    );
    std::fs::write(&file, text).unwrap();
    bk.ok(["import", file.to_str().unwrap()]);
    assert_eq!(bk.add(["initiative", "Last"]), "I-999999999999999");
    assert_eq!(bk.add(["epic", "After", "--initiative", "I-1"]), "E-2");
    // The key sequence is now past its end: a new initiative is refused
    // with a message, never a database error.
    let err = bk.err(["add", "initiative", "One too many"]);
    assert!(!err.contains("database"), "{err}");
}

#[test]
fn the_largest_rank_imports_and_new_items_still_go_after_it() {
    let bk = Bk::new();
    let file = bk.path("doc.json");
    std::fs::write(&file, document(", \"rank\": 9223372036854775807", "")).unwrap();
    bk.ok(["import", file.to_str().unwrap()]);
    assert_eq!(bk.add(["epic", "After", "--initiative", "I-1"]), "E-2");
    assert_eq!(bk.show("E-2")["rank"], 9223372036854775807i64);
    let low = bk.path("low.json");
    std::fs::write(&low, document(", \"rank\": -9223372036854775808", "")).unwrap();
    bk.ok(["import", low.to_str().unwrap(), "--merge"]);
}

/// Every item's version equals its number of history entries, as the CLI
/// shows them.
fn versions_match_history(bk: &Bk, ctx: &str) {
    let items = bk.json(["list", "--archived", "--sort", "key", "--json"]);
    for item in items.as_array().unwrap() {
        let key = item["key"].as_str().unwrap();
        let shown = bk.json(["show", key, "--json", "--history"]);
        let history = shown["history"].as_array().unwrap();
        assert_eq!(
            shown["version"].as_i64().unwrap(),
            history.len() as i64,
            "{ctx}: {key}: version and history disagree: {history:#?}"
        );
    }
}

#[test]
fn a_change_that_can_no_longer_be_undone_is_passed_over_with_a_message() {
    let bk = Bk::demo();
    bk.ok(["edit", "S-20", "--title", "Renamed before the move"]);
    bk.ok(["edit", "S-5", "--parent", "E-2"]);
    for s in bk.stories_of("E-1") {
        bk.ok(["rm", &s, "--purge"]);
    }
    bk.ok(["rm", "E-1", "--purge"]);
    // The move of S-5 cannot be undone (its old epic is gone for good):
    // undo says so and undoes the change before it.
    let out = bk.ok(["undo"]);
    assert_eq!(
        out,
        "skipped “edit S-5: parent”: it can no longer be undone (S-5 belonged to E-1, which was deleted for good)\n\
         undone: edit S-20: title\n"
    );
    assert_ne!(bk.show("S-20")["title"], "Renamed before the move");
    assert_eq!(bk.show("S-5")["parent"], "E-2");
    // Redo brings it back; the next undo again passes over the move.
    assert_eq!(bk.ok(["redo"]), "redone: edit S-20: title\n");
    assert_eq!(bk.show("S-20")["title"], "Renamed before the move");
    let again = bk.ok(["undo"]);
    assert!(again.ends_with("undone: edit S-20: title\n"), "{again}");
    versions_match_history(&bk, "after the purges");
}

#[test]
fn edit_then_undo_keeps_version_and_history_in_step() {
    let bk = Bk::demo();
    bk.ok(["edit", "S-5", "--points", "8"]);
    assert_eq!(bk.ok(["undo"]), "undone: edit S-5: points\n");
    let shown = bk.json(["show", "S-5", "--json", "--history"]);
    let history = shown["history"].as_array().unwrap();
    assert_eq!(shown["version"], 3, "{shown:#?}");
    assert_eq!(history.len(), 3);
    assert_eq!(history[1]["undone"], true);
    assert_eq!(history[2]["summary"], "undo: edit S-5: points");
    assert_eq!(bk.ok(["redo"]), "redone: edit S-5: points\n");
    versions_match_history(&bk, "edit, undo, redo");
}

#[test]
fn undo_and_redo_of_the_demo_load_keep_every_item_consistent() {
    let bk = Bk::demo();
    let before = bk.json(["export"]);
    assert_eq!(bk.undo_demo(), "undone: load the demo backlog\n");
    assert!(bk.ok(["list"]).contains("The backlog is empty"));
    assert_eq!(bk.redo_all()[0], "redone: load the demo backlog\n");
    // A redo is a change made now: `updated` says so (the demo's finished
    // stories were last changed weeks ago); everything else is as before.
    let without_updated = |mut doc: serde_json::Value| {
        for item in doc["items"].as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("updated");
        }
        doc
    };
    assert_eq!(
        without_updated(bk.json(["export"])),
        without_updated(before)
    );
    versions_match_history(&bk, "demo undone and redone");
}

#[test]
fn purging_a_dependency_is_in_the_dependents_history() {
    let bk = Bk::demo();
    let leaf = bk.add(["story", "A story to purge", "--epic", "E-3"]);
    bk.ok(["dep", "add", "S-1", "--on", &leaf]);
    bk.ok(["rm", &leaf, "--purge"]);
    let shown = bk.json(["show", "S-1", "--json", "--history"]);
    let history = shown["history"].as_array().unwrap();
    let last = history.last().unwrap();
    assert!(
        last["summary"].as_str().unwrap().contains(&leaf),
        "{history:#?}"
    );
    assert_eq!(shown["depends_on"], serde_json::json!([]));
    versions_match_history(&bk, "after the purge");
}

#[test]
fn undo_and_redo_never_claim_a_change_they_did_not_make() {
    let bk = Bk::demo();
    let leaf = bk.add(["story", "A story to purge", "--epic", "E-3"]);
    bk.ok(["edit", "S-20", "--title", "An earlier change"]);
    bk.ok(["dep", "add", "S-9", "--on", &leaf]);
    bk.ok(["rm", &leaf, "--purge"]);
    // Undoing the dependency would change nothing now (the story is gone,
    // and the link with it): undo passes over it with a message, gives S-9
    // no new version, and undoes the change before it in the same step.
    let version = bk.show("S-9")["version"].clone();
    let passed = format!(
        "skipped “S-9 depends on {leaf}”: it would change nothing (what it changed was deleted for good)\n"
    );
    assert_eq!(
        bk.ok(["undo"]),
        format!("{passed}undone: edit S-20: title\n")
    );
    assert_eq!(bk.show("S-9")["version"], version);
    assert_ne!(bk.show("S-20")["title"], "An earlier change");
    // Redo takes the edit back; the dependency would again change
    // nothing, and is passed over the same way.
    assert_eq!(bk.ok(["redo"]), "redone: edit S-20: title\n");
    assert_eq!(bk.ok(["redo"]), format!("{passed}nothing to redo\n"));
    assert_eq!(bk.show("S-9")["version"], version);
    assert_eq!(
        bk.ok(["undo"]),
        format!("{passed}undone: edit S-20: title\n")
    );
    versions_match_history(&bk, "after undo and redo");
}

#[test]
fn an_insight_link_to_an_item_deleted_for_good_does_not_use_up_an_undo() {
    let bk = Bk::demo();
    let leaf = bk.add(["story", "A story to purge", "--epic", "E-3"]);
    let insight = bk
        .ok([
            "insight",
            "add",
            "Customers ask for this",
            "--customer",
            "Acme",
        ])
        .trim()
        .to_string();
    bk.ok(["edit", "S-20", "--title", "An earlier change"]);
    bk.ok(["insight", "link", &insight, &leaf]);
    bk.ok(["rm", &leaf, "--purge"]);
    let version = bk.json(["insight", "show", &insight, "--json"])["version"].clone();
    // One undo: the link is passed over, named, and the edit before it is
    // undone; the insight keeps its version.
    assert_eq!(
        bk.ok(["undo"]),
        format!(
            "skipped “link {insight} to {leaf}”: it would change nothing (what it changed was deleted for good)\n\
             undone: edit S-20: title\n"
        )
    );
    assert_eq!(
        bk.json(["insight", "show", &insight, "--json"])["version"],
        version
    );
    assert_ne!(bk.show("S-20")["title"], "An earlier change");
    // The next undo goes on before the edit; redo brings the edit back.
    let next = bk.ok(["undo"]);
    assert!(next.starts_with("undone: "), "{next}");
    assert!(!next.contains("skipped"), "{next}");
    bk.ok(["redo"]);
    assert_eq!(bk.ok(["redo"]), "redone: edit S-20: title\n");
    assert_eq!(bk.show("S-20")["title"], "An earlier change");
    versions_match_history(&bk, "after the insight link's undo");
    assert!(bk.ok(["check"]).contains("is sound"));
}

#[test]
fn imports_past_a_limit_are_refused_with_one_line_unless_lifted() {
    let bk = Bk::demo();
    let before = bk.bytes();
    // A file bigger than an import reads: refused before a byte is read
    // (a sparse file takes no room).
    let big = bk.path("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300 << 20)
        .unwrap();
    let err = bk.err(["import", big.to_str().unwrap()]);
    assert!(
        err.contains("the file is 300.0 MiB, more than an import reads (256.0 MiB)")
            && err.contains("--no-limits"),
        "{err}"
    );
    // More stories than one import takes.
    let many = bk.path("many.txt");
    let lines: String = (1..=250_001)
        .map(|n| format!("As a user, I want thing {n}, so that it works\n"))
        .collect();
    std::fs::write(&many, lines).unwrap();
    let err = bk.err(["import", many.to_str().unwrap()]);
    assert!(
        err.contains("many.txt:250001: more than 250000 stories in one import"),
        "{err}"
    );
    // A text longer than one field may be, in a document and a story file.
    let long = "x".repeat((1 << 20) + 1);
    let doc = bk.path("long.json");
    std::fs::write(
        &doc,
        format!(
            "{{\"format\": \"backlog\", \"version\": 1, \"items\": [\n\
             {{\"key\": \"I-1\", \"title\": \"Grow\",\n\"description\": \"{long}\"}}]}}"
        ),
    )
    .unwrap();
    let err = bk.err(["import", doc.to_str().unwrap(), "--merge"]);
    assert!(
        err.contains("long.json:3: a text of 1.0 MiB is longer than one field may be (1.0 MiB)"),
        "{err}"
    );
    let line = bk.path("long.txt");
    std::fs::write(&line, format!("As a user, I want {long}\n")).unwrap();
    let err = bk.err(["import", line.to_str().unwrap()]);
    assert!(err.contains("long.txt:1: a text of"), "{err}");
    assert_eq!(bk.bytes(), before, "a refused import changed the file");
    // Lifted, the long description imports whole.
    bk.ok(["import", doc.to_str().unwrap(), "--merge", "--no-limits"]);
    let items = bk.json(["list", "--kind", "initiative", "--json"]);
    let last = items.as_array().unwrap().last().unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        bk.show(&last)["description"].as_str().unwrap().len(),
        long.len()
    );
}
