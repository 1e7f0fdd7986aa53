//! `edit --pin N|none` with the real binary: a card pinned over its score
//! in every roadmap format and in `show`, dropped by a lane change, kept
//! through undo and through an export / import round trip; every refusal
//! one line with nothing changed.

mod common;

use common::Bk;
use serde_json::Value;

/// Keys of the Now lane of `roadmap --format json`.
fn now_lane(bk: &Bk) -> Vec<String> {
    let v: Value = bk.json(["roadmap", "--format", "json"]);
    v["lanes"][0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_pinned_card_takes_its_place_in_every_output() {
    let bk = Bk::demo();
    assert_eq!(now_lane(&bk), ["E-4", "E-5", "E-2", "E-1", "E-3"]);
    bk.ok(["edit", "E-3", "--pin", "1"]);
    assert_eq!(now_lane(&bk), ["E-3", "E-4", "E-5", "E-2", "E-1"]);
    assert_eq!(bk.show("E-3")["pinned"], 1);
    assert!(bk.show("E-4").get("pinned").is_none());
    assert!(bk.ok(["show", "E-3"]).contains("pinned at 1 in its lane"));

    let text = bk.ok(["roadmap"]);
    assert!(text.contains("RICE 360 · pinned at 1"), "{text}");
    assert!(
        bk.ok(["roadmap", "--format", "md"])
            .contains("📌 pinned at 1")
    );
    assert!(
        bk.ok(["roadmap", "--format", "html"])
            .contains("📌 pinned at 1")
    );
    let csv = bk.ok(["roadmap", "--format", "csv"]);
    assert!(csv.lines().next().unwrap().ends_with(",pinned"));
    assert!(
        csv.lines()
            .any(|l| l.starts_with("now,1,E-3,") && l.ends_with(",1")),
        "{csv}"
    );
    let v: Value = bk.json(["roadmap", "--format", "json"]);
    assert_eq!(v["lanes"][0]["cards"][0]["pinned"], 1);

    // The planning forecast follows the roadmap order: E-3 is first now.
    let plan = bk.ok(["roadmap"]);
    let e3 = plan.find("  E-3 ").unwrap();
    let e4 = plan.find("  E-4 ").unwrap();
    assert!(e3 < e4);

    // Undo and redo.
    assert!(bk.ok(["undo"]).contains("edit E-3: pinned"));
    assert_eq!(now_lane(&bk), ["E-4", "E-5", "E-2", "E-1", "E-3"]);
    bk.ok(["redo"]);
    assert_eq!(now_lane(&bk)[0], "E-3");

    // A lane change drops the pin, and says so in the history.
    bk.ok(["edit", "E-3", "--lane", "next"]);
    assert!(bk.show("E-3").get("pinned").is_none());
    let history = bk.ok(["show", "E-3", "--history"]);
    assert!(history.contains("pinned: 1 → –"), "{history}");

    // `none` unpins.
    bk.ok(["edit", "E-1", "--pin", "2"]);
    bk.ok(["edit", "E-1", "--pin", "none"]);
    assert!(bk.show("E-1").get("pinned").is_none());
}

#[test]
fn bad_pins_are_refused_and_change_nothing() {
    let bk = Bk::demo();
    let before = bk.state();
    for (args, wanted) in [
        (
            ["edit", "S-1", "--pin", "1"],
            "only initiatives and epics can be pinned",
        ),
        (["edit", "E-1", "--pin", "0"], "invalid pinned place `0`"),
        (["edit", "E-1", "--pin", "-2"], "invalid pinned place `-2`"),
        (
            ["edit", "E-1", "--pin", "first"],
            "invalid pinned place `first`",
        ),
        (
            ["edit", "E-1", "--pin", "99999999999"],
            "invalid pinned place",
        ),
    ] {
        let e = bk.err(args);
        assert!(e.contains(wanted), "{args:?}: {e}");
    }
    assert_eq!(bk.state(), before);
}

#[test]
fn pins_survive_an_export_and_import_and_bad_ones_are_refused_with_their_line() {
    let bk = Bk::demo();
    bk.ok(["edit", "E-3", "--pin", "1"]);
    bk.ok(["edit", "I-2", "--pin", "2"]);
    let doc = bk.path("b.json");
    bk.ok(["export", "-o", doc.to_str().unwrap()]);
    let copy = Bk::empty();
    copy.ok(["import", doc.to_str().unwrap()]);
    assert_eq!(copy.show("E-3")["pinned"], 1);
    assert_eq!(copy.show("I-2")["pinned"], 2);
    let again = copy.path("again.json");
    copy.ok(["export", "-o", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&doc).unwrap(),
        std::fs::read(&again).unwrap(),
        "byte-identical round trip"
    );

    let text = std::fs::read_to_string(&doc).unwrap();
    for (bad, wanted) in [
        ("\"pinned\": 1", "\"pinned\": 0"),
        ("\"pinned\": 1", "\"pinned\": 9223372036854775807"),
    ] {
        let broken = bk.path("broken.json");
        std::fs::write(&broken, text.replacen(bad, wanted, 1)).unwrap();
        let target = Bk::new();
        let before = target.bytes();
        let e = target.err(["import", broken.to_str().unwrap()]);
        assert!(
            e.contains("broken.json:") && e.contains("pinned place"),
            "{e}"
        );
        assert_eq!(target.bytes(), before);
    }
}
