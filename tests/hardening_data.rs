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
            "rank",
            document(", \"rank\": 9223372036854775807", ""),
            "doc.json:6: rank 9223372036854775807 is out of range",
        ),
        (
            "rank below",
            document(", \"rank\": -9223372036854775808", ""),
            "doc.json:6: rank -9223372036854775808 is out of range",
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
        ", \"rank\": 999999999999999, \"created\": \"9999-12-31T23:59:59Z\"",
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
fn a_rank_out_of_range_is_refused_on_the_command_line() {
    let bk = Bk::with_stories(1);
    let err = bk.err(["edit", "S-1", "--rank", "9223372036854775807"]);
    assert!(err.contains("invalid rank"), "{err}");
    bk.ok(["edit", "S-1", "--rank", "999999999999999"]);
    assert_eq!(bk.add(["story", "Next", "--epic", "E-1"]), "S-2");
}
