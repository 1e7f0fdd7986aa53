//! The real binary: roadmap exports, snapshots and diffs on the demo
//! backlog, with the clock pinned by BACKLOG_NOW.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const NOW: &str = "2026-11-23T10:00:00Z";

struct Env {
    dir: TempDir,
    db: PathBuf,
}

impl Env {
    /// A fresh file holding the demo backlog.
    fn demo() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("backlog.db");
        let env = Env { dir, db };
        env.ok(&["demo"]);
        env
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("backlog").unwrap();
        c.env("BACKLOG_DB", &self.db)
            .env("BACKLOG_NOW", NOW)
            .env_remove("NO_COLOR")
            .args(args);
        c
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self
            .cmd(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }

    /// Runs a command that must fail with exit 1; returns its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd(args).assert().code(1).get_output().stderr.clone();
        let err = String::from_utf8(out).unwrap();
        assert!(err.starts_with("error: "), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        err
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

/// Keys of the cards in lane `n` (0 now, 1 next, 2 later) of a roadmap JSON.
fn lane_keys(v: &Value, n: usize) -> Vec<String> {
    v["lanes"][n]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn roadmap_in_every_format() {
    let env = Env::demo();
    let text = env.ok(&["roadmap"]);
    assert!(text.starts_with("Roadmap: epics by RICE, generated 2026-11-23 10:00 UTC\n"));
    assert!(text.contains("\nNOW (") && text.contains("\nNEXT (") && text.contains("\nLATER ("));

    let v = json(&env.ok(&["roadmap", "--format", "json"]));
    assert_eq!(v["model"], "rice");
    assert_eq!(v["level"], "epic");
    assert_eq!(v["generated"], NOW);
    assert!(lane_keys(&v, 1).contains(&"E-6".to_string()));
    let cards: usize = (0..3).map(|n| lane_keys(&v, n).len()).sum::<usize>()
        + v["unplanned"].as_array().unwrap().len();

    let csv = env.ok(&["roadmap", "--format", "csv"]);
    assert_eq!(
        csv.lines().count(),
        cards + 1,
        "a header and a row per card"
    );
    assert!(csv.starts_with("lane,position,key,title,"));

    let md = env.ok(&["roadmap", "--format", "md", "--by", "wsjf"]);
    assert!(md.starts_with("# Roadmap: epics by WSJF\n"));
    assert!(md.contains("## Now ("));

    let v = json(&env.ok(&["roadmap", "--format", "json", "--level", "initiative"]));
    assert_eq!(v["level"], "initiative");
    assert_eq!(
        v["lanes"][0]["cards"][0]["key"]
            .as_str()
            .unwrap()
            .chars()
            .next(),
        Some('I')
    );

    // -o writes the same bytes as stdout.
    let file = env.path("roadmap.html");
    let said = env.ok(&["roadmap", "--format", "html", "-o", file.to_str().unwrap()]);
    assert!(said.starts_with("wrote "), "{said}");
    let html = std::fs::read_to_string(&file).unwrap();
    assert_eq!(html, env.ok(&["roadmap", "--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));

    env.cmd(&["roadmap", "--format", "pdf"]).assert().code(2);
    let e = env.fails(&[
        "roadmap",
        "-o",
        env.path("no/such/dir.md").to_str().unwrap(),
    ]);
    assert!(e.contains("cannot write"), "{e}");
}

#[test]
fn snapshot_round_trip_keeps_the_old_roadmap() {
    let env = Env::demo();
    let formats = ["text", "md", "html", "json", "csv"];
    let live_json = env.ok(&["roadmap", "--format", "json"]);

    let said = env.ok(&["snapshot", "take"]);
    assert!(said.contains("“2026-11-23”"), "{said}");
    let e = env.fails(&["snapshot", "take"]);
    assert!(e.contains("already exists"), "{e}");
    assert!(
        env.ok(&["snapshot", "list"])
            .contains("2026-11-23  2026-11-23 10:00 UTC")
    );
    // The snapshot is the live roadmap's cards as they were (a live
    // roadmap also carries today's capacity, dates and dependency map,
    // which a snapshot does not keep).
    let before: Vec<String> = formats
        .iter()
        .map(|f| env.ok(&["snapshot", "show", "2026-11-23", "--format", f]))
        .collect();
    let cards = |text: &str| {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        (v["lanes"].clone(), v["unplanned"].clone())
    };
    assert_eq!(cards(&before[3]), cards(&live_json));
    let wsjf_before = env.ok(&[
        "snapshot",
        "show",
        "2026-11-23",
        "--format",
        "md",
        "--by",
        "wsjf",
        "--level",
        "initiative",
    ]);

    // Change the backlog.
    env.ok(&["edit", "E-6", "--lane", "now", "--title", "Renamed"]);
    env.ok(&["score", "E-12", "--reach", "5000"]);
    env.ok(&["rm", "E-13"]);
    assert_ne!(
        cards(&env.ok(&["roadmap", "--format", "json"])),
        cards(&before[3])
    );

    // The snapshot shows the roadmap exactly as it was, in every format.
    for (f, want) in formats.iter().zip(&before) {
        assert_eq!(
            &env.ok(&["snapshot", "show", "2026-11-23", "--format", f]),
            want,
            "{f}"
        );
    }
    assert_eq!(
        env.ok(&[
            "snapshot",
            "show",
            "2026-11-23",
            "--format",
            "md",
            "--by",
            "wsjf",
            "--level",
            "initiative"
        ]),
        wsjf_before
    );
    // Later clocks do not change what it says either.
    let later = env
        .cmd(&["snapshot", "show", "2026-11-23", "--format", "json"])
        .env("BACKLOG_NOW", "2027-01-01T00:00:00Z")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(later).unwrap(), before[3]);

    let e = env.fails(&["snapshot", "show", "nope"]);
    assert!(e.contains("no snapshot named “nope”"), "{e}");
    let list = json(&env.ok(&["snapshot", "list", "--json"]));
    // Oldest first: the demo's own snapshot of October, then this one.
    assert_eq!(list[0]["name"], "October");
    assert_eq!(list[1]["name"], "2026-11-23");
    assert_eq!(list[1]["taken"], NOW);
    env.ok(&["snapshot", "rm", "2026-11-23"]);
    env.ok(&["snapshot", "rm", "October"]);
    assert!(env.ok(&["snapshot", "list"]).contains("No snapshots yet"));
}

#[test]
fn diff_names_exactly_a_move_and_a_rescore() {
    let env = Env::demo();
    env.ok(&["snapshot", "take", "Q3 review"]);
    let v = json(&env.ok(&["roadmap", "--format", "json"]));
    assert!(
        lane_keys(&v, 1).contains(&"E-6".to_string()),
        "E-6 starts in next"
    );
    assert!(lane_keys(&v, 2).contains(&"E-12".to_string()));

    env.ok(&["edit", "E-6", "--lane", "now"]);
    env.ok(&["score", "E-12", "--reach", "5000"]);

    let text = env.ok(&["diff", "Q3 review"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0]
            .starts_with("Roadmap changes from “Q3 review” (2026-11-23 10:00 UTC) to live backlog")
    );
    assert!(
        lines[1].contains("moved") && lines[1].contains("E-6") && lines[1].contains("next → now"),
        "{text}"
    );
    assert!(
        lines[2].contains("re-scored")
            && lines[2].contains("E-12")
            && lines[2].contains("400 → 1333.3"),
        "{text}"
    );
    assert_eq!(lines[3], "2 changes: 1 moved, 1 re-scored");

    let d = json(&env.ok(&["diff", "Q3 review", "--json"]));
    assert_eq!(d["old"]["name"], "Q3 review");
    assert_eq!(d["new"]["name"], Value::Null);
    for (field, n) in [
        ("added", 0),
        ("dropped", 0),
        ("moved", 1),
        ("reranked", 0),
        ("rescored", 1),
    ] {
        assert_eq!(d[field].as_array().unwrap().len(), n, "{field}: {d}");
    }
    assert_eq!(d["moved"][0]["key"], "E-6");
    assert_eq!(
        (d["moved"][0]["from"].as_str(), d["moved"][0]["to"].as_str()),
        (Some("next"), Some("now"))
    );
    assert_eq!(d["rescored"][0]["key"], "E-12");
    assert_eq!(d["rescored"][0]["from"], 400.0);
    assert_eq!(d["summary"], "2 changes: 1 moved, 1 re-scored");

    // Snapshot to snapshot.
    env.ok(&["snapshot", "take", "after"]);
    let d = json(&env.ok(&["diff", "Q3 review", "after", "--json"]));
    assert_eq!(d["new"]["name"], "after");
    assert_eq!(d["summary"], "2 changes: 1 moved, 1 re-scored");
    assert_eq!(
        env.ok(&["diff", "after"]).lines().last(),
        Some("no changes")
    );

    let e = env.fails(&["diff", "nope"]);
    assert!(e.contains("no snapshot named"), "{e}");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db: &Path = &dir.path().join("none.db");
    let mut c = Command::cargo_bin("backlog").unwrap();
    c.env("BACKLOG_DB", db)
        .args(["roadmap"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no backlog file"));
}
