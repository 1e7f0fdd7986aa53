//! The renderers on a hand-made report: user text escaped, empty sections
//! said in words, the HTML self-contained.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;

fn report() -> Report {
    let key = |s: &str| s.parse::<Key>().unwrap();
    Report {
        generated: Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(),
        since: Since {
            date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            snapshot: None,
        },
        outcomes: vec![Outcome {
            key: key("I-1"),
            title: "<script>alert(1)</script> | *x*".into(),
            lane: Some(Lane::Now),
            outcome: None,
            metrics: vec![MetricReport {
                name: "a|b".into(),
                baseline: "46".into(),
                target: "20".into(),
                current: Some("33".into()),
                progress: Some(0.5),
                series: vec![46.0, 40.0, 33.0],
                checkins_since: Vec::new(),
            }],
        }],
        shipped: Vec::new(),
        changes: None,
        decisions: Vec::new(),
        evidence: Evidence::default(),
        risks: Vec::new(),
    }
}

#[test]
fn markdown_escapes_user_text_and_says_when_a_section_is_empty() {
    let md = String::from_utf8(render(&report(), ReportFormat::Md)).unwrap();
    assert!(md.contains("a\\|b"), "{md}");
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("| 33 | 50% | 46 → 40 → 33 | none |"), "{md}");
    assert!(md.contains("No story was finished in this period."), "{md}");
    assert!(md.contains("No snapshot to compare with"), "{md}");
}

#[test]
fn html_escapes_and_draws_the_bar() {
    let html = String::from_utf8(render(&report(), ReportFormat::Html)).unwrap();
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("width:50%"), "{html}");
}

#[test]
fn json_carries_the_figures() {
    let v: serde_json::Value =
        serde_json::from_slice(&render(&report(), ReportFormat::Json)).unwrap();
    assert_eq!(v["outcomes"][0]["metrics"][0]["progress"], 0.5);
    assert_eq!(v["since"]["date"], "2026-11-01");
    assert!(v["changes"].is_null());
}
