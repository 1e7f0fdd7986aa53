//! `metric checkin` and `metric history` with the real binary: recording,
//! the JSON's `checkins` / `current` / `progress`, undo, and every refusal
//! (one line, nothing changed).

mod common;

use common::Bk;

/// I-1 "Faster dispatch" with metrics 1 "Time to assign" (11 min → 3 min)
/// and 2 "Dispatcher mood" (no numbers); E-1 under it.
fn backlog() -> Bk {
    let bk = Bk::new();
    assert_eq!(
        bk.add(["initiative", "Faster dispatch", "--lane", "now"]),
        "I-1"
    );
    bk.ok([
        "metric",
        "add",
        "I-1",
        "Time to assign",
        "--baseline",
        "11 min",
        "--target",
        "3 min",
    ]);
    bk.ok([
        "metric",
        "add",
        "I-1",
        "Dispatcher mood",
        "--target",
        "calm",
    ]);
    assert_eq!(bk.add(["epic", "Map", "--initiative", "I-1"]), "E-1");
    bk
}

#[test]
fn a_check_in_is_recorded_and_shown_with_its_progress() {
    let bk = backlog();
    let out = bk.ok([
        "metric",
        "checkin",
        "I-1",
        "1",
        "9 min",
        "--date",
        "2026-10-01",
    ]);
    assert_eq!(
        out,
        "I-1 metric 1: 9 min on 2026-10-01 · 25% of the way from 11 min to 3 min\n"
    );
    let out = bk.ok([
        "metric",
        "checkin",
        "I-1",
        "1",
        "7",
        "--note",
        "after the map shipped",
    ]);
    assert_eq!(
        out,
        "I-1 metric 1: 7 on 2026-11-23 · 50% of the way from 11 min to 3 min\n"
    );
    bk.ok([
        "metric",
        "checkin",
        "I-1",
        "2",
        "better than last month",
        "--date",
        "2026-11-01",
    ]);

    let m = &bk.show("I-1")["metrics"][0];
    assert_eq!(m["current"], "7");
    assert_eq!(m["progress"], 0.5);
    assert_eq!(m["checkins"][0]["date"], "2026-10-01");
    assert_eq!(m["checkins"][1]["note"], "after the map shipped");
    let text = bk.json(["list", "--json"]);
    assert_eq!(text[0]["metrics"][1]["current"], "better than last month");
    assert!(text[0]["metrics"][1]["progress"].is_null());

    let history = bk.ok(["metric", "history", "I-1", "1"]);
    assert_eq!(
        history,
        "I-1 metric 1: Time to assign  11 min → 3 min\n  2026-10-01  9 min\n  2026-11-23  7  after the map shipped\nnow 7 on 2026-11-23 · 50% of the way from 11 min to 3 min\n"
    );
    let j = bk.json(["metric", "history", "I-1", "1", "--json"]);
    assert_eq!(j["key"], "I-1");
    assert_eq!(j["index"], 1);
    assert_eq!(j["metric"]["checkins"].as_array().unwrap().len(), 2);

    let show = bk.ok(["show", "I-1"]);
    assert!(
        show.contains("  1. Time to assign: 11 min → 3 min   · now 7 (50%, 2026-11-23)\n"),
        "{show}"
    );
    assert!(
        show.contains(
            "  2. Dispatcher mood: ? → calm   · now better than last month (2026-11-01)\n"
        ),
        "{show}"
    );
}

#[test]
fn a_metric_without_check_ins_shows_how_to_record_one() {
    let bk = backlog();
    let out = bk.ok(["metric", "history", "I-1", "2"]);
    assert_eq!(
        out,
        "I-1 metric 2: Dispatcher mood  ? → calm\n  (no check-ins yet: record one with `backlog metric checkin I-1 2 VALUE`)\n"
    );
    let m = &bk.show("I-1")["metrics"][0];
    assert_eq!(m["checkins"], serde_json::json!([]));
    assert!(m["current"].is_null() && m["progress"].is_null());
}

#[test]
fn check_ins_are_undone_and_redone() {
    let bk = backlog();
    bk.ok(["metric", "checkin", "I-1", "1", "7 min"]);
    bk.ok(["undo"]);
    assert_eq!(
        bk.show("I-1")["metrics"][0]["checkins"],
        serde_json::json!([])
    );
    bk.ok(["redo"]);
    assert_eq!(bk.show("I-1")["metrics"][0]["current"], "7 min");
    let h = bk.ok(["show", "I-1", "--history"]);
    assert!(h.contains("check in metric 1 of I-1"), "{h}");
}

#[test]
fn refusals_are_one_line_and_change_nothing() {
    let bk = backlog();
    bk.ok([
        "metric",
        "checkin",
        "I-1",
        "1",
        "9 min",
        "--date",
        "2026-10-01",
    ]);
    let before = bk.state();
    let cases: [(&[&str], &str); 8] = [
        (&["I-9", "1", "5"], "I-9"),
        (
            &["E-1", "1", "5"],
            "success metrics applies to initiatives only",
        ),
        (&["I-1", "3", "5"], "a number from 1 to 2"),
        (&["I-1", "0", "5"], "metric"),
        (&["I-1", "1", "quicker"], "check-in value"),
        (&["I-1", "1", "5", "--date", "2026-13-01"], "a date like"),
        (&["I-1", "1", "5", "--date", "yesterday"], "a date like"),
        (&["nonsense", "1", "5"], "nonsense"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["metric", "checkin"];
        all.extend_from_slice(args);
        let e = bk.err(&all);
        assert!(e.contains(expected), "{args:?}: {e}");
    }
    for (args, expected) in [
        (["I-9", "1"], "I-9"),
        (["I-1", "5"], "a number from 1 to 2"),
        (["E-1", "1"], "initiatives only"),
    ] {
        let e = bk.err(["metric", "history", args[0], args[1]]);
        assert!(e.contains(expected), "{args:?}: {e}");
    }
    assert_eq!(bk.state(), before);
}

#[test]
fn an_initiative_without_metrics_is_told_how_to_add_one() {
    let bk = Bk::new();
    bk.add(["initiative", "Grow"]);
    let e = bk.err(["metric", "checkin", "I-1", "1", "5"]);
    assert!(e.contains("backlog metric add I-1 NAME"), "{e}");
}

#[test]
fn the_roadmap_json_carries_the_standing() {
    let bk = backlog();
    bk.ok([
        "metric",
        "checkin",
        "I-1",
        "1",
        "7 min",
        "--date",
        "2026-11-01",
    ]);
    let r = bk.json(["roadmap", "--level", "initiative", "--format", "json"]);
    let card = &r["lanes"][0]["cards"][0];
    assert_eq!(card["key"], "I-1");
    let m = &card["metrics"][0];
    assert_eq!(m["current"], "7 min");
    assert_eq!(m["progress"], 0.5);
    assert_eq!(m["checkins"][0]["date"], "2026-11-01");
    let mood = &card["metrics"][1];
    assert!(
        mood.get("checkins").is_none() && mood.get("current").is_none(),
        "{mood}"
    );
}
