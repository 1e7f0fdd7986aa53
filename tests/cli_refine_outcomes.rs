//! `refine summary` names the outcome work of a session too: insights
//! linked to (and unlinked from) items and metric check-ins, in Markdown
//! and JSON, with nothing from before the session.

mod common;

use common::Bk;
use serde_json::Value;

const SESSION: &str = "2027-03-01T10:00:00Z";
const SINCE: &str = "2027-03-01T09:00:00Z";

#[test]
fn the_summary_lists_evidence_links_and_checkins_of_the_session() {
    let bk = Bk::demo();
    // Before the session: nothing of this may show.
    bk.ok_at("2027-02-01T10:00:00Z", &["insight", "link", "F-32", "E-3"]);
    bk.ok_at(SESSION, &["insight", "link", "F-33", "E-2", "E-5"]);
    bk.ok_at(SESSION, &["insight", "unlink", "F-32", "E-3"]);
    bk.ok_at(
        SESSION,
        &[
            "metric",
            "checkin",
            "I-1",
            "1",
            "30",
            "--date",
            "2027-03-01",
            "--note",
            "after the pilot",
        ],
    );

    let md = bk.ok_at(SESSION, &["refine", "summary", "--since", SINCE]);
    assert!(md.contains("## Customer evidence (2)"), "{md}");
    assert!(
        md.contains("**F-33** “We need single sign-on with Azure AD before security will approve the rollout to 400 users.” (Meridian Security): evidence for E-2, E-5"),
        "{md}"
    );
    assert!(
        md.contains("**F-32**") && md.contains("no longer for E-3"),
        "{md}"
    );
    assert!(md.contains("## Metric check-ins (1)"), "{md}");
    assert!(
        md.contains("Calls per dispatcher per day 30 on 2027-03-01 — after the pilot"),
        "{md}"
    );

    let v: Value = bk.json(["refine", "summary", "--since", SINCE, "--format", "json"]);
    let s = &v["summary"];
    let evidence = s["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 2);
    let f33 = evidence.iter().find(|e| e["key"] == "F-33").unwrap();
    assert_eq!(f33["linked"], serde_json::json!(["E-2", "E-5"]));
    assert_eq!(f33["unlinked"], serde_json::json!([]));
    assert_eq!(f33["customer"], "Meridian Security");
    let c = &s["checkins"][0];
    assert_eq!(c["key"], "I-1");
    assert_eq!(c["metric"], "Calls per dispatcher per day");
    assert_eq!(c["checkin"]["value"], "30");
    assert_eq!(c["checkin"]["date"], "2027-03-01");
    assert_eq!(s["checkins"].as_array().unwrap().len(), 1);

    // A link made and taken back in the session is no net change.
    bk.ok_at(SESSION, &["insight", "link", "F-32", "E-9"]);
    bk.ok_at(SESSION, &["insight", "unlink", "F-32", "E-9"]);
    let v: Value = bk.json(["refine", "summary", "--since", SINCE, "--format", "json"]);
    let f32 = v["summary"]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "F-32")
        .unwrap()
        .clone();
    assert_eq!(f32["linked"], serde_json::json!([]));
    assert_eq!(f32["unlinked"], serde_json::json!(["E-3"]));
}

#[test]
fn a_session_without_outcome_work_has_no_such_sections() {
    let bk = Bk::demo();
    bk.ok_at(SESSION, &["edit", "S-1", "--points", "8"]);
    let md = bk.ok_at(SESSION, &["refine", "summary", "--since", SINCE]);
    assert!(
        !md.contains("Customer evidence") && !md.contains("check-ins"),
        "{md}"
    );
    let v: Value = bk.json(["refine", "summary", "--since", SINCE, "--format", "json"]);
    assert_eq!(v["summary"]["evidence"], serde_json::json!([]));
    assert_eq!(v["summary"]["checkins"], serde_json::json!([]));
}
