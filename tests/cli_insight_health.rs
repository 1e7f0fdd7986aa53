//! What customer evidence feeds elsewhere, through the real binary: RICE
//! reach from the evidence (`score --reach-from-evidence`) and the Health
//! findings (Now/Next work without evidence, an old inbox).

mod common;

use common::Bk;
use serde_json::json;

#[test]
fn score_takes_reach_from_the_evidence_and_says_so() {
    let bk = Bk::with_stories(2);
    let line = bk.err(["score", "S-1", "--reach-from-evidence"]);
    assert!(line.contains("S-1 has no customer evidence"), "{line}");
    bk.ok(["insight", "add", "a", "--customer", "Acme", "--link", "S-1"]);
    bk.ok([
        "insight",
        "add",
        "b",
        "--customer",
        "Globex",
        "--link",
        "S-1",
    ]);
    bk.ok(["insight", "add", "c", "--customer", "acme", "--link", "S-1"]);
    let out = bk.ok([
        "score",
        "S-1",
        "--reach-from-evidence",
        "--impact",
        "2",
        "--confidence",
        "50",
        "--effort",
        "1",
    ]);
    assert!(
        out.contains("S-1  RICE reach 2 = the 2 customers in its evidence (F-1, F-2, F-3)"),
        "{out}"
    );
    assert_eq!(bk.show("S-1")["rice_inputs"]["reach"], 2.0);
    assert_eq!(bk.show("S-1")["rice"], 2.0);
    // The epic counts its stories' customers.
    bk.ok(["score", "E-1", "--reach-from-evidence"]);
    assert_eq!(bk.show("E-1")["rice_inputs"]["reach"], 2.0);
    let usage = bk.usage_err(["score", "S-1", "--reach", "3", "--reach-from-evidence"]);
    assert!(usage.contains("--reach"), "{usage}");
}

#[test]
fn health_flags_now_work_without_evidence_and_an_old_inbox() {
    let bk = Bk::with_stories(1);
    // A backlog without insights is not audited for them.
    let h = bk.json(["health", "--json"]);
    assert_eq!(h["no_evidence"], json!([]));
    assert_eq!(h["old_unlinked_insights"], json!([]));
    assert!(!bk.ok(["health"]).contains("evidence"));
    // The clock is 2026-11-23: 145 days after 2026-07-01.
    bk.ok(["insight", "add", "An old request", "--date", "2026-07-01"]);
    bk.ok(["insight", "add", "A recent one", "--date", "2026-11-01"]);
    let h = bk.json(["health", "--json"]);
    // E-1 is in Now; I-1 has no lane.
    assert_eq!(h["no_evidence"], json!(["E-1"]));
    assert_eq!(
        h["old_unlinked_insights"],
        json!([{"key": "F-1", "days": 145}])
    );
    let text = bk.ok(["health"]);
    assert!(
        text.contains("No customer evidence: Now and Next work no insight backs: 1\n  E-1 "),
        "{text}"
    );
    assert!(
        text.contains(
            "Inbox: insights linked to nothing for 90+ days: 1\n  F-1     145 days  An old request"
        ),
        "{text}"
    );
    // Evidence on a story counts for its epic; a linked insight leaves the inbox.
    bk.ok(["insight", "link", "F-1", "S-1"]);
    let h = bk.json(["health", "--json"]);
    assert_eq!(h["no_evidence"], json!([]));
    assert_eq!(h["old_unlinked_insights"], json!([]));
}
