//! The real binary: `forecast` from a history written week by week with a
//! pinned clock (`BACKLOG_NOW`), at a constant pace and with a seed.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::Bk;

fn now() -> DateTime<Utc> {
    common::NOW.parse().unwrap()
}

fn at(bk: &Bk, t: DateTime<Utc>, args: &[&str]) -> String {
    bk.ok_at(&t.to_rfc3339(), args)
}

/// 13 weeks ago: one epic in Now with 44 stories (S-1…S-44). Then two
/// stories finished in each of the last 12 weeks (S-1…S-24): 20 are left.
fn steady_team() -> Bk {
    let bk = Bk::empty();
    let start = now() - Duration::weeks(13);
    at(&bk, start, &["init"]);
    at(
        &bk,
        start,
        &["add", "initiative", "Field work", "--lane", "now"],
    );
    at(
        &bk,
        start,
        &["add", "epic", "Scheduling", "--initiative", "I-1"],
    );
    let stories: String = (1..=44)
        .map(|n| format!("As a dispatcher, I want task {n}, so that jobs move\n"))
        .collect();
    let file = bk.path("stories.txt");
    std::fs::write(&file, stories).unwrap();
    at(
        &bk,
        start,
        &["import", file.to_str().unwrap(), "--epic", "E-1"],
    );
    for week in 0..12 {
        let t = now() - Duration::weeks(12 - week) + Duration::days(2);
        for s in [2 * week + 1, 2 * week + 2] {
            at(&bk, t, &["edit", &format!("S-{s}"), "--status", "done"]);
        }
    }
    bk
}

#[test]
fn a_constant_pace_forecasts_the_expected_date_at_every_percentile() {
    let bk = steady_team();
    let text = bk.ok(["forecast", "E-1", "--seed", "7"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Forecast for E-1 Scheduling: 20 stories left (0 points, 20 unestimated)"
    );
    assert_eq!(
        lines[1],
        "Pace: 2 stories a week (24 stories, 0 points finished in the last 12 weeks)"
    );
    // 20 stories at 2 a week: 10 weeks from 2026-11-23.
    for (line, p) in lines[2..5].iter().zip(["50", "85", "95"]) {
        assert_eq!(*line, format!("  {p}%  by 2027-02-01"));
    }
    assert_eq!(
        lines[5],
        "10000 trials sampling the weekly throughput of the last 12 weeks (seed 7)."
    );
    // The Now lane holds the same stories.
    let lane = bk.json(["forecast", "--lane", "now", "--json", "--seed", "1"]);
    assert_eq!(lane["scope"]["lane"], "now");
    assert_eq!(lane["remaining"]["stories"], 20);
    assert_eq!(lane["pace"]["source"], "history");
    assert_eq!(lane["pace"]["stories_per_week"], 2.0);
    let weeks: Vec<u64> = lane["pace"]["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["stories"].as_u64().unwrap())
        .collect();
    assert_eq!(weeks, [2; 12]);
    assert_eq!(lane["dates"]["p85"], "2027-02-01");
}

#[test]
fn the_same_seed_gives_the_same_forecast_and_a_short_window_is_refused() {
    let bk = steady_team();
    // An uneven pace: three more stories in the last week.
    let t = now() - Duration::days(1);
    for s in ["S-25", "S-26", "S-27"] {
        at(&bk, t, &["edit", s, "--status", "done"]);
    }
    let a = bk.ok(["forecast", "--seed", "99", "--json"]);
    let b = bk.ok(["forecast", "--seed", "99", "--json"]);
    assert_eq!(a, b);
    let e = bk.err(["forecast", "--window", "3"]);
    assert!(
        e.contains("not enough history: 3 of the 4 weeks needed"),
        "{e}"
    );
    let e = bk.err(["forecast", "--window", "0"]);
    assert!(e.contains("--window"), "{e}");
    let e = bk.err(["forecast", "--window", "521"]);
    assert!(e.contains("from 1 to 520"), "{e}");
}

#[test]
fn a_new_backlog_needs_a_given_pace_and_bad_input_is_refused() {
    // The demo's stories imported into a new file: no history of its own.
    let demo = Bk::demo();
    let doc = demo.path("demo.json");
    demo.ok(["export".as_ref(), "-o".as_ref(), doc.as_os_str()]);
    let bk = Bk::empty();
    bk.ok(["import".as_ref(), doc.as_os_str()]);
    let before = bk.state();
    let e = bk.err(["forecast"]);
    assert!(
        e.contains("not enough history") && e.contains("--throughput"),
        "{e}"
    );
    let text = bk.ok(["forecast", "E-3", "--throughput", "1.5"]);
    assert!(text.contains("Pace: 1.5 stories a week (given)"), "{text}");
    assert!(bk.err(["forecast", "E-99"]).contains("E-99"));
    assert!(
        bk.err(["forecast", "--throughput", "0"])
            .contains("--throughput")
    );
    assert!(bk.err(["forecast", "--trials", "0"]).contains("--trials"));
    bk.usage_err(["forecast", "--lane", "soon"]);
    bk.usage_err(["forecast", "E-3", "--lane", "now"]);
    assert_eq!(bk.state(), before, "forecast changed the file");
}
