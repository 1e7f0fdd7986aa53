//! The commands that work with items, run as the real binary on real files:
//! init, demo, add, edit, ac, metric, score, dep, decide, list, show,
//! rm / restore / undo / redo.

mod common;

use common::{Bk, keys};
use serde_json::{Value, json};

/// An item's JSON without the fields every write bumps.
fn content(v: &Value) -> Value {
    let mut v = v.clone();
    let m = v.as_object_mut().unwrap();
    m.remove("version");
    m.remove("updated");
    v
}

// ---------------------------------------------------------------- init, demo

#[test]
fn init_creates_the_file_once() {
    let bk = Bk::empty();
    let out = bk.ok(["init"]);
    assert_eq!(out, format!("created {}\n", bk.db.display()));
    assert!(bk.db.is_file());
    let out = bk.ok(["init"]);
    assert_eq!(
        out,
        format!("{} already exists (0 items)\n", bk.db.display())
    );
    assert_eq!(bk.ok(["path"]), format!("{}\n", bk.db.display()));
    let empty = bk.ok(["list"]);
    assert!(empty.contains("The backlog is empty"), "{empty}");
    assert_eq!(bk.json(["list", "--json"]), json!([]));
}

#[test]
fn backlog_db_env_picks_the_file() {
    let bk = Bk::empty();
    let mut c = assert_cmd::Command::cargo_bin("backlog").unwrap();
    c.env("BACKLOG_DB", &bk.db)
        .env("BACKLOG_NOW", common::NOW)
        .args(["add", "initiative", "From the environment"]);
    c.assert().success().stdout("I-1\n");
    assert_eq!(bk.show("I-1")["title"], "From the environment");
}

#[test]
fn no_subcommand_without_a_terminal_points_at_the_commands() {
    // Without a subcommand `backlog` opens the TUI; with no terminal (as
    // here) it says so in one line instead of garbling a pipe.
    let bk = Bk::new();
    let err = bk.err::<[&str; 0], &str>([]);
    assert!(
        err.contains("needs a terminal") && err.contains("--help"),
        "{err}"
    );
}

#[test]
fn demo_loads_and_refuses_a_non_empty_file_unless_forced() {
    let bk = Bk::empty();
    let out = bk.ok(["demo"]);
    assert!(out.starts_with("loaded the demo backlog"), "{out}");
    let all = bk.json(["list", "--json"]);
    let count = |kind: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == kind)
            .count()
    };
    assert!(count("initiative") >= 4);
    assert!(count("epic") >= 12);
    assert!(count("story") >= 60);
    // Some stories are scored, some not ready yet.
    let stories: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "story")
        .collect();
    assert!(stories.iter().any(|s| s["rice"].is_number()));
    assert!(stories.iter().any(|s| s["status"] == "draft"));

    let before = bk.state();
    let e = bk.err(["demo"]);
    assert!(e.contains("--force"), "{e}");
    assert_eq!(bk.state(), before);

    // --force replaces what the file holds, whatever it holds.
    bk.add(["initiative", "Something of my own"]);
    let out = bk.ok(["demo", "--force"]);
    assert!(out.starts_with("loaded the demo backlog"), "{out}");
    let again = bk.json(["list", "--json"]);
    assert_eq!(keys(&again), keys(&all));
    assert!(
        !again
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["title"] == "Something of my own")
    );
}

#[test]
fn loading_the_demo_can_be_undone_and_redone() {
    let bk = Bk::demo();
    let loaded = bk.json(["list", "--json", "--sort", "key"]);
    // A redo is a change made now: it moves `updated` and `version`.
    let insights_as_loaded = || {
        let mut list = bk.json(["insight", "list", "--json"]);
        for i in list.as_array_mut().unwrap() {
            let i = i.as_object_mut().unwrap();
            i.remove("updated");
            i.remove("version");
        }
        list
    };
    let insights = insights_as_loaded();
    assert_eq!(insights.as_array().unwrap().len(), 33);
    assert_eq!(bk.undo_demo(), "undone: load the demo backlog\n");
    assert_eq!(bk.json(["list", "--json"]), json!([]));
    assert_eq!(bk.json(["insight", "list", "--json"]), json!([]));
    let redone = bk.redo_all();
    assert_eq!(redone[0], "redone: load the demo backlog\n");
    // Then each story the demo's team finished, each customer insight,
    // metric check-in and decision recorded since the history began, and
    // the two lane moves made after the month's snapshot.
    assert!(
        redone[1..].iter().all(|r| r.ends_with(": status\n")
            || r.starts_with("redone: add insight F-")
            || r.starts_with("redone: check in metric ")
            || r.starts_with("redone: decision on ")
            || r.ends_with(": lane\n")),
        "{redone:?}"
    );
    assert_eq!(
        redone.iter().filter(|r| r.ends_with(": lane\n")).count(),
        2,
        "{redone:?}"
    );
    assert_eq!(
        redone
            .iter()
            .filter(|r| r.starts_with("redone: add insight"))
            .count(),
        7,
        "{redone:?}"
    );
    assert_eq!(insights_as_loaded(), insights);
    let again = bk.json(["list", "--json", "--sort", "key"]);
    assert_eq!(keys(&again), keys(&loaded));
    for (a, b) in again
        .as_array()
        .unwrap()
        .iter()
        .zip(loaded.as_array().unwrap())
    {
        assert_eq!(a["depends_on"], b["depends_on"], "{}", a["key"]);
        assert_eq!(a["acceptance_criteria"], b["acceptance_criteria"]);
        assert_eq!(a["rice"], b["rice"]);
    }
}

// ----------------------------------------------------------------------- add

#[test]
fn add_prints_the_new_key_alone_and_keys_are_never_reused() {
    let bk = Bk::new();
    assert_eq!(bk.ok(["add", "initiative", "Grow"]), "I-1\n");
    assert_eq!(bk.ok(["add", "initiative", "Keep"]), "I-2\n");
    assert_eq!(
        bk.ok(["add", "epic", "Checkout", "--initiative", "I-1"]),
        "E-1\n"
    );
    assert_eq!(bk.ok(["add", "story", "Pay", "--epic", "E-1"]), "S-1\n");
    assert_eq!(bk.ok(["add", "story", "Refund", "--epic", "E-1"]), "S-2\n");

    bk.ok(["rm", "S-2", "--purge"]);
    bk.err(["show", "S-2"]);
    assert_eq!(bk.ok(["add", "story", "Cancel", "--epic", "E-1"]), "S-3\n");

    bk.ok(["rm", "I-2", "--purge"]);
    assert_eq!(bk.ok(["add", "initiative", "Again"]), "I-3\n");

    // Undoing an add does not free its key either.
    assert_eq!(bk.ok(["add", "story", "Undone", "--epic", "E-1"]), "S-4\n");
    assert_eq!(bk.ok(["undo"]), "undone: add S-4 under E-1\n");
    bk.err(["show", "S-4"]);
    assert_eq!(bk.ok(["add", "story", "Later", "--epic", "E-1"]), "S-5\n");
}

#[test]
fn add_story_with_every_field() {
    let bk = Bk::with_stories(0);
    let key = bk.add([
        "story",
        "Pay by card",
        "--epic",
        "E-1",
        "--as",
        "returning customer",
        "--want",
        "to pay with a saved card",
        "--so-that",
        "checkout takes one click",
        "--points",
        "5",
        "--ac",
        "Given a saved card, when I pay, then no card form is shown",
        "--ac",
        "The last four digits are shown",
        "--owner",
        "Ana",
        "--description",
        "Saved cards only.\n\nNo wallets yet.",
    ]);
    assert_eq!(key, "S-1");
    let s = bk.show("S-1");
    assert_eq!(s["kind"], "story");
    assert_eq!(s["parent"], "E-1");
    assert_eq!(s["persona"], "returning customer");
    assert_eq!(s["goal"], "to pay with a saved card");
    assert_eq!(s["benefit"], "checkout takes one click");
    assert_eq!(s["points"], 5.0);
    assert_eq!(s["owner"], "Ana");
    assert_eq!(s["status"], "draft");
    assert_eq!(s["description"], "Saved cards only.\n\nNo wallets yet.");
    assert_eq!(
        s["acceptance_criteria"],
        json!([
            {"text": "Given a saved card, when I pay, then no card form is shown", "done": false},
            {"text": "The last four digits are shown", "done": false}
        ])
    );
    let text = bk.ok(["show", "S-1"]);
    assert!(
        text.contains(
            "As a returning customer, I want to pay with a saved card, so that checkout takes one click."
        ),
        "{text}"
    );
    assert!(text.contains("Definition of Ready: met"), "{text}");
    assert!(text.contains("  1. [ ] Given a saved card"), "{text}");
    assert!(text.contains("  Saved cards only."), "{text}");

    let i = bk.add([
        "initiative",
        "Enterprise",
        "--lane",
        "next",
        "--outcome",
        "Land 3 enterprise logos",
        "--hypothesis",
        "SSO unblocks deals",
    ]);
    let v = bk.show(&i);
    assert_eq!(v["lane"], "next");
    assert_eq!(v["outcome"], "Land 3 enterprise logos");
    assert_eq!(v["hypothesis"], "SSO unblocks deals");
    assert_eq!(v["parent"], Value::Null);
}

// ---------------------------------------------------------------------- JSON

/// The documented `--json` field names, in both list and show.
const JSON_FIELDS: [&str; 19] = [
    "key",
    "kind",
    "title",
    "status",
    "lane",
    "parent",
    "owner",
    "labels",
    "description",
    "persona",
    "goal",
    "benefit",
    "points",
    "acceptance_criteria",
    "rice",
    "wsjf",
    "rice_inputs",
    "wsjf_inputs",
    "depends_on",
];

#[test]
fn json_uses_the_documented_field_names_and_null_for_missing_inputs() {
    let bk = Bk::with_stories(2);
    bk.ok(["ac", "add", "S-1", "It works"]);
    bk.ok(["ac", "check", "S-1", "1"]);
    bk.ok(["dep", "add", "S-1", "--on", "S-2"]);
    // RICE without effort, WSJF complete.
    bk.ok([
        "score",
        "S-1",
        "--reach",
        "450",
        "--impact",
        "3",
        "--confidence",
        "100",
    ]);
    bk.ok([
        "score",
        "S-1",
        "--value",
        "8",
        "--time-criticality",
        "5",
        "--risk-reduction",
        "13",
        "--job-size",
        "5",
    ]);
    let shown = bk.show("S-1");
    let listed = bk.json(["list", "--json"]);
    let from_list = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "S-1")
        .unwrap()
        .clone();
    for v in [&shown, &from_list] {
        for f in JSON_FIELDS {
            assert!(v.get(f).is_some(), "missing field {f} in {v}");
        }
        assert_eq!(v["key"], "S-1");
        assert_eq!(v["kind"], "story");
        assert_eq!(v["parent"], "E-1");
        assert_eq!(v["labels"], json!([]));
        assert_eq!(v["points"], Value::Null);
        assert_eq!(
            v["acceptance_criteria"],
            json!([{"text": "It works", "done": true}])
        );
        assert_eq!(v["depends_on"], json!(["S-2"]));
        // A missing input is null, never 0, and so is the score.
        assert_eq!(v["rice"], Value::Null);
        assert_eq!(
            v["rice_inputs"],
            json!({"reach": 450.0, "impact": 3.0, "confidence": 100.0, "effort": null})
        );
        assert_eq!(v["wsjf"], 5.2);
        assert_eq!(
            v["wsjf_inputs"],
            json!({"value": 8.0, "time_criticality": 5.0, "risk_reduction": 13.0, "job_size": 5.0})
        );
    }
    assert_eq!(content(&shown), content(&from_list));
    // An unscored item: nulls everywhere.
    let s2 = bk.show("S-2");
    assert_eq!(s2["rice"], Value::Null);
    assert_eq!(s2["wsjf"], Value::Null);
    assert!(
        s2["rice_inputs"]
            .as_object()
            .unwrap()
            .values()
            .all(Value::is_null)
    );
    let text = bk.ok(["show", "S-1"]);
    assert!(text.contains("RICE  not scored: missing effort"), "{text}");
}

// ------------------------------------------------------------------- scoring

/// Intercom's three published RICE projects ("RICE: Simple prioritization
/// for product managers", 2016; see tests/fixtures/realdata/README.md).
#[test]
fn intercom_projects_rank_800_675_400_with_unscored_after() {
    let bk = Bk::with_stories(5);
    let projects = [
        ("S-1", ["450", "3", "100", "2"]),
        ("S-2", ["2000", "1", "80", "4"]),
        ("S-3", ["800", "2", "50", "1"]),
    ];
    for (key, [r, i, c, e]) in projects {
        bk.ok([
            "score",
            key,
            "--reach",
            r,
            "--impact",
            i,
            "--confidence",
            c,
            "--effort",
            e,
        ]);
    }
    // S-5 has all but one input: still unscored.
    bk.ok([
        "score", "S-5", "--reach", "100000", "--impact", "3", "--effort", "1",
    ]);
    let list = bk.json(["list", "--kind", "story", "--sort", "rice", "--json"]);
    let rice: Vec<Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rice"].clone())
        .collect();
    assert_eq!(
        rice,
        vec![
            json!(800.0),
            json!(675.0),
            json!(400.0),
            Value::Null,
            Value::Null
        ]
    );
    assert_eq!(keys(&list), ["S-3", "S-1", "S-2", "S-4", "S-5"]);

    let text = bk.ok(["list", "--kind", "story", "--sort", "rice"]);
    let rows: Vec<&str> = text.lines().skip(1).take(5).collect();
    assert!(
        rows[0].starts_with("S-3") && rows[0].contains(" 800 "),
        "{text}"
    );
    assert!(
        rows[1].starts_with("S-1") && rows[1].contains(" 675 "),
        "{text}"
    );
    assert!(
        rows[2].starts_with("S-2") && rows[2].contains(" 400 "),
        "{text}"
    );
    assert!(rows[3].contains(" – "), "{text}");

    let explained = bk.ok(["score", "S-1"]);
    assert!(
        explained.contains("S-1  RICE  450 × 3 × 100% ÷ 2 = 675"),
        "{explained}"
    );
    let shown = bk.ok(["show", "S-2"]);
    assert!(shown.contains("RICE  2000 × 1 × 80% ÷ 4 = 400"), "{shown}");
}

/// SAFe's published WSJF examples (public SAFe example sheet; see
/// tests/fixtures/realdata/README.md): value, time criticality, risk reduction,
/// job size.
#[test]
fn safe_wsjf_examples_score_and_round_half_away_from_zero() {
    let bk = Bk::with_stories(4);
    let cases = [
        ("S-1", ["8", "5", "13", "5"]),
        ("S-2", ["13", "8", "5", "8"]),
        ("S-3", ["5", "3", "8", "13"]),
        ("S-4", ["8", "1", "3", "13"]),
    ];
    for (key, [v, t, r, j]) in cases {
        let out = bk.ok([
            "score",
            key,
            "--value",
            v,
            "--time-criticality",
            t,
            "--risk-reduction",
            r,
            "--job-size",
            j,
        ]);
        assert!(
            out.contains(&format!("{key}  WSJF  ({v} + {t} + {r}) ÷ {j} = ")),
            "{out}"
        );
    }
    let list = bk.json(["list", "--kind", "story", "--sort", "wsjf", "--json"]);
    assert_eq!(keys(&list), ["S-1", "S-2", "S-3", "S-4"]);
    let wsjf: Vec<f64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["wsjf"].as_f64().unwrap())
        .collect();
    // JSON carries full precision.
    for (got, want) in wsjf.iter().zip([5.2, 3.25, 16.0 / 13.0, 12.0 / 13.0]) {
        assert!((got - want).abs() < 1e-15, "{got} vs {want}");
    }
    let raw = bk.ok(["show", "S-4", "--json"]);
    assert!(
        raw.contains(&format!("\"wsjf\": {}", 12.0f64 / 13.0)),
        "{raw}"
    );

    let text = bk.ok(["list", "--kind", "story", "--sort", "wsjf"]);
    for (key, shown) in [
        ("S-1", "5.2"),
        ("S-2", "3.25"),
        ("S-3", "1.23"),
        ("S-4", "0.92"),
    ] {
        let row = text.lines().find(|l| l.starts_with(key)).unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        // KEY STATUS LANE PTS RICE WSJF TITLE…
        assert_eq!(cells[5], shown, "{row}");
    }
    let s3 = bk.ok(["show", "S-3"]);
    assert!(s3.contains("WSJF  (5 + 3 + 8) ÷ 13 = 1.23"), "{s3}");
    let s4 = bk.ok(["score", "S-4"]);
    assert!(s4.contains("S-4  WSJF  (8 + 1 + 3) ÷ 13 = 0.92"), "{s4}");
}

#[test]
fn score_clear_and_epics() {
    let bk = Bk::with_stories(1);
    let args = [
        "--reach",
        "10",
        "--impact",
        "0.5",
        "--confidence",
        "80%",
        "--effort",
        "0.25",
    ];
    let mut a = vec!["score", "E-1"];
    a.extend(args);
    bk.ok(&a);
    assert_eq!(bk.show("E-1")["rice"], 16.0);
    let mut a = vec!["score", "S-1"];
    a.extend(args);
    bk.ok(&a);
    bk.ok([
        "score",
        "S-1",
        "--value",
        "1",
        "--time-criticality",
        "1",
        "--risk-reduction",
        "1",
        "--job-size",
        "3",
    ]);
    bk.ok(["score", "S-1", "--clear", "rice"]);
    let s = bk.show("S-1");
    assert_eq!(s["rice"], Value::Null);
    assert!(
        s["rice_inputs"]
            .as_object()
            .unwrap()
            .values()
            .all(Value::is_null)
    );
    assert_eq!(s["wsjf"], 1.0);
    // Reach 0 is allowed and scores 0: a real score, not a missing one.
    bk.ok([
        "score",
        "S-1",
        "--reach",
        "0",
        "--impact",
        "1",
        "--confidence",
        "50",
        "--effort",
        "1",
    ]);
    assert_eq!(bk.show("S-1")["rice"], 0.0);
}

// ---------------------------------------------------------------------- edit

#[test]
fn edit_changes_fields_and_bumps_the_version() {
    let bk = Bk::with_stories(2);
    bk.add(["epic", "Refunds", "--initiative", "I-1"]);
    let v1 = bk.show("S-1")["version"].as_i64().unwrap();
    let out = bk.ok([
        "edit",
        "S-1",
        "--title",
        "  Pay   with a \"saved\" card  ",
        "--as",
        "shopper",
        "--want",
        "one-click pay",
        "--so-that",
        "I buy faster",
        "--points",
        "3",
        "--owner",
        "Bo",
        "--label",
        "web",
        "--label",
        "payments",
        "--description",
        "Card on file.",
    ]);
    assert_eq!(out, format!("S-1 updated (version {})\n", v1 + 1));
    let s = bk.show("S-1");
    assert_eq!(s["title"], "Pay   with a \"saved\" card");
    assert_eq!(s["persona"], "shopper");
    assert_eq!(s["goal"], "one-click pay");
    assert_eq!(s["benefit"], "I buy faster");
    assert_eq!(s["points"], 3.0);
    assert_eq!(s["owner"], "Bo");
    assert_eq!(s["labels"], json!(["web", "payments"]));
    assert_eq!(s["description"], "Card on file.");
    assert_eq!(s["version"], v1 + 1);

    bk.ok([
        "edit",
        "S-1",
        "--unlabel",
        "web",
        "--points",
        "none",
        "--owner",
        "",
    ]);
    let s = bk.show("S-1");
    assert_eq!(s["labels"], json!(["payments"]));
    assert_eq!(s["points"], Value::Null);
    assert_eq!(s["owner"], Value::Null);

    // Move a story to another epic; lanes on epics; labels filter.
    bk.ok(["edit", "S-2", "--parent", "E-2"]);
    assert_eq!(bk.show("S-2")["parent"], "E-2");
    bk.ok(["edit", "E-2", "--lane", "later"]);
    assert_eq!(bk.show("E-2")["lane"], "later");
    let later = bk.json(["list", "--lane", "later", "--json"]);
    assert_eq!(keys(&later), ["E-2", "S-2"]);
    let labelled = bk.json(["list", "--label", "payments", "--json"]);
    assert_eq!(keys(&labelled), ["S-1"]);
    bk.ok(["edit", "I-1", "--outcome", "Revenue up 10%"]);
    assert_eq!(bk.show("I-1")["outcome"], "Revenue up 10%");
}

#[test]
fn definition_of_ready_refuses_then_force_records_a_note() {
    let bk = Bk::with_stories(2);
    let before = bk.show("S-1");
    let e = bk.err(["edit", "S-1", "--status", "ready"]);
    for missing in [
        "persona",
        "goal",
        "acceptance criterion",
        "estimate",
        "--force",
    ] {
        assert!(e.contains(missing), "{missing} not in {e}");
    }
    assert_eq!(bk.show("S-1"), before);

    bk.ok(["edit", "S-1", "--status", "ready", "--force"]);
    assert_eq!(bk.show("S-1")["status"], "ready");
    let history = bk.ok(["show", "S-1", "--history"]);
    assert!(
        history.contains("note: forced ready despite missing: a persona"),
        "{history}"
    );
    assert!(history.contains("status: “draft” → “ready”"), "{history}");
    let h = bk.json(["show", "S-1", "--json", "--history"]);
    let last = h["history"].as_array().unwrap().last().unwrap().clone();
    assert!(
        last["note"].as_str().unwrap().contains("forced ready"),
        "{last}"
    );

    // A story that meets the Definition of Ready needs no force, unless a
    // dependency is unfinished.
    bk.ok([
        "edit", "S-2", "--as", "clerk", "--want", "to file", "--points", "2",
    ]);
    bk.ok(["ac", "add", "S-2", "Filed within a day"]);
    bk.ok(["add", "story", "Blocker", "--epic", "E-1"]);
    bk.ok(["dep", "add", "S-2", "--on", "S-3"]);
    let e = bk.err(["edit", "S-2", "--status", "ready"]);
    assert!(e.contains("S-3 to be done (it is draft)"), "{e}");
    assert!(!e.contains("persona"), "{e}");
    bk.ok(["edit", "S-3", "--status", "done"]);
    bk.ok(["edit", "S-2", "--status", "ready"]);
    assert_eq!(bk.show("S-2")["status"], "ready");
    let h = bk.json(["show", "S-2", "--json", "--history"]);
    let last = h["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["note"], Value::Null);
}

// ------------------------------------------------------------ ac and metrics

#[test]
fn acceptance_criteria_by_number() {
    let bk = Bk::with_stories(1);
    assert_eq!(
        bk.ok([
            "ac",
            "add",
            "S-1",
            "Given a cart, when I pay, then I get a receipt"
        ]),
        "S-1: 1 acceptance criteria, 0 met\n"
    );
    bk.ok(["ac", "add", "S-1", "Receipt is emailed"]);
    bk.ok(["ac", "add", "S-1", "Works offline"]);
    assert_eq!(
        bk.ok(["ac", "check", "S-1", "2"]),
        "S-1: 3 acceptance criteria, 1 met\n"
    );
    bk.ok(["ac", "edit", "S-1", "3", "Works on a slow network"]);
    bk.ok(["ac", "move", "S-1", "3", "1"]);
    bk.ok(["ac", "check", "S-1", "1"]);
    bk.ok(["ac", "uncheck", "S-1", "1"]);
    assert_eq!(
        bk.show("S-1")["acceptance_criteria"],
        json!([
            {"text": "Works on a slow network", "done": false},
            {"text": "Given a cart, when I pay, then I get a receipt", "done": false},
            {"text": "Receipt is emailed", "done": true},
        ])
    );
    assert_eq!(
        bk.ok(["ac", "rm", "S-1", "2"]),
        "S-1: 2 acceptance criteria, 1 met\n"
    );
    let text = bk.ok(["show", "S-1"]);
    assert!(text.contains("Acceptance criteria (1/2 met)"), "{text}");
    assert!(text.contains("  2. [x] Receipt is emailed"), "{text}");
}

#[test]
fn success_metrics_on_initiatives() {
    let bk = Bk::with_stories(0);
    assert_eq!(
        bk.ok([
            "metric",
            "add",
            "I-1",
            "Weekly paying teams",
            "--baseline",
            "120",
            "--target",
            "200"
        ]),
        "I-1: 1 success metric\n"
    );
    bk.ok(["metric", "add", "I-1", "Churn"]);
    let text = bk.ok(["show", "I-1"]);
    assert!(
        text.contains("  1. Weekly paying teams: 120 → 200"),
        "{text}"
    );
    assert!(text.contains("  2. Churn: ? → ?"), "{text}");
    bk.ok(["metric", "rm", "I-1", "1"]);
    let text = bk.ok(["show", "I-1"]);
    assert!(!text.contains("Weekly paying teams"), "{text}");
}

// ------------------------------------------------------- deps and decisions

#[test]
fn dependencies_show_both_ways_and_cycles_are_refused() {
    let bk = Bk::with_stories(3);
    assert_eq!(
        bk.ok(["dep", "add", "S-1", "--on", "S-2"]),
        "S-1 now depends on S-2\n"
    );
    bk.ok(["dep", "add", "S-2", "--on", "S-3"]);
    let s1 = bk.ok(["show", "S-1"]);
    assert!(
        s1.contains("Depends on\n  S-2 (draft)  Story number 2"),
        "{s1}"
    );
    let s2 = bk.ok(["show", "S-2"]);
    assert!(s2.contains("Blocks: S-1"), "{s2}");

    let before = bk.state();
    let e = bk.err(["dep", "add", "S-2", "--on", "S-1"]);
    assert!(e.contains("cycle") && e.contains("S-2 → S-1 → S-2"), "{e}");
    let e = bk.err(["dep", "add", "S-3", "--on", "S-1"]);
    assert!(e.contains("S-3 → S-1 → S-2 → S-3"), "{e}");
    // The message says it once.
    assert_eq!(e.matches("cycle").count(), 1, "{e}");
    let e = bk.err(["dep", "add", "S-1", "--on", "S-1"]);
    assert!(e.contains("itself"), "{e}");
    assert_eq!(e.matches("itself").count(), 1, "{e}");
    assert_eq!(bk.state(), before);

    assert_eq!(
        bk.ok(["dep", "rm", "S-1", "--on", "S-2"]),
        "S-1 no longer depends on S-2\n"
    );
    assert_eq!(bk.show("S-1")["depends_on"], json!([]));
    // Now the other direction is fine.
    bk.ok(["dep", "add", "S-2", "--on", "S-1"]);
}

#[test]
fn decisions_are_dated_and_shown() {
    let bk = Bk::with_stories(1);
    assert_eq!(
        bk.ok([
            "decide",
            "S-1",
            "Cards only at launch",
            "--why",
            "wallets need a new contract",
            "--date",
            "2026-03-04"
        ]),
        "S-1: decision 1 recorded\n"
    );
    bk.ok(["decide", "S-1", "Ship behind a flag"]);
    let text = bk.ok(["show", "S-1"]);
    assert!(
        text.contains("  2026-03-04  Cards only at launch"),
        "{text}"
    );
    assert!(
        text.contains("because wallets need a new contract"),
        "{text}"
    );
    // Without --date, today (BACKLOG_NOW).
    assert!(text.contains("  2026-11-23  Ship behind a flag"), "{text}");
}

// ---------------------------------------------------------------------- list

#[test]
fn list_filters_and_sorts() {
    let bk = Bk::with_stories(3);
    bk.add(["initiative", "Second", "--lane", "later"]);
    bk.add(["epic", "Under second", "--initiative", "I-2"]);
    bk.add(["story", "Deep", "--epic", "E-2"]);
    bk.ok(["edit", "S-2", "--status", "in-progress"]);
    bk.ok(["edit", "S-2", "--rank", "0"]);
    // Negative numbers are values, not flags.
    bk.ok(["edit", "S-3", "--rank", "-1"]);
    bk.ok(["edit", "S-3", "--rank", "3"]);

    let tree = bk.json(["list", "--json"]);
    assert_eq!(
        keys(&tree),
        ["I-1", "E-1", "S-2", "S-1", "S-3", "I-2", "E-2", "S-4"]
    );
    let by_key = bk.json(["list", "--sort", "key", "--json"]);
    assert_eq!(
        keys(&by_key),
        ["I-1", "I-2", "E-1", "E-2", "S-1", "S-2", "S-3", "S-4"]
    );
    assert_eq!(
        keys(&bk.json(["list", "--kind", "epic", "--json"])),
        ["E-1", "E-2"]
    );
    assert_eq!(
        keys(&bk.json(["list", "--status", "in-progress", "--json"])),
        ["S-2"]
    );
    // The lane filter follows inherited lanes.
    assert_eq!(
        keys(&bk.json(["list", "--lane", "later", "--json"])),
        ["I-2", "E-2", "S-4"]
    );
    assert_eq!(
        keys(&bk.json(["list", "--lane", "now", "--kind", "story", "--json"])),
        ["S-2", "S-1", "S-3"]
    );
    let text = bk.ok(["list"]);
    let header = text.lines().next().unwrap();
    assert_eq!(header, "KEY  STATUS       LANE   PTS  RICE  WSJF  TITLE");
    assert!(text.ends_with("8 items\n"), "{text}");
    assert!(
        text.contains("S-4  draft        later    –     –     –      Deep"),
        "{text}"
    );
    assert_eq!(bk.ok(["list", "--status", "dropped"]), "No items match.\n");
}

// ---------------------------------------------------------------------- show

#[test]
fn show_text_for_each_kind() {
    let bk = Bk::with_stories(2);
    let i = bk.ok(["show", "I-1"]);
    assert!(
        i.starts_with("I-1  Grow self-serve revenue\ninitiative · draft\n"),
        "{i}"
    );
    assert!(
        i.contains("Epics (1)\n  E-1    draft       Checkout"),
        "{i}"
    );
    assert!(i.contains("version 1"), "{i}");
    let e = bk.ok(["show", "E-1"]);
    assert!(
        e.contains("epic · draft · in I-1 Grow self-serve revenue"),
        "{e}"
    );
    assert!(e.contains("lane: now"), "{e}");
    assert!(e.contains("Stories (2)"), "{e}");
    let s = bk.ok(["show", "S-1"]);
    assert!(s.contains("lane: now (inherited)"), "{s}");
    assert!(
        s.contains("created 2026-11-23 10:00 · updated 2026-11-23 10:00"),
        "{s}"
    );
    // Keys are accepted in any case and without the dash.
    assert_eq!(bk.show("s1"), bk.show("S-1"));
    let h = bk.ok(["show", "S-1", "--history"]);
    assert!(
        h.contains("History\n  2026-11-23 10:00:00  add S-1 under E-1  by tester\n      created"),
        "{h}"
    );
}

// ---------------------------------------------- rm, restore, undo and redo

#[test]
fn archive_hides_from_list_and_restore_brings_back() {
    let bk = Bk::with_stories(2);
    let out = bk.ok(["rm", "S-1"]);
    assert!(out.starts_with("S-1 archived"), "{out}");
    assert_eq!(keys(&bk.json(["list", "--json"])), ["I-1", "E-1", "S-2"]);
    let archived = bk.json(["list", "--archived", "--json"]);
    assert_eq!(keys(&archived), ["I-1", "E-1", "S-2", "S-1"]);
    assert_eq!(archived[3]["archived"], true);
    let text = bk.ok(["list", "--archived"]);
    assert!(text.contains("Story number 1 [archived]"), "{text}");
    // Still shown by key.
    assert!(bk.ok(["show", "S-1"]).contains("· archived"));

    // Archiving an epic hides its stories too.
    let out = bk.ok(["rm", "E-1"]);
    assert!(out.contains("with the 2 items under it"), "{out}");
    assert_eq!(keys(&bk.json(["list", "--json"])), ["I-1"]);
    assert_eq!(bk.ok(["restore", "E-1"]), "E-1 restored\n");
    assert_eq!(keys(&bk.json(["list", "--json"])), ["I-1", "E-1", "S-2"]);

    // Undo brings back an archived item.
    assert_eq!(bk.ok(["undo"]), "undone: restore E-1\n");
    assert_eq!(bk.ok(["undo"]), "undone: archive E-1\n");
    assert_eq!(bk.ok(["undo"]), "undone: archive S-1\n");
    assert_eq!(
        keys(&bk.json(["list", "--json"])),
        ["I-1", "E-1", "S-1", "S-2"]
    );
}

#[test]
fn undo_and_redo_of_an_edit_round_trip() {
    let bk = Bk::with_stories(1);
    assert_eq!(bk.ok(["redo"]), "nothing to redo\n");
    let before = bk.show("S-1");
    bk.ok([
        "edit", "S-1", "--title", "Renamed", "--points", "8", "--label", "x",
    ]);
    let after = bk.show("S-1");
    assert_ne!(content(&after), content(&before));

    assert_eq!(bk.ok(["undo"]), "undone: edit S-1: title, points, labels\n");
    assert_eq!(content(&bk.show("S-1")), content(&before));
    assert_eq!(bk.ok(["redo"]), "redone: edit S-1: title, points, labels\n");
    assert_eq!(content(&bk.show("S-1")), content(&after));
    assert_eq!(bk.ok(["redo"]), "nothing to redo\n");

    // Undo twice, redo twice: back where we were.
    bk.ok(["ac", "add", "S-1", "A criterion"]);
    let latest = bk.show("S-1");
    bk.ok(["undo"]);
    bk.ok(["undo"]);
    assert_eq!(content(&bk.show("S-1")), content(&before));
    bk.ok(["redo"]);
    bk.ok(["redo"]);
    assert_eq!(content(&bk.show("S-1")), content(&latest));

    // A new change after an undo ends the redo chain.
    bk.ok(["undo"]);
    bk.ok(["edit", "S-1", "--owner", "Kim"]);
    assert_eq!(bk.ok(["redo"]), "nothing to redo\n");
    let h = bk.ok(["show", "S-1", "--history"]);
    assert!(h.contains("(undone)"), "{h}");
}

#[test]
fn undo_on_a_new_file_has_nothing_to_undo() {
    let bk = Bk::new();
    assert_eq!(bk.ok(["undo"]), "nothing to undo\n");
}

// ----------------------------------------------------------------- real data

/// Real user stories from the Loudoun County backlog, verbatim (including a
/// doubled space, slashes, an apostrophe and a "so that" split off by a full
/// stop). Source: F. Dalpiaz (2018), "Requirements data sets (user stories)",
/// Mendeley Data, doi 10.17632/7zbk8zsd8y.1, file g03-loudoun.txt.
/// License: CC BY 4.0 (attribution: Dalpiaz 2018).
const LOUDOUN: [&str; 5] = [
    "#G03# As a ProspectiveApplicant, I want to research requirements and to select a service, so that I can find the relevant service and/or application type to initiate via the online portal.",
    "#G03# As a Staff member, I want to Track  the Draft Proffers, so that I can preserve the history of draft proffer statements submitted by the Applicant.",
    "#G03# As a Zoning Staff member, I want to Issue the Zoning-Related Permits, so that I can satisfy an Applicant's request for service that has proven to be eligible and in compliance with the Zoning Ordinance.",
    "#G03# As a Staff member, I want to Schedule a Meeting, so that I can bring the required parties together at a specific date/time to address an issue.",
    "#G03# As a staff member, I want to denote an application with a Final Action status. So that I can finish it.",
];

/// Splits "As a P, I want G, so that B." into its parts.
fn split_story(line: &str) -> (String, String, Option<String>) {
    let s = line.trim_start_matches("#G03# ");
    let rest = s
        .strip_prefix("As an ")
        .or_else(|| s.strip_prefix("As a "))
        .unwrap();
    let (persona, rest) = rest.split_once(", I want ").unwrap();
    let (goal, benefit) = match rest.split_once(", so that ") {
        Some((g, b)) => (g, Some(b)),
        None => match rest.split_once(". So that ") {
            Some((g, b)) => (g, Some(b)),
            None => (rest, None),
        },
    };
    (
        persona.to_string(),
        goal.to_string(),
        benefit.map(|b| b.trim_end_matches('.').to_string()),
    )
}

#[test]
fn real_user_stories_keep_their_text() {
    let bk = Bk::with_stories(0);
    for (n, line) in LOUDOUN.iter().enumerate() {
        let title = line.trim_start_matches("#G03# ");
        let (persona, goal, benefit) = split_story(line);
        let mut args = vec![
            "story".to_string(),
            title.to_string(),
            "--epic".into(),
            "E-1".into(),
            "--as".into(),
            persona.clone(),
            "--want".into(),
            goal.clone(),
            "--points".into(),
            "3".into(),
            "--ac".into(),
            format!("Given a {persona}, when they {goal}, then it is recorded"),
        ];
        if let Some(b) = &benefit {
            args.extend(["--so-that".to_string(), b.clone()]);
        }
        let key = bk.add(&args);
        assert_eq!(key, format!("S-{}", n + 1));
        let v = bk.show(&key);
        assert_eq!(v["title"], title, "{key}");
        assert_eq!(v["persona"], persona.as_str());
        assert_eq!(v["goal"], goal.as_str());
        assert_eq!(
            v["benefit"],
            benefit.as_deref().map_or(Value::Null, Value::from)
        );
        // Complete user stories meet the Definition of Ready.
        bk.ok(["edit", &key, "--status", "ready"]);
    }
    let list = bk.json(["list", "--kind", "story", "--json"]);
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = LOUDOUN
        .iter()
        .map(|l| l.trim_start_matches("#G03# "))
        .collect();
    assert_eq!(titles, expected);
    let text = bk.ok(["show", "S-3"]);
    assert!(
        text.contains("As a Zoning Staff member, I want to Issue the Zoning-Related Permits, so that I can satisfy an Applicant's request"),
        "{text}"
    );
    let text = bk.ok(["list", "--status", "ready"]);
    assert!(text.contains("Track  the Draft Proffers"), "{text}");
}

// ------------------------------------------------------- terminal safety

#[test]
fn escape_sequences_never_reach_the_terminal_raw() {
    let bk = Bk::with_stories(0);
    let evil = "Red \u{1b}[31malert\u{1b}[0m and title \u{1b}]0;pwned\u{7} done";
    let k = bk.add(["story", evil, "--epic", "E-1"]);
    bk.ok([
        "edit",
        &k,
        "--as",
        "\u{1b}[2Jhacker",
        "--want",
        "to \u{1b}]0;x\u{7}clear screens",
        "--so-that",
        "\u{1b}[31mred",
        "--owner",
        "\u{1b}[1mbold",
        "--label",
        "\u{1b}[5mblink",
        "--description",
        "line one\n\u{1b}[31mline two\u{7}",
    ]);
    bk.ok(["ac", "add", &k, "crit \u{1b}[31mred"]);
    bk.ok(["decide", &k, "go \u{1b}[31m", "--why", "\u{1b}]0;t\u{7}why"]);
    bk.ok([
        "metric",
        "add",
        "I-1",
        "name \u{1b}[31m",
        "--baseline",
        "\u{1b}]0;base\u{7}",
        "--target",
        "\u{1b}[2J100",
    ]);
    bk.ok(["edit", "E-1", "--title", "epic \u{1b}[31mred"]);
    for args in [
        vec!["list"],
        vec!["list", "--sort", "key"],
        vec!["show", &k],
        vec!["show", &k, "--history"],
        vec!["show", "I-1"],
        vec!["show", "I-1", "--history"],
        vec!["show", "E-1"],
        vec!["score", &k],
    ] {
        let out = bk.ok(&args);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "raw escape in `{}`: {out:?}",
            args.join(" ")
        );
    }
    let text = bk.ok(["show", &k]);
    assert!(text.contains("alert"), "{text}");
    // JSON keeps the text, escaped by JSON itself.
    let raw = bk.ok(["show", &k, "--json"]);
    assert!(!raw.contains('\u{1b}'));
    let v: Value = serde_json::from_str(&raw).unwrap();
    assert!(v["description"].as_str().unwrap().contains("\u{1b}[31m"));
}

/// One item under an archived one is counted in the singular (it used to
/// say "the 1 items").
#[test]
fn archiving_names_one_item_in_the_singular() {
    let bk = Bk::with_stories(1);
    assert_eq!(
        bk.ok(["rm", "E-1"]),
        "E-1 archived, with the 1 item under it (undo with `backlog undo` or `backlog restore E-1`)\n"
    );
}
