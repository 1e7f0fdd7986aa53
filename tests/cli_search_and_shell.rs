//! `backlog search` (and `completions`, `man`, impact words) through the
//! real binary: search by words and substrings, case
//! and accents ignored, every text field searched, best match first.

mod common;

use common::Bk;
use serde_json::Value;

#[test]
fn search_finds_words_not_scattered_letters_best_first() {
    let bk = Bk::demo();
    let out = bk.ok(["search", "map"]);
    let first = out.lines().nth(1).unwrap();
    assert!(first.starts_with("E-1 ") || first.contains(" map"), "{out}");
    assert!(
        out.contains("Show technicians as live markers on the map"),
        "{out}"
    );
    // m-a-p scattered over a title is no match.
    assert!(!out.contains("Manage API keys"), "{out}");
    assert!(out.trim_end().ends_with("items"), "{out}");
}

#[test]
fn search_reads_every_field_and_says_where_it_matched() {
    let bk = Bk::with_stories(2);
    bk.ok([
        "edit",
        "S-1",
        "--want",
        "to export invoices to the Café ledger",
    ]);
    bk.ok([
        "ac",
        "add",
        "S-2",
        "Given a refund, when exported, then it is negative",
    ]);
    let out = bk.ok(["search", "CAFE"]);
    assert!(
        out.contains("S-1") && out.contains("goal: to export invoices"),
        "{out}"
    );
    let json: Value = serde_json::from_str(&bk.ok(["search", "refund", "--json"])).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["key"], "S-2");
    assert_eq!(list[0]["field"], "criterion");
    assert_eq!(list[0]["kind"], "story");
    // --kind narrows; nothing found says so.
    assert!(
        bk.ok(["search", "checkout", "--kind", "epic"])
            .contains("E-1")
    );
    assert!(bk.ok(["search", "zebra"]).contains("Nothing matches"));
}

#[test]
fn search_refuses_an_empty_query_and_a_bad_kind() {
    let bk = Bk::with_stories(1);
    let err = bk.err(["search", "  "]);
    assert!(err.contains("nothing to search for"), "{err}");
    let err = bk.err(["search", "x", "--kind", "bug"]);
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn completions_and_man_page_come_from_the_commands() {
    let bk = Bk::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = bk.ok(["completions", shell]);
        assert!(out.contains("search"), "{shell}: {out}");
    }
    let man = bk.ok(["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH backlog"),
        "{man}"
    );
    assert!(man.contains("search"));
    let err = bk.usage_err(["completions", "tcsh"]);
    assert!(err.contains("tcsh"), "{err}");
}

#[test]
fn impact_accepts_its_words_in_any_case() {
    let bk = Bk::with_stories(1);
    bk.ok([
        "score",
        "S-1",
        "--reach",
        "100",
        "--impact",
        "High",
        "--confidence",
        "80",
        "--effort",
        "2",
    ]);
    let json: Value = serde_json::from_str(&bk.ok(["show", "S-1", "--json"])).unwrap();
    assert_eq!(json["rice_inputs"]["impact"], 2.0, "{json}");
    let err = bk.err(["score", "S-1", "--impact", "huge"]);
    assert_eq!(err.lines().count(), 1, "{err}");
}
