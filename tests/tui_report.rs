//! `W` in the TUI writes the stakeholder report (the last 30 days, as
//! Markdown) where the TUI was started, and says where.

#[path = "tui_common/mod.rs"]
mod common;

use common::Harness;

#[test]
fn w_writes_the_last_30_days_report_and_says_where() {
    let mut h = Harness::demo();
    h.app.export_dir = h.dir.path().to_path_buf();
    h.keys("W");
    let file = h.dir.path().join("report-2026-09-01.md");
    let md = std::fs::read_to_string(&file).expect("the report is written");
    assert!(
        md.starts_with("# Progress update since 2026-08-02\n"),
        "{md}"
    );
    for section in [
        "## Outcomes",
        "## Shipped",
        "## Roadmap changes",
        "## Decisions",
        "## New evidence",
        "## Risks",
    ] {
        assert!(md.contains(section), "{section} in:\n{md}");
    }
    let (msg, _) = h.app.message.clone().expect("a message");
    assert!(msg.contains("Stakeholder report since 2026-08-02"), "{msg}");
    assert!(msg.contains("report-2026-09-01.md"), "{msg}");
}

#[test]
fn w_into_a_directory_that_cannot_be_written_says_why_and_writes_nothing() {
    let mut h = Harness::demo();
    h.app.export_dir = h.dir.path().join("missing");
    h.keys("W");
    let (msg, _) = h.app.message.clone().expect("a message");
    assert!(msg.contains("missing"), "{msg}");
    assert!(!h.dir.path().join("missing").exists());
}
