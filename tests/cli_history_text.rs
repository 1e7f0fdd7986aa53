//! `show --history` in text: a list field shows the entries added and
//! removed (or changed in place, under their name), not the whole list
//! before and after; the JSON keeps the full old and new values.

mod common;

use common::Bk;

/// The lines under the last history entry of `key`.
fn last_change(bk: &Bk, key: &str) -> Vec<String> {
    let text = bk.ok(["show", key, "--history"]);
    let history = &text[text.find("\nHistory\n").expect("a history") + 9..];
    let last = history.rfind("\n  20").map_or(0, |at| at + 1);
    history[last..]
        .lines()
        .skip(1)
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn list_changes_read_as_entries_added_removed_and_changed() {
    let bk = Bk::with_stories(2);
    bk.ok(["ac", "add", "S-1", "Shows the total"]);
    assert_eq!(
        last_change(&bk, "S-1"),
        ["acceptance_criteria: + “Shows the total”"]
    );
    bk.ok(["ac", "add", "S-1", "Rounds to cents"]);
    bk.ok(["ac", "check", "S-1", "1"]);
    assert_eq!(
        last_change(&bk, "S-1"),
        ["acceptance_criteria “Shows the total”.done: false → true"]
    );
    bk.ok(["ac", "edit", "S-1", "2", "Rounds half up to cents"]);
    assert_eq!(
        last_change(&bk, "S-1"),
        [
            "acceptance_criteria: − “Rounds to cents”",
            "acceptance_criteria: + “Rounds half up to cents”"
        ]
    );
    bk.ok(["ac", "move", "S-1", "2", "1"]);
    assert_eq!(last_change(&bk, "S-1"), ["acceptance_criteria: reordered"]);
    bk.ok(["dep", "add", "S-1", "--on", "S-2"]);
    assert_eq!(last_change(&bk, "S-1"), ["depends_on: + S-2"]);
    bk.ok(["dep", "rm", "S-1", "--on", "S-2"]);
    assert_eq!(last_change(&bk, "S-1"), ["depends_on: − S-2"]);
    bk.ok([
        "decide",
        "E-1",
        "Ship \u{1b}[31mnet\u{1b}[0m totals first",
        "--why",
        "finance asked",
        "--date",
        "2026-11-20",
    ]);
    let decided = last_change(&bk, "E-1");
    assert_eq!(decided.len(), 1, "{decided:?}");
    assert!(
        decided[0].starts_with("decisions: + 2026-11-20 “Ship ")
            && decided[0].ends_with("totals first” rationale: finance asked")
            && !decided[0].contains('\u{1b}'),
        "{decided:?}"
    );
    // A scalar field as before.
    bk.ok(["edit", "S-1", "--points", "3"]);
    assert_eq!(last_change(&bk, "S-1"), ["points: – → 3"]);
    // The JSON keeps whole values.
    let json = bk.json(["show", "E-1", "--json", "--history"]);
    let changes = &json["history"].as_array().unwrap().last().unwrap()["changes"];
    assert_eq!(changes[0]["field"], "decisions");
    assert!(changes[0]["new"].is_array(), "{changes}");
}

#[test]
fn a_check_in_reads_under_its_metric() {
    let bk = Bk::new();
    bk.ok(["add", "initiative", "Faster dispatch"]);
    bk.ok([
        "metric",
        "add",
        "I-1",
        "Calls per day",
        "--baseline",
        "46",
        "--target",
        "20",
    ]);
    bk.ok([
        "metric",
        "checkin",
        "I-1",
        "1",
        "38",
        "--date",
        "2026-11-20",
        "--note",
        "pilot",
    ]);
    assert_eq!(
        last_change(&bk, "I-1"),
        ["metrics “Calls per day”.checkins: + 2026-11-20 “38” note: pilot"]
    );
}
