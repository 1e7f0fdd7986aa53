//! `backlog health` and `backlog refine summary` through the real binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn bin(now: &str) -> Command {
    let mut c = Command::cargo_bin("backlog").unwrap();
    c.env_remove("BACKLOG_DB").env("BACKLOG_NOW", now);
    c
}

fn ok_at(db: &Path, now: &str, args: &[&str]) -> String {
    let out = bin(now).arg("--db").arg(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "backlog {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const NOW: &str = "2026-11-23T10:00:00Z";

fn ok(db: &Path, args: &[&str]) -> String {
    ok_at(db, NOW, args)
}

fn realdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realdata/user_stories/dalpiaz2018")
}

#[test]
fn health_on_real_user_stories_finds_real_duplicates() {
    // Real backlogs by other people (Dalpiaz 2018, CC BY 4.0).
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("real.db");
    for f in [
        "g02-federalspending.txt",
        "g19-alfred.txt",
        "g05-openspending.txt",
    ] {
        let p = realdata().join(f);
        ok(&db, &["import", p.to_str().unwrap()]);
    }
    let h: Value = serde_json::from_str(&ok(&db, &["health", "--json"])).unwrap();
    let open = h["open_stories"].as_u64().unwrap();
    assert!(open > 200, "{open}");
    // Imported stories have persona and goal but no criteria or estimates.
    let cov = |name: &str| {
        h["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(cov("acceptance criteria"), 0);
    assert_eq!(cov("estimate"), 0);
    assert_eq!(h["not_ready"].as_array().unwrap().len() as u64, open);
    // g02 repeats "Move on to round 2 of Homepage edits"; g19 repeats
    // several ALFRED stories: real duplicates, found with their figure.
    let dups = h["duplicates"].as_array().unwrap();
    assert!(dups.len() >= 5, "{dups:?}");
    let titles = |d: &Value| {
        let show = |k: &str| ok(&db, &["show", k, "--json"]);
        let a: Value = serde_json::from_str(&show(d["a"].as_str().unwrap())).unwrap();
        let b: Value = serde_json::from_str(&show(d["b"].as_str().unwrap())).unwrap();
        (
            a["title"].as_str().unwrap().to_string(),
            b["title"].as_str().unwrap().to_string(),
        )
    };
    let (a, b) = titles(&dups[0]);
    assert_eq!(a.to_lowercase(), b.to_lowercase());
    // Every pair reported meets the threshold (weighted word Dice 0.78,
    // `domain::duplicates::THRESHOLD`).
    assert!(
        dups.iter()
            .all(|d| d["similarity"].as_f64().unwrap() >= 0.78)
    );
    assert!(dups.iter().any(|d| {
        let (a, _) = titles(d);
        a.contains("round 2 of Homepage")
    }));
    // The text report says the same.
    let text = ok(&db, &["health"]);
    assert!(
        text.contains("0% ") && text.contains("Likely duplicates:"),
        "{text}"
    );
}

#[test]
fn health_reports_each_finding_on_a_fixture() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("b.db");
    ok(&db, &["add", "initiative", "Grow", "--lane", "now"]);
    ok(
        &db,
        &[
            "add",
            "initiative",
            "Later work",
            "--lane",
            "later",
            "--outcome",
            "More",
        ],
    );
    ok(
        &db,
        &[
            "metric",
            "add",
            "I-2",
            "Signups",
            "--baseline",
            "10",
            "--target",
            "20",
        ],
    );
    ok(&db, &["add", "epic", "Now epic", "--initiative", "I-1"]);
    ok(&db, &["add", "epic", "Later epic", "--initiative", "I-2"]);
    ok(
        &db,
        &[
            "add",
            "story",
            "Export invoices to PDF",
            "--epic",
            "E-1",
            "--as",
            "clerk",
            "--want",
            "to export",
            "--points",
            "3",
            "--ac",
            "works",
        ],
    );
    ok(
        &db,
        &[
            "add",
            "story",
            "Export invoices to PDF files",
            "--epic",
            "E-1",
        ],
    );
    ok(&db, &["add", "story", "Something later", "--epic", "E-2"]);
    ok(&db, &["add", "story", "Dropped work", "--epic", "E-2"]);
    ok(&db, &["edit", "S-4", "--status", "dropped"]);
    ok(&db, &["dep", "add", "S-1", "--on", "S-3"]);
    ok(&db, &["dep", "add", "S-2", "--on", "S-4"]);
    ok(
        &db,
        &[
            "score",
            "S-1",
            "--value",
            "2",
            "--time-criticality",
            "3",
            "--risk-reduction",
            "4",
            "--job-size",
            "5",
        ],
    );
    ok(
        &db,
        &[
            "score",
            "S-2",
            "--value",
            "3",
            "--time-criticality",
            "5",
            "--risk-reduction",
            "8",
            "--job-size",
            "13",
        ],
    );
    // S-2 goes in progress and then nothing happens for 20 days.
    ok_at(
        &db,
        "2026-11-01T10:00:00Z",
        &["edit", "S-2", "--status", "in-progress", "--force"],
    );

    let h: Value = serde_json::from_str(&ok(&db, &["health", "--json"])).unwrap();
    let keys = |v: &Value, field: &str| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x[field].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(h["outcome_coverage"]["missing"], serde_json::json!(["I-1"]));
    assert!(keys(&h["not_ready"], "key").contains(&"S-1".to_string()));
    assert_eq!(keys(&h["duplicates"], "a"), ["S-1"]);
    assert_eq!(keys(&h["duplicates"], "b"), ["S-2"]);
    assert!(keys(&h["wsjf_off_scale"], "key").contains(&"S-1".to_string())); // risk reduction 4
    assert_eq!(h["wsjf_no_one"].as_array().unwrap().len(), 4); // no column holds a 1
    let problems: Vec<String> = keys(&h["dependency_problems"], "problem");
    assert!(
        problems.contains(&"earlier-lane".to_string()),
        "{problems:?}"
    );
    assert!(problems.contains(&"dropped".to_string()), "{problems:?}");
    assert_eq!(keys(&h["stale"], "key"), ["S-2"]);
    assert_eq!(h["stale"][0]["days"], 22);
    let text = ok(&db, &["health", "--stale-days", "30"]);
    assert!(
        text.contains("Stale: in progress, unchanged for 30+ days: none"),
        "{text}"
    );
}

#[test]
fn refine_summary_lists_what_the_session_did() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("b.db");
    ok_at(&db, "2026-11-23T08:00:00Z", &["demo"]);
    // The session, from 09:00.
    let t = "2026-11-23T09:30:00Z";
    ok_at(
        &db,
        t,
        &["ac", "add", "S-7", "Sharing resumes when the break ends"],
    );
    ok_at(&db, t, &["edit", "S-7", "--points", "2"]);
    ok_at(&db, t, &["edit", "S-7", "--status", "ready"]);
    ok_at(
        &db,
        t,
        &[
            "decide",
            "S-28",
            "Ship iOS offline after Android",
            "--why",
            "78% of techs use Android",
        ],
    );
    ok_at(&db, t, &["edit", "S-28", "--label", "parked"]);
    let md = ok(
        &db,
        &["refine", "summary", "--since", "2026-11-23T09:00:00Z"],
    );
    assert!(
        md.contains("## Made ready (1)") && md.contains("**S-7**"),
        "{md}"
    );
    assert!(
        md.contains("## Estimates (1)") && md.contains("– → 2 points"),
        "{md}"
    );
    assert!(md.contains("Sharing resumes when the break ends"), "{md}");
    assert!(
        md.contains("## Decisions (1)")
            && md.contains("Ship iOS offline after Android — 78% of techs use Android"),
        "{md}"
    );
    assert!(
        md.contains("## Parked (1)") && md.contains("**S-28**"),
        "{md}"
    );
    // The demo load before the session is not refinement.
    assert!(!md.contains("S-1**"), "{md}");
    let j: Value = serde_json::from_str(&ok(
        &db,
        &[
            "refine",
            "summary",
            "--since",
            "2026-11-23T09:00:00Z",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(j["summary"]["made_ready"][0]["key"], "S-7");
    assert_eq!(j["summary"]["estimates"][0]["new"], 2.0);
    // Before the session started nothing had changed.
    let later = ok(
        &db,
        &["refine", "summary", "--since", "2026-11-23T10:00:00Z"],
    );
    assert!(later.contains("Nothing changed."), "{later}");
}

#[test]
fn real_duplicates_are_found_without_one_word_lookalikes() {
    // g08 (Dalpiaz 2018, CC BY 4.0) asks for a Data Package "into Julia",
    // "into Excel", "into SPSS"…: different work, one telling word apart.
    // It also holds the Julia story twice: a real duplicate.
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("g08.db");
    let file = realdata().join("g08-frictionless.txt");
    ok(&db, &["import", file.to_str().unwrap()]);
    let h: Value = serde_json::from_str(&ok(&db, &["health", "--json"])).unwrap();
    let list: Value =
        serde_json::from_str(&ok(&db, &["list", "--json", "--kind", "story"])).unwrap();
    let title = |k: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == k)
            .map(|i| i["title"].as_str().unwrap().to_lowercase())
            .unwrap()
    };
    let pairs: Vec<(String, String)> = h["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                title(d["a"].as_str().unwrap()),
                title(d["b"].as_str().unwrap()),
            )
        })
        .collect();
    assert!(
        pairs
            .iter()
            .any(|(a, b)| a == b && a.contains("into julia")),
        "{pairs:#?}"
    );
    for (a, b) in &pairs {
        let tool = |t: &str| t.split("into ").nth(1).map(str::to_string);
        assert!(
            !(a.contains("data package into") && tool(a) != tool(b)),
            "a one-word lookalike: {a} ~ {b}"
        );
        assert!(
            !(a.ends_with("integration") && a != b),
            "a one-word lookalike: {a} ~ {b}"
        );
    }
}
