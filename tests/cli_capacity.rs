//! `backlog capacity`, the planning lines of `health`, the demo's history
//! and the live roadmap's exports (capacity, 85 % dates, dependency map),
//! with the real binary on the demo (clock pinned to 2026-11-23).

mod common;

use common::Bk;

#[test]
fn the_demo_has_a_history_that_gives_real_figures() {
    let bk = Bk::demo();
    // Its fifteen done stories were finished over the last six weeks.
    let f = bk.json(["forecast", "--lane", "now", "--seed", "1", "--json"]);
    assert_eq!(f["pace"]["source"], "history");
    assert_eq!(f["pace"]["weeks"].as_array().unwrap().len(), 6);
    assert!(f["dates"]["p85"].is_string(), "{f}");
    let c = bk.json(["capacity", "--json"]);
    assert_eq!(c["now"]["capacity_source"], "measured");
    assert_eq!(c["now"]["history_weeks"], 6);
    assert_eq!(c["settings"]["now_weeks"], 6);
    assert!(c["now"]["capacity_points"].as_f64().unwrap() > 0.0);
    // The last Now epic's 85 % date is the Now lane's.
    let epics = c["epics"].as_array().unwrap();
    let last_now = epics.iter().rfind(|e| e["lane"] == "now").unwrap();
    assert_eq!(last_now["p85"], f["dates"]["p85"]);
    // A finished story's history says when it was finished; undo takes
    // back the last one alone.
    let s1 = bk.json(["show", "S-1", "--json", "--history"]);
    let history = s1["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["summary"], "edit S-1: status");
    assert!(history.last().unwrap()["at"].as_str().unwrap() < "2026-11-23");
    let out = bk.ok(["undo"]);
    assert!(out.contains("edit S-"), "{out}");
    assert_eq!(
        bk.json(["list", "--json", "--kind", "story"])
            .as_array()
            .unwrap()
            .len(),
        64
    );
}

#[test]
fn capacity_says_whether_now_fits_and_what_it_stands_on() {
    let bk = Bk::demo();
    let out = bk.ok(["capacity"]);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("Now ") && first.contains(" pts — "),
        "{out}"
    );
    assert!(out.contains("measured over the last 6 weeks"), "{out}");
    assert!(out.contains("counted at the median estimate"), "{out}");
    assert!(out.contains("in roadmap order"), "{out}");
    assert!(out.contains("after Now ends"), "{out}");
    // The team's own figures.
    let set = bk.ok(["capacity", "--now-weeks", "10", "--points-per-week", "20"]);
    assert!(
        set.starts_with("Planning settings: Now = 10 weeks, capacity 20 pts/week."),
        "{set}"
    );
    let c = bk.json(["capacity", "--json"]);
    assert_eq!(c["now"]["capacity_source"], "configured");
    assert_eq!(c["now"]["capacity_points"], 200.0);
    assert_eq!(c["now"]["over"], false);
    assert_eq!(c["now_ends"], "2027-02-01");
    assert!(
        c["now"]["headline"]
            .as_str()
            .unwrap()
            .contains("/ 200 pts — fits")
    );
    // Measured again.
    bk.ok(["capacity", "--measured"]);
    let c = bk.json(["capacity", "--json"]);
    assert_eq!(c["settings"]["points_per_week"], serde_json::Value::Null);
    assert_eq!(c["settings"]["now_weeks"], 10);
}

#[test]
fn bad_settings_get_one_line_and_change_nothing() {
    let bk = Bk::demo();
    let before = bk.bytes();
    for (args, want) in [
        (&["capacity", "--now-weeks", "0"][..], "--now-weeks `0`"),
        (&["capacity", "--now-weeks", "105"], "--now-weeks `105`"),
        (
            &["capacity", "--points-per-week=-3"],
            "--points-per-week `-3`",
        ),
        (
            &["capacity", "--points-per-week", "0"],
            "--points-per-week `0`",
        ),
        (
            &["capacity", "--points-per-week", "inf"],
            "--points-per-week `inf`",
        ),
    ] {
        let line = bk.err(args);
        assert!(line.contains(want), "{args:?}: {line}");
    }
    bk.usage_err(["capacity", "--points-per-week", "5", "--measured"]);
    bk.usage_err(["capacity", "--now-weeks", "six"]);
    assert!(bk.bytes() == before, "a refused setting changed the file");
}

#[test]
fn settings_travel_with_the_backlog() {
    let bk = Bk::demo();
    bk.ok(["capacity", "--now-weeks", "8", "--points-per-week", "12.5"]);
    let doc = bk.ok(["export"]);
    assert!(
        doc.contains("\"planning\": {\n    \"now_weeks\": 8,\n    \"points_per_week\": 12.5\n  }"),
        "{}",
        &doc[..400]
    );
    let file = bk.path("b.json");
    std::fs::write(&file, &doc).unwrap();
    let other = Bk::empty();
    other.ok(["import".as_ref(), file.as_os_str()]);
    let c = other.json(["capacity", "--json"]);
    assert_eq!(c["settings"]["now_weeks"], 8);
    assert_eq!(c["settings"]["points_per_week"], 12.5);
    assert_eq!(other.ok(["export"]), doc);
    // A backlog that never set them exports no planning at all.
    assert!(!Bk::demo().ok(["export"]).contains("\"planning\""));
}

#[test]
fn health_lists_an_over_committed_now_and_late_epics() {
    let bk = Bk::demo();
    bk.ok(["capacity", "--points-per-week", "5"]);
    let out = bk.ok(["health"]);
    assert!(out.contains("\nCapacity: over-committed\n"), "{out}");
    assert!(
        out.contains("Now epics forecast (85%) to finish after Now ends"),
        "{out}"
    );
    let h = bk.json(["health", "--json"]);
    assert_eq!(h["planning"]["over_committed"], true);
    assert!(!h["planning"]["late"].as_array().unwrap().is_empty());
    bk.ok(["capacity", "--points-per-week", "500"]);
    let h = bk.json(["health", "--json"]);
    assert_eq!(h["planning"]["over_committed"], false);
}

#[test]
fn a_young_backlog_says_not_enough_history() {
    let bk = Bk::empty();
    bk.ok(["add", "initiative", "Grow", "--lane", "now"]);
    bk.ok(["add", "epic", "Checkout", "--initiative", "I-1"]);
    bk.ok([
        "add",
        "story",
        "Pay by card",
        "--epic",
        "E-1",
        "--points",
        "3",
    ]);
    let out = bk.ok(["capacity"]);
    assert!(
        out.starts_with("Now 3 pts — capacity unknown: 0 of 4 weeks of history"),
        "{out}"
    );
    assert!(
        out.contains("set one with `backlog capacity --points-per-week N`"),
        "{out}"
    );
    let roadmap = bk.ok(["roadmap"]);
    assert!(roadmap.contains("85%: not enough history"), "{roadmap}");
}

#[test]
fn roadmap_exports_carry_capacity_dates_and_the_dependency_map() {
    let bk = Bk::demo();
    let text = bk.ok(["roadmap"]);
    assert!(text.lines().nth(1).unwrap().starts_with("Now "), "{text}");
    assert!(text.contains(" · 85%: "), "{text}");
    let md = bk.ok(["roadmap", "--format", "md"]);
    assert!(md.contains("**Capacity:**"), "{md}");
    assert!(md.contains("## Dependencies"), "{md}");
    let chart = md
        .split("```mermaid\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    // The same chart `dep map` draws.
    assert_eq!(chart, bk.ok(["dep", "map", "--format", "mermaid"]));
    let html = bk.ok(["roadmap", "--format", "html"]);
    assert!(html.contains("<svg class=\"depmap\""), "no map in HTML");
    assert!(
        html.contains("class=\"capacity over\""),
        "no capacity in HTML"
    );
    assert_eq!(html.matches("<script").count(), 0);
    let json = bk.json(["roadmap", "--format", "json"]);
    assert!(
        json["planning"]["headline"]
            .as_str()
            .unwrap()
            .starts_with("Now ")
    );
    assert!(json["planning"]["epics"][0]["p85"].is_string());
}
